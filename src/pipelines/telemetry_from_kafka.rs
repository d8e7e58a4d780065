//! Telemetry events from Kafka into ClickHouse counters, counted exactly once across
//! crashes, restarts and rebalances: the counter sink decides (see
//! [`CounterSink`] and sql/clickhouse/004_telemetry.sql). A client's retry of an event is
//! counted once too, also when it lands in a later batch or after a restart, within the
//! window of sql/clickhouse/007_seen_events.sql. Rejected events go to the
//! dead-letter topic as topic/partition/offset and reason only.

use crate::engine::{Keyring, Scrubber};
use crate::self_metrics as metrics;
use crate::sinks::clickhouse::subjects::LiveSuppression;
use crate::sinks::clickhouse::telemetry::{CounterSink, CounterWrite, PartitionCounters};
use crate::sinks::clickhouse::ClickHouseArgs;
use crate::sources::kafka::{KafkaSource, KafkaSourceConfig, Record, Stored};
use crate::telemetry::geo::Geo;
use crate::telemetry::mapping::EventMapping;
use crate::telemetry::{Accepted, Counted, EventKey, Processor};
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Where events come from and go to.
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct TelemetryFromKafkaConfig {
    /// The telemetry topic, its consumer group and batching.
    pub source: KafkaSourceConfig,
    /// Where counters and seat days are stored.
    pub clickhouse: ClickHouseArgs,
    /// Serve Prometheus metrics on this address (`/metrics`).
    pub metrics_listen: Option<std::net::SocketAddr>,
}

/// What processing an event needs besides the connections: the scrubber for free-form
/// dimensions, GeoIP, the seat key (stable across workers and restarts), and the installed
/// base's record mapping (none: canonical events).
pub struct EventContext<'a> {
    pub scrubber: &'a Scrubber,
    pub geo: &'a Geo,
    pub seat_key: &'a Keyring,
    pub mapping: Option<Arc<EventMapping>>,
}

/// The running pipeline.
pub struct TelemetryFromKafka<'a> {
    source: KafkaSource,
    sink: CounterSink,
    objections: LiveSuppression,
    events: EventContext<'a>,
}

impl TelemetryFromKafkaConfig {
    /// Open the metrics endpoint, the source, the counter sink and the suppression list.
    /// Runs inside the Tokio runtime.
    pub async fn build<'a>(&self, events: EventContext<'a>) -> Result<TelemetryFromKafka<'a>> {
        if let Some(addr) = self.metrics_listen {
            metrics::install(addr).context("starting the metrics endpoint")?;
        }
        let source = self.source.build()?;
        let client = self.clickhouse.db_client();
        let objections = LiveSuppression::start(client.clone()).await.context("loading the suppression list")?;
        Ok(TelemetryFromKafka {
            source,
            sink: CounterSink::new(client, self.clickhouse.cluster.clone()),
            objections,
            events,
        })
    }
}

struct Batch<'a> {
    proc: Processor<'a>,
    parts: BTreeMap<i32, PartitionCounters>,
    /// Accepted events not yet counted, per partition: counted once the batch knows which
    /// of them an earlier batch counted.
    pending: BTreeMap<i32, Vec<Accepted>>,
    dead: Vec<(Option<String>, String)>,
}

impl Batch<'_> {
    /// Count what is pending, leaving out events an earlier batch counted (a client's retry
    /// that landed in a later batch, or reached this worker after a restart).
    async fn count_pending(&mut self, sink: &CounterSink) {
        let keys: Vec<EventKey> = self.pending.values().flatten().map(|a| a.key).collect();
        if keys.is_empty() {
            return;
        }
        let identity: BTreeMap<i32, i64> = self.parts.iter().map(|(p, part)| (*p, part.start)).collect();
        let earlier = sink.counted_earlier(&keys, &identity).await;
        self.proc.seen_before(earlier);
        for (p, events) in std::mem::take(&mut self.pending) {
            let part = self.parts.get_mut(&p).expect("a pending event's partition has counters");
            for e in events {
                let key = e.key;
                if self.proc.count(e, &mut part.counters) == Counted::Counted {
                    part.counted.push(key);
                }
            }
        }
    }
}

impl TelemetryFromKafka<'_> {
    /// Consume until SIGTERM or Ctrl-C.
    pub async fn run(&self) -> Result<()> {
        let e = &self.events;
        self.source
            .run(
                "telemetry",
                || Batch {
                    proc: Processor::new(e.scrubber, e.geo, e.seat_key)
                        .with_suppression(self.objections.current())
                        .with_mapping(e.mapping.clone()),
                    parts: BTreeMap::new(),
                    pending: BTreeMap::new(),
                    dead: Vec::new(),
                },
                add,
                async |b| {
                    b.count_pending(&self.sink).await;
                    if self.sink.store(&b.parts).await == CounterWrite::ExtendBatch {
                        return Stored::KeepGoing;
                    }
                    self.source.dead_letters(&b.dead).await;
                    for (p, part) in &b.parts {
                        self.source.report_lag(*p, part.end + 1);
                    }
                    self.objections.reload_if_due().await;
                    Stored::Done
                },
            )
            .await
    }
}

fn add(b: &mut Batch<'_>, r: Record<'_>) {
    let part = b.parts.entry(r.partition).or_insert(PartitionCounters {
        start: r.offset,
        end: r.offset,
        ..Default::default()
    });
    part.start = part.start.min(r.offset);
    part.end = part.end.max(r.offset);
    match b.proc.accept(r.payload, &mut part.counters) {
        Ok(e) => b.pending.entry(r.partition).or_default().push(e),
        Err(rej) => {
            let record = serde_json::json!({"topic": r.topic, "partition": r.partition, "offset": r.offset, "reason": rej.label(), "detail": rej.to_string()});
            b.dead.push((None, record.to_string()));
        }
    }
}
