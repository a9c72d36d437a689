//! Mandates (deleghe): a citizen entrusts an accredited organisation with some services for at most a
//! year, sees and revokes them; the organisation's intermediaries see their clients, pick one to act
//! for, and everything they then do carries the mandate. Every function asks the policy first and
//! records changes (and intermediaries' reads of personal data) in the audit log, in the same
//! transaction as the change.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// An organisation a citizen may choose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationOption {
    pub id: i64,
    pub name: String,
    /// `patronato`, `union`, `trade_association`, `comune_desk`.
    pub kind: String,
}

/// Where a mandate stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MandateState {
    Active,
    NotYetValid,
    Expired,
    Revoked,
}

/// A mandate as the lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MandateRow {
    pub id: i64,
    pub organisation_name: String,
    pub delegator_name: String,
    /// Masked: first and last three characters.
    pub delegator_code: String,
    /// Scope codes (`profile`, `did`, `appointments`, `messages`, `applications`).
    pub scopes: Vec<String>,
    /// ISO dates.
    pub valid_from: String,
    pub valid_to: String,
    pub revoked_on: Option<String>,
    pub state: MandateState,
}

/// Durations a citizen can choose, in months.
pub const DURATION_CHOICES: [u32; 4] = [1, 3, 6, 12];

/// The client an intermediary is acting for, with the data the mandate opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientOverview {
    pub mandate_id: i64,
    pub name: String,
    pub code: String,
    pub scopes: Vec<String>,
    pub valid_to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileSummary {
    pub education_title: Option<String>,
    pub eqf_level: Option<i64>,
    pub available_from: Option<String>,
    /// Occupations sought, Italian labels, in the person's order.
    pub occupations: Vec<String>,
}

#[cfg(feature = "ssr")]
pub(crate) mod server {
    use super::*;
    use crate::api::request::{AuditFacts, RequestFacts};
    use crate::domain::codice_fiscale::masked;
    use crate::domain::policy::{self, Action, Actor, MandateId, MandateScope, Object, PersonId};
    use crate::domain::session_policy::Timestamp;
    use crate::store::mandates::{self, MandateRecord};
    use crate::store::use_db;
    use sqlx::{AnyConnection, Row};
    use std::collections::BTreeSet;

    pub fn date_of(t: Timestamp) -> String {
        t.to_iso()[..10].to_string()
    }

    pub fn row(record: &MandateRecord, now: Timestamp) -> MandateRow {
        let v = &record.view;
        let state = if v.revoked_at.is_some_and(|r| r <= now) {
            MandateState::Revoked
        } else if now < v.valid_from {
            MandateState::NotYetValid
        } else if v.in_force(now) {
            MandateState::Active
        } else {
            MandateState::Expired
        };
        MandateRow {
            id: v.id.0,
            organisation_name: record.organisation_name.clone(),
            delegator_name: record.delegator_name.clone(),
            delegator_code: masked(&record.delegator_codice_fiscale),
            scopes: v.scopes.iter().map(|s| s.code().to_string()).collect(),
            valid_from: date_of(v.valid_from),
            valid_to: date_of(v.valid_to),
            revoked_on: v.revoked_at.map(date_of),
            state,
        }
    }

    pub fn mandate_object(record: &MandateRecord) -> Object {
        Object::Mandate {
            delegator_person_id: record.view.delegator,
            organisation_id: record.view.organisation_id,
        }
    }

