//! The `usage_counters` and `seat_days` tables (see sql/clickhouse/004_telemetry.sql for why
//! the batch identity makes counting exact).

use crate::telemetry::Counters;
use clickhouse::Row;
use serde::{Deserialize, Serialize};

#[derive(Row, Serialize, Deserialize, Debug, Clone)]
pub struct UsageRow {
    pub bucket: u32,
    pub license_id: String,
    pub kind: String,
    pub module: String,
    pub app_version: String,
    pub country: String,
    pub region: String,
    pub detail: String,
    pub kafka_partition: i32,
    pub batch_start: i64,
    pub batch_end: i64,
    pub events: u64,
    pub quantity: u64,
    pub duration_ms: u64,
}

#[derive(Row, Serialize, Deserialize, Debug, Clone)]
pub struct SeatRow {
    /// Days since 1970 (ClickHouse `Date`).
    pub day: u16,
    pub license_id: String,
    pub seat: String,
}

/// Rows for one Kafka partition's share of a batch (records `batch_start..=batch_end`).
pub fn usage_rows(c: &Counters, partition: i32, batch_start: i64, batch_end: i64) -> Vec<UsageRow> {
    c.usage
        .iter()
        .map(|(k, v)| UsageRow {
            bucket: k.bucket,
            license_id: k.license_id.clone(),
            kind: k.kind.to_string(),
            module: k.module.clone(),
            app_version: k.app_version.clone(),
            country: k.country.clone(),
            region: k.region.clone(),
            detail: k.detail.clone(),
            kafka_partition: partition,
            batch_start,
            batch_end,
            events: v.events,
            quantity: v.quantity,
            duration_ms: v.duration_ms,
        })
        .collect()
}

pub fn seat_rows(c: &Counters) -> Vec<SeatRow> {
    c.seat_days
        .iter()
        .map(|(day, lic, seat)| SeatRow { day: *day as u16, license_id: lic.clone(), seat: seat.clone() })
        .collect()
}
