//! Crash safety under load: results stream in from 16 connections, the server is killed with
//! SIGKILL mid-stream, and a new server on the same file must hold every acknowledged result
//! exactly once, take the unacknowledged ones when they are sent again, and pass SQLite's
//! integrity check.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Child;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{result, TempDb};

const CONNECTIONS: usize = 16;

/// The server binary on `db`, and the address it printed.
fn start(db: &TempDb) -> (Child, SocketAddr) {
    let (child, _, address) = common::start_binary(&["--no-history".as_ref(), "--db".as_ref(), db.path.as_os_str()]);
    (child, address)
}

/// One keep-alive HTTP/1.1 connection.
struct Connection {
    reader: BufReader<TcpStream>,
    address: SocketAddr,
}

impl Connection {
    fn open(address: SocketAddr) -> std::io::Result<Connection> {
        let stream = TcpStream::connect(address)?;
        stream.set_read_timeout(Some(Duration::from_secs(10)))?;
        Ok(Connection { reader: BufReader::new(stream), address })
    }

    /// Sends a request and reads the answer's status and body.
    fn send(&mut self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> std::io::Result<(u16, String)> {
        let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.address);
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
        self.reader.get_mut().write_all(request.as_bytes())?;
        let broken = || std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "the connection broke mid-answer");
        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            return Err(broken());
        }
        let status = line.split(' ').nth(1).and_then(|code| code.parse().ok()).ok_or_else(broken)?;
        let mut length = 0;
        loop {
            line.clear();
            if self.reader.read_line(&mut line)? == 0 {
                return Err(broken());
            }
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().map_err(|_| broken())?;
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body)?;
        Ok((status, String::from_utf8_lossy(&body).into_owned()))
    }

    fn post_result(&mut self, key: &str) -> std::io::Result<u16> {
        let body = result(key, key, "1", "approved");
        self.send("POST", "/api/results", &[("Content-Type", "application/json"), ("Idempotency-Key", key)], &body).map(|(status, _)| status)
    }
}

/// Every stored result's idempotency key, with how many times it is stored.
fn stored_keys(address: SocketAddr) -> HashMap<String, usize> {
    let (status, body) = Connection::open(address).and_then(|mut connection| connection.send("GET", "/api/results", &[], "")).expect("the results are listed");
    assert_eq!(status, 200, "{body}");
    let listed: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let mut keys = HashMap::new();
    for stored in listed["results"].as_array().expect("a results array") {
        *keys.entry(stored["idempotency_key"].as_str().expect("a key").to_string()).or_insert(0) += 1;
    }
    keys
}

#[test]
fn every_acknowledged_result_survives_a_sigkill_under_load_exactly_once() {
    let db = TempDb::file("crash");
    let (mut server, address) = start(&db);

    // 16 connections post results as fast as they are answered, each noting what got a 201,
    // until the server dies under them.
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let dead = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..CONNECTIONS)
        .map(|writer| {
            let (acknowledged, dead) = (acknowledged.clone(), dead.clone());
            std::thread::spawn(move || {
                let (mut acked, mut unanswered) = (Vec::new(), Vec::new());
                let Ok(mut connection) = Connection::open(address) else { return (acked, unanswered) };
                for n in 0.. {
                    let key = format!("crash-{writer}-{n}");
                    match connection.post_result(&key) {
                        Ok(201) => {
                            acked.push(key);
                            acknowledged.fetch_add(1, Ordering::Relaxed);
                        }
                        Ok(status) => panic!("{key}: {status} before the kill"),
                        Err(_) => {
                            assert!(dead.load(Ordering::Relaxed), "{key}: the connection broke before the kill");
                            unanswered.push(key);
                            break;
                        }
                    }
                }
                (acked, unanswered)
            })
        })
        .collect();
    let started = Instant::now();
    while acknowledged.load(Ordering::Relaxed) < 2_000 && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(5));
    }
    dead.store(true, Ordering::Relaxed);
    server.kill().expect("SIGKILL"); // `Child::kill` is SIGKILL on Unix: no shutdown code runs.
    server.wait().expect("the server is gone");
    let (mut acked, mut unanswered) = (Vec::new(), Vec::new());
    for writer in writers {
        let (a, u) = writer.join().expect("a writer thread");
        acked.extend(a);
        unanswered.extend(u);
    }
    assert!(acked.len() >= 100, "only {} results were acknowledged before the kill", acked.len());
    assert_eq!(unanswered.len(), CONNECTIONS, "every connection had one request in flight at the kill");

    // A new server on the same file holds every acknowledged result exactly once.
    let (mut restarted, address) = start(&db);
    let stored = stored_keys(address);
    for key in &acked {
        assert_eq!(stored.get(key), Some(&1), "{key} was acknowledged before the kill");
    }
    assert!(stored.values().all(|&count| count == 1), "a key stored twice");
    // What was in flight may or may not have been stored; sent again (as the widget's outbox
    // does), each ends up stored once, and an acknowledged one is answered as before.
    let mut connection = Connection::open(address).expect("a connection");
    for key in unanswered.iter().chain(acked.iter().take(20)) {
        let status = connection.post_result(key).expect("an answer");
        assert!(status == 201 || status == 200, "{key}: {status}");
    }
    let stored = stored_keys(address);
    assert_eq!(stored.len(), acked.len() + unanswered.len());
    assert!(stored.values().all(|&count| count == 1), "a key stored twice after the retries");
    restarted.kill().expect("SIGKILL");
    restarted.wait().expect("the server is gone");

    let file = rusqlite::Connection::open(&db.path).expect("the file opens");
    let integrity: String = file.query_row("PRAGMA integrity_check", [], |row| row.get(0)).expect("the check runs");
    assert_eq!(integrity, "ok");
}
