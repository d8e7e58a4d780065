//! `scrubline migrate`: create or update scrubline's ClickHouse schema.

use crate::sinks::clickhouse::{migrate::migrate, ClickHouseArgs};
use anyhow::{Context, Result};

pub fn run(ch: &ClickHouseArgs) -> Result<()> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let applied = rt
        .block_on(migrate(&ch.client(), &ch.database))
        .with_context(|| format!("migrating ClickHouse at {} (database {})", ch.url, ch.database))?;
    if applied.is_empty() {
        eprintln!("schema of `{}` is up to date", ch.database);
    } else {
        eprintln!("applied migrations {applied:?} to `{}`", ch.database);
    }
    Ok(())
}
