//! The authorisation matrix (`docs/authorization-matrix.md`) as a test: every row is a call to a
//! server function through the real HTTP stack, as that actor, with those arguments; the answer's
//! status must be the row's expectation. A registered server function without a row fails the test.
//! On SQLite and PostgreSQL.

mod common;
// Placeholders of the business features, one file each (issue 6).
#[path = "authz/applicants.rs"]
mod applicants;
#[path = "authz/vacancies.rs"]
mod vacancies;
#[path = "authz/vacancy_review.rs"]
mod vacancy_review;
#[path = "authz/vacancy_wizard.rs"]
mod vacancy_wizard;
// Placeholders of the citizen features, one file each (issue 7).
#[path = "authz/did.rs"]
mod did;
#[path = "authz/matching.rs"]
mod matching;
#[path = "authz/my_applications.rs"]
mod my_applications;
#[path = "authz/pacts.rs"]
mod pacts;
#[path = "authz/profile.rs"]
mod profile;
#[path = "authz/saved_searches.rs"]
mod saved_searches;

use app::domain::codice_fiscale::CodiceFiscale;
use app::domain::policy::{MandateId, MandateScope, OrganisationId, PersonId};
use app::domain::session_policy::{SessionPolicy, Timestamp};
use app::store::clock::{Clock, ManualClock};
use app::store::identity::{citizen_account, VerifiedCitizen};
use app::store::mandates::{create_mandate, revoke_mandate, upsert_organisation, OrganisationKind};
use app::store::sessions::{create_session, set_acting_for};
use app::store::users::{create_user, disable_user, grant_role, Grant};
use app::store::Db;
use axum::body::Body;
use axum::Router;
use common::TestDatabase;
use http::{header, Request, StatusCode};
use server::config::PublicOrigin;
use server::demo::{build_region, dates::Day, DemoParams};
use server::startup::{router_with_clock, RouterConfig};
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

const ORIGIN: &str = "http://127.0.0.1:3000";
const DAY: Duration = Duration::from_secs(24 * 3600);

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// One row of the table.
#[derive(Debug)]
struct Row_ {
    /// `file:line`.
    line: String,
    function: String,
    actor: String,
    acting: Option<String>,
    args: String,
    expect: String,
}

/// The rows of `docs/authorization-matrix.md` and of every `docs/authorization-matrix/*.md` (one
/// file per feature, so features grow their tables apart).
fn read_matrix() -> Vec<Row_> {
    let main = workspace().join("docs/authorization-matrix.md");
    let mut files = vec![main];
    if let Ok(dir) = std::fs::read_dir(workspace().join("docs/authorization-matrix")) {
        let mut more: Vec<PathBuf> = dir
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        more.sort();
        files.extend(more);
    }
    files.iter().flat_map(|path| read_rows(path)).collect()
}

fn read_rows(path: &std::path::Path) -> Vec<Row_> {
    let text = std::fs::read_to_string(path).expect("matrix file");
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("| /api/"))
        .map(|(i, l)| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            assert!(cells.len() >= 4, "{file} line {}: too few columns", i + 1);
            let (actor, acting) = match cells[1].split_once('@') {
                Some((a, m)) => (a.to_string(), Some(m.to_string())),
                None => (cells[1].to_string(), None),
            };
            Row_ {
                line: format!("{file}:{}", i + 1),
                function: cells[0].to_string(),
                actor,
                acting,
                args: cells[2].to_string(),
                expect: cells[3].to_string(),
            }
        })
        .collect()
}

fn outcome(status: StatusCode) -> &'static str {
    match status.as_u16() {
        200..=399 => "allow",
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not-found",
        409 => "conflict",
        422 => "invalid",
        _ => "other",
    }
}

/// The database, the actors' user ids and the named objects.
struct World {
    db: Db,
    clock: ManualClock,
    users: BTreeMap<&'static str, i64>,
    mandates: BTreeMap<&'static str, i64>,
    organisations: BTreeMap<&'static str, i64>,
    /// Sessions made before the world changed under them (the disabled citizen's).
    fixed_tokens: BTreeMap<&'static str, String>,
    /// Companies, their members and invitations (`companies` rows).
    companies: CompanyWorld,
}

