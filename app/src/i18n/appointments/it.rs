use super::{param, AppointmentMessages};
use crate::domain::appointment::{AppointmentState, Channel};

pub const IT: AppointmentMessages = AppointmentMessages {
    link_appointments: "I tuoi appuntamenti al Centro per l'impiego",
    link_notifications: "Notifiche",
    unread_badge: |n| match n {
        0 => "Notifiche".to_string(),
        1 => "Notifiche (1 da leggere)".to_string(),
        n => format!("Notifiche ({n} da leggere)"),
    },

    channel: |c| match c {
        Channel::InPerson => "In presenza",
        Channel::Phone => "Al telefono",
        Channel::Video => "In videochiamata",
    },
    state: |s| match s {
        AppointmentState::Booked => "Prenotato",
        AppointmentState::Attended => "Svolto",
        AppointmentState::NoShow => "Assente",
        AppointmentState::Cancelled => "Annullato",
    },
    weekday: |d| match d {
        0 => "lunedì",
        1 => "martedì",
        2 => "mercoledì",
        3 => "giovedì",
        4 => "venerdì",
        5 => "sabato",
        _ => "domenica",
    },
    problem: "Non è stato possibile completare l'operazione",
    field: |f| match f {
        "cpi_code" => "Centro per l'impiego",
        "channel" => "Canale",
        "from" => "Dal giorno",
        "to" => "Al giorno (al massimo 92 giorni e 3000 orari per volta)",
        "weekdays" => "Giorni della settimana",
        "start" => "Dalle ore",
        "end" => "Alle ore (dopo l'ora di inizio)",
        "minutes" => "Durata di ogni appuntamento (da 5 a 240 minuti)",
        "capacity" => "Posti per orario (da 1 a 50)",
        "slot_id" => "Orario scelto (non più disponibile o già passato)",
        "ticket_id" => "Pratica collegata",
        "appointment_id" => "Appuntamento (già iniziato o non più prenotato)",
        "day" => "Giorno",
        "outcome" => "Esito",
        _ => "Valore non valido",
    },
    outcome: |code| match code {
        "prenotato" => Some("Appuntamento prenotato. Ti abbiamo inviato una conferma."),
        "spostato" => Some("Appuntamento spostato al nuovo orario."),
        "annullato" => Some("Appuntamento annullato."),
        "generati" => Some("Orari creati."),
        "eliminato" => Some("Orario eliminato."),
        "registrato" => Some("Esito registrato."),
        "lette" => Some("Tutte le notifiche sono segnate come lette."),
        _ => None,
    },
    slot_full: "Questo orario è appena stato occupato da un'altra persona: scegline un altro.",
    conflict: "L'operazione non è possibile nello stato attuale: ricarica la pagina.",
    when: "Quando",
    channel_heading: "Canale",
    where_heading: "Dove",
    state_heading: "Stato",
    actions_heading: "Azioni",
    cpi_label: "Centro per l'impiego",
    show: "Mostra",
    all_channels: "Tutti i canali",

    title: "Appuntamenti",
    intro: "Prenota un appuntamento con il tuo Centro per l'impiego, in presenza, al telefono o in videochiamata. Puoi spostarlo o annullarlo fino all'ora d'inizio.",
    acting_for: "Stai operando per conto del tuo assistito, con la sua delega per gli appuntamenti.",
    mine_heading: "I tuoi appuntamenti",
    mine_none: "Non hai appuntamenti.",
    mine_caption: "Appuntamenti prenotati e passati",
    cancel: "Annulla",
    reschedule: "Sposta",
    download_ics: "Aggiungi al calendario (.ics)",
    ticket_ref: |id| format!("Pratica n. {id}"),
    free_heading: "Orari liberi",
    free_none: "Al momento non ci sono orari liberi. Riprova nei prossimi giorni.",
    no_cpi: "Non troviamo il Centro per l'impiego competente per il tuo comune di residenza: aggiorna i tuoi dati o rivolgiti a un Centro per l'impiego.",
    day_heading: |weekday, date| format!("{weekday} {date}"),
    book: |time, channel| format!("Prenota alle {time}, {channel}"),
    seats_left: |n| match n {
        1 => "1 posto libero".to_string(),
        n => format!("{n} posti liberi"),
    },
    ticket_label: "Pratica collegata (facoltativo)",
    ticket_hint: "Il numero interno della pratica, se l'appuntamento la riguarda.",
    reschedule_heading: |when| format!("Sposta l'appuntamento del {when}: scegli il nuovo orario"),
    move_here: |time, channel| format!("Sposta alle {time}, {channel}"),
    reschedule_cancel: "Non spostare",

    admin_title: "Agenda dei Centri per l'impiego",
    admin_intro: "Crea gli orari prenotabili di un Centro per l'impiego per un periodo: giorni della settimana, fascia oraria, durata e posti di ogni appuntamento. Gli orari già esistenti non vengono duplicati.",
    generate_heading: "Crea orari",
    from_label: "Dal giorno",
    to_label: "Al giorno",
    weekdays_legend: "Giorni della settimana",
    start_label: "Dalle ore",
    end_label: "Alle ore",
    minutes_label: "Durata (minuti)",
    capacity_label: "Posti per orario",
    generate_submit: "Crea orari",
    slots_heading: "Orari dei prossimi giorni",
    slots_none: "Nessun orario.",
    slots_caption: "Orari prenotabili del Centro per l'impiego",
    seats_heading: "Posti",
    seats: |booked, capacity| format!("{booked} prenotati su {capacity}"),
    delete_slot: |when| format!("Elimina l'orario del {when}"),

    operator_title: "Agenda del giorno",
    day_label: "Giorno",
    agenda_none: "Nessun appuntamento in questo giorno.",
    agenda_caption: |day| format!("Appuntamenti del {day}"),
    person_heading: "Persona",
    ticket_heading: "Pratica",
    mark_attended: |name| format!("Presente: {name}"),
    mark_no_show: |name| format!("Assente: {name}"),
    report_heading: "Assenze per Centro per l'impiego",
    report_caption: "Esito degli appuntamenti nel periodo",
    report_none: "Nessun appuntamento nel periodo.",
    attended_heading: "Svolti",
    no_show_heading: "Assenti",
    booked_heading: "Ancora da registrare",
    cancelled_heading: "Annullati",
    rate_heading: "Tasso di assenza",

    notifications_title: "Notifiche",
    notifications_intro: "Gli avvisi su pratiche e appuntamenti. Se ci hai dato un indirizzo e-mail, li ricevi anche per posta elettronica.",
    notifications_none: "Nessuna notifica.",
    mark_all_read: "Segna tutte come lette",
    unread: "Da leggere",
    open: "Apri",
    notification: |kind, p| match kind {
        "ticket_message" => format!("Nuovo messaggio sulla pratica {}", param(p, "number")),
        "ticket_waiting" => format!("La pratica {} attende una tua risposta", param(p, "number")),
        "ticket_closed" => format!("La pratica {} è stata chiusa", param(p, "number")),
        "appointment_booked" => format!(
            "Appuntamento confermato: {}, {}",
            param(p, "when"),
            param(p, "cpi")
        ),
        "appointment_rescheduled" => format!(
            "Appuntamento spostato: {}, {}",
            param(p, "when"),
            param(p, "cpi")
        ),
        "appointment_cancelled" => format!("Appuntamento annullato: {}", param(p, "when")),
        "appointment_reminder" => format!(
            "Promemoria: hai un appuntamento il {}, {}",
            param(p, "when"),
            param(p, "cpi")
        ),
        "vacancy_submitted" => format!(
            "Nuova offerta da esaminare: {} ({})",
            param(p, "title"),
            param(p, "protocol")
        ),
        "vacancy_changes_requested" => format!(
            "Il Centro per l'impiego chiede modifiche all'offerta {} ({})",
            param(p, "title"),
            param(p, "protocol")
        ),
        "vacancy_approved" => format!(
            "L'offerta {} ({}) è stata approvata ed è pubblicata",
            param(p, "title"),
            param(p, "protocol")
        ),
        "vacancy_rejected" => format!(
            "L'offerta {} ({}) non è stata approvata",
            param(p, "title"),
            param(p, "protocol")
        ),
        "vacancy_expired" => format!(
            "L'offerta {} ({}) è scaduta e non è più pubblicata",
            param(p, "title"),
            param(p, "protocol")
        ),
        // Applicant pipeline (issue 6).
        "application_outcome" => (crate::i18n::applicants::IT.outcome_notice)(p),
        "application_received" => format!("Nuova candidatura per l'offerta {}", param(p, "title")),
        "application_proposal" => (crate::i18n::matching::IT.proposal_notice)(p), // issue 7
        // Service pact (issue 7).
        "pact_changed" => "Il Centro per l'impiego ha aggiornato il tuo patto di servizio".to_string(),
        "pact_answered" => "La persona ha risposto a una voce del patto di servizio".to_string(),
        // DID (issue 7).
        "did_submitted" => format!("DID inviata: protocollo {}. Il Centro per l'impiego la esaminerà.", param(p, "protocol")),
        "did_state_changed" => format!("La tua DID è ora: {}", crate::domain::did::DidState::parse(param(p, "state")).map_or("aggiornata", crate::i18n::did::IT.state_name)),
        // Saved search alerts (issue 7).
        "saved_search_alert" => (crate::i18n::search::IT.alert_notice)(p),
        _ => "Hai un nuovo avviso".to_string(),
    },
    email_body: |text, link| {
        format!(
            "{text}\n\nPer i dettagli accedi allo Sportello Lavoro:\n{link}\n\nQuesto messaggio è inviato automaticamente: non rispondere."
        )
    },
};
