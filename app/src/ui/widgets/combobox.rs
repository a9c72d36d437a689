//! The search field behind every picker: a plain text input without JavaScript; after hydration a
//! WAI-ARIA 1.2 combobox ("combobox with listbox popup, list autocomplete"). The caller gives the
//! search function, which answers with plain [`ComboOption`]s; the widget owns the keyboard, the
//! debounce, the dropping of stale answers, the listbox and the live status for screen readers.
//!
//! The widget is deliberately not generic over the hit type: each picker maps its hits to
//! [`ComboOption`], so the view and keyboard code are compiled once into the browser bundle instead of
//! once per picker (DESIGN §8, bundle budget).
//!
//! The key handling and the stale-answer counter are plain functions and types ([`on_key`],
//! [`Generation`]) so they are unit-tested without a browser.

use crate::domain::reference::MIN_QUERY_CHARS;
use crate::error::AppError;
use crate::i18n::{use_i18n, Messages};
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// How long typing must pause before the suggestions are fetched.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// One suggestion, as the combobox shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComboOption {
    /// Identifies the suggestion within one answer (the listbox's keyed rows); pickers report it.
    pub value: String,
    /// The option's main text, and the text the input shows once the option is picked.
    pub label: String,
    /// Secondary text, part of the option's accessible name.
    pub detail: Option<Detail>,
}

/// How an option's secondary text is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    /// After the label, in parentheses: "Perugia (PG)".
    Parenthesised(String),
    /// On a line of its own (by CSS); screen readers hear it after a comma.
    Below(String),
}

/// What a search answers: the options for one text. Boxed so that one concrete combobox serves every
/// picker; the future is not `Send` because in the browser it wraps a `fetch`.
pub type SearchFuture = Pin<Box<dyn Future<Output = Result<Vec<ComboOption>, AppError>>>>;

/// Boxes a picker's search (a server function call mapped to options) as the combobox wants it.
pub fn search_with<F, Fut>(search: F) -> Callback<String, SearchFuture>
where
    F: Fn(String) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Vec<ComboOption>, AppError>> + 'static,
{
    Callback::new(move |q: String| -> SearchFuture { Box::pin(search(q)) })
}

/// Whether the list is open and which option is highlighted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Nav {
    pub open: bool,
    pub active: Option<usize>,
}

/// What a key press in the input does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOutcome {
    /// Not ours: the browser does its default (Enter submits the form, arrows move the caret…).
    Ignore,
    /// The highlight moved (and the list opened); the default is prevented.
    Move(Nav),
    /// The highlighted option at this index is picked; the default is prevented.
    Pick(usize),
    /// The list closes; the default is prevented.
    Close,
}

/// The combobox keyboard contract of the WAI-ARIA Authoring Practices, for `count` suggestions:
/// ArrowDown/ArrowUp open the list and move the highlight (wrapping), Enter picks the highlighted
/// option (with none highlighted it is left to the form), Escape closes an open list.
pub fn on_key(nav: Nav, key: &str, count: usize) -> KeyOutcome {
    match key {
        "ArrowDown" if count > 0 => KeyOutcome::Move(Nav {
            open: true,
            active: Some(nav.active.map_or(0, |i| (i + 1) % count)),
        }),
        "ArrowUp" if count > 0 => KeyOutcome::Move(Nav {
            open: true,
            active: Some(nav.active.map_or(count - 1, |i| (i + count - 1) % count)),
        }),
        "Enter" if nav.open => match nav.active {
            Some(i) if i < count => KeyOutcome::Pick(i),
            _ => KeyOutcome::Ignore,
        },
        "Escape" if nav.open => KeyOutcome::Close,
        _ => KeyOutcome::Ignore,
    }
}

/// Whether a text is long enough to be searched (after trimming).
pub fn wants_search(text: &str) -> bool {
    text.trim().chars().count() >= MIN_QUERY_CHARS
}

/// The live status read to screen readers once an answer arrives.
pub fn status_text(t: &Messages, count: usize) -> String {
    if count == 0 {
        t.combobox_no_results.to_string()
    } else {
        (t.combobox_count)(count)
    }
}

/// Numbers the searches so that only the answer to the latest one is shown: an answer that arrives
/// after the user typed on is stale and dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Generation(u64);

impl Generation {
    /// Starts a new search and returns its ticket.
    pub fn start(&mut self) -> Generation {
        self.0 = self.0.wrapping_add(1);
        *self
    }
}