    /// `now` plus `months` calendar months (the day clamped to the month's length), same time of day.
    pub fn add_months(now: Timestamp, months: u32) -> Timestamp {
        use crate::domain::civil::{civil_from_days, days_from_civil};
        const DAY_MS: i64 = 86_400_000;
        let days = now.unix_millis().div_euclid(DAY_MS);
        let time = now.unix_millis().rem_euclid(DAY_MS);
        let (y, m, d) = civil_from_days(days);
        let total = y * 12 + (m - 1) + i64::from(months);
        let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) + 1);
        let last = days_from_civil(
            ny + i64::from(nm == 12),
            if nm == 12 { 1 } else { nm + 1 },
            1,
        ) - days_from_civil(ny, nm, 1);
        let target = days_from_civil(ny, nm, d.min(last)) * DAY_MS + time;
        Timestamp::from_unix_millis(target).unwrap_or(now)
    }

    /// The caller's own person, for citizen-only functions.
    pub fn own_person(facts: &RequestFacts) -> Result<PersonId, AppError> {
        facts
            .require_principal()?
            .person_id
            .ok_or(AppError::NotFound)
    }

    /// The mandate `id` if the actor may do `action` to it; others' mandates are `NotFound`.
    pub async fn authorised_mandate(
        conn: &mut AnyConnection,
        facts: &RequestFacts,
        id: i64,
        action: Action,
    ) -> Result<(MandateRecord, policy::Basis), AppError> {
        facts.require_principal()?;
        let record = mandates::mandate_by_id(conn, MandateId(id))
            .await?
            .ok_or(AppError::NotFound)?;
        let basis = facts.authorise(action, &mandate_object(&record))?;
        Ok((record, basis))
    }

    pub fn scopes_from(flags: [(MandateScope, Option<String>); 5]) -> BTreeSet<MandateScope> {
        flags
            .into_iter()
            .filter(|(_, v)| v.as_deref().is_some_and(|v| !v.is_empty()))
            .map(|(s, _)| s)
            .collect()
    }

    /// The actor an intermediary would be while acting under `record`.
    pub fn acting_actor(facts: &RequestFacts, record: &MandateRecord) -> Actor {
        match facts.actor() {
            Actor::User { user_id, roles, .. } => Actor::User {
                user_id,
                roles,
                acting_for: Some(record.view.clone()),
            },
            Actor::Anonymous => Actor::Anonymous,
        }
    }

    pub async fn profile_summary(
        conn: &mut AnyConnection,
        person: PersonId,
    ) -> Result<Option<ProfileSummary>, sqlx::Error> {
        let Some(row) = sqlx::query(
            "SELECT education_title, eqf_level, available_from FROM profile WHERE person_id = $1",
        )
        .bind(person.0)
        .fetch_optional(&mut *conn)
        .await?
        else {
            return Ok(None);
        };
        let occupations = sqlx::query(
            "SELECT COALESCE(o.label_it, po.occupation_id) AS label FROM profile_occupation po \
             LEFT JOIN occupation o ON o.id = po.occupation_id WHERE po.person_id = $1 \
             ORDER BY po.rank",
        )
        .bind(person.0)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get::<String, _>("label"))
        .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(ProfileSummary {
            education_title: row.try_get("education_title")?,
            eqf_level: row.try_get::<Option<i64>, _>("eqf_level")?,
            available_from: row.try_get("available_from")?,
            occupations,
        }))
    }

    pub fn audit_detail(record: &MandateRecord) -> serde_json::Value {
        serde_json::json!({
            "organisation_id": record.view.organisation_id.0,
            "scopes": MandateScope::join(&record.view.scopes),
        })
    }

    pub fn audit<'a>(
        action: &'a str,
        object_id: &'a str,
        subject: PersonId,
        basis: Option<&'a policy::Basis>,
        detail: Option<&'a serde_json::Value>,
    ) -> AuditFacts<'a> {
        AuditFacts {
            action,
            object_type: "mandate",
            object_id: Some(object_id),
            subject_person_id: Some(subject.0),
            basis,
            detail,
        }
    }

    pub async fn begin() -> Result<sqlx::Transaction<'static, sqlx::Any>, AppError> {
        Ok(use_db()?.begin_write().await?)
    }
}

