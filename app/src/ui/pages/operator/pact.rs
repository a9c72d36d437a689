//! `/operatore/persone/{id}/patto`: a person's service pact for the staff of their CPI — propose
//! an item, revise a disputed one, mark one done with evidence, and the full history. The read is
//! audited (`pacts/get`).

use crate::api::pacts::{get_pact, ProposeItem, CASELOAD_PATH};
use crate::domain::pact::ItemKind;
use crate::error::AppError;
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{personal, refusal};
use crate::ui::pages::citizen::pact::{outcome_view, pact_body, problem_view};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OperatorPactPage() -> impl IntoView {
    let t = use_i18n();
    personal();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_pact(Some(id)).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => refusal(t, error),
                    Ok(v) => {
                        let name = v.person_name.clone().unwrap_or_default();
                        let title = (t.pact.operator_title)(&name);
                        let person = v.person_id;
                        view! {
                            <Title text=title.clone() />
                            <h1>{title}</h1>
                            <p class="lead">{t.pact.operator_intro}</p>
                            <p>
                                <a href=format!("/operatore/persone/{person}")>{(t.counter.case_title)(&name)}</a>
                                " · "
                                <a href=CASELOAD_PATH>{t.pact.caseload_link}</a>
                            </p>
                            {outcome_view(t)}
                            {problem_view(t)}
                            {propose_form(t, person)}
                            {pact_body(t, v)}
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

fn propose_form(t: &'static Messages, person: i64) -> impl IntoView {
    let p = t.pact;
    view! {
        <section class="pact-propose card" aria-labelledby="pact-propose-heading">
            <div class="card-body">
                <h2 id="pact-propose-heading" class="h4">{p.propose_heading}</h2>
                <form method="post" action=ProposeItem::PATH class="pact-form">
                    <input type="hidden" name="person_id" value=person.to_string() />
                    <fieldset>
                        <legend>{p.kind_label}</legend>
                        {ItemKind::ALL
                            .into_iter()
                            .enumerate()
                            .map(|(n, k)| {
                                let id = format!("kind-{}", k.code());
                                view! {
                                    <div class="form-check form-check-inline">
                                        <input class="form-check-input" type="radio" id=id.clone() name="kind" value=k.code() checked=n == 0 />
                                        <label class="form-check-label" for=id>{(p.kind)(k)}</label>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </fieldset>
                    <label for="f-text">{p.text_label}</label>
                    <textarea id="f-text" class="form-control" name="text" rows="2" maxlength="500" required></textarea>
                    <label for="f-deadline">{p.deadline_label}</label>
                    <input id="f-deadline" class="form-control" type="date" name="deadline" required />
                    <button type="submit" class="btn btn-primary">{p.propose_submit}</button>
                </form>
            </div>
        </section>
    }
}
