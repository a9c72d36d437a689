//! Placeholders of the authorisation matrix rows in `docs/authorization-matrix/did.md` (issue 7).
//! Placeholders of this feature are named `{did-…}`. Each one that prepares a DID writes it
//! straight into the database at version 1, so rows do not depend on each other's moves.

use super::World;
use app::store::clock::Clock;
use sqlx::Row;

/// Perugia: the citizen's comune of residence.
const CITIZEN_COMUNE: &str = "054039";

async fn citizen_person(world: &World) -> i64 {
    sqlx::query("SELECT person_id FROM app_user WHERE id = $1")
        .bind(world.users["citizen"])
        .fetch_one(world.db.pool())
        .await
        .expect("citizen")
        .try_get(0)
        .expect("person")
}

async fn cpi_of(world: &World, comune: &str) -> String {
    sqlx::query("SELECT cpi_code FROM comune WHERE istat_code = $1")
        .bind(comune.to_string())
        .fetch_one(world.db.pool())
        .await
        .expect("comune")
        .try_get(0)
        .expect("cpi")
}

/// A person of the region with no account, living where `cpi` (or, with `same` false, any other
/// CPI) is competent; returns (person, their comune). The same person serves every row (its DID is
/// rewritten for each), so the region's few people are not used up.
async fn free_person(world: &World, cpi: &str, same: bool) -> (i64, String) {
    let sql = if same {
        "SELECT p.id, p.residence_istat FROM person p JOIN comune c ON c.istat_code = p.residence_istat \
         WHERE c.cpi_code = $1 AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.person_id = p.id) \
         ORDER BY (SELECT COUNT(*) FROM did d WHERE d.person_id = p.id) DESC, p.id LIMIT 1"
    } else {
        "SELECT p.id, p.residence_istat FROM person p JOIN comune c ON c.istat_code = p.residence_istat \
         WHERE c.cpi_code <> $1 AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.person_id = p.id) \
         ORDER BY p.id LIMIT 1"
    };
    let row = sqlx::query(sql)
        .bind(cpi.to_string())
        .fetch_one(world.db.pool())
        .await
        .expect("a person of the region");
    (row.try_get(0).expect("id"), row.try_get(1).expect("comune"))
}

/// A person of the CPI who never had a DID.
async fn person_without_did(world: &World, cpi: &str) -> i64 {
    sqlx::query(
        "SELECT p.id FROM person p JOIN comune c ON c.istat_code = p.residence_istat \
         WHERE c.cpi_code = $1 AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.person_id = p.id) \
         AND NOT EXISTS (SELECT 1 FROM did d WHERE d.person_id = p.id) ORDER BY p.id DESC LIMIT 1",
    )
    .bind(cpi.to_string())
    .fetch_one(world.db.pool())
    .await
    .expect("a person without a DID")
    .try_get(0)
    .expect("id")
}

/// Closes the person's open DID, if any, and writes a new one in `state` at version 1 with every
/// step answered; returns its id.
async fn put_did(world: &World, person: i64, comune: &str, state: &str) -> i64 {
    let now = world.clock.now().to_iso();
    let cpi = cpi_of(world, comune).await;
    let answers = serde_json::json!({
        "residenza": { "residence": comune },
        "situazione": { "situation": "unemployed" },
        "profilazione": { "eqf": "4", "months_without_work": "3", "family": "single", "dependants": "0" }
    })
    .to_string();
    let mut tx = world.db.begin_write().await.expect("begin");
    sqlx::query("UPDATE did SET state = 'closed', closed_at = $1 WHERE person_id = $2 AND state <> 'closed'")
        .bind(&now)
        .bind(person)
        .execute(&mut *tx)
        .await
        .expect("close");
    let submitted = (state != "draft").then(|| now.clone());
    let activated = (state == "active").then(|| now.clone());
    let id: i64 = sqlx::query(
        "INSERT INTO did (person_id, state, cpi_code, residence_istat, answers, completed_steps, \
         created_at, submitted_at, activated_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, 'residenza,situazione,profilazione', $6, $7, $8, $6, 1) RETURNING id",
    )
    .bind(person)
    .bind(state.to_string())
    .bind(&cpi)
    .bind(comune.to_string())
    .bind(answers)
    .bind(&now)
    .bind(submitted)
    .bind(activated)
    .fetch_one(&mut *tx)
    .await
    .expect("did")
    .try_get(0)
    .expect("id");
    tx.commit().await.expect("commit");
    id
}

