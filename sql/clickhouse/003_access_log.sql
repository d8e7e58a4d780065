-- Every request to the support service, granted or denied: who, what, when, how long, result.
-- shard by: rand()
CREATE TABLE IF NOT EXISTS {db}.access_log
(
    at DateTime,
    at_date Date DEFAULT toDate(at),
    principal String,
    role String,
    method String,
    path String,
    package_id String,
    status UInt16,
    duration_ms UInt32,
    result String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at_date)
ORDER BY (at, principal);
