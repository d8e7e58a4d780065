//! `scrubline migrate`: create or update scrubline's ClickHouse schema.

use crate::sinks::clickhouse::migrate::{cluster_plan, migrate};
use crate::sinks::clickhouse::ClickHouseArgs;
use anyhow::{Context, Result};

#[derive(clap::Args, Debug)]
pub struct MigrateArgs {
    #[command(flatten)]
    pub clickhouse: ClickHouseArgs,
    /// Print the statements a cluster migration would run (with `--clickhouse-cluster`) and
    /// connect to nothing.
    #[arg(long)]
    pub print: bool,
}

pub fn run(a: &MigrateArgs) -> Result<()> {
    let ch = &a.clickhouse;
    if a.print {
        let cluster =
            ch.cluster.as_deref().context("--print shows a cluster migration: give --clickhouse-cluster NAME")?;
        for stmt in cluster_plan(&ch.database, cluster)? {
            println!("{stmt};\n");
        }
        return Ok(());
    }
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let applied = rt
        .block_on(migrate(&ch.client(), &ch.database, ch.cluster.as_deref()))
        .with_context(|| format!("migrating ClickHouse at {} (database {})", ch.url, ch.database))?;
    if applied.is_empty() {
        eprintln!("schema of `{}` is up to date", ch.database);
    } else {
        eprintln!("applied migrations {applied:?} to `{}`", ch.database);
    }
    Ok(())
}
