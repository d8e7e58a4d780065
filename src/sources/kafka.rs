//! Kafka consumer settings shared by the consumers (diagnostic packages, telemetry).
//! Offsets are committed by the caller, after what was consumed is durably stored.

use rdkafka::config::ClientConfig;

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
