//! Companies and their members (issue 4) through the real HTTP stack, on SQLite and PostgreSQL:
//! claiming a company (trusted in demo mode, pending otherwise, never taking one over), inviting
//! by codice fiscale and accepting, who may manage members, and removal taking effect on the
//! removed member's very next request.

mod common;

use app::api::companies::{CompanyOverview, InvitationRow, MembersView};
use app::domain::codice_fiscale::{Belfiore, CalendarDate, CodiceFiscale, Sex};
use app::domain::company_members::MemberRole;
use app::domain::partita_iva::PartitaIva;
use app::domain::session_policy::{SessionPolicy, Timestamp};
use app::store::clock::ManualClock;
use app::store::identity::{citizen_account, VerifiedCitizen};
use app::store::sessions::create_session;
use app::store::users::{grant_role, Grant};
use app::store::Db;
use axum::body::Body;
use axum::Router;
use common::TestDatabase;
use http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use server::config::PublicOrigin;
use server::startup::{router_with_clock, RouterConfig};
use sqlx::Row;
use std::sync::Arc;
use tower::ServiceExt;

const ORIGIN: &str = "http://127.0.0.1:3000";

struct Fixture {
    db: Db,
    app: Router,
    now: Timestamp,
    /// A company nobody administers yet.
    free: Company,
    /// A company administered by `admin`, with `recruiter` as a member.
    ours: Company,
    /// Another company, administered by `other_admin`.
    theirs: Company,
}

#[derive(Clone)]
struct Company {
    id: i64,
    piva: String,
}

/// A logged-in user: their account and a session cookie.
struct Who {
    user_id: i64,
    person_id: i64,
    code: String,
    cookie: String,
}

async fn company(db: &Db, serial: u32, name: &str) -> Company {
    let piva = PartitaIva::from_serial_and_office(serial, 54)
        .expect("partita IVA")
        .as_str()
        .to_string();
    let id: i64 = sqlx::query(
        "INSERT INTO company (partita_iva, codice_fiscale, name, ateco_code, seat_istat, \
         size_band) VALUES ($1, $1, $2, '56.10.11', '054039', 'small') RETURNING id",
    )
    .bind(piva.clone())
    .bind(name.to_string())
    .fetch_one(db.pool())
    .await
    .expect("company")
    .try_get(0)
    .expect("id");
    Company { id, piva }
}

async fn citizen(db: &Db, now: Timestamp, family: &str, given: &str, day: u8) -> Who {
    let code = CodiceFiscale::generate(
        family,
        given,
        CalendarDate::new(1985, 4, day).expect("date"),
        Sex::Female,
        Belfiore::parse("G478").expect("Perugia"),
    );
    let mut tx = db.pool().begin().await.expect("begin");
    let user = citizen_account(
        &mut tx,
        &VerifiedCitizen {
            codice_fiscale: code,
            given_name: given.to_string(),
            family_name: family.to_string(),
            birth_date: None,
        },
        now,
    )
    .await
    .expect("account")
    .expect("enabled");
    let person_id: i64 = sqlx::query("SELECT person_id FROM app_user WHERE id = $1")
        .bind(user.0)
        .fetch_one(&mut *tx)
        .await
        .expect("user")
        .try_get(0)
        .expect("person");
    let token = create_session(
        &mut tx,
        user.0,
        Some("demo"),
        &SessionPolicy::default(),
        now,
    )
    .await
    .expect("session")
    .expect("active");
    tx.commit().await.expect("commit");
    Who {
        user_id: user.0,
        person_id,
        code: code.as_str().to_string(),
        cookie: format!("__Host-sl_session={}", token.as_str()),
    }
}

async fn grant(db: &Db, who: &Who, grant: Grant, now: Timestamp) {
    let mut conn = db.pool().acquire().await.expect("conn");
    grant_role(&mut conn, who.user_id, &grant, now)
        .await
        .expect("grant");
}

struct People {
    admin: Who,
    recruiter: Who,
    other_admin: Who,
    citizen: Who,
    stranger: Who,
}

