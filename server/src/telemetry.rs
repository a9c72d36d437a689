//! Structured logs. Each request runs inside a span carrying its request id, so every line it logs
//! names the request.

use crate::cli::LogFormat;
use crate::StartError;
use tracing_subscriber::{fmt, EnvFilter};

pub fn init(filter: &str, format: LogFormat) -> Result<(), StartError> {
    let filter = EnvFilter::try_new(filter)
        .map_err(|e| StartError::Config(format!("invalid log filter '{filter}': {e}")))?;
    let builder = fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stdout)
        .with_target(true);
    let result = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
    };
    // A second init (tests running several apps in one process) keeps the first subscriber.
    let _ = result;
    Ok(())
}

/// Leptos runs resources and server functions called during rendering in tasks of their own. Spawned
/// plainly, they would lose the request's span and log without its id; this executor carries the
/// current span into every task. Must be installed before Leptos installs its default (first call wins).
pub fn install_span_propagating_executor() {
    use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
    use tracing::Instrument;

    struct SpanExecutor;

    impl CustomExecutor for SpanExecutor {
        fn spawn(&self, fut: PinnedFuture<()>) {
            tokio::spawn(fut.in_current_span());
        }
        fn spawn_local(&self, fut: PinnedLocalFuture<()>) {
            tokio::task::spawn_local(fut.in_current_span());
        }
        fn poll_local(&self) {}
    }

    let _ = Executor::init_custom_executor(SpanExecutor);
}
