use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Footer() -> impl IntoView {
    let t = use_i18n();
    view! {
        <footer class="it-footer site-footer">
            <div class="it-footer-main">
                <div class="container py-4">
                    <p class="footer-brand">{t.site_name}" · "{t.region_name}</p>
                    <p>{t.footer_about}</p>
                    <nav aria-label=t.footer_links_label>
                        <ul class="footer-links">
                            <li><A href="/professioni">{t.footer_occupations}</A></li>
                            <li><A href="/accessibilita">{t.footer_accessibility}</A></li>
                            <li><A href="/privacy">{t.footer_privacy}</A></li>
                        </ul>
                    </nav>
                </div>
            </div>
        </footer>
    }
}
