-- Which migrations have run. Every statement in these files must work on ClickHouse 18.16 (the
-- server the tests start) and on current releases: no TTL, no LowCardinality, no codecs, no
-- IPv4/IPv6 column types. Retention is enforced by scrubline, not by TTL.
-- shard by: version
CREATE TABLE IF NOT EXISTS {db}.schema_migrations
(
    version UInt32,
    name String,
    applied_at DateTime
)
ENGINE = MergeTree
ORDER BY version;
