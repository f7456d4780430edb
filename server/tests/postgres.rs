//! Several server processes on one PostgreSQL database: they start together (the schema is
//! created once) and store every result exactly once when the same POST reaches both at once.
//!
//! Needs a PostgreSQL server: `cargo xtask test` starts a throwaway cluster and runs this with
//! `COUNTERSIGN_TEST_DATABASE_URL` set and `--include-ignored`.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Barrier};

use common::{raw_request, result, TempDb, POSTGRES_ENV};

/// A server process; dropping it kills it.
struct Server {
    child: Child,
    address: SocketAddr,
}

impl Server {
    /// Starts the binary on a port of its choosing, storing in `url`, and reads the address it
    /// printed.
    fn start(url: &str, seed: &std::path::Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_countersign-server"))
            .args(["--port", "0", "--no-history", "--database-url", url, "--seed"])
            .arg(seed)
            .env_remove("DATABASE_URL")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server binary starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("piped stdout")).read_line(&mut line).expect("the server prints its address");
        let rest = line.strip_prefix("Countersign reference server on http://").unwrap_or_else(|| panic!("unexpected first line: {line}"));
        let (address, db) = rest.split_once(' ').expect("an address and the database");
        assert!(db.contains("(db: postgres://"), "{line}");
        assert!(!db.contains("search_path"), "the printed URL is the database, not its options: {line}");
        Server { child, address: address.parse().expect("a socket address") }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn body_of(answer: &str) -> (&str, &str) {
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or_else(|| panic!("not an HTTP answer: {answer}"));
    (head.lines().next().unwrap_or_default(), body)
}

#[test]
#[ignore = "needs PostgreSQL: cargo xtask test runs it against a throwaway cluster"]
fn two_servers_on_one_database_store_each_result_once_under_concurrent_duplicate_posts() {
    assert!(std::env::var(POSTGRES_ENV).is_ok_and(|url| !url.is_empty()), "{POSTGRES_ENV} names no PostgreSQL server");
    let db = TempDb::new("two-servers");
    let url = db.postgres_url().expect("a PostgreSQL schema").to_string();
    let seed = common::temp_path("seed.json");
    std::fs::write(&seed, common::SEED).unwrap();

    // Started together: both find an empty schema, one creates and seeds it.
    let (first, second) = std::thread::scope(|scope| {
        let first = scope.spawn(|| Server::start(&url, &seed));
        let second = scope.spawn(|| Server::start(&url, &seed));
        (first.join().unwrap(), second.join().unwrap())
    });
    let _ = std::fs::remove_file(&seed);
    let addresses = [first.address, second.address];

    // Ten results (a few on one item, the item's pending state changing under them), each
    // POSTed four times, twice to each server, all released at once.
    let keys: Vec<String> = (0..10).map(|number| format!("k-{number}")).collect();
    let posts: Vec<(SocketAddr, String, String)> = keys
        .iter()
        .enumerate()
        .flat_map(|(number, key)| {
            let item = if number % 2 == 0 { "itm_a" } else { "itm_b" };
            let body = result(key, item, "1", "approved");
            (0..4).map(move |copy| (addresses[copy % 2], key.clone(), body.clone()))
        })
        .collect();
    let start = Arc::new(Barrier::new(posts.len()));
    let answers: Vec<(String, String, String)> = std::thread::scope(|scope| {
        let racers: Vec<_> = posts
            .iter()
            .map(|(address, key, body)| {
                let start = Arc::clone(&start);
                scope.spawn(move || {
                    start.wait();
                    let answer = raw_request(*address, "POST", "/api/results", &[("Content-Type", "application/json"), ("Idempotency-Key", key)], body);
                    let (status, body) = body_of(&answer);
                    (key.clone(), status.to_string(), body.to_string())
                })
            })
            .collect();
        racers.into_iter().map(|racer| racer.join().unwrap()).collect()
    });

    let mut first_answers: HashMap<&str, &str> = HashMap::new();
    for (key, status, body) in &answers {
        assert_eq!(status, "HTTP/1.1 201 Created", "{key}: {body}");
        let first = first_answers.entry(key).or_insert(body);
        assert_eq!(first, body, "every copy of {key} gets the first answer");
    }
    for address in addresses {
        let answer = raw_request(address, "GET", "/api/results", &[], "");
        let (status, body) = body_of(&answer);
        assert_eq!(status, "HTTP/1.1 200 OK");
        let listed: serde_json::Value = serde_json::from_str(body).unwrap();
        let mut stored: Vec<&str> = listed["results"].as_array().unwrap().iter().map(|result| result["idempotency_key"].as_str().unwrap()).collect();
        stored.sort_unstable();
        let mut expected: Vec<&str> = keys.iter().map(String::as_str).collect();
        expected.sort_unstable();
        assert_eq!(stored, expected, "each key stored once, seen alike from both servers");
    }
    let answer = raw_request(second.address, "GET", "/api/items", &[], "");
    let (_, pending) = body_of(&answer);
    assert_eq!(serde_json::from_str::<serde_json::Value>(pending).unwrap()["items"], serde_json::json!([]), "both items were decided");
}
