-- Sanitized diagnostic packages for support staff. One row per package; a package stored
-- twice (a retried intake) is collapsed by ReplacingMergeTree on package_id, and readers use
-- FINAL (or argMax) for an exact view. Monthly partitions let retention drop whole months.
-- shard by: cityHash64(package_id)
CREATE TABLE IF NOT EXISTS {db}.diagnostic_packages
(
    package_id String,
    received_at DateTime,
    received_date Date DEFAULT toDate(received_at),
    license_id String,
    ticket String,
    app_version String,
    subjects Array(String),
    findings_total UInt32,
    parts_total UInt16,
    parts_removed UInt16,
    bytes_before UInt64,
    bytes_after UInt64,
    manifest String,
    sanitized_eml String,
    source String,
    ingested_at DateTime
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(received_date)
ORDER BY package_id;

-- Packages that could not be sanitized: metadata and reason only, never content.
-- shard by: cityHash64(package_id)
CREATE TABLE IF NOT EXISTS {db}.package_quarantine
(
    package_id String,
    received_at DateTime,
    received_date Date DEFAULT toDate(received_at),
    reason_label String,
    reason String,
    bytes UInt64,
    source String
)
ENGINE = ReplacingMergeTree(received_at)
PARTITION BY toYYYYMM(received_date)
ORDER BY package_id;
