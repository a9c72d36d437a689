//! Command line and environment configuration. Every flag has an environment variable and a default
//! that runs the app locally on an embedded SQLite file.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "sportello",
    version,
    about = "Sportello Lavoro: the online counter of the public employment centres"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(flatten)]
    pub common: CommonArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of `serve`, which is what runs when no subcommand is given.
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run migrations and serve the app (the default).
    Serve(ServeArgs),
    /// Run the database migrations and exit.
    Migrate,
    /// Load data into the database.
    Seed(SeedArgs),
    /// Load an official classification from files downloaded by an administrator.
    Import(ImportArgs),
    /// Apply the retention rules (docs/RETENTION.md) once and exit; `serve` also runs them on a timer.
    Retention,
    /// Deliver queued notifications (e-mail) and enqueue appointment reminders; `serve` also runs it.
    Outbox(OutboxArgs),
}

#[derive(Debug, Clone, Args)]
pub struct CommonArgs {
    /// Database: `sqlite:<file>` (embedded) or `postgres://user@host:port/db`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite:data/sportello.db",
        global = true
    )]
    pub database_url: String,
    /// Log filter: a level (`info`, `debug`…) or a tracing directive list (`server=debug,tower_http=info`).
    #[arg(long, env = "SPORTELLO_LOG", default_value = "info", global = true)]
    pub log_level: String,
    /// Log format: human-readable text or one JSON object per line.
    #[arg(long, env = "SPORTELLO_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "SPORTELLO_LISTEN", default_value = "127.0.0.1:3000")]
    pub listen: SocketAddr,
    /// The origin users reach the app at (scheme://host[:port]); used for the cross-origin check and HSTS.
    #[arg(
        long,
        env = "SPORTELLO_PUBLIC_ORIGIN",
        default_value = "http://127.0.0.1:3000"
    )]
    pub public_origin: String,
    /// The folder cargo-leptos built (pkg/, icons, manifest).
    #[arg(long, env = "SPORTELLO_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,
    /// Largest accepted request body, in bytes.
    #[arg(long, env = "SPORTELLO_MAX_BODY_BYTES", default_value_t = 2 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// A request that takes longer than this is answered 408.
    #[arg(long, env = "SPORTELLO_REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    pub request_timeout_secs: u64,
    /// After SIGINT/SIGTERM, how long in-flight requests may take before the process exits anyway.
    #[arg(long, env = "SPORTELLO_SHUTDOWN_GRACE_SECS", default_value_t = 20)]
    pub shutdown_grace_secs: u64,
    /// `demo` shows a demo banner on every page and turns the demo identity provider on;
    /// `production` refuses to start with the demo identity provider.
    #[arg(long, env = "SPORTELLO_MODE", value_enum, default_value_t = Mode::Production)]
    pub mode: Mode,
    /// The built-in demo identity provider (personas, made-up citizens). Defaults to on in demo
    /// mode and off in production, where turning it on stops the start-up.
    #[arg(long, env = "SPORTELLO_DEMO_LOGIN")]
    pub demo_login: Option<bool>,
    /// A session ends after this many minutes without a request.
    #[arg(long, env = "SPORTELLO_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: u64,
    /// A session ends this many hours after login, whatever the activity.
    #[arg(long, env = "SPORTELLO_SESSION_MAX_HOURS", default_value_t = 12)]
    pub session_max_hours: u64,
    /// JSON file listing the OpenID Connect providers (SPID/CIE gateways); see docs/identity-providers.md.
    #[arg(long, env = "SPORTELLO_OIDC_PROVIDERS")]
    pub oidc_providers: Option<PathBuf>,
    /// Login requests (`/auth/...`) accepted per client address per minute.
    #[arg(long, env = "SPORTELLO_LOGIN_RATE_PER_MINUTE", default_value_t = 30)]
    pub login_rate_per_minute: u32,
    /// Server-function calls (`/api/...`) accepted per client address per minute.
    #[arg(long, env = "SPORTELLO_API_RATE_PER_MINUTE", default_value_t = 600)]
    pub api_rate_per_minute: u32,
    /// How often the retention rules run inside the server, in minutes (0: never; then run
    /// `server retention` from cron).
    #[arg(
        long,
        env = "SPORTELLO_RETENTION_INTERVAL_MINUTES",
        default_value_t = 60
    )]
    pub retention_interval_minutes: u64,
    /// How often the outbox worker delivers queued e-mails and enqueues appointment reminders, in
    /// seconds (0: never; then run `server outbox --once` from cron).
    #[arg(long, env = "SPORTELLO_OUTBOX_INTERVAL_SECS", default_value_t = 30)]
    pub outbox_interval_secs: u64,
    #[command(flatten)]
    pub mail: MailArgs,
    /// Where documents uploaded to tickets are stored; never inside the site root. Defaults to
    /// `uploads/` beside the SQLite file (`data/uploads` with PostgreSQL).
    #[arg(long, env = "SPORTELLO_UPLOAD_DIR")]
    pub upload_dir: Option<PathBuf>,
    /// Largest document accepted on a ticket, in megabytes.
    #[arg(long, env = "SPORTELLO_MAX_UPLOAD_MB", default_value_t = 10)]
    pub max_upload_mb: u64,
    /// A JSON file of job-matching weights replacing the defaults (app/src/matching/weights.json).
    #[arg(long, env = "SPORTELLO_MATCHING_WEIGHTS")]
    pub matching_weights: Option<PathBuf>,
}

