//! `scrubline serve` and `scrubline tokens new`.

use super::retention::PolicyArgs;
use crate::calendar::today;
use crate::retention::{enforce, Policy};
use crate::self_metrics as metrics;
use crate::service::access_log::AccessLog;
use crate::service::auth::{Role, TokenFile};
use crate::service::{router, AppState, Sessions};
use crate::sinks::clickhouse::ClickHouseArgs;
use anyhow::{Context, Result};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "SCRUBLINE_LISTEN")]
    pub listen: String,
    /// Token file (hashes and roles), as written by `scrubline tokens new`.
    #[arg(long, env = "SCRUBLINE_TOKENS")]
    pub tokens: PathBuf,
    #[command(flatten)]
    pub clickhouse: ClickHouseArgs,
    /// Serve Prometheus metrics on this address (`/metrics`).
    #[arg(long, env = "SCRUBLINE_METRICS_LISTEN")]
    pub metrics_listen: Option<std::net::SocketAddr>,
    /// Keyring for data-subject lookups (`POST /api/subjects/find`, DPO role). Must not be
    /// readable by other users.
    #[arg(long, env = "SCRUBLINE_KEY_FILE", value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    #[command(flatten)]
    pub retention: PolicyArgs,
    /// Support page: a session ends after this many minutes without a request.
    #[arg(long, env = "SCRUBLINE_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: u64,
    /// Support page: a session ends this many hours after sign-in, however active.
    #[arg(long, env = "SCRUBLINE_SESSION_HOURS", default_value_t = 8)]
    pub session_hours: u64,
    /// Mark session cookies `Secure` (sent over HTTPS only). Turn on whenever the service is
    /// reached through TLS, as it should be anywhere but on localhost.
    #[arg(long, env = "SCRUBLINE_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Apply the retention policy at start and then every this many hours; 0 turns it off.
    #[arg(long, env = "SCRUBLINE_RETENTION_EVERY_HOURS", default_value_t = 24)]
    pub retention_every_hours: u64,
}

pub fn serve(a: &ServeArgs) -> Result<()> {
    let tokens = TokenFile::load(&a.tokens)?;
    // Refuse a world-readable keyring before anything listens.
    let keys = a.key_file.as_deref().map(crate::keyring_file::load).transpose()?.map(Arc::new);
    let policy = a.retention.load()?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async {
        if let Some(addr) = a.metrics_listen {
            crate::self_metrics::install(addr).context("starting the metrics endpoint")?;
        }
        let db = a.clickhouse.db_client();
        let (log, writer) = AccessLog::start(db.clone());
        if a.retention_every_hours > 0 {
            tokio::spawn(retention_schedule(
                db.clone(),
                a.clickhouse.database.clone(),
                a.clickhouse.cluster.clone(),
                policy,
                Duration::from_secs(a.retention_every_hours * 3600),
            ));
        }
        let sessions = Arc::new(Sessions::new(
            Duration::from_secs(a.session_idle_minutes.max(1) * 60),
            Duration::from_secs(a.session_hours.max(1) * 3600),
            a.secure_cookies,
        ));
        let app = router(AppState { tokens: Arc::new(tokens), db, log, keys, sessions });
        let listener =
            tokio::net::TcpListener::bind(&a.listen).await.with_context(|| format!("cannot listen on {}", a.listen))?;
        eprintln!(
            "serving on http://{0} (support page at http://{0}/, API description at /openapi.yaml)",
            listener.local_addr()?
        );
        axum::serve(listener, app).with_graceful_shutdown(shutdown()).await?;
        // The router (and with it every access-log sender) is gone: the writer flushes and ends.
        writer.await.ok();
        eprintln!("stopped");
        Ok(())
    })
}

/// Retention inside the long-running service: at start, then every `every`. A failed run is
/// logged and counted (alert on `scrubline_retention_runs_total{outcome="error"}`) and tried
/// again at the next interval.
async fn retention_schedule(
    db: clickhouse::Client,
    database: String,
    cluster: Option<String>,
    policy: Policy,
    every: Duration,
) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        match enforce(&db, &database, cluster.as_deref(), &policy, today(), false).await {
            Ok(reports) => {
                metrics::retention_run("ok");
                for r in reports.iter().filter(|r| r.rows_removed > 0) {
                    tracing::info!(table = r.table, rows = r.rows_removed, partitions = ?r.partitions_dropped, "retention removed expired rows");
                }
                eprintln!("retention applied: {} row(s) removed", reports.iter().map(|r| r.rows_removed).sum::<u64>());
            }
            Err(e) => {
                metrics::retention_run("error");
                tracing::error!(error = %e, "retention run failed");
            }
        }
    }
}

async fn shutdown() {
    let term = async {
        #[cfg(unix)]
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
            return;
        }
        std::future::pending::<()>().await
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term => {}
    }
}

#[derive(clap::Args, Debug)]
pub struct NewTokenArgs {
    /// Token file to add to (created with mode 600 if missing).
    #[arg(long)]
    pub file: PathBuf,
    /// Who the token is for (shown in the access log).
    #[arg(long)]
    pub name: String,
    #[arg(long, value_enum)]
    pub role: Role,
}

pub fn new_token(a: &NewTokenArgs) -> Result<()> {
    let mut f = if a.file.exists() { TokenFile::load(&a.file)? } else { TokenFile::default() };
    let token = f.issue(&a.name, a.role);
    let text = format!(
        "# scrubline service tokens: SHA-256 hashes only. Add with `scrubline tokens new`.\n{}",
        toml::to_string(&f)?
    );
    std::fs::write(&a.file, text).with_context(|| format!("writing {}", a.file.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&a.file, std::fs::Permissions::from_mode(0o600))?;
    }
    eprintln!("token for `{}` ({}) added to {}; it is shown once:", a.name, a.role.id(), a.file.display());
    println!("{token}");
    Ok(())
}
