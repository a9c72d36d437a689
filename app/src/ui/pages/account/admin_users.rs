//! `/amministrazione/utenti`: administrators find accounts by name (GET, so the search works
//! without JavaScript), grant and revoke roles, disable and enable accounts (plain form posts to
//! the server functions, which redirect back with `?esito=`).

use super::{form_error, form_error_view, notice, personal, query_param, refusal};
use crate::api::admin::{
    admin_accounts, AccountRow, AdminGrantRole, AdminRevokeRole, AdminSetDisabled, GrantRow,
    ADMIN_USERS_PAGE, ROLE_CODES,
};
use crate::api::cpi::list_cpis;
use crate::api::mandates::{mandate_organisations, OrganisationOption};
use crate::domain::cpi::CpiOffice;
use crate::error::AppError;
use crate::i18n::{use_i18n, Messages};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let t = use_i18n();
    personal();
    let query = use_query_map();
    let q = move || query.read().get("q");
    let accounts = Resource::new(q, admin_accounts);
    let cpis = Resource::new(|| (), |_| list_cpis());
    let organisations = Resource::new(|| (), |_| mandate_organisations());
    let outcome = query_param("esito").and_then(|code| (t.admin.outcome)(&code));
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match (accounts.await, cpis.await, organisations.await) {
                    (Ok(rows), Ok(cpis), Ok(orgs)) => {
                        view_of(t, q(), outcome, rows, cpis, orgs).into_any()
                    }
                    (Err(error), _, _) | (_, Err(error), _) | (_, _, Err(error)) => {
                        refusal(t, error)
                    }
                }
            })}
        </Suspense>
    }
}

fn view_of(
    t: &'static Messages,
    q: Option<String>,
    outcome: Option<&'static str>,
    rows: Vec<AccountRow>,
    cpis: Vec<CpiOffice>,
    orgs: Vec<OrganisationOption>,
) -> impl IntoView {
    let m = t.admin;
    let conflict = matches!(form_error(), Some(AppError::Conflict))
        .then(|| view! { <p class="alert alert-warning">{m.conflict_hint}</p> });
    view! {
        <Title text=m.title />
        <h1>{m.title}</h1>
        {notice(outcome)}
        {form_error_view(t)}
        {conflict}
        <p class="lead">{m.intro}</p>
        <form method="get" action=ADMIN_USERS_PAGE class="admin-search">
            <label for="admin-q">{m.search_label}</label>
            <input id="admin-q" name="q" type="search" class="form-control" maxlength="100"
                value=q.unwrap_or_default() />
            <button type="submit" class="btn btn-primary">{m.search_submit}</button>
            " "
            <a href=ADMIN_USERS_PAGE>{m.show_all}</a>
        </form>
        {table(t, &rows)}
        {grant_form(t, rows, cpis, orgs)}
    }
}

