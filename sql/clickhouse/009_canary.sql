-- What the pipeline made of the leak canary's traffic (`scrubline canary`): the sanitized
-- message or the counter rows a canary event would have added, kept apart so canary traffic
-- never reaches support search or usage counters. The canary reads its run's rows back and
-- looks for its values in them and in every other table.
-- shard by: cityHash64(run_id)
CREATE TABLE IF NOT EXISTS {db}.canary_results
(
    run_id String,
    source String,
    received_at DateTime,
    received_date Date DEFAULT toDate(received_at),
    outcome String,
    detail String,
    content String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(received_date)
ORDER BY (run_id, source);
