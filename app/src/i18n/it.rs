use super::{Messages, ServiceText};
use crate::domain::service::{Audience, DataNeed, DocumentNeed, Outcome, ServiceId};

fn service(id: ServiceId) -> ServiceText {
    let (title, summary) = match id {
        ServiceId::DidOnline => (
            "Dichiarazione di immediata disponibilità (DID)",
            "Dichiara online di essere disoccupato e disponibile a lavorare: è il primo passo per ricevere i servizi del Centro per l'impiego.",
        ),
        ServiceId::Profile => (
            "Il mio profilo e curriculum",
            "Compila una volta sola la tua scheda professionale: studi, esperienze, competenze e disponibilità.",
        ),
        ServiceId::ServicePact => (
            "Patto di servizio personalizzato",
            "Concorda con il tuo operatore un piano di obiettivi e azioni per trovare lavoro, e seguilo passo per passo.",
        ),
        ServiceId::Appointment => (
            "Prenota un appuntamento",
            "Scegli tu giorno e ora per parlare con il Centro per l'impiego: in sede, al telefono o in video.",
        ),
        ServiceId::EmploymentStatusCertificate => (
            "Certificato di stato occupazionale",
            "Scarica subito il certificato del tuo stato occupazionale, verificabile da chiunque con un codice.",
        ),
        ServiceId::GaranziaGiovani => (
            "Garanzia Giovani",
            "Iscriviti al programma per chi ha tra 15 e 29 anni e non studia né lavora: orientamento, formazione, tirocini.",
        ),
        ServiceId::CollocamentoMirato => (
            "Collocamento mirato (L. 68/99)",
            "Iscriviti alle liste per il lavoro delle persone con disabilità. I dati sulla salute restano riservati.",
        ),
        ServiceId::OrientationTraining => (
            "Orientamento e formazione",
            "Chiedi un colloquio di orientamento o informazioni sui corsi di formazione finanziati.",
        ),
        ServiceId::JobSearch => (
            "Cerca lavoro",
            "Trova le offerte di lavoro della regione, candidati e ricevi avvisi per le nuove offerte.",
        ),
        ServiceId::WriteToCpi => (
            "Scrivi al Centro per l'impiego",
            "Fai una domanda o invia una richiesta al tuo Centro per l'impiego e segui la risposta online.",
        ),
        ServiceId::CompanyProfile => (
            "Profilo aziendale e utenti",
            "Registra la tua azienda e gestisci le persone che possono operare per suo conto.",
        ),
        ServiceId::Vacancy => (
            "Richiesta di personale",
            "Descrivi la figura che cerchi in un modulo guidato che salva ogni passaggio e controlla il testo prima dell'invio.",
        ),
        ServiceId::Preselection => (
            "Richiesta di preselezione",
            "Chiedi al Centro per l'impiego di selezionare per te una rosa di candidati.",
        ),
        ServiceId::Internship => (
            "Attivazione di un tirocinio",
            "Chiedi l'attivazione di un tirocinio extracurricolare con il progetto formativo.",
        ),
        ServiceId::Law68Obligations => (
            "Obblighi della legge 68/99",
            "Scopri quante persone con disabilità la tua azienda è tenuta ad assumere e come adempiere.",
        ),
        ServiceId::ApplicantPipeline => (
            "Candidature ed esiti",
            "Segui i candidati delle tue offerte e registra l'esito di ogni colloquio.",
        ),
    };
    ServiceText { title, summary }
}

fn audience(a: Audience) -> &'static str {
    match a {
        Audience::Citizen => "Cittadini",
        Audience::Business => "Imprese",
    }
}

fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Ticket => "Una pratica seguita da un operatore del Centro per l'impiego",
        Outcome::Did => "La tua dichiarazione di immediata disponibilità",
        Outcome::Profile => "La tua scheda anagrafico-professionale",
        Outcome::Pact => "Il tuo patto di servizio",
        Outcome::Appointment => "Un appuntamento confermato",
        Outcome::Certificate => "Un certificato in PDF",
        Outcome::Application => "Le tue candidature e ricerche salvate",
        Outcome::Vacancy => "Un'offerta di lavoro pubblicata o una preselezione",
        Outcome::Company => "Lo spazio di lavoro della tua azienda",
        Outcome::Information => "Informazioni: non viene creata alcuna pratica",
    }
}

