//! Who may watch what: the policy's `Read` on the ticket or the queue, at the start of a stream and
//! again at every keep-alive.

use app::domain::policy::{self, Action, CpiCode, Decision, Object};
use app::domain::session_policy::Timestamp;
use app::live::Topic;
use app::store::identity::{load_principal, Principal};
use app::store::sessions::validate_session;
use app::store::tickets::ticket_facts;
use app::store::Db;
use sqlx::AnyConnection;

use crate::auth::AuthState;

/// What a stream watches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Ticket(i64),
    Queue(CpiCode),
    /// A person's own things (issue 7).
    Person(i64),
}

impl Subject {
    /// `?ticket=<id>` or `?queue=<CPI>`, exactly one of them.
    pub fn from_query(ticket: Option<&str>, queue: Option<&str>) -> Option<Subject> {
        match (ticket, queue) {
            (Some(id), None) => match format!("ticket:{id}").parse() {
                Ok(Topic::Ticket(id)) => Some(Subject::Ticket(id)),
                _ => None,
            },
            (None, Some(code)) if Topic::is_valid_cpi_code(code) => {
                Some(Subject::Queue(CpiCode(code.to_string())))
            }
            _ => None,
        }
    }

    /// `?person=<id>`.
    pub fn person_from_query(person: Option<&str>) -> Option<Subject> {
        match format!("person:{}", person?).parse() {
            Ok(Topic::Person(id)) => Some(Subject::Person(id)),
            _ => None,
        }
    }
}

/// The answer for one stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Allowed, forwarding these topics.
    Allowed(Vec<Topic>),
    Unauthenticated,
    /// Refused or unknown: the same answer, so nothing tells them apart.
    NotFound,
}

/// The policy's answer for `principal` watching `subject` at `now`.
pub async fn authorise_principal(
    db: &Db,
    principal: &Principal,
    subject: &Subject,
    now: Timestamp,
) -> Result<Verdict, sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    authorise(&mut conn, principal, subject, now).await
}

async fn authorise(
    conn: &mut AnyConnection,
    principal: &Principal,
    subject: &Subject,
    now: Timestamp,
) -> Result<Verdict, sqlx::Error> {
    if let Subject::Person(id) = subject {
        // Only the person themself, in their own session: the topic says nothing, but which
        // person has live activity is theirs to know.
        let own = principal.acting_for.is_none() && principal.person_id.map(|p| p.0) == Some(*id);
        return Ok(if own {
            Verdict::Allowed(vec![Topic::Person(*id)])
        } else {
            Verdict::NotFound
        });
    }
    let (object, topics) = match subject {
        Subject::Ticket(id) => {
            let Some(facts) = ticket_facts(conn, *id).await? else {
                return Ok(Verdict::NotFound);
            };
            let topics = vec![Topic::Ticket(*id), Topic::Queue(facts.cpi_code.clone())];
            (facts.object(), topics)
        }
        Subject::Queue(cpi) => (
            Object::Queue { cpi: cpi.clone() },
            vec![Topic::Queue(cpi.clone())],
        ),
        Subject::Person(_) => return Ok(Verdict::NotFound),
    };
    Ok(
        match policy::may(&principal.actor(), Action::Read, &object, now) {
            Decision::Allow(_) => Verdict::Allowed(topics),
            Decision::Unauthenticated => Verdict::Unauthenticated,
            Decision::Forbidden | Decision::NotFound => Verdict::NotFound,
        },
    )
}

/// The answer for the session behind `token` now, as the session layer would find it (expiry,
/// disabled account, current roles and mandate) but without recording activity: the transaction is
/// rolled back, so an open stream does not keep an idle session alive.
pub async fn authorise_token(
    auth: &AuthState,
    token: &str,
    subject: &Subject,
) -> Result<Verdict, sqlx::Error> {
    let now = auth.clock.now();
    let mut tx = auth.db.begin_write().await?;
    let verdict = match validate_session(&mut tx, token, &auth.session_policy, now).await? {
        None => Verdict::Unauthenticated,
        Some(user) => match load_principal(&mut tx, &user).await? {
            None => Verdict::Unauthenticated,
            Some(principal) => authorise(&mut tx, &principal, subject, now).await?,
        },
    };
    tx.rollback().await?;
    Ok(verdict)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_exactly_one_well_formed_subject() {
        assert_eq!(
            Subject::from_query(Some("12"), None),
            Some(Subject::Ticket(12))
        );
        assert_eq!(
            Subject::from_query(None, Some("PG")),
            Some(Subject::Queue(CpiCode("PG".into())))
        );
        for (ticket, queue) in [
            (None, None),
            (Some("12"), Some("PG")),
            (Some("x"), None),
            (Some("-3"), None),
            (Some(""), None),
            (None, Some("")),
            (None, Some("P G")),
        ] {
            assert_eq!(
                Subject::from_query(ticket, queue),
                None,
                "{ticket:?} {queue:?}"
            );
        }
    }

    #[test]
    fn a_person_subject_is_a_plain_id() {
        assert_eq!(
            Subject::person_from_query(Some("12")),
            Some(Subject::Person(12))
        );
        for bad in [None, Some(""), Some("x"), Some("-1"), Some("1 2")] {
            assert_eq!(Subject::person_from_query(bad), None, "{bad:?}");
        }
    }
}
