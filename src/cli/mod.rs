//! The command line: each subcommand in its own file, shared set-up in `setup`.
pub mod sample;
pub mod scrub;
pub mod setup;