fn data_need(d: DataNeed) -> &'static str {
    match d {
        DataNeed::Identity => "Dati anagrafici (dal tuo accesso con SPID o CIE)",
        DataNeed::Residence => "Residenza e domicilio",
        DataNeed::Contacts => "Recapiti",
        DataNeed::EmploymentStatus => "Situazione lavorativa attuale",
        DataNeed::EducationAndTraining => "Titoli di studio e formazione",
        DataNeed::WorkExperience => "Esperienze di lavoro",
        DataNeed::Skills => "Competenze e lingue",
        DataNeed::Availability => "Disponibilità (orari, contratti, distanza)",
        DataNeed::DisabilityStatus => "Condizione di disabilità (dato riservato)",
        DataNeed::CompanyData => "Dati dell'azienda",
        DataNeed::VacancyDetails => "Descrizione della posizione e requisiti",
        DataNeed::InternshipDetails => "Dati del tirocinio e del tutor",
        DataNeed::AppointmentSlot => "Scelta dell'appuntamento",
        DataNeed::FreeTextMessage => "Il tuo messaggio",
    }
}

fn document_need(d: DocumentNeed) -> &'static str {
    match d {
        DocumentNeed::IdentityDocument => "Documento di identità",
        DocumentNeed::ResidencePermit => "Permesso di soggiorno (se cittadino extra UE)",
        DocumentNeed::DisabilityCertificate => "Verbale di accertamento della disabilità",
        DocumentNeed::Cv => "Curriculum (facoltativo)",
        DocumentNeed::TrainingProject => "Progetto formativo firmato",
    }
}

// ---- Identifier validators ----

fn month_name(month: u8) -> &'static str {
    const NAMES: [&str; 12] = [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ];
    usize::from(month)
        .checked_sub(1)
        .and_then(|i| NAMES.get(i))
        .copied()
        .unwrap_or("?")
}

