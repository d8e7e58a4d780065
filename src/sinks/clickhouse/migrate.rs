//! `scrubline migrate`: apply the SQL files in `sql/clickhouse/` in order, once each. Every
//! statement is `CREATE … IF NOT EXISTS`, and applied versions are recorded, so running it
//! again (or from two workers at once) is harmless.

use super::valid_database_name;
use clickhouse::Client;

/// The migrations, in order. The files are data; this list only names them.
pub const MIGRATIONS: &[(u32, &str, &str)] = &[
    (1, "schema_migrations", include_str!("../../../sql/clickhouse/001_schema_migrations.sql")),
    (2, "diagnostic_packages", include_str!("../../../sql/clickhouse/002_diagnostic_packages.sql")),
    (3, "access_log", include_str!("../../../sql/clickhouse/003_access_log.sql")),
    (4, "telemetry", include_str!("../../../sql/clickhouse/004_telemetry.sql")),
    (5, "data_subjects", include_str!("../../../sql/clickhouse/005_data_subjects.sql")),
    (6, "remote_help", include_str!("../../../sql/clickhouse/006_remote_help.sql")),
    (7, "seen_events", include_str!("../../../sql/clickhouse/007_seen_events.sql")),
];

#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error("database name `{0}` is not a plain identifier")]
    BadDatabase(String),
    #[error("migration {version} ({name}): {source}")]
    Statement { version: u32, name: &'static str, source: clickhouse::error::Error },
    #[error("ClickHouse: {0}")]
    Client(#[from] clickhouse::error::Error),
}

#[derive(clickhouse::Row, serde::Deserialize)]
struct Applied {
    version: u32,
}

/// The statements of one file, comments removed, `{db}` filled in.
pub fn statements(sql: &str, db: &str) -> Vec<String> {
    let without_comments: String =
        sql.lines().filter(|l| !l.trim_start().starts_with("--")).collect::<Vec<_>>().join("\n");
    without_comments.split(';').map(str::trim).filter(|s| !s.is_empty()).map(|s| s.replace("{db}", db)).collect()
}

/// Apply what has not been applied; returns the versions applied now.
pub async fn migrate(client: &Client, db: &str) -> Result<Vec<u32>, MigrateError> {
    if !valid_database_name(db) {
        return Err(MigrateError::BadDatabase(db.into()));
    }
    client.query(&format!("CREATE DATABASE IF NOT EXISTS {db}")).execute().await?;
    let first = MIGRATIONS[0];
    for stmt in statements(first.2, db) {
        client.query(&stmt).execute().await.map_err(|source| MigrateError::Statement {
            version: first.0,
            name: first.1,
            source,
        })?;
    }
    let done: Vec<u32> = client
        .query(&format!("SELECT version FROM {db}.schema_migrations"))
        .fetch_all::<Applied>()
        .await?
        .into_iter()
        .map(|a| a.version)
        .collect();
    let mut applied = Vec::new();
    for &(version, name, sql) in MIGRATIONS {
        if done.contains(&version) {
            continue;
        }
        for stmt in statements(sql, db) {
            client.query(&stmt).execute().await.map_err(|source| MigrateError::Statement { version, name, source })?;
        }
        client
            .query(&format!("INSERT INTO {db}.schema_migrations (version, name, applied_at) VALUES (?, ?, now())"))
            .bind(version)
            .bind(name)
            .execute()
            .await
            .map_err(|source| MigrateError::Statement { version, name, source })?;
        applied.push(version);
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_split_and_filled() {
        let s = statements(MIGRATIONS[1].2, "sl");
        assert_eq!(s.len(), 2);
        assert!(s[0].starts_with("CREATE TABLE IF NOT EXISTS sl.diagnostic_packages"));
        assert!(!s.iter().any(|x| x.contains("{db}") || x.contains("--")));
    }

    #[test]
    fn schema_stays_within_what_clickhouse_18_16_knows() {
        for (_, name, sql) in MIGRATIONS {
            for word in ["TTL", "LowCardinality", "CODEC", "IPv4", "IPv6", "toStartOfInterval"] {
                let code: String = sql.lines().filter(|l| !l.trim_start().starts_with("--")).collect();
                assert!(!code.contains(word), "{name} uses {word}");
            }
        }
    }

    #[test]
    fn database_names_are_identifiers() {
        assert!(valid_database_name("scrubline"));
        assert!(!valid_database_name("x; DROP TABLE y"));
        assert!(!valid_database_name("1abc"));
    }
}
