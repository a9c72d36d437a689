//! `/area-personale/notifiche`: the user's notifications, newest first, translated from their
//! kind and facts; "mark all read".

use super::{outcome_view, problem_view};
use crate::api::notifications::{my_notifications, MarkNotificationsRead, NotificationView};
use crate::domain::appointment::local_date_time;
use crate::domain::session_policy::Timestamp;
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{personal, refusal};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let t = use_i18n();
    let a = t.appointments;
    personal();
    let list = Resource::new(|| (), |_| my_notifications());
    view! {
        <Title text=a.notifications_title />
        <h1>{a.notifications_title}</h1>
        {outcome_view(t)}
        {problem_view(t)}
        <p class="lead">{a.notifications_intro}</p>
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => refusal(t, error),
                    Ok(items) => items_view(t, items),
                }
            })}
        </Suspense>
    }
}

fn items_view(t: &'static Messages, items: Vec<NotificationView>) -> AnyView {
    let a = t.appointments;
    if items.is_empty() {
        return view! { <p>{a.notifications_none}</p> }.into_any();
    }
    let any_unread = items.iter().any(|n| !n.read);
    view! {
        {any_unread
            .then(|| {
                view! {
                    <form method="post" action=MarkNotificationsRead::PATH class="mb-3">
                        <button type="submit" class="btn btn-outline-primary">{a.mark_all_read}</button>
                    </form>
                }
            })}
        <ul class="notification-list">
            {items
                .into_iter()
                .map(|n| {
                    let text = (a.notification)(&n.kind, &n.params);
                    let when = Timestamp::parse_iso(&n.created_at)
                        .map(local_date_time)
                        .unwrap_or_default();
                    let badge = (!n.read)
                        .then(|| view! { <span class="badge bg-primary notification-unread">{a.unread}</span>" " });
                    // Only app paths: a stored link never leads off-site.
                    let link = if n.link.starts_with('/') && !n.link.starts_with("//") {
                        n.link.clone()
                    } else {
                        "/area-personale".to_string()
                    };
                    view! {
                        <li class="notification-item" class:notification-read=n.read>
                            {badge}
                            <a href=link>{text}</a>
                            " "
                            <span class="notification-when">{when}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
