-- Telemetry counters: nothing personal (no IP, no user, no seat id; seats only as keyed
-- pseudonyms for distinct counting).
--
-- Exactly once: a worker aggregates each Kafka partition's records into a batch starting at
-- the partition's committed offset, inserts the rows tagged (kafka_partition, batch_start,
-- batch_end), and commits only after the insert. After a crash or rebalance the partition is
-- consumed again from the same committed offset, so the batch gets the same batch_start and
-- covers at least the same records; ReplacingMergeTree keeps the row with the highest
-- batch_end per key. Read with FINAL (or argMax) and sum.
-- shard by: cityHash64(kafka_partition, batch_start)
CREATE TABLE IF NOT EXISTS {db}.usage_counters
(
    bucket DateTime,
    license_id String,
    kind String,
    module String,
    app_version String,
    country String,
    region String,
    detail String,
    kafka_partition Int32,
    batch_start Int64,
    batch_end Int64,
    events UInt64,
    quantity UInt64,
    duration_ms UInt64
)
ENGINE = ReplacingMergeTree(batch_end)
PARTITION BY toYYYYMM(bucket)
ORDER BY (bucket, license_id, kind, module, app_version, country, region, detail, kafka_partition, batch_start);

-- One row per active seat and day; the set is idempotent by construction.
-- shard by: cityHash64(license_id)
CREATE TABLE IF NOT EXISTS {db}.seat_days
(
    day Date,
    license_id String,
    seat String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, license_id, seat);

-- Seats each license bought, loaded by the license admin (`scrubline licenses load`).
-- shard by: cityHash64(license_id)
CREATE TABLE IF NOT EXISTS {db}.licenses
(
    license_id String,
    seats_purchased UInt32,
    customer String,
    updated_at DateTime
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY license_id;