/// A future slot with a free seat at the CPI of `comune`.
async fn fresh_slot(world: &World, comune: &str) -> i64 {
    let cpi = cpi_of(world, comune).await;
    // A time no other slot of the CPI uses (slots are unique per CPI, channel and start).
    let taken: i64 = sqlx::query("SELECT COUNT(*) FROM appointment_slot")
        .fetch_one(world.db.pool())
        .await
        .expect("count")
        .try_get(0)
        .expect("count");
    let offset = 3 * 24 * 3600 + 1800 * u64::try_from(taken).expect("count");
    let start = world
        .clock
        .now()
        .plus(std::time::Duration::from_secs(offset + 7));
    let end = start.plus(std::time::Duration::from_secs(1800));
    let mut tx = world.db.begin_write().await.expect("begin");
    let id: i64 = sqlx::query(
        "INSERT INTO appointment_slot (cpi_code, channel, starts_at, ends_at, capacity, booked, \
         created_at) VALUES ($1, 'in_person', $2, $3, 1, 0, $4) RETURNING id",
    )
    .bind(cpi)
    .bind(start.to_iso())
    .bind(end.to_iso())
    .bind(world.clock.now().to_iso())
    .fetch_one(&mut *tx)
    .await
    .expect("slot")
    .try_get(0)
    .expect("id");
    tx.commit().await.expect("commit");
    id
}

/// The value of placeholder `{name}`, or `None` when it is not one of this feature's.
pub(super) async fn arg(world: &World, name: &str) -> Option<String> {
    let name = name.strip_prefix("did-")?;
    let pg = cpi_of(world, CITIZEN_COMUNE).await;
    let value = match name {
        "citizen-person" => citizen_person(world).await.to_string(),
        // The citizen's DID as a complete draft at version 1.
        "citizen-draft-version" => {
            put_did(world, citizen_person(world).await, CITIZEN_COMUNE, "draft").await;
            "1".to_string()
        }
        // The citizen's DID as a complete draft, and a version it never had.
        "citizen-stale-version" => {
            put_did(world, citizen_person(world).await, CITIZEN_COMUNE, "draft").await;
            "999".to_string()
        }
        "citizen-submitted-version" => {
            put_did(
                world,
                citizen_person(world).await,
                CITIZEN_COMUNE,
                "submitted",
            )
            .await;
            "1".to_string()
        }
        // The citizen's DID submitted, and a free slot of its CPI.
        "citizen-submitted-slot" => {
            put_did(
                world,
                citizen_person(world).await,
                CITIZEN_COMUNE,
                "submitted",
            )
            .await;
            fresh_slot(world, CITIZEN_COMUNE).await.to_string()
        }
        "fresh-submitted" | "fresh-active" => {
            let (person, comune) = free_person(world, &pg, true).await;
            let state = if name == "fresh-active" {
                "active"
            } else {
                "submitted"
            };
            put_did(world, person, &comune, state).await;
            person.to_string()
        }
        "fresh-no-did" => person_without_did(world, &pg).await.to_string(),
        "other-cpi-submitted" => {
            let (person, comune) = free_person(world, &pg, false).await;
            put_did(world, person, &comune, "submitted").await;
            person.to_string()
        }
        "certificate-code" => {
            let (person, comune) = free_person(world, &pg, true).await;
            let did = put_did(world, person, &comune, "submitted").await;
            let code = format!("{:0>12}", did.to_string()).replace('0', "A");
            let snapshot = serde_json::json!({
                "given_name": "Maria", "family_name": "Rossi",
                "codice_fiscale_masked": "RSS**********X", "state": "Submitted",
                "since": null, "submitted_at": null, "protocol": null, "cpi_name": null
            });
            sqlx::query(
                "INSERT INTO status_certificate (code, person_id, did_id, issued_at, snapshot) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&code)
            .bind(person)
            .bind(did)
            .bind(world.clock.now().to_iso())
            .bind(snapshot.to_string())
            .execute(world.db.pool())
            .await
            .expect("certificate");
            code
        }
        other => panic!("unknown DID placeholder {other}"),
    };
    Some(value)
}
