//! `scrubline licenses load`: the seats each license bought, from a CSV the license admin
//! keeps (`license_id,seats_purchased,customer`), into the `licenses` table. The customer
//! column can name a sole trader, so it goes through the engine like any text.

use super::setup::{self, EngineArgs};
use crate::engine::Scratch;
use crate::sinks::clickhouse::ClickHouseArgs;
use crate::sinks::clickhouse::{insert, unix_now};
use crate::telemetry::event::valid_license_id;
use anyhow::{bail, Context, Result};
use clickhouse::Row;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct LoadArgs {
    #[command(flatten)]
    pub engine: EngineArgs,
    #[command(flatten)]
    pub clickhouse: ClickHouseArgs,
    /// CSV with a header: license_id,seats_purchased,customer
    pub file: PathBuf,
}

#[derive(Row, Serialize, Deserialize, Debug)]
pub struct LicenseRow {
    pub license_id: String,
    pub seats_purchased: u32,
    pub customer: String,
    pub updated_at: u32,
}

/// Parse and clean the CSV; errors name the line, never a value.
pub fn parse(s: &crate::engine::Scrubber, text: &[u8]) -> Result<Vec<LicenseRow>> {
    let mut rd = csv::ReaderBuilder::new().from_reader(text);
    let headers = rd.headers().context("reading the header")?.clone();
    let col = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let (Some(id), Some(seats)) = (col("license_id"), col("seats_purchased")) else {
        bail!("the header must name license_id and seats_purchased (and optionally customer)");
    };
    let customer = col("customer");
    let mut scratch = Scratch::default();
    let now = unix_now();
    let mut rows = Vec::new();
    for (i, rec) in rd.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|_| anyhow::anyhow!("line {line}: not valid CSV"))?;
        let license_id = rec.get(id).unwrap_or("").trim().to_string();
        if !valid_license_id(&license_id) {
            bail!("line {line}: license_id is not a license id");
        }
        let seats_purchased: u32 = rec
            .get(seats)
            .unwrap_or("")
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("line {line}: seats_purchased is not a number"))?;
        let name = customer.and_then(|c| rec.get(c)).unwrap_or("").trim();
        let clean = s.scrub_str(name, &mut scratch).0.into_owned();
        rows.push(LicenseRow { license_id, seats_purchased, customer: clean, updated_at: now });
    }
    Ok(rows)
}

pub fn load(a: &LoadArgs) -> Result<()> {
    let scrubber = setup::scrubber(&a.engine)?;
    let text = std::fs::read(&a.file).with_context(|| format!("cannot read {}", a.file.display()))?;
    let rows = parse(&scrubber, &text)?;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    rt.block_on(insert(&a.clickhouse.db_client(), "licenses", &rows)).context("storing licenses in ClickHouse")?;
    eprintln!("loaded {} license(s)", rows.len());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{RulePack, Scrubber};

    #[test]
    fn parses_cleans_and_locates_errors() {
        let s = Scrubber::new(&RulePack::embedded_default(), None).unwrap();
        let rows = parse(&s, b"license_id,seats_purchased,customer\nLIC-2025-00100,10,Agencja Celna Sp. z o.o.\nLIC-2025-00101,3,Jan Kowalski\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].seats_purchased, 10);
        assert_eq!(rows[1].customer, "[NAME]");
        let e = parse(&s, b"license_id,seats_purchased\nLIC-1,many\n").unwrap_err().to_string();
        assert!(e.contains("line 2") && !e.contains("many"), "{e}");
    }
}
