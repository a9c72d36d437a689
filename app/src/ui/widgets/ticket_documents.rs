//! The documents of a ticket: the list with download links, and the upload form. The form is a
//! plain multipart post to the server's upload route, so it works without JavaScript (the server
//! answers with a redirect back to the ticket's page, whose `?esito=`/`?errore=` [`upload_notice`]
//! explains); once the page is hydrated, the submit is sent with `XMLHttpRequest` instead, which
//! reports upload progress, and the list refreshes in place.

use crate::api::documents::{
    download_path, list_ticket_documents, upload_path, DocumentRow, TicketDocumentList,
};
use crate::domain::document::ACCEPT_ATTRIBUTE;
use crate::i18n::{use_i18n, Messages};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Where a script-driven upload stands. Only the browser's script moves it past `Idle`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum UploadStatus {
    Idle,
    /// Sending, with the percentage sent.
    Sending(u32),
    Done,
    /// Refused or failed, with the message to show.
    Failed(&'static str),
}

/// Progress is announced to screen readers in steps this large, not at every event.
const ANNOUNCE_STEP: u32 = 10;

const BYTES_PER_MB: u64 = 1024 * 1024;

/// How long an upload's outcome outlives the component that showed it, in milliseconds.
#[cfg(feature = "hydrate")]
const OUTCOME_KEPT_MS: f64 = 10_000.0;

#[cfg(feature = "hydrate")]
thread_local! {
    /// The last script-driven upload's outcome: (ticket, outcome, when). The page around the list
    /// re-renders when the live update for the new document arrives, which makes a new component;
    /// without this the "Document uploaded" message (and its announcement) would vanish with the old.
    static LAST_OUTCOME: std::cell::Cell<Option<(i64, UploadStatus, f64)>> = const { std::cell::Cell::new(None) };
}

/// The outcome to show on a fresh component: one that a component of the same ticket just had.
fn recent_outcome(ticket_id: i64) -> UploadStatus {
    #[cfg(feature = "hydrate")]
    if let Some((ticket, outcome, at)) = LAST_OUTCOME.with(|last| last.get()) {
        let now = leptos::web_sys::js_sys::Date::now();
        if ticket == ticket_id && now - at < OUTCOME_KEPT_MS {
            return outcome;
        }
    }
    let _ = ticket_id;
    UploadStatus::Idle
}

/// Remembers an outcome for [`recent_outcome`].
#[cfg(feature = "hydrate")]
fn remember_outcome(ticket_id: i64, outcome: UploadStatus) {
    let now = leptos::web_sys::js_sys::Date::now();
    LAST_OUTCOME.with(|last| last.set(Some((ticket_id, outcome, now))));
}

/// A ticket's documents and, when `can_upload`, the form to add one.
#[component]
pub fn TicketDocuments(ticket_id: i64, can_upload: bool) -> impl IntoView {
    let t = use_i18n();
    let d = t.documents;
    let refresh = RwSignal::new(0u32);
    let status = RwSignal::new(recent_outcome(ticket_id));
    let list = Resource::new(
        move || refresh.get(),
        move |_| list_ticket_documents(ticket_id),
    );
    let heading_id = format!("ticket-{ticket_id}-documents");
    let labelled_by = heading_id.clone();
    view! {
        <section class="ticket-documents" aria-labelledby=labelled_by>
            <h2 id=heading_id>{d.heading}</h2>
            <Transition fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(documents) => view! {
                            {table(t, &documents.documents)}
                            {can_upload.then(|| upload_form(t, ticket_id, &documents, status, refresh))}
                        }
                            .into_any(),
                        Err(error) => view! {
                            <p class="alert alert-danger" role="alert">{error.message(t)}</p>
                        }
                            .into_any(),
                    }
                })}
            </Transition>
            {can_upload.then(|| status_view(t, ticket_id, status))}
        </section>
    }
    // Erased: the pages that embed the list keep view types the compiler can still lay out.
    .into_any()
}

