//! `/registro-accessi`: the audit log for auditors and supervisors. Filters travel as internal ids
//! (GET, so the page works without JavaScript); a codice fiscale is looked up by a POST and never
//! appears in a URL.

use super::{form_error_view, personal, refusal};
use crate::api::audit::{search_audit_log, AuditEntry, AuditFindPerson, AuditPage};
use crate::i18n::{use_i18n, Messages};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let t = use_i18n();
    personal();
    let query = use_query_map();
    let filters = move || {
        let q = query.read();
        let id = |name: &str| q.get(name).and_then(|v| v.trim().parse::<i64>().ok());
        (id("person"), id("actor"), q.get("before"))
    };
    let page = Resource::new(filters, |(person, actor, before)| {
        search_audit_log(person, actor, before)
    });
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                let (person, actor, _) = filters();
                match page.await {
                    Ok(page) => view_of(t, page, person, actor).into_any(),
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

fn view_of(
    t: &'static Messages,
    page: AuditPage,
    person: Option<i64>,
    actor: Option<i64>,
) -> impl IntoView {
    let a = t.account;
    let next = page.next.map(|cursor| {
        let mut href = format!("/registro-accessi?before={cursor}");
        if let Some(p) = person {
            href.push_str(&format!("&person={p}"));
        }
        if let Some(u) = actor {
            href.push_str(&format!("&actor={u}"));
        }
        view! { <p><a href=href rel="next">{a.audit_next}</a></p> }
    });
    let table = if page.entries.is_empty() {
        view! { <p>{a.audit_none}</p> }.into_any()
    } else {
        view! {
            <div class="table-responsive">
                <table class="table access-log audit-table">
                    <caption>{a.audit_caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{a.access_when}</th>
                            <th scope="col">{a.access_who}</th>
                            <th scope="col">{a.audit_subject}</th>
                            <th scope="col">{a.access_what}</th>
                            <th scope="col">{a.audit_object}</th>
                            <th scope="col">{a.audit_outcome}</th>
                            <th scope="col">{a.audit_mandate}</th>
                            <th scope="col">{a.audit_request}</th>
                        </tr>
                    </thead>
                    <tbody>{page.entries.into_iter().map(row).collect_view()}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <Title text=a.audit_title />
        <h1>{a.audit_title}</h1>
        <p class="lead">{a.audit_intro}</p>
        {form_error_view(t)}
        <h2 class="h4">{a.audit_find_heading}</h2>
        <form method="post" action=AuditFindPerson::PATH class="audit-find">
            <label for="audit-code">{a.audit_code_label}</label>
            <input id="audit-code" name="codice_fiscale" type="text" class="form-control"
                autocomplete="off" maxlength="16" required />
            <button type="submit" class="btn btn-primary">{a.audit_find_submit}</button>
        </form>
        <form method="get" action="/registro-accessi" class="audit-filter">
            <label for="audit-actor">{a.audit_actor_label}</label>
            <input id="audit-actor" name="actor" type="text" inputmode="numeric" class="form-control"
                value=actor.map(|a| a.to_string()).unwrap_or_default() />
            <button type="submit" class="btn btn-secondary">{a.audit_filter_submit}</button>
            " "
            <a href="/registro-accessi">{a.audit_show_all}</a>
        </form>
        {table}
        {next}
    }
}

fn row(e: AuditEntry) -> impl IntoView {
    let when = e.at.replace('T', " ").trim_end_matches('Z').to_string();
    let who = match (e.actor, e.actor_user_id) {
        (Some(name), Some(id)) => format!("{name} (#{id})"),
        _ => "—".to_string(),
    };
    view! {
        <tr>
            <td><time datetime=e.at>{when}</time></td>
            <td>{who}</td>
            <td>{e.subject.unwrap_or_else(|| "—".into())}</td>
            <td><code>{e.action}</code></td>
            <td>{e.object}</td>
            <td>{e.outcome}</td>
            <td>{e.mandate_id.map(|m| m.to_string()).unwrap_or_default()}</td>
            <td><small>{e.request_id.unwrap_or_default()}</small></td>
        </tr>
    }
}
