use super::CompanyMessages;
use crate::domain::company_members::MemberRole;

pub const IT: CompanyMessages = CompanyMessages {
    link_company: "La tua impresa e i suoi membri",
    link_claim: "Rappresenti un'impresa? Rivendicala o accetta un invito",

    title: "Impresa",
    intro: "Da qui gestisci le imprese per cui lavori, rivendichi un'impresa di cui sei legale rappresentante e accetti gli inviti ricevuti.",
    companies_heading: "Le tue imprese",
    companies_none: "Non sei ancora membro di nessuna impresa.",
    companies_caption: "Imprese di cui sei membro",
    company_name: "Impresa",
    partita_iva: "Partita IVA",
    role_heading: "Ruolo",
    role: |role| match role {
        MemberRole::Admin => "Amministratore",
        MemberRole::Recruiter => "Selezionatore",
    },
    members_link: |name| format!("Membri di {name}"),
    claims_heading: "Richieste in verifica",
    claim_pending: |name, piva, date| {
        format!("{name} (P.IVA {piva}): richiesta del {date}, in attesa della verifica sul Registro delle imprese.")
    },

    claim_heading: "Rivendica un'impresa",
    claim_intro_demo: "Ambiente dimostrativo: se l'impresa è nel nostro registro e non ha ancora un amministratore, diventi subito il suo amministratore. In un servizio reale la richiesta verrebbe prima verificata sul Registro delle imprese.",
    claim_intro_real: "Se sei il legale rappresentante, inserisci la partita IVA dell'impresa. Verificheremo sul Registro delle imprese che tu sia il legale rappresentante prima di darti l'accesso.",
    partita_iva_hint: "11 cifre, per esempio 01234567897.",
    claim_submit: "Rivendica l'impresa",

    invitations_heading: "Inviti ricevuti",
    invitations_none: "Non hai inviti in sospeso.",
    invitation_text: |name, role, until| {
        format!("{name} ti invita come {role}. Puoi accettare fino al {until}.")
    },
    accept: |name| format!("Accetta l'invito di {name}"),

    outcome: |code| match code {
        "rivendicata" => Some("Ora sei amministratore dell'impresa."),
        "in-attesa" => Some("Richiesta registrata: riceverai l'accesso dopo la verifica sul Registro delle imprese."),
        "accettato" => Some("Invito accettato: ora sei membro dell'impresa."),
        "invitato" => Some("Invito registrato. La persona lo troverà quando accede a Sportello Lavoro."),
        "rimosso" => Some("Membro rimosso. Non ha più accesso all'impresa."),
        "uscito" => Some("Hai lasciato l'impresa."),
        _ => None,
    },
    problem: "C'è un problema",
    claim_conflict: "Questa impresa ha già un amministratore, oppure hai già una richiesta in verifica. Chiedi all'amministratore di invitarti, o rivolgiti al tuo Centro per l'impiego.",
    claim_not_found: "Non troviamo un'impresa con questa partita IVA nel nostro registro. Rivolgiti al Centro per l'impiego della sede dell'impresa.",
    remove_conflict: "Non puoi rimuovere l'ultimo amministratore: invita prima un altro amministratore.",
    invitation_not_found: "Questo invito non è più valido: potrebbe essere scaduto, revocato o già accettato.",
    field: |name| match name {
        "partita_iva" => "Scrivi una partita IVA valida di 11 cifre.",
        "codice_fiscale" => "Scrivi un codice fiscale valido di 16 caratteri.",
        "role" => "Scegli il ruolo.",
        _ => "Valore non valido.",
    },

    members_title: |name| format!("Membri di {name}"),
    members_caption: "Persone che operano per l'impresa",
    member_name: "Nome",
    member_code: "Codice fiscale",
    member_since: "Dal",
    member_actions: "Azioni",
    you: "(tu)",
    remove: |name| format!("Rimuovi {name}"),
    leave: "Lascia l'impresa",
    open_invitations_heading: "Inviti in sospeso",
    open_invitations_caption: "Inviti non ancora accettati",
    invitation_expires: "Valido fino al",
    invite_heading: "Invita una persona",
    invite_intro: "L'invito va al codice fiscale: la persona lo vedrà quando accede con SPID o CIE. Per riservatezza non ti diciamo se quella persona usa già il servizio.",
    codice_fiscale: "Codice fiscale",
    codice_fiscale_hint: "16 caratteri, per esempio RSSMRA85T10A562S.",
    role_label: "Ruolo",
    invite_submit: "Invia l'invito",
    back: "Torna alle tue imprese",
};
