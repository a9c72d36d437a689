//! Everything held about one person, for "My data": the export, rectification requests, and account
//! closure under the retention rules of `docs/RETENTION.md`.

use crate::domain::policy::PersonId;
use crate::domain::session_policy::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, Column, Row, Transaction};

/// A column's value as JSON, whatever its SQL type on either backend.
fn value(row: &AnyRow, index: usize) -> serde_json::Value {
    if let Ok(v) = row.try_get::<Option<i64>, _>(index) {
        return v.map_or(serde_json::Value::Null, Into::into);
    }
    if let Ok(v) = row.try_get::<Option<f64>, _>(index) {
        return v.map_or(serde_json::Value::Null, Into::into);
    }
    if let Ok(v) = row.try_get::<Option<bool>, _>(index) {
        return v.map_or(serde_json::Value::Null, Into::into);
    }
    match row.try_get::<Option<String>, _>(index) {
        Ok(Some(text)) => text.into(),
        _ => serde_json::Value::Null,
    }
}

fn object(row: &AnyRow) -> serde_json::Value {
    let map = row
        .columns()
        .iter()
        .map(|c| (c.name().to_string(), value(row, c.ordinal())))
        .collect::<serde_json::Map<_, _>>();
    serde_json::Value::Object(map)
}

async fn rows(
    conn: &mut AnyConnection,
    sql: &'static str,
    person: PersonId,
) -> Result<serde_json::Value, sqlx::Error> {
    let rows = sqlx::query(sql).bind(person.0).fetch_all(conn).await?;
    Ok(serde_json::Value::Array(rows.iter().map(object).collect()))
}

