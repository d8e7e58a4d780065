-- Which events were counted, so a client's retry that lands in a later batch (or reaches a
-- worker after a restart) counts once. One row per counted event: the SHA-256 of its
-- event_id (first 128 bits, hex; for mapped records without an id, the id is itself a
-- SHA-256 of the record, so nothing here can be read back without the record), the day it
-- was counted, and the batch that counted it. Written after the batch's counters, so a
-- batch's keys exist only where its counters do, and a replay after a crash (same
-- kafka_partition and batch_start, at least as far, see 004_telemetry.sql) covers every key
-- it left; the replaying worker ignores rows with its own batch identity.
--
-- The window: keys counted today and yesterday (24 to 48 hours) are looked up. ClickHouse
-- 18.16 has no TTL, so the telemetry consumer drops the days before the day before
-- yesterday itself (at most hourly).
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
