//! Pipelines: a source, the transform (sanitizing packages, or counting telemetry) and a
//! sink, each built from its own configuration, wired so that offsets are committed only
//! after what was consumed is stored. `cli/` maps command-line arguments to these configs.

pub mod canary;
pub mod chunks;
pub mod ordered;
pub mod packages_from_kafka;
pub mod scrub_files;
pub mod telemetry_from_file;
pub mod telemetry_from_kafka;
