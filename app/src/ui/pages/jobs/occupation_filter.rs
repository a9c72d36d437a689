//! The occupation field of `/offerte`. With JavaScript it is the occupation combobox, which fills the
//! hidden `professione` id; without, the typed text comes back as `professione_testo` and the page
//! offers the occupations it may mean as links that apply the filter.

use crate::api::jobs::SearchParams;
use crate::api::occupations::{get_occupation, OccupationDetail};
use crate::api::reference::search_occupations;
use crate::domain::reference::{OccupationHit, MAX_QUERY_CHARS, MIN_QUERY_CHARS};
use crate::error::AppError;
use crate::i18n::{Locale, Messages};
use crate::ui::widgets::occupation_picker::{option_detail, OccupationPicker};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Query parameter of the field's text (the chosen id travels as `professione`).
pub const OCCUPATION_TEXT: &str = "professione_testo";
/// Most occupations offered for a typed text.
const CHOICES: u32 = 8;

/// What the occupation field asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OccupationAsk {
    Nothing,
    /// A chosen id, with the text the field held when the form was sent (none from a link).
    Id(String, Option<String>),
    /// A typed text, no id.
    Text(String),
}

impl OccupationAsk {
    pub fn of(id: Option<String>, text: Option<String>) -> OccupationAsk {
        let clean = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        match (clean(id), clean(text)) {
            (Some(id), text) => OccupationAsk::Id(id, text),
            (None, Some(text)) => OccupationAsk::Text(text),
            (None, None) => OccupationAsk::Nothing,
        }
    }
}

/// Whether the field's text still names the chosen occupation. Without JavaScript the hidden id
/// survives a retyped text, so a text naming something else is a new search, not the old filter.
pub fn text_names(text: &str, occupation: &OccupationDetail) -> bool {
    let text = text.trim().to_lowercase();
    [&occupation.label_it, &occupation.label_en]
        .iter()
        .any(|label| label.trim().to_lowercase() == text)
}

/// The occupation filter as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum OccupationShown {
    Nothing,
    /// The filter applies.
    Chosen {
        id: String,
        label: String,
    },
    /// A typed text and the occupations it may mean (possibly none).
    Choices {
        text: String,
        hits: Vec<OccupationHit>,
    },
    /// A text too short to look up.
    TooShort(String),
}

impl OccupationShown {
    /// The id the search filters on.
    pub fn id(&self) -> Option<String> {
        match self {
            OccupationShown::Chosen { id, .. } => Some(id.clone()),
            _ => None,
        }
    }
}

/// Reads what the field asks for: the chosen occupation's name, or the occupations a text may mean.
/// An id the reference tables do not know still filters (it is a code like any other, say from a
/// saved search older than the tables), shown as itself, unless a text was typed over it.
pub async fn resolve(ask: OccupationAsk, locale: Locale) -> Result<OccupationShown, AppError> {
    let (id, text) = match ask {
        OccupationAsk::Nothing => return Ok(OccupationShown::Nothing),
        OccupationAsk::Text(text) => return choices(text, locale).await,
        OccupationAsk::Id(id, text) => (id, text),
    };
    match get_occupation(id.clone()).await {
        Ok(d) => match text {
            Some(text) if !text_names(&text, &d) => choices(text, locale).await,
            _ => {
                let label = match locale {
                    Locale::It => d.label_it,
                    Locale::En => d.label_en,
                };
                Ok(OccupationShown::Chosen { id: d.id, label })
            }
        },
        Err(AppError::NotFound) => match text {
            Some(text) => choices(text, locale).await,
            None => Ok(OccupationShown::Chosen {
                label: id.clone(),
                id,
            }),
        },
        Err(error) => Err(error),
    }
}

async fn choices(text: String, locale: Locale) -> Result<OccupationShown, AppError> {
    let chars = text.chars().count();
    if chars < MIN_QUERY_CHARS {
        return Ok(OccupationShown::TooShort(text));
    }
    if chars > MAX_QUERY_CHARS {
        return Err(AppError::field(
            OCCUPATION_TEXT,
            crate::error::FieldProblem::TooLong {
                max: MAX_QUERY_CHARS as u32,
            },
        ));
    }
    let hits =
        search_occupations(text.clone(), Some(locale.code().to_string()), Some(CHOICES)).await?;
    Ok(OccupationShown::Choices { text, hits })
}

