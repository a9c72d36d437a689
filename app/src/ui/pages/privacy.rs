use super::text_page::TextPage;
use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let t = use_i18n();
    view! { <TextPage title=t.privacy_title paragraphs=t.privacy_body /> }
}
