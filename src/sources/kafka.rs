//! Kafka consumer settings shared by the consumers (diagnostic packages, telemetry).
//! Offsets are committed by the caller, after what was consumed is durably stored.

use crate::retry::retry;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{CommitMode, Consumer, StreamConsumer};
use rdkafka::message::Message;
use rdkafka::{Offset, TopicPartitionList};
use std::collections::BTreeMap;
use std::time::Duration;

#[derive(clap::Args, Clone, Debug)]
pub struct KafkaArgs {
    /// Bootstrap servers.
    #[arg(long = "kafka-brokers", env = "SCRUBLINE_KAFKA_BROKERS", default_value = "127.0.0.1:9092")]
    pub brokers: String,
    /// Consumer group; workers in one group split the topic's partitions between them.
    #[arg(long = "kafka-group", env = "SCRUBLINE_KAFKA_GROUP")]
    pub group: Option<String>,
}

impl KafkaArgs {
    /// The source configuration for `topic` (as `default_group` unless a group is given).
    pub fn source(
        &self,
        default_group: &str,
        topic: &str,
        dlq_topic: Option<&str>,
        batch: usize,
        linger_ms: u64,
    ) -> KafkaSourceConfig {
        KafkaSourceConfig {
            brokers: self.brokers.clone(),
            group: self.group.clone().unwrap_or_else(|| default_group.to_string()),
            topic: topic.to_string(),
            dlq_topic: dlq_topic.map(str::to_string),
            batch,
            linger_ms,
        }
    }

    /// A consumer configuration: no auto-commit (the caller commits after storing), start
    /// from the earliest offset when the group has none, and a session timeout the mock
    /// cluster and real brokers both accept.
    pub fn consumer_config(&self, default_group: &str) -> ClientConfig {
        let mut c = ClientConfig::new();
        c.set("bootstrap.servers", &self.brokers)
            .set("group.id", self.group.as_deref().unwrap_or(default_group))
            .set("enable.auto.commit", "false")
            .set("enable.auto.offset.store", "false")
            .set("auto.offset.reset", "earliest")
            .set("session.timeout.ms", "6000")
            .set("enable.partition.eof", "false");
        c
    }

    pub fn producer_config(&self) -> ClientConfig {
        let mut c = ClientConfig::new();
        c.set("bootstrap.servers", &self.brokers).set("enable.idempotence", "true").set("message.timeout.ms", "30000");
        c
    }
}

/// A Kafka source as a pipeline reads it: where to consume and how to batch. Built into a
/// [`KafkaSource`] (subscribed consumer and dead-letter producer) by [`KafkaSourceConfig::build`].
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct KafkaSourceConfig {
    /// Bootstrap servers (`host:port,host:port`).
    pub brokers: String,
    /// Consumer group: workers in one group split the topic's partitions between them.
    pub group: String,
    /// The topic consumed.
    pub topic: String,
    /// Dead-letter topic for rejected records (position or metadata and reason, never
    /// content); none: rejections are only counted and logged.
    pub dlq_topic: Option<String>,
    /// Records per batch.
    pub batch: usize,
    /// Longest wait before a partial batch is stored, in milliseconds.
    pub linger_ms: u64,
}

impl KafkaSourceConfig {
    /// Subscribe to the topic and open the dead-letter producer.
    pub fn build(&self) -> anyhow::Result<KafkaSource> {
        let args = KafkaArgs { brokers: self.brokers.clone(), group: Some(self.group.clone()) };
        Ok(KafkaSource { io: args.open(&self.group, &self.topic, self.dlq_topic.as_deref())?, config: self.clone() })
    }
}

/// A subscribed Kafka source: consumes in batches and commits only what was stored.
pub struct KafkaSource {
    io: KafkaIo,
    config: KafkaSourceConfig,
}

impl KafkaSource {
    /// See [`consume_in_batches`]; `pipeline` names the batches in metrics.
    pub async fn run<B>(
        &self,
        pipeline: &'static str,
        new_batch: impl FnMut() -> B,
        add: impl FnMut(&mut B, Record<'_>),
        store: impl AsyncFnMut(&mut B) -> Stored,
    ) -> anyhow::Result<()> {
        let linger = Duration::from_millis(self.config.linger_ms);
        consume_in_batches(pipeline, &self.io.consumer, self.config.batch, linger, new_batch, add, store).await
    }

    /// Send dead-letter records, retrying each until it is taken.
    pub async fn dead_letters(&self, records: &[(Option<String>, String)]) {
        self.io.dead_letters(records).await
    }

    /// Set the consumer-lag gauge of one partition of the topic.
    pub fn report_lag(&self, partition: i32, next_offset: i64) {
        report_lag(&self.io.consumer, &self.config.topic, partition, next_offset)
    }
}

/// A worker's Kafka connections: the consumer, and a producer for its dead-letter topic.
pub struct KafkaIo {
    pub consumer: StreamConsumer,
    dead_letters: Option<(rdkafka::producer::FutureProducer, String)>,
}

impl KafkaArgs {
    /// Subscribe to `topic` (as `default_group` unless a group is given), with a dead-letter
    /// producer when `dlq_topic` is set.
    pub fn open(&self, default_group: &str, topic: &str, dlq_topic: Option<&str>) -> anyhow::Result<KafkaIo> {
        use anyhow::Context;
        let consumer: StreamConsumer =
            self.consumer_config(default_group).create().context("creating the Kafka consumer")?;
        consumer.subscribe(&[topic]).context("subscribing")?;
        let dead_letters = match dlq_topic {
            Some(t) => {
                Some((self.producer_config().create().context("creating the dead-letter producer")?, t.to_string()))
            }
            None => None,
        };
        eprintln!("consuming {topic} as group {}", self.group.as_deref().unwrap_or(default_group));
        Ok(KafkaIo { consumer, dead_letters })
    }
}

impl KafkaIo {
    /// Send dead-letter records (metadata and reason only), retrying each until it is taken.
    pub async fn dead_letters(&self, records: &[(Option<String>, String)]) {
        let Some((producer, topic)) = &self.dead_letters else { return };
        crate::self_metrics::dead_letters(topic, records.len());
        for (key, payload) in records {
            retry("sending a dead letter", async || {
                let mut rec: rdkafka::producer::FutureRecord<'_, String, String> =
                    rdkafka::producer::FutureRecord::to(topic).payload(payload);
                if let Some(k) = key {
                    rec = rec.key(k);
                }
                producer.send(rec, Duration::from_secs(10)).await.map(|_| ()).map_err(|(e, _)| e)
            })
            .await;
        }
    }
}

/// One record as the batch builders see it.
pub struct Record<'a> {
    pub topic: &'a str,
    pub partition: i32,
    pub offset: i64,
    pub payload: &'a [u8],
}

