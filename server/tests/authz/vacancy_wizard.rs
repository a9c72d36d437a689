//! Placeholders of the authorisation matrix rows in `docs/authorization-matrix/vacancy_wizard.md`.
//! Every draft placeholder makes a new draft for its row, so a row that saves, submits or discards
//! one changes nothing another row relies on.

use super::World;
use app::domain::policy::CompanyId;
use app::store::clock::Clock;
use app::store::vacancy_drafts::create_draft;

/// Every step of a vacancy that passes the wizard's rules (no skills: the experience is the
/// must-have).
const COMPLETE: &str = r#"{
  "ruolo": {"job_title": "Cuoco (matrice)", "occupation": "cuoco",
            "description": "Cucina tradizionale", "positions": "1"},
  "luogo": {"work_mode": "onsite", "work_comune": "054039", "contract": "TEMPO-DETERMINATO",
            "working_time": "FULL-TIME", "salary_min": "1500", "salary_max": "1800",
            "salary_period": "month", "start_date": "2099-01-10"},
  "requisiti": {"experience_years": "1", "experience_need": "must"},
  "candidature": {"channel": "both", "visibility": "named", "contact_channel": "portal",
                  "reserved_l68": "no"}
}"#;

/// A new draft of `company`: at version 1, complete, or already submitted.
async fn fresh_draft(world: &World, company: i64, kind: &str) -> i64 {
    let now = world.clock.now();
    let key = format!("matrix-{}", uuid::Uuid::new_v4().simple());
    let user = if company == world.companies.company {
        world.users["company-admin"]
    } else {
        world.users["other-company-admin"]
    };
    let mut tx = world.db.begin_write().await.expect("begin");
    let draft = create_draft(&mut tx, now, CompanyId(company), user, &key)
        .await
        .expect("draft")
        .expect("own draft");
    if kind != "fresh" {
        sqlx::query(
            "UPDATE vacancy_draft SET answers = $1, \
             completed_steps = 'ruolo,luogo,requisiti,candidature' WHERE id = $2",
        )
        .bind(COMPLETE)
        .bind(draft.id)
        .execute(&mut *tx)
        .await
        .expect("complete");
    }
    if kind == "submitted" {
        sqlx::query("UPDATE vacancy_draft SET submitted_at = $1 WHERE id = $2")
            .bind(now.to_iso())
            .bind(draft.id)
            .execute(&mut *tx)
            .await
            .expect("submitted");
    }
    tx.commit().await.expect("commit");
    draft.id
}

/// The value of placeholder `{name}`, or `None` when it is not one of this feature's.
pub(super) async fn arg(world: &World, name: &str) -> Option<String> {
    let company = world.companies.company;
    let value = match name {
        "wizard-key" => uuid::Uuid::new_v4().simple().to_string(),
        "wizard-draft" => fresh_draft(world, company, "fresh").await.to_string(),
        "wizard-complete" => fresh_draft(world, company, "complete").await.to_string(),
        "wizard-submitted" => fresh_draft(world, company, "submitted").await.to_string(),
        "wizard-other-draft" => fresh_draft(world, world.companies.other_company, "fresh")
            .await
            .to_string(),
        _ => return None,
    };
    Some(value)
}
