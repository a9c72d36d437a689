use super::{km, MatchingMessages};

fn param(p: &serde_json::Value, key: &str) -> String {
    p.get(key)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

pub const IT: MatchingMessages = MatchingMessages {
    for_me_title: "Offerte per me",
    for_me_intro: "Le offerte pubblicate adatte al tuo profilo, dalla più adatta, con i motivi.",
    for_me_acting: "Stai guardando le offerte per la persona che assisti.",
    for_me_none: "Al momento nessuna offerta è adatta al tuo profilo entro il tuo raggio di spostamento. Prova ad ampliare il raggio o ad aggiungere competenze.",
    for_me_no_profile: "Completa il tuo profilo (professioni, competenze, dove abiti) per vedere le offerte adatte a te.",
    profile_link: "Vai al mio profilo",
    search_link: "Cerca tra tutte le offerte",
    open_vacancy: "Vedi l'offerta",
    company_anonymous: "Azienda non indicata",
    reasons_heading: "Perché è adatta",
    fit: |p| format!("Affinità: {p}%"),
    work_mode: |m| match m {
        "remote" => "Da remoto",
        "hybrid" => "Ibrido",
        _ => "In sede",
    },
    candidates_title: "Candidati abbinati",
    candidates_intro_cpi: "Le persone con un profilo adatte a questa offerta, dalla più adatta, con i motivi. Sono inclusi i profili nascosti: li vede solo il CPI.",
    candidates_intro_company: "Profili anonimi di persone che hanno scelto di essere visibili alle aziende. Vedrete i nomi quando si candidano o quando il CPI ve li invia.",
    candidates_none: "Al momento nessun candidato è adatto a questa offerta.",
    anonymous_candidate: |n| format!("Candidato {n}"),
    choose: |who| format!("Aggiungi {who} alla rosa"),
    shortlist_legend: "Scegli i candidati da inserire nella rosa del CPI",
    shortlist_button: "Aggiungi alla rosa",
    shortlist_closed: "Questa offerta non prevede la preselezione del CPI (non è pubblicata, o l'azienda ha chiesto solo candidature pubbliche).",
    shortlisted: |n| match n {
        0 => "Nessuno aggiunto: i candidati scelti erano già in selezione.".to_string(),
        1 => "1 candidato aggiunto alla rosa e avvisato.".to_string(),
        n => format!("{n} candidati aggiunti alla rosa e avvisati."),
    },
    application_label: "Candidatura",
    back_to_review: "Torna all'offerta",
    candidates_link: "Candidati abbinati",
    cpi_shortlist_heading: "La rosa del CPI",
    kpi_time_to_shortlist: "Dalla pubblicazione alla prima rosa",
    kpi_hours: |h| if h < 48.0 { format!("{h:.0} ore") } else { format!("{:.1} giorni", h / 24.0).replace('.', ",") },
    kpi_none: "nessun candidato ancora in rosa",
    kpi_hires: "Assunzioni",
    cpi_shortlist_none: "Nessuna persona è ancora nella rosa del CPI per questa offerta.",
    proposal_answer: |a| match a {
        Some("accepted") => "ha accettato",
        Some("declined") => "ha rifiutato",
        _ => "in attesa di risposta",
    },
    proposal_answer_label: "Risposta alla proposta",
    proposed_on: |d| format!("Proposto il {d}"),
    answered_on: |d| format!("risposta il {d}"),
    sent_on: |d| format!("inviato all'azienda il {d}"),
    candidate_agreed: "Il candidato ha dato il consenso (per esempio al telefono)",
    accepted_online: "Ha accettato la proposta online: il suo consenso è già registrato.",
    send_to_company: |who| format!("Invia all'azienda: {who}"),
    sent_notice: "Candidato inviato all'azienda: ora l'azienda lo vede tra i suoi candidati.",
    same_occupation: "Stessa professione",
    occupation_group: |level| match level {
        4 => "Stesso gruppo professionale (ISCO, 4 cifre)".to_string(),
        3 => "Professione affine (ISCO, 3 cifre)".to_string(),
        _ => "Stesso settore (ISCO, 2 cifre)".to_string(),
    },
    distance: |d, r, you| {
        if you {
            format!("{} km — entro i tuoi {} km", km(d), km(r))
        } else {
            format!("{} km — entro i suoi {} km", km(d), km(r))
        }
    },
    remote: "Lavoro da remoto: nessuno spostamento",
    skills: |have, of, missing, you| {
        let who = if you { "Hai" } else { "Ha" };
        if missing.is_empty() {
            format!("{who} tutte le {of} competenze richieste")
        } else {
            format!("{who} {have} competenze richieste su {of}; mancano: {missing}")
        }
    },
    nice_skills: |have, of| format!("{have} competenze gradite su {of}"),
    education: |need, have, required, you| {
        let has = if you { "tu hai" } else { "ha" };
        let what = if required { "Richiede" } else { "Preferisce" };
        match have {
            Some(h) => format!("{what} il livello EQF {need} — {has} {h}"),
            None => format!("{what} il livello EQF {need}"),
        }
    },
    language: |name, need, have, required, you| {
        let has = if you { "tu hai" } else { "ha" };
        let what = if required { "Richiede" } else { "Preferisce" };
        match have {
            Some(h) => format!("{what} {name} {need} — {has} {h}"),
            None => format!("{what} {name} {need}"),
        }
    },
    licence_missing: |code, have, you| {
        let has = if you { "tu hai" } else { "ha" };
        if have.is_empty() {
            format!("Serve la patente {code}")
        } else {
            format!("Serve la patente {code} — {has} {have}")
        }
    },
    recent: |days| match days {
        0 => "Pubblicata oggi".to_string(),
        1 => "Pubblicata ieri".to_string(),
        d => format!("Pubblicata {d} giorni fa"),
    },
    language_name: |code| {
        match code {
            "it" => "italiano",
            "en" => "inglese",
            "fr" => "francese",
            "de" => "tedesco",
            "es" => "spagnolo",
            "ar" => "arabo",
            "ro" => "rumeno",
            "zh" => "cinese",
            other => return other.to_uppercase(),
        }
        .to_string()
    },
    proposal_notice: |p| {
        format!(
            "Il Centro per l'impiego ti ha proposto per l'offerta {}: indica se accetti",
            param(p, "title")
        )
    },
};
