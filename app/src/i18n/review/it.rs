use super::{euros, ReviewMessages};
use crate::domain::vacancy::VacancyState;

const CONTRACTS: &[(&str, &str)] = &[
    (
        "TEMPO-INDETERMINATO",
        "Contratto di lavoro subordinato a tempo indeterminato",
    ),
    (
        "TEMPO-DETERMINATO",
        "Contratto di lavoro subordinato a tempo determinato",
    ),
    (
        "TEMPO-DETERMINATO-STAGIONALE",
        "Contratto a tempo determinato stagionale",
    ),
    (
        "OTD-AGRICOLO",
        "Operaio/a agricolo/a a tempo determinato (OTD)",
    ),
    (
        "APPRENDISTATO-PROFESSIONALIZZANTE",
        "Apprendistato professionalizzante",
    ),
    (
        "APPRENDISTATO-PRIMO-LIVELLO",
        "Apprendistato per la qualifica e il diploma professionale (primo livello)",
    ),
    (
        "APPRENDISTATO-ALTA-FORMAZIONE",
        "Apprendistato di alta formazione e ricerca (terzo livello)",
    ),
    (
        "SOMMINISTRAZIONE",
        "Lavoro in somministrazione (tramite agenzia per il lavoro)",
    ),
    ("TIROCINIO-EXTRACURRICULARE", "Tirocinio extracurriculare"),
    ("TIROCINIO-CURRICULARE", "Tirocinio curriculare"),
    ("LAVORO-INTERMITTENTE", "Lavoro intermittente (a chiamata)"),
    (
        "COLLABORAZIONE",
        "Collaborazione coordinata e continuativa (co.co.co.)",
    ),
    ("LAVORO-AUTONOMO", "Lavoro autonomo (partita IVA)"),
    (
        "PRESTAZIONE-OCCASIONALE",
        "Prestazione occasionale (Libretto Famiglia e contratto PrestO)",
    ),
    (
        "LAVORO-DOMESTICO",
        "Lavoro domestico (colf, badanti, baby sitter)",
    ),
];

const WORKING_TIMES: &[(&str, &str)] = &[
    ("FULL-TIME", "Tempo pieno"),
    ("PART-TIME-ORIZZONTALE", "Part-time orizzontale"),
    ("PART-TIME-VERTICALE", "Part-time verticale"),
    ("PART-TIME-MISTO", "Part-time misto"),
    ("TURNI", "Lavoro a turni"),
    ("CICLO-CONTINUO", "Turni a ciclo continuo"),
    ("NOTTURNO", "Lavoro notturno"),
    ("WEEKEND-FESTIVI", "Lavoro nel fine settimana e nei festivi"),
    ("SPEZZATO", "Orario spezzato"),
    ("FLESSIBILE", "Orario flessibile"),
    ("LAVORO-AGILE", "Lavoro agile (smart working)"),
];

fn label_of(list: &[(&str, &str)], code: &str) -> String {
    list.iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| l.to_string())
        .unwrap_or_else(|| code.to_string())
}