/// The organisations a mandate can go to (public: the register of accredited organisations).
#[server(prefix = "/api", endpoint = "mandates/organisations")]
pub async fn mandate_organisations() -> Result<Vec<OrganisationOption>, AppError> {
    use crate::domain::policy::{Action, Object};
    let facts = crate::api::request::request_facts()?;
    facts.authorise(Action::Read, &Object::Public)?;
    let mut tx = server::begin().await?;
    let list = crate::store::mandates::organisations(&mut tx).await?;
    tx.commit().await?;
    Ok(list
        .into_iter()
        .map(|o| OrganisationOption {
            id: o.id.0,
            name: o.name,
            kind: o.kind.code().to_string(),
        })
        .collect())
}

/// The mandates the caller gave, newest first.
#[server(prefix = "/api", endpoint = "mandates/mine")]
pub async fn my_mandates() -> Result<Vec<MandateRow>, AppError> {
    use crate::domain::policy::Action;
    let facts = crate::api::request::request_facts()?;
    let me = server::own_person(&facts)?;
    let mut tx = server::begin().await?;
    let records = crate::store::mandates::mandates_of_person(&mut tx, me).await?;
    let mut rows = Vec::with_capacity(records.len());
    for record in &records {
        facts.authorise(Action::Read, &server::mandate_object(record))?;
        rows.push(server::row(record, facts.now));
    }
    tx.commit().await?;
    Ok(rows)
}

/// Grants a mandate from now for `months` (1, 3, 6 or 12) covering the ticked scopes.
#[server(prefix = "/api", endpoint = "mandates/grant")]
pub async fn grant_mandate(
    organisation_id: i64,
    months: u32,
    profile: Option<String>,
    did: Option<String>,
    appointments: Option<String>,
    messages: Option<String>,
    applications: Option<String>,
) -> Result<MandateRow, AppError> {
    use crate::domain::policy::{Action, MandateScope, Object, MAX_MANDATE_DURATION};
    let facts = crate::api::request::request_facts()?;
    let me = server::own_person(&facts)?;
    let scopes = server::scopes_from([
        (MandateScope::Profile, profile),
        (MandateScope::Did, did),
        (MandateScope::Appointments, appointments),
        (MandateScope::Messages, messages),
        (MandateScope::Applications, applications),
    ]);
    if scopes.is_empty() {
        return Err(AppError::field(
            "scopes",
            crate::error::FieldProblem::Required,
        ));
    }
    if !DURATION_CHOICES.contains(&months) {
        return Err(AppError::invalid("months"));
    }
    let valid_to = server::add_months(facts.now, months);
    if valid_to > facts.now.plus(MAX_MANDATE_DURATION) {
        return Err(AppError::invalid("months"));
    }
    let organisation = crate::domain::policy::OrganisationId(organisation_id);
    facts.authorise(
        Action::GrantMandate,
        &Object::Mandate {
            delegator_person_id: me,
            organisation_id: organisation,
        },
    )?;
    let mut tx = server::begin().await?;
    if crate::store::mandates::organisation_by_id(&mut tx, organisation)
        .await?
        .is_none()
    {
        return Err(AppError::invalid("organisation_id"));
    }
    let id = crate::store::mandates::create_mandate(
        &mut tx,
        me,
        organisation,
        &scopes,
        facts.now,
        valid_to,
        facts.now,
    )
    .await?;
    let record = crate::store::mandates::mandate_by_id(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::internal("mandate missing right after insert"))?;
    let detail = server::audit_detail(&record);
    let object_id = id.0.to_string();
    facts
        .audit(
            &mut tx,
            server::audit("mandate.grant", &object_id, me, None, Some(&detail)),
        )
        .await?;
    tx.commit().await?;
    leptos_axum::redirect("/area-personale/deleghe?esito=concessa");
    Ok(server::row(&record, facts.now))
}

