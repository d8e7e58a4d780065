//! Telemetry events from Kafka into ClickHouse counters, counted exactly once across
//! crashes, restarts and rebalances: the counter sink decides (see
//! [`CounterSink`] and sql/clickhouse/004_telemetry.sql). A client's retry of an event is
//! counted once too, also when it lands in a later batch or after a restart, within the
//! window of sql/clickhouse/007_seen_events.sql. Rejected events go to the
//! dead-letter topic as topic/partition/offset and reason only.

use crate::engine::{Keyring, Scrubber};
use crate::pipelines::chunks::map_shares;
use crate::self_metrics as metrics;
use crate::sinks::clickhouse::canary::{self, CanaryRow};
use crate::sinks::clickhouse::subjects::LiveSuppression;
use crate::sinks::clickhouse::telemetry::{CounterSink, CounterWrite, PartitionCounters};
use crate::sinks::clickhouse::ClickHouseArgs;
use crate::sources::kafka::{KafkaSource, KafkaSourceConfig, Record, Stored};
use crate::telemetry::geo::Geo;
use crate::telemetry::mapping::EventMapping;
use crate::telemetry::{Counted, Counters, EventKey, Processor, Suppress};
use anyhow::{Context, Result};
use std::collections::{BTreeMap, HashSet};
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
    /// Threads that read and count each batch (at least 1).
    pub threads: usize,
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
    threads: usize,
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
            sink: CounterSink::new(
                client,
                self.clickhouse.cluster.clone().map(|c| (c, self.clickhouse.database.clone())),
            ),
            objections,
            events,
            threads: self.threads.max(1),
        })
    }
}

/// One batch: its records, held until it is stored, then processed on `threads` threads.
struct Batch {
    parts: BTreeMap<i32, PartitionCounters>,
    /// Records not yet counted, in arrival order (partition, offset, payload).
    records: Vec<(i32, i64, Vec<u8>)>,
    /// Keys this batch counted, across its store attempts (a batch extended after a crash is
    /// counted in more than one go).
    counted: HashSet<EventKey>,
    topic: String,
    dead: Vec<(Option<String>, String)>,
    /// The leak canary's events, counted apart: the rows they would have added.
    canary: Vec<CanaryRow>,
}

impl Batch {
    /// Count what arrived since the last attempt, once: read and check the records on
    /// `threads` threads, leave out repeats of events this batch or an earlier one counted (a
    /// client's retry that landed in a later batch, or reached this worker after a restart),
    /// and count the rest on `threads` threads, merging their counters per partition.
    async fn count_pending(
        &mut self,
        sink: &CounterSink,
        events: &EventContext<'_>,
        list: &Arc<dyn Suppress>,
        threads: usize,
    ) {
        let records = std::mem::take(&mut self.records);
        if records.is_empty() {
            return;
        }
        let processor = || {
            Processor::new(events.scrubber, events.geo, events.seat_key)
                .with_suppression(list.clone())
                .with_mapping(events.mapping.clone())
        };
        let checked = tokio::task::block_in_place(|| {
            map_shares(records, threads, |share| {
                let mut p = processor();
                share
                    .into_iter()
                    .map(|(partition, offset, json)| (partition, offset, p.check(&json)))
                    .collect::<Vec<_>>()
            })
        });
        let mut accepted = Vec::new();
        let mut canaries = Vec::new();
        for (partition, offset, result) in checked.into_iter().flatten() {
            let part = self.parts.get_mut(&partition).expect("a record's partition has counters");
            match result {
                Ok(e) if e.canary.is_some() => canaries.push(e),
                Ok(e) => accepted.push((partition, e)),
                Err(rej) => {
                    *part.counters.rejected.entry(rej.label()).or_default() += 1;
                    let record = serde_json::json!({"topic": self.topic, "partition": partition, "offset": offset, "reason": rej.label(), "detail": rej.to_string()});
                    self.dead.push((None, record.to_string()));
                }
            }
        }
        if !canaries.is_empty() {
            let mut p = processor();
            for e in canaries {
                let run = e.canary.clone().unwrap_or_default();
                let mut c = Counters::default();
                p.count(e, &mut c);
                self.canary.push(CanaryRow::new(&run, "telemetry", "counted", "", crate::telemetry::rows_json(&c)));
            }
        }
        let keys: Vec<EventKey> = accepted.iter().map(|(_, e)| e.key).collect();
        let identity: BTreeMap<i32, i64> = self.parts.iter().map(|(p, part)| (*p, part.start)).collect();
        let earlier = if keys.is_empty() { Default::default() } else { sink.counted_earlier(&keys, &identity).await };
        let mut first = Vec::with_capacity(accepted.len());
        for (partition, e) in accepted {
            if earlier.contains(&e.key) || !self.counted.insert(e.key) {
                self.parts.get_mut(&partition).expect("counters").counters.duplicates += 1;
                metrics::event("duplicate");
            } else {
                first.push((partition, e));
            }
        }
        let shares = tokio::task::block_in_place(|| {
            map_shares(first, threads, |share| {
                let mut p = processor();
                let mut out: BTreeMap<i32, (Counters, Vec<EventKey>)> = BTreeMap::new();
                for (partition, e) in share {
                    let key = e.key;
                    let (c, counted) = out.entry(partition).or_default();
                    if p.count(e, c) == Counted::Counted {
                        counted.push(key);
                    }
                }
                out
            })
        });
        for (partition, (c, counted)) in shares.into_iter().flatten() {
            let part = self.parts.get_mut(&partition).expect("counters");
            part.counters.merge(c);
            part.counted.extend(counted);
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
                    parts: BTreeMap::new(),
                    records: Vec::new(),
                    counted: HashSet::new(),
                    topic: String::new(),
                    dead: Vec::new(),
                    canary: Vec::new(),
                },
                add,
                async |b| {
                    let list: Arc<dyn Suppress> = self.objections.current();
                    b.count_pending(&self.sink, e, &list, self.threads).await;
                    if self.sink.store(&b.parts).await == CounterWrite::ExtendBatch {
                        return Stored::KeepGoing;
                    }
                    self.source.dead_letters(&b.dead).await;
                    // Last: once the canary sees its results, the rest of the batch is out.
                    canary::store(self.sink.client(), &b.canary).await;
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

fn add(b: &mut Batch, r: Record<'_>) {
    let part = b.parts.entry(r.partition).or_insert(PartitionCounters {
        start: r.offset,
        end: r.offset,
        ..Default::default()
    });
    part.start = part.start.min(r.offset);
    part.end = part.end.max(r.offset);
    if b.topic.is_empty() {
        b.topic = r.topic.to_string();
    }
    b.records.push((r.partition, r.offset, r.payload.to_vec()));
}