/// Every table about the person, as JSON: identity, profile and its parts, account and roles,
/// mandates given, rectification requests, and the audit rows about them (newest first, the latest
/// 10,000; older ones on request at the CPI). Session
/// tokens are never stored, so none can leak here; session rows show only their times.
pub async fn export_person(
    conn: &mut AnyConnection,
    person: PersonId,
    now: Timestamp,
) -> Result<serde_json::Value, sqlx::Error> {
    let identity = rows(
        conn,
        "SELECT codice_fiscale, given_name, family_name, sex, birth_date, birth_belfiore, \
         residence_istat, email, phone, created_at, closed_at FROM person WHERE id = $1",
        person,
    )
    .await?;
    let mut out = serde_json::Map::new();
    out.insert("exported_at".into(), now.to_iso().into());
    out.insert(
        "person".into(),
        identity
            .as_array()
            .and_then(|a| a.first().cloned())
            .unwrap_or_default(),
    );
    for (key, sql) in [
        (
            "profile",
            // sqlx's Any driver cannot read SQLite booleans: the flag travels as 0/1.
            "SELECT eqf_level, education_title, available_from, mobility_radius_km, \
             CASE WHEN has_vehicle THEN 1 ELSE 0 END AS has_vehicle, \
             visibility, presentation, updated_at FROM profile WHERE person_id = $1",
        ),
        (
            "occupations_sought",
            "SELECT occupation_id, rank FROM profile_occupation WHERE person_id = $1 ORDER BY rank",
        ),
        (
            "experience",
            "SELECT occupation_id, employer, from_date, to_date FROM profile_experience \
             WHERE person_id = $1 ORDER BY from_date",
        ),
        (
            "education",
            "SELECT eqf, title, year FROM profile_education WHERE person_id = $1 ORDER BY eqf, id",
        ),
        (
            "skills",
            "SELECT skill_uri FROM profile_skill WHERE person_id = $1 ORDER BY skill_uri",
        ),
        (
            "languages",
            "SELECT lang, level FROM profile_language WHERE person_id = $1 ORDER BY lang",
        ),
        (
            "driving_licences",
            "SELECT licence_code FROM profile_licence WHERE person_id = $1 ORDER BY licence_code",
        ),
        (
            "contracts_accepted",
            "SELECT contract_code FROM profile_contract WHERE person_id = $1 ORDER BY contract_code",
        ),
        (
            "account",
            "SELECT id, display_name, created_at, disabled_at FROM app_user WHERE person_id = $1",
        ),
        (
            "roles",
            "SELECT r.role, r.cpi_code, r.company_id, r.organisation_id, r.granted_at, r.revoked_at \
             FROM user_role r JOIN app_user u ON u.id = r.user_id WHERE u.person_id = $1 \
             ORDER BY r.granted_at, r.id",
        ),
        (
            "sessions",
            "SELECT s.auth_level, s.created_at, s.last_seen_at, s.ended_at, s.end_reason \
             FROM session s JOIN app_user u ON u.id = s.user_id WHERE u.person_id = $1 \
             ORDER BY s.created_at",
        ),
        (
            "mandates_given",
            "SELECT m.id, o.name AS organisation, m.scopes, m.valid_from, m.valid_to, \
             m.created_at, m.revoked_at FROM mandate m JOIN organisation o ON o.id = m.organisation_id \
             WHERE m.delegator_person_id = $1 ORDER BY m.created_at, m.id",
        ),
        (
            "rectification_requests",
            "SELECT id, body, created_at, handled_at FROM rectification_request \
             WHERE person_id = $1 ORDER BY created_at, id",
        ),
        (
            "requests_in_progress",
            "SELECT id, service, answers, completed_steps, created_at, updated_at, submitted_at \
             FROM service_draft WHERE person_id = $1 ORDER BY created_at, id",
        ),
        (
            "tickets",
            "SELECT id, number, cpi_code, service, state, outcome, answers, submitted_at, \
             closed_at, mandate_id FROM ticket WHERE requester_person_id = $1 \
             ORDER BY submitted_at, id",
        ),
        (
            "tickets_special_category_data",
            "SELECT s.ticket_id, s.data FROM ticket_sensitive s JOIN ticket t ON t.id = s.ticket_id \
             WHERE t.requester_person_id = $1 ORDER BY s.ticket_id",
        ),
        (
            "ticket_messages",
            "SELECT m.ticket_id, m.side, u.display_name AS author, m.body, m.at, m.mandate_id \
             FROM ticket_message m JOIN ticket t ON t.id = m.ticket_id \
             JOIN app_user u ON u.id = m.author_user_id WHERE t.requester_person_id = $1 \
             ORDER BY m.ticket_id, m.id",
        ),
        (
            "ticket_history",
            "SELECT e.ticket_id, e.at, e.kind, e.from_state, e.to_state FROM ticket_event e \
             JOIN ticket t ON t.id = e.ticket_id WHERE t.requester_person_id = $1 \
             ORDER BY e.ticket_id, e.id",
        ),
        (
            "ticket_documents",
            "SELECT d.ticket_id, d.display_name, d.media_type, d.size_bytes, d.sha256, d.at \
             FROM ticket_document d JOIN ticket t ON t.id = d.ticket_id \
             WHERE t.requester_person_id = $1 ORDER BY d.ticket_id, d.id",
        ),
        (
            "appointments",
            "SELECT a.id, s.cpi_code, s.channel, s.starts_at, s.ends_at, a.state, a.ticket_id, \
             a.booked_at FROM appointment a JOIN appointment_slot s ON s.id = a.slot_id \
             WHERE a.person_id = $1 ORDER BY s.starts_at, a.id",
        ),
        (
            "did",
            "SELECT id, state, cpi_code, residence_istat, domicile_istat, answers, protocol, \
             created_at, submitted_at, activated_at, suspended_at, closed_at, reason \
             FROM did WHERE person_id = $1 ORDER BY created_at, id",
        ),
        (
            "service_pact_items",
            "SELECT p.id AS pact_id, p.state AS pact_state, p.signed_at, p.protocol, i.kind, \
             i.text, i.deadline, i.state FROM pact p JOIN pact_item i ON i.pact_id = p.id \
             WHERE p.person_id = $1 ORDER BY p.id, i.id",
        ),
        (
            "applications",
            "SELECT vacancy_id, source, status, message, proposal_answer, created_at, updated_at \
             FROM application WHERE person_id = $1 ORDER BY created_at, id",
        ),
        (
            "saved_searches",
            "SELECT name, params, created_at, last_run_at FROM saved_search \
             WHERE person_id = $1 ORDER BY id",
        ),
        (
            "notifications",
            "SELECT n.kind, n.params, n.link, n.created_at FROM notification n \
             JOIN app_user u ON u.id = n.recipient_user_id WHERE u.person_id = $1 \
             ORDER BY n.id",
        ),
        (
            "audit_events_about_you",
            "SELECT e.id, e.at, u.display_name AS actor, e.acting_for_person_id, e.mandate_id, \
             e.action, e.object_type, e.object_id, e.outcome, e.request_id FROM audit_event e \
             LEFT JOIN app_user u ON u.id = e.actor_user_id WHERE e.subject_person_id = $1 \
             ORDER BY e.at DESC, e.id DESC LIMIT 10000",
        ),
    ] {
        out.insert(key.into(), rows(conn, sql, person).await?);
    }
    Ok(serde_json::Value::Object(out))
}

