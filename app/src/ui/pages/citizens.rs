use super::service_list::ServiceList;
use crate::domain::service::Audience;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CitizensPage() -> impl IntoView {
    let t = use_i18n();
    view! {
        <Title text=t.citizens_title />
        <h1>{t.citizens_title}</h1>
        <p class="lead">{t.home_citizens_intro}</p>
        <ServiceList audience=Audience::Citizen />
    }
}
