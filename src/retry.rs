//! Retrying a store until it succeeds: a batch waits (and consumption pauses) while storage
//! is down, so nothing is committed before it is stored.

use std::time::Duration;

/// Run `attempt` until it succeeds, backing off from 200 ms to 10 s: used for stores, so a
/// batch waits (and consumption pauses) while storage is down.
pub async fn retry<T, E: std::fmt::Display>(what: &str, mut attempt: impl AsyncFnMut() -> Result<T, E>) -> T {
    let mut wait = Duration::from_millis(200);
    loop {
        match attempt().await {
            Ok(v) => return v,
            Err(e) => {
                tracing::warn!(error = %e, "{what} failed; retrying");
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(10));
            }
        }
    }
}
