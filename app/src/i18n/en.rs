use super::{Messages, ServiceText};
use crate::domain::service::{Audience, DataNeed, DocumentNeed, Outcome, ServiceId};

fn service(id: ServiceId) -> ServiceText {
    let (title, summary) = match id {
        ServiceId::DidOnline => (
            "Declaration of immediate availability (DID)",
            "Declare online that you are unemployed and available for work: the first step to receive the job centre's services.",
        ),
        ServiceId::Profile => (
            "My profile and CV",
            "Fill in your professional record once: education, experience, skills and availability.",
        ),
        ServiceId::ServicePact => (
            "Personal service pact",
            "Agree a plan of goals and actions with your advisor, and follow it step by step.",
        ),
        ServiceId::Appointment => (
            "Book an appointment",
            "Choose the day and time to talk to the job centre: in person, by phone or by video.",
        ),
        ServiceId::EmploymentStatusCertificate => (
            "Employment status certificate",
            "Download your employment status certificate at once; anyone can verify it with a code.",
        ),
        ServiceId::GaranziaGiovani => (
            "Youth Guarantee (Garanzia Giovani)",
            "Enrol in the programme for people aged 15 to 29 not in education or work: guidance, training, internships.",
        ),
        ServiceId::CollocamentoMirato => (
            "Targeted placement (Law 68/99)",
            "Register on the employment lists for people with disabilities. Health data stays confidential.",
        ),
        ServiceId::OrientationTraining => (
            "Guidance and training",
            "Ask for a career guidance interview or for information on funded training courses.",
        ),
        ServiceId::JobSearch => (
            "Find a job",
            "Search the region's job offers, apply, and get alerts for new ones.",
        ),
        ServiceId::WriteToCpi => (
            "Write to the job centre",
            "Ask a question or send a request to your job centre and follow the answer online.",
        ),
        ServiceId::CompanyProfile => (
            "Company profile and users",
            "Register your company and manage the people who may act on its behalf.",
        ),
        ServiceId::Vacancy => (
            "Job vacancy",
            "Describe the person you need in a guided form that saves every step and checks the wording before you submit.",
        ),
        ServiceId::Preselection => (
            "Preselection request",
            "Ask the job centre to shortlist candidates for you.",
        ),
        ServiceId::Internship => (
            "Internship activation",
            "Ask to activate an internship (tirocinio extracurricolare) with its training project.",
        ),
        ServiceId::Law68Obligations => (
            "Law 68/99 obligations",
            "Find out how many people with disabilities your company must employ and how to comply.",
        ),
        ServiceId::ApplicantPipeline => (
            "Applicants and outcomes",
            "Follow the candidates for your vacancies and record the outcome of each interview.",
        ),
    };
    ServiceText { title, summary }
}

fn audience(a: Audience) -> &'static str {
    match a {
        Audience::Citizen => "Citizens",
        Audience::Business => "Businesses",
    }
}

fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Ticket => "A request handled by a job centre advisor",
        Outcome::Did => "Your declaration of immediate availability",
        Outcome::Profile => "Your professional record",
        Outcome::Pact => "Your service pact",
        Outcome::Appointment => "A confirmed appointment",
        Outcome::Certificate => "A PDF certificate",
        Outcome::Application => "Your applications and saved searches",
        Outcome::Vacancy => "A published vacancy or a preselection",
        Outcome::Company => "Your company's workspace",
        Outcome::Information => "Information only: no request is created",
    }
}

