use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// How long a SQLite writer waits for the lock before giving up.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;

/// PostgreSQL waits on row locks forever by default: a transaction left open by a lost task would
/// hang every request that needs the same rows. A session idle inside a transaction this long is
/// ended (its locks released), and no statement waits longer than a minute for a lock: an error
/// beats a hang. The default `random_page_cost` (4) prices index lookups for spinning disks; this
/// service's working set is cached or on SSD, and at 4 the planner preferred scanning all 100,000
/// match rows to 3,000 primary-key reads (candidate SQL ~90 → ~35 ms on the bench region).
const PG_SESSION_SETTINGS: &str = "SET idle_in_transaction_session_timeout = '30s'; \
     SET lock_timeout = '60s'; SET random_page_cost = 1.1";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Why the database could not be opened. Each variant prints as one line for the operator.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("DATABASE_URL must start with sqlite: or postgres: (got '{0}')")]
    UnsupportedScheme(String),
    #[error("DATABASE_URL is malformed: {0}")]
    Malformed(String),
    #[error("cannot create or write the data directory {path}: {reason}")]
    DataDir { path: String, reason: String },
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    #[error("database migration failed: {0}")]
    Migrate(String),
}

#[derive(Debug, Clone)]
pub struct DbConfig {
    pub url: String,
    pub max_connections: u32,
    pub acquire_timeout: Duration,
}

impl DbConfig {
    pub fn new(url: impl Into<String>) -> Self {
        DbConfig {
            url: url.into(),
            max_connections: 16,
            acquire_timeout: Duration::from_secs(5),
        }
    }
}

/// A pool on either backend.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Backend, ConnectError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            let scheme = url.split(':').next().unwrap_or_default();
            Err(ConnectError::UnsupportedScheme(
                scheme.chars().take(20).collect(),
            ))
        }
    }
}

/// The file behind a `sqlite:` URL, or `None` for in-memory databases.
fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        None
    } else {
        Some(PathBuf::from(path))
    }
}

/// Creates the directory of a SQLite file and proves it writable, so a bad path fails with a clear
/// line instead of an opaque "unable to open database file".
fn prepare_data_dir(file: &Path) -> Result<(), ConnectError> {
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let fail = |reason: std::io::Error| ConnectError::DataDir {
        path: dir.display().to_string(),
        reason: reason.kind().to_string(),
    };
    std::fs::create_dir_all(&dir).map_err(fail)?;
    let probe = dir.join(format!(".write-probe-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(fail)?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

impl Db {
    pub async fn connect(config: &DbConfig) -> Result<Db, ConnectError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(&config.url)?;
        let mut url = config.url.clone();
        if backend == Backend::Sqlite {
            if let Some(file) = sqlite_file(&url) {
                prepare_data_dir(&file)?;
            }
            if !url.contains("mode=") {
                url.push_str(if url.contains('?') {
                    "&mode=rwc"
                } else {
                    "?mode=rwc"
                });
            }
        }
        let options = AnyConnectOptions::from_str(&url)
            .map_err(|e| ConnectError::Malformed(e.to_string()))?;
        let pool = AnyPoolOptions::new()
            .max_connections(config.max_connections)
            .acquire_timeout(config.acquire_timeout)
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers run beside the writer; FULL makes an acknowledged commit
                        // survive power loss (DESIGN §8: zero acknowledged writes lost on kill -9).
                        conn.execute(sqlx::AssertSqlSafe(format!(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS};"
                        )))
                        .await?;
                    } else {
                        conn.execute(PG_SESSION_SETTINGS).await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(|e| ConnectError::Connect(one_line(&e)))?;
        Ok(Db { pool, backend })
    }

    pub async fn migrate(&self) -> Result<(), ConnectError> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator
            .run(&self.pool)
            .await
            .map_err(|e| ConnectError::Migrate(one_line(&e)))
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A transaction of a request (it may write: audit rows, session touches). On SQLite it takes
    /// the write lock at `BEGIN IMMEDIATE`: two deferred transactions that both read and then write
    /// would otherwise fail with "database is locked" when the second tries to upgrade, which
    /// `busy_timeout` cannot wait out; with the lock taken first they queue on the timeout instead.
    /// PostgreSQL's row-level locking needs nothing of the kind.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// True when a trivial query succeeds (the `/ready` probe).
    pub async fn is_ready(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn one_line(e: &dyn std::fmt::Display) -> String {
    e.to_string().lines().next().unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_backend_from_url_scheme() {
        assert_eq!(
            Backend::from_url("sqlite:data/x.db").ok(),
            Some(Backend::Sqlite)
        );
        assert_eq!(
            Backend::from_url("postgres://h/db").ok(),
            Some(Backend::Postgres)
        );
        assert_eq!(
            Backend::from_url("postgresql://h/db").ok(),
            Some(Backend::Postgres)
        );
        assert!(
            matches!(Backend::from_url("mysql://h/db"), Err(ConnectError::UnsupportedScheme(s)) if s == "mysql")
        );
    }

    #[test]
    fn finds_the_sqlite_file() {
        assert_eq!(
            sqlite_file("sqlite:data/a.db"),
            Some(PathBuf::from("data/a.db"))
        );
        assert_eq!(
            sqlite_file("sqlite://data/a.db?mode=rwc"),
            Some(PathBuf::from("data/a.db"))
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
    }
}
