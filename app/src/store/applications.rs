//! Applications and their pipeline (issue 6): insert one with its first event, list what a company
//! may see of a vacancy's candidates, count them per status, move one with a conditional UPDATE on
//! the status the caller saw (plus its event row), and read one application's history. The rules
//! of a move are `domain::application::ApplicationStatus::transition`; this module only writes.
//!
//! What a company sees of a candidate (the pipeline card) is decided here, in one query, so that
//! nothing more ever leaves the database for a company: name, comune of residence, how they came,
//! when, the status, the outcome reason, and the contact (e-mail, phone) only while the company has
//! something to do with them (see [`contact_visible`]). No codice fiscale, birth date, sex or
//! address: age and sex are grounds of discrimination (D.Lgs. 198/2006, 216/2003) and the
//! pipeline does not need them.

use crate::domain::application::{ApplicationSource, ApplicationStatus, NotSelectedReason};
use crate::domain::policy::{CompanyId, CpiCode, Object, PersonId};
use crate::domain::session_policy::Timestamp;
use crate::domain::vacancy::VacancyState;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

fn decode(what: &str, code: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("unknown {what} {code}").into())
}

/// What the pipeline needs of a vacancy: whose it is and which CPI works it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VacancyFacts {
    pub id: i64,
    pub company_id: CompanyId,
    /// `vacancy.cpi_code`, or for a row without one the CPI of the company's seat; `None` outside
    /// the region the CPIs serve.
    pub cpi: Option<CpiCode>,
    pub title: String,
    pub state: VacancyState,
    /// `preselection`, `public` or `both`.
    pub candidate_channel: String,
}

impl VacancyFacts {
    /// The policy's object. A vacancy with no CPI belongs to no operator.
    pub fn object(&self) -> Object {
        Object::Vacancy {
            company_id: self.company_id,
            cpi: self.cpi.clone().unwrap_or(CpiCode(String::new())),
        }
    }

    /// Whether the company asked for CPI preselection.
    pub fn takes_preselection(&self) -> bool {
        self.candidate_channel != "public"
    }
}

pub async fn vacancy_facts(
    conn: &mut AnyConnection,
    vacancy_id: i64,
) -> Result<Option<VacancyFacts>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT v.id, v.company_id, v.title, v.status, v.candidate_channel, \
         COALESCE(v.cpi_code, m.cpi_code) AS cpi FROM vacancy v \
         JOIN company c ON c.id = v.company_id \
         LEFT JOIN comune m ON m.istat_code = c.seat_istat WHERE v.id = $1",
    )
    .bind(vacancy_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let status: String = row.try_get("status")?;
    Ok(Some(VacancyFacts {
        id: row.try_get("id")?,
        company_id: CompanyId(row.try_get("company_id")?),
        cpi: row.try_get::<Option<String>, _>("cpi")?.map(CpiCode),
        title: row.try_get("title")?,
        state: VacancyState::parse(&status).ok_or_else(|| decode("vacancy status", &status))?,
        candidate_channel: row.try_get("candidate_channel")?,
    }))
}

/// A new application and who made it (`None`: generated).
#[derive(Debug, Clone)]
pub struct NewApplication {
    pub vacancy_id: i64,
    pub person_id: PersonId,
    pub source: ApplicationSource,
    pub status: ApplicationStatus,
    pub actor_user_id: Option<i64>,
}

/// Inserts an application with its first event. `None`: the person already has an application
/// for this vacancy (nothing written).
pub async fn insert_application(
    conn: &mut AnyConnection,
    now: Timestamp,
    new: &NewApplication,
) -> Result<Option<i64>, sqlx::Error> {
    let at = now.to_iso();
    let id: Option<i64> = sqlx::query(
        "INSERT INTO application (vacancy_id, person_id, source, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (vacancy_id, person_id) DO NOTHING \
         RETURNING id",
    )
    .bind(new.vacancy_id)
    .bind(new.person_id.0)
    .bind(new.source.code())
    .bind(new.status.code())
    .bind(&at)
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| r.try_get(0))
    .transpose()?;
    if let Some(id) = id {
        insert_event(conn, now, id, new.actor_user_id, None, new.status, None).await?;
    }
    Ok(id)
}