/// Revokes one of the caller's mandates, from this instant: requests already under way that check
/// the mandate after this commits are refused.
#[server(prefix = "/api", endpoint = "mandates/revoke")]
pub async fn revoke_mandate(mandate_id: i64) -> Result<MandateRow, AppError> {
    use crate::domain::policy::{Action, MandateId};
    let facts = crate::api::request::request_facts()?;
    let mut tx = server::begin().await?;
    let (_, basis) =
        server::authorised_mandate(&mut tx, &facts, mandate_id, Action::RevokeMandate).await?;
    crate::store::mandates::revoke_mandate(&mut tx, MandateId(mandate_id), facts.now).await?;
    let record = crate::store::mandates::mandate_by_id(&mut tx, MandateId(mandate_id))
        .await?
        .ok_or(AppError::NotFound)?;
    let object_id = mandate_id.to_string();
    let detail = server::audit_detail(&record);
    facts
        .audit(
            &mut tx,
            server::audit(
                "mandate.revoke",
                &object_id,
                record.view.delegator,
                Some(&basis),
                Some(&detail),
            ),
        )
        .await?;
    tx.commit().await?;
    leptos_axum::redirect("/area-personale/deleghe?esito=revocata");
    Ok(server::row(&record, facts.now))
}

/// The intermediary's clients: every mandate held by their organisations, newest first. Listing
/// shows clients' names, so each listed client gets an audit row.
#[server(prefix = "/api", endpoint = "mandates/clients")]
pub async fn client_mandates() -> Result<Vec<MandateRow>, AppError> {
    use crate::domain::policy::Action;
    let facts = crate::api::request::request_facts()?;
    let principal = facts.require_principal()?;
    let organisations = principal.organisations();
    if organisations.is_empty() {
        return Err(AppError::Forbidden);
    }
    let mut tx = server::begin().await?;
    let mut rows = Vec::new();
    for organisation in organisations {
        for record in
            crate::store::mandates::mandates_of_organisation(&mut tx, organisation).await?
        {
            let basis = facts.authorise(Action::Read, &server::mandate_object(&record))?;
            let object_id = record.view.id.0.to_string();
            facts
                .audit(
                    &mut tx,
                    server::audit(
                        "mandate.read",
                        &object_id,
                        record.view.delegator,
                        Some(&basis),
                        None,
                    ),
                )
                .await?;
            rows.push(server::row(&record, facts.now));
        }
    }
    tx.commit().await?;
    Ok(rows)
}

/// Starts acting for the client of `mandate_id`: the session remembers the mandate, and every later
/// request is decided (and audited) under it, while it stays in force.
#[server(prefix = "/api", endpoint = "mandates/act-for")]
pub async fn act_for_client(mandate_id: i64) -> Result<(), AppError> {
    use crate::domain::policy::{may, Action, Object};
    let facts = crate::api::request::request_facts()?;
    let token = facts
        .authenticated
        .as_ref()
        .map(|a| a.token.clone())
        .ok_or(AppError::Unauthenticated)?;
    let mut tx = server::begin().await?;
    let (record, _) = server::authorised_mandate(&mut tx, &facts, mandate_id, Action::Read).await?;
    let acting = server::acting_actor(&facts, &record);
    let person = Object::Person {
        person_id: record.view.delegator,
        competent_cpi: None,
    };
    let basis = crate::api::request::decide(may(&acting, Action::ActFor, &person, facts.now))?;
    crate::store::sessions::set_acting_for(&mut tx, &token, Some(mandate_id)).await?;
    let object_id = mandate_id.to_string();
    facts
        .audit(
            &mut tx,
            server::audit(
                "mandate.act_for",
                &object_id,
                record.view.delegator,
                Some(&basis),
                None,
            ),
        )
        .await?;
    tx.commit().await?;
    leptos_axum::redirect("/intermediario/cliente");
    Ok(())
}

/// Stops acting for a client.
#[server(prefix = "/api", endpoint = "mandates/stop-acting")]
pub async fn stop_acting() -> Result<(), AppError> {
    let facts = crate::api::request::request_facts()?;
    let token = facts
        .authenticated
        .as_ref()
        .map(|a| a.token.clone())
        .ok_or(AppError::Unauthenticated)?;
    let mut tx = server::begin().await?;
    crate::store::sessions::set_acting_for(&mut tx, &token, None).await?;
    tx.commit().await?;
    leptos_axum::redirect("/intermediario");
    Ok(())
}

