//! Where data comes from. For now: files and directory trees for local runs.
pub mod chunks;
pub mod files;
pub mod kafka;
pub mod mail;
