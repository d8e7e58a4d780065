-- Remote help, as the vendor's policy describes it: the date, the length, who started the
-- session and which functions were used; never the session's content (the events carry none).
--
-- Per hour, license and function: sessions that used it, times it was used, and those
-- sessions' length. function = '' counts every session once. Counted exactly once like
-- usage_counters: rows carry their batch identity and the highest batch_end wins (FINAL).
-- shard by: cityHash64(kafka_partition, batch_start)
CREATE TABLE IF NOT EXISTS {db}.remote_help_counters
(
    bucket DateTime,
    license_id String,
    function String,
    kafka_partition Int32,
    batch_start Int64,
    batch_end Int64,
    sessions UInt64,
    uses UInt64,
    duration_ms UInt64
)
ENGINE = ReplacingMergeTree(batch_end)
PARTITION BY toYYYYMM(bucket)
ORDER BY (bucket, license_id, function, kafka_partition, batch_start);

-- Who started sessions, only as keyed pseudonyms (like seats), per day and license: for
-- distinct counts. Idempotent by construction.
-- shard by: cityHash64(license_id)
CREATE TABLE IF NOT EXISTS {db}.remote_help_initiators
(
    day Date,
    license_id String,
    initiator String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, license_id, initiator);
