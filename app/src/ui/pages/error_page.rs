use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::ui::response::set_status;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// What a user sees when a page fails: a translated message and, for internal errors, the reference
/// that is also in the server log.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let t = use_i18n();
    set_status(error.status());
    let reference = error.reference().map(|r| r.to_string());
    view! {
        <Title text=t.error_title />
        <div class="error-page" role="alert">
            <h2>{t.error_title}</h2>
            <p>{error.message(t)}</p>
            {reference
                .map(|r| {
                    view! {
                        <p>
                            {t.error_reference_label}": "<strong class="error-reference">{r}</strong>
                        </p>
                        <p>{t.error_reference_hint}</p>
                    }
                })}
            <p><A href="/">{t.back_home}</A></p>
        </div>
    }
}
