//! Synthetic data for tests and benchmarks (never real personal data). The text generators
//! (logs, configs, XML, CSV, mail, zip) are the `scrubline-synth` crate, so the engine's bench
//! builds without the application; telemetry events are generated here, in the event schema's
//! own formats.

pub use scrubline_synth::*;

pub mod telemetry;
