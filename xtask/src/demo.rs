//! `cargo xtask demo`: the release widget served by the reference server with the demo page.
//! Also starts the server for the end-to-end tests ([`start_server`]).

use crate::{Args, Result, cargo, cmd, dist, project_root, run_command, target_dir};
use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

const DEFAULT_PORT: u16 = 8080;
const DEFAULT_DB: &str = "countersign-demo.db";
/// How long the server may take to accept connections (it may seed a new database first).
const STARTUP: Duration = Duration::from_secs(60);

pub fn run(mut args: Args) -> Result {
    let port = match args.value("--port")? {
        Some(port) => port.parse::<u16>().map_err(|_| format!("--port wants a number from 0 to 65535, not `{port}`"))?,
        None => DEFAULT_PORT,
    };
    let db = match args.value("--db")? {
        // A relative path means relative to where the command was typed.
        Some(db) => Some(std::env::current_dir()?.join(db)),
        // DATABASE_URL (PostgreSQL) is the server's to read; otherwise the demo's own file.
        None if std::env::var("DATABASE_URL").is_ok_and(|url| !url.is_empty()) => None,
        None => Some(project_root().join(DEFAULT_DB)),
    };
    args.finish()?;

    dist::build()?;
    dist::print_sizes(&dist::dist_dir())?;
    let server = build_server(Profile::Dev)?;
    if port == 0 {
        println!("Open the address the server prints below (port 0: it picks a free one)");
    } else {
        println!("Open http://127.0.0.1:{port}/");
    }
    let mut command = server_command(&server, port, db.as_deref());
    if db.is_none() {
        println!("Storing in the PostgreSQL database of DATABASE_URL");
    }
    crate::echo(&command);
    // Replace this process, so Ctrl+C and the exit code belong to the server itself.
    use std::os::unix::process::CommandExt;
    Err(format!("could not start {}: {}", server.display(), command.exec()).into())
}

/// How the reference server is built.
#[derive(Clone, Copy)]
pub enum Profile {
    /// The dev profile, shared with the test build: quick to build.
    Dev,
    /// Built for speed, as it would be deployed (the bench's numbers).
    Release,
}

/// Builds the reference server and returns its path.
pub fn build_server(profile: Profile) -> Result<PathBuf> {
    let (flags, dir): (&[&str], _) = match profile {
        Profile::Dev => (&[], "debug"),
        Profile::Release => (&["--release"], "release"),
    };
    run_command(cargo().args(["build", "-p", "countersign-server"]).args(flags))?;
    Ok(target_dir().join(dir).join("countersign-server"))
}

/// `dir/name` as a path for a new SQLite file: the file and its WAL and shared-memory files
/// from an earlier run are removed.
pub fn fresh_db(dir: &Path, name: &str) -> Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let db = dir.join(name);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    Ok(db)
}

/// The server on 127.0.0.1:`port` with the demo page; storing in the SQLite file `db`, or
/// (`None`) where `DATABASE_URL` says.
fn server_command(server: &Path, port: u16, db: Option<&Path>) -> std::process::Command {
    let mut command = cmd(server);
    command.args(["--port", &port.to_string(), "--host", "127.0.0.1"]);
    if let Some(db) = db {
        command.arg("--db").arg(db);
    }
    command.arg("--root").arg(project_root());
    command
}

/// A server started as a child; dropping it stops the server.
pub struct Server {
    child: Child,
}

impl Server {
    /// The server process's id, to read its memory from `/proc`.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `server` on 127.0.0.1:`port` with database `db`, its output going to `log`, and
/// waits until it accepts connections. Fails if it exits first or is not up within a minute.
pub fn start_server(server: &Path, port: u16, db: &Path, log: &Path) -> Result<Server> {
    let out = File::create(log)?;
    let mut command = server_command(server, port, Some(db));
    command.stdin(Stdio::null()).stdout(out.try_clone()?).stderr(out);
    crate::echo(&command);
    let child = command.spawn().map_err(|error| format!("could not start {}: {error}", server.display()))?;
    let mut server = Server { child };

    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let started = Instant::now();
    loop {
        if let Some(status) = server.child.try_wait()? {
            let said = std::fs::read_to_string(log).unwrap_or_default();
            return Err(format!("the server exited ({status}) before accepting connections; it said:\n{said}").into());
        }
        if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
            return Ok(server);
        }
        if started.elapsed() > STARTUP {
            // Dropping `server` stops it.
            return Err(format!("the server did not accept connections on {address} within {} s; see {}", STARTUP.as_secs(), log.display()).into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A server started by [`start_fresh`]; dropping it stops the server.
pub struct FreshServer {
    pub server: Server,
    pub address: SocketAddr,
    /// `target/<name>/`: the database and `server.log`.
    pub work: PathBuf,
    /// The SQLite file.
    pub db: PathBuf,
    /// The server's executable.
    pub binary: PathBuf,
}

/// The reference server built for `profile` and started on a free port of 127.0.0.1 with a
/// new SQLite file `target/<name>/<name>.db`, its output in `target/<name>/server.log`.
pub fn start_fresh(profile: Profile, name: &str) -> Result<FreshServer> {
    let binary = build_server(profile)?;
    let work = target_dir().join(name);
    let db = fresh_db(&work, &format!("{name}.db"))?;
    let port = free_port()?;
    let server = start_server(&binary, port, &db, &work.join("server.log"))?;
    Ok(FreshServer { server, address: SocketAddr::from((Ipv4Addr::LOCALHOST, port)), work, db, binary })
}

/// A port that was free a moment ago: bind port 0, read what the OS picked, let it go.
pub fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}