async fn insert_event(
    conn: &mut AnyConnection,
    now: Timestamp,
    application_id: i64,
    actor_user_id: Option<i64>,
    from: Option<ApplicationStatus>,
    to: ApplicationStatus,
    reason: Option<NotSelectedReason>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO application_event (application_id, at, actor_user_id, from_status, \
         to_status, reason_code) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(application_id)
    .bind(now.to_iso())
    .bind(actor_user_id)
    .bind(from.map(ApplicationStatus::code))
    .bind(to.code())
    .bind(reason.map(NotSelectedReason::code))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// One application, as the moves need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationRecord {
    pub id: i64,
    pub vacancy_id: i64,
    pub person_id: PersonId,
    pub source: ApplicationSource,
    pub status: ApplicationStatus,
    pub reason: Option<NotSelectedReason>,
    pub reason_shared: bool,
}

fn statuses(row: &AnyRow) -> Result<(ApplicationSource, ApplicationStatus), sqlx::Error> {
    let source: String = row.try_get("source")?;
    let status: String = row.try_get("status")?;
    Ok((
        ApplicationSource::parse(&source).ok_or_else(|| decode("source", &source))?,
        ApplicationStatus::parse(&status).ok_or_else(|| decode("status", &status))?,
    ))
}

fn reason_of(row: &AnyRow) -> Result<Option<NotSelectedReason>, sqlx::Error> {
    row.try_get::<Option<String>, _>("reason_code")?
        .map(|code| NotSelectedReason::parse(&code).ok_or_else(|| decode("reason", &code)))
        .transpose()
}

pub async fn application_by_id(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<ApplicationRecord>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, vacancy_id, person_id, source, status, reason_code, \
         CASE WHEN reason_shared THEN 1 ELSE 0 END AS shared FROM application WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let (source, status) = statuses(&row)?;
    Ok(Some(ApplicationRecord {
        id: row.try_get("id")?,
        vacancy_id: row.try_get("vacancy_id")?,
        person_id: PersonId(row.try_get("person_id")?),
        source,
        status,
        reason: reason_of(&row)?,
        reason_shared: row.try_get::<i64, _>("shared")? == 1,
    }))
}

/// Whether the company sees how to reach the candidate: while it has something to do with them
/// (in the pipeline, or hired). Once the candidate withdrew or was not selected the company has no
/// more reason to contact them, so it no longer gets their contacts (data minimisation, GDPR art.
/// 5(1)(c)).
pub fn contact_visible(status: ApplicationStatus) -> bool {
    status.visible_to_company()
        && !matches!(
            status,
            ApplicationStatus::NotSelected | ApplicationStatus::Withdrawn
        )
}

/// A candidate as a company sees them: never more than this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicantRecord {
    pub id: i64,
    pub person_id: PersonId,
    pub given_name: String,
    pub family_name: String,
    /// The name of the comune of residence.
    pub comune: Option<String>,
    pub source: ApplicationSource,
    pub status: ApplicationStatus,
    pub reason: Option<NotSelectedReason>,
    pub reason_shared: bool,
    /// ISO instant the application was made.
    pub created_at: String,
    /// ISO instant of its last move.
    pub updated_at: String,
    /// (e-mail, phone), only when [`contact_visible`].
    pub contact: Option<(Option<String>, Option<String>)>,
    /// What the person wrote to the company when applying.
    pub message: Option<String>,
}

/// The SQL list of the statuses a company may see, from the domain's rule (codes are ours, never
/// input).
fn visible_codes() -> String {
    ApplicationStatus::ALL
        .into_iter()
        .filter(|s| s.visible_to_company())
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The candidates of a vacancy the company may see (never the CPI's shortlist), oldest first.
pub async fn applicants_visible_to_company(
    conn: &mut AnyConnection,
    vacancy_id: i64,
) -> Result<Vec<ApplicantRecord>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT a.id, a.person_id, a.source, a.status, a.reason_code, \
         CASE WHEN a.reason_shared THEN 1 ELSE 0 END AS shared, a.created_at, a.updated_at, \
         p.given_name, p.family_name, p.email, p.phone, m.name AS comune, a.message \
         FROM application a JOIN person p ON p.id = a.person_id \
         LEFT JOIN comune m ON m.istat_code = p.residence_istat \
         WHERE a.vacancy_id = $1 AND a.status IN ({}) ORDER BY a.created_at, a.id",
        visible_codes()
    )))
    .bind(vacancy_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let (source, status) = statuses(row)?;
            let contact = contact_visible(status)
                .then(|| -> Result<_, sqlx::Error> {
                    Ok((
                        row.try_get::<Option<String>, _>("email")?,
                        row.try_get::<Option<String>, _>("phone")?,
                    ))
                })
                .transpose()?;
            Ok(ApplicantRecord {
                id: row.try_get("id")?,
                person_id: PersonId(row.try_get("person_id")?),
                given_name: row.try_get("given_name")?,
                family_name: row.try_get("family_name")?,
                comune: row.try_get("comune")?,
                source,
                status,
                reason: reason_of(row)?,
                reason_shared: row.try_get::<i64, _>("shared")? == 1,
                created_at: row.try_get("created_at")?,
                updated_at: row.try_get("updated_at")?,
                contact,
                message: row.try_get("message")?,
            })
        })
        .collect()
}