/// What `store` did with a batch.
pub enum Stored {
    /// Durable: commit its offsets and start a new batch.
    Done,
    /// Not yet: keep adding records to this batch (used to make a re-consumed batch cover at
    /// least what an earlier, uncommitted attempt stored).
    KeepGoing,
}

/// Consume in batches until SIGTERM or Ctrl-C: gather up to `batch` records or for `linger`,
/// hand them to `add`, call `store` (which returns `Done` only once the batch is durable),
/// then commit the next offset of every partition in it, synchronously, so at most one stored
/// batch is ever uncommitted. Nothing is committed before it is stored.
pub async fn consume_in_batches<B>(
    pipeline: &'static str,
    consumer: &StreamConsumer,
    batch: usize,
    linger: Duration,
    mut new_batch: impl FnMut() -> B,
    mut add: impl FnMut(&mut B, Record<'_>),
    mut store: impl AsyncFnMut(&mut B) -> Stored,
) -> anyhow::Result<()> {
    let mut stop = std::pin::pin!(shutdown());
    let mut stopping = false;
    let mut b = new_batch();
    let mut records = 0;
    let mut limit = batch;
    let mut offsets: BTreeMap<(String, i32), i64> = BTreeMap::new();
    while !stopping {
        let deadline = tokio::time::Instant::now() + linger;
        while records < limit {
            tokio::select! {
                _ = &mut stop => { stopping = true; break; }
                _ = tokio::time::sleep_until(deadline) => break,
                m = consumer.recv() => match m {
                    Ok(m) => {
                        let r = Record { topic: m.topic(), partition: m.partition(), offset: m.offset(), payload: m.payload().unwrap_or(&[]) };
                        let e = offsets.entry((r.topic.to_string(), r.partition)).or_insert(r.offset);
                        *e = (*e).max(r.offset);
                        add(&mut b, r);
                        records += 1;
                    }
                    Err(e) => tracing::warn!(error = %e, "Kafka receive error"),
                },
            }
        }
        if records == 0 {
            continue;
        }
        if let Stored::KeepGoing = store(&mut b).await {
            if !stopping {
                limit = records + batch;
                continue;
            }
            // Stopping with a batch that may not be stored: leave it uncommitted; the next
            // worker consumes it again.
            break;
        }
        let mut tpl = TopicPartitionList::new();
        for ((topic, partition), offset) in &offsets {
            tpl.add_partition_offset(topic, *partition, Offset::Offset(offset + 1))?;
        }
        consumer.commit(&tpl, CommitMode::Sync)?;
        crate::self_metrics::batch_stored(pipeline);
        b = new_batch();
        records = 0;
        limit = batch;
        offsets.clear();
    }
    Ok(())
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown() {
    #[cfg(unix)]
    if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        tokio::select! { _ = s.recv() => {}, _ = tokio::signal::ctrl_c() => {} }
        return;
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Set `scrubline_kafka_consumer_lag{topic,partition}`: records behind the partition's end
/// after `next_offset`. Reads the high watermark librdkafka cached from its last fetch: asking
/// the broker for it costs a round trip per partition, which with many partitions took longer
/// than storing the batch (10 s a batch of 33 partitions on the mock cluster).
pub fn report_lag(consumer: &StreamConsumer, topic: &str, partition: i32, next_offset: i64) {
    if let Some(high) = cached_high_watermark(consumer, topic, partition) {
        metrics::gauge!(crate::self_metrics::CONSUMER_LAG, "topic" => topic.to_string(), "partition" => partition.to_string())
            .set((high - next_offset).max(0) as f64);
    }
}

/// librdkafka's `rd_kafka_get_watermark_offsets`, which the rdkafka crate does not wrap: the
/// high watermark from the last fetch response, without asking the broker. None before the
/// first fetch of the partition.
fn cached_high_watermark(consumer: &StreamConsumer, topic: &str, partition: i32) -> Option<i64> {
    use rdkafka::consumer::Consumer;
    let topic = std::ffi::CString::new(topic).ok()?;
    let (mut low, mut high) = (-1i64, -1i64);
    // SAFETY: the client pointer lives as long as `consumer`; the call only reads librdkafka's
    // cached offsets for the partition and writes the two integers we own.
    let err = unsafe {
        rdkafka::bindings::rd_kafka_get_watermark_offsets(
            consumer.client().native_ptr(),
            topic.as_ptr(),
            partition,
            &mut low,
            &mut high,
        )
    };
    (err == rdkafka::bindings::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR && high >= 0).then_some(high)
}
