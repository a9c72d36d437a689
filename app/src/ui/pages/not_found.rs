use crate::i18n::use_i18n;
use crate::ui::response::set_status;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let t = use_i18n();
    set_status(http::StatusCode::NOT_FOUND);
    view! {
        <Title text=t.not_found_title />
        <h1>{t.not_found_title}</h1>
        <p>{t.not_found_body}</p>
        <p><A href="/">{t.back_home}</A></p>
    }
}
