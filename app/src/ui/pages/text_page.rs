use leptos::prelude::*;
use leptos_meta::Title;

/// A page of plain paragraphs (legal texts).
#[component]
pub fn TextPage(title: &'static str, paragraphs: &'static [&'static str]) -> impl IntoView {
    view! {
        <Title text=title />
        <h1>{title}</h1>
        {paragraphs.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
    }
}