/// A text input named `name` with a visible label. Without JavaScript it is an ordinary field of the
/// surrounding form. Once hydrated it suggests options from `search` as the user types (≥ 2
/// characters, debounced; stale answers are dropped); ArrowDown/ArrowUp move through the suggestions,
/// Enter or a click picks one (the input gets its label and `on_select` is called), Escape closes the
/// list.
#[component]
pub fn Combobox(
    /// The form field name; also the base of the element ids, so it must be unique on the page.
    #[prop(into)]
    name: String,
    /// The visible label.
    #[prop(into)]
    label: String,
    /// The initial text of the field.
    #[prop(optional, into)]
    value: String,
    /// Optional hint shown under the label (linked with `aria-describedby`).
    #[prop(optional_no_strip)]
    hint: Option<String>,
    /// Extra class of the wrapper, naming the picker (`comune-picker`, `occupation-picker`).
    #[prop(optional)]
    class: &'static str,
    /// The `autocomplete` token of the plain field (before hydration); `off` once it is a combobox.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// Fetches the suggestions for a text that [`wants_search`] (see [`search_with`]). Errors show as
    /// "no results".
    search: Callback<String, SearchFuture>,
    /// Called when the user picks a suggestion.
    #[prop(optional_no_strip)]
    on_select: Option<Callback<ComboOption>>,
    /// Called with the new text whenever the user edits the field.
    #[prop(optional_no_strip)]
    on_edit: Option<Callback<String>>,
) -> impl IntoView {
    let t = use_i18n();
    let input_id = format!("{name}-input");
    let listbox_id = format!("{name}-listbox");
    let hint_id = format!("{name}-hint");
    let label_id = format!("{name}-label");
    let option_prefix = format!("{name}-option-");

    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));

    let text = RwSignal::new(value);
    let hits = RwSignal::new(Vec::<ComboOption>::new());
    let nav = RwSignal::new(Nav::default());
    let status = RwSignal::new(String::new());
    let generation = StoredValue::new(Generation::default());

    let close = move || nav.set(Nav::default());
    let select = move |option: ComboOption| {
        text.set(option.label.clone());
        hits.set(Vec::new());
        close();
        status.set(String::new());
        if let Some(callback) = on_select {
            callback.run(option);
        }
    };

    let on_input = move |ev: leptos::ev::Event| {
        let q = event_target_value(&ev);
        text.set(q.clone());
        nav.update(|n| n.active = None);
        if let Some(callback) = on_edit {
            callback.run(q.clone());
        }
        let mut mine = Generation::default();
        generation.update_value(|g| mine = g.start());
        if !wants_search(&q) {
            hits.set(Vec::new());
            close();
            status.set(String::new());
            return;
        }
        set_timeout(
            move || {
                if generation.try_get_value() != Some(mine) {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let found = search.run(q).await;
                    if generation.try_get_value() != Some(mine) {
                        return;
                    }
                    let found = found.unwrap_or_default();
                    let count = found.len();
                    let _ = status.try_set(status_text(t, count));
                    let _ = nav.try_set(Nav {
                        open: count > 0,
                        active: None,
                    });
                    let _ = hits.try_set(found);
                });
            },
            DEBOUNCE,
        );
    };

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = hits.with(Vec::len);
        match on_key(nav.get(), ev.key().as_str(), count) {
            KeyOutcome::Ignore => {}
            KeyOutcome::Move(next) => {
                ev.prevent_default();
                nav.set(next);
            }
            KeyOutcome::Pick(i) => {
                if let Some(hit) = hits.with(|h| h.get(i).cloned()) {
                    ev.prevent_default();
                    select(hit);
                }
            }
            KeyOutcome::Close => {
                ev.prevent_default();
                close();
            }
        }
    };

    let option_id = move |i: usize| format!("{option_prefix}{i}");
    let active_descendant = {
        let option_id = option_id.clone();
        move || {
            let n = nav.get();
            if !n.open {
                return None;
            }
            n.active.map(&option_id)
        }
    };
    let controls = listbox_id.clone();
    let described_by = hint.as_ref().map(|_| hint_id.clone());
    let wrapper_class = if class.is_empty() {
        "combobox".to_string()
    } else {
        format!("combobox {class}")
    };

    // The listbox exists only once hydrated: without JavaScript the field is a plain input. Plain
    // closures rather than `<Show>`/`<For>`: the options are few and rebuilt on every answer anyway
    // (they are keyed by position), and keyed diffing would add its code to the bundle for nothing.
    let options = move || {
        hits.get()
            .into_iter()
            .enumerate()
            .map(|(i, option)| {
                let is_active = move || nav.get().active == Some(i);
                let content = option_content(&option);
                view! {
                    <li
                        id=option_id(i)
                        role="option"
                        class="combobox-option"
                        class:active=is_active
                        aria-selected=move || if is_active() { "true" } else { "false" }
                        on:mousedown=|ev| ev.prevent_default()
                        on:click=move |_| select(option.clone())
                    >
                        {content}
                    </li>
                }
            })
            .collect_view()
    };
    let labelled_by = label_id.clone();
    let listbox = move || {
        hydrated.get().then(|| {
            view! {
                <ul
                    id=listbox_id.clone()
                    role="listbox"
                    class="combobox-listbox"
                    aria-labelledby=labelled_by.clone()
                    hidden=move || !nav.get().open
                >
                    {options.clone()}
                </ul>
            }
        })
    };

    view! {
        <div class=wrapper_class>
            <label for=input_id.clone() id=label_id class="combobox-label">{label}</label>
            {hint.map(|h| view! { <p id=hint_id.clone() class="combobox-hint">{h}</p> })}
            <div class="combobox-field">
                <input
                    type="text"
                    id=input_id.clone()
                    name=name
                    class="form-control combobox-input"
                    prop:value=move || text.get()
                    value=text.get_untracked()
                    aria-describedby=described_by
                    autocomplete=move || if hydrated.get() { "off" } else { autocomplete }
                    spellcheck="false"
                    role=move || hydrated.get().then_some("combobox")
                    aria-autocomplete=move || hydrated.get().then_some("list")
                    aria-expanded=move || {
                        hydrated.get().then(|| if nav.get().open { "true" } else { "false" })
                    }
                    aria-controls=move || hydrated.get().then(|| controls.clone())
                    aria-activedescendant=active_descendant
                    on:input=on_input
                    on:keydown=on_keydown
                    on:blur=move |_| close()
                />
                {listbox}
            </div>
            <div class="combobox-status" role="status" aria-live="polite">
                {move || status.get()}
            </div>
        </div>
    }
    .into_any()
}

