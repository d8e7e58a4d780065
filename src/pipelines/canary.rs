//! The leak canary ([`crate::canary`]), one run against the live pipeline: send, wait for the pipeline to process, look for
//! the values in every table of the database and in the dead-letter topics.

use crate::canary::{mark, Values};
use crate::engine::Keyring;
use crate::sinks::clickhouse::canary::{find_values, results};
use anyhow::{Context, Result};
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Message;
use rdkafka::producer::{FutureProducer, FutureRecord};
use std::time::{Duration, Instant};

/// Where the canary sends and looks.
pub struct Target<'a> {
    pub kafka: &'a crate::sources::kafka::KafkaArgs,
    pub packages_topic: &'a str,
    pub telemetry_topic: &'a str,
    pub dead_letter_topics: &'a [String],
    pub db: &'a clickhouse::Client,
    pub database: &'a str,
    pub wait: Duration,
}

/// What a run found.
#[derive(Debug, serde::Serialize)]
pub struct Report {
    pub run_id: String,
    /// `ok`, `leak`, `held_back` (the pipeline refused its ordinary-looking input),
    /// `misrouted` (its package was stored as a customer's: a consumer without the keyring),
    /// `timeout`.
    pub outcome: &'static str,
    /// Places a value was found: `table.column (rows)`, `topic/partition@offset`, or the
    /// canary's own result (`canary_results/packages (decoded)`).
    pub leaks: Vec<String>,
    /// Why the canary's traffic was held back, if it was.
    pub held_back: Vec<String>,
    pub package_seen: bool,
    pub events_seen: usize,
    pub events_sent: usize,
}

