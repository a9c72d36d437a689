//! An occupation field: the [`Combobox`] searching `search_occupations` in the page's language,
//! plus a hidden field carrying the chosen occupation's id, so that any form can submit it.

use super::combobox::{search_with, ComboOption, Combobox, Detail};
use crate::api::reference::search_occupations;
use crate::domain::reference::OccupationHit;
use crate::i18n::{use_i18n, use_locale, Messages};
use leptos::prelude::*;

/// Most suggestions shown.
const SUGGESTIONS: u32 = 8;

/// An occupation as a suggestion: its label, with the synonym that matched (if any) on a second line;
/// valued by its id.
pub fn occupation_option(t: &Messages, hit: OccupationHit) -> ComboOption {
    let detail = option_detail(t, &hit).map(Detail::Below);
    ComboOption {
        value: hit.id,
        label: hit.label,
        detail,
    }
}

/// The second line of an option: the synonym that matched ("anche: saldatore"), when the match was not
/// on the label itself.
pub fn option_detail(t: &Messages, hit: &OccupationHit) -> Option<String> {
    hit.matched_term
        .as_deref()
        .map(str::trim)
        .filter(|term| !term.is_empty() && !term.eq_ignore_ascii_case(hit.label.trim()))
        .map(t.occupation_option_synonym)
}

/// A search field for occupations (Italian or English names and synonyms, in the page's language) and
/// a hidden input `name` with the id of the occupation picked. Typing again clears the id, so the form
/// never submits an occupation that no longer matches the text.
///
/// Without JavaScript only the text field works (the hidden input keeps `selected`): the form's handler
/// must then search the text itself and offer the hits (links or radio buttons named `name`).
#[component]
pub fn OccupationPicker(
    /// Name of the hidden input with the occupation id.
    #[prop(into)]
    name: String,
    /// Name of the visible text field; also the base of the element ids, so unique on the page.
    #[prop(into)]
    text_name: String,
    /// The visible label.
    #[prop(into)]
    label: String,
    /// The initial text of the field.
    #[prop(optional, into)]
    value: String,
    /// The id already chosen, if any.
    #[prop(optional_no_strip)]
    selected: Option<String>,
    /// Optional hint shown under the label.
    #[prop(optional, into)]
    hint: Option<String>,
    /// Called when the user picks an occupation (`value` is its id, `label` its name).
    #[prop(optional, into)]
    on_select: Option<Callback<ComboOption>>,
) -> impl IntoView {
    let t = use_i18n();
    let lang = use_locale().code();
    let search = search_with(move |q: String| async move {
        let hits = search_occupations(q, Some(lang.to_string()), Some(SUGGESTIONS)).await?;
        Ok(hits
            .into_iter()
            .map(|hit| occupation_option(t, hit))
            .collect())
    });
    let chosen = RwSignal::new(selected);
    let picked = Callback::new(move |option: ComboOption| {
        chosen.set(Some(option.value.clone()));
        if let Some(callback) = on_select {
            callback.run(option);
        }
    });
    let edited = Callback::new(move |_text: String| chosen.set(None));
    let initial = chosen.get_untracked().unwrap_or_default();
    view! {
        <Combobox
            name=text_name
            label
            value
            hint
            class="occupation-picker"
            search
            on_select=Some(picked)
            on_edit=Some(edited)
        />
        <input
            type="hidden"
            name=name
            class="occupation-picker-id"
            value=initial
            prop:value=move || chosen.get().unwrap_or_default()
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    fn hit(label: &str, matched: Option<&str>) -> OccupationHit {
        OccupationHit {
            id: "saldatore".into(),
            label: label.into(),
            matched_term: matched.map(Into::into),
            isco_code: "7212".into(),
        }
    }

    #[test]
    fn shows_the_synonym_that_matched() {
        let it = Locale::It.messages();
        assert_eq!(
            option_detail(it, &hit("Saldatore/trice", Some("saldatore tig"))),
            Some("anche: saldatore tig".into())
        );
        let en = Locale::En.messages();
        assert_eq!(
            option_detail(en, &hit("Welder", Some("TIG welder"))),
            Some("also: TIG welder".into())
        );
    }

    #[test]
    fn an_occupation_is_valued_by_its_id_with_the_synonym_below() {
        let it = Locale::It.messages();
        assert_eq!(
            occupation_option(it, hit("Saldatore/trice", Some("saldatore tig"))),
            ComboOption {
                value: "saldatore".into(),
                label: "Saldatore/trice".into(),
                detail: Some(Detail::Below("anche: saldatore tig".into())),
            }
        );
        assert_eq!(
            occupation_option(it, hit("Saldatore/trice", None)).detail,
            None
        );
    }

    #[test]
    fn a_match_on_the_label_needs_no_detail() {
        let it = Locale::It.messages();
        assert_eq!(option_detail(it, &hit("Saldatore/trice", None)), None);
        assert_eq!(option_detail(it, &hit("Welder", Some("welder "))), None);
        assert_eq!(option_detail(it, &hit("Welder", Some("  "))), None);
    }
}
