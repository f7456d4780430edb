//! The command line, parsed by hand: five options do not need a parser crate.

use std::path::PathBuf;

/// What `--help` prints.
pub const USAGE: &str = "\
countersign-server: the Countersign reference server

Usage: countersign-server [OPTIONS]

Options:
  --port N      the port to listen on; 0 picks a free one (default 8080)
  --host H      the address to listen on (default 127.0.0.1)
  --db PATH     the SQLite file; a new file is seeded (default countersign.db)
  --database-url URL
                store in PostgreSQL instead: postgres://user:password@host:port/name
                (default: the DATABASE_URL environment variable, when --db is not given);
                a database without Countersign's tables gets them and is seeded
  --root DIR    the directory holding index.html and dist/ (default: the current directory)
  --seed FILE   seed a new database from FILE ({\"items\": [...]}) instead of the built-in items
  --auto-approve RULE
                route by trust: approve ingested items the rule covers, except a random
                spot-check share, e.g. kind=email,min-confidence=0.9,spot-check=0.1
                (repeatable, one rule per kind; off by default)
  --auto-approve-seed N
                seed the spot-check draws, for a reproducible sequence (default: the clock)
  --no-history  do not add the demo's past decisions to a new database (the built-in seed adds
                600, so the trust report at /report has data on the first run)
  --allow-origin ORIGIN
                let pages from ORIGIN (https://crm.example.com) call the API, with CORS;
                repeatable or comma-separated (default: the server's own origin only)
  --help        print this and exit

Environment:
  COUNTERSIGN_TOKEN
                when set, every /api request needs Authorization: Bearer <token>
  DATABASE_URL  as --database-url
";

/// How the server was asked to run.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// The address to listen on.
    pub host: String,
    /// The port; 0 lets the system choose.
    pub port: u16,
    /// The SQLite file.
    pub db: PathBuf,
    /// A PostgreSQL URL: storage goes there instead of [`Options::db`].
    pub database_url: Option<String>,
    /// The directory holding `index.html` and `dist/`.
    pub root: PathBuf,
    /// A seed file replacing the built-in items.
    pub seed: Option<PathBuf>,
    /// Whether a new database seeded with the built-in items also gets the demo's history.
    pub history: bool,
    /// Routing by trust: the rules, in order.
    pub auto_approve: Vec<crate::routing::Rule>,
    /// The seed of the spot-check draws; `None` seeds from the clock.
    pub auto_approve_seed: Option<u64>,
    /// The origins besides the server's own whose pages may call the API.
    pub allow_origins: Vec<String>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            host: "127.0.0.1".into(),
            port: 8080,
            db: PathBuf::from("countersign.db"),
            database_url: None,
            root: PathBuf::from("."),
            seed: None,
            history: true,
            auto_approve: Vec::new(),
            auto_approve_seed: None,
            allow_origins: Vec::new(),
        }
    }
}

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Print [`USAGE`] and exit.
    Help,
    /// Run the server.
    Run(Options),
}

/// Parses the arguments after the program name. Both `--port 80` and `--port=80` work.
/// `database_url_env` is the `DATABASE_URL` environment variable: used when neither `--db` nor
/// `--database-url` is given.
pub fn parse(args: impl IntoIterator<Item = String>, database_url_env: Option<String>) -> Result<Command, String> {
    let mut options = Options::default();
    let mut db_given = false;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name.to_string(), Some(value.to_string())),
            _ => (arg.clone(), None),
        };
        // A flag given a value (`--no-history=no`) would be read as the flag alone, the
        // opposite of what the value may mean: refused rather than guessed.
        if let ("--help" | "-h" | "--no-history", Some(value)) = (name.as_str(), &inline) {
            return Err(format!("{name} takes no value, not \"{value}\" (try --help)"));
        }
        if name == "--help" || name == "-h" {
            return Ok(Command::Help);
        }
        if name == "--no-history" {
            options.history = false;
            continue;
        }
        if !["--port", "--host", "--db", "--database-url", "--root", "--seed", "--auto-approve", "--auto-approve-seed", "--allow-origin"].contains(&name.as_str()) {
            return Err(format!("unknown argument \"{arg}\" (try --help)"));
        }
        let value = match inline.or_else(|| args.next()) {
            Some(value) => value,
            None => return Err(format!("{name} needs a value (try --help)")),
        };
        match name.as_str() {
            "--port" => {
                options.port = value.parse().map_err(|_| format!("--port wants a number from 0 to 65535, not \"{value}\""))?;
            }
            "--host" => options.host = value,
            "--db" => {
                options.db = PathBuf::from(value);
                db_given = true;
            }
            "--database-url" => options.database_url = Some(postgres_url(value, "--database-url")?),
            "--root" => options.root = PathBuf::from(value),
            "--auto-approve" => {
                let rule = crate::routing::Rule::parse(&value).map_err(|problem| format!("--auto-approve {value}: {problem}"))?;
                // Two rules for a kind would leave one unread: the first that matches decides.
                if options.auto_approve.iter().any(|earlier| earlier.kind == rule.kind) {
                    return Err(format!("--auto-approve {value}: {} has a rule already (one rule per kind)", rule.kind.as_str()));
                }
                options.auto_approve.push(rule);
            }
            "--auto-approve-seed" => {
                options.auto_approve_seed = Some(value.parse().map_err(|_| format!("--auto-approve-seed wants a whole number, not \"{value}\""))?);
            }
            "--allow-origin" => options.allow_origins.extend(crate::access::parse_origins(&value).map_err(|problem| format!("--allow-origin: {problem}"))?),
            _ => options.seed = Some(PathBuf::from(value)),
        }
    }
    if db_given && options.database_url.is_some() {
        return Err("--db and --database-url both name the storage; give one".into());
    }
    if !db_given && options.database_url.is_none()
        && let Some(url) = database_url_env.filter(|url| !url.trim().is_empty())
    {
        options.database_url = Some(postgres_url(url, "DATABASE_URL")?);
    }
    Ok(Command::Run(options))
}

