//! The `scrubline` command.

use anyhow::Result;
use clap::{Parser, Subcommand};
use scrubline::cli;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "scrubline", version, about = "Strips or pseudonymizes personal data in diagnostics and telemetry")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Sanitize files or directory trees (or stdin with `-`) into an output directory.
    Scrub(cli::scrub::ScrubArgs),
    /// Telemetry job: events to usage counters (without --config: the embedded default, no files needed).
    Run(cli::run::RunArgs),
    /// Show each finding of a text with its place, kind, action and evidence (no values
    /// unless --show-values).
    Explain(cli::explain::ExplainArgs),
    /// Write a generated synthetic diagnostic sample (no real personal data) to a directory.
    Sample(cli::sample::SampleArgs),
    /// Load and compile a rule pack, reporting the first error in it.
    CheckRules(cli::setup::EngineArgs),
    /// Check a job configuration (like config/local.toml, with its [events] mapping), naming
    /// the line of the first error.
    CheckConfig {
        /// The job configuration file.
        file: std::path::PathBuf,
    },
    /// Create or update scrubline's ClickHouse schema (idempotent).
    Migrate(cli::migrate::MigrateArgs),
    /// Diagnostic packages: ingest mail into ClickHouse.
    #[command(subcommand)]
    Packages(PackagesCommand),
    /// Licenses: load the seats each license bought.
    #[command(subcommand)]
    Licenses(LicensesCommand),
    /// Telemetry stream: Kafka events into ClickHouse counters.
    #[command(subcommand)]
    Telemetry(TelemetryCommand),
    /// Run the support service (find and download sanitized packages; every request audited).
    Serve(cli::serve::ServeArgs),
    /// Service tokens.
    #[command(subcommand)]
    Tokens(TokensCommand),
    /// Retention: remove what is older than the policy allows.
    #[command(subcommand)]
    Retention(RetentionCommand),
    /// Data-subject requests: find, export, erase, object.
    #[command(subcommand)]
    Subject(SubjectCommand),
    /// The pseudonym keyring.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Leak canary: send synthetic personal values through the live pipeline (Kafka) and
    /// look for them in every ClickHouse table and dead-letter topic.
    Canary(cli::canary::CanaryArgs),
}

#[derive(Subcommand)]
enum RetentionCommand {
    /// Drop expired partitions and delete expired rows, per config/retention.toml.
    Apply(cli::retention::ApplyArgs),
}

#[derive(Subcommand)]
enum SubjectCommand {
    /// List the packages and seat-days that refer to a person.
    Find(cli::subject::SubjectArgs),
    /// Export everything held about a person as JSON (access, portability).
    Export(cli::subject::ExportArgs),
    /// Erase everything that refers to a person (with --yes).
    Erase(cli::subject::EraseArgs),
    /// Drop the person's later events and packages at intake (right to object).
    Object(cli::subject::SubjectArgs),
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Add a new key version and make it the active one (creates the keyring if missing).
    Rotate(cli::keys::KeysArgs),
    /// Show the key versions (never the secrets).
    List(cli::keys::KeysArgs),
}

#[derive(Subcommand)]
enum LicensesCommand {
    /// Load license_id,seats_purchased,customer rows from a CSV into ClickHouse.
    Load(cli::licenses::LoadArgs),
}

#[derive(Subcommand)]
enum TelemetryCommand {
    /// Consume events from Kafka into usage counters and seat-days, exactly once.
    Consume(cli::telemetry::TelemetryConsumeArgs),
}

#[derive(Subcommand)]
enum TokensCommand {
    /// Issue a token for a person and role; prints it once, stores only its hash.
    New(cli::serve::NewTokenArgs),
}

#[derive(Subcommand)]
enum PackagesCommand {
    /// Sanitize .eml files, mbox files and maildir folders and store them in ClickHouse.
    Ingest(cli::packages::IngestArgs),
    /// Consume raw messages from a Kafka topic into ClickHouse (offsets committed after storing).
    Consume(cli::packages_consume::ConsumeArgs),
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("SCRUBLINE_LOG").unwrap_or_else(|_| "warn".into()))
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Scrub(a) => cli::scrub::run(a),
        Command::Run(a) => cli::run::run(&a),
        Command::Sample(a) => cli::sample::run(&a).map(|_| ExitCode::SUCCESS),
        Command::Explain(a) => cli::explain::run(&a),
        Command::Migrate(ch) => cli::migrate::run(&ch).map(|_| ExitCode::SUCCESS),
        Command::Packages(PackagesCommand::Ingest(a)) => cli::packages::ingest(&a),
        Command::Packages(PackagesCommand::Consume(a)) => cli::packages_consume::consume(&a).map(|_| ExitCode::SUCCESS),
        Command::Telemetry(TelemetryCommand::Consume(a)) => cli::telemetry::consume(&a).map(|_| ExitCode::SUCCESS),
        Command::Licenses(LicensesCommand::Load(a)) => cli::licenses::load(&a).map(|_| ExitCode::SUCCESS),
        Command::Serve(a) => cli::serve::serve(&a).map(|_| ExitCode::SUCCESS),
        Command::Canary(a) => cli::canary::run(&a),
        Command::Tokens(TokensCommand::New(a)) => cli::serve::new_token(&a).map(|_| ExitCode::SUCCESS),
        Command::Retention(RetentionCommand::Apply(a)) => cli::retention::apply(&a).map(|_| ExitCode::SUCCESS),
        Command::Subject(SubjectCommand::Find(a)) => cli::subject::find(&a).map(|_| ExitCode::SUCCESS),
        Command::Subject(SubjectCommand::Export(a)) => cli::subject::export(&a).map(|_| ExitCode::SUCCESS),
        Command::Subject(SubjectCommand::Erase(a)) => cli::subject::erase(&a).map(|_| ExitCode::SUCCESS),
        Command::Subject(SubjectCommand::Object(a)) => cli::subject::object(&a).map(|_| ExitCode::SUCCESS),
        Command::Keys(KeysCommand::Rotate(a)) => cli::keys::rotate(&a).map(|_| ExitCode::SUCCESS),
        Command::Keys(KeysCommand::List(a)) => cli::keys::list(&a).map(|_| ExitCode::SUCCESS),
        Command::CheckConfig { file } => cli::run::check_config(&file),
        Command::CheckRules(a) => {
            let s = cli::setup::scrubber(&a)?;
            // packages.toml too, its metadata patterns compiled (the pipeline compiles them
            // only when the first mail arrives).
            let packages = cli::setup::packages_config(&a)?;
            scrubline::packages::PackageSanitizer::new(&s, packages)?.compile_patterns()?;
            eprintln!("rule pack `{}` is valid", s.pack_name());
            Ok(ExitCode::SUCCESS)
        }
    }
}
