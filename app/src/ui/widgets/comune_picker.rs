//! A comune field: a plain text input without JavaScript; after hydration a WAI-ARIA 1.2 combobox
//! ("combobox with listbox popup, list autocomplete") whose suggestions come from `search_comuni`.

use crate::api::reference::search_comuni;
use crate::domain::reference::{ComuneHit, MIN_QUERY_CHARS};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use std::time::Duration;

/// How long typing must pause before the suggestions are fetched.
const DEBOUNCE: Duration = Duration::from_millis(200);
/// Most suggestions shown.
const SUGGESTIONS: u32 = 8;

/// A text input named `name` with a visible label. Without JavaScript it is an ordinary field of the
/// surrounding form. Once hydrated it suggests comuni as the user types (≥ 2 characters, debounced;
/// stale answers are dropped); ArrowDown/ArrowUp move through the suggestions, Enter or a click picks
/// one (the input gets its name and `on_select` is called), Escape closes the list.
#[component]
pub fn ComunePicker(
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
    #[prop(optional, into)]
    hint: Option<String>,
    /// Called when the user picks a suggestion.
    #[prop(optional, into)]
    on_select: Option<Callback<ComuneHit>>,
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
    let hits = RwSignal::new(Vec::<ComuneHit>::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let status = RwSignal::new(String::new());
    let generation = StoredValue::new(0u64);

    let close = move || {
        open.set(false);
        active.set(None);
    };
    let select = move |hit: ComuneHit| {
        text.set(hit.name.clone());
        hits.set(Vec::new());
        close();
        status.set(String::new());
        if let Some(callback) = on_select {
            callback.run(hit);
        }
    };

    let on_input = move |ev: leptos::ev::Event| {
        let q = event_target_value(&ev);
        text.set(q.clone());
        active.set(None);
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        if q.trim().chars().count() < MIN_QUERY_CHARS {
            hits.set(Vec::new());
            open.set(false);
            status.set(String::new());
            return;
        }
        set_timeout(
            move || {
                if generation.try_get_value() != Some(mine) {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let found = search_comuni(q, Some(SUGGESTIONS)).await;
                    if generation.try_get_value() != Some(mine) {
                        return;
                    }
                    let found = found.unwrap_or_default();
                    let count = found.len();
                    let _ = status.try_set(if count == 0 {
                        t.comune_picker_no_results.to_string()
                    } else {
                        (t.comune_picker_count)(count)
                    });
                    let _ = open.try_set(count > 0);
                    let _ = active.try_set(None);
                    let _ = hits.try_set(found);
                });
            },
            DEBOUNCE,
        );
    };

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = hits.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                if !open.get() {
                    open.set(true);
                }
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                if !open.get() {
                    open.set(true);
                }
                active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
            }
            "Enter" if open.get() => {
                if let Some(hit) = active.get().and_then(|i| hits.with(|h| h.get(i).cloned())) {
                    ev.prevent_default();
                    select(hit);
                }
            }
            "Escape" if open.get() => {
                ev.prevent_default();
                close();
            }
            _ => {}
        }
    };

    let option_id = {
        let prefix = option_prefix.clone();
        move |i: usize| format!("{prefix}{i}")
    };
    let active_descendant = {
        let option_id = option_id.clone();
        move || {
            if !open.get() {
                return None;
            }
            active.get().map(&option_id)
        }
    };
    let controls = listbox_id.clone();
    let described_by = hint.as_ref().map(|_| hint_id.clone());

    view! {
        <div class="comune-picker">
            <label for=input_id.clone() id=label_id.clone() class="comune-picker-label">{label}</label>
            {hint.map(|h| view! { <p id=hint_id.clone() class="comune-picker-hint">{h}</p> })}
            <div class="comune-picker-field">
                <input
                    type="text"
                    id=input_id.clone()
                    name=name
                    class="form-control comune-picker-input"
                    prop:value=move || text.get()
                    value=text.get_untracked()
                    aria-describedby=described_by
                    autocomplete=move || if hydrated.get() { "off" } else { "address-level2" }
                    spellcheck="false"
                    role=move || hydrated.get().then_some("combobox")
                    aria-autocomplete=move || hydrated.get().then_some("list")
                    aria-expanded=move || {
                        hydrated.get().then(|| if open.get() { "true" } else { "false" })
                    }
                    aria-controls=move || hydrated.get().then(|| controls.clone())
                    aria-activedescendant=active_descendant
                    on:input=on_input
                    on:keydown=on_keydown
                    on:blur=move |_| close()
                />
                <Show when=move || hydrated.get()>
                    <ul
                        id=listbox_id.clone()
                        role="listbox"
                        class="comune-picker-listbox"
                        aria-labelledby=label_id.clone()
                        hidden=move || !open.get()
                    >
                        <For
                            each=move || hits.get().into_iter().enumerate()
                            key=|(i, hit)| (*i, hit.istat_code.clone())
                            children={
                                let option_id = option_id.clone();
                                move |(i, hit)| {
                                    let is_active = move || active.get() == Some(i);
                                    let chosen = hit.clone();
                                    view! {
                                        <li
                                            id=option_id(i)
                                            role="option"
                                            class="comune-picker-option"
                                            class:active=is_active
                                            aria-selected=move || if is_active() { "true" } else { "false" }
                                            on:mousedown=|ev| ev.prevent_default()
                                            on:click=move |_| select(chosen.clone())
                                        >
                                            {hit.name.clone()}
                                            " "
                                            <span class="comune-picker-province">
                                                "(" {hit.province_code.clone()} ")"
                                            </span>
                                        </li>
                                    }
                                }
                            }
                        />
                    </ul>
                </Show>
            </div>
            <div class="comune-picker-status" role="status" aria-live="polite">
                {move || status.get()}
            </div>
        </div>
    }
    .into_any()
}
