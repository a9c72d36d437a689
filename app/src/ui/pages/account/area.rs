//! `/area-personale`: who you are here and where to go next.

use super::{personal, refusal};
use crate::api::admin::ADMIN_USERS_PAGE;
use crate::api::counter::{COUNTER_PAGE, MY_REQUESTS_PAGE};
use crate::api::operator::CONSOLE_PAGE;
use crate::api::session::{session_info, RoleKind};
use crate::error::AppError;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AreaPage() -> impl IntoView {
    let t = use_i18n();
    let a = t.account;
    personal();
    let info = Resource::new(|| (), |_| session_info());
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                let user = match info.await {
                    Ok(view) => view.user.ok_or(AppError::Unauthenticated),
                    Err(e) => Err(e),
                };
                match user {
                    Err(error) => refusal(t, error),
                    Ok(user) => {
                        let mut links = Vec::new();
                        if user.has(RoleKind::Citizen) {
                            links.push((COUNTER_PAGE, t.counter.title));
                            links.push((MY_REQUESTS_PAGE, t.counter.my_requests_link));
                            links.push(("/area-personale/appuntamenti", t.appointments.link_appointments));
                            links.push((crate::domain::profile::PROFILE_PAGE, t.profile.link));
                        }
                        links.push(("/area-personale/notifiche", t.appointments.link_notifications));
                        if user.has(RoleKind::Operator) || user.has(RoleKind::Supervisor) {
                            links.push((CONSOLE_PAGE, t.counter.console_title));
                            links.push(("/operatore/agenda", t.appointments.operator_title));
                        }
                        if user.has(RoleKind::Citizen) {
                            links.push(("/area-personale/deleghe", a.link_mandates));
                            links.push(("/area-personale/accessi", a.link_access_log));
                            links.push(("/area-personale/dati", a.link_my_data));
                            links.push((crate::api::pacts::CITIZEN_PATH, t.pact.link));
                            links.push((crate::api::did::DID_PAGE, t.did.area_link));
                            links.push((crate::api::my_applications::PAGE_PATH, t.my_applications.link));
                        }
                        if user.has(RoleKind::CompanyAdmin) || user.has(RoleKind::CompanyRecruiter) {
                            links.push(("/impresa", t.company.link_company));
                        } else if user.has(RoleKind::Citizen) {
                            links.push(("/impresa", t.company.link_claim));
                        }
                        if user.has(RoleKind::Auditor) || user.has(RoleKind::Supervisor) {
                            links.push(("/registro-accessi", a.link_audit_log));
                        }
                        if user.has(RoleKind::Intermediary) {
                            links.push(("/intermediario", a.link_clients));
                        }
                        if user.has(RoleKind::Admin) {
                            links.push((ADMIN_USERS_PAGE, t.admin.link_users));
                            links.push(("/amministrazione/agenda", t.appointments.admin_title));
                        }
                        view! {
                            <Title text=a.personal_area_title />
                            <h1>{a.personal_area_title}</h1>
                            <p class="lead">{(a.welcome)(&user.display_name)}</p>
                            <h2 class="h4">{a.your_roles}</h2>
                            <ul class="role-list">
                                {user
                                    .roles
                                    .iter()
                                    .map(|r| view! { <li>{(a.role)(*r)}</li> })
                                    .collect_view()}
                            </ul>
                            <ul class="link-list area-links">
                                {links
                                    .into_iter()
                                    .map(|(href, text)| view! { <li><a href=href>{text}</a></li> })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