/// The content of an option; its text is the option's accessible name.
fn option_content(option: &ComboOption) -> AnyView {
    let label = option.label.clone();
    match option.detail.clone() {
        None => label.into_any(),
        Some(Detail::Parenthesised(detail)) => view! {
            {label}
            " "
            <span class="combobox-option-detail">"(" {detail} ")"</span>
        }
        .into_any(),
        Some(Detail::Below(detail)) => view! {
            {label}
            // A comma, not only a line break, so the accessible name reads as two phrases.
            <span class="combobox-sr">", "</span>
            <span class="combobox-option-detail">{detail}</span>
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLOSED: Nav = Nav {
        open: false,
        active: None,
    };

    fn at(i: usize) -> Nav {
        Nav {
            open: true,
            active: Some(i),
        }
    }

    #[test]
    fn arrows_open_the_list_and_wrap_around() {
        for (nav, key, count, expected) in [
            (CLOSED, "ArrowDown", 3, KeyOutcome::Move(at(0))),
            (at(0), "ArrowDown", 3, KeyOutcome::Move(at(1))),
            (at(2), "ArrowDown", 3, KeyOutcome::Move(at(0))),
            (CLOSED, "ArrowUp", 3, KeyOutcome::Move(at(2))),
            (at(0), "ArrowUp", 3, KeyOutcome::Move(at(2))),
            (at(2), "ArrowUp", 3, KeyOutcome::Move(at(1))),
            (CLOSED, "ArrowDown", 0, KeyOutcome::Ignore),
            (CLOSED, "ArrowUp", 0, KeyOutcome::Ignore),
        ] {
            assert_eq!(on_key(nav, key, count), expected, "{nav:?} {key} {count}");
        }
    }

    #[test]
    fn enter_picks_only_a_highlighted_option_and_otherwise_submits_the_form() {
        assert_eq!(on_key(at(1), "Enter", 3), KeyOutcome::Pick(1));
        let open_nothing_active = Nav {
            open: true,
            active: None,
        };
        assert_eq!(on_key(open_nothing_active, "Enter", 3), KeyOutcome::Ignore);
        assert_eq!(on_key(CLOSED, "Enter", 3), KeyOutcome::Ignore);
        // A highlight left over from a longer answer is not an option any more.
        assert_eq!(on_key(at(5), "Enter", 3), KeyOutcome::Ignore);
    }

    #[test]
    fn escape_closes_only_an_open_list() {
        assert_eq!(on_key(at(0), "Escape", 3), KeyOutcome::Close);
        assert_eq!(on_key(CLOSED, "Escape", 3), KeyOutcome::Ignore);
        assert_eq!(on_key(at(0), "a", 3), KeyOutcome::Ignore);
    }

    #[test]
    fn searches_from_two_characters_after_trimming() {
        assert!(!wants_search(""));
        assert!(!wants_search("  a  "));
        assert!(wants_search(" àè "));
        assert!(wants_search("saldatori"));
    }

    #[test]
    fn only_the_latest_search_is_current() {
        let mut g = Generation::default();
        let first = g.start();
        let second = g.start();
        assert_ne!(first, second);
        assert_eq!(g, second);
    }

    #[test]
    fn status_counts_results_in_every_locale() {
        use crate::i18n::Locale;
        let it = Locale::It.messages();
        assert_eq!(status_text(it, 0), "Nessun risultato");
        assert_eq!(status_text(it, 1), "1 risultato disponibile");
        assert_eq!(status_text(it, 4), "4 risultati disponibili");
        let en = Locale::En.messages();
        assert_eq!(status_text(en, 4), "4 results available");
    }
}
