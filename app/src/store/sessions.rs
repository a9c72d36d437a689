//! Server-side login sessions (issue 4). The browser holds a random token; the table holds only the
//! token's SHA-256, so reading the table (a backup, a replica, an injection elsewhere) gives no way in.
//! Every check happens here against the database, so any number of server processes share sessions.
//!
//! Time is an argument (`now`), never read from the machine: the caller takes it from a `Clock`.

use crate::domain::session_policy::{
    EndReason, SessionCheck, SessionDeadlines, SessionPolicy, Timestamp,
};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::{Any, Row, Transaction};
use std::fmt;

use super::Db;

/// Random bytes in a token: 256 bits, beyond guessing.
const TOKEN_BYTES: usize = 32;
/// A token travels as lowercase hex.
const TOKEN_HEX_LEN: usize = TOKEN_BYTES * 2;

/// The secret a browser presents (cookie value). Shown once, at creation; never stored, never logged:
/// `Debug` prints a placeholder.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(String);

impl SessionToken {
    fn generate() -> SessionToken {
        let mut bytes = [0u8; TOKEN_BYTES];
        // ThreadRng is a CSPRNG (ChaCha) seeded and periodically reseeded from the operating system.
        rand::rng().fill_bytes(&mut bytes);
        SessionToken(to_hex(&bytes))
    }

    /// The value to put in the cookie.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(<secret>)")
    }
}

/// Who a valid session belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionUser {
    pub user_id: i64,
    /// The authentication level the identity provider reported (e.g. a SPID level), if any.
    pub auth_level: Option<String>,
    /// The mandate an intermediary's session is working under, if one was chosen. Only an id: the
    /// caller loads the mandate afresh and the policy decides whether it is still in force.
    pub acting_for_mandate_id: Option<i64>,
}

pub(super) fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// The stored id of a presented token, or `None` when it cannot be one of ours (wrong length or
/// alphabet): such input never reaches the database.
fn token_hash(token: &str) -> Option<String> {
    let well_formed = token.len() == TOKEN_HEX_LEN
        && token
            .bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c));
    well_formed.then(|| to_hex(&Sha256::digest(token.as_bytes())))
}