/// Outgoing e-mail.
#[derive(Debug, Clone, Args)]
pub struct MailArgs {
    /// SMTP relay, `smtp://[user[:password]@]host[:port]` (plain SMTP on a trusted network). Without
    /// it e-mails are only logged (without address or body) and counted as sent.
    #[arg(long, env = "SPORTELLO_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// Sender address of the e-mails.
    #[arg(
        long,
        env = "SPORTELLO_MAIL_FROM",
        default_value = "noreply@sportello.example"
    )]
    pub mail_from: String,
}

#[derive(Debug, Clone, Args)]
pub struct OutboxArgs {
    /// Run one round (reminders, then due e-mails) and exit.
    #[arg(long)]
    pub once: bool,
    /// The origin links in e-mails point to.
    #[arg(
        long,
        env = "SPORTELLO_PUBLIC_ORIGIN",
        default_value = "http://127.0.0.1:3000"
    )]
    pub public_origin: String,
    #[command(flatten)]
    pub mail: MailArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Mode {
    Demo,
    Production,
}

/// Where `seed` looks for the reference CSVs unless told otherwise.
pub const DEFAULT_REFERENCE_DIR: &str = "data/reference";

#[derive(Debug, Clone, Args)]
pub struct SeedArgs {
    /// Load the demo content (the region's CPI offices and a generated region of people, companies and
    /// vacancies) and the reference data. Safe to repeat.
    #[arg(long)]
    pub demo: bool,
    /// Load the reference tables (comuni, occupations) from `--reference-dir`. Safe to repeat.
    #[arg(long)]
    pub reference: bool,
    /// Folder of the reference CSVs (relative to the working directory).
    #[arg(
        long,
        env = "SPORTELLO_REFERENCE_DIR",
        default_value = DEFAULT_REFERENCE_DIR
    )]
    pub reference_dir: PathBuf,
    /// Demo region: people (with profiles) to generate.
    #[arg(long, default_value_t = 5_000, requires = "demo")]
    pub people: u64,
    /// Demo region: companies to generate.
    #[arg(long, default_value_t = 600, requires = "demo")]
    pub companies: u64,
    /// Demo region: vacancies to generate (spread over the companies).
    #[arg(long, default_value_t = 1_200, requires = "demo")]
    pub vacancies: u64,
    /// Demo region: the random seed; the same seed and --as-of give the same region.
    #[arg(long, default_value_t = 1, requires = "demo")]
    pub seed: u64,
    /// Demo region: the day it is "today" in the region (YYYY-MM-DD); defaults to today.
    #[arg(long, requires = "demo")]
    pub as_of: Option<String>,
    /// Demo region: rebuild it even if the same one is already there.
    #[arg(long, requires = "demo")]
    pub force: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub source: ImportSource,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ImportSource {
    /// The ESCO CSV download (v1.1/v1.2; occupations_en.csv, occupations_it.csv, skills_*.csv,
    /// ISCOGroups_*.csv, occupationSkillRelations_*.csv). Safe to repeat.
    Esco {
        /// Folder with the unpacked CSV files.
        #[arg(long)]
        dir: PathBuf,
    },
    /// The ISTAT CP2021 classification of occupations (CSV, `;` or `,`, UTF-8 or Latin-1). Safe to repeat.
    Cp2021 {
        /// The CSV file.
        #[arg(long)]
        file: PathBuf,
    },
}
