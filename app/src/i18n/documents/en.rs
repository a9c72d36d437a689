use super::{format_date, format_size, DocumentMessages};
use crate::domain::document::DocumentSide;

pub const EN: DocumentMessages = DocumentMessages {
    heading: "Documents",
    none: "No documents attached to this request.",
    caption: "Documents attached to this request",
    name_heading: "Document",
    kind_heading: "Type",
    size_heading: "Size",
    date_heading: "Uploaded on",
    side_heading: "Uploaded by",
    side: |side| match side {
        DocumentSide::Requester => "Requester",
        DocumentSide::Staff => "Employment centre",
    },
    size: |bytes| format_size(bytes, '.', "bytes"),
    date: format_date,

    upload_heading: "Add a document",
    file_label: "File to attach",
    limits: |mb| {
        format!("PDF, JPEG or PNG, at most {mb} MB. The type is checked from the file's content, not its name.")
    },
    submit: "Upload the document",
    progress_label: "Upload progress",
    progress: |percent| format!("Uploading: {percent}%"),

    uploaded: "Document uploaded.",
    problem: "Document not uploaded",
    no_file: "Choose a file to attach.",
    too_large: "The file is too large: it exceeds the limit stated on the form. Make it smaller (for example by scanning at a lower resolution) and try again.",
    wrong_type: "The file is not a PDF, JPEG or PNG. Save or scan it in one of these formats and try again.",
    empty: "The file is empty, or no file was chosen.",
    closed: "This request is closed: no more documents can be added.",
    failed: "The upload did not succeed. Check your connection and try again.",
    logged_out: "Your session has expired: log in again and upload the document again.",
};