async fn user_of_persona(db: &Db, persona: &str) -> i64 {
    sqlx::query("SELECT id FROM app_user WHERE persona = $1")
        .bind(persona.to_string())
        .fetch_one(db.pool())
        .await
        .expect("persona user")
        .try_get(0)
        .expect("id")
}

async fn person_of_user(db: &Db, user: i64) -> PersonId {
    PersonId(
        sqlx::query("SELECT person_id FROM app_user WHERE id = $1")
            .bind(user)
            .fetch_one(db.pool())
            .await
            .expect("user")
            .try_get(0)
            .expect("person"),
    )
}

async fn build_world(tdb: &TestDatabase) -> World {
    let db = tdb.connect().await;
    server::reference_import::load(&db, &workspace().join("data/reference"))
        .await
        .expect("reference");
    server::seed::demo(&db).await.expect("cpi");
    build_region(
        &db,
        DemoParams {
            seed: 7,
            people: 40,
            companies: 8,
            vacancies: 16,
            as_of: Day::parse_iso("2026-11-27").expect("day"),
            force: false,
        },
        &mut |_| {},
    )
    .await
    .expect("region");
    let now = Timestamp::parse_iso("2026-11-27T09:00:00.000Z").expect("now");
    let clock = ManualClock::starting_at(now);
    server::demo::personas::ensure_personas(&db, now)
        .await
        .expect("personas");

    let mut users = BTreeMap::new();
    for (actor, persona) in [
        ("citizen", "cittadino-1"),
        ("other-citizen", "cittadino-2"),
        ("disabled-citizen", "cittadino-4"),
        ("intermediary", "patronato"),
        ("operator-pg", "operatore-pg"),
        ("operator-tr", "operatore-tr"),
        ("supervisor", "supervisore"),
        ("admin", "admin"),
        ("auditor", "auditor"),
        ("company-admin", "impresa-titolare"),
        ("recruiter", "impresa-selezione"),
    ] {
        users.insert(actor, user_of_persona(&db, persona).await);
    }
    let third = person_of_user(&db, user_of_persona(&db, "cittadino-3").await).await;
    let first = person_of_user(&db, users["citizen"]).await;
    let second = person_of_user(&db, users["other-citizen"]).await;

    let mut tx = db.pool().begin().await.expect("begin");
    let patronato: i64 = sqlx::query("SELECT id FROM organisation WHERE kind = 'patronato'")
        .fetch_one(&mut *tx)
        .await
        .expect("patronato")
        .try_get(0)
        .expect("id");
    let desk = upsert_organisation(
        &mut tx,
        "Sportello lavoro del Comune di Gubbio (demo)",
        OrganisationKind::ComuneDesk,
        "80000000002",
        None,
        now,
    )
    .await
    .expect("desk");
    let other_intermediary = create_user(&mut tx, None, "Operatore sportello", now)
        .await
        .expect("user");
    grant_role(
        &mut tx,
        other_intermediary,
        &Grant::Intermediary {
            organisation_id: desk.0,
        },
        now,
    )
    .await
    .expect("grant");
    users.insert("other-intermediary", other_intermediary);
    let closing = citizen_account(
        &mut tx,
        &VerifiedCitizen {
            codice_fiscale: CodiceFiscale::parse("RSSMRA85T10A562S").expect("code"),
            given_name: "Mario".into(),
            family_name: "Rossi".into(),
            birth_date: None,
        },
        now,
    )
    .await
    .expect("citizen")
    .expect("active");
    users.insert("closing-citizen", closing.0);

    let p = OrganisationId(patronato);
    let profile = BTreeSet::from([MandateScope::Profile]);
    let active: i64 = sqlx::query(
        "SELECT id FROM mandate WHERE delegator_person_id = $1 AND organisation_id = $2",
    )
    .bind(first.0)
    .bind(patronato)
    .fetch_one(&mut *tx)
    .await
    .expect("seeded mandate")
    .try_get(0)
    .expect("id");
    let revoked = create_mandate(
        &mut tx,
        third,
        p,
        &profile,
        now.minus(DAY),
        now.plus(30 * DAY),
        now,
    )
    .await
    .expect("mandate");
    revoke_mandate(&mut tx, revoked, now.minus(Duration::from_secs(3600)))
        .await
        .expect("revoke");
    let expired = create_mandate(
        &mut tx,
        second,
        p,
        &profile,
        now.minus(100 * DAY),
        now.minus(10 * DAY),
        now.minus(100 * DAY),
    )
    .await
    .expect("mandate");
    let appointments = create_mandate(
        &mut tx,
        third,
        p,
        &BTreeSet::from([MandateScope::Appointments]),
        now.minus(DAY),
        now.plus(30 * DAY),
        now,
    )
    .await
    .expect("mandate");
    let other_org = create_mandate(
        &mut tx,
        second,
        desk,
        &profile,
        now.minus(DAY),
        now.plus(30 * DAY),
        now,
    )
    .await
    .expect("mandate");

    // The disabled citizen logged in, then the account was disabled.
    let policy = SessionPolicy::default();
    let disabled_token = create_session(&mut tx, users["disabled-citizen"], None, &policy, now)
        .await
        .expect("session")
        .expect("active");
    disable_user(&mut tx, users["disabled-citizen"], now)
        .await
        .expect("disable");
    tx.commit().await.expect("commit");

    let companies = company_world(&db, now, &mut users).await;
    World {
        companies,
        db,
        clock,
        users,
        mandates: BTreeMap::from([
            ("M-active", active),
            ("M-revoked", revoked.0),
            ("M-expired", expired.0),
            ("M-appointments", appointments.0),
            ("M-other-org", other_org.0),
        ]),
        organisations: BTreeMap::from([("P", patronato), ("C", desk.0)]),
        fixed_tokens: BTreeMap::from([("disabled-citizen", disabled_token.as_str().to_string())]),
    }
}

