//! `/sportello`: the counter's services, each with a "start" form carrying a fresh idempotency key.

use crate::api::counter::{StartRequest, MY_REQUESTS_PAGE};
use crate::domain::wizard::counter_services;
use crate::i18n::use_i18n;
use crate::ui::pages::account::{form_error_view, personal};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn CounterPage() -> impl IntoView {
    let t = use_i18n();
    let c = t.counter;
    personal();
    // One key per rendering of the page: pressing "start" twice opens one draft. Made on the
    // server and carried to the browser with the page, so hydration sees the same value.
    let keys = Resource::new(
        || (),
        |_| async move {
            counter_services()
                .map(|_| uuid::Uuid::new_v4().simple().to_string())
                .collect::<Vec<_>>()
        },
    );
    view! {
        <Title text=c.title />
        <h1>{c.title}</h1>
        <p class="lead">{c.intro}</p>
        {form_error_view(t)}
        <p><a href=MY_REQUESTS_PAGE>{c.my_requests_link}</a></p>
        <h2>{c.services_heading}</h2>
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                let keys = keys.await;
                view! {
                    <ul class="counter-services">
                        {counter_services()
                            .zip(keys)
                            .map(|(service, key)| {
                                let text = (t.service)(service.id);
                                view! {
                                    <li class="counter-service">
                                        <h3>{text.title}</h3>
                                        <p>{text.summary}</p>
                                        <form method="post" action=StartRequest::PATH>
                                            <input type="hidden" name="service" value=service.id.slug() />
                                            <input type="hidden" name="key" value=key />
                                            <button type="submit" class="btn btn-primary"
                                                aria-label=(c.start_named)(text.title)>
                                                {c.start}
                                            </button>
                                        </form>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
        </Suspense>
    }
}
