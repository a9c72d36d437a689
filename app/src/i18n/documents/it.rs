use super::{format_date, format_size, DocumentMessages};
use crate::domain::document::DocumentSide;

pub const IT: DocumentMessages = DocumentMessages {
    heading: "Documenti",
    none: "Nessun documento allegato alla pratica.",
    caption: "Documenti allegati alla pratica",
    name_heading: "Documento",
    kind_heading: "Tipo",
    size_heading: "Dimensione",
    date_heading: "Caricato il",
    side_heading: "Caricato da",
    side: |side| match side {
        DocumentSide::Requester => "Richiedente",
        DocumentSide::Staff => "Centro per l'impiego",
    },
    size: |bytes| format_size(bytes, ',', "byte"),
    date: format_date,

    upload_heading: "Aggiungi un documento",
    file_label: "File da allegare",
    limits: |mb| {
        format!("PDF, JPEG o PNG, al massimo {mb} MB. Il tipo viene controllato sul contenuto del file, non sul nome.")
    },
    submit: "Carica il documento",
    progress_label: "Avanzamento del caricamento",
    progress: |percent| format!("Caricamento: {percent}%"),

    uploaded: "Documento caricato.",
    problem: "Documento non caricato",
    no_file: "Scegli un file da allegare.",
    too_large: "Il file è troppo grande: supera il limite indicato nel modulo. Riducilo (per esempio scansionando a una risoluzione più bassa) e riprova.",
    wrong_type: "Il file non è un PDF, un JPEG o un PNG. Salvalo o scansionalo in uno di questi formati e riprova.",
    empty: "Il file è vuoto oppure non è stato scelto alcun file.",
    closed: "La pratica è chiusa: non si possono più aggiungere documenti.",
    failed: "Il caricamento non è riuscito. Controlla la connessione e riprova.",
    logged_out: "La sessione è scaduta: accedi di nuovo e ricarica il documento.",
};