impl World {
    /// A fresh session for the row's actor (acting for a mandate if the row says so), so rows do
    /// not change each other's sessions.
    async fn token(&self, row: &Row_) -> Option<String> {
        if row.actor == "anonymous" {
            return None;
        }
        if let Some(token) = self.fixed_tokens.get(row.actor.as_str()) {
            return Some(token.clone());
        }
        let user = *self
            .users
            .get(row.actor.as_str())
            .unwrap_or_else(|| panic!("line {}: unknown actor {}", row.line, row.actor));
        let mut tx = self.db.begin_write().await.expect("begin");
        let token = create_session(
            &mut tx,
            user,
            None,
            &SessionPolicy::default(),
            self.clock.now(),
        )
        .await
        .expect("session")
        .expect("active user");
        if let Some(m) = &row.acting {
            let id = self
                .mandates
                .get(m.as_str())
                .unwrap_or_else(|| panic!("line {}: unknown mandate {m}", row.line));
            set_acting_for(&mut tx, token.as_str(), Some(*id))
                .await
                .expect("acting");
        }
        tx.commit().await.expect("commit");
        Some(token.as_str().to_string())
    }

    /// The row's arguments with `{name}` replaced by the object's id (`{fresh}` makes a mandate).
    async fn args(&self, row: &Row_) -> String {
        let mut out = String::new();
        let mut rest = row.args.as_str();
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let end = rest[start..].find('}').expect("closing brace") + start;
            let name = &rest[start + 1..end];
            if let Some(value) = self.company_arg(name).await {
                out.push_str(&value);
                rest = &rest[end + 1..];
                continue;
            }
            if let Some(value) = self.account_arg(name).await {
                out.push_str(&value);
                rest = &rest[end + 1..];
                continue;
            }
            if let Some(value) = self.counter_arg(name).await {
                out.push_str(&value);
                rest = &rest[end + 1..];
                continue;
            }
            let business = match vacancy_wizard::arg(self, name).await {
                Some(v) => Some(v),
                None => match vacancies::arg(self, name).await {
                    Some(v) => Some(v),
                    None => match vacancy_review::arg(self, name).await {
                        Some(v) => Some(v),
                        None => applicants::arg(self, name).await,
                    },
                },
            };
            if let Some(value) = business {
                out.push_str(&value);
                rest = &rest[end + 1..];
                continue;
            }
            let citizen = match did::arg(self, name).await {
                Some(v) => Some(v),
                None => match profile::arg(self, name).await {
                    Some(v) => Some(v),
                    None => match pacts::arg(self, name).await {
                        Some(v) => Some(v),
                        None => match matching::arg(self, name).await {
                            Some(v) => Some(v),
                            None => match saved_searches::arg(self, name).await {
                                Some(v) => Some(v),
                                None => my_applications::arg(self, name).await,
                            },
                        },
                    },
                },
            };
            if let Some(value) = citizen {
                out.push_str(&value);
                rest = &rest[end + 1..];
                continue;
            }
            let id = if name == "fresh" {
                self.fresh_mandate().await
            } else if let Some(id) = self.mandates.get(name) {
                *id
            } else if let Some(id) = self.organisations.get(name) {
                *id
            } else {
                panic!("line {}: unknown object {name}", row.line)
            };
            out.push_str(&id.to_string());
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        out
    }

