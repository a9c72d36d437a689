use super::not_found::NotFoundPage;
use crate::domain::service::{Audience, Service, ServiceId};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// A service of the catalogue: who it is for, what it asks, what it gives and how fast.
#[component]
pub fn ServicePage() -> impl IntoView {
    let params = use_params_map();
    move || match params.with(|p| p.get("slug").and_then(|s| ServiceId::from_slug(&s))) {
        Some(id) => view! { <ServiceDetail service=id.service() /> }.into_any(),
        None => view! { <NotFoundPage /> }.into_any(),
    }
}

#[component]
fn ServiceDetail(service: &'static Service) -> impl IntoView {
    let t = use_i18n();
    let text = (t.service)(service.id);
    let (section_href, section_label) = match service.audience {
        Audience::Citizen => ("/cittadini", t.nav_citizens),
        Audience::Business => ("/imprese", t.nav_businesses),
    };
    let timing = match service.sla_working_days {
        Some(days) => (t.service_sla)(days),
        None => t.service_immediate.to_string(),
    };
    view! {
        <Title text=text.title />
        <nav class="breadcrumb-container" aria-label=t.breadcrumb_label>
            <ol class="breadcrumb">
                <li class="breadcrumb-item"><A href="/">{t.nav_home}</A></li>
                <li class="breadcrumb-item"><A href=section_href>{section_label}</A></li>
                <li class="breadcrumb-item active" aria-current="page">{text.title}</li>
            </ol>
        </nav>
        <h1>{text.title}</h1>
        <p class="lead">{text.summary}</p>
        <dl class="service-facts">
            <dt>{t.service_for_label}</dt>
            <dd>{(t.audience)(service.audience)}</dd>
            <dt>{t.service_outcome_label}</dt>
            <dd>{(t.outcome)(service.outcome)}</dd>
        </dl>
        <h2>{t.service_needs_heading}</h2>
        <ul>{service.needs.iter().map(|n| view! { <li>{(t.data_need)(*n)}</li> }).collect_view()}</ul>
        <h2>{t.service_documents_heading}</h2>
        {if service.documents.is_empty() {
            view! { <p>{t.service_no_documents}</p> }.into_any()
        } else {
            view! {
                <ul>
                    {service.documents.iter().map(|d| view! { <li>{(t.document_need)(*d)}</li> }).collect_view()}
                </ul>
            }
                .into_any()
        }}
        <h2>{t.service_timing_heading}</h2>
        <p>{timing}</p>
        {service.age.map(|a| view! { <p>{(t.service_age_limit)(a.min, a.max)}</p> })}
        <p>
            {if service.mandate_allowed { t.service_mandate_allowed } else { t.service_mandate_not_allowed }}
        </p>
        <div class="callout-box" role="note">
            <p>{t.service_not_yet_online}</p>
        </div>
    }
}