/// Puts a residence and contacts the person gave on a request onto their record where it has none
/// (never overwriting what is known). Returns whether anything was filled.
pub async fn fill_missing_person_data(
    conn: &mut AnyConnection,
    person: PersonId,
    residence_istat: &str,
    email: Option<&str>,
    phone: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE person SET residence_istat = COALESCE(residence_istat, $2), \
         email = COALESCE(email, $3), phone = COALESCE(phone, $4) \
         WHERE id = $1 AND closed_at IS NULL AND (residence_istat IS NULL \
         OR (email IS NULL AND $3 IS NOT NULL) OR (phone IS NULL AND $4 IS NOT NULL))",
    )
    .bind(person.0)
    .bind(residence_istat)
    .bind(email)
    .bind(phone)
    .execute(&mut *conn)
    .await?;
    Ok(changed.rows_affected() > 0)
}

/// Records a rectification request. Returns its id.
pub async fn add_rectification(
    conn: &mut AnyConnection,
    person: PersonId,
    body: &str,
    now: Timestamp,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO rectification_request (person_id, body, created_at) VALUES ($1, $2, $3) \
         RETURNING id",
    )
    .bind(person.0)
    .bind(body)
    .bind(now.to_iso())
    .fetch_one(conn)
    .await?
    .try_get(0)
}

/// What closing an account removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Closure {
    pub profile_rows: u64,
    pub mandates_revoked: u64,
    pub sessions_ended: u64,
}

/// Closes the account of `user` (the person's): erases the profile and contact data (no legal duty
/// keeps them), revokes every mandate from now, disables the account (ending its sessions), and
/// stamps the person closed. Identity and audit rows stay (docs/RETENTION.md says why and how long).
pub async fn close_account(
    tx: &mut Transaction<'_, Any>,
    user: i64,
    person: PersonId,
    now: Timestamp,
) -> Result<Closure, sqlx::Error> {
    let mut closure = Closure::default();
    for sql in [
        "DELETE FROM profile_occupation WHERE person_id = $1",
        "DELETE FROM profile_experience WHERE person_id = $1",
        "DELETE FROM profile_skill WHERE person_id = $1",
        "DELETE FROM profile_language WHERE person_id = $1",
        "DELETE FROM profile_licence WHERE person_id = $1",
        "DELETE FROM profile_contract WHERE person_id = $1",
        "DELETE FROM profile_education WHERE person_id = $1",
        "DELETE FROM saved_search WHERE person_id = $1",
        "DELETE FROM match_person_skill WHERE person_id = $1",
        "DELETE FROM match_person_occupation WHERE person_id = $1",
        "DELETE FROM match_person WHERE person_id = $1",
        "DELETE FROM profile WHERE person_id = $1",
        // Requests never sent go with the account; sent ones are administrative records.
        "DELETE FROM service_draft WHERE person_id = $1 AND submitted_at IS NULL",
    ] {
        closure.profile_rows += sqlx::query(sql)
            .bind(person.0)
            .execute(&mut **tx)
            .await?
            .rows_affected();
    }
    closure.mandates_revoked = sqlx::query(
        "UPDATE mandate SET revoked_at = $2 WHERE delegator_person_id = $1 AND revoked_at IS NULL",
    )
    .bind(person.0)
    .bind(now.to_iso())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    sqlx::query(
        "UPDATE person SET email = NULL, phone = NULL, residence_istat = NULL, closed_at = $2 \
         WHERE id = $1",
    )
    .bind(person.0)
    .bind(now.to_iso())
    .execute(&mut **tx)
    .await?;
    closure.sessions_ended = super::users::disable_user(tx, user, now).await?;
    Ok(closure)
}
