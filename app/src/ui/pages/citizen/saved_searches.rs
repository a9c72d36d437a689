//! `/area-personale/ricerche`: the person's saved searches with their daily alerts: open, pause or
//! resume the alert, rename, delete. Every change is a plain form post that comes back here with
//! an outcome, so the page works without JavaScript.

use crate::api::saved_searches::{
    list_saved_searches, DeleteSearch, RenameSearch, SavedSearchView, SetSearchAlerts,
};
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{form_error_view, notice, personal, query_param, refusal};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn SavedSearchesPage() -> impl IntoView {
    personal();
    let t = use_i18n();
    let s = t.search;
    let outcome = query_param("esito").and_then(|code| match code.as_str() {
        "salvata" => Some(s.outcome_saved),
        "sospese" => Some(s.outcome_paused),
        "riprese" => Some(s.outcome_resumed),
        "rinominata" => Some(s.outcome_renamed),
        "eliminata" => Some(s.outcome_deleted),
        _ => None,
    });
    let data = Resource::new(|| (), |_| list_saved_searches());
    view! {
        <Title text=s.saved_title />
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! {
                        <h1>{s.saved_title}</h1>
                        <p class="lead">{s.saved_intro}</p>
                        {notice(outcome)}
                        {form_error_view(t)}
                        {list(t, v.searches)}
                    }
                    .into_any(),
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

fn list(t: &'static Messages, searches: Vec<SavedSearchView>) -> AnyView {
    let s = t.search;
    if searches.is_empty() {
        return view! {
            <p>{s.saved_none}</p>
            <p><a class="btn btn-primary" href=crate::api::jobs::JOBS_PAGE>{t.review.jobs_title}</a></p>
        }
        .into_any();
    }
    view! {
        <ul class="saved-searches">
            {searches.into_iter().map(|x| item(t, x)).collect_view()}
        </ul>
    }
    .into_any()
}

fn item(t: &'static Messages, x: SavedSearchView) -> impl IntoView {
    let s = t.search;
    let heading = format!("saved-{}", x.id);
    let rename_id = format!("rename-{}", x.id);
    let id = x.id.to_string();
    let what = x
        .params
        .q
        .clone()
        .unwrap_or_else(|| s.all_vacancies.to_string());
    let filters = x
        .params
        .pairs()
        .into_iter()
        .filter(|(k, _)| *k != "q")
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join(" · ");
    let status = if x.alerts_on {
        s.alerts_on
    } else {
        s.alerts_off
    };
    let last = x
        .last_run_on
        .as_deref()
        .map(s.last_run)
        .unwrap_or_else(|| s.never_run.to_string());
    let (toggle_value, toggle_label) = if x.alerts_on {
        ("0", s.pause)
    } else {
        ("1", s.resume)
    };
    view! {
        <li class="saved-search card">
            <h2 id=heading.clone()>{x.name.clone()}</h2>
            <p>{what}</p>
            {(!filters.is_empty()).then(|| view! { <p class="saved-filters"><span>{s.filters_label}": "</span>{filters}</p> })}
            <p class="saved-status">
                <span class=if x.alerts_on { "badge bg-success" } else { "badge bg-primary" }>{status}</span>
                " "{last}
            </p>
            <p><a href=x.url.clone() class="btn btn-primary btn-sm">{s.open_search}</a></p>
            <div class="saved-actions">
                <form method="post" action=SetSearchAlerts::url()>
                    <input type="hidden" name="id" value=id.clone() />
                    <input type="hidden" name="attivi" value=toggle_value />
                    <button type="submit" class="btn btn-outline-primary btn-sm"
                        aria-describedby=heading.clone()>{toggle_label}</button>
                </form>
                <form method="post" action=RenameSearch::url() class="saved-rename">
                    <input type="hidden" name="id" value=id.clone() />
                    <label for=rename_id.clone() class="form-label">{s.rename_label}</label>
                    <input type="text" id=rename_id name="name" class="form-control" maxlength="100"
                        required=true value=x.name.clone() />
                    <button type="submit" class="btn btn-outline-primary btn-sm"
                        aria-describedby=heading.clone()>{s.rename_button}</button>
                </form>
                <form method="post" action=DeleteSearch::url()>
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="btn btn-outline-danger btn-sm"
                        aria-describedby=heading>{s.delete_button}</button>
                </form>
            </div>
        </li>
    }
}