    async fn fresh_mandate(&self) -> i64 {
        let now = self.clock.now();
        let first = person_of_user(&self.db, self.users["citizen"]).await;
        let mut tx = self.db.begin_write().await.expect("begin");
        let id: MandateId = create_mandate(
            &mut tx,
            first,
            OrganisationId(self.organisations["P"]),
            &BTreeSet::from([MandateScope::Profile]),
            now,
            now.plus(30 * DAY),
            now,
        )
        .await
        .expect("fresh mandate");
        tx.commit().await.expect("commit");
        id.0
    }
}

async fn call(
    app: &Router,
    method: &http::Method,
    function: &str,
    args: String,
    token: Option<String>,
) -> (StatusCode, String) {
    let (uri, body) = if method == http::Method::GET {
        (format!("{function}?{args}"), String::new())
    } else {
        (function.to_string(), args)
    };
    let mut req = Request::builder()
        .method(method.clone())
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, ORIGIN)
        .header(header::ACCEPT, "application/json");
    if let Some(token) = token {
        req = req.header(header::COOKIE, format!("__Host-sl_session={token}"));
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::from(body)).expect("request"))
        .await
        .expect("infallible");
    let status = res.status();
    let body = http_body_util::BodyExt::collect(res.into_body())
        .await
        .expect("body")
        .to_bytes();
    (
        status,
        String::from_utf8_lossy(&body).chars().take(200).collect(),
    )
}

