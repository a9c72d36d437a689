use super::locale::page_locale;
use super::pages::account::{
    access_log::AccessLogPage, admin_users::AdminUsersPage, area::AreaPage,
    audit_log::AuditLogPage, clients::ClientPage, clients::ClientsPage, login::LoginPage,
    mandates::MandatesPage, my_data::MyDataPage,
};
use super::pages::appointments::{
    admin::AgendaAdminPage, citizen::AppointmentsPage, notifications::NotificationsPage,
    operator::OperatorAgendaPage,
};
use super::pages::business::{
    applicants::ApplicantsPage, profile::CompanyProfilePage, vacancies::VacanciesPage,
    vacancy::CompanyVacancyPage, vacancy_wizard::VacancyWizardPage,
};
use super::pages::citizen::applications::MyApplicationsPage;
use super::pages::citizen::did::DidOverviewPage;
use super::pages::citizen::did_wizard::DidStepPage;
use super::pages::citizen::for_me::ForMePage;
use super::pages::citizen::pact::PactPage;
use super::pages::citizen::profile::ProfilePage;
use super::pages::citizen::profile_section::ProfileSectionPage;
use super::pages::citizen::saved_searches::SavedSearchesPage;
use super::pages::citizen::verify::VerifyCertificatePage;
use super::pages::company::{members::MembersPage, overview::CompanyPage};
use super::pages::counter::{
    home::CounterPage, mine::MyRequestsPage, ticket::TicketPage, wizard::WizardPage,
};
use super::pages::jobs::{detail::JobPage, search::JobSearchPage};
use super::pages::operator::candidates::CandidatesPage;
use super::pages::operator::did::OperatorDidPage;
use super::pages::operator::pact::OperatorPactPage;
use super::pages::operator::pacts::PactCaseloadPage;
use super::pages::operator::{
    case::CasePage, console::ConsolePage, vacancies::ReviewQueuePage, vacancy_review::ReviewPage,
};
use super::pages::{
    accessibility::AccessibilityPage, businesses::BusinessesPage, citizens::CitizensPage,
    cpi::CpiPage, home::HomePage, not_found::NotFoundPage, occupations::OccupationsPage,
    offline::OfflinePage, privacy::PrivacyPage, service::ServicePage,
};
use super::shell::{footer::Footer, header::Header};
use crate::i18n::Locale;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// File names of the hashed assets, known to the server from cargo-leptos' hash file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellAssets {
    pub css_href: String,
}

/// Registers the service worker. Inline so it carries the CSP nonce; it is the only inline script we write.
const SW_REGISTER: &str =
    "if('serviceWorker' in navigator){addEventListener('load',function(){navigator.serviceWorker.register('/sw.js')})}";

