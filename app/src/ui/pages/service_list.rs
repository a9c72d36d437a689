use crate::domain::service::{services_for, Audience};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::A;

/// The catalogue's services for one audience, as a list of cards linking to each service.
#[component]
pub fn ServiceList(audience: Audience) -> impl IntoView {
    let t = use_i18n();
    view! {
        <ul class="service-list">
            {services_for(audience)
                .map(|s| {
                    let text = (t.service)(s.id);
                    view! {
                        <li class="card service-card">
                            <div class="card-body">
                                <h3 class="card-title h5">
                                    <A href=format!("/servizi/{}", s.id.slug())>{text.title}</A>
                                </h3>
                                <p class="card-text">{text.summary}</p>
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
