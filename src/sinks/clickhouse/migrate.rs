//! `scrubline migrate`: apply the SQL files in `sql/clickhouse/` in order, once each. Every
//! `CREATE` is `IF NOT EXISTS`, an `ADD COLUMN` that finds its column counts as done, and
//! applied versions are recorded, so running it again (or from two workers at once) is
//! harmless.

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
    (8, "subject_request_initiators", include_str!("../../../sql/clickhouse/008_subject_request_initiators.sql")),
    (9, "canary", include_str!("../../../sql/clickhouse/009_canary.sql")),
];

#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error("database name `{0}` is not a plain identifier")]
    BadDatabase(String),
    #[error("cluster name `{0}` is not a plain identifier")]
    BadCluster(String),
    #[error("migration {version} ({name}): {problem}")]
    NotForCluster { version: u32, name: &'static str, problem: String },
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

/// The statements of one file for a cluster (`scrubline migrate --cluster NAME`): each
/// `CREATE TABLE {db}.T` becomes a replicated local table `{db}.T_local` on every server and
/// a `Distributed` table `{db}.T` over them, both `ON CLUSTER`, the rows spread by the
/// `-- shard by:` expression written above the table in its file. What that expression may be
/// is decided by counting exactly once: a row that replaces another (same sort key in a
/// ReplacingMergeTree) must land on the same shard, so it is a function of the sort key.
/// `ALTER TABLE {db}.T ADD COLUMN …` runs on both tables `ON CLUSTER`. Other statements
/// are an error naming them.
pub fn cluster_statements(
    version: u32,
    name: &'static str,
    sql: &str,
    db: &str,
    cluster: &str,
) -> Result<Vec<String>, MigrateError> {
    let problem = |problem: String| MigrateError::NotForCluster { version, name, problem };
    let mut out = Vec::new();
    let (mut shard_by, mut buf) = (None::<String>, String::new());
    for line in sql.lines() {
        let t = line.trim_start();
        if let Some(key) = t.strip_prefix("-- shard by:") {
            shard_by = Some(key.trim().to_string());
            continue;
        }
        if t.starts_with("--") {
            continue;
        }
        buf.push_str(line);
        buf.push('\n');
        if !t.trim_end().ends_with(';') {
            continue;
        }
        let stmt = std::mem::take(&mut buf).trim().trim_end_matches(';').replace("{db}", db);
        if let Some(rest) = stmt.strip_prefix(&format!("ALTER TABLE {db}.")) {
            let table: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            let change = rest[table.len()..].trim_start();
            if !change.starts_with("ADD COLUMN") {
                return Err(problem(format!("only ADD COLUMN can be altered on a cluster: {stmt:.60}")));
            }
            out.push(format!("ALTER TABLE {db}.{table}_local ON CLUSTER {cluster} {change}"));
            out.push(format!("ALTER TABLE {db}.{table} ON CLUSTER {cluster} {change}"));
            continue;
        }
        let head = format!("CREATE TABLE IF NOT EXISTS {db}.");
        let rest = stmt.strip_prefix(&head).ok_or_else(|| problem(format!("not a CREATE TABLE: {stmt:.60}")))?;
        let table: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        let key = shard_by.take().ok_or_else(|| problem(format!("{table} has no `-- shard by:` line")))?;
        let body = &rest[table.len()..];
        let (columns, engine) =
            body.split_once("ENGINE = ").ok_or_else(|| problem(format!("{table} names no ENGINE")))?;
        let engine_name: String = engine.chars().take_while(char::is_ascii_alphanumeric).collect();
        let after = &engine[engine_name.len()..];
        let (args, tail) = match after.strip_prefix('(') {
            Some(a) => a.split_once(')').ok_or_else(|| problem(format!("{table}: unclosed engine arguments")))?,
            None => ("", after),
        };
        let local = format!("{table}_local");
        let path = format!("'/clickhouse/tables/{{shard}}/{db}/{local}', '{{replica}}'");
        let args = if args.trim().is_empty() { path } else { format!("{path}, {}", args.trim()) };
        out.push(format!(
            "CREATE TABLE IF NOT EXISTS {db}.{local} ON CLUSTER {cluster}{columns}ENGINE = Replicated{engine_name}({args}){tail}"
        ));
        out.push(format!(
            "CREATE TABLE IF NOT EXISTS {db}.{table} ON CLUSTER {cluster} AS {db}.{local} \
             ENGINE = Distributed({cluster}, {db}, {local}, {key})"
        ));
    }
    if !buf.trim().is_empty() {
        return Err(problem("a statement without its closing `;`".into()));
    }
    Ok(out)
}

/// Every statement `migrate --cluster` runs, in order, for `--print` and the tests.
pub fn cluster_plan(db: &str, cluster: &str) -> Result<Vec<String>, MigrateError> {
    check_names(db, Some(cluster))?;
    let mut out = vec![format!("CREATE DATABASE IF NOT EXISTS {db} ON CLUSTER {cluster}")];
    for &(version, name, sql) in MIGRATIONS {
        out.extend(cluster_statements(version, name, sql, db, cluster)?);
    }
    Ok(out)
}

/// "Column … already exists": code 44 on 18.16 (measured), DUPLICATE_COLUMN (15) on newer servers.
fn already_exists(e: &clickhouse::error::Error) -> bool {
    let text = e.to_string();
    (text.contains("Code: 44,") || text.contains("Code: 15,")) && text.contains("already exists")
}

fn check_names(db: &str, cluster: Option<&str>) -> Result<(), MigrateError> {
    if !valid_database_name(db) {
        return Err(MigrateError::BadDatabase(db.into()));
    }
    match cluster {
        Some(c) if !valid_database_name(c) => Err(MigrateError::BadCluster(c.into())),
        _ => Ok(()),
    }
}

/// Apply what has not been applied; returns the versions applied now. With a cluster, every
/// table is created replicated and distributed `ON CLUSTER` (see [`cluster_statements`]).
pub async fn migrate(client: &Client, db: &str, cluster: Option<&str>) -> Result<Vec<u32>, MigrateError> {
    check_names(db, cluster)?;
    let for_file = |version: u32, name: &'static str, sql: &str| match cluster {
        Some(c) => cluster_statements(version, name, sql, db, c),
        None => Ok(statements(sql, db)),
    };
    let on_cluster = cluster.map(|c| format!(" ON CLUSTER {c}")).unwrap_or_default();
    client.query(&format!("CREATE DATABASE IF NOT EXISTS {db}{on_cluster}")).execute().await?;
    let first = MIGRATIONS[0];
    for stmt in for_file(first.0, first.1, first.2)? {
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
        for stmt in for_file(version, name, sql)? {
            match client.query(&stmt).execute().await {
                // Another worker added it first (18.16 has no ADD COLUMN IF NOT EXISTS).
                Err(e) if stmt.starts_with("ALTER TABLE") && stmt.contains(" ADD COLUMN ") && already_exists(&e) => {}
                other => other.map_err(|source| MigrateError::Statement { version, name, source })?,
            }
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
    fn cluster_plans_refuse_what_they_cannot_distribute() {
        let err = |sql: &str| cluster_statements(9, "t", sql, "sl", "c").unwrap_err().to_string();
        assert!(err("CREATE TABLE IF NOT EXISTS {db}.x (a UInt8) ENGINE = MergeTree ORDER BY a;")
            .contains("no `-- shard by:`"));
        assert!(err("-- shard by: a\nDROP TABLE {db}.x;").contains("not a CREATE TABLE"));
        assert!(err("ALTER TABLE {db}.x DROP COLUMN b;").contains("only ADD COLUMN"));
        assert_eq!(
            cluster_statements(9, "t", "ALTER TABLE {db}.x ADD COLUMN b UInt8;", "sl", "c").unwrap(),
            [
                "ALTER TABLE sl.x_local ON CLUSTER c ADD COLUMN b UInt8",
                "ALTER TABLE sl.x ON CLUSTER c ADD COLUMN b UInt8"
            ]
        );
        assert!(matches!(cluster_plan("sl", "c; DROP"), Err(MigrateError::BadCluster(_))));
        let ok = cluster_statements(
            9,
            "t",
            "-- shard by: cityHash64(a)\nCREATE TABLE IF NOT EXISTS {db}.x\n(a UInt8, v UInt32)\nENGINE = ReplacingMergeTree(v)\nORDER BY a;",
            "sl",
            "c",
        )
        .unwrap();
        assert_eq!(
            ok,
            [
                "CREATE TABLE IF NOT EXISTS sl.x_local ON CLUSTER c\n(a UInt8, v UInt32)\nENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/sl/x_local', '{replica}', v)\nORDER BY a",
                "CREATE TABLE IF NOT EXISTS sl.x ON CLUSTER c AS sl.x_local ENGINE = Distributed(c, sl, x_local, cityHash64(a))"
            ]
        );
    }

    #[test]
    fn database_names_are_identifiers() {
        assert!(valid_database_name("scrubline"));
        assert!(!valid_database_name("x; DROP TABLE y"));
        assert!(!valid_database_name("1abc"));
    }
}
