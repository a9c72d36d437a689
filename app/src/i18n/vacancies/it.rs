use super::VacancyMessages;
use crate::api::vacancies::SizeBand;
use crate::domain::vacancy::{ClosedReason, VacancyEvent, VacancyState};
use crate::domain::vacancy_form::VacancyStep;

fn state(s: VacancyState) -> &'static str {
    match s {
        VacancyState::Draft => "Bozza",
        VacancyState::Submitted => "Inviata al CPI",
        VacancyState::InReview => "In revisione",
        VacancyState::Published => "Pubblicata",
        VacancyState::Closed => "Chiusa",
        VacancyState::Filled => "Coperta",
    }
}

fn closed_reason(r: ClosedReason) -> &'static str {
    match r {
        ClosedReason::Filled => "posizione coperta",
        ClosedReason::Withdrawn => "ritirata dall'impresa",
        ClosedReason::Rejected => "respinta dal CPI",
        ClosedReason::Expired => "scaduta",
    }
}

fn outcome(code: &str) -> Option<&'static str> {
    Some(match code {
        "coperta" => "L'offerta è segnata come coperta.",
        "ritirata" => "L'offerta è stata ritirata.",
        "salvato" => "Profilo aziendale salvato.",
        "bozza-eliminata" => "La bozza è stata eliminata.",
        _ => return None,
    })
}

fn field(name: &str) -> &'static str {
    match name {
        "confirm" => "Conferma",
        "ateco_code" => "Attività ATECO",
        "ateco_q" => "Cerca un'attività",
        "seat_istat" => "Comune della sede",
        "size_band" => "Dimensione",
        "email" => "Email",
        "phone" => "Telefono",
        "q" => "Titolo contiene",
        "status" => "Stato",
        "occupation" => "Professione",
        "comune" => "Comune di lavoro",
        _ => "Un campo",
    }
}

fn field_problem(label: &str, code: &str) -> String {
    match code {
        "required" => format!("{label}: campo obbligatorio"),
        "too_long" => format!("{label}: testo troppo lungo"),
        _ => format!("{label}: valore non valido"),
    }
}

fn work_mode(code: &str) -> &'static str {
    match code {
        "onsite" => "In sede",
        "hybrid" => "Ibrido",
        "remote" => "Da remoto",
        _ => "—",
    }
}

fn candidate_channel(code: &str) -> &'static str {
    match code {
        "preselection" => "Preselezione del CPI",
        "public" => "Annuncio pubblico",
        "both" => "Preselezione del CPI e annuncio pubblico",
        _ => "—",
    }
}

fn event(e: VacancyEvent) -> &'static str {
    match e {
        VacancyEvent::Submit => "Inviata al CPI",
        VacancyEvent::StartReview => "Revisione iniziata",
        VacancyEvent::RequestChanges => "Modifiche richieste",
        VacancyEvent::Resubmit => "Inviata di nuovo",
        VacancyEvent::Approve => "Approvata e pubblicata",
        VacancyEvent::Reject => "Respinta",
        VacancyEvent::MarkFilled => "Segnata come coperta",
        VacancyEvent::Withdraw => "Ritirata",
        VacancyEvent::Expire => "Scaduta",
    }
}

fn step_name(s: VacancyStep) -> &'static str {
    match s {
        VacancyStep::Role => "Il ruolo",
        VacancyStep::Place => "Luogo e condizioni",
        VacancyStep::Requirements => "Requisiti",
        VacancyStep::Candidates => "Come ricevere le candidature",
    }
}

fn size_band(b: SizeBand) -> &'static str {
    match b {
        SizeBand::Micro => "Micro (meno di 10 addetti)",
        SizeBand::Small => "Piccola (10–49 addetti)",
        SizeBand::Medium => "Media (50–249 addetti)",
        SizeBand::Large => "Grande (250 addetti e oltre)",
    }
}

fn salary_range(min: i64, max: i64, period: &str) -> String {
    let per = if period == "year" {
        "l'anno"
    } else {
        "al mese"
    };
    if min == max {
        format!("{min} € lordi {per}")
    } else {
        format!("da {min} a {max} € lordi {per}")
    }
}

fn eqf(level: i64, required: bool) -> String {
    let kind = if required {
        "indispensabile"
    } else {
        "preferibile"
    };
    format!("Livello EQF {level} ({kind})")
}

fn experience_years(years: i64, required: bool) -> String {
    let kind = if required {
        "indispensabile"
    } else {
        "preferibile"
    };
    match years {
        0 => "Nessuna esperienza richiesta".to_string(),
        1 => format!("1 anno ({kind})"),
        n => format!("{n} anni ({kind})"),
    }
}