/// The field, inside the search form; with a chosen occupation, a link that removes the filter.
pub fn field(t: &'static Messages, shown: &OccupationShown, p: &SearchParams) -> impl IntoView {
    let s = t.search;
    let (value, selected) = match shown {
        OccupationShown::Chosen { id, label } => (label.clone(), Some(id.clone())),
        OccupationShown::Choices { text, .. } | OccupationShown::TooShort(text) => {
            (text.clone(), None)
        }
        OccupationShown::Nothing => (String::new(), None),
    };
    let clear = selected.is_some().then(|| {
        let without = SearchParams {
            professione: None,
            ..p.clone()
        };
        view! { <p class="occupation-clear"><a href=without.url(None)>{s.occupation_clear}</a></p> }
    });
    view! {
        <div class="form-group occupation-filter">
            <OccupationPicker
                name="professione"
                text_name=OCCUPATION_TEXT
                label=s.occupation_filter
                hint=s.occupation_hint
                value
                selected
            />
            {clear}
        </div>
    }
}

/// Below the form, for a typed text: the occupations it may mean, each a link with the filter applied.
pub fn choices_view(
    t: &'static Messages,
    shown: &OccupationShown,
    p: &SearchParams,
) -> Option<AnyView> {
    let s = t.search;
    match shown {
        OccupationShown::Nothing | OccupationShown::Chosen { .. } => None,
        OccupationShown::TooShort(_) => Some(
            view! { <p class="occupation-choices" role="status">{t.occupations_too_short}</p> }
                .into_any(),
        ),
        OccupationShown::Choices { text, hits } if hits.is_empty() => Some(
            view! { <p class="occupation-choices" role="status">{(t.occupations_no_match)(text)}</p> }
                .into_any(),
        ),
        OccupationShown::Choices { hits, .. } => {
            let links = hits
                .iter()
                .map(|hit| {
                    let with = SearchParams {
                        professione: Some(hit.id.clone()),
                        ..p.clone()
                    };
                    let detail = option_detail(t, hit);
                    view! {
                        <li>
                            <a href=with.url(None)>{hit.label.clone()}</a>
                            {detail.map(|d| view! { " " <span class="occupation-hit-detail">"("{d}")"</span> })}
                        </li>
                    }
                })
                .collect_view();
            Some(
                view! {
                    <section class="occupation-choices" aria-labelledby="occupation-choices-heading">
                        <h2 id="occupation-choices-heading" class="h5">{s.occupation_choices_heading}</h2>
                        <ul>{links}</ul>
                    </section>
                }
                .into_any(),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gardener() -> OccupationDetail {
        OccupationDetail {
            id: "giardiniere".into(),
            label_it: "Giardiniere/a".into(),
            label_en: "Gardener".into(),
            synonyms_it: vec![],
            synonyms_en: vec![],
            isco_code: "6113".into(),
            isco_groups: vec![],
            esco_uri: None,
        }
    }

    #[test]
    fn an_id_is_asked_with_its_text_and_blanks_are_nothing() {
        assert_eq!(
            OccupationAsk::of(Some(" giardiniere ".into()), Some(" Giardiniere/a ".into())),
            OccupationAsk::Id("giardiniere".into(), Some("Giardiniere/a".into()))
        );
        assert_eq!(
            OccupationAsk::of(Some("giardiniere".into()), Some("  ".into())),
            OccupationAsk::Id("giardiniere".into(), None)
        );
        assert_eq!(
            OccupationAsk::of(Some(" ".into()), Some("cuoco".into())),
            OccupationAsk::Text("cuoco".into())
        );
        assert_eq!(
            OccupationAsk::of(None, Some("".into())),
            OccupationAsk::Nothing
        );
    }

    #[test]
    fn the_text_names_the_occupation_in_either_language_only() {
        let g = gardener();
        assert!(text_names("giardiniere/a", &g));
        assert!(text_names(" Gardener ", &g));
        assert!(!text_names("cuoco", &g));
        assert!(!text_names("Giardiniere", &g));
    }

    #[test]
    fn only_a_chosen_occupation_filters() {
        let chosen = OccupationShown::Chosen {
            id: "giardiniere".into(),
            label: "Giardiniere/a".into(),
        };
        assert_eq!(chosen.id().as_deref(), Some("giardiniere"));
        let choices = OccupationShown::Choices {
            text: "giard".into(),
            hits: vec![],
        };
        assert_eq!(choices.id(), None);
        assert_eq!(OccupationShown::TooShort("g".into()).id(), None);
    }
}
