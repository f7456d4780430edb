//! `cargo xtask bench`: what the widget weighs and how fast it and the server are, each
//! number next to its budget and, for timings, next to a reference measured in the same run.

mod load;

use crate::{Args, Result, cargo, demo, dist, run_command, target_dir};
use std::net::{Ipv4Addr, SocketAddr};

pub fn run(mut args: Args) -> Result {
    let quick = args.flag("--quick");
    args.finish()?;
    dist::build()?;
    println!("\n== size (dist/) ==");
    dist::print_sizes(&dist::dist_dir())?;

    let server = if quick { demo::build_server()? } else { build_release_server()? };
    let work = target_dir().join("bench");
    std::fs::create_dir_all(&work)?;
    let db = work.join("bench.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let port = demo::free_port()?;
    let _server = demo::start_server(&server, port, &db, &work.join("server.log"))?;
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let report = load::run(address, 32, if quick { 20 } else { 400 })?;
    println!("{report:?}");
    Ok(())
}

/// The reference server built for speed, as it would be deployed.
fn build_release_server() -> Result<std::path::PathBuf> {
    run_command(cargo().args(["build", "--release", "-p", "countersign-server"]))?;
    Ok(target_dir().join("release/countersign-server"))
}
