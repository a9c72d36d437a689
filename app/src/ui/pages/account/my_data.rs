//! `/area-personale/dati`: download everything held about me, ask for a correction, close my account.

use super::{form_error_view, notice, personal, query_param, refusal};
use crate::api::my_data::{CloseMyAccount, MyData, RequestRectification};
use crate::api::session::session_info;
use crate::error::AppError;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn MyDataPage() -> impl IntoView {
    let t = use_i18n();
    let a = t.account;
    personal();
    let info = Resource::new(|| (), |_| session_info());
    let sent =
        (query_param("esito").as_deref() == Some("rettifica")).then_some(a.rectification_sent);
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match info.await.and_then(|v| v.user.ok_or(AppError::Unauthenticated)) {
                    Err(error) => refusal(t, error),
                    Ok(_) => view! {
                        <Title text=a.my_data_title />
                        <h1>{a.my_data_title}</h1>
                        {notice(sent)}
                        {form_error_view(t)}
                        <p class="lead">{a.my_data_intro}</p>
                        <h2>{a.download_heading}</h2>
                        <p>{a.download_hint}</p>
                        <p>
                            <a class="btn btn-primary" href=MyData::PATH download="sportello-lavoro-miei-dati.json">
                                {a.download_link}
                            </a>
                        </p>
                        <h2 id="rectification-heading">{a.rectification_heading}</h2>
                        <form method="post" action=RequestRectification::PATH aria-labelledby="rectification-heading">
                            <div class="form-group">
                                <label for="rectification-body">{a.rectification_label}</label>
                                <p id="rectification-hint" class="form-hint">{a.rectification_hint}</p>
                                <textarea id="rectification-body" name="body" class="form-control" rows="4"
                                    maxlength="2000" required aria-describedby="rectification-hint"></textarea>
                            </div>
                            <button type="submit" class="btn btn-secondary">{a.rectification_submit}</button>
                        </form>
                        <h2 id="close-heading">{a.close_heading}</h2>
                        {a.close_intro.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
                        <form method="post" action=CloseMyAccount::PATH aria-labelledby="close-heading">
                            <div class="form-check">
                                <input type="checkbox" class="form-check-input" id="close-confirm"
                                    name="confirm" value="on" required />
                                <label class="form-check-label" for="close-confirm">{a.close_confirm}</label>
                            </div>
                            <button type="submit" class="btn btn-danger close-account">{a.close_submit}</button>
                        </form>
                    }
                        .into_any(),
                }
            })}
        </Suspense>
    }
}
