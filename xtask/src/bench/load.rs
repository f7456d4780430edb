//! The reference server under load: many keep-alive connections posting results at once,
//! each result's latency measured, and afterwards a count of what was stored, so a result
//! stored twice (or lost) shows.
//!
//! Plain HTTP/1.1 over `TcpStream`, one thread per connection: the server is what is
//! measured, so the client stays simple and has nothing to tune.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use crate::Result;

/// What a load run measured.
#[derive(Debug)]
pub struct LoadReport {
    /// Requests answered 201 per second of the run.
    pub stored_per_second: f64,
    /// Latency percentiles of every request, in milliseconds.
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Requests sent, retries included.
    pub requests: usize,
    /// Distinct idempotency keys sent.
    pub keys: usize,
    /// Results of this run the server lists afterwards, and how many keys appear more than once.
    pub listed: usize,
    pub duplicates: usize,
}

/// Every `RETRY_EVERY`th request of a connection repeats the previous key, as a client does
/// when an answer is lost: it must be answered again, not stored again.
pub const RETRY_EVERY: usize = 10;

/// Posts `per_connection` results on each of `connections` keep-alive connections at once.
/// Fails on any answer other than 201, then checks the stored results against the keys sent.
pub fn run(address: SocketAddr, connections: usize, per_connection: usize) -> Result<LoadReport> {
    // Each run its own keys, so a run never replays an earlier one's.
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let run_id = format!("bench-{}-{run}-", std::process::id());
    let started = Instant::now();
    let threads: Vec<_> = (0..connections)
        .map(|connection| {
            let run_id = run_id.clone();
            std::thread::spawn(move || post_many(address, &format!("{run_id}{connection}"), per_connection).map_err(|error| error.to_string()))
        })
        .collect();
    let mut latencies = Vec::new();
    let mut keys = 0;
    for thread in threads {
        let (latency, sent_keys) = thread.join().map_err(|_| "a load thread panicked")??;
        latencies.extend(latency);
        keys += sent_keys;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_by(f64::total_cmp);
    let (listed, duplicates) = count_stored(address, &run_id)?;
    Ok(LoadReport {
        stored_per_second: latencies.len() as f64 / elapsed,
        p50_ms: percentile(&latencies, 0.50),
        p99_ms: percentile(&latencies, 0.99),
        requests: latencies.len(),
        keys,
        listed,
        duplicates,
    })
}

/// The value below which `share` of the sorted `values` lie (nearest rank).
pub fn percentile(sorted: &[f64], share: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (share * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// One connection's requests; answers each request's latency and how many keys it used.
fn post_many(address: SocketAddr, prefix: &str, count: usize) -> Result<(Vec<f64>, usize)> {
    let stream = TcpStream::connect_timeout(&address, Duration::from_secs(5))?;
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut latencies = Vec::with_capacity(count);
    let mut key_no = 0;
    for request in 0..count {
        if request % RETRY_EVERY != RETRY_EVERY - 1 || request == 0 {
            key_no += 1;
        }
        let key = format!("{prefix}-{key_no}");
        let body = result_body(&key);
        let head = format!(
            "POST /api/results HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nIdempotency-Key: {key}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        let sent = Instant::now();
        writer.write_all(head.as_bytes())?;
        writer.write_all(body.as_bytes())?;
        let (status, answer) = read_response(&mut reader)?;
        latencies.push(sent.elapsed().as_secs_f64() * 1000.0);
        if status != 201 {
            return Err(format!("POST /api/results answered {status}: {answer}").into());
        }
    }
    Ok((latencies, key_no))
}

/// A ReviewResult like the widget posts after an approval.
pub fn result_body(key: &str) -> String {
    format!(
        r#"{{"schema":"countersign.result.v1","idempotency_key":"{key}","item_id":"{key}","item_version":"1","kind":"email","decision":"approved","edited":false,"original":{{"subject":"Following up","body":"Hi Sam, thanks for the demo."}},"final":{{"subject":"Following up","body":"Hi Sam, thanks for the demo."}},"changes":[{{"op":"equal","text":"Hi Sam, thanks for the demo."}}],"reasons":[],"reviewer":{{"id":"bench"}},"opened_at":"2026-11-22T10:00:00Z","decided_at":"2026-11-22T10:01:12Z","active_ms":4210,"client":{{"name":"countersign-bench","version":"0"}}}}"#
    )
}

/// Reads one HTTP/1.1 response, its body sized by Content-Length or sent in chunks (the
/// export streams): its status and body.
pub fn read_response(reader: &mut impl BufRead) -> Result<(u16, String)> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line.split_whitespace().nth(1).and_then(|code| code.parse::<u16>().ok()).ok_or_else(|| format!("not an HTTP status line: {line:?}"))?;
    let (mut length, mut chunked) = (0, false);
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err("the server closed the connection mid-response".into());
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().map_err(|_| format!("a bad Content-Length: {value}"))?;
            } else if name.eq_ignore_ascii_case("transfer-encoding") && value.trim().eq_ignore_ascii_case("chunked") {
                chunked = true;
            }
        }
    }
    if !chunked {
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        return Ok((status, String::from_utf8_lossy(&body).into_owned()));
    }
    let mut body = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let size = usize::from_str_radix(line.trim_end().split(';').next().unwrap_or_default(), 16).map_err(|_| format!("a bad chunk size: {line:?}"))?;
        let start = body.len();
        body.resize(start + size + 2, 0);
        // Each chunk ends with CRLF; the last (empty) one too, after no trailers.
        reader.read_exact(&mut body[start..])?;
        body.truncate(start + size);
        if size == 0 {
            return Ok((status, String::from_utf8_lossy(&body).into_owned()));
        }
    }
}