#[tokio::test]
async fn every_server_function_is_in_the_matrix() {
    // Registration happens when the router is built.
    let tdb = TestDatabase::sqlite();
    let config = RouterConfig::local(
        PublicOrigin::parse(ORIGIN).expect("origin"),
        "target/site-does-not-exist".into(),
    );
    let _app = server::startup::router(&config, tdb.connect().await).expect("router");
    let rows = read_matrix();
    let covered: BTreeSet<&str> = rows.iter().map(|r| r.function.as_str()).collect();
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    let missing: Vec<&String> = registered
        .iter()
        .filter(|p| !covered.contains(p.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "server functions with no row in docs/authorization-matrix.md: {missing:?}"
    );
    let unknown: Vec<&&str> = covered
        .iter()
        .filter(|p| !registered.contains(**p))
        .collect();
    assert!(
        unknown.is_empty(),
        "rows for functions that do not exist: {unknown:?}"
    );
    assert!(registered.len() >= 15, "{registered:?}");
}

#[tokio::test]
async fn every_row_of_the_matrix_holds() {
    // Errors the server logs (with the reference a 500 shows) appear in the failure output.
    let _ = tracing_subscriber::fmt()
        .with_test_writer()
        .with_max_level(tracing::Level::ERROR)
        .try_init();
    let rows = read_matrix();
    assert!(rows.len() > 40, "the matrix lost rows: {}", rows.len());
    for tdb in TestDatabase::all().await {
        let world = build_world(&tdb).await;
        let config = RouterConfig {
            demo_mode: true,
            demo_login: true,
            // The matrix fires many calls from one address.
            api_rate_per_minute: 100_000,
            ..RouterConfig::local(
                PublicOrigin::parse(ORIGIN).expect("origin"),
                "target/site-does-not-exist".into(),
            )
        };
        let app = router_with_clock(&config, world.db.clone(), Arc::new(world.clock.clone()))
            .expect("router");
        let methods: BTreeMap<String, http::Method> = leptos::server_fn::axum::server_fn_paths()
            .map(|(path, method)| (path.to_string(), method))
            .collect();
        let mut failures = Vec::new();
        for row in &rows {
            let token = world.token(row).await;
            let args = world.args(row).await;
            let method = methods
                .get(&row.function)
                .cloned()
                .unwrap_or(http::Method::POST);
            let (status, body) = call(&app, &method, &row.function, args.clone(), token).await;
            let got = outcome(status);
            if got != row.expect {
                failures.push(format!(
                    "line {}: {} as {}{} with '{}': expected {}, got {} ({status}: {body})",
                    row.line,
                    row.function,
                    row.actor,
                    row.acting
                        .as_deref()
                        .map(|m| format!("@{m}"))
                        .unwrap_or_default(),
                    args,
                    row.expect,
                    got
                ));
            }
        }
        assert!(
            failures.is_empty(),
            "{:?}: {} of {} rows fail:\n{}",
            tdb.backend,
            failures.len(),
            rows.len(),
            failures.join("\n")
        );
        world.db.close().await;
        tdb.drop_database().await;
    }
}

/// The company objects of the matrix: the demo company (`{company}`, administered by
/// `company-admin` alone, `recruiter` its member), another company with its own administrator,
/// and invitations addressed to `citizen`.
struct CompanyWorld {
    company: i64,
    other_company: i64,
    company_piva: String,
    /// Open, for `citizen`, into `{company}`; never accepted by a row.
    citizen_invitation: i64,
    /// For `citizen`, expired.
    expired_invitation: i64,
    citizen_code: String,
}

async fn company_world(
    db: &Db,
    now: Timestamp,
    users: &mut BTreeMap<&'static str, i64>,
) -> CompanyWorld {
    use app::domain::company_members::MemberRole;
    use app::domain::policy::CompanyId;
    use app::store::companies::insert_invitation;
    let scalar = |sql: &'static str, arg: i64| async move {
        sqlx::query(sql)
            .bind(arg)
            .fetch_one(db.pool())
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    };
    let company: i64 = scalar(
        "SELECT company_id FROM user_role WHERE user_id = $1 AND role = 'company_admin'",
        users["company-admin"],
    )
    .await
    .try_get(0)
    .expect("company");
    let row = scalar(
        "SELECT c.partita_iva, m.cpi_code FROM company c \
         JOIN comune m ON m.istat_code = c.seat_istat WHERE c.id = $1",
        company,
    )
    .await;
    let company_piva: String = row.try_get(0).expect("piva");
    let seat_cpi: String = row.try_get(1).expect("seat cpi");
    let other_company: i64 = scalar("SELECT MIN(id) FROM company WHERE id <> $1", company)
        .await
        .try_get(0)
        .expect("other company");
    let other_cpi = if seat_cpi == "PG" { "tr" } else { "pg" };
    let seat_operator =
        user_of_persona(db, &format!("operatore-{}", seat_cpi.to_lowercase())).await;
    users.insert("company-cpi-operator", seat_operator);
    users.insert(
        "other-cpi-operator",
        user_of_persona(db, &format!("operatore-{other_cpi}")).await,
    );
    let citizen_code: String = scalar(
        "SELECT p.codice_fiscale FROM person p JOIN app_user u ON u.person_id = p.id \
         WHERE u.id = $1",
        users["citizen"],
    )
    .await
    .try_get(0)
    .expect("code");

    let mut tx = db.pool().begin().await.expect("begin");
    let other_admin = create_user(&mut tx, None, "Amministratore altra impresa", now)
        .await
        .expect("user");
    grant_role(
        &mut tx,
        other_admin,
        &Grant::CompanyAdmin {
            company_id: other_company,
        },
        now,
    )
    .await
    .expect("grant");
    users.insert("other-company-admin", other_admin);
    let citizen_invitation = insert_invitation(
        &mut tx,
        CompanyId(company),
        &citizen_code,
        MemberRole::Recruiter,
        users["company-admin"],
        now,
        now.plus(14 * DAY),
    )
    .await
    .expect("invitation");
    let expired_invitation = insert_invitation(
        &mut tx,
        CompanyId(company),
        &citizen_code,
        MemberRole::Recruiter,
        users["company-admin"],
        now.minus(30 * DAY),
        now.minus(16 * DAY),
    )
    .await
    .expect("invitation");
    tx.commit().await.expect("commit");
    CompanyWorld {
        company,
        other_company,
        company_piva,
        citizen_invitation,
        expired_invitation,
        citizen_code,
    }
}

