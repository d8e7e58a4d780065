//! ClickHouse: connection settings, schema migrations, and the tables scrubline writes.
//!
//! The `clickhouse` crate talks HTTP. Against ClickHouse 18.16 it works only with schema
//! validation off (18.16 lacks `RowBinaryWithNamesAndTypes` and `describe_include_subcolumns`),
//! so validation is always off here and the row structs must match the SQL files exactly.

pub mod canary;
pub mod migrate;
pub mod packages;
pub mod subjects;
pub mod telemetry;

use clickhouse::{Client, Row};
use serde::Serialize;

/// Where ClickHouse is. The password comes from the environment
/// (`SCRUBLINE_CLICKHOUSE_PASSWORD`), never from a flag or a configuration file.
#[derive(clap::Args, Clone, Debug, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClickHouseArgs {
    /// ClickHouse HTTP endpoint.
    #[arg(long = "clickhouse-url", env = "SCRUBLINE_CLICKHOUSE_URL", default_value = "http://127.0.0.1:8123")]
    pub url: String,
    /// Database scrubline owns (created by `scrubline migrate`).
    #[arg(long = "clickhouse-database", env = "SCRUBLINE_CLICKHOUSE_DATABASE", default_value = "scrubline")]
    pub database: String,
    /// ClickHouse user.
    #[arg(long = "clickhouse-user", env = "SCRUBLINE_CLICKHOUSE_USER", default_value = "default")]
    pub user: String,
    /// The ClickHouse cluster scrubline's tables are distributed over (`scrubline migrate
    /// --clickhouse-cluster NAME` creates them so); none: one server.
    #[arg(long = "clickhouse-cluster", alias = "cluster", env = "SCRUBLINE_CLICKHOUSE_CLUSTER")]
    #[serde(default)]
    pub cluster: Option<String>,
}

impl ClickHouseArgs {
    pub fn client(&self) -> Client {
        let mut c = Client::default().with_url(&self.url).with_user(&self.user).with_validation(false);
        if let Ok(p) = std::env::var("SCRUBLINE_CLICKHOUSE_PASSWORD") {
            c = c.with_password(p);
        }
        if self.cluster.is_some() {
            // An insert into a Distributed table returns only once every shard holds its rows:
            // offsets are committed after the insert, so it must be durable where it lands.
            c = c.with_setting("insert_distributed_sync", "1");
        }
        c
    }

    /// A client whose queries run in scrubline's database.
    pub fn db_client(&self) -> Client {
        self.client().with_database(&self.database)
    }
}

/// Database names are spliced into DDL, so only plain identifiers are accepted.
pub fn valid_database_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !name.as_bytes()[0].is_ascii_digit()
}

pub fn unix_now() -> u32 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as u32)
}

/// Insert rows in one statement per call (callers batch).
pub async fn insert<T>(client: &Client, table: &str, rows: &[T]) -> clickhouse::error::Result<()>
where
    for<'a> T: Row<Value<'a> = T> + Serialize,
{
    if rows.is_empty() {
        return Ok(());
    }
    let mut ins = client.insert::<T>(table).await?;
    for r in rows {
        ins.write(r).await?;
    }
    ins.end().await
}

#[derive(Debug, thiserror::Error)]
pub enum MutationError {
    #[error("ClickHouse: {0}")]
    Client(#[from] clickhouse::error::Error),
    #[error("table {table}: the mutation did not finish within {seconds} s")]
    Slow { table: &'static str, seconds: u64 },
}

const MUTATION_WAIT: std::time::Duration = std::time::Duration::from_secs(600);

/// `ALTER … DELETE` is a mutation that runs in the background on every ClickHouse version
/// (18.16 has no `mutations_sync`); wait so that "done" means the rows are gone.
pub async fn wait_for_mutations(client: &Client, db: &str, table: &'static str) -> Result<(), MutationError> {
    let started = std::time::Instant::now();
    loop {
        let pending: u64 = client
            .query("SELECT count() FROM system.mutations WHERE database = ? AND table = ? AND is_done = 0")
            .bind(db)
            .bind(table)
            .fetch_one()
            .await?;
        if pending == 0 {
            return Ok(());
        }
        if started.elapsed() > MUTATION_WAIT {
            return Err(MutationError::Slow { table, seconds: MUTATION_WAIT.as_secs() });
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}
