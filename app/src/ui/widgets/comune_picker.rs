//! A comune field: the [`Combobox`] searching `search_comuni`.

use super::combobox::{search_with, ComboOption, Combobox, Detail};
use crate::api::reference::search_comuni;
use crate::domain::reference::ComuneHit;
use leptos::prelude::*;

/// Most suggestions shown.
const SUGGESTIONS: u32 = 8;

/// A comune as a suggestion: "Perugia (PG)", valued by its ISTAT code.
pub fn comune_option(hit: ComuneHit) -> ComboOption {
    ComboOption {
        value: hit.istat_code,
        label: hit.name,
        detail: Some(Detail::Parenthesised(hit.province_code)),
    }
}

/// A text input named `name` with a visible label. Without JavaScript it is an ordinary field of the
/// surrounding form. Once hydrated it suggests comuni as the user types (see [`Combobox`]); picking
/// one puts its name in the field and calls `on_select` with it (`value` is the ISTAT code, `label`
/// the name).
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
    on_select: Option<Callback<ComboOption>>,
) -> impl IntoView {
    let search = search_with(|q: String| async move {
        let hits = search_comuni(q, Some(SUGGESTIONS)).await?;
        Ok(hits.into_iter().map(comune_option).collect())
    });
    view! {
        <Combobox
            name
            label
            value
            hint
            class="comune-picker"
            autocomplete="address-level2"
            search
            on_select
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comune_shows_its_province_and_is_valued_by_its_istat_code() {
        let option = comune_option(ComuneHit {
            istat_code: "054039".into(),
            name: "Perugia".into(),
            province_code: "PG".into(),
            cpi_code: None,
        });
        assert_eq!(
            option,
            ComboOption {
                value: "054039".into(),
                label: "Perugia".into(),
                detail: Some(Detail::Parenthesised("PG".into())),
            }
        );
    }
}
