use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;

/// Precached by the service worker and shown when a navigation fails for lack of network.
#[component]
pub fn OfflinePage() -> impl IntoView {
    let t = use_i18n();
    view! {
        <Title text=t.offline_title />
        <h1>{t.offline_title}</h1>
        <p>{t.offline_body}</p>
        <p><a class="btn btn-primary" href="/">{t.offline_retry}</a></p>
    }
}