/// How many applications of the vacancy are in each status (all of them: the caller keeps what
/// its reader may see), in the order of [`ApplicationStatus::ALL`], zeros included.
pub async fn counts_by_status(
    conn: &mut AnyConnection,
    vacancy_id: i64,
) -> Result<Vec<(ApplicationStatus, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT status, COUNT(*) AS n FROM application WHERE vacancy_id = $1 GROUP BY status",
    )
    .bind(vacancy_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut found = Vec::new();
    for row in &rows {
        let code: String = row.try_get("status")?;
        let status = ApplicationStatus::parse(&code).ok_or_else(|| decode("status", &code))?;
        found.push((status, row.try_get::<i64, _>("n")?));
    }
    Ok(ApplicationStatus::ALL
        .into_iter()
        .map(|s| {
            let n = found.iter().find(|(f, _)| *f == s).map_or(0, |(_, n)| *n);
            (s, n)
        })
        .collect())
}

/// One move, checked by the caller with [`ApplicationStatus::transition`].
#[derive(Debug, Clone)]
pub struct Move {
    pub application_id: i64,
    /// The status the caller saw.
    pub from: ApplicationStatus,
    pub to: ApplicationStatus,
    pub reason: Option<NotSelectedReason>,
    /// Whether the candidate may see the reason (only meaningful with a reason).
    pub reason_shared: bool,
    pub actor_user_id: Option<i64>,
}

/// Applies `m` if the application is still in `m.from`, with its event row. `false`: someone
/// moved it first (nothing written).
pub async fn move_application(
    conn: &mut AnyConnection,
    now: Timestamp,
    m: &Move,
) -> Result<bool, sqlx::Error> {
    let shared = i64::from(m.reason.is_some() && m.reason_shared);
    let changed = sqlx::query(
        "UPDATE application SET status = $1, reason_code = $2, \
         reason_shared = CASE WHEN $3 = 1 THEN TRUE ELSE FALSE END, updated_at = $4 \
         WHERE id = $5 AND status = $6",
    )
    .bind(m.to.code())
    .bind(m.reason.map(NotSelectedReason::code))
    .bind(shared)
    .bind(now.to_iso())
    .bind(m.application_id)
    .bind(m.from.code())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if changed != 1 {
        return Ok(false);
    }
    insert_event(
        conn,
        now,
        m.application_id,
        m.actor_user_id,
        Some(m.from),
        m.to,
        m.reason,
    )
    .await?;
    Ok(true)
}

/// One row of an application's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationEventRow {
    pub at: String,
    pub actor_user_id: Option<i64>,
    pub from: Option<ApplicationStatus>,
    pub to: ApplicationStatus,
    pub reason: Option<NotSelectedReason>,
}

/// The history of one application, oldest first.
pub async fn history_of(
    conn: &mut AnyConnection,
    application_id: i64,
) -> Result<Vec<ApplicationEventRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT at, actor_user_id, from_status, to_status, reason_code FROM application_event \
         WHERE application_id = $1 ORDER BY id",
    )
    .bind(application_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let status = |code: String| {
                ApplicationStatus::parse(&code).ok_or_else(|| decode("status", &code))
            };
            Ok(ApplicationEventRow {
                at: row.try_get("at")?,
                actor_user_id: row.try_get("actor_user_id")?,
                from: row
                    .try_get::<Option<String>, _>("from_status")?
                    .map(status)
                    .transpose()?,
                to: status(row.try_get("to_status")?)?,
                reason: reason_of(row)?,
            })
        })
        .collect()
}

