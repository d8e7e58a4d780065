//! The access log: every request to the service, granted or denied, as a row in ClickHouse.
//! Requests hand rows to a channel; one task writes them in batches, keeping rows it could not
//! write (ClickHouse down) and trying again, so none is lost while the process lives.

use clickhouse::{Client, Row};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use tokio::sync::mpsc;

#[derive(Row, Serialize, Deserialize, Clone, Debug)]
pub struct AccessRow {
    pub at: u32,
    pub principal: String,
    pub role: String,
    pub method: String,
    pub path: String,
    pub package_id: String,
    pub status: u16,
    pub duration_ms: u32,
    pub result: String,
}

#[derive(Clone)]
pub struct AccessLog {
    tx: mpsc::Sender<AccessRow>,
}

const FLUSH_EVERY: Duration = Duration::from_millis(200);
const BATCH: usize = 1000;

impl AccessLog {
    /// Start the writer task; it ends (after a last flush) when every `AccessLog` is dropped.
    pub fn start(client: Client) -> (AccessLog, tokio::task::JoinHandle<()>) {
        let (tx, mut rx) = mpsc::channel::<AccessRow>(10_000);
        let task = tokio::spawn(async move {
            let mut pending: Vec<AccessRow> = Vec::new();
            let mut open = true;
            // After shutdown, give ClickHouse a few seconds before giving up (and saying so).
            let mut last_tries = 25;
            while open || !pending.is_empty() {
                if !open {
                    if last_tries == 0 {
                        tracing::error!(rows = pending.len(), "access log rows could not be written before shutdown");
                        break;
                    }
                    last_tries -= 1;
                }
                match tokio::time::timeout(FLUSH_EVERY, rx.recv()).await {
                    Ok(Some(row)) => {
                        pending.push(row);
                        if pending.len() < BATCH {
                            continue;
                        }
                    }
                    Ok(None) => open = false,
                    Err(_) => {}
                }
                if pending.is_empty() {
                    continue;
                }
                match crate::sinks::clickhouse::insert(&client, "access_log", &pending).await {
                    Ok(()) => pending.clear(),
                    Err(e) => {
                        tracing::warn!(error = %e, rows = pending.len(), "access log write failed; will retry");
                        if !open {
                            tokio::time::sleep(FLUSH_EVERY).await;
                        }
                    }
                }
            }
        });
        (AccessLog { tx }, task)
    }

    /// Queue a row; waits when the queue is full rather than dropping it.
    pub async fn record(&self, row: AccessRow) {
        if self.tx.send(row).await.is_err() {
            tracing::error!("access log writer has stopped");
        }
    }
}
