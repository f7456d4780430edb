//! A throwaway PostgreSQL cluster for the storage tests: Debian's `postgresql` (installed with
//! apt-get when missing), a fresh data directory under the temp directory, a free port, no
//! password (local trust), and everything removed again when the [`Cluster`] is dropped.

use crate::{Result, demo, output, run_command};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Where Debian puts each PostgreSQL version's programs: `/usr/lib/postgresql/<major>/bin`.
const DEBIAN_VERSIONS: &str = "/usr/lib/postgresql";

/// A running throwaway cluster; dropping it stops the server and deletes its files.
pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    as_postgres: bool,
    /// The URL of its `postgres` database, as the superuser `postgres`.
    pub url: String,
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

/// The newest installed version's `bin` directory, if any.
fn installed() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir(DEBIAN_VERSIONS)
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let major = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((major, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// Debian's PostgreSQL programs, installed with apt-get when we are root.
pub fn ensure_installed() -> Result<PathBuf> {
    if let Some(bin) = installed() {
        return Ok(bin);
    }
    let install = "apt-get update && apt-get install -y postgresql";
    if !is_root() {
        return Err(format!("PostgreSQL is missing (the storage tests run on it too); install it with:\n  sudo sh -c '{install}'").into());
    }
    println!("xtask: installing PostgreSQL with apt-get, for the storage tests (a minute or so)…");
    run_command(crate::cmd("apt-get").arg("update").env("DEBIAN_FRONTEND", "noninteractive"))?;
    run_command(crate::cmd("apt-get").args(["install", "-y", "postgresql"]).env("DEBIAN_FRONTEND", "noninteractive"))?;
    installed().ok_or_else(|| format!("apt-get finished but no {DEBIAN_VERSIONS}/*/bin/initdb exists").into())
}

impl Cluster {
    /// A PostgreSQL program; as root it runs as the `postgres` user, since PostgreSQL refuses
    /// to run as root.
    fn program(&self, name: &str) -> Command {
        let mut command = if self.as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(self.bin.join(name));
            command
        } else {
            Command::new(self.bin.join(name))
        };
        command.current_dir(&self.dir);
        command
    }

    /// Creates and starts a cluster on a free port; fails with the server's log when it does
    /// not come up.
    pub fn start() -> Result<Cluster> {
        let bin = ensure_installed()?;
        let as_postgres = is_root();
        // The `postgres` user must reach the directory: /tmp always lets it, while a TMPDIR of
        // root's own may not.
        let temp = if as_postgres { PathBuf::from("/tmp") } else { std::env::temp_dir() };
        let dir = temp.join(format!("countersign-pg-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir)?;
        if as_postgres {
            run_quietly(Command::new("chown").args(["postgres:postgres"]).arg(&dir), "chown")?;
        }
        let port = demo::free_port()?;
        let cluster = Cluster { url: format!("postgres://postgres@127.0.0.1:{port}/postgres"), dir, bin, as_postgres };
        let data = cluster.dir.join("data");
        println!("xtask: starting a throwaway PostgreSQL ({}) on port {port} in {}", cluster.bin.display(), cluster.dir.display());
        // No fsync: the cluster lives for one test run.
        run_quietly(
            cluster.program("initdb").arg("-D").arg(&data).args(["-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"]),
            "initdb",
        )?;
        let options = format!("-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", cluster.dir.display());
        let log = cluster.dir.join("server.log");
        let started = run_quietly(cluster.program("pg_ctl").arg("-D").arg(&data).arg("-l").arg(&log).args(["-o", &options, "-w", "-t", "60", "start"]), "pg_ctl start");
        if let Err(error) = started {
            let said = fs::read_to_string(&log).unwrap_or_default();
            return Err(format!("{error}\nthe server's log:\n{said}").into());
        }
        Ok(cluster)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let _ = self.program("pg_ctl").arg("-D").arg(&data).args(["-m", "immediate", "-w", "stop"]).stdout(Stdio::null()).stderr(Stdio::null()).status();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Runs `command`, showing its output only when it fails.
fn run_quietly(command: &mut Command, what: &str) -> Result {
    let out = command.output().map_err(|error| format!("could not start {what}: {error}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({}):\n{}{}", out.status, String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)).into())
    }
}

/// The server's test files that run on the backend under test (they make their databases with
/// `TempDb::new`), by name: the ones worth a second run on PostgreSQL.
pub fn storage_tests(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for name in crate::rust_file_stems(dir)? {
        if fs::read_to_string(dir.join(format!("{name}.rs")))?.contains("TempDb::new(") {
            names.push(name);
        }
    }
    Ok(names)
}
