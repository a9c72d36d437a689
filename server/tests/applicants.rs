//! The applicant pipeline (issue 6) on both backends, with generated applications: the company's
//! list and counts (never the CPI's shortlist, one audit row per candidate shown), moves through
//! the real server functions, the structured reason of "not selected" and whether it is shared,
//! the candidate's notification, the CPI's shortlist and send, another company's 404, and two
//! simultaneous moves of one application of which exactly one wins.

mod common;

use app::domain::application::{ApplicationSource, ApplicationStatus, NotSelectedReason};
use app::domain::policy::PersonId;
use app::store::applications::{self as store, generated_status, NewApplication};
use app::store::clock::Clock;
use app::store::Db;
use common::auth::{demo_config, demo_db, persona_user_id, start, Browser, TestApp, ORIGIN};
use common::TestDatabase;
use http::StatusCode;
use sqlx::Row;

/// How many applications the tests generate per vacancy (two rounds of the generator's pattern).
const GENERATED: i64 = 16;

struct World {
    db: Db,
    app: TestApp,
    /// A published vacancy of the demo company.
    vacancy: i64,
    /// The persona of an operator of the vacancy's CPI.
    operator: String,
    /// The generated applications: (id, person, status).
    made: Vec<(i64, PersonId, ApplicationStatus)>,
}

