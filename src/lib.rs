//! scrubline: strips or pseudonymizes personal data in diagnostics and telemetry.
//!
//! Data flows `sources` → `engine` (pure scrubbing) → `sinks`; `synth` generates the
//! synthetic data the tests and benchmarks use (never real personal data).

pub mod calendar;
pub mod canary;
pub mod cli;
/// The scrubbing engine (the `scrubline-engine` crate): pure, synchronous, no I/O.
pub use scrubline_engine as engine;
pub mod keyring_file;
pub mod packages;
pub mod pipelines;
pub mod reading;
pub mod retention;
pub mod retry;
pub mod rule_pack_dir;
pub mod self_metrics;
pub mod service;
pub mod sinks;
pub mod sources;
pub mod subjects;
pub mod synth;
pub mod telemetry;
pub mod verify;
