//! The demo personas: accounts the demo identity provider lists, one per kind of user, so a visitor
//! can see the service as a citizen, a company, an operator of each CPI, a supervisor, a patronato,
//! an admin or an auditor. Created (or refreshed) after the demo region at every `seed --demo`;
//! citizens are demo people (`is_demo`), the company roles point at the generated company with the
//! most vacancies, staff accounts have no person. A regenerated region takes the persona links of
//! its people and companies with it (`delete_demo_rows`), and this puts them back.

use app::domain::codice_fiscale::{Belfiore, CalendarDate, CodiceFiscale, Sex};
use app::domain::policy::{MandateScope, PersonId};
use app::domain::session_policy::Timestamp;
use app::store::mandates::{
    create_mandate, mandates_of_organisation, upsert_organisation, OrganisationKind,
};
use app::store::reference::belfiore_by_comune_name;
use app::store::users::{grant_role, Grant};
use app::store::Db;
use sqlx::{AnyConnection, Row};
use std::collections::BTreeSet;
use std::time::Duration;

/// A citizen persona: name, sex, birth date, birth comune, residence comune (ISTAT code).
struct CitizenPersona {
    key: &'static str,
    given: &'static str,
    family: &'static str,
    sex: Sex,
    birth: &'static str,
    birth_comune: &'static str,
    residence_istat: &'static str,
}

const CITIZENS: &[CitizenPersona] = &[
    CitizenPersona {
        key: "cittadino-1",
        given: "Giulia",
        family: "Ferretti",
        sex: Sex::Female,
        birth: "2003-04-12",
        birth_comune: "Perugia",
        residence_istat: "054039",
    },
    CitizenPersona {
        key: "cittadino-2",
        given: "Marco",
        family: "Santucci",
        sex: Sex::Male,
        birth: "1978-09-30",
        birth_comune: "Terni",
        residence_istat: "055032",
    },
    CitizenPersona {
        key: "cittadino-3",
        given: "Anna",
        family: "Bartolini",
        sex: Sex::Female,
        birth: "1966-01-22",
        birth_comune: "Foligno",
        residence_istat: "054018",
    },
    CitizenPersona {
        key: "cittadino-4",
        given: "Youssef",
        family: "Benali",
        sex: Sex::Male,
        birth: "1991-06-05",
        birth_comune: "Città di Castello",
        residence_istat: "054013",
    },
];

/// The citizens' professional profiles: education, EQF level, occupations sought (reference ids).
const PROFILES: [(&str, i64, &[&str]); 4] = [
    (
        "Diploma di tecnico dei servizi di ristorazione",
        4,
        &["cuoco", "cameriere"],
    ),
    (
        "Qualifica di operatore meccanico",
        3,
        &["saldatore", "saldatore-tubista"],
    ),
    ("Licenza media", 2, &["magazziniere"]),
    ("Laurea in infermieristica", 6, &["infermiere"]),
];

/// The company's people: legal representative (administrator) and recruiter.
const COMPANY_ADMIN: CitizenPersona = CitizenPersona {
    key: "impresa-titolare",
    given: "Roberto",
    family: "Cecchini",
    sex: Sex::Male,
    birth: "1970-03-15",
    birth_comune: "Perugia",
    residence_istat: "054039",
};
const COMPANY_RECRUITER: CitizenPersona = CitizenPersona {
    key: "impresa-selezione",
    given: "Sara",
    family: "Giommi",
    sex: Sex::Female,
    birth: "1988-11-02",
    birth_comune: "Assisi",
    residence_istat: "054001",
};

/// Operators, one per CPI (code, name).
const OPERATORS: &[(&str, &str)] = &[
    ("PG", "Laura Conti"),
    ("FO", "Paolo Marinelli"),
    ("CC", "Elena Rossetti"),
    ("TR", "Davide Pieroni"),
    ("OR", "Chiara Bellucci"),
];

/// The accredited organisations of the demo (fictitious; the fiscal codes are placeholders).
const PATRONATO: (&str, &str) = ("Patronato Lavoro Umbria (demo)", "80000000001");
const COMUNE_DESK: (&str, &str) = (
    "Sportello lavoro del Comune di Gubbio (demo)",
    "80000000002",
);

