use super::service_list::ServiceList;
use crate::domain::service::Audience;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_i18n();
    view! {
        <Title text=t.site_name />
        <section class="hero" aria-labelledby="home-title">
            <h1 id="home-title">{t.home_title}</h1>
            <p class="lead">{t.home_intro}</p>
        </section>
        <section class="home-section" aria-labelledby="citizens-heading">
            <h2 id="citizens-heading">{t.home_citizens_heading}</h2>
            <p>{t.home_citizens_intro}</p>
            <ServiceList audience=Audience::Citizen />
        </section>
        <section class="home-section" aria-labelledby="businesses-heading">
            <h2 id="businesses-heading">{t.home_businesses_heading}</h2>
            <p>{t.home_businesses_intro}</p>
            <ServiceList audience=Audience::Business />
        </section>
        <section class="home-section callout-box" aria-labelledby="help-heading">
            <h2 id="help-heading">{t.home_cpi_heading}</h2>
            <p>{t.home_cpi_intro}</p>
            <p><A href="/cpi">{t.home_cpi_link}</A></p>
        </section>
    }
}