async fn scalar_i64(db: &Db, sql: &'static str, arg: i64) -> i64 {
    sqlx::query(sql)
        .bind(arg)
        .fetch_one(db.pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get::<i64, _>(0)
}

async fn world(tdb: &TestDatabase) -> World {
    let db = demo_db(tdb).await;
    let admin = persona_user_id(&db, "impresa-titolare").await;
    let company = scalar_i64(
        &db,
        "SELECT company_id FROM user_role WHERE user_id = $1 AND role = 'company_admin'",
        admin,
    )
    .await;
    let vacancy = scalar_i64(
        &db,
        "SELECT MIN(id) FROM vacancy WHERE company_id = $1 AND status = 'published'",
        company,
    )
    .await;
    let cpi: String = sqlx::query(
        "SELECT m.cpi_code FROM company c JOIN comune m ON m.istat_code = c.seat_istat \
         WHERE c.id = $1",
    )
    .bind(company)
    .fetch_one(db.pool())
    .await
    .expect("seat cpi")
    .get(0);
    let mut tx = db.begin_write().await.expect("begin");
    let made = store::generate_applications(&mut tx, start(), vacancy, GENERATED)
        .await
        .expect("generate");
    tx.commit().await.expect("commit");
    let app = TestApp::new(&demo_config(ORIGIN), db.clone());
    World {
        db,
        app,
        vacancy,
        operator: format!("operatore-{}", cpi.to_lowercase()),
        made,
    }
}

async fn logged_in(world: &World, persona: &str) -> Browser {
    let mut b = world.app.browser();
    b.login(persona).await;
    b
}

async fn list(b: &mut Browser, vacancy: i64) -> serde_json::Value {
    let r = b
        .post(
            "/api/applicants/list",
            &[("vacancy_id", &vacancy.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

async fn move_to(
    b: &mut Browser,
    application: i64,
    from: ApplicationStatus,
    to: ApplicationStatus,
    extra: &[(&str, &str)],
) -> StatusCode {
    let id = application.to_string();
    let mut pairs = vec![
        ("application_id", id.as_str()),
        ("from", from.code()),
        ("to", to.code()),
    ];
    pairs.extend_from_slice(extra);
    b.post("/api/applicants/move", &pairs).await.status
}

async fn status_of(db: &Db, application: i64) -> (String, Option<String>, i64) {
    let row = sqlx::query(
        "SELECT status, reason_code, CASE WHEN reason_shared THEN 1 ELSE 0 END FROM application \
         WHERE id = $1",
    )
    .bind(application)
    .fetch_one(db.pool())
    .await
    .expect("application");
    (row.get(0), row.get(1), row.get::<i64, _>(2))
}

/// A new application (applied) of the person of `persona`'s account, so the outcome reaches them.
async fn citizen_application(world: &World, persona: &str) -> (i64, i64) {
    let user = persona_user_id(&world.db, persona).await;
    let person = scalar_i64(
        &world.db,
        "SELECT person_id FROM app_user WHERE id = $1",
        user,
    )
    .await;
    let mut tx = world.db.begin_write().await.expect("begin");
    // The generator may have picked this person already: start from a clean slate for them.
    sqlx::query("DELETE FROM application WHERE vacancy_id = $1 AND person_id = $2")
        .bind(world.vacancy)
        .bind(person)
        .execute(&mut *tx)
        .await
        .expect("clear");
    let id = store::insert_application(
        &mut tx,
        world.app.clock.now(),
        &NewApplication {
            vacancy_id: world.vacancy,
            person_id: PersonId(person),
            source: ApplicationSource::Applied,
            status: ApplicationStatus::Applied,
            actor_user_id: None,
        },
    )
    .await
    .expect("insert")
    .expect("new");
    tx.commit().await.expect("commit");
    (id, user)
}

fn first_with(world: &World, status: ApplicationStatus) -> i64 {
    world
        .made
        .iter()
        .find(|(_, _, s)| *s == status)
        .map(|(id, _, _)| *id)
        .unwrap_or_else(|| panic!("no generated application in {status:?}"))
}

#[tokio::test]
async fn generated_applications_follow_the_pattern_and_counts_add_up() {
    for tdb in TestDatabase::all().await {
        let world = world(&tdb).await;
        assert_eq!(world.made.len() as i64, GENERATED, "{:?}", tdb.backend);
        for (i, (_, _, status)) in world.made.iter().enumerate() {
            assert_eq!(*status, generated_status(i));
        }
        let mut conn = world.db.pool().acquire().await.expect("conn");
        let counts = store::counts_by_status(&mut conn, world.vacancy)
            .await
            .expect("counts");
        let n = |s: ApplicationStatus| counts.iter().find(|(c, _)| *c == s).map(|(_, n)| *n);
        assert_eq!(n(ApplicationStatus::Applied), Some(6));
        assert_eq!(n(ApplicationStatus::Shortlisted), Some(2));
        assert_eq!(n(ApplicationStatus::SentToCompany), Some(4));
        assert_eq!(n(ApplicationStatus::Interview), Some(4));
        assert_eq!(n(ApplicationStatus::Hired), Some(0));
        let visible = store::applicants_visible_to_company(&mut conn, world.vacancy)
            .await
            .expect("visible");
        assert_eq!(visible.len(), 14, "all but the two shortlisted");
        assert!(visible
            .iter()
            .all(|a| a.status != ApplicationStatus::Shortlisted));
        // The path is in the history: a CPI candidate at interview went through three steps.
        let cpi_interview = world.made[7].0;
        let history = store::history_of(&mut conn, cpi_interview)
            .await
            .expect("history");
        let path: Vec<ApplicationStatus> = history.iter().map(|h| h.to).collect();
        assert_eq!(
            path,
            [
                ApplicationStatus::Shortlisted,
                ApplicationStatus::SentToCompany,
                ApplicationStatus::Interview
            ]
        );
        assert_eq!(history[0].from, None);
        // Generating again takes only people without an application: nobody twice.
        let mut tx = world.db.begin_write().await.expect("begin");
        let more = store::generate_applications(&mut tx, start(), world.vacancy, 5)
            .await
            .expect("more");
        tx.commit().await.expect("commit");
        assert_eq!(more.len(), 5);
        assert!(more
            .iter()
            .all(|(_, p, _)| world.made.iter().all(|(_, q, _)| q != p)));
        drop(conn);
        world.db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn the_company_sees_its_pipeline_without_the_cpi_shortlist_and_every_read_is_audited() {
    for tdb in TestDatabase::all().await {
        let world = world(&tdb).await;
        let mut company = logged_in(&world, "impresa-selezione").await;
        let view = list(&mut company, world.vacancy).await;
        let applicants = view["applicants"].as_array().expect("applicants");
        assert_eq!(applicants.len(), 14, "{:?}", tdb.backend);
        assert!(applicants.iter().all(|a| a["status"] != "Shortlisted"));
        let shortlisted = first_with(&world, ApplicationStatus::Shortlisted);
        assert!(applicants
            .iter()
            .all(|a| a["id"].as_i64() != Some(shortlisted)));
        let counts = view["counts"].as_array().expect("counts");
        assert_eq!(counts.len(), 6, "the company's six columns: {counts:?}");
        assert!(counts.iter().all(|c| c[0] != "Shortlisted"));
        let recruiter = persona_user_id(&world.db, "impresa-selezione").await;
        let reads = common::auth::audit_rows(&world.db, "applicants.read", recruiter).await;
        assert_eq!(reads, 14, "one audit row per candidate shown");
        let subjects = scalar_i64(
            &world.db,
            "SELECT COUNT(DISTINCT subject_person_id) FROM audit_event \
             WHERE action = 'applicants.read' AND actor_user_id = $1",
            recruiter,
        )
        .await;
        assert_eq!(
            subjects, 14,
            "each row names the candidate whose data was read"
        );

        // The page renders without JavaScript: sections, counts, forms named after each person.
        let page = company
            .get(&format!("/impresa/offerte/{}/candidati", world.vacancy))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains("action=\"/api/applicants/move\""));
        let name = applicants[0]["name"].as_str().expect("name");
        assert!(
            page.body.contains(name),
            "the first candidate is on the page"
        );
        assert!(page.body.contains("id=\"stato-interview\""));
        assert!(!page.body.contains(&format!("candidatura-{shortlisted}\"")));
        world.db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn moves_follow_the_pipeline_and_not_selected_needs_a_reason_whose_sharing_is_stored() {
    use ApplicationStatus as S;
    for tdb in TestDatabase::all().await {
        let world = world(&tdb).await;
        let mut company = logged_in(&world, "impresa-titolare").await;

        // Interview, then hired: the candidate hears of it.
        let (first, first_user) = citizen_application(&world, "cittadino-1").await;
        let r = move_to(&mut company, first, S::Applied, S::Interview, &[]).await;
        assert!(r.is_redirection() || r.is_success(), "{r}");
        assert_eq!(status_of(&world.db, first).await.0, "interview");
        let r = move_to(&mut company, first, S::Interview, S::Hired, &[]).await;
        assert!(r.is_redirection() || r.is_success(), "{r}");
        assert_eq!(status_of(&world.db, first).await.0, "hired");
        let params: String = sqlx::query(
            "SELECT params FROM notification WHERE recipient_user_id = $1 \
             AND kind = 'application_outcome'",
        )
        .bind(first_user)
        .fetch_one(world.db.pool())
        .await
        .expect("the hired candidate is notified")
        .get(0);
        let params: serde_json::Value = serde_json::from_str(&params).expect("json");
        assert_eq!(params["outcome"], "hired");
        // A final outcome is final.
        let again = move_to(&mut company, first, S::Hired, S::Interview, &[]).await;
        assert_eq!(again, StatusCode::CONFLICT);

        // Not selected without a reason is refused and changes nothing.
        let (second, second_user) = citizen_application(&world, "cittadino-2").await;
        let refused = move_to(&mut company, second, S::Applied, S::NotSelected, &[]).await;
        assert_eq!(refused, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(status_of(&world.db, second).await.0, "applied");
        // With a reason, not shared: stored, and the candidate learns the outcome only.
        let reason = NotSelectedReason::LicenceMissing.code();
        let r = move_to(
            &mut company,
            second,
            S::Applied,
            S::NotSelected,
            &[("reason", reason)],
        )
        .await;
        assert!(r.is_redirection() || r.is_success(), "{r}");
        assert_eq!(
            status_of(&world.db, second).await,
            ("not_selected".to_string(), Some(reason.to_string()), 0)
        );
        let params: String = sqlx::query(
            "SELECT params FROM notification WHERE recipient_user_id = $1 \
             AND kind = 'application_outcome'",
        )
        .bind(second_user)
        .fetch_one(world.db.pool())
        .await
        .expect("notified")
        .get(0);
        assert!(
            !params.contains(reason),
            "an unshared reason stays with the company: {params}"
        );

        // Shared: the flag is stored and the reason travels.
        let (third, third_user) = citizen_application(&world, "cittadino-3").await;
        let r = move_to(
            &mut company,
            third,
            S::Applied,
            S::NotSelected,
            &[("reason", reason), ("share_reason", "on")],
        )
        .await;
        assert!(r.is_redirection() || r.is_success(), "{r}");
        assert_eq!(status_of(&world.db, third).await.2, 1, "shared");
        let params: String = sqlx::query(
            "SELECT params FROM notification WHERE recipient_user_id = $1 \
             AND kind = 'application_outcome'",
        )
        .bind(third_user)
        .fetch_one(world.db.pool())
        .await
        .expect("notified")
        .get(0);
        assert!(params.contains(reason), "{params}");

        // The company no longer gets the contacts of someone not selected.
        let view = list(&mut company, world.vacancy).await;
        let card = view["applicants"]
            .as_array()
            .expect("applicants")
            .iter()
            .find(|a| a["id"].as_i64() == Some(third))
            .expect("card")
            .clone();
        assert_eq!(card["reason_shared"], true);
        assert!(card["email"].is_null() && card["phone"].is_null(), "{card}");

        // Every move is audited (interview, hired, two not selected).
        let admin = persona_user_id(&world.db, "impresa-titolare").await;
        assert_eq!(
            common::auth::audit_rows(&world.db, "application.move", admin).await,
            4
        );
        // The redirect of a form post names the outcome and the candidate for the confirmation.
        let interview = first_with(&world, S::SentToCompany);
        let id = interview.to_string();
        let r = company
            .post(
                "/api/applicants/move",
                &[
                    ("application_id", id.as_str()),
                    ("from", "sent_to_company"),
                    ("to", "interview"),
                ],
            )
            .await;
        let location = r.location().expect("redirect").to_string();
        assert_eq!(
            location,
            format!(
                "/impresa/offerte/{}/candidati?esito=interview&candidatura={interview}",
                world.vacancy
            )
        );
        let page = company.get(&location).await;
        assert!(page.body.contains("applicant-moved"), "the confirmation");
        world.db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn the_cpi_shortlists_and_sends_and_only_then_the_company_sees_the_candidate() {
    for tdb in TestDatabase::all().await {
        let world = world(&tdb).await;
        let mut operator = logged_in(&world, &world.operator).await;
        let mut company = logged_in(&world, "impresa-titolare").await;
        let person: i64 = sqlx::query(
            "SELECT p.id FROM person p WHERE NOT EXISTS (SELECT 1 FROM application a \
             WHERE a.vacancy_id = $1 AND a.person_id = p.id) ORDER BY p.id LIMIT 1",
        )
        .bind(world.vacancy)
        .fetch_one(world.db.pool())
        .await
        .expect("free person")
        .get(0);
        let r = operator
            .post(
                "/api/applicants/shortlist",
                &[
                    ("vacancy_id", &world.vacancy.to_string()),
                    ("person_id", &person.to_string()),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}: {}", tdb.backend, r.body);
        let id = r.json().as_i64().expect("application id");
        let twice = operator
            .post(
                "/api/applicants/shortlist",
                &[
                    ("vacancy_id", &world.vacancy.to_string()),
                    ("person_id", &person.to_string()),
                ],
            )
            .await;
        assert_eq!(
            twice.status,
            StatusCode::CONFLICT,
            "one application per person"
        );

        let seen = |view: &serde_json::Value| {
            view["applicants"]
                .as_array()
                .expect("applicants")
                .iter()
                .any(|a| a["id"].as_i64() == Some(id))
        };
        assert!(!seen(&list(&mut company, world.vacancy).await));
        let hidden = move_to(
            &mut company,
            id,
            ApplicationStatus::Shortlisted,
            ApplicationStatus::Interview,
            &[],
        )
        .await;
        assert_eq!(hidden, StatusCode::NOT_FOUND, "the shortlist is the CPI's");

        let without = operator
            .post(
                "/api/applicants/send",
                &[("application_id", &id.to_string())],
            )
            .await;
        assert_eq!(without.status, StatusCode::UNPROCESSABLE_ENTITY);
        let sent = operator
            .post(
                "/api/applicants/send",
                &[
                    ("application_id", &id.to_string()),
                    ("candidate_agreed", "on"),
                ],
            )
            .await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
        let view = list(&mut company, world.vacancy).await;
        assert!(seen(&view), "sent: the company sees them now");
        let card = view["applicants"]
            .as_array()
            .expect("applicants")
            .iter()
            .find(|a| a["id"].as_i64() == Some(id))
            .expect("card")
            .clone();
        assert_eq!(card["source"], "Cpi");
        assert_eq!(card["status"], "SentToCompany");
        let operator_user = persona_user_id(&world.db, &world.operator).await;
        assert_eq!(
            common::auth::audit_rows(&world.db, "application.shortlist", operator_user).await,
            1
        );
        assert_eq!(
            common::auth::audit_rows(&world.db, "application.send", operator_user).await,
            1
        );
        // Operators decide no outcome.
        let r = move_to(
            &mut operator,
            id,
            ApplicationStatus::SentToCompany,
            ApplicationStatus::Interview,
            &[],
        )
        .await;
        assert_eq!(r, StatusCode::FORBIDDEN);
        world.db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn another_company_gets_not_found() {
    use app::domain::session_policy::SessionPolicy;
    use app::store::sessions::create_session;
    use app::store::users::{create_user, grant_role, Grant};
    for tdb in TestDatabase::all().await {
        let world = world(&tdb).await;
        let admin = persona_user_id(&world.db, "impresa-titolare").await;
        let mine = scalar_i64(
            &world.db,
            "SELECT company_id FROM user_role WHERE user_id = $1 AND role = 'company_admin'",
            admin,
        )
        .await;
        let other = scalar_i64(
            &world.db,
            "SELECT MIN(id) FROM company WHERE id <> $1",
            mine,
        )
        .await;
        let now = world.app.clock.now();
        let mut tx = world.db.begin_write().await.expect("begin");
        let stranger = create_user(&mut tx, None, "Altra impresa", now)
            .await
            .expect("user");
        grant_role(
            &mut tx,
            stranger,
            &Grant::CompanyAdmin { company_id: other },
            now,
        )
        .await
        .expect("grant");
        let token = create_session(&mut tx, stranger, None, &SessionPolicy::default(), now)
            .await
            .expect("session")
            .expect("active");
        tx.commit().await.expect("commit");
        let mut b = world.app.browser();
        b.set_token(Some(token.as_str()));
        let r = b
            .post(
                "/api/applicants/list",
                &[("vacancy_id", &world.vacancy.to_string())],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{:?}", tdb.backend);
        let applied = first_with(&world, ApplicationStatus::Applied);
        let r = move_to(
            &mut b,
            applied,
            ApplicationStatus::Applied,
            ApplicationStatus::Interview,
            &[],
        )
        .await;
        assert_eq!(r, StatusCode::NOT_FOUND);
        assert_eq!(status_of(&world.db, applied).await.0, "applied");
        let page = b
            .get(&format!("/impresa/offerte/{}/candidati", world.vacancy))
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        world.db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn two_members_moving_one_candidate_at_once_one_wins() {
    use ApplicationStatus as S;
    for tdb in TestDatabase::all().await {
        let world = world(&tdb).await;
        let applied: Vec<i64> = world
            .made
            .iter()
            .filter(|(_, _, s)| *s == S::Applied)
            .map(|(id, _, _)| *id)
            .collect();
        let mut admin = logged_in(&world, "impresa-titolare").await;
        let mut recruiter = logged_in(&world, "impresa-selezione").await;
        for id in applied {
            let reason = [("reason", "skills")];
            let (a, b) = tokio::join!(
                move_to(&mut admin, id, S::Applied, S::Interview, &[]),
                move_to(&mut recruiter, id, S::Applied, S::NotSelected, &reason),
            );
            let won = [a, b]
                .iter()
                .filter(|s| s.is_success() || s.is_redirection())
                .count();
            let lost = [a, b]
                .iter()
                .filter(|s| **s == StatusCode::CONFLICT)
                .count();
            assert_eq!((won, lost), (1, 1), "{:?}: {a} / {b}", tdb.backend);
            let events = scalar_i64(
                &world.db,
                "SELECT COUNT(*) FROM application_event WHERE application_id = $1",
                id,
            )
            .await;
            assert_eq!(events, 2, "created, then one move");
            let status = status_of(&world.db, id).await.0;
            let expected = if a.is_redirection() || a.is_success() {
                "interview"
            } else {
                "not_selected"
            };
            assert_eq!(status, expected);
        }
        // And in the store itself: two transactions, one conditional UPDATE wins.
        let interview = first_with(&world, S::Interview);
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(2));
        let tasks: Vec<_> = [S::Hired, S::NotSelected]
            .into_iter()
            .map(|to| {
                let db = world.db.clone();
                let barrier = barrier.clone();
                tokio::spawn(async move {
                    barrier.wait().await;
                    let mut tx = db.begin_write().await.expect("begin");
                    let moved = store::move_application(
                        &mut tx,
                        start(),
                        &store::Move {
                            application_id: interview,
                            from: S::Interview,
                            to,
                            reason: (to == S::NotSelected)
                                .then_some(NotSelectedReason::PositionFilled),
                            reason_shared: false,
                            actor_user_id: None,
                        },
                    )
                    .await
                    .expect("move");
                    tx.commit().await.expect("commit");
                    moved
                })
            })
            .collect();
        let mut wins = 0;
        for t in tasks {
            wins += usize::from(t.await.expect("task"));
        }
        assert_eq!(wins, 1, "{:?}", tdb.backend);
        world.db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn the_demo_gives_the_demo_company_a_pipeline_once() {
    use server::demo::applications::ensure_demo_applications;
    for tdb in TestDatabase::all().await {
        let db = demo_db(&tdb).await;
        let first = ensure_demo_applications(&db, start()).await.expect("demo");
        assert!(
            first > 0,
            "{:?}: the demo company has published vacancies",
            tdb.backend
        );
        let again = ensure_demo_applications(&db, start()).await.expect("again");
        assert_eq!(again, 0, "nothing is added twice");
        let admin = persona_user_id(&db, "impresa-titolare").await;
        let vacancy = scalar_i64(
            &db,
            "SELECT MIN(a.vacancy_id) FROM application a JOIN vacancy v ON v.id = a.vacancy_id \
             JOIN user_role r ON r.company_id = v.company_id WHERE r.user_id = $1",
            admin,
        )
        .await;
        let app = TestApp::new(&demo_config(ORIGIN), db.clone());
        let mut company = app.browser();
        company.login("impresa-titolare").await;
        let view = list(&mut company, vacancy).await;
        assert!(!view["applicants"]
            .as_array()
            .expect("applicants")
            .is_empty());
        db.close().await;
        tdb.drop_database().await;
    }
}