fn table(t: &'static Messages, rows: &[AccountRow]) -> AnyView {
    let m = t.admin;
    if rows.is_empty() {
        return view! { <p>{m.none_found}</p> }.into_any();
    }
    view! {
        <div class="table-responsive">
            <table class="table admin-users">
                <caption>{m.caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{m.col_number}</th>
                        <th scope="col">{m.col_name}</th>
                        <th scope="col">{m.col_state}</th>
                        <th scope="col">{m.col_person}</th>
                        <th scope="col">{m.col_roles}</th>
                        <th scope="col">{m.col_actions}</th>
                    </tr>
                </thead>
                <tbody>{rows.iter().map(|a| row(t, a)).collect_view()}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn row(t: &'static Messages, a: &AccountRow) -> impl IntoView {
    let m = t.admin;
    let grants = if a.grants.is_empty() {
        view! { <span>{m.no_roles}</span> }.into_any()
    } else {
        view! {
            <ul class="list-unstyled">
                {a.grants.iter().map(|g| grant_item(t, a, g)).collect_view()}
            </ul>
        }
        .into_any()
    };
    let action = if a.is_me {
        view! { <span>{m.you}</span> }.into_any()
    } else {
        let (text, label) = if a.disabled {
            (m.enable, (m.enable_label)(&a.display_name))
        } else {
            (m.disable, (m.disable_label)(&a.display_name))
        };
        view! {
            <form method="post" action=AdminSetDisabled::PATH>
                <input type="hidden" name="user_id" value=a.id.to_string() />
                <input type="hidden" name="disabled" value=(!a.disabled).to_string() />
                <button type="submit" class="btn btn-sm btn-outline-danger" aria-label=label>
                    {text}
                </button>
            </form>
        }
        .into_any()
    };
    view! {
        <tr>
            <td>{a.id}</td>
            <th scope="row">{a.display_name.clone()}</th>
            <td>{if a.disabled { m.state_disabled } else { m.state_active }}</td>
            <td>{if a.linked_to_person { m.yes } else { m.no }}</td>
            <td>{grants}</td>
            <td>{action}</td>
        </tr>
    }
}

/// A role's text with its scope, e.g. "Operatore del Centro per l'impiego · CPI PG".
fn grant_text(t: &'static Messages, g: &GrantRow) -> String {
    let m = t.admin;
    let role = (t.account.role)(g.role);
    let name = |name: &Option<String>, id: i64| name.clone().unwrap_or_else(|| id.to_string());
    let scope = match (&g.cpi_code, g.company_id, g.organisation_id) {
        (Some(code), _, _) => Some((m.scope_cpi)(code)),
        (None, Some(id), _) => Some((m.scope_company)(&name(&g.company_name, id))),
        (None, None, Some(id)) => Some((m.scope_organisation)(&name(&g.organisation_name, id))),
        (None, None, None) => None,
    };
    match scope {
        Some(scope) => format!("{role} · {scope}"),
        None => role.to_string(),
    }
}

fn grant_item(t: &'static Messages, a: &AccountRow, g: &GrantRow) -> impl IntoView {
    let m = t.admin;
    let text = grant_text(t, g);
    let label = (m.revoke_label)(&text, &a.display_name);
    let id = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    view! {
        <li>
            {text}
            " "
            <form method="post" action=AdminRevokeRole::PATH class="d-inline">
                <input type="hidden" name="user_id" value=a.id.to_string() />
                <input type="hidden" name="role" value=g.role_code.clone() />
                <input type="hidden" name="cpi_code" value=g.cpi_code.clone().unwrap_or_default() />
                <input type="hidden" name="company_id" value=id(g.company_id) />
                <input type="hidden" name="organisation_id" value=id(g.organisation_id) />
                <button type="submit" class="btn btn-sm btn-link" aria-label=label>{m.revoke}</button>
            </form>
        </li>
    }
}

fn grant_form(
    t: &'static Messages,
    rows: Vec<AccountRow>,
    cpis: Vec<CpiOffice>,
    orgs: Vec<OrganisationOption>,
) -> impl IntoView {
    let m = t.admin;
    view! {
        <h2 id="grant-role-heading">{m.grant_heading}</h2>
        <p>{m.grant_intro}</p>
        <form method="post" action=AdminGrantRole::PATH class="grant-role"
            aria-labelledby="grant-role-heading">
            <div class="form-group">
                <label for="grant-user">{m.account_label}</label>
                <select id="grant-user" name="user_id" class="form-select" required>
                    <option value="">{m.choose}</option>
                    {rows
                        .into_iter()
                        .map(|a| {
                            let text = format!("{} (#{})", a.display_name, a.id);
                            view! { <option value=a.id.to_string()>{text}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="form-group">
                <label for="grant-role">{m.role_label}</label>
                <select id="grant-role" name="role" class="form-select" required>
                    <option value="">{m.choose}</option>
                    {ROLE_CODES
                        .into_iter()
                        .map(|(code, kind)| {
                            view! { <option value=code>{(t.account.role)(kind)}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="form-group">
                <label for="grant-cpi">{m.cpi_label}</label>
                <select id="grant-cpi" name="cpi_code" class="form-select">
                    <option value="">{m.no_scope}</option>
                    {cpis
                        .into_iter()
                        .map(|c| {
                            let text = format!("{} ({})", c.name, c.code);
                            view! { <option value=c.code>{text}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="form-group">
                <label for="grant-company">{m.company_label}</label>
                <input id="grant-company" name="company_id" type="text" inputmode="numeric"
                    class="form-control" aria-describedby="grant-company-hint" />
                <small id="grant-company-hint" class="form-text">{m.company_hint}</small>
            </div>
            <div class="form-group">
                <label for="grant-organisation">{m.organisation_label}</label>
                <select id="grant-organisation" name="organisation_id" class="form-select">
                    <option value="">{m.no_scope}</option>
                    {orgs
                        .into_iter()
                        .map(|o| view! { <option value=o.id.to_string()>{o.name}</option> })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class="btn btn-primary">{m.grant_submit}</button>
        </form>
    }
}