/// Run the canary once.
pub async fn run_once(t: &Target<'_>, keys: &Keyring) -> Result<Report> {
    let values = Values::new(&mut rand::rngs::OsRng, crate::canary::unix_now());
    let m = mark(keys, &values.run);
    let dlq_from = dead_letter_ends(t)?;
    let producer: FutureProducer = t.kafka.producer_config().create().context("creating the canary's producer")?;
    let package = values.package(&m);
    let package_id = crate::packages::package_id(&package);
    let events = values.events(&m, crate::sinks::clickhouse::unix_now() as i64);
    let send = |topic: &str, key: String, payload: &[u8]| {
        let (topic, payload) = (topic.to_string(), payload.to_vec());
        let producer = producer.clone();
        async move {
            let rec: FutureRecord<'_, String, Vec<u8>> = FutureRecord::to(&topic).key(&key).payload(&payload);
            producer.send(rec, Duration::from_secs(30)).await.map(|_| ()).map_err(|(e, _)| e)
        }
    };
    send(t.packages_topic, format!("canary-{}", values.run), &package).await.context("sending the canary package")?;
    for (i, e) in events.iter().enumerate() {
        send(t.telemetry_topic, format!("canary-{}-{i}", values.run), e).await.context("sending a canary event")?;
    }

    // Wait for the pipeline: the package's result (or the package stored as a customer's, by
    // a consumer that cannot verify the mark) and one result per event.
    let deadline = Instant::now() + t.wait;
    let (rows, misrouted) = loop {
        let rows = results(t.db, &values.run).await.context("reading canary_results")?;
        // A consumer that cannot verify the mark (no keyring, another one) stores the canary's
        // package among support's: say so rather than wait for it.
        let misrouted: u64 =
            t.db.query("SELECT count() FROM diagnostic_packages WHERE package_id = ?")
                .bind(&package_id)
                .fetch_one()
                .await
                .context("looking for a misrouted canary package")?;
        let done = (misrouted > 0 || rows.iter().any(|r| r.source == "packages"))
            && rows.iter().filter(|r| r.source == "telemetry").count() >= events.len();
        if done || Instant::now() >= deadline {
            break (rows, misrouted);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    let package_seen = rows.iter().any(|r| r.source == "packages");
    let events_seen = rows.iter().filter(|r| r.source == "telemetry").count();

    let mut leaks = Vec::new();
    let mut held_back = Vec::new();
    for r in &rows {
        if r.outcome == "quarantined" {
            held_back.push(format!("the canary package was quarantined: {} ({})", r.detail, r.content));
        }
        if r.content.contains(crate::telemetry::WITHHELD) {
            held_back.push("a canary event's label was withheld by the output verifier".into());
        }
        let mut text = r.content.clone();
        if r.source == "packages" && r.outcome == "stored" {
            if let Some((_, eml)) = r.content.split_once('\n') {
                decoded_text(eml.as_bytes(), &mut text);
            }
        }
        for kind in values.found_in(&text) {
            leaks.push(format!("canary_results/{} ({kind}, read decoded)", r.source));
        }
    }
    let needles: Vec<&str> = values.all().iter().map(|(_, v)| *v).collect();
    for (table, column, n) in find_values(t.db, t.database, &needles).await.context("searching the tables")? {
        leaks.push(format!("{table}.{column} ({n} row(s))"));
    }
    leaks.extend(dead_letter_hits(t, &dlq_from, &values)?);
    leaks.sort();
    leaks.dedup();

    let outcome = if !leaks.is_empty() {
        "leak"
    } else if !held_back.is_empty() {
        "held_back"
    } else if misrouted > 0 {
        "misrouted"
    } else if !package_seen || events_seen < events.len() {
        "timeout"
    } else {
        "ok"
    };
    Ok(Report { run_id: values.run, outcome, leaks, held_back, package_seen, events_seen, events_sent: events.len() })
}

/// Everything a reader of a stored message sees: headers and every part, decoded.
fn decoded_text(eml: &[u8], out: &mut String) {
    let Some(msg) = crate::reading::mime::parse(eml) else { return };
    for part in &msg.parts {
        for h in &part.headers {
            if let Some(t) = h.value.as_text() {
                out.push_str(t);
                out.push('\n');
            }
        }
        match &part.body {
            mail_parser::PartType::Message(m) => decoded_text(m.raw_message(), out),
            mail_parser::PartType::Multipart(_) => {}
            _ => out.push_str(&String::from_utf8_lossy(part.contents())),
        }
        out.push('\n');
    }
}

type Ends = Vec<(String, i32, i64)>;

/// Each dead-letter partition's end before the canary sends: only later records are read.
fn dead_letter_ends(t: &Target<'_>) -> Result<Ends> {
    let mut out = Vec::new();
    if t.dead_letter_topics.is_empty() {
        return Ok(out);
    }
    let c: BaseConsumer = t.kafka.consumer_config("scrubline-canary").create()?;
    for topic in t.dead_letter_topics {
        let md = c.fetch_metadata(Some(topic), Duration::from_secs(10)).context("dead-letter topic metadata")?;
        for p in md.topics().iter().flat_map(|t| t.partitions()) {
            let (_, high) = c.fetch_watermarks(topic, p.id(), Duration::from_secs(10))?;
            out.push((topic.clone(), p.id(), high));
        }
    }
    Ok(out)
}

/// Dead letters written since `from` that hold a canary value.
fn dead_letter_hits(t: &Target<'_>, from: &Ends, values: &Values) -> Result<Vec<String>> {
    let mut hits = Vec::new();
    if from.is_empty() {
        return Ok(hits);
    }
    let c: BaseConsumer = t.kafka.consumer_config("scrubline-canary").create()?;
    let mut list = rdkafka::TopicPartitionList::new();
    let mut ends = std::collections::HashMap::new();
    for (topic, p, start) in from {
        let (_, high) = c.fetch_watermarks(topic, *p, Duration::from_secs(10))?;
        if high > *start {
            list.add_partition_offset(topic, *p, rdkafka::Offset::Offset(*start))?;
            ends.insert((topic.clone(), *p), high);
        }
    }
    if ends.is_empty() {
        return Ok(hits);
    }
    c.assign(&list)?;
    let deadline = Instant::now() + Duration::from_secs(20);
    while !ends.is_empty() && Instant::now() < deadline {
        let Some(msg) = c.poll(Duration::from_millis(200)) else { continue };
        let msg = msg?;
        let key = (msg.topic().to_string(), msg.partition());
        let text = String::from_utf8_lossy(msg.payload().unwrap_or_default());
        for kind in values.found_in(&text) {
            hits.push(format!("{}/{}@{} ({kind})", key.0, key.1, msg.offset()));
        }
        if ends.get(&key).is_some_and(|end| msg.offset() + 1 >= *end) {
            ends.remove(&key);
        }
    }
    if !ends.is_empty() {
        anyhow::bail!("the dead-letter topics could not be read to their end within 20 s");
    }
    Ok(hits)
}
