//! The demo banner and the user's corner of the header: "Log in", or the user's name with a link to
//! their area and a logout button (a plain form post, so it works without JavaScript).

use crate::api::session::{session_info, SessionView};
use crate::error::AppError;
use crate::i18n::use_i18n;
use leptos::prelude::*;

pub type SessionResource = Resource<Result<SessionView, AppError>>;

/// The session, loaded once per page for the banner and the corner. Blocking: the header is in the
/// first bytes, and without JavaScript nothing would fill it in later.
pub fn session_resource() -> SessionResource {
    Resource::new_blocking(|| (), |_| session_info())
}

async fn view_of(info: SessionResource) -> SessionView {
    info.await.unwrap_or(SessionView {
        demo: false,
        user: None,
    })
}

#[component]
pub fn DemoBanner(info: SessionResource) -> impl IntoView {
    let t = use_i18n().account;
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                view_of(info)
                    .await
                    .demo
                    .then(|| view! { <p class="demo-banner" role="note">{t.demo_banner}</p> })
            })}
        </Suspense>
    }
}

#[component]
pub fn SessionBar(info: SessionResource) -> impl IntoView {
    let t = use_i18n().account;
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match view_of(info).await.user {
                    Some(user) => {
                        let acting = user.acting_for.map(|name| {
                            view! { <span class="acting-for">{(t.acting_for)(&name)}</span> }
                        });
                        view! {
                            <div class="user-corner" role="group" aria-label=t.user_menu_label>
                                <a href="/area-personale" id="user-name">{user.display_name}</a>
                                {(user.unread_notifications > 0).then(|| {
                                    let text = (use_i18n().appointments.unread_badge)(user.unread_notifications);
                                    view! { <a href="/area-personale/notifiche" class="notifications-link">{text}</a> }
                                })}
                                {acting}
                                <form method="post" action="/auth/logout" class="logout-form">
                                    <button type="submit" class="btn btn-sm btn-outline-light">
                                        {t.log_out}
                                    </button>
                                </form>
                            </div>
                        }
                            .into_any()
                    }
                    None => view! {
                        <a class="btn btn-sm btn-outline-light login-link" href="/accesso">
                            {t.log_in}
                        </a>
                    }
                        .into_any(),
                }
            })}
        </Suspense>
    }
}