fn data_need(d: DataNeed) -> &'static str {
    match d {
        DataNeed::Identity => "Personal details (from your SPID or CIE login)",
        DataNeed::Residence => "Residence and domicile",
        DataNeed::Contacts => "Contact details",
        DataNeed::EmploymentStatus => "Current work situation",
        DataNeed::EducationAndTraining => "Education and training",
        DataNeed::WorkExperience => "Work experience",
        DataNeed::Skills => "Skills and languages",
        DataNeed::Availability => "Availability (hours, contracts, distance)",
        DataNeed::DisabilityStatus => "Disability status (confidential data)",
        DataNeed::CompanyData => "Company details",
        DataNeed::VacancyDetails => "Job description and requirements",
        DataNeed::InternshipDetails => "Internship and tutor details",
        DataNeed::AppointmentSlot => "Choice of appointment",
        DataNeed::FreeTextMessage => "Your message",
    }
}

fn document_need(d: DocumentNeed) -> &'static str {
    match d {
        DocumentNeed::IdentityDocument => "Identity document",
        DocumentNeed::ResidencePermit => "Residence permit (for non-EU citizens)",
        DocumentNeed::DisabilityCertificate => "Disability assessment report",
        DocumentNeed::Cv => "CV (optional)",
        DocumentNeed::TrainingProject => "Signed training project",
    }
}

// ---- Identifier validators ----

fn month_name(month: u8) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    usize::from(month)
        .checked_sub(1)
        .and_then(|i| NAMES.get(i))
        .copied()
        .unwrap_or("?")
}