impl World {
    /// The value of a company placeholder, `None` for other names. `{fresh-…}` makes a new object
    /// for that row, so a row that changes it changes nothing another row relies on.
    async fn company_arg(&self, name: &str) -> Option<String> {
        use app::domain::company_members::MemberRole;
        use app::domain::policy::CompanyId;
        use app::store::companies::insert_invitation;
        let c = &self.companies;
        let now = self.clock.now();
        Some(match name {
            "company" => c.company.to_string(),
            "other-company" => c.other_company.to_string(),
            "company-piva" => c.company_piva.clone(),
            "citizen-invitation" => c.citizen_invitation.to_string(),
            "expired-invitation" => c.expired_invitation.to_string(),
            "unknown-piva" => {
                app::domain::partita_iva::PartitaIva::from_serial_and_office(9_999_999, 54)
                    .expect("piva")
                    .as_str()
                    .to_string()
            }
            "fresh-company-piva" => self.fresh_company().await.1,
            "fresh-member" => {
                let mut tx = self.db.begin_write().await.expect("begin");
                let user = create_user(&mut tx, None, "Selezionatore di passaggio", now)
                    .await
                    .expect("user");
                grant_role(
                    &mut tx,
                    user,
                    &Grant::CompanyRecruiter {
                        company_id: c.company,
                    },
                    now,
                )
                .await
                .expect("grant");
                tx.commit().await.expect("commit");
                user.to_string()
            }
            "fresh-invitation" => {
                let (company, _) = self.fresh_company().await;
                let mut conn = self.db.pool().acquire().await.expect("conn");
                insert_invitation(
                    &mut conn,
                    CompanyId(company),
                    &c.citizen_code,
                    MemberRole::Recruiter,
                    self.users["company-admin"],
                    now,
                    now.plus(14 * DAY),
                )
                .await
                .expect("invitation")
                .to_string()
            }
            other => match other.strip_prefix("user:") {
                Some(actor) => self.users.get(actor)?.to_string(),
                None => return None,
            },
        })
    }

    /// A new company with nobody in it: (id, partita IVA).
    async fn fresh_company(&self) -> (i64, String) {
        let count: i64 = sqlx::query("SELECT COUNT(*) FROM company")
            .fetch_one(self.db.pool())
            .await
            .expect("count")
            .try_get(0)
            .expect("count");
        let serial = 9_000_000 + u32::try_from(count).expect("count");
        let piva = app::domain::partita_iva::PartitaIva::from_serial_and_office(serial, 54)
            .expect("piva")
            .as_str()
            .to_string();
        let id: i64 = sqlx::query(
            "INSERT INTO company (partita_iva, codice_fiscale, name, ateco_code, seat_istat, \
             size_band) VALUES ($1, $1, 'Impresa di passaggio', '56.10.11', '054039', 'micro') \
             RETURNING id",
        )
        .bind(piva.clone())
        .fetch_one(self.db.pool())
        .await
        .expect("company")
        .try_get(0)
        .expect("id");
        (id, piva)
    }
}

impl World {
    /// The value of an account placeholder for the administrators' rows, `None` for other names.
    /// Each makes a new staff account (no person behind it) for that row alone, so granting,
    /// revoking and disabling never touch an actor another row uses: `{fresh-account}` has no
    /// roles, `{fresh-staff}` is an operator of the PG CPI, `{fresh-disabled}` is disabled.
    async fn account_arg(&self, name: &str) -> Option<String> {
        let (label, grant, disabled) = match name {
            "fresh-account" => ("Account di passaggio", None, false),
            "fresh-staff" => (
                "Operatore di passaggio",
                Some(Grant::Operator {
                    cpi_code: "PG".into(),
                }),
                false,
            ),
            "fresh-disabled" => ("Account disabilitato di passaggio", None, true),
            _ => return None,
        };
        let now = self.clock.now();
        let mut tx = self.db.begin_write().await.expect("begin");
        let user = create_user(&mut tx, None, label, now).await.expect("user");
        if let Some(grant) = grant {
            grant_role(&mut tx, user, &grant, now).await.expect("grant");
        }
        if disabled {
            disable_user(&mut tx, user, now).await.expect("disable");
        }
        tx.commit().await.expect("commit");
        Some(user.to_string())
    }
}