pub static IT: Messages = Messages {
    account: &super::account::IT,
    company: &super::company::IT,
    admin: &super::admin::IT,
    counter: &super::counter::IT,
    appointments: &super::appointments::IT,
    documents: &super::documents::IT,
    vacancy_form: &super::vacancy_form::IT,
    vacancies: &super::vacancies::IT,
    review: &super::review::IT,
    applicants: &super::applicants::IT,
    search: &super::search::IT,
    matching: &super::matching::IT,
    pact: &super::pact::IT,
    my_applications: &super::my_applications::IT,
    profile: &super::profile::IT,
    did: &super::did::IT,
    site_name: "Sportello Lavoro",
    region_name: "Regione Umbria",
    site_tagline: "Lo sportello online dei Centri per l'impiego",
    skip_to_content: "Vai al contenuto principale",
    main_nav_label: "Menu principale",
    nav_home: "Home",
    nav_citizens: "Cittadini",
    nav_businesses: "Imprese",
    nav_cpi: "Centri per l'impiego",
    language_switch_label: "Lingua",
    language_switch_submit: "Cambia lingua",
    footer_about: "Sportello Lavoro è il servizio online dei Centri per l'impiego della Regione Umbria.",
    footer_links_label: "Informazioni legali",
    footer_accessibility: "Dichiarazione di accessibilità",
    footer_privacy: "Informativa privacy",

    home_title: "Tutti i servizi per il lavoro, online",
    home_intro: "Dichiara la tua disponibilità, cerca lavoro, prenota un appuntamento o cerca personale senza fare la fila: lo sportello è aperto a qualsiasi ora, anche dal telefono.",
    home_citizens_heading: "Per i cittadini",
    home_citizens_intro: "Servizi per chi cerca lavoro o vuole cambiarlo.",
    home_businesses_heading: "Per le imprese",
    home_businesses_intro: "Servizi per chi assume e per i consulenti del lavoro.",
    home_cpi_heading: "Hai bisogno di aiuto?",
    home_cpi_intro: "Gli operatori dei Centri per l'impiego ti rispondono online e, se serve, ti ricevono su appuntamento.",
    home_cpi_link: "Trova il tuo Centro per l'impiego",

    citizens_title: "Servizi per i cittadini",
    businesses_title: "Servizi per le imprese",

    service,
    audience,
    outcome,
    data_need,
    document_need,
    service_for_label: "Per chi",
    service_outcome_label: "Che cosa ottieni",
    service_needs_heading: "Che cosa ti chiederemo",
    service_documents_heading: "Documenti da allegare",
    service_no_documents: "Nessun documento da allegare.",
    service_timing_heading: "Tempi",
    service_sla: |days| format!("Il Centro per l'impiego risponde entro {days} giorni lavorativi."),
    service_immediate: "Il risultato è immediato.",
    service_age_limit: |min, max| format!("Riservato a chi ha tra {min} e {max} anni."),
    service_mandate_allowed: "Un patronato o lo sportello del tuo comune può aiutarti con una delega.",
    service_mandate_not_allowed: "Questo servizio si usa solo di persona, senza delega.",
    service_not_yet_online: "La compilazione online di questo servizio sarà disponibile a breve. Nel frattempo puoi rivolgerti al tuo Centro per l'impiego.",
    breadcrumb_label: "Percorso di navigazione",

    cpi_title: "I Centri per l'impiego",
    cpi_intro: "I cinque Centri per l'impiego della regione e i loro recapiti.",
    cpi_address: "Indirizzo",
    cpi_phone: "Telefono",
    cpi_email: "Email",
    cpi_none: "Nessun Centro per l'impiego registrato.",
    loading: "Caricamento…",

    not_found_title: "Pagina non trovata",
    not_found_body: "La pagina che cerchi non esiste o è stata spostata.",
    back_home: "Torna alla home",
    error_title: "Si è verificato un errore",
    error_reference_label: "Codice di riferimento",
    error_reference_hint: "Se contatti l'assistenza, comunica questo codice: ci aiuta a trovare il problema.",
    error_unauthenticated: "Devi accedere per continuare.",
    error_forbidden: "Non hai i permessi per questa operazione.",
    error_not_found: "Non abbiamo trovato ciò che cerchi.",
    error_validation: "Alcuni dati non sono corretti: controlla i campi indicati.",
    error_conflict: "I dati sono stati modificati nel frattempo: ricarica la pagina e riprova.",
    error_rate_limited: "Troppe richieste in poco tempo: attendi qualche istante e riprova.",
    error_unavailable: "Il servizio è momentaneamente non disponibile: riprova tra poco.",
    error_internal: "Qualcosa non ha funzionato da parte nostra. Non hai perso nulla: riprova tra poco.",
    error_transport: "Non riusciamo a raggiungere il server: controlla la connessione e riprova.",
    error_bad_request: "La richiesta non è valida.",
    field_required: "Campo obbligatorio.",
    field_invalid: "Valore non valido.",
    field_too_long: |max| format!("Al massimo {max} caratteri."),

    offline_title: "Sei offline",
    offline_body: "Non c'è connessione a internet. Le pagine che hai già visitato restano disponibili; quando torni online puoi continuare da dove eri rimasto.",
    offline_retry: "Riprova",

    accessibility_title: "Dichiarazione di accessibilità",
    accessibility_body: &[
        "La Regione Umbria si impegna a rendere accessibile Sportello Lavoro, in conformità alla legge 9 gennaio 2004, n. 4 e alle Linee guida AgID sull'accessibilità degli strumenti informatici, che recepiscono la norma EN 301 549 e le WCAG 2.1 livello AA.",
        "Stato di conformità: il servizio è parzialmente conforme. Ogni pagina è verificata automaticamente con strumenti di controllo dell'accessibilità a ogni modifica, su telefono e su computer, con e senza JavaScript; le funzioni principali si usano interamente da tastiera e con i lettori di schermo.",
        "Contenuti non accessibili: i servizi ancora in costruzione sono descritti ma non ancora compilabili online; in quel caso puoi rivolgerti al tuo Centro per l'impiego.",
        "Segnalazioni: se incontri un ostacolo, scrivi al tuo Centro per l'impiego indicando la pagina e il problema. Se la risposta non ti soddisfa, puoi rivolgerti al Difensore civico per il digitale presso AgID.",
    ],
    privacy_title: "Informativa sul trattamento dei dati personali",
    privacy_body: &[
        "Titolare del trattamento è la Regione Umbria, che gestisce i Centri per l'impiego. I dati sono trattati ai sensi del Regolamento (UE) 2016/679 (GDPR) e del D.Lgs. 196/2003.",
        "Finalità e base giuridica: erogare i servizi per il lavoro previsti dal D.Lgs. 150/2015 (esecuzione di compiti di interesse pubblico, art. 6.1.e GDPR). I dati sulla disabilità sono trattati solo per il collocamento mirato (L. 68/99, art. 9.2.b e 9.2.g GDPR), separati dagli altri e visibili solo al personale incaricato.",
        "Il tuo profilo non è visibile alle imprese finché non lo decidi tu. Ogni accesso del personale e degli intermediari ai tuoi dati viene registrato.",
        "Cookie: usiamo solo cookie tecnici (sessione e lingua scelta), senza profilazione né servizi di terze parti.",
        "Diritti: puoi chiedere accesso, rettifica, limitazione e opposizione scrivendo al tuo Centro per l'impiego o al Responsabile della protezione dei dati della Regione, e proporre reclamo al Garante per la protezione dei dati personali.",
    ],

    // ---- Identifier validators (codice fiscale, partita IVA) ----
    cf_empty: "Inserisci il codice fiscale.",
    cf_wrong_length: |n| format!("Il codice fiscale ha 16 caratteri: ne hai inseriti {n}."),
    cf_expected_letter: |position, found| format!("In posizione {position} ci vuole una lettera, non «{}».", found.escape_debug()),
    cf_expected_digit: |position, found| format!("In posizione {position} ci vuole una cifra (o una delle lettere L M N P Q R S T U V che la sostituiscono), non «{}».", found.escape_debug()),
    cf_invalid_month: |found| format!("In posizione 9 ci vuole la lettera del mese (A B C D E H L M P R S T), non «{}».", found.escape_debug()),
    cf_invalid_day: |day| format!("Il giorno di nascita «{day:02}» non è valido: va da 01 a 31, o da 41 a 71 per le donne."),
    cf_non_existent_date: |day, month| format!("Il {day} {} non esiste: controlla il giorno e la lettera del mese.", month_name(month)),
    cf_not_leap_year: |year| format!("Il 29 febbraio non esiste né nel 19{year:02} né nel 20{year:02}."),
    cf_omocodia_out_of_order: |letter_at, digit_at| format!("In posizione {letter_at} c'è una lettera al posto di una cifra, ma in posizione {digit_at} c'è ancora una cifra: le cifre si sostituiscono sempre a partire da destra."),
    cf_wrong_check_character: |expected, found| format!("L'ultimo carattere dovrebbe essere «{expected}», non «{found}»: controlla di aver copiato bene il codice."),
    cf_mismatch_surname: "Il cognome non corrisponde al codice fiscale.",
    cf_mismatch_name: "Il nome non corrisponde al codice fiscale.",
    cf_mismatch_birth_date: "La data di nascita non corrisponde al codice fiscale.",
    cf_mismatch_sex: "Il sesso non corrisponde al codice fiscale.",
    cf_mismatch_birth_place: "Il luogo di nascita non corrisponde al codice fiscale.",
    tax_code_wrong_length: |n| format!("Il codice fiscale ha 16 caratteri, o 11 cifre per società ed enti: ne hai inseriti {n}."),
    piva_empty: "Inserisci il numero.",
    piva_wrong_length: |n| format!("Il numero ha 11 cifre: hai inserito {n} caratteri."),
    piva_not_a_digit: |position, found| format!("In posizione {position} ci vuole una cifra, non «{}».", found.escape_debug()),
    piva_all_zero_serial: "Le prime 7 cifre non possono essere tutte zero.",
    piva_invalid_office: |code| format!("Le cifre dall'ottava alla decima ({code:03}) non sono il codice di un ufficio delle Entrate."),
    piva_wrong_check_digit: |expected, found| format!("L'ultima cifra dovrebbe essere {expected}, non {found}: controlla di aver copiato bene il numero."),

    // ---- Comune picker and CPI finder ----
    combobox_count: |n| if n == 1 { "1 risultato disponibile".to_string() } else { format!("{n} risultati disponibili") },
    combobox_no_results: "Nessun risultato",
    cpi_finder_label: "Trova il tuo Centro per l'impiego",
    cpi_finder_input_label: "Trova il tuo Centro per l'impiego: scrivi il tuo comune",
    cpi_finder_hint: "Scrivi almeno 2 lettere, ad esempio «Foligno».",
    cpi_finder_submit: "Cerca",
    cpi_finder_result_heading: "Risultato della ricerca",
    cpi_finder_your_cpi: "Il tuo Centro per l'impiego è:",
    cpi_finder_not_served: "non è servito da un Centro per l'impiego di questa regione.",
    cpi_finder_many: "Più comuni corrispondono alla ricerca:",
    cpi_finder_no_match: |q| format!("Nessun comune trovato per «{q}»."),
    cpi_finder_too_short: "Scrivi almeno 2 lettere del nome del comune.",

    // ---- Occupation picker and /professioni ----
    occupation_option_synonym: |term| format!("anche: {term}"),
    footer_occupations: "Cerca una professione",
    occupations_title: "Cerca una professione",
    occupations_intro: "Trova una professione con il nome che usi tu, anche al plurale o con un sinonimo, e vedi come è classificata in Italia e in Europa (ISCO-08, ESCO).",
    occupations_search_label: "Cerca una professione",
    occupations_input_label: "Nome della professione",
    occupations_hint: "Scrivi almeno 2 lettere, ad esempio «saldatore» o «cuoca».",
    occupations_submit: "Cerca",
    occupations_results_heading: "Professioni trovate",
    occupations_no_match: |q| format!("Nessuna professione trovata per «{q}»."),
    occupations_too_short: "Scrivi almeno 2 lettere del nome della professione.",
    occupation_label_it: "Nome in italiano",
    occupation_label_en: "Nome in inglese",
    occupation_synonyms_it: "Altri nomi in italiano",
    occupation_synonyms_en: "Altri nomi in inglese",
    occupation_no_synonyms: "Nessuno",
    occupation_isco: "Classificazione ISCO-08",
    isco_level: |level| match level {
        1 => "Grande gruppo",
        2 => "Sottogruppo principale",
        3 => "Gruppo minore",
        _ => "Gruppo unitario",
    },
    occupation_esco: "Classificazione europea ESCO",
    occupation_esco_link: "Scheda ESCO della professione (sito esterno)",
};