pub const IT: ReviewMessages = ReviewMessages {
    queue_title: "Offerte da esaminare",
    queue_intro: "Le offerte di lavoro inviate dalle imprese del tuo Centro per l'impiego, dalla più vecchia. Aprine una per esaminarla: approvala, chiedi modifiche o respingila.",
    queue_caption: "Offerte in attesa di esame",
    queue_empty: "Nessuna offerta da esaminare.",
    counts: |submitted, in_review| format!("Da esaminare: {submitted} · In esame: {in_review}"),
    cpi_label: "Centro per l'impiego",
    all_cpis: "Tutti",
    show: "Mostra",
    col_protocol: "Protocollo",
    col_title: "Offerta",
    col_company: "Impresa",
    col_state: "Stato",
    col_submitted: "Inviata il",
    col_waiting: "In attesa da",
    no_protocol: "senza protocollo",
    waiting_days: |d| match d {
        0 => "meno di un giorno".to_string(),
        1 => "1 giorno".to_string(),
        d => format!("{d} giorni"),
    },
    state: |s| match s {
        VacancyState::Draft => "Bozza",
        VacancyState::Submitted => "Da esaminare",
        VacancyState::InReview => "In esame",
        VacancyState::Published => "Pubblicata",
        VacancyState::Closed => "Chiusa",
        VacancyState::Filled => "Coperta",
    },
    outcome_approved: "Offerta approvata e pubblicata. L'impresa è stata avvisata.",
    outcome_changes: "Richiesta di modifiche inviata all'impresa.",
    outcome_rejected: "Offerta respinta. L'impresa è stata avvisata.",
    outcome_started: "Esame avviato: i colleghi vedono che te ne stai occupando.",

    back_to_queue: "Torna alle offerte da esaminare",
    review_heading: |title| format!("Esame dell'offerta: {title}"),
    anonymous_badge: "pubblicata in forma anonima",
    findings_heading: "Controllo del linguaggio",
    no_findings: "Nessuna espressione discriminatoria trovata nel titolo e nella descrizione.",
    finding_violation: "Da correggere",
    finding_caution: "Da verificare",
    you_wrote: |excerpt, field| {
        if field.is_empty() {
            format!("è scritto «{excerpt}»")
        } else {
            format!("{field}: è scritto «{excerpt}»")
        }
    },
    why: "Perché",
    suggestion: "In alternativa",
    law: "Norma",
    facts_heading: "L'offerta",
    answers_heading: "Le risposte del modulo",
    no_answers: "L'offerta non è stata compilata con il modulo: valgono i dati qui sopra.",
    history_heading: "Storia",
    history_empty: "Nessun evento.",
    event: |kind| match kind {
        "submitted" => "Inviata",
        "review_started" => "Esame avviato",
        "changes_requested" => "Modifiche richieste",
        "resubmitted" => "Inviata di nuovo",
        "approved" => "Approvata",
        "rejected" => "Respinta",
        "filled" => "Coperta",
        "withdrawn" => "Ritirata",
        "expired" => "Scaduta",
        _ => "Evento",
    },
    step_name: |code| match code {
        "ruolo" => "Il ruolo",
        "luogo" => "Luogo e condizioni",
        "requisiti" => "Requisiti",
        "candidature" => "Come ricevere le candidature",
        _ => "Passo",
    },
    field_label: |field| match field {
        "expires_on" => "Ultimo giorno di pubblicazione",
        "step" => "Passo da modificare",
        "message" => "Messaggio all'impresa",
        "reason" => "Motivo",
        "title" => "Titolo",
        "description" => "Descrizione",
        "q" => "Cerca",
        _ => "",
    },
    error_summary_title: "C'è un problema",
    start_button: "Avvia l'esame",
    decide_heading: "Decisione",
    approve_heading: "Approva e pubblica",
    expires_label: "Ultimo giorno di pubblicazione",
    expires_hint: |today, max| format!("Dal {today} al {max}. Se non lo cambi, l'offerta resta pubblicata 60 giorni."),
    approve_button: "Approva e pubblica",
    changes_heading: "Chiedi modifiche",
    step_label: "Passo del modulo da modificare",
    message_label: "Messaggio all'impresa",
    message_hint: "Spiega cosa cambiare e perché. L'impresa lo legge quando riapre il modulo.",
    changes_button: "Chiedi modifiche",
    reject_heading: "Respingi",
    reason_label: "Motivo",
    reason_hint: "Obbligatorio: l'impresa lo legge nella storia dell'offerta.",
    reject_button: "Respingi l'offerta",

    positions_label: "Posti",
    place_label: "Luogo di lavoro",
    work_mode: |m| match m {
        "onsite" => "In sede",
        "hybrid" => "Ibrido",
        "remote" => "Da remoto",
        _ => "",
    },
    contract_label: "Contratto",
    contract: |c| label_of(CONTRACTS, c),
    contracts: CONTRACTS,
    working_time_label: "Orario",
    working_time: |c| label_of(WORKING_TIMES, c),
    working_times: WORKING_TIMES,
    hours_label: "Ore settimanali",
    pattern_label: "Turni e giorni",
    shifts: "turni",
    nights: "notti",
    weekends: "fine settimana",
    salary_label: "Retribuzione lorda",
    salary: |min, max, period| {
        let per = if period == "year" { "all'anno" } else { "al mese" };
        if min == max {
            format!("{} € {per}", euros(min, '.'))
        } else {
            format!("da {} a {} € {per}", euros(min, '.'), euros(max, '.'))
        }
    },
    start_label: "Inizio",
    expires_label_public: "Candidature fino al",
    ccnl_label: "Contratto collettivo (CCNL)",
    l68_label: "Collocamento mirato",
    l68_yes: "Riservata alle categorie protette (L. 68/99)",
    requirements_heading: "Requisiti",
    must: "Indispensabili",
    nice: "Graditi",
    eqf: |level| format!("Titolo di studio di livello EQF {level} o superiore"),
    experience: |years| match years {
        1 => "Almeno 1 anno di esperienza".to_string(),
        y => format!("Almeno {y} anni di esperienza"),
    },
    skills_label: "Competenze",
    languages_label: "Lingue",
    language: |code| match code {
        "it" => "Italiano".to_string(),
        "en" => "Inglese".to_string(),
        "fr" => "Francese".to_string(),
        "de" => "Tedesco".to_string(),
        "es" => "Spagnolo".to_string(),
        other => other.to_uppercase(),
    },
    licences_label: "Patenti",

    nav_jobs: "Offerte di lavoro",
    jobs_title: "Offerte di lavoro",
    jobs_meta: "Le offerte di lavoro pubblicate dai Centri per l'impiego: cerca per parola, comune, contratto e orario.",
    jobs_intro: "Le offerte approvate dai Centri per l'impiego della regione. Non serve accedere per consultarle.",
    search_label: "Cerca nel titolo e nella descrizione",
    comune_filter: "Comune",
    mode_filter: "Modalità",
    l68_filter: "Solo offerte riservate alle categorie protette (L. 68/99)",
    any: "Tutti",
    search_button: "Cerca",
    results_heading: "Risultati",
    no_results: "Nessuna offerta corrisponde alla ricerca.",
    pages_label: "Pagine dei risultati",
    first_page: "Prima pagina",
    next_page: "Pagina successiva",
    anonymous_company: "Azienda riservata",
    published_on: |day| format!("Pubblicata il {day}"),
    back_to_jobs: "Tutte le offerte",
    apply_heading: "Come candidarsi",
    apply_how: |contact, channel| {
        let cpi = "Rivolgiti al tuo Centro per l'impiego citando questa offerta.";
        match (contact.filter(|c| !c.is_empty()), channel) {
            (_, "preselection") => format!("L'impresa riceve i candidati preselezionati dal Centro per l'impiego. {cpi}"),
            (Some(c), _) => format!("L'impresa riceve le candidature tramite: {c}. {cpi}"),
            (None, _) => cpi.to_string(),
        }
    },
};