impl World {
    /// The virtual counter's placeholders: each makes a new object for its row (so rows that
    /// change a draft or move a ticket change nothing another row relies on). Tickets are at the
    /// PG CPI and belong to `citizen`; `{fresh-draft}` is a "write to the CPI" request at version 1,
    /// `{complete-draft}` one with every step done, `{open-ticket}` is in the queue,
    /// `{taken-ticket}` is being handled, `{citizen-person}` is citizen's person.
    async fn counter_arg(&self, name: &str) -> Option<String> {
        use app::domain::ticket::{TicketEvent, TicketState};
        use app::domain::wizard::StepId;
        use app::store::drafts::{create_draft, save_step, DraftAnswers, NewDraft};
        use app::store::tickets::{apply_move, insert_ticket, ticket_record, Move, NewTicket};
        if !matches!(
            name,
            "citizen-person" | "fresh-draft" | "complete-draft" | "open-ticket" | "taken-ticket"
        ) {
            return None;
        }
        let now = self.clock.now();
        let person = person_of_user(&self.db, self.users["citizen"]).await;
        let key = format!("matrix-{}", uuid::Uuid::new_v4().simple());
        let mut tx = self.db.begin_write().await.expect("begin");
        let value = match name {
            "citizen-person" => person.0,
            "fresh-draft" | "complete-draft" => {
                let draft = create_draft(
                    &mut tx,
                    now,
                    &NewDraft {
                        service: app::domain::service::ServiceId::WriteToCpi.slug(),
                        person_id: person,
                        created_by_user_id: self.users["citizen"],
                        mandate_id: None,
                        idempotency_key: &key,
                        prefill: &DraftAnswers::new(),
                    },
                )
                .await
                .expect("draft")
                .expect("own draft");
                if name == "complete-draft" {
                    let steps: [(StepId, &[(&str, &str)]); 3] = [
                        (StepId::Residence, &[("comune", "054039")]),
                        (StepId::Contacts, &[("email", "giulia@example.it")]),
                        (
                            StepId::Message,
                            &[("topic", "other"), ("body", "Una domanda")],
                        ),
                    ];
                    let mut current = draft.clone();
                    for (step, fields) in steps {
                        let answers = fields
                            .iter()
                            .map(|(k, v)| (k.to_string(), v.to_string()))
                            .collect();
                        save_step(
                            &mut tx,
                            now,
                            &current,
                            current.version,
                            step,
                            &answers,
                            true,
                        )
                        .await
                        .expect("save")
                        .expect("saved");
                        current = app::store::drafts::draft_by_id(&mut tx, draft.id)
                            .await
                            .expect("draft")
                            .expect("exists");
                    }
                }
                draft.id
            }
            "open-ticket" | "taken-ticket" => {
                let (id, _) = insert_ticket(
                    &mut tx,
                    now,
                    &NewTicket {
                        cpi_code: "PG",
                        service: app::domain::service::ServiceId::WriteToCpi.slug(),
                        requester_person_id: person,
                        submitted_by_user_id: self.users["citizen"],
                        mandate_id: None,
                        draft_id: None,
                        idempotency_key: &key,
                        answers: "{}",
                        sensitive: None,
                    },
                )
                .await
                .expect("ticket");
                if name == "taken-ticket" {
                    let record = ticket_record(&mut tx, id)
                        .await
                        .expect("read")
                        .expect("ticket");
                    apply_move(
                        &mut tx,
                        now,
                        &Move {
                            ticket: &record,
                            event: TicketEvent::Take,
                            to: TicketState::InProgress,
                            actor_user_id: self.users["operator-pg"],
                            assign_to: None,
                            transfer: None,
                            detail: None,
                        },
                    )
                    .await
                    .expect("take");
                }
                id
            }
            _ => unreachable!("names checked above"),
        };
        tx.commit().await.expect("commit");
        Some(value.to_string())
    }
}
