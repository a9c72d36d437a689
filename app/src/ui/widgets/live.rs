//! Live updates in the browser: a counter that moves whenever the server says something the page
//! shows has changed (see `crate::live` and `server/src/realtime/`). A page keys its resources on it:
//!
//! ```ignore
//! let live = use_live(Signal::derive(move || Some(format!("/events?ticket={id}"))));
//! let thread = Resource::new(move || live.get(), move |_| load_thread(id));
//! ```
//!
//! Without JavaScript nothing moves and the page is as fresh as its last load; with JavaScript an
//! `EventSource` keeps one stream open per page. The browser reconnects a dropped stream by itself;
//! every reconnection after the first counts as a change, so the page refetches what it missed.

use leptos::prelude::*;

/// A counter that grows on every change event of the stream at `url` (`None`: no stream) and on
/// every reconnection. On the server it stays at 0.
pub fn use_live(url: Signal<Option<String>>) -> ReadSignal<u32> {
    let (count, set_count) = signal(0u32);
    #[cfg(feature = "hydrate")]
    browser::follow(url, set_count);
    #[cfg(not(feature = "hydrate"))]
    let _ = (url, set_count);
    count
}

/// A visually hidden polite live region: screen readers announce `message` when it changes (e.g.
/// "Your position in the queue: 3"), sighted users see the page itself change.
#[component]
pub fn LiveAnnouncer(#[prop(into)] message: Signal<String>) -> impl IntoView {
    view! {
        <p class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
            {move || message.get()}
        </p>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::__reexports::send_wrapper::SendWrapper;
    use leptos::prelude::*;
    use leptos::wasm_bindgen::closure::Closure;
    use leptos::wasm_bindgen::JsCast;
    use std::cell::Cell;
    use std::rc::Rc;
    use web_sys::EventSource;

    /// The SSE event name the server uses for every change (`event: change`).
    const CHANGE_EVENT: &str = "change";

    pub fn follow(url: Signal<Option<String>>, set_count: WriteSignal<u32>) {
        let bump = move || set_count.update(|n| *n = n.wrapping_add(1));
        // An effect per URL: its cleanup closes the stream when the URL changes or the page goes.
        Effect::new(move |_| {
            let Some(url) = url.get() else { return };
            let Ok(source) = EventSource::new(&url) else {
                return;
            };
            let opened_before = Rc::new(Cell::new(false));
            let on_open = Closure::<dyn FnMut()>::new(move || {
                // The first open is the page's own load; later ones are reconnections after a gap.
                if opened_before.replace(true) {
                    bump();
                }
            });
            let on_change = Closure::<dyn FnMut()>::new(bump);
            source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
            let _ = source
                .add_event_listener_with_callback(CHANGE_EVENT, on_change.as_ref().unchecked_ref());
            // The closures must live as long as the stream; both go together at cleanup.
            let held = SendWrapper::new((source, on_open, on_change));
            on_cleanup(move || {
                let (source, _on_open, _on_change) = held.take();
                source.close();
            });
        });
    }
}
