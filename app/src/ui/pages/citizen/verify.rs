//! `/verifica-certificato`: anyone checks an employment-status certificate by its code (no login).
//! A GET form, so it works without JavaScript and the QR printed on the certificate can carry the
//! code in the address. Only masked facts are shown; an unknown code is a plain "not found" message
//! on a normal page.

use crate::api::did::{verify_certificate, CertificateCheck, CertificateFacts, VERIFY_PATH};
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::query_param;
use crate::ui::pages::citizen::did::local;
use leptos::prelude::*;
use leptos_meta::Title;

/// The query parameter with the code.
pub const CODE_PARAM: &str = "codice";

#[component]
pub fn VerifyCertificatePage() -> impl IntoView {
    let t = use_i18n();
    let code = query_param(CODE_PARAM);
    let typed = code.clone().unwrap_or_default();
    let check = Resource::new(move || code.clone(), verify_certificate);
    let d = t.did;
    view! {
        <Title text=d.verify_title />
        <h1>{d.verify_title}</h1>
        <p class="lead">{d.verify_intro}</p>
        <form method="get" action=VERIFY_PATH class="verify-form">
            <div class="form-group">
                <label for="verify-code" class="form-label">{d.verify_code_label}</label>
                <p id="verify-code-hint" class="form-text">{d.verify_code_hint}</p>
                <input id="verify-code" name=CODE_PARAM type="text" class="form-control text-monospace"
                    value=typed autocomplete="off" autocapitalize="characters" spellcheck="false"
                    aria-describedby="verify-code-hint" maxlength="32" />
            </div>
            <button type="submit" class="btn btn-primary">{d.verify_button}</button>
        </form>
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match check.await {
                    Ok(CertificateCheck::Empty) => ().into_any(),
                    Ok(CertificateCheck::NotFound) => view! {
                        <div class="alert alert-warning verify-result" role="status" aria-live="polite">
                            <p>{d.verify_not_found}</p>
                        </div>
                    }
                    .into_any(),
                    Ok(CertificateCheck::Found(facts)) => found(t, facts).into_any(),
                    Err(error) => view! {
                        <div class="alert alert-danger verify-result" role="alert">
                            <p>{error.message(t)}</p>
                        </div>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

fn found(t: &'static Messages, f: CertificateFacts) -> impl IntoView {
    let d = t.did;
    let (class, verdict) = if f.current {
        (
            "alert alert-success verify-result verify-valid",
            d.verify_valid,
        )
    } else {
        (
            "alert alert-warning verify-result verify-superseded",
            d.verify_superseded,
        )
    };
    view! {
        <div class=class role="status" aria-live="polite">
            <p><strong>{verdict}</strong></p>
            <dl class="did-facts">
                <dt>{d.certificate_verification_code}</dt><dd class="text-monospace">{f.code.clone()}</dd>
                <dt>{d.verify_holder}</dt><dd>{f.holder.clone()}</dd>
                <dt>{d.certificate_code_fiscale}</dt><dd class="text-monospace">{f.codice_fiscale_masked.clone()}</dd>
                <dt>{d.certificate_state}</dt>
                <dd>
                    {(d.state_name)(f.state)}
                    {f.since.as_deref().map(|s| view! { " · "{d.since_label}" "{local(s)} })}
                </dd>
                {f.cpi_name.clone().map(|c| view! { <dt>{d.certificate_cpi}</dt><dd>{c}</dd> })}
                <dt>{d.verify_issued}</dt><dd>{local(&f.issued_at)}</dd>
                {(!f.current).then(|| view! {
                    <dt>{d.verify_state_now}</dt><dd>{(d.state_name)(f.state_now)}</dd>
                })}
            </dl>
        </div>
    }
}