pub const IT: VacancyMessages = VacancyMessages {
    vacancies_link: |name| format!("Offerte di lavoro di {name}"),
    profile_link: |name| format!("Profilo aziendale di {name}"),
    links_heading: "Offerte e profilo",

    state,
    closed_reason,
    none_mark: "—",
    yes: "Sì",
    no: "No",
    outcome,
    problem: "C'è un problema",
    field,
    field_problem,
    conflict: "L'offerta ha cambiato stato nel frattempo: ricarica la pagina e controlla.",
    back_to_companies: "Torna alle tue imprese",

    title: |name| format!("Offerte di lavoro — {name}"),
    counts_heading: "Le offerte in breve",
    count_of: |state, n| format!("{state}: {n}"),
    counts_none: "Nessuna offerta ancora.",
    new_vacancy: "Nuova offerta",
    new_vacancy_hint: "Il modulo salva ogni passo: puoi riprenderlo quando vuoi, anche da un altro dispositivo.",
    drafts_heading: "Bozze da completare",
    draft_untitled: "Bozza senza titolo",
    draft_updated: |date| format!("ultima modifica {date}"),
    draft_reopened: "modifiche richieste dal CPI",
    draft_continue: |title| format!("Continua: {title}"),
    filter_heading: "Cerca e filtra",
    search_label: "Titolo contiene",
    search_hint: "Una o più parole del titolo.",
    status_label: "Stato",
    any_status: "Tutti gli stati",
    occupation_label: "Professione",
    any_occupation: "Tutte le professioni",
    comune_label: "Comune di lavoro",
    any_comune: "Tutti i comuni",
    filter_submit: "Filtra",
    filter_reset: "Azzera i filtri",
    matching: |n| match n {
        1 => "1 offerta trovata".to_string(),
        n => format!("{n} offerte trovate"),
    },
    table_caption: "Offerte dell'impresa, dalla più recente",
    col_title: "Titolo",
    col_protocol: "Protocollo",
    col_status: "Stato",
    col_comune: "Comune",
    col_published: "Pubblicata il",
    col_expires: "Scade il",
    col_applicants: "Candidati",
    applicants_count: |total, new| match new {
        0 => format!("{total}"),
        1 => format!("{total} (1 nuovo)"),
        n => format!("{total} ({n} nuovi)"),
    },
    rows_none: "Nessuna offerta corrisponde ai filtri.",
    next_page: "Offerte meno recenti",
    first_page: "Torna alle più recenti",
    pages_label: "Pagine dei risultati",

    facts_heading: "Dati dell'offerta",
    protocol: "Protocollo",
    status: "Stato",
    occupation: "Professione",
    description: "Descrizione",
    positions: "Posizioni",
    place: "Comune di lavoro",
    work_mode,
    contract: "Contratto",
    working_time: "Orario",
    hours_per_week: "Ore settimanali",
    pattern: "Articolazione",
    shifts: "turni",
    nights: "notturno",
    weekends: "fine settimana",
    pattern_none: "Nessun turno, notturno o fine settimana",
    salary: "Retribuzione",
    salary_range,
    start_date: "Inizio",
    expires_on: "Scadenza della pubblicazione",
    ccnl: "CCNL",
    education: "Istruzione",
    eqf,
    experience: "Esperienza",
    experience_years,
    candidates: "Candidature",
    candidate_channel,
    contact_channel: "Contatto",
    reserved_l68: "Riservata al collocamento mirato (L. 68/99)",
    anonymous: "Pubblicata senza il nome dell'impresa",
    dates_heading: "Date",
    created_at: "Creata",
    submitted_at: "Inviata al CPI",
    published_at: "Pubblicata",
    closed_at: "Chiusa",
    history_heading: "Storia dell'offerta",
    history_caption: "Passaggi dell'offerta e messaggi del CPI, dal primo",
    history_none: "Nessun passaggio registrato.",
    col_when: "Quando",
    col_event: "Passaggio",
    col_note: "Messaggio",
    event,
    step_name,
    step_to_change: |step| format!("Passo da modificare: {step}"),
    applicants_link: |total, new| match new {
        0 => format!("Candidati ({total})"),
        n => format!("Candidati ({total}, {n} da vedere)"),
    },
    continue_draft: "Modifica l'offerta",
    changes_requested_note: "Il CPI ha chiesto delle modifiche: correggi l'offerta e inviala di nuovo.",
    close_heading: "Chiudere l'offerta",
    fill_heading: "Posizione coperta",
    fill_text: "L'offerta sparisce dalla ricerca pubblica e non riceve altre candidature. Non si può annullare.",
    fill_confirm: "Confermo che la posizione è coperta",
    fill_submit: "Segna come coperta",
    withdraw_heading: "Ritira l'offerta",
    withdraw_text: "L'offerta viene chiusa come ritirata: il CPI non la esamina più e non è più pubblica. Non si può annullare.",
    withdraw_confirm: "Confermo di voler ritirare l'offerta",
    withdraw_submit: "Ritira l'offerta",
    back_to_list: "Torna alle offerte",

    profile_title: |name| format!("Profilo aziendale — {name}"),
    profile_intro: "I dati dell'impresa che il CPI e i candidati vedono.",
    read_only: "Solo gli amministratori dell'impresa possono modificare il profilo.",
    name: "Ragione sociale",
    partita_iva: "Partita IVA",
    partita_iva_hint: "Identifica l'impresa: non si può modificare.",
    ateco: "Attività ATECO 2025",
    ateco_search_label: "Cerca un'attività",
    ateco_search_hint: "Codice o parole della descrizione, ad esempio 56.10 o ristorazione.",
    ateco_search_submit: "Cerca",
    ateco_found: |n| match n {
        0 => "Nessuna attività trovata.".to_string(),
        1 => "1 attività trovata: sceglila nell'elenco.".to_string(),
        n => format!("{n} attività trovate: scegli nell'elenco."),
    },
    seat: "Comune della sede",
    size_band_label: "Dimensione",
    size_band,
    email: "Email",
    phone: "Telefono",
    optional: "(facoltativo)",
    not_set: "Non indicato",
    save_profile: "Salva il profilo",
};
