//! The Sportello Lavoro server: configuration, database start-up, the HTTP stack and the CLI commands.

pub mod assets;
pub mod auth;
pub mod classification_import;
pub mod cli;
pub mod config;
pub mod demo;
pub mod files;
pub mod http;
pub mod outbox;
pub mod pdf;
pub mod pwa;
pub mod realtime;
pub mod reference_import;
pub mod retention;
pub mod search_alerts;
pub mod seed;
pub mod startup;
pub mod telemetry;
pub mod vacancy_expiry;

use app::store::{ConnectError, Db, DbConfig};
use cli::{Cli, Command};

/// Everything that can stop the process, each printed as one line.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0}")]
    Database(#[from] ConnectError),
    #[error("{0}")]
    Config(String),
    #[error("cannot listen on {addr}: {reason}")]
    Bind {
        addr: std::net::SocketAddr,
        reason: String,
    },
    #[error("server error: {0}")]
    Serve(String),
    #[error("seeding failed: {0}")]
    Seed(String),
}

pub async fn run(cli: Cli) -> Result<(), StartError> {
    telemetry::init(&cli.common.log_level, cli.common.log_format)?;
    let command = cli.command.unwrap_or(Command::Serve(cli.serve));
    match command {
        Command::Migrate => {
            let db = open_database(&cli.common.database_url).await?;
            db.close().await;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Seed(args) => {
            if !args.demo && !args.reference {
                return Err(StartError::Config(
                    "nothing to seed: pass --demo and/or --reference".into(),
                ));
            }
            let db = open_database(&cli.common.database_url).await?;
            // The demo needs the comuni and occupations too, so --demo implies --reference.
            let started = std::time::Instant::now();
            let loaded = reference_import::load(&db, &args.reference_dir)
                .await
                .map_err(|e| StartError::Seed(e.to_string()))?;
            tracing::info!(
                comuni = loaded.comuni,
                occupations = loaded.occupations,
                elapsed_ms = started.elapsed().as_millis() as u64,
                "reference data loaded"
            );
            if args.demo {
                let inserted = seed::demo(&db)
                    .await
                    .map_err(|e| StartError::Seed(e.to_string()))?;
                tracing::info!(inserted, "demo content loaded");
                let report = demo::build_region(&db, demo_params(&args)?, &mut print_progress)
                    .await
                    .map_err(|e| StartError::Seed(e.to_string()))?;
                tracing::info!(
                    people = report.people,
                    companies = report.companies,
                    vacancies = report.vacancies,
                    unchanged = report.unchanged,
                    elapsed_ms = report.elapsed.as_millis() as u64,
                    "demo region ready"
                );
                let personas = demo::personas::ensure_personas(
                    &db,
                    app::store::clock::Clock::now(&app::store::clock::SystemClock),
                )
                .await
                .map_err(|e| StartError::Seed(e.to_string()))?;
                tracing::info!(personas, "demo personas ready");
                let slots = demo::agenda::ensure_demo_slots(
                    &db,
                    app::store::clock::Clock::now(&app::store::clock::SystemClock),
                )
                .await
                .map_err(|e| StartError::Seed(e.to_string()))?;
                tracing::info!(slots, "demo appointment slots ready");
                let applications = demo::applications::ensure_demo_applications(
                    &db,
                    app::store::clock::Clock::now(&app::store::clock::SystemClock),
                )
                .await
                .map_err(|e| StartError::Seed(e.to_string()))?;
                tracing::info!(applications, "demo applicant pipelines ready");
                let indexed = rebuild_match_tables(&db)
                    .await
                    .map_err(|e| StartError::Seed(e.to_string()))?;
                tracing::info!(indexed, "match tables rebuilt");
            }
            db.close().await;
            Ok(())
        }
        Command::Import(args) => {
            let db = open_database(&cli.common.database_url).await?;
            let result = classification_import::run(&db, &args.source).await;
            db.close().await;
            result.map_err(|e| StartError::Config(format!("import failed: {e}")))
        }
        Command::Retention => {
            let db = open_database(&cli.common.database_url).await?;
            let now = app::store::clock::Clock::now(&app::store::clock::SystemClock);
            let report = retention::run_once(&db, &retention::RetentionRules::default(), now)
                .await
                .map_err(|e| StartError::Serve(format!("retention failed: {e}")));
            db.close().await;
            let report = report?;
            tracing::info!(?report, "retention rules applied");
            Ok(())
        }
        Command::Outbox(args) => {
            if !args.once {
                return Err(StartError::Config(
                    "`outbox` runs one round: pass --once (serve runs it on a timer)".into(),
                ));
            }
            let config = outbox::OutboxConfig::new(
                outbox::mailer(&args.mail)?,
                &args.mail.mail_from,
                &args.public_origin,
            );
            let db = open_database(&cli.common.database_url).await?;
            let now = app::store::clock::Clock::now(&app::store::clock::SystemClock);
            let report = outbox::run_once(&db, &config, now)
                .await
                .map_err(|e| StartError::Serve(format!("outbox round failed: {e}")));
            db.close().await;
            tracing::info!(report = ?report?, "outbox round done");
            Ok(())
        }
        Command::Serve(mut args) => {
            args.upload_dir
                .get_or_insert_with(|| files::default_upload_dir(&cli.common.database_url));
            let db = open_database(&cli.common.database_url).await?;
            let app = startup::Application::build(args, db).await?;
            app.serve_until_signal().await
        }
    }
}

/// The narrow match tables of job matching, made again after the personas got their profiles.
async fn rebuild_match_tables(db: &app::store::Db) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let n = app::store::matching::rebuild_all(&mut tx).await?;
    tx.commit().await?;
    app::store::matching::settle_after_bulk_load(db).await?;
    Ok(n)
}

fn demo_params(args: &cli::SeedArgs) -> Result<demo::DemoParams, StartError> {
    let as_of = match &args.as_of {
        None => demo::dates::Day::today(),
        Some(text) => demo::dates::Day::parse_iso(text).ok_or_else(|| {
            StartError::Config(format!(
                "--as-of must be a date like 2026-11-27 (got '{text}')"
            ))
        })?,
    };
    Ok(demo::DemoParams {
        seed: args.seed,
        people: args.people,
        companies: args.companies,
        vacancies: args.vacancies,
        as_of,
        force: args.force,
    })
}

/// A progress line on stderr for each chunk of a large demo region (the log stays for events).
fn print_progress(p: demo::Progress) {
    if p.total >= 20_000 || p.done == p.total {
        eprintln!("demo region: {} {}/{}", p.what, p.done, p.total);
    }
}

/// Connects and migrates. Migrations run at every start-up, so a new release needs no separate step.
pub async fn open_database(url: &str) -> Result<Db, StartError> {
    let db = Db::connect(&DbConfig::new(url)).await?;
    db.migrate().await?;
    tracing::info!(backend = ?db.backend(), "database ready");
    Ok(db)
}
