-- Which events were counted, so a client's retry that lands in a later batch (or reaches a
-- worker after a restart) counts once. One row per counted event: the SHA-256 of its
-- event_id (first 128 bits, hex; event ids are not personal, and hashing keeps them short),
-- the day it was counted, and the batch that counted it. A worker re-consuming its own
-- uncommitted batch after a crash ignores rows with that batch's (kafka_partition,
-- batch_start): that batch is being replaced whole, see 004_telemetry.sql.
--
-- The window: keys counted today and yesterday (24 to 48 hours) are looked up. ClickHouse
-- 18.16 has no TTL, so the telemetry consumer drops day partitions older than that itself.
-- shard by: cityHash64(event_key)
CREATE TABLE IF NOT EXISTS {db}.seen_events
(
    seen_day Date,
    event_key String,
    kafka_partition Int32,
    batch_start Int64
)
ENGINE = MergeTree
PARTITION BY toYYYYMMDD(seen_day)
ORDER BY (event_key, seen_day);
