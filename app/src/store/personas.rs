//! Demo personas as the demo login page lists them. Personas are ordinary accounts with a
//! `persona` key (seeded by `seed --demo`); this only reads them.

use crate::api::session::{PersonaCard, RoleKind};
use crate::domain::civil::civil_from_days;
use crate::domain::session_policy::Timestamp;
use sqlx::{AnyConnection, Row};

fn kind(role: &str) -> Option<RoleKind> {
    Some(match role {
        "citizen" => RoleKind::Citizen,
        "company_admin" => RoleKind::CompanyAdmin,
        "company_recruiter" => RoleKind::CompanyRecruiter,
        "operator" => RoleKind::Operator,
        "supervisor" => RoleKind::Supervisor,
        "intermediary" => RoleKind::Intermediary,
        "admin" => RoleKind::Admin,
        "auditor" => RoleKind::Auditor,
        _ => return None,
    })
}

/// Whole years from `birth` (ISO date) to `now`.
fn age(birth: &str, now: Timestamp) -> Option<u32> {
    let mut parts = birth.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    let (ny, nm, nd) = civil_from_days(now.unix_millis().div_euclid(86_400_000));
    let years = ny - y - i64::from((nm, nd) < (m, d));
    u32::try_from(years).ok()
}

/// Every active persona, in key order, each shown by its most specific role (a company's
/// administrator is also a citizen, but is listed as the administrator).
pub async fn persona_cards(
    conn: &mut AnyConnection,
    now: Timestamp,
) -> Result<Vec<PersonaCard>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT u.persona, u.display_name, p.birth_date, c.name AS comune, r.role, \
         co.name AS company, cpi.name AS cpi_name, o.name AS organisation \
         FROM app_user u \
         LEFT JOIN person p ON p.id = u.person_id \
         LEFT JOIN comune c ON c.istat_code = p.residence_istat \
         LEFT JOIN user_role r ON r.user_id = u.id AND r.revoked_at IS NULL \
         LEFT JOIN company co ON co.id = r.company_id \
         LEFT JOIN cpi ON cpi.code = r.cpi_code \
         LEFT JOIN organisation o ON o.id = r.organisation_id \
         WHERE u.persona IS NOT NULL AND u.disabled_at IS NULL \
         ORDER BY u.persona, r.id",
    )
    .fetch_all(conn)
    .await?;
    let mut cards: Vec<PersonaCard> = Vec::new();
    for row in rows {
        let key: String = row.try_get("persona")?;
        let Some(role) = row
            .try_get::<Option<String>, _>("role")?
            .as_deref()
            .and_then(kind)
        else {
            continue;
        };
        let place = [
            row.try_get::<Option<String>, _>("company")?,
            row.try_get::<Option<String>, _>("cpi_name")?,
            row.try_get::<Option<String>, _>("organisation")?,
        ]
        .into_iter()
        .flatten()
        .next();
        let card = PersonaCard {
            key: key.clone(),
            display_name: row.try_get("display_name")?,
            role,
            place: place.or(row.try_get::<Option<String>, _>("comune")?),
            age: row
                .try_get::<Option<String>, _>("birth_date")?
                .and_then(|b| age(&b, now)),
        };
        match cards.last_mut() {
            Some(last) if last.key == key => {
                if last.role == RoleKind::Citizen && role != RoleKind::Citizen {
                    *last = PersonaCard {
                        age: last.age,
                        ..card
                    };
                }
            }
            _ => cards.push(card),
        }
    }
    cards.sort_by_key(|c| rank(c.role));
    Ok(cards)
}

/// The order of the login page: citizens first, then companies, intermediaries and staff.
fn rank(role: RoleKind) -> u8 {
    match role {
        RoleKind::Citizen => 0,
        RoleKind::CompanyAdmin => 1,
        RoleKind::CompanyRecruiter => 2,
        RoleKind::Intermediary => 3,
        RoleKind::Operator => 4,
        RoleKind::Supervisor => 5,
        RoleKind::Admin => 6,
        RoleKind::Auditor => 7,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_count_whole_years() {
        let now = Timestamp::parse_iso("2026-11-27T10:00:00.000Z").expect("instant");
        assert_eq!(age("2000-11-27", now), Some(26));
        assert_eq!(age("2000-11-28", now), Some(25));
        assert_eq!(age("garbage", now), None);
    }
}