/// The client the intermediary is acting for (read audited with the mandate). A mandate revoked or
/// expired since it was picked answers `NotFound`.
#[server(prefix = "/api", endpoint = "mandates/acting-client")]
pub async fn acting_client() -> Result<ClientOverview, AppError> {
    use crate::domain::policy::{Action, Object};
    let facts = crate::api::request::request_facts()?;
    let principal = facts.require_principal()?;
    let mandate = principal.acting_for.clone().ok_or(AppError::NotFound)?;
    let person = Object::Person {
        person_id: mandate.delegator,
        competent_cpi: None,
    };
    let basis = facts.authorise(Action::Read, &person)?;
    let mut tx = server::begin().await?;
    let record = crate::store::mandates::mandate_by_id(&mut tx, mandate.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let object_id = mandate.delegator.0.to_string();
    facts
        .audit(
            &mut tx,
            crate::api::request::AuditFacts {
                action: "person.read",
                object_type: "person",
                object_id: Some(&object_id),
                subject_person_id: Some(mandate.delegator.0),
                basis: Some(&basis),
                detail: None,
            },
        )
        .await?;
    tx.commit().await?;
    Ok(ClientOverview {
        mandate_id: mandate.id.0,
        name: record.delegator_name.clone(),
        code: crate::domain::codice_fiscale::masked(&record.delegator_codice_fiscale),
        scopes: record
            .view
            .scopes
            .iter()
            .map(|s| s.code().to_string())
            .collect(),
        valid_to: server::date_of(record.view.valid_to),
    })
}

/// The professional profile of the client the intermediary is acting for: `NotFound` unless the
/// mandate is in force and covers the profile; `None` when the client has not filled it in. The
/// read is audited with the mandate.
#[server(prefix = "/api", endpoint = "mandates/acting-client-profile")]
pub async fn acting_client_profile() -> Result<Option<ProfileSummary>, AppError> {
    use crate::domain::policy::{Action, MandateScope, Object};
    let facts = crate::api::request::request_facts()?;
    let principal = facts.require_principal()?;
    let mandate = principal.acting_for.clone().ok_or(AppError::NotFound)?;
    let object = Object::PersonData {
        person_id: mandate.delegator,
        competent_cpi: None,
        scope: MandateScope::Profile,
    };
    let basis = facts.authorise(Action::ReadPersonalData, &object)?;
    let mut tx = server::begin().await?;
    let summary = server::profile_summary(&mut tx, mandate.delegator).await?;
    let object_id = mandate.delegator.0.to_string();
    facts
        .audit(
            &mut tx,
            crate::api::request::AuditFacts {
                action: "profile.read",
                object_type: "profile",
                object_id: Some(&object_id),
                subject_person_id: Some(mandate.delegator.0),
                basis: Some(&basis),
                detail: None,
            },
        )
        .await?;
    tx.commit().await?;
    Ok(summary)
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::server::add_months;
    use crate::domain::session_policy::Timestamp;

    fn at(s: &str) -> Timestamp {
        Timestamp::parse_iso(s).expect("instant")
    }

    #[test]
    fn months_are_calendar_months_clamped_to_the_month_end() {
        assert_eq!(
            add_months(at("2026-01-31T10:00:00.000Z"), 1),
            at("2026-02-28T10:00:00.000Z")
        );
        assert_eq!(
            add_months(at("2026-11-27T08:30:00.000Z"), 12),
            at("2027-11-27T08:30:00.000Z")
        );
        assert_eq!(
            add_months(at("2027-12-15T00:00:00.000Z"), 3),
            at("2028-03-15T00:00:00.000Z")
        );
    }
}