/// How long the seeded mandate of the first citizen to the patronato lasts.
const SEEDED_MANDATE: Duration = Duration::from_secs(180 * 24 * 3600);

#[derive(Debug, thiserror::Error)]
pub enum PersonaError {
    #[error("{0}")]
    Database(#[from] sqlx::Error),
    #[error("demo persona {0}: {1}")]
    Data(&'static str, &'static str),
}

/// Creates or refreshes every persona. Returns how many there are.
pub async fn ensure_personas(db: &Db, now: Timestamp) -> Result<usize, PersonaError> {
    let mut tx = db.pool().begin().await?;
    let mut count = 0;
    let mut citizens = Vec::new();
    for (persona, profile) in CITIZENS.iter().zip(PROFILES) {
        let (user, person) = citizen(&mut tx, persona, now).await?;
        grant_role(&mut tx, user, &Grant::Citizen, now).await?;
        seed_profile(&mut tx, person, &profile).await?;
        citizens.push(person);
        count += 1;
    }

    let company = busiest_company(&mut tx).await?;
    for (persona, grant) in [
        (
            &COMPANY_ADMIN,
            company.map(|id| Grant::CompanyAdmin { company_id: id }),
        ),
        (
            &COMPANY_RECRUITER,
            company.map(|id| Grant::CompanyRecruiter { company_id: id }),
        ),
    ] {
        let (user, _) = citizen(&mut tx, persona, now).await?;
        grant_role(&mut tx, user, &Grant::Citizen, now).await?;
        if let Some(grant) = grant {
            grant_role(&mut tx, user, &grant, now).await?;
        }
        count += 1;
    }

    for (code, name) in OPERATORS {
        let exists = sqlx::query("SELECT 1 FROM cpi WHERE code = $1")
            .bind(*code)
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
        if exists {
            let user = staff(
                &mut tx,
                &format!("operatore-{}", code.to_lowercase()),
                name,
                now,
            )
            .await?;
            grant_role(
                &mut tx,
                user,
                &Grant::Operator {
                    cpi_code: (*code).to_string(),
                },
                now,
            )
            .await?;
            count += 1;
        }
    }

    let patronato = upsert_organisation(
        &mut tx,
        PATRONATO.0,
        OrganisationKind::Patronato,
        PATRONATO.1,
        Some("054039"),
        now,
    )
    .await?;
    upsert_organisation(
        &mut tx,
        COMUNE_DESK.0,
        OrganisationKind::ComuneDesk,
        COMUNE_DESK.1,
        Some("054024"),
        now,
    )
    .await?;
    let user = staff(&mut tx, "patronato", "Francesca Luzi", now).await?;
    grant_role(
        &mut tx,
        user,
        &Grant::Intermediary {
            organisation_id: patronato.0,
        },
        now,
    )
    .await?;
    count += 1;

    for (key, name, grant) in [
        ("supervisore", "Giorgio Tomassini", Grant::Supervisor),
        ("admin", "Amministratore demo", Grant::Admin),
        ("auditor", "Revisore demo", Grant::Auditor),
    ] {
        let user = staff(&mut tx, key, name, now).await?;
        grant_role(&mut tx, user, &grant, now).await?;
        count += 1;
    }

    // The first citizen has entrusted her profile and appointments to the patronato, so its
    // dashboard has a client; only once, so repeated seeding does not pile mandates up.
    if let Some(first) = citizens.first() {
        let held = mandates_of_organisation(&mut tx, patronato).await?;
        if !held.iter().any(|m| m.view.delegator == *first) {
            let scopes = BTreeSet::from([MandateScope::Profile, MandateScope::Appointments]);
            create_mandate(
                &mut tx,
                *first,
                patronato,
                &scopes,
                now,
                now.plus(SEEDED_MANDATE),
                now,
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(count)
}

/// The persona's profile, unless they already have one (a visitor may have edited it).
async fn seed_profile(
    conn: &mut AnyConnection,
    person: PersonId,
    (education, eqf, occupations): &(&str, i64, &[&str]),
) -> Result<(), sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO profile (person_id, eqf_level, education_title, visibility) \
         VALUES ($1, $2, $3, 'anonymous') ON CONFLICT (person_id) DO NOTHING",
    )
    .bind(person.0)
    .bind(*eqf)
    .bind(*education)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if inserted == 1 {
        for (rank, occupation) in occupations.iter().enumerate() {
            sqlx::query(
                "INSERT INTO profile_occupation (person_id, occupation_id, rank) VALUES ($1, $2, $3)",
            )
            .bind(person.0)
            .bind(*occupation)
            .bind(rank as i64)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// The person and account of a citizen persona.
async fn citizen(
    conn: &mut AnyConnection,
    p: &CitizenPersona,
    now: Timestamp,
) -> Result<(i64, PersonId), PersonaError> {
    let birth = CalendarDate::parse_iso(p.birth).ok_or(PersonaError::Data(p.key, "birth date"))?;
    let place = belfiore_by_comune_name(conn, p.birth_comune)
        .await?
        .as_deref()
        .and_then(Belfiore::parse)
        .ok_or(PersonaError::Data(
            p.key,
            "birth comune not in the reference data",
        ))?;
    let code = CodiceFiscale::generate(p.family, p.given, birth, p.sex, place);
    let sex = match p.sex {
        Sex::Male => "M",
        Sex::Female => "F",
    };
    let person: i64 = sqlx::query(
        "INSERT INTO person (codice_fiscale, given_name, family_name, sex, birth_date, \
         birth_belfiore, residence_istat, is_demo, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, TRUE, $8) \
         ON CONFLICT (codice_fiscale) DO UPDATE SET given_name = excluded.given_name, \
         family_name = excluded.family_name, residence_istat = excluded.residence_istat \
         RETURNING id",
    )
    .bind(code.as_str())
    .bind(p.given)
    .bind(p.family)
    .bind(sex)
    .bind(birth.to_string())
    .bind(place.as_str())
    .bind(p.residence_istat)
    .bind(now.to_iso())
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    let name = format!("{} {}", p.given, p.family);
    let user = persona_account(conn, p.key, Some(person), &name, now).await?;
    Ok((user, PersonId(person)))
}

async fn staff(
    conn: &mut AnyConnection,
    key: &str,
    name: &str,
    now: Timestamp,
) -> Result<i64, PersonaError> {
    persona_account(conn, key, None, name, now).await
}

/// The account with persona `key`, created or brought up to date.
async fn persona_account(
    conn: &mut AnyConnection,
    key: &str,
    person: Option<i64>,
    name: &str,
    now: Timestamp,
) -> Result<i64, PersonaError> {
    // A person may already have an account (their own, made before the persona): take it over.
    if let Some(person) = person {
        sqlx::query("UPDATE app_user SET persona = NULL WHERE persona = $1 AND person_id <> $2")
            .bind(key)
            .bind(person)
            .execute(&mut *conn)
            .await?;
        if let Some(row) = sqlx::query("SELECT id FROM app_user WHERE person_id = $1")
            .bind(person)
            .fetch_optional(&mut *conn)
            .await?
        {
            let id: i64 = row.try_get(0)?;
            sqlx::query(
                "UPDATE app_user SET persona = $2, display_name = $3, disabled_at = NULL \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(key)
            .bind(name)
            .execute(&mut *conn)
            .await?;
            return Ok(id);
        }
    } else if let Some(row) = sqlx::query("SELECT id FROM app_user WHERE persona = $1")
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?
    {
        let id: i64 = row.try_get(0)?;
        sqlx::query("UPDATE app_user SET display_name = $2, disabled_at = NULL WHERE id = $1")
            .bind(id)
            .bind(name)
            .execute(&mut *conn)
            .await?;
        return Ok(id);
    }
    Ok(sqlx::query(
        "INSERT INTO app_user (person_id, display_name, persona, created_at) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(person)
    .bind(name)
    .bind(key)
    .bind(now.to_iso())
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?)
}

/// The demo company with the most vacancies (ties: the lowest id), if the region has companies.
async fn busiest_company(conn: &mut AnyConnection) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query(
        "SELECT c.id FROM company c LEFT JOIN vacancy v ON v.company_id = c.id \
         WHERE c.is_demo = TRUE GROUP BY c.id ORDER BY COUNT(v.id) DESC, c.id LIMIT 1",
    )
    .fetch_optional(conn)
    .await?
    .map(|row| row.try_get::<i64, _>(0))
    .transpose()
}