/// `url` when it names a PostgreSQL database.
fn postgres_url(url: String, from: &str) -> Result<String, String> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(url)
    } else {
        Err(format!("{from} must be a postgres:// URL (SQLite is the default: --db PATH)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Command, String> {
        parse(args.iter().map(|arg| arg.to_string()), None)
    }

    #[test]
    fn no_arguments_give_the_defaults() {
        assert_eq!(run(&[]), Ok(Command::Run(Options::default())));
    }

    #[test]
    fn routing_rules_repeat_and_a_bad_one_is_refused_with_its_problem() {
        let Ok(Command::Run(options)) = run(&["--auto-approve", "kind=email,min-confidence=0.9", "--auto-approve=kind=message,min-confidence=0.8,spot-check=0.3", "--auto-approve-seed", "7", "--no-history"]) else {
            panic!("expected options");
        };
        assert_eq!(options.auto_approve.iter().map(crate::routing::Rule::describe).collect::<Vec<_>>(), ["kind=email,min-confidence=0.9,spot-check=0.1", "kind=message,min-confidence=0.8,spot-check=0.3"]);
        assert_eq!((options.auto_approve_seed, options.history), (Some(7), false));
        assert_eq!(run(&["--auto-approve", "kind=email"]), Err("--auto-approve kind=email: min-confidence is required".into()));
        assert_eq!(
            run(&["--auto-approve", "kind=email,min-confidence=0.9", "--auto-approve", "kind=email,min-confidence=0.8"]),
            Err("--auto-approve kind=email,min-confidence=0.8: email has a rule already (one rule per kind)".into())
        );
    }

    #[test]
    fn every_option_is_read_in_both_spellings() {
        let Ok(Command::Run(options)) = run(&["--port", "0", "--host=0.0.0.0", "--db", "x.db", "--root=site", "--seed", "s.json"])
        else {
            panic!("expected options");
        };
        assert_eq!(options.port, 0);
        assert_eq!(options.host, "0.0.0.0");
        assert_eq!(options.db, PathBuf::from("x.db"));
        assert_eq!(options.root, PathBuf::from("site"));
        assert_eq!(options.seed, Some(PathBuf::from("s.json")));
    }

    #[test]
    fn postgres_comes_from_the_option_or_from_database_url_unless_a_file_is_named() {
        let url = "postgres://cs@db.internal:5432/countersign";
        let options = |args: &[&str], env: Option<&str>| match parse(args.iter().map(|arg| arg.to_string()), env.map(str::to_string)) {
            Ok(Command::Run(options)) => Ok(options.database_url),
            Ok(Command::Help) => Err("help".to_string()),
            Err(error) => Err(error),
        };
        assert_eq!(options(&["--database-url", url], None), Ok(Some(url.to_string())));
        assert_eq!(options(&[], Some(url)), Ok(Some(url.to_string())));
        assert_eq!(options(&[], Some("")), Ok(None));
        assert_eq!(options(&["--db", "x.db"], Some(url)), Ok(None), "a named file wins over the environment");
        assert!(options(&["--db", "x.db", "--database-url", url], None).unwrap_err().contains("give one"));
        assert!(options(&[], Some("mysql://db/x")).unwrap_err().contains("DATABASE_URL must be a postgres:// URL"));
        assert!(options(&["--database-url=sqlite.db"], None).unwrap_err().contains("--database-url must be"));
    }

    #[test]
    fn allowed_origins_repeat_or_come_comma_separated_and_a_bad_one_is_refused() {
        let Ok(Command::Run(options)) = run(&["--allow-origin", "https://crm.example.com", "--allow-origin=http://localhost:3000,http://127.0.0.1:5173"]) else {
            panic!("expected options");
        };
        assert_eq!(options.allow_origins, ["https://crm.example.com", "http://localhost:3000", "http://127.0.0.1:5173"]);
        assert!(run(&["--allow-origin", "crm.example.com"]).unwrap_err().starts_with("--allow-origin: \"crm.example.com\" is not an origin"));
    }

    #[test]
    fn help_wins_over_everything_else() {
        assert_eq!(run(&["--port", "1", "--help"]), Ok(Command::Help));
    }

    #[test]
    fn mistakes_are_explained() {
        assert!(run(&["--port", "http"]).unwrap_err().contains("--port"));
        assert!(run(&["--port", "70000"]).is_err());
        assert!(run(&["--db"]).unwrap_err().contains("needs a value"));
        assert!(run(&["--verbose"]).unwrap_err().contains("unknown argument"));
    }

    #[test]
    fn a_flag_given_a_value_is_refused_rather_than_read_as_the_flag() {
        // Bug: `--no-history=no` was taken for `--no-history` and left the history out.
        assert_eq!(run(&["--no-history=no"]), Err("--no-history takes no value, not \"no\" (try --help)".to_string()));
        assert!(run(&["--help=yes"]).is_err());
        assert!(matches!(run(&["--no-history"]), Ok(Command::Run(Options { history: false, .. }))));
    }
}