fn decode_error(e: impl std::error::Error + Send + Sync + 'static) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

/// Starts a session for `user_id` at `now`. `None` when the user does not exist or is disabled.
pub async fn create_session(
    tx: &mut Transaction<'_, Any>,
    user_id: i64,
    auth_level: Option<&str>,
    policy: &SessionPolicy,
    now: Timestamp,
) -> Result<Option<SessionToken>, sqlx::Error> {
    let active = sqlx::query("SELECT 1 FROM app_user WHERE id = $1 AND disabled_at IS NULL")
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await?
        .is_some();
    if !active {
        return Ok(None);
    }
    let token = SessionToken::generate();
    let hash = token_hash(token.as_str()).ok_or_else(|| {
        sqlx::Error::Protocol("generated session token is not well formed".into())
    })?;
    let deadlines = policy.start(now);
    sqlx::query(
        "INSERT INTO session (id_hash, user_id, auth_level, created_at, last_seen_at, \
         idle_expires_at, absolute_expires_at) VALUES ($1, $2, $3, $4, $4, $5, $6)",
    )
    .bind(hash)
    .bind(user_id)
    .bind(auth_level)
    .bind(now.to_iso())
    .bind(deadlines.idle_expires_at.to_iso())
    .bind(deadlines.absolute_expires_at.to_iso())
    .execute(&mut **tx)
    .await?;
    Ok(Some(token))
}

/// Ends the session `hash` (if still open) with `reason`. True when this call ended it.
async fn end_by_hash(
    tx: &mut Transaction<'_, Any>,
    hash: &str,
    reason: EndReason,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE session SET ended_at = $2, end_reason = $3 WHERE id_hash = $1 AND ended_at IS NULL",
    )
    .bind(hash)
    .bind(now.to_iso())
    .bind(reason.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How far the idle deadline must move before the activity is written again (milliseconds).
const TOUCH_GRANULARITY_MS: i64 = 60_000;

/// The user behind `token` if its session is valid at `now`, recording the activity (last seen, new
/// idle deadline). A session found idle- or absolute-expired, or whose user is disabled, is ended
/// with that reason and gives `None`, as do unknown and already ended tokens.
pub async fn validate_session(
    tx: &mut Transaction<'_, Any>,
    token: &str,
    policy: &SessionPolicy,
    now: Timestamp,
) -> Result<Option<SessionUser>, sqlx::Error> {
    let Some(hash) = token_hash(token) else {
        return Ok(None);
    };
    let row = sqlx::query(
        "SELECT s.user_id, s.auth_level, s.idle_expires_at, s.absolute_expires_at, \
         s.acting_for_mandate_id, u.disabled_at \
         FROM session s JOIN app_user u ON u.id = s.user_id \
         WHERE s.id_hash = $1 AND s.ended_at IS NULL",
    )
    .bind(&hash)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let deadlines = SessionDeadlines {
        idle_expires_at: Timestamp::parse_iso(&row.try_get::<String, _>("idle_expires_at")?)
            .map_err(decode_error)?,
        absolute_expires_at: Timestamp::parse_iso(
            &row.try_get::<String, _>("absolute_expires_at")?,
        )
        .map_err(decode_error)?,
    };
    if row.try_get::<Option<String>, _>("disabled_at")?.is_some() {
        end_by_hash(tx, &hash, EndReason::UserDisabled, now).await?;
        return Ok(None);
    }
    match policy.check(&deadlines, now) {
        SessionCheck::Expired(reason) => {
            end_by_hash(tx, &hash, reason, now).await?;
            Ok(None)
        }
        SessionCheck::Valid { idle_expires_at } => {
            // Record the activity at most once a minute: most requests then only read, which on
            // SQLite means no write lock and no fsync per page view.
            let moved = idle_expires_at.unix_millis() - deadlines.idle_expires_at.unix_millis();
            if moved < TOUCH_GRANULARITY_MS {
                return Ok(Some(SessionUser {
                    user_id: row.try_get("user_id")?,
                    auth_level: row.try_get("auth_level")?,
                    acting_for_mandate_id: row.try_get("acting_for_mandate_id")?,
                }));
            }
            // `ended_at IS NULL` again: a logout committed since the SELECT must not be undone.
            let touched = sqlx::query(
                "UPDATE session SET last_seen_at = $2, idle_expires_at = $3 \
                 WHERE id_hash = $1 AND ended_at IS NULL",
            )
            .bind(&hash)
            .bind(now.to_iso())
            .bind(idle_expires_at.to_iso())
            .execute(&mut **tx)
            .await?;
            if touched.rows_affected() != 1 {
                return Ok(None);
            }
            Ok(Some(SessionUser {
                user_id: row.try_get("user_id")?,
                auth_level: row.try_get("auth_level")?,
                acting_for_mandate_id: row.try_get("acting_for_mandate_id")?,
            }))
        }
    }
}

/// Replaces a valid session by a new one for the same user, against session fixation: call it at
/// every (re-)authentication. The old token stops working at once. The new session gets
/// `auth_level` (the level of the authentication that just happened) and a fresh lifetime, which
/// is why this is for authentication only. `None` when the old token is not a valid session.
pub async fn rotate_session(
    tx: &mut Transaction<'_, Any>,
    old_token: &str,
    auth_level: Option<&str>,
    policy: &SessionPolicy,
    now: Timestamp,
) -> Result<Option<SessionToken>, sqlx::Error> {
    let Some(user) = validate_session(tx, old_token, policy, now).await? else {
        return Ok(None);
    };
    let Some(hash) = token_hash(old_token) else {
        return Ok(None);
    };
    if !end_by_hash(tx, &hash, EndReason::Rotated, now).await? {
        return Ok(None);
    }
    create_session(tx, user.user_id, auth_level, policy, now).await
}

/// Sets (or clears) the mandate the session of `token` works under. False when the token is not an
/// open session. Whether the mandate may be used is the policy's decision, at every request.
pub async fn set_acting_for(
    tx: &mut Transaction<'_, Any>,
    token: &str,
    mandate_id: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let Some(hash) = token_hash(token) else {
        return Ok(false);
    };
    let done = sqlx::query(
        "UPDATE session SET acting_for_mandate_id = $2 WHERE id_hash = $1 AND ended_at IS NULL",
    )
    .bind(hash)
    .bind(mandate_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Logout: ends the session of `token`. True when it was open.
pub async fn end_session(
    tx: &mut Transaction<'_, Any>,
    token: &str,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    end_session_because(tx, token, EndReason::Logout, now).await
}

/// Ends the session of `token` with `reason` (e.g. `Rotated` when a new login replaces it).
pub async fn end_session_because(
    tx: &mut Transaction<'_, Any>,
    token: &str,
    reason: EndReason,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    match token_hash(token) {
        Some(hash) => end_by_hash(tx, &hash, reason, now).await,
        None => Ok(false),
    }
}

/// Ends every open session of a user (account disabled, "log out everywhere"). Returns how many.
pub async fn end_user_sessions(
    tx: &mut Transaction<'_, Any>,
    user_id: i64,
    reason: EndReason,
    now: Timestamp,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE session SET ended_at = $2, end_reason = $3 WHERE user_id = $1 AND ended_at IS NULL",
    )
    .bind(user_id)
    .bind(now.to_iso())
    .bind(reason.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}

/// Deletes sessions dead since before `cutoff`: ended before it, or past their absolute deadline
/// before it (those were never seen again, so nobody ended them). Returns how many rows went.
pub async fn purge_dead_sessions(db: &Db, cutoff: Timestamp) -> Result<u64, sqlx::Error> {
    let cutoff = cutoff.to_iso();
    let done = sqlx::query(
        "DELETE FROM session WHERE (ended_at IS NOT NULL AND ended_at < $1) \
         OR absolute_expires_at < $1",
    )
    .bind(cutoff)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex_of_256_bits() {
        let a = SessionToken::generate();
        let b = SessionToken::generate();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), TOKEN_HEX_LEN);
        assert!(token_hash(a.as_str()).is_some());
        assert_eq!(format!("{a:?}"), "SessionToken(<secret>)");
    }

    #[test]
    fn hash_is_sha256_hex_and_malformed_tokens_have_none() {
        let token = "00".repeat(TOKEN_BYTES);
        assert_eq!(
            token_hash(&token).as_deref(),
            // sha256 of 64 ASCII '0' characters.
            Some("60e05bd1b195af2f94112fa7197a5c88289058840ce7c6df9693756bc6250f55")
        );
        for bad in [
            "",
            "abc",
            &"0A".repeat(TOKEN_BYTES),
            &"0".repeat(TOKEN_HEX_LEN + 1),
        ] {
            assert_eq!(token_hash(bad), None, "{bad}");
        }
    }
}
