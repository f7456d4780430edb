//! The server over real TCP: `serve` on port 0, and the binary itself.

mod common;

use common::{raw_request, result, TempDb};
use countersign_server::{serve, AppState, Db};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_answers_a_raw_http_request_on_a_port_the_system_chose() {
    let db = TempDb::new("socket");
    let state = common::state(&db);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(listener, state, async {
        let _ = stopped.await;
    }));

    let answer = tokio::task::spawn_blocking(move || raw_request(address, "GET", "/api/items", &[], ""))
        .await
        .unwrap();

    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    let (_, body) = answer.split_once("\r\n\r\n").unwrap();
    let items: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(items["items"][0]["id"], "itm_a");
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

#[test]
fn an_acknowledged_result_survives_the_server_being_killed() {
    let db = TempDb::file("killed");
    let seed = common::temp_path("seed.json");
    std::fs::write(&seed, common::SEED).unwrap();
    let (mut child, line, address) = common::start_binary(&["--db".as_ref(), db.path.as_os_str(), "--seed".as_ref(), seed.as_os_str()]);
    let _ = std::fs::remove_file(&seed);
    assert_eq!(line.trim_end(), format!("Countersign reference server on http://{address} (db: {})", db.path.display()));
    assert_ne!(address.port(), 0, "the printed port is the one bound");

    let body = result("k-1", "itm_a", "1", "approved");
    let answer = raw_request(address, "POST", "/api/results", &[("Content-Type", "application/json"), ("Idempotency-Key", "k-1")], &body);
    child.kill().unwrap();
    child.wait().unwrap();

    assert!(answer.starts_with("HTTP/1.1 201 Created\r\n"), "{answer}");
    let reopened = Db::open(&db.path, common::SEED).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let stored = runtime.block_on(common::get(&AppState::new(reopened.db, std::env::temp_dir()), "/api/results"));
    assert_eq!(stored.body, format!("{{\"results\":[{body}]}}"));
}
