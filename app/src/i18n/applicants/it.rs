use super::{param, ApplicantMessages};
use crate::domain::application::{ApplicationSource, ApplicationStatus, NotSelectedReason};

fn status(s: ApplicationStatus) -> &'static str {
    match s {
        ApplicationStatus::Applied => "Candidature ricevute",
        ApplicationStatus::Shortlisted => "Preselezionati dal CPI",
        ApplicationStatus::SentToCompany => "Inviati dal CPI",
        ApplicationStatus::Interview => "Colloquio",
        ApplicationStatus::Hired => "Assunti",
        ApplicationStatus::NotSelected => "Non selezionati",
        ApplicationStatus::Withdrawn => "Ritirati",
    }
}

fn reason(r: NotSelectedReason) -> &'static str {
    match r {
        NotSelectedReason::ExperienceInsufficient => "Esperienza non sufficiente per il ruolo",
        NotSelectedReason::SkillsMissing => "Mancano competenze richieste",
        NotSelectedReason::LanguageLevel => "Livello di lingua non adeguato",
        NotSelectedReason::LicenceMissing => "Manca la patente o l'abilitazione richiesta",
        NotSelectedReason::AvailabilityMismatch => {
            "Disponibilità (orari, data di inizio) non compatibile"
        }
        NotSelectedReason::SalaryExpectations => "Aspettative economiche non compatibili",
        NotSelectedReason::DidNotAttendInterview => "Non si è presentato/a al colloquio",
        NotSelectedReason::PositionFilled => "Posizione già coperta",
        NotSelectedReason::OtherCandidateChosen => "Scelto un altro candidato",
    }
}

pub const IT: ApplicantMessages = ApplicantMessages {
    title: |title| format!("Candidati: {title}"),
    intro: "Le persone che hanno risposto all'offerta e quelle inviate dal Centro per l'impiego. Vedi i loro contatti finché la candidatura è aperta o se le assumi. Ogni consultazione è registrata.",
    counts_caption: "Candidati per stato",
    status_heading: "Stato",
    count_heading: "Numero",
    status,
    section: |s, n| format!("{} ({n})", status(s)),
    section_empty: "Nessuno.",
    none_yet: "Non ci sono ancora candidati per questa offerta.",
    source: |s| match s {
        ApplicationSource::Applied => "Ha risposto all'offerta",
        ApplicationSource::Cpi => "Inviato dal Centro per l'impiego",
    },
    source_label: "Provenienza",
    comune_label: "Comune",
    message_label: "Messaggio del candidato",
    applied_on: "Candidatura del",
    updated_on: "Ultimo aggiornamento",
    status_label: "Stato",
    email_label: "E-mail",
    phone_label: "Telefono",
    contact_hidden: "Contatti non più visibili: la candidatura è chiusa.",
    reason,
    reason_label: "Motivo",
    reason_choose: "Scegli un motivo",
    reason_shared: "Motivo comunicato al candidato",
    reason_not_shared: "Motivo non comunicato al candidato",
    to_interview: |name| format!("Chiama a colloquio {name}"),
    hire: |name| format!("Conferma: assumi {name}"),
    not_select: |name| format!("Conferma: non selezionare {name}"),
    hire_open: |name| format!("Assumi {name}…"),
    not_select_open: |name| format!("Non selezionare {name}…"),
    final_warning: "È un esito definitivo: la persona ne riceverà notizia e non potrai cambiarlo.",
    share_label: "Comunica il motivo al candidato",
    share_hint: "Se non lo selezioni, il candidato saprà solo di non essere stato selezionato.",
    moved: |s, name| match s {
        ApplicationStatus::Interview => format!("{name} è ora tra i candidati a colloquio."),
        ApplicationStatus::Hired => format!("{name} risulta assunto/a. Gli abbiamo dato notizia."),
        ApplicationStatus::NotSelected => {
            format!("{name} risulta non selezionato/a. Gli abbiamo dato notizia.")
        }
        other => format!("{name}: {}", status(other)),
    },
    problem: "Non è stato possibile aggiornare la candidatura",
    conflict: "La candidatura è cambiata nel frattempo (forse l'ha aggiornata un collega o il candidato l'ha ritirata). Controlla il nuovo stato qui sotto.",
    not_found: "Candidatura non trovata.",
    field: |f| match f {
        "reason" => "Motivo: scegline uno tra quelli proposti",
        "to" => "Nuovo stato",
        "from" => "Stato attuale",
        _ => "Valore non valido",
    },
    back: "Torna all'offerta",
    outcome_notice: |p| {
        let title = param(p, "title");
        match param(p, "outcome") {
            "hired" => format!("Candidatura per «{title}»: sei stato/a selezionato/a"),
            _ => match NotSelectedReason::parse(param(p, "reason")) {
                Some(r) => format!(
                    "Candidatura per «{title}»: non sei stato/a selezionato/a. Motivo: {}",
                    reason(r)
                ),
                None => format!("Candidatura per «{title}»: non sei stato/a selezionato/a"),
            },
        }
    },
};