/// The HTML document around the app (server only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = page_locale();
    let css_href = use_context::<ShellAssets>()
        .map(|a| a.css_href)
        .unwrap_or_default();
    let nonce = leptos::nonce::use_nonce();
    view! {
        <!DOCTYPE html>
        <html lang=locale.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0066cc" />
                <meta name="description" content=locale.messages().site_tagline />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="icon" href="/icons/favicon.svg" type="image/svg+xml" />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                <link rel="stylesheet" href=css_href />
                <HydrationScripts options />
                <script nonce=nonce>{SW_REGISTER}</script>
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The `<title>` text as it goes into the page. leptos_meta 0.8 writes the server-rendered title
/// into the HTML as it is, so a title carrying someone's words (a vacancy, a company name) could
/// close the element and inject markup: escape it on the server. In the browser the text is set
/// through `document.title`, which takes it literally.
fn title_text(text: String) -> String {
    if cfg!(target_arch = "wasm32") {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The application: shell chrome and the router.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale: Locale = page_locale();
    provide_context(locale);
    // Marks the page as hydrated: tests wait for it, and it tells interactive widgets they may enable.
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Title formatter=title_text />
        <Router>
            <Header />
            <main id="main-content" tabindex="-1" class="container my-4 main-content">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("") view=HomePage />
                    <Route path=path!("cittadini") view=CitizensPage />
                    <Route path=path!("imprese") view=BusinessesPage />
                    <Route path=path!("servizi/:slug") view=ServicePage />
                    <Route path=path!("cpi") view=CpiPage ssr=SsrMode::Async />
                    <Route path=path!("professioni") view=OccupationsPage ssr=SsrMode::Async />
                    <Route path=path!("accesso") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("area-personale") view=AreaPage ssr=SsrMode::Async />
                    <Route path=path!("area-personale/deleghe") view=MandatesPage ssr=SsrMode::Async />
                    <Route path=path!("area-personale/accessi") view=AccessLogPage ssr=SsrMode::Async />
                    <Route path=path!("area-personale/dati") view=MyDataPage ssr=SsrMode::Async />
                    <Route path=path!("impresa") view=CompanyPage ssr=SsrMode::Async />
                    <Route path=path!("impresa/membri") view=MembersPage ssr=SsrMode::Async />
                    <Route path=path!("impresa/profilo") view=CompanyProfilePage ssr=SsrMode::Async />
                    <Route path=path!("impresa/offerte") view=VacanciesPage ssr=SsrMode::Async />
                    <Route path=path!("impresa/offerte/bozze/:id/:step") view=VacancyWizardPage ssr=SsrMode::Async />
                    <Route path=path!("impresa/offerte/:id") view=CompanyVacancyPage ssr=SsrMode::Async />
                    <Route path=path!("impresa/offerte/:id/candidati") view=ApplicantsPage ssr=SsrMode::Async />
                    <Route path=path!("operatore/offerte") view=ReviewQueuePage ssr=SsrMode::Async />
                    <Route path=path!("operatore/offerte/:id") view=ReviewPage ssr=SsrMode::Async />
                    <Route path=path!("offerte") view=JobSearchPage ssr=SsrMode::Async />
                    <Route path=path!("offerte/:id") view=JobPage ssr=SsrMode::Async />
                    <Route path=path!("intermediario") view=ClientsPage ssr=SsrMode::Async />
                    <Route path=path!("registro-accessi") view=AuditLogPage ssr=SsrMode::Async />
                    <Route path=path!("amministrazione/utenti") view=AdminUsersPage ssr=SsrMode::Async />
                    <Route path=path!("intermediario/cliente") view=ClientPage ssr=SsrMode::Async />
                    <Route path=path!("sportello") view=CounterPage ssr=SsrMode::Async />
                    <Route path=path!("sportello/pratiche") view=MyRequestsPage ssr=SsrMode::Async />
                    <Route path=path!("sportello/pratiche/:id") view=TicketPage ssr=SsrMode::Async />
                    <Route path=path!("sportello/richieste/:id/:step") view=WizardPage ssr=SsrMode::Async />
                    <Route path=path!("operatore") view=ConsolePage ssr=SsrMode::Async />
                    <Route path=path!("operatore/persone/:id") view=CasePage ssr=SsrMode::Async />
                    <Route path=path!("operatore/persone/:id/patto") view=OperatorPactPage ssr=SsrMode::Async />
                    <Route path=path!("operatore/patti") view=PactCaseloadPage ssr=SsrMode::Async />
                    <Route path=path!("area-personale/patto") view=PactPage ssr=SsrMode::Async />
                    <Route path=path!("area-personale/did") view=DidOverviewPage ssr=SsrMode::Async />
                    <Route path=path!("area-personale/did/:step") view=DidStepPage ssr=SsrMode::Async />
                    <Route path=path!("operatore/persone/:id/did") view=OperatorDidPage ssr=SsrMode::Async />
                    <Route path=path!("verifica-certificato") view=VerifyCertificatePage ssr=SsrMode::Async />
                    <Route path=path!("area-personale/candidature") view=MyApplicationsPage ssr=SsrMode::Async />
                    <Route path=path!("area-personale/appuntamenti") view=AppointmentsPage ssr=SsrMode::Async />
                    <Route path=path!("area-personale/notifiche") view=NotificationsPage ssr=SsrMode::Async />
                    <Route path=path!("area-personale/ricerche") view=SavedSearchesPage ssr=SsrMode::Async />
                    <Route path=path!("area-personale/offerte-per-me") view=ForMePage ssr=SsrMode::Async />
                    <Route path=path!("operatore/offerte/:id/abbinamenti") view=CandidatesPage ssr=SsrMode::Async />
                    <Route path=path!("area-personale/profilo") view=ProfilePage ssr=SsrMode::Async />
                    <Route path=path!("area-personale/profilo/:section") view=ProfileSectionPage ssr=SsrMode::Async />
                    <Route path=path!("amministrazione/agenda") view=AgendaAdminPage ssr=SsrMode::Async />
                    <Route path=path!("operatore/agenda") view=OperatorAgendaPage ssr=SsrMode::Async />
                    <Route path=path!("accessibilita") view=AccessibilityPage />
                    <Route path=path!("privacy") view=PrivacyPage />
                    <Route path=path!("offline") view=OfflinePage />
                </Routes>
            </main>
            <Footer />
        </Router>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn titles_cannot_close_their_element() {
        assert_eq!(
            super::title_text("</title><script>x()</script> & \"co\"".into()),
            "&lt;/title&gt;&lt;script&gt;x()&lt;/script&gt; &amp; &quot;co&quot;"
        );
        assert_eq!(
            super::title_text("Cameriere/a — Perugia".into()),
            "Cameriere/a — Perugia"
        );
    }
}