fn table(t: &'static Messages, documents: &[DocumentRow]) -> AnyView {
    let d = t.documents;
    if documents.is_empty() {
        return view! { <p>{d.none}</p> }.into_any();
    }
    let rows = documents
        .iter()
        .map(|doc| {
            view! {
                <tr>
                    // `download` keeps the router's click handler away: the browser fetches
                    // the file itself (the server names it in Content-Disposition).
                    <td><a href=download_path(doc.id) download="">{doc.display_name.clone()}</a></td>
                    <td>{doc.kind.label()}</td>
                    <td>{(d.size)(doc.size_bytes)}</td>
                    <td>{(d.date)(&doc.at)}</td>
                    <td>{(d.side)(doc.side)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-responsive">
            <table class="table ticket-documents-table">
                <caption>{d.caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{d.name_heading}</th>
                        <th scope="col">{d.kind_heading}</th>
                        <th scope="col">{d.size_heading}</th>
                        <th scope="col">{d.date_heading}</th>
                        <th scope="col">{d.side_heading}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn upload_form(
    t: &'static Messages,
    ticket_id: i64,
    documents: &TicketDocumentList,
    status: RwSignal<UploadStatus>,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let d = t.documents;
    let max_bytes = documents.max_upload_bytes;
    let max_mb = max_bytes.div_ceil(BYTES_PER_MB);
    let input_id = format!("ticket-{ticket_id}-file");
    let hint_id = format!("ticket-{ticket_id}-file-hint");
    let heading_id = format!("ticket-{ticket_id}-upload-heading");
    let (form_label, input_label, input_hint) =
        (heading_id.clone(), input_id.clone(), hint_id.clone());
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            ev.prevent_default();
            if matches!(status.get_untracked(), UploadStatus::Sending(_)) {
                return;
            }
            let outcome = browser::send(
                ticket_id,
                max_bytes,
                form_ref.get_untracked(),
                input_ref.get_untracked(),
                status,
                refresh,
                d,
            );
            if let Err(message) = outcome {
                status.set(UploadStatus::Failed(message));
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, max_bytes, form_ref, input_ref, status, refresh);
    };
    view! {
        <h3 id=heading_id>{d.upload_heading}</h3>
        <form
            method="post"
            enctype="multipart/form-data"
            action=upload_path(ticket_id)
            class="ticket-document-upload"
            aria-labelledby=form_label
            node_ref=form_ref
            on:submit=on_submit
        >
            <div class="form-group">
                <label for=input_label>{d.file_label}</label>
                <input
                    type="file"
                    id=input_id
                    name="file"
                    class="form-control"
                    accept=ACCEPT_ATTRIBUTE
                    required
                    aria-describedby=input_hint
                    node_ref=input_ref
                />
                <p id=hint_id class="form-text">{(d.limits)(max_mb)}</p>
            </div>
            <button
                type="submit"
                class="btn btn-primary"
                disabled=move || matches!(status.get(), UploadStatus::Sending(_))
            >
                {d.submit}
            </button>
        </form>
    }
}

/// The progress bar and the outcome of a script-driven upload. Outside the list's `Transition`, so
/// the live regions stay in the page while the list refreshes (a live region only announces
/// changes to an element that was already there).
fn status_view(
    t: &'static Messages,
    ticket_id: i64,
    status: RwSignal<UploadStatus>,
) -> impl IntoView {
    let d = t.documents;
    let progress_id = format!("ticket-{ticket_id}-upload-progress");
    let progress_label = progress_id.clone();
    let sending = move || match status.get() {
        UploadStatus::Sending(percent) => Some(percent),
        _ => None,
    };
    let announced = move || match status.get() {
        UploadStatus::Sending(percent) => (d.progress)(percent - percent % ANNOUNCE_STEP),
        UploadStatus::Done => d.uploaded.to_string(),
        _ => String::new(),
    };
    let failure = move || match status.get() {
        UploadStatus::Failed(message) => Some(view! {
            <p class="alert alert-danger"><strong>{d.problem}</strong>": "{message}</p>
        }),
        _ => None,
    };
    view! {
        <div class="upload-status">
            <div class="upload-progress" hidden=move || sending().is_none()>
                <label for=progress_label>{d.progress_label}</label>
                <progress id=progress_id max="100" value=move || sending().unwrap_or(0)>
                    {move || format!("{}%", sending().unwrap_or(0))}
                </progress>
            </div>
            <p class="upload-live" aria-live="polite">{announced}</p>
            <div role="alert">{failure}</div>
        </div>
    }
}

/// The notice after a form upload without JavaScript, from the page's `?esito=documento` or
/// `?errore=…`; `None` when the URL carries neither (or another feature's codes). The ticket page
/// shows it above its content.
pub fn upload_notice(t: &'static Messages) -> Option<AnyView> {
    let d = t.documents;
    let query = use_query_map().read_untracked();
    if let Some(message) = query.get("errore").and_then(|code| d.refusal(&code)) {
        return Some(
            view! {
                <div class="alert alert-danger" role="alert">
                    <p><strong>{d.problem}</strong>": "{message}</p>
                </div>
            }
            .into_any(),
        );
    }
    (query.get("esito").as_deref() == Some("documento")).then(|| {
        view! { <div class="alert alert-success" role="status">{d.uploaded}</div> }.into_any()
    })
}

/// The upload through `XMLHttpRequest`, the only browser API that reports upload progress.
#[cfg(feature = "hydrate")]
mod browser {
    use super::UploadStatus;
    use crate::api::documents::upload_path;
    use crate::i18n::documents::DocumentMessages;
    use leptos::prelude::*;
    use leptos::wasm_bindgen::closure::Closure;
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{
        FormData, HtmlFormElement, HtmlInputElement, ProgressEvent, XmlHttpRequest,
    };

    /// Starts the upload; `Err` carries the message when it cannot start.
    pub fn send(
        ticket_id: i64,
        max_bytes: u64,
        form: Option<HtmlFormElement>,
        input: Option<HtmlInputElement>,
        status: RwSignal<UploadStatus>,
        refresh: RwSignal<u32>,
        d: &'static DocumentMessages,
    ) -> Result<(), &'static str> {
        let (Some(form), Some(input)) = (form, input) else {
            return Err(d.failed);
        };
        let file = input
            .files()
            .and_then(|files| files.get(0))
            .ok_or(d.no_file)?;
        // Checked here too so nobody waits for a file the server will refuse; the server decides.
        if file.size() > max_bytes as f64 {
            return Err(d.too_large);
        }
        if file.size() == 0.0 {
            return Err(d.empty);
        }
        let data = FormData::new_with_form(&form).map_err(|_| d.failed)?;
        let xhr = XmlHttpRequest::new().map_err(|_| d.failed)?;
        xhr.open("POST", &upload_path(ticket_id))
            .map_err(|_| d.failed)?;
        xhr.set_request_header("Accept", "application/json")
            .map_err(|_| d.failed)?;

        let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                let percent = (e.loaded() / e.total() * 100.0).floor().clamp(0.0, 100.0) as u32;
                status.set(UploadStatus::Sending(percent));
            }
        });
        let upload = xhr.upload().map_err(|_| d.failed)?;
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));

        let answered = xhr.clone();
        let on_load = Closure::<dyn FnMut()>::new(move || {
            let code = answered.status().unwrap_or(0);
            if code == 201 {
                status.set(UploadStatus::Done);
                super::remember_outcome(ticket_id, UploadStatus::Done);
                form.reset();
                refresh.update(|n| *n += 1);
                return;
            }
            let refusal = answered
                .response_text()
                .ok()
                .flatten()
                .and_then(|body| serde_json::from_str::<serde_json::Value>(&body).ok())
                .and_then(|json| {
                    json.get("error")
                        .and_then(|e| e.as_str())
                        .map(str::to_string)
                })
                .and_then(|code| d.refusal(&code));
            let message = match (refusal, code) {
                (Some(message), _) => message,
                (None, 401) => d.logged_out,
                _ => d.failed,
            };
            status.set(UploadStatus::Failed(message));
            super::remember_outcome(ticket_id, UploadStatus::Failed(message));
        });
        xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
        let on_error = Closure::<dyn FnMut()>::new(move || {
            status.set(UploadStatus::Failed(d.failed));
        });
        xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));

        status.set(UploadStatus::Sending(0));
        xhr.send_with_opt_form_data(Some(&data))
            .map_err(|_| d.failed)?;
        // The request owns its handlers from here on; they are small and live as long as the page.
        on_progress.forget();
        on_load.forget();
        on_error.forget();
        Ok(())
    }
}
