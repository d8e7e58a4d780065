//! `scrubline serve` and `scrubline tokens new`.

use crate::service::access_log::AccessLog;
use crate::service::auth::{Role, TokenFile};
use crate::service::{router, AppState};
use crate::sinks::clickhouse::ClickHouseArgs;
use anyhow::{Context, Result};
use std::path::PathBuf;
use std::sync::Arc;

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
}

pub fn serve(a: &ServeArgs) -> Result<()> {
    let tokens = TokenFile::load(&a.tokens)?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async {
        if let Some(addr) = a.metrics_listen {
            crate::telemetry_metrics::install(addr).context("starting the metrics endpoint")?;
        }
        let db = a.clickhouse.db_client();
        let (log, writer) = AccessLog::start(db.clone());
        let app = router(AppState { tokens: Arc::new(tokens), db, log });
        let listener =
            tokio::net::TcpListener::bind(&a.listen).await.with_context(|| format!("cannot listen on {}", a.listen))?;
        eprintln!("serving on http://{} (API description at /openapi.yaml)", listener.local_addr()?);
        axum::serve(listener, app).with_graceful_shutdown(shutdown()).await?;
        // The router (and with it every access-log sender) is gone: the writer flushes and ends.
        writer.await.ok();
        eprintln!("stopped");
        Ok(())
    })
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
