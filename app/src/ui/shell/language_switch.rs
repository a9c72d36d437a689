use crate::i18n::{use_i18n, use_locale, Locale};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// A plain POST form, so it works without JavaScript: the server sets the `lang` cookie and sends the
/// browser back to the same page, now rendered in the chosen language.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let t = use_i18n();
    let current = use_locale();
    let location = use_location();
    let next = move || {
        let search = location.search.get();
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{}", location.pathname.get(), search)
        }
    };
    view! {
        <form class="lang-switch" method="post" action="/lang" aria-label=t.language_switch_label>
            <input type="hidden" name="next" value=next />
            {Locale::ALL
                .into_iter()
                .map(|l| {
                    let is_current = l == current;
                    view! {
                        <button
                            type="submit"
                            name="lang"
                            value=l.code()
                            lang=l.code()
                            class="lang-option"
                            aria-pressed=if is_current { "true" } else { "false" }
                        >
                            {l.native_name()}
                        </button>
                    }
                })
                .collect_view()}
        </form>
    }
}