async fn fixture(tdb: &TestDatabase, demo_mode: bool) -> (Fixture, People) {
    let db = tdb.connect().await;
    let now = Timestamp::parse_iso("2026-11-27T09:00:00.000Z").expect("now");
    let free = company(&db, 1001, "Trattoria Libera").await;
    let ours = company(&db, 1002, "Officine Nostre").await;
    let theirs = company(&db, 1003, "Forno Altrui").await;
    let admin = citizen(&db, now, "Cecchini", "Roberta", 1).await;
    let recruiter = citizen(&db, now, "Giommi", "Sara", 2).await;
    let other_admin = citizen(&db, now, "Bellucci", "Chiara", 3).await;
    let citizen_ = citizen(&db, now, "Ferretti", "Giulia", 4).await;
    let stranger = citizen(&db, now, "Santucci", "Marta", 5).await;
    grant(
        &db,
        &admin,
        Grant::CompanyAdmin {
            company_id: ours.id,
        },
        now,
    )
    .await;
    grant(
        &db,
        &recruiter,
        Grant::CompanyRecruiter {
            company_id: ours.id,
        },
        now,
    )
    .await;
    grant(
        &db,
        &other_admin,
        Grant::CompanyAdmin {
            company_id: theirs.id,
        },
        now,
    )
    .await;
    let config = RouterConfig {
        demo_mode,
        demo_login: demo_mode,
        api_rate_per_minute: 100_000,
        ..RouterConfig::local(
            PublicOrigin::parse(ORIGIN).expect("origin"),
            "target/site-does-not-exist".into(),
        )
    };
    let app = router_with_clock(&config, db.clone(), Arc::new(ManualClock::starting_at(now)))
        .expect("router");
    (
        Fixture {
            db,
            app,
            now,
            free,
            ours,
            theirs,
        },
        People {
            admin,
            recruiter,
            other_admin,
            citizen: citizen_,
            stranger,
        },
    )
}

/// Calls a server function as a script would (JSON answers, errors as status codes).
async fn call(app: &Router, path: &str, who: Option<&Who>, body: &str) -> (StatusCode, String) {
    let mut req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, ORIGIN)
        .header(header::ACCEPT, "application/json");
    if let Some(who) = who {
        req = req.header(header::COOKIE, who.cookie.clone());
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::from(body.to_string())).expect("request"))
        .await
        .expect("infallible");
    let status = res.status();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

fn succeeded(status: StatusCode) -> bool {
    status.is_success() || status.is_redirection()
}

async fn overview(f: &Fixture, who: &Who) -> CompanyOverview {
    let (status, body) = call(&f.app, "/api/companies/mine", Some(who), "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).expect("overview")
}

async fn members(f: &Fixture, who: &Who, company: &Company) -> (StatusCode, Option<MembersView>) {
    let (status, body) = call(
        &f.app,
        "/api/companies/members",
        Some(who),
        &format!("company_id={}", company.id),
    )
    .await;
    (status, serde_json::from_str(&body).ok())
}

async fn audit_count(db: &Db, action: &str, actor: i64) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM audit_event WHERE action = $1 AND actor_user_id = $2")
        .bind(action.to_string())
        .bind(actor)
        .fetch_one(db.pool())
        .await
        .expect("count")
        .try_get(0)
        .expect("count")
}

async fn claim(f: &Fixture, who: &Who, piva: &str) -> (StatusCode, String) {
    call(
        &f.app,
        "/api/companies/claim",
        Some(who),
        &format!("partita_iva={piva}"),
    )
    .await
}