pub static EN: Messages = Messages {
    account: &super::account::EN,
    company: &super::company::EN,
    admin: &super::admin::EN,
    counter: &super::counter::EN,
    appointments: &super::appointments::EN,
    documents: &super::documents::EN,
    vacancy_form: &super::vacancy_form::EN,
    vacancies: &super::vacancies::EN,
    review: &super::review::EN,
    applicants: &super::applicants::EN,
    search: &super::search::EN,
    matching: &super::matching::EN,
    pact: &super::pact::EN,
    my_applications: &super::my_applications::EN,
    profile: &super::profile::EN,
    did: &super::did::EN,
    site_name: "Sportello Lavoro",
    region_name: "Umbria Region",
    site_tagline: "The online desk of the public job centres",
    skip_to_content: "Skip to main content",
    main_nav_label: "Main menu",
    nav_home: "Home",
    nav_citizens: "Citizens",
    nav_businesses: "Businesses",
    nav_cpi: "Job centres",
    language_switch_label: "Language",
    language_switch_submit: "Change language",
    footer_about: "Sportello Lavoro is the online service of the public job centres of the Umbria Region.",
    footer_links_label: "Legal information",
    footer_accessibility: "Accessibility statement",
    footer_privacy: "Privacy notice",

    home_title: "Every employment service, online",
    home_intro: "Declare your availability, look for work, book an appointment or find staff without queuing: the desk is open at any hour, from your phone too.",
    home_citizens_heading: "For citizens",
    home_citizens_intro: "Services for people looking for work or for a change.",
    home_businesses_heading: "For businesses",
    home_businesses_intro: "Services for employers and labour consultants.",
    home_cpi_heading: "Need help?",
    home_cpi_intro: "Job centre advisors answer you online and, when needed, see you by appointment.",
    home_cpi_link: "Find your job centre",

    citizens_title: "Services for citizens",
    businesses_title: "Services for businesses",

    service,
    audience,
    outcome,
    data_need,
    document_need,
    service_for_label: "Who it is for",
    service_outcome_label: "What you get",
    service_needs_heading: "What we will ask you",
    service_documents_heading: "Documents to attach",
    service_no_documents: "No documents to attach.",
    service_timing_heading: "Timing",
    service_sla: |days| format!("The job centre answers within {days} working days."),
    service_immediate: "The result is immediate.",
    service_age_limit: |min, max| format!("Only for people aged {min} to {max}."),
    service_mandate_allowed: "A patronato or your town hall's desk can help you under a mandate.",
    service_mandate_not_allowed: "This service is used in person only, without a mandate.",
    service_not_yet_online: "The online form for this service is coming soon. Meanwhile, your job centre can help you.",
    breadcrumb_label: "Breadcrumb",

    cpi_title: "The job centres",
    cpi_intro: "The region's five public job centres and how to reach them.",
    cpi_address: "Address",
    cpi_phone: "Phone",
    cpi_email: "Email",
    cpi_none: "No job centre is registered.",
    loading: "Loading…",

    not_found_title: "Page not found",
    not_found_body: "The page you are looking for does not exist or has moved.",
    back_home: "Back to the home page",
    error_title: "Something went wrong",
    error_reference_label: "Reference",
    error_reference_hint: "If you contact support, quote this reference: it helps us find the problem.",
    error_unauthenticated: "Please log in to continue.",
    error_forbidden: "You are not allowed to do this.",
    error_not_found: "We could not find what you are looking for.",
    error_validation: "Some details are not right: check the fields marked.",
    error_conflict: "The data changed in the meantime: reload the page and try again.",
    error_rate_limited: "Too many requests in a short time: wait a moment and try again.",
    error_unavailable: "The service is temporarily unavailable: try again shortly.",
    error_internal: "Something went wrong on our side. Nothing was lost: try again shortly.",
    error_transport: "We cannot reach the server: check your connection and try again.",
    error_bad_request: "The request is not valid.",
    field_required: "This field is required.",
    field_invalid: "This value is not valid.",
    field_too_long: |max| format!("At most {max} characters."),

    offline_title: "You are offline",
    offline_body: "There is no internet connection. Pages you already visited stay available; when you are back online you can carry on where you left off.",
    offline_retry: "Try again",

    accessibility_title: "Accessibility statement",
    accessibility_body: &[
        "The Umbria Region is committed to making Sportello Lavoro accessible, in accordance with Italian Law no. 4 of 9 January 2004 and AgID's accessibility guidelines, which adopt standard EN 301 549 and WCAG 2.1 level AA.",
        "Compliance status: the service is partially compliant. Every page is checked automatically with accessibility testing tools on every change, on phone and desktop, with and without JavaScript; the main functions can be used entirely by keyboard and with screen readers.",
        "Non-accessible content: services still being built are described but cannot be filled in online yet; in that case your job centre can help you.",
        "Feedback: if you meet a barrier, write to your job centre naming the page and the problem. If the answer does not satisfy you, you may turn to AgID's Digital Ombudsman (Difensore civico per il digitale).",
    ],
    privacy_title: "Privacy notice",
    privacy_body: &[
        "The data controller is the Umbria Region, which runs the job centres. Data are processed under Regulation (EU) 2016/679 (GDPR) and Italian Legislative Decree 196/2003.",
        "Purpose and legal basis: providing the employment services set by Legislative Decree 150/2015 (a task carried out in the public interest, art. 6.1.e GDPR). Disability data are processed only for targeted placement (Law 68/99, art. 9.2.b and 9.2.g GDPR), kept apart and visible only to the staff in charge.",
        "Your profile is not visible to employers until you decide so. Every access to your data by staff and intermediaries is recorded.",
        "Cookies: we use only technical cookies (session and chosen language), with no profiling and no third-party services.",
        "Your rights: you may ask for access, rectification, restriction and objection by writing to your job centre or to the Region's Data Protection Officer, and lodge a complaint with the Italian Data Protection Authority (Garante).",
    ],

    // ---- Identifier validators (codice fiscale, partita IVA) ----
    cf_empty: "Enter the tax code (codice fiscale).",
    cf_wrong_length: |n| format!("A tax code has 16 characters: you entered {n}."),
    cf_expected_letter: |position, found| format!("Position {position} must be a letter, not “{}”.", found.escape_debug()),
    cf_expected_digit: |position, found| format!("Position {position} must be a digit (or one of the letters L M N P Q R S T U V that replace digits), not “{}”.", found.escape_debug()),
    cf_invalid_month: |found| format!("Position 9 must be the month letter (A B C D E H L M P R S T), not “{}”.", found.escape_debug()),
    cf_invalid_day: |day| format!("The birth day “{day:02}” is not valid: it goes from 01 to 31, or 41 to 71 for women."),
    cf_non_existent_date: |day, month| format!("{day} {} does not exist: check the day and the month letter.", month_name(month)),
    cf_not_leap_year: |year| format!("29 February exists neither in 19{year:02} nor in 20{year:02}."),
    cf_omocodia_out_of_order: |letter_at, digit_at| format!("Position {letter_at} has a letter in place of a digit, but position {digit_at} still has a digit: digits are always replaced starting from the right."),
    cf_wrong_check_character: |expected, found| format!("The last character should be “{expected}”, not “{found}”: check that you copied the code correctly."),
    cf_mismatch_surname: "The surname does not match the tax code.",
    cf_mismatch_name: "The first name does not match the tax code.",
    cf_mismatch_birth_date: "The date of birth does not match the tax code.",
    cf_mismatch_sex: "The sex does not match the tax code.",
    cf_mismatch_birth_place: "The place of birth does not match the tax code.",
    tax_code_wrong_length: |n| format!("A tax code has 16 characters, or 11 digits for companies and organisations: you entered {n}."),
    piva_empty: "Enter the number.",
    piva_wrong_length: |n| format!("The number has 11 digits: you entered {n} characters."),
    piva_not_a_digit: |position, found| format!("Position {position} must be a digit, not “{}”.", found.escape_debug()),
    piva_all_zero_serial: "The first 7 digits cannot all be zero.",
    piva_invalid_office: |code| format!("Digits 8 to 10 ({code:03}) are not the code of a tax office."),
    piva_wrong_check_digit: |expected, found| format!("The last digit should be {expected}, not {found}: check that you copied the number correctly."),

    // ---- Comune picker and CPI finder ----
    combobox_count: |n| if n == 1 { "1 result available".to_string() } else { format!("{n} results available") },
    combobox_no_results: "No results",
    cpi_finder_label: "Find your job centre",
    cpi_finder_input_label: "Find your job centre: type your municipality (comune)",
    cpi_finder_hint: "Type at least 2 letters, for example “Foligno”.",
    cpi_finder_submit: "Search",
    cpi_finder_result_heading: "Search result",
    cpi_finder_your_cpi: "Your job centre is:",
    cpi_finder_not_served: "is not served by a job centre of this region.",
    cpi_finder_many: "More than one municipality matches:",
    cpi_finder_no_match: |q| format!("No municipality found for “{q}”."),
    cpi_finder_too_short: "Type at least 2 letters of the municipality's name.",

    // ---- Occupation picker and /professioni ----
    occupation_option_synonym: |term| format!("also: {term}"),
    footer_occupations: "Find an occupation",
    occupations_title: "Find an occupation",
    occupations_intro: "Find an occupation by the name you use, even in the plural or by a synonym, and see how it is classified in Italy and in Europe (ISCO-08, ESCO).",
    occupations_search_label: "Find an occupation",
    occupations_input_label: "Occupation name",
    occupations_hint: "Type at least 2 letters, for example “welder” or “cook”.",
    occupations_submit: "Search",
    occupations_results_heading: "Occupations found",
    occupations_no_match: |q| format!("No occupation found for “{q}”."),
    occupations_too_short: "Type at least 2 letters of the occupation's name.",
    occupation_label_it: "Name in Italian",
    occupation_label_en: "Name in English",
    occupation_synonyms_it: "Other names in Italian",
    occupation_synonyms_en: "Other names in English",
    occupation_no_synonyms: "None",
    occupation_isco: "ISCO-08 classification",
    isco_level: |level| match level {
        1 => "Major group",
        2 => "Sub-major group",
        3 => "Minor group",
        _ => "Unit group",
    },
    occupation_esco: "European classification ESCO",
    occupation_esco_link: "ESCO page of the occupation (external site)",
};
