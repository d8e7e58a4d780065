//! The command line: each subcommand in its own file, shared set-up in `setup`.
pub mod canary;
pub mod explain;
pub mod keys;
pub mod licenses;
pub mod migrate;
pub mod packages;
pub mod packages_consume;
pub mod retention;
pub mod run;
pub mod sample;
pub mod scrub;
pub mod serve;
pub mod setup;
pub mod subject;
pub mod telemetry;