/// How many stored results carry this run's keys, and how many keys are stored more than once.
fn count_stored(address: SocketAddr, run_id: &str) -> Result<(usize, usize)> {
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    write!(stream, "GET /api/results HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")?;
    let (status, body) = read_response(&mut BufReader::new(stream))?;
    if status != 200 {
        return Err(format!("GET /api/results answered {status}: {body}").into());
    }
    let list: serde_json::Value = serde_json::from_str(&body)?;
    let mut keys: Vec<&str> = list["results"]
        .as_array()
        .ok_or("GET /api/results gave no results array")?
        .iter()
        .filter_map(|result| result["idempotency_key"].as_str())
        .filter(|key| key.starts_with(run_id))
        .collect();
    let listed = keys.len();
    keys.sort_unstable();
    keys.dedup();
    Ok((listed, listed - keys.len()))
}

#[cfg(test)]
mod tests {
    use super::{percentile, read_response};

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&values, 0.50), 50.0);
        assert_eq!(percentile(&values, 0.99), 99.0);
        assert_eq!(percentile(&[7.0], 0.99), 7.0);
        assert!(percentile(&[], 0.5).is_nan());
    }

    #[test]
    fn responses_are_read_by_their_length() {
        let text = "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 4\r\n\r\n{\"a\"HTTP/1.1 200 OK\r\n";
        let mut reader = std::io::BufReader::new(text.as_bytes());
        assert_eq!(read_response(&mut reader).unwrap(), (201, "{\"a\"".to_string()));
        assert!(read_response(&mut std::io::BufReader::new("garbage\r\n".as_bytes())).is_err());
    }

    #[test]
    fn chunked_responses_are_read_to_their_last_chunk() {
        let text = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\nA;ext=1\r\n, chunked!\r\n0\r\n\r\nHTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n";
        let mut reader = std::io::BufReader::new(text.as_bytes());
        assert_eq!(read_response(&mut reader).unwrap(), (200, "hello, chunked!".to_string()));
        assert_eq!(read_response(&mut reader).unwrap(), (204, String::new()));
    }
}
