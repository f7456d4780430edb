//! `countersign-server`: parse the options, open (and maybe seed) the database, serve.

use std::process::ExitCode;

use countersign_server::access;
use countersign_server::cli::{self, Command, USAGE};
use countersign_server::{serve, shutdown_signal, AppState, Db, DEFAULT_SEED};

/// How many past decisions a new demo database gets.
const HISTORY: usize = 600;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("countersign-server: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let options = match cli::parse(std::env::args().skip(1), std::env::var("DATABASE_URL").ok())? {
        Command::Help => {
            print!("{USAGE}");
            return Ok(());
        }
        Command::Run(options) => options,
    };
    // Checked before anything is opened: a blank token must not start an open server.
    let token = access::token_from_env(std::env::var(access::TOKEN_ENV).ok())?;
    let seed = match &options.seed {
        Some(path) => std::fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?,
        None => DEFAULT_SEED.to_string(),
    };
    let opened = match &options.database_url {
        Some(url) => Db::open_postgres(url, &seed).map_err(|error| format!("cannot open the PostgreSQL database: {error}"))?,
        None => Db::open(&options.db, &seed).map_err(|error| format!("cannot open {}: {error}", options.db.display()))?,
    };
    if let Some(count) = opened.seeded {
        eprintln!("countersign-server: new database, seeded with {count} items");
        if options.seed.is_none() && options.history {
            let added = opened.db.add_history(countersign_server::history::generate(HISTORY, countersign_server::timestamp::now())).await.map_err(|error| format!("cannot add the demo history: {error}"))?;
            eprintln!("countersign-server: and with {added} past decisions for the trust report (--no-history leaves them out)");
        }
    }
    let listener = tokio::net::TcpListener::bind((options.host.as_str(), options.port))
        .await
        .map_err(|error| format!("cannot listen on {}:{}: {error}", options.host, options.port))?;
    let address = listener.local_addr().map_err(|error| format!("cannot read the bound address: {error}"))?;
    println!("Countersign reference server on http://{address} (db: {})", opened.db.describe());
    if token.is_some() {
        println!("The API asks for the bearer token in {}", access::TOKEN_ENV);
    }
    for origin in &options.allow_origins {
        println!("Pages from {origin} may call the API");
    }
    let mut state = AppState::new(opened.db, options.root).with_access(access::Access::new(token, options.allow_origins));
    if !options.auto_approve.is_empty() {
        for rule in &options.auto_approve {
            println!("Routing by trust: {}", rule.describe());
        }
        let seed = options.auto_approve_seed.unwrap_or_else(countersign_server::timestamp::now);
        state = state.with_routing(countersign_server::routing::Routing::new(options.auto_approve, seed));
    }
    serve(listener, state, shutdown_signal())
        .await
        .map_err(|error| format!("the server stopped: {error}"))
}
