//! The soak: the release server on loopback under a steady mix of what a deployment sees
//! (pipelines ingesting items, widgets listing the queue and posting results, the trust report
//! and the export being read) for a bounded time, with every request's latency and the
//! server's resident memory each second. It passes when p99 stays under 50 ms, every answer
//! is the one expected, and memory is flat: the last third of the run holds no more than the
//! middle third, give or take a margin for the allocator.
//!
//! The p99 is over every request but the export downloads themselves: an export streams every
//! result there is, so its own duration grows with the database by design (it is reported
//! apart); what the budget holds is that exports running alongside do not slow the rest.

use std::collections::BTreeMap;
use std::io::{BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::load::{percentile, read_response, result_body};
use crate::Result;

/// Keep-alive connections, each a client of its own.
const CONNECTIONS: usize = 8;
/// Requests per second each connection sends: 200/s in all, paced, not as fast as possible.
const PER_CONNECTION_RATE: f64 = 25.0;
/// The p99 latency budget, in milliseconds.
pub const P99_BUDGET_MS: f64 = 50.0;
/// How much the last third's memory may exceed the middle third's and still be flat.
const FLAT_RATIO: f64 = 1.2;

/// One kind of request of the mix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    PostResult,
    ListQueue,
    Ingest,
    Stats,
    Export,
}

/// Which kind the `n`th request of a connection is. In every 100: 50 results posted, 32 queue
/// pages, 15 ingested batches, 2 trust reports and one export: the export and the report read
/// every result there is, so they are what a deployment runs now and then, not constantly
/// (at 200 requests a second that is still two exports and four reports a second).
pub fn kind_of(n: usize) -> Kind {
    match n % 100 {
        0..=49 => Kind::PostResult,
        50..=81 => Kind::ListQueue,
        82..=96 => Kind::Ingest,
        97 | 98 => Kind::Stats,
        _ => Kind::Export,
    }
}

/// What a soak measured.
#[derive(Debug)]
pub struct SoakReport {
    pub seconds: f64,
    pub requests: usize,
    /// Answers other than the expected status, with the first one's text.
    pub unexpected: usize,
    pub first_unexpected: Option<String>,
    /// Percentiles over every request but the export downloads, in milliseconds.
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// p99 per kind of request, in milliseconds.
    pub p99_by_kind: BTreeMap<String, f64>,
    /// Resident memory each second, in MiB.
    pub rss_mib: Vec<f64>,
}

impl SoakReport {
    /// The mean resident memory of the middle and the last third of the run, in MiB.
    pub fn memory_thirds(&self) -> (f64, f64) {
        thirds(&self.rss_mib)
    }

    /// Whether memory stopped growing: the last third within [`FLAT_RATIO`] of the middle one.
    pub fn memory_flat(&self) -> bool {
        let (middle, last) = self.memory_thirds();
        middle > 0.0 && last <= middle * FLAT_RATIO
    }

    /// Whether the soak met its budgets.
    pub fn passed(&self) -> bool {
        self.unexpected == 0 && self.p99_ms < P99_BUDGET_MS && self.memory_flat()
    }
}

/// The means of the middle and last thirds of `samples`.
pub fn thirds(samples: &[f64]) -> (f64, f64) {
    let third = samples.len() / 3;
    if third == 0 {
        return (0.0, 0.0);
    }
    let mean = |part: &[f64]| part.iter().sum::<f64>() / part.len() as f64;
    (mean(&samples[third..2 * third]), mean(&samples[samples.len() - third..]))
}

/// Runs the mix against `address` (the server process `pid`) for `seconds`.
pub fn run(address: SocketAddr, pid: u32, seconds: u64) -> Result<SoakReport> {
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut rss = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                if let Some(mib) = resident_mib(pid) {
                    rss.push(mib);
                }
                std::thread::sleep(Duration::from_secs(1));
            }
            rss
        })
    };
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let clients: Vec<_> = (0..CONNECTIONS)
        .map(|client| std::thread::spawn(move || client_loop(address, client, deadline).map_err(|error| error.to_string())))
        .collect();
    let mut samples: Vec<(Kind, f64)> = Vec::new();
    let (mut unexpected, mut first_unexpected) = (0, None);
    for client in clients {
        let outcome = client.join().map_err(|_| "a soak client panicked")??;
        samples.extend(outcome.samples);
        unexpected += outcome.unexpected.len();
        if first_unexpected.is_none() {
            first_unexpected = outcome.unexpected.into_iter().next();
        }
    }
    stop.store(true, Ordering::Relaxed);
    let rss_mib = sampler.join().map_err(|_| "the memory sampler panicked")?;

    let mut all: Vec<f64> = samples.iter().filter(|(kind, _)| *kind != Kind::Export).map(|(_, ms)| *ms).collect();
    all.sort_by(f64::total_cmp);
    let mut by_kind: BTreeMap<Kind, Vec<f64>> = BTreeMap::new();
    for (kind, ms) in &samples {
        by_kind.entry(*kind).or_default().push(*ms);
    }
    let p99_by_kind = by_kind
        .into_iter()
        .map(|(kind, mut latencies)| {
            latencies.sort_by(f64::total_cmp);
            (format!("{kind:?}"), percentile(&latencies, 0.99))
        })
        .collect();
    Ok(SoakReport {
        seconds: started.elapsed().as_secs_f64(),
        requests: samples.len(),
        unexpected,
        first_unexpected,
        p50_ms: percentile(&all, 0.50),
        p99_ms: percentile(&all, 0.99),
        p99_by_kind,
        rss_mib,
    })
}

