//! Documents on tickets (issue 5): the upload and download routes. They are plain axum routes, not
//! server functions, because a file is streamed to disk while it arrives and a download is a file:
//!
//! - `POST /sportello/pratiche/{id}/documenti` (multipart/form-data, field `file`): a form that works
//!   without JavaScript (it answers with a 303 back to the ticket's page), and with JavaScript an
//!   `XMLHttpRequest` that shows progress (it asks for JSON with `Accept: application/json`).
//! - `GET /documenti/{id}`: the file, as an attachment.
//!
//! Both authorise with the ticket's policy object like the server functions do (Update to upload,
//! Read to download; other people's tickets answer 404), and both sit behind the same layers as
//! every other route: session, Origin check, security headers.
//!
//! Files live in the upload directory, outside the site root, under random names the server makes
//! up; what the uploader called the file is only shown. Nothing is half-stored: a file is written
//! to a temporary name, renamed inside the database transaction that records it, and removed if
//! anything fails before the commit.

pub mod download;
pub mod upload;

use app::live::LiveBus;
use app::store::clock::Clock;
use app::store::Db;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Room for the multipart framing around the file (boundaries, part headers, a few small fields).
pub const MULTIPART_OVERHEAD: usize = 64 * 1024;

/// The largest `--max-upload-mb` accepted: larger files belong to another channel than a web form.
pub const MAX_UPLOAD_MB_CEILING: u64 = 100;

/// Where uploads go when neither the flag nor a SQLite file says otherwise.
pub const FALLBACK_UPLOAD_DIR: &str = "data/uploads";

/// What the routes need.
pub struct FilesState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    /// Where files are stored; created on first use if missing.
    pub upload_dir: PathBuf,
    /// The largest file accepted, in bytes.
    pub max_upload_bytes: u64,
    /// Open pages of the ticket refetch its documents when one is added.
    pub live: LiveBus,
}

/// The request body limit of the upload route: the file plus its multipart framing.
pub fn body_limit(max_upload_bytes: u64) -> usize {
    usize::try_from(max_upload_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(MULTIPART_OVERHEAD)
}

/// The routes, with the upload's own body limit (larger than the rest of the site's).
pub fn routes(state: FilesState) -> Router {
    let limit = body_limit(state.max_upload_bytes);
    let state = Arc::new(state);
    Router::new()
        .route(
            "/sportello/pratiche/{id}/documenti",
            post(upload::upload).layer(DefaultBodyLimit::max(limit)),
        )
        .route("/documenti/{id}", get(download::download))
        .with_state(state)
}

/// The default upload directory: `uploads/` beside the SQLite file, so the data of one
/// installation stays in one place; [`FALLBACK_UPLOAD_DIR`] for PostgreSQL or an in-memory SQLite.
pub fn default_upload_dir(database_url: &str) -> PathBuf {
    let file = database_url
        .strip_prefix("sqlite:")
        .map(|rest| rest.strip_prefix("//").unwrap_or(rest))
        .map(|rest| rest.split('?').next().unwrap_or_default())
        .filter(|path| !path.is_empty() && *path != ":memory:");
    match file.map(Path::new).and_then(Path::parent) {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join("uploads"),
        Some(_) => PathBuf::from("uploads"),
        None => PathBuf::from(FALLBACK_UPLOAD_DIR),
    }
}

/// Refuses an upload directory inside the site root: everything there is served to anyone.
pub fn check_upload_dir(upload_dir: &Path, site_root: &Path) -> Result<(), String> {
    let absolute = |p: &Path| std::path::absolute(p).map(|p| normalise(&p));
    let (Ok(uploads), Ok(site)) = (absolute(upload_dir), absolute(site_root)) else {
        return Err("cannot resolve the upload directory".into());
    };
    if uploads.starts_with(&site) {
        return Err(format!(
            "the upload directory {} is inside the site root {}: uploaded files would be public",
            upload_dir.display(),
            site_root.display()
        ));
    }
    Ok(())
}

/// `a/./b/../c` → `a/c`, without touching the file system (the directory may not exist yet).
fn normalise(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Creates the upload directory (private to the server's user on Unix) and proves it writable, so
/// a bad path stops the start-up instead of the first upload.
pub fn prepare_upload_dir(dir: &Path) -> Result<(), String> {
    let fail = |e: std::io::Error| {
        format!(
            "cannot create or write the upload directory {}: {}",
            dir.display(),
            e.kind()
        )
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(fail)?;
    }
    let probe = dir.join(format!(".write-probe-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(fail)?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_default_to_beside_the_sqlite_file() {
        assert_eq!(
            default_upload_dir("sqlite:data/sportello.db"),
            PathBuf::from("data/uploads")
        );
        assert_eq!(
            default_upload_dir("sqlite:///var/lib/sportello/db.sqlite?mode=rwc"),
            PathBuf::from("/var/lib/sportello/uploads")
        );
        assert_eq!(
            default_upload_dir("sqlite:sportello.db"),
            PathBuf::from("uploads")
        );
        assert_eq!(
            default_upload_dir("sqlite::memory:"),
            PathBuf::from(FALLBACK_UPLOAD_DIR)
        );
        assert_eq!(
            default_upload_dir("postgres://db/sportello"),
            PathBuf::from(FALLBACK_UPLOAD_DIR)
        );
    }

    #[test]
    fn refuses_an_upload_directory_inside_the_site_root() {
        let site = Path::new("target/site");
        assert!(check_upload_dir(Path::new("target/site/uploads"), site).is_err());
        assert!(check_upload_dir(Path::new("target/site"), site).is_err());
        assert!(check_upload_dir(Path::new("./target/x/../site/pkg"), site).is_err());
        assert!(check_upload_dir(Path::new("data/uploads"), site).is_ok());
        assert!(check_upload_dir(Path::new("target/site-uploads"), site).is_ok());
    }

    #[test]
    fn the_body_limit_leaves_room_for_the_framing() {
        assert_eq!(body_limit(1024), 1024 + MULTIPART_OVERHEAD);
        assert_eq!(body_limit(u64::MAX), usize::MAX);
    }
}
