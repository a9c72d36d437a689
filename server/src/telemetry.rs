//! Structured logs. Each request runs inside a span carrying its request id, so every line it logs
//! names the request.

use crate::cli::LogFormat;
use crate::StartError;
use tracing_subscriber::{fmt, EnvFilter};

pub fn init(filter: &str, format: LogFormat) -> Result<(), StartError> {
    let filter = EnvFilter::try_new(filter)
        .map_err(|e| StartError::Config(format!("invalid log filter '{filter}': {e}")))?;
    let builder = fmt().with_env_filter(filter).with_writer(std::io::stdout).with_target(true);
    let result = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().with_current_span(true).with_span_list(false).try_init(),
    };
    // A second init (tests running several apps in one process) keeps the first subscriber.
    let _ = result;
    Ok(())
}
