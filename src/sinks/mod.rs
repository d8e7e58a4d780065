//! Where sanitized data goes. For now: a directory tree for local runs.
pub mod clickhouse;
pub mod directory;
