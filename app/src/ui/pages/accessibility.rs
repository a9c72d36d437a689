use super::text_page::TextPage;
use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let t = use_i18n();
    view! { <TextPage title=t.accessibility_title paragraphs=t.accessibility_body /> }
}
