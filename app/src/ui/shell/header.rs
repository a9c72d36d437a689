use super::language_switch::LanguageSwitch;
use super::session_bar::{session_resource, DemoBanner, SessionBar};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    let t = use_i18n();
    let info = session_resource();
    view! {
        <a class="skip-link" href="#main-content">{t.skip_to_content}</a>
        <DemoBanner info />
        <header class="it-header-wrapper site-header">
            <div class="it-header-slim-wrapper">
                <div class="container slim-bar">
                    <span class="it-header-slim-wrapper-content region-name">{t.region_name}</span>
                    <div class="slim-actions">
                        <LanguageSwitch />
                        <SessionBar info />
                    </div>
                </div>
            </div>
            <div class="it-header-center-wrapper">
                <div class="container">
                    <div class="it-brand-wrapper">
                        <A href="/" attr:class="brand">
                            <span class="it-brand-title">{t.site_name}</span>
                            <span class="it-brand-tagline">{t.site_tagline}</span>
                        </A>
                    </div>
                </div>
            </div>
            <div class="it-header-navbar-wrapper">
                <div class="container">
                    <nav class="main-nav" aria-label=t.main_nav_label>
                        <ul>
                            <li><A href="/" exact=true>{t.nav_home}</A></li>
                            <li><A href="/cittadini">{t.nav_citizens}</A></li>
                            <li><A href="/imprese">{t.nav_businesses}</A></li>
                            <li><A href="/offerte">{t.review.nav_jobs}</A></li>
                            <li><A href="/cpi">{t.nav_cpi}</A></li>
                        </ul>
                    </nav>
                </div>
            </div>
        </header>
    }
}