#[tokio::test]
async fn claims_are_trusted_in_demo_mode_and_never_take_over_a_company() {
    for tdb in TestDatabase::all().await {
        let (f, p) = fixture(&tdb, true).await;

        let (status, body) = claim(&f, &p.citizen, &format!("IT {}", f.free.piva)).await;
        assert!(succeeded(status), "{status}: {body}");
        let mine = overview(&f, &p.citizen).await;
        assert_eq!(mine.companies.len(), 1);
        assert_eq!(mine.companies[0].id, f.free.id);
        assert_eq!(mine.companies[0].role, MemberRole::Admin);
        assert!(mine.pending_claims.is_empty());
        assert_eq!(
            audit_count(&f.db, "company.claim", p.citizen.user_id).await,
            1
        );
        let state: String = sqlx::query(
            "SELECT basis || '/' || state FROM company_claim WHERE claimant_user_id = $1",
        )
        .bind(p.citizen.user_id)
        .fetch_one(f.db.pool())
        .await
        .expect("claim")
        .try_get(0)
        .expect("state");
        assert_eq!(state, "demo_trusted/granted");

        // Administered now: nobody else takes it over, nor the claimant twice.
        assert_eq!(
            claim(&f, &p.stranger, &f.free.piva).await.0,
            StatusCode::CONFLICT
        );
        assert_eq!(
            claim(&f, &p.citizen, &f.free.piva).await.0,
            StatusCode::CONFLICT
        );
        assert_eq!(
            claim(&f, &p.stranger, &f.ours.piva).await.0,
            StatusCode::CONFLICT
        );

        let (status, body) = claim(&f, &p.stranger, "12345678901").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body.contains("\"partita_iva\"") && body.contains("invalid"),
            "{body}"
        );
        let (status, body) = claim(&f, &p.stranger, "").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("required"), "{body}");
        let unknown = PartitaIva::from_serial_and_office(999_999, 54).expect("piva");
        assert_eq!(
            claim(&f, &p.stranger, unknown.as_str()).await.0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            call(
                &f.app,
                "/api/companies/claim",
                None,
                &format!("partita_iva={}", f.free.piva)
            )
            .await
            .0,
            StatusCode::UNAUTHORIZED
        );
        assert!(overview(&f, &p.stranger).await.companies.is_empty());

        f.db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn claims_wait_for_the_register_check_outside_demo_mode() {
    for tdb in TestDatabase::all().await {
        let (f, p) = fixture(&tdb, false).await;

        let (status, body) = claim(&f, &p.citizen, &f.free.piva).await;
        assert!(succeeded(status), "{status}: {body}");
        let mine = overview(&f, &p.citizen).await;
        assert!(mine.companies.is_empty(), "a pending claim grants nothing");
        assert!(!mine.claims_trusted);
        assert_eq!(mine.pending_claims.len(), 1);
        assert_eq!(mine.pending_claims[0].partita_iva, f.free.piva);
        assert_eq!(
            members(&f, &p.citizen, &f.free).await.0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            claim(&f, &p.citizen, &f.free.piva).await.0,
            StatusCode::CONFLICT
        );
        assert_eq!(
            claim(&f, &p.stranger, &f.ours.piva).await.0,
            StatusCode::CONFLICT
        );
        let state: String = sqlx::query(
            "SELECT basis || '/' || state FROM company_claim WHERE claimant_user_id = $1",
        )
        .bind(p.citizen.user_id)
        .fetch_one(f.db.pool())
        .await
        .expect("claim")
        .try_get(0)
        .expect("state");
        assert_eq!(state, "registro_imprese/pending");
        assert_eq!(
            audit_count(&f.db, "company.claim", p.citizen.user_id).await,
            1
        );

        f.db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn an_invited_citizen_accepts_and_becomes_a_recruiter() {
    for tdb in TestDatabase::all().await {
        let (f, p) = fixture(&tdb, true).await;
        let invite = |code: &str, role: &str| {
            format!(
                "company_id={}&codice_fiscale={}&role={role}",
                f.ours.id,
                code.to_lowercase()
            )
        };

        let (status, body) = call(
            &f.app,
            "/api/companies/invite",
            Some(&p.admin),
            &invite("RSSMRA85T10A562X", "recruiter"),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("\"codice_fiscale\""), "{body}");
        let (status, body) = call(
            &f.app,
            "/api/companies/invite",
            Some(&p.admin),
            &invite(&p.citizen.code, "owner"),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("\"role\""), "{body}");

        let (status, body) = call(
            &f.app,
            "/api/companies/invite",
            Some(&p.admin),
            &invite(&p.citizen.code, "recruiter"),
        )
        .await;
        assert!(succeeded(status), "{status}: {body}");
        assert_eq!(
            audit_count(&f.db, "company.member.invite", p.admin.user_id).await,
            1
        );
        let (_, view) = members(&f, &p.admin, &f.ours).await;
        let view = view.expect("members");
        assert_eq!(view.invitations.len(), 1);
        assert!(
            view.invitations[0].code.contains('*'),
            "masked for the company"
        );

        let (status, body) = call(&f.app, "/api/companies/invitations", Some(&p.citizen), "").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let invitations: Vec<InvitationRow> = serde_json::from_str(&body).expect("invitations");
        assert_eq!(invitations.len(), 1);
        assert_eq!(invitations[0].company_name, "Officine Nostre");
        assert_eq!(invitations[0].expires_on, "2026-12-11");
        let accept = format!("invitation_id={}", invitations[0].id);

        // Someone else's invitation does not exist for them.
        assert_eq!(
            call(
                &f.app,
                "/api/companies/accept-invitation",
                Some(&p.stranger),
                &accept
            )
            .await
            .0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            members(&f, &p.citizen, &f.ours).await.0,
            StatusCode::NOT_FOUND
        );
        let (status, body) = call(
            &f.app,
            "/api/companies/accept-invitation",
            Some(&p.citizen),
            &accept,
        )
        .await;
        assert!(succeeded(status), "{status}: {body}");
        assert_eq!(
            audit_count(&f.db, "company.invitation.accept", p.citizen.user_id).await,
            1
        );
        let mine = overview(&f, &p.citizen).await;
        assert_eq!(mine.companies.len(), 1);
        assert_eq!(mine.companies[0].id, f.ours.id);
        assert_eq!(mine.companies[0].role, MemberRole::Recruiter);
        let (status, view) = members(&f, &p.citizen, &f.ours).await;
        assert_eq!(status, StatusCode::OK);
        let view = view.expect("members");
        assert!(!view.can_manage);
        assert!(
            view.invitations.is_empty(),
            "recruiters do not see invitations"
        );
        let me = view
            .members
            .iter()
            .find(|m| m.user_id == p.citizen.user_id)
            .expect("listed");
        assert!(me.is_me);
        assert_eq!(me.role, MemberRole::Recruiter);
        assert_ne!(me.code, p.citizen.code);
        assert!(me.code.starts_with(&p.citizen.code[..3]) && me.code.contains('*'));

        // Used once.
        assert_eq!(
            call(
                &f.app,
                "/api/companies/accept-invitation",
                Some(&p.citizen),
                &accept
            )
            .await
            .0,
            StatusCode::NOT_FOUND
        );
        let (_, body) = call(&f.app, "/api/companies/invitations", Some(&p.citizen), "").await;
        assert_eq!(body, "[]");

        f.db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn recruiters_cannot_manage_members_and_other_companies_are_not_found() {
    for tdb in TestDatabase::all().await {
        let (f, p) = fixture(&tdb, true).await;
        let invite = format!(
            "company_id={}&codice_fiscale={}&role=recruiter",
            f.ours.id, p.stranger.code
        );
        let remove = format!("company_id={}&user_id={}", f.ours.id, p.admin.user_id);

        let cases = [
            (
                "/api/companies/invite",
                &p.recruiter,
                &invite,
                StatusCode::FORBIDDEN,
            ),
            (
                "/api/companies/remove-member",
                &p.recruiter,
                &remove,
                StatusCode::FORBIDDEN,
            ),
            (
                "/api/companies/invite",
                &p.other_admin,
                &invite,
                StatusCode::NOT_FOUND,
            ),
            (
                "/api/companies/remove-member",
                &p.other_admin,
                &remove,
                StatusCode::NOT_FOUND,
            ),
            (
                "/api/companies/invite",
                &p.stranger,
                &invite,
                StatusCode::NOT_FOUND,
            ),
        ];
        for (path, who, body, expected) in cases {
            let (status, answer) = call(&f.app, path, Some(who), body).await;
            assert_eq!(status, expected, "{path} {body}: {answer}");
        }
        assert_eq!(
            members(&f, &p.other_admin, &f.ours).await.0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            members(&f, &p.admin, &f.theirs).await.0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(members(&f, &p.recruiter, &f.ours).await.0, StatusCode::OK);
        // Nothing changed, nothing was audited.
        let (_, view) = members(&f, &p.admin, &f.ours).await;
        assert_eq!(view.expect("members").members.len(), 2);
        let audited: i64 =
            sqlx::query("SELECT COUNT(*) FROM audit_event WHERE action LIKE 'company.member.%'")
                .fetch_one(f.db.pool())
                .await
                .expect("count")
                .try_get(0)
                .expect("count");
        assert_eq!(audited, 0);

        f.db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn removing_a_member_ends_their_access_on_their_next_request() {
    for tdb in TestDatabase::all().await {
        let (f, p) = fixture(&tdb, true).await;
        let remove = |who: &Who| format!("company_id={}&user_id={}", f.ours.id, who.user_id);

        assert_eq!(members(&f, &p.recruiter, &f.ours).await.0, StatusCode::OK);
        let (status, body) = call(
            &f.app,
            "/api/companies/remove-member",
            Some(&p.admin),
            &remove(&p.recruiter),
        )
        .await;
        assert!(succeeded(status), "{status}: {body}");
        // The same session, the very next request.
        assert_eq!(
            members(&f, &p.recruiter, &f.ours).await.0,
            StatusCode::NOT_FOUND
        );
        assert!(overview(&f, &p.recruiter).await.companies.is_empty());
        assert_eq!(
            audit_count(&f.db, "company.member.remove", p.admin.user_id).await,
            1
        );
        let subject: Option<i64> = sqlx::query(
            "SELECT subject_person_id FROM audit_event WHERE action = 'company.member.remove'",
        )
        .fetch_one(f.db.pool())
        .await
        .expect("row")
        .try_get(0)
        .expect("subject");
        assert_eq!(subject, Some(p.recruiter.person_id));
        // Not a member any more.
        assert_eq!(
            call(
                &f.app,
                "/api/companies/remove-member",
                Some(&p.admin),
                &remove(&p.recruiter)
            )
            .await
            .0,
            StatusCode::NOT_FOUND
        );

        // The last administrator stays.
        assert_eq!(
            call(
                &f.app,
                "/api/companies/remove-member",
                Some(&p.admin),
                &remove(&p.admin)
            )
            .await
            .0,
            StatusCode::CONFLICT
        );
        // With a second administrator, the first may leave.
        let invite = format!(
            "company_id={}&codice_fiscale={}&role=admin",
            f.ours.id, p.citizen.code
        );
        let (status, _) = call(&f.app, "/api/companies/invite", Some(&p.admin), &invite).await;
        assert!(succeeded(status));
        let (_, body) = call(&f.app, "/api/companies/invitations", Some(&p.citizen), "").await;
        let invitations: Vec<InvitationRow> = serde_json::from_str(&body).expect("invitations");
        let (status, _) = call(
            &f.app,
            "/api/companies/accept-invitation",
            Some(&p.citizen),
            &format!("invitation_id={}", invitations[0].id),
        )
        .await;
        assert!(succeeded(status));
        let (status, body) = call(
            &f.app,
            "/api/companies/remove-member",
            Some(&p.admin),
            &remove(&p.admin),
        )
        .await;
        assert!(succeeded(status), "{status}: {body}");
        assert_eq!(
            members(&f, &p.admin, &f.ours).await.0,
            StatusCode::NOT_FOUND
        );
        let (_, view) = members(&f, &p.citizen, &f.ours).await;
        let view = view.expect("members");
        assert!(view.can_manage);
        assert_eq!(view.members.len(), 1);
        let _ = f.now;

        f.db.close().await;
        tdb.drop_database().await;
    }
}

#[tokio::test]
async fn the_company_pages_render_without_javascript() {
    let tdb = TestDatabase::sqlite();
    let (f, p) = fixture(&tdb, true).await;
    for path in [
        "/impresa".to_string(),
        format!("/impresa/membri?azienda={}", f.ours.id),
    ] {
        let req = Request::get(path.as_str())
            .header(header::COOKIE, p.admin.cookie.clone())
            .body(Body::empty())
            .expect("request");
        let res = f.app.clone().oneshot(req).await.expect("infallible");
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        let html = String::from_utf8_lossy(&bytes);
        assert!(html.contains("Officine Nostre"), "{path}");
        assert!(html.contains("<form method=\"post\""), "{path}");
    }
    // A refused no-JS claim comes back to the page with the form's own message.
    let req = Request::post("/api/companies/claim")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, ORIGIN)
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, format!("{ORIGIN}/impresa"))
        .header(header::COOKIE, p.citizen.cookie.clone())
        .body(Body::from(format!("partita_iva={}", f.ours.piva)))
        .expect("request");
    let res = f.app.clone().oneshot(req).await.expect("infallible");
    assert!(res.status().is_redirection(), "{}", res.status());
    let location = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .expect("location")
        .to_string();
    let back = location.trim_start_matches(ORIGIN).to_string();
    let req = Request::get(back.as_str())
        .header(header::COOKIE, p.citizen.cookie.clone())
        .body(Body::empty())
        .expect("request");
    let res = f.app.clone().oneshot(req).await.expect("infallible");
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    let html = String::from_utf8_lossy(&bytes);
    assert!(html.contains("ha già un amministratore"), "{back}");
    f.db.close().await;
}
