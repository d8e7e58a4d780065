-- Data-subject requests (GDPR access, portability, erasure, objection) as an audit trail:
-- who asked for what, when, and what came of it. Identifiers are never stored here, only
-- which kinds of identifier were given and how many records were found or removed.
-- shard by: rand()
CREATE TABLE IF NOT EXISTS {db}.subject_requests
(
    at DateTime,
    at_date Date DEFAULT toDate(at),
    request_id String,
    action String,
    operator String,
    reference String,
    identifier_kinds Array(String),
    key_versions Array(UInt32),
    packages UInt64,
    seat_days UInt64,
    outcome String,
    detail String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at_date)
ORDER BY (at, request_id);

-- People who objected to processing: their pseudonyms under every key the ring held when
-- they objected. Workers drop later events and packages that carry one of these.
-- shard by: cityHash64(token)
CREATE TABLE IF NOT EXISTS {db}.suppressions
(
    token String,
    kind String,
    request_id String,
    added_at DateTime
)
ENGINE = ReplacingMergeTree(added_at)
ORDER BY token;