/// What one client saw: each request's kind and latency, and the answers it did not expect.
struct ClientOutcome {
    samples: Vec<(Kind, f64)>,
    unexpected: Vec<String>,
}

fn client_loop(address: SocketAddr, client: usize, deadline: Instant) -> Result<ClientOutcome> {
    let stream = TcpStream::connect_timeout(&address, Duration::from_secs(5))?;
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let interval = Duration::from_secs_f64(1.0 / PER_CONNECTION_RATE);
    // The clients start spread over one interval, so they do not all fire at once.
    let mut next = Instant::now() + interval.mul_f64(client as f64 / CONNECTIONS as f64);
    let mut outcome = ClientOutcome { samples: Vec::new(), unexpected: Vec::new() };
    let mut n = 0;
    while next < deadline {
        if let Some(wait) = next.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        let kind = kind_of(n);
        let (method, path, body, expected) = request(kind, client, n);
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\n");
        if !body.is_empty() {
            head.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n", body.len()));
        }
        if kind == Kind::PostResult {
            head.push_str(&format!("Idempotency-Key: soak-{client}-{n}\r\n"));
        }
        head.push_str("\r\n");
        let sent = Instant::now();
        writer.write_all(head.as_bytes())?;
        writer.write_all(body.as_bytes())?;
        let (status, answer) = read_response(&mut reader)?;
        outcome.samples.push((kind, sent.elapsed().as_secs_f64() * 1000.0));
        if status != expected {
            outcome.unexpected.push(format!("{method} {path}: {status} (expected {expected}): {}", answer.chars().take(300).collect::<String>()));
        }
        n += 1;
        next += interval;
    }
    Ok(outcome)
}

/// The `n`th request of `client`: method, path, body and the status it should get.
fn request(kind: Kind, client: usize, n: usize) -> (&'static str, &'static str, String, u16) {
    match kind {
        Kind::PostResult => ("POST", "/api/results", result_body(&format!("soak-{client}-{n}")), 201),
        Kind::ListQueue => ("GET", "/api/items?limit=50", String::new(), 200),
        Kind::Ingest => ("POST", "/api/items", ingest_body(client, n), 201),
        Kind::Stats => ("GET", "/api/stats", String::new(), 200),
        Kind::Export => ("GET", "/api/export?format=jsonl", String::new(), 200),
    }
}

/// A pipeline's batch of five emails.
fn ingest_body(client: usize, n: usize) -> String {
    let items: Vec<String> = (0..5)
        .map(|at| {
            format!(
                r#"{{"id":"soak-{client}-{n}-{at}","kind":"email","title":"Soak {n}","draft":{{"subject":"Following up","body":"Hi Sam, thanks for the demo on Tuesday. Shall we look at pricing next week?"}},"rationale":{{"summary":"A follow-up after the demo.","confidence":0.8,"risk":"low"}}}}"#
            )
        })
        .collect();
    format!(r#"{{"items":[{}]}}"#, items.join(","))
}

/// The resident memory of process `pid`, in MiB, from `/proc`.
fn resident_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kib: f64 = status.lines().find_map(|line| line.strip_prefix("VmRSS:"))?.trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kib / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mix_holds_every_kind_in_its_share() {
        let mut counts = BTreeMap::new();
        for n in 0..200 {
            *counts.entry(kind_of(n)).or_insert(0) += 1;
        }
        assert_eq!(counts, BTreeMap::from([(Kind::PostResult, 100), (Kind::ListQueue, 64), (Kind::Ingest, 30), (Kind::Stats, 4), (Kind::Export, 2)]));
    }

    #[test]
    fn memory_is_flat_when_the_last_third_holds_what_the_middle_did() {
        let report = |rss_mib: Vec<f64>| SoakReport { seconds: 60.0, requests: 1, unexpected: 0, first_unexpected: None, p50_ms: 1.0, p99_ms: 2.0, p99_by_kind: BTreeMap::new(), rss_mib };
        // Growing at first, then level: flat.
        assert!(report(vec![10.0, 20.0, 30.0, 31.0, 31.0, 32.0, 32.0, 32.0, 31.0]).memory_flat());
        // Still growing in the last third: a leak.
        let leaking = report((0..60).map(|second| 20.0 + second as f64).collect());
        assert_eq!(leaking.memory_thirds(), (49.5, 69.5));
        assert!(!leaking.memory_flat());
        assert!(!leaking.passed());
        // Too few samples to tell is not flat.
        assert!(!report(vec![10.0, 10.0]).memory_flat());
    }

    #[test]
    fn every_ingested_batch_is_valid_json_with_five_items() {
        let batch: serde_json::Value = serde_json::from_str(&ingest_body(3, 14)).unwrap();
        assert_eq!(batch["items"].as_array().unwrap().len(), 5);
        assert_eq!(batch["items"][4]["id"], "soak-3-14-4");
    }
}