/// The statuses generated applications go through, in turn: (source, path from the first status
/// to the last). A mix of every status a company works, plus one CPI shortlist it must not see.
const GENERATED: [(ApplicationSource, &[ApplicationStatus]); 8] = {
    use ApplicationSource as Src;
    use ApplicationStatus as S;
    [
        (Src::Applied, &[S::Applied]),
        (Src::Cpi, &[S::Shortlisted, S::SentToCompany]),
        (Src::Applied, &[S::Applied]),
        (Src::Cpi, &[S::Shortlisted]),
        (Src::Applied, &[S::Applied, S::Interview]),
        (Src::Cpi, &[S::Shortlisted, S::SentToCompany]),
        (Src::Applied, &[S::Applied]),
        (Src::Cpi, &[S::Shortlisted, S::SentToCompany, S::Interview]),
    ]
};

/// The status the `i`-th generated application of a vacancy ends in (0-based).
pub fn generated_status(i: usize) -> ApplicationStatus {
    let (_, path) = GENERATED[i % GENERATED.len()];
    path.last().copied().unwrap_or(ApplicationStatus::Applied)
}

/// Creates up to `count` applications for a vacancy from existing people who have none for it yet,
/// deterministically (the same database gives the same people and statuses), with their history;
/// statuses follow [`generated_status`]. For tests and the demo, until candidates arrive with the
/// matching issue. Returns (application id, person, status) in creation order.
pub async fn generate_applications(
    conn: &mut AnyConnection,
    now: Timestamp,
    vacancy_id: i64,
    count: i64,
) -> Result<Vec<(i64, PersonId, ApplicationStatus)>, sqlx::Error> {
    // A spread that differs per vacancy, so two vacancies do not get the same people.
    let people: Vec<i64> = sqlx::query(
        "SELECT p.id FROM person p WHERE NOT EXISTS (SELECT 1 FROM application a \
         WHERE a.vacancy_id = $1 AND a.person_id = p.id) \
         ORDER BY (p.id * 7 + $1) % 101, p.id LIMIT $2",
    )
    .bind(vacancy_id)
    .bind(count)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<Result<_, _>>()?;
    let mut made = Vec::new();
    for (i, person) in people.into_iter().enumerate() {
        let (source, path) = GENERATED[i % GENERATED.len()];
        let Some((first, rest)) = path.split_first() else {
            continue;
        };
        let Some(id) = insert_application(
            conn,
            now,
            &NewApplication {
                vacancy_id,
                person_id: PersonId(person),
                source,
                status: *first,
                actor_user_id: None,
            },
        )
        .await?
        else {
            continue;
        };
        let mut at = *first;
        for next in rest {
            move_application(
                conn,
                now,
                &Move {
                    application_id: id,
                    from: at,
                    to: *next,
                    reason: None,
                    reason_shared: false,
                    actor_user_id: None,
                },
            )
            .await?;
            at = *next;
        }
        made.push((id, PersonId(person), at));
    }
    Ok(made)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationStatus as S;

    #[test]
    fn contacts_go_only_with_candidates_the_company_still_works() {
        for s in [S::Applied, S::SentToCompany, S::Interview, S::Hired] {
            assert!(contact_visible(s), "{s:?}");
        }
        for s in [S::Shortlisted, S::NotSelected, S::Withdrawn] {
            assert!(!contact_visible(s), "{s:?}");
        }
    }

    #[test]
    fn the_visible_list_leaves_out_the_cpi_shortlist() {
        let codes = visible_codes();
        assert!(!codes.contains("'shortlisted'"), "{codes}");
        assert!(codes.contains("'sent_to_company'"), "{codes}");
        assert_eq!(codes.matches('\'').count(), 12, "six statuses: {codes}");
    }

    #[test]
    fn generated_paths_are_moves_the_pipeline_allows() {
        use crate::domain::application::Mover;
        for (_, path) in GENERATED {
            for pair in path.windows(2) {
                let ok = [Mover::Company, Mover::Cpi]
                    .into_iter()
                    .any(|m| pair[0].transition(pair[1], m, None).is_ok());
                assert!(ok, "{:?} -> {:?}", pair[0], pair[1]);
            }
        }
        assert_eq!(generated_status(3), S::Shortlisted);
        assert_eq!(generated_status(8), S::Applied);
    }
}
