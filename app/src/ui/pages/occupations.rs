//! `/professioni`: find an occupation by name and see its names and classification.

use super::error_page::ErrorPage;
use crate::api::occupations::{esco_href, get_occupation, IscoGroup, OccupationDetail};
use crate::api::reference::search_occupations;
use crate::domain::reference::{OccupationHit, MAX_QUERY_CHARS, MIN_QUERY_CHARS};
use crate::error::AppError;
use crate::i18n::{use_i18n, use_locale, Locale, Messages};
use crate::ui::widgets::combobox::ComboOption;
use crate::ui::widgets::occupation_picker::{option_detail, OccupationPicker};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

/// The page's path (also the form's action).
const PAGE_PATH: &str = "/professioni";
/// Query parameter of the search text.
const QUERY_FIELD: &str = "q";
/// Query parameter (and hidden form field) of the chosen occupation.
const ID_FIELD: &str = "id";
/// Most occupations listed for a search without JavaScript.
const RESULTS_LIMIT: u32 = 20;

/// What the page shows for one URL.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
enum Shown {
    /// No query: only the search form.
    Nothing,
    TooShort,
    TooLong,
    Hits(String, Vec<OccupationHit>),
    Detail(Box<OccupationDetail>),
}

/// What the URL asks for: an occupation id wins over a search text (the form submits both, the id
/// empty unless one was picked).
fn request_of(id: Option<String>, q: Option<String>) -> (Option<String>, String) {
    let id = id.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    (id, q.unwrap_or_default().trim().to_string())
}

/// The page's link to one occupation. Ids are slugs (see `parse_occupation_id`): nothing to encode.
fn occupation_href(id: &str) -> String {
    format!("{PAGE_PATH}?{ID_FIELD}={id}")
}

/// Rendered before the first byte (`SsrMode::Async`) so an unknown id answers 404 with the error page.
/// Without JavaScript the search is a GET form whose answer lists the occupations as links; once
/// hydrated, picking a suggestion navigates to the same link.
#[component]
pub fn OccupationsPage() -> impl IntoView {
    let t = use_i18n();
    let locale = use_locale();
    let lang = locale.code();
    let query = use_query_map();
    let request = move || {
        let q = query.read();
        request_of(q.get(ID_FIELD), q.get(QUERY_FIELD))
    };
    let shown = Resource::new(request, move |(id, q)| async move {
        if let Some(id) = id {
            return get_occupation(id).await.map(|d| Shown::Detail(Box::new(d)));
        }
        let chars = q.chars().count();
        if chars == 0 {
            Ok(Shown::Nothing)
        } else if chars < MIN_QUERY_CHARS {
            Ok(Shown::TooShort)
        } else if chars > MAX_QUERY_CHARS {
            Ok(Shown::TooLong)
        } else {
            search_occupations(q.clone(), Some(lang.to_string()), Some(RESULTS_LIMIT))
                .await
                .map(|hits| Shown::Hits(q, hits))
        }
    });
    // Picking a suggestion navigates (client side) to the occupation's link. The router's navigate
    // function is neither Send nor Sync, so it is fetched inside an effect (browser only).
    let picked = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(id) = picked.get() {
            use_navigate()(
                &occupation_href(&id),
                NavigateOptions {
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    });
    let on_select = Callback::new(move |option: ComboOption| picked.set(Some(option.value)));
    let initial = request().1;

    let search = view! {
        <form
            method="get"
            action=PAGE_PATH
            class="occupation-search"
            role="search"
            aria-label=t.occupations_search_label
        >
            <OccupationPicker
                name=ID_FIELD
                text_name=QUERY_FIELD
                label=t.occupations_input_label
                hint=t.occupations_hint
                value=initial
                on_select
            />
            <button type="submit" class="btn btn-primary occupation-search-submit">
                {t.occupations_submit}
            </button>
        </form>
    }
    .into_any();
    view! {
        <Title text=t.occupations_title />
        <h1>{t.occupations_title}</h1>
        <p class="lead">{t.occupations_intro}</p>
        {search}
        <Transition fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match shown.await {
                    Ok(Shown::Nothing) => ().into_any(),
                    Ok(found) => view! {
                        <div class="occupation-result" aria-live="polite">
                            {shown_view(t, locale, found)}
                        </div>
                    }
                    .into_any(),
                    Err(error) => error_view(error),
                }
            })}
        </Transition>
    }
}

fn error_view(error: AppError) -> AnyView {
    view! { <ErrorPage error /> }.into_any()
}

fn shown_view(t: &'static Messages, locale: Locale, shown: Shown) -> AnyView {
    match shown {
        Shown::Nothing => ().into_any(),
        Shown::TooShort => view! { <p>{t.occupations_too_short}</p> }.into_any(),
        Shown::TooLong => view! { <p>{(t.field_too_long)(MAX_QUERY_CHARS as u32)}</p> }.into_any(),
        Shown::Hits(q, hits) if hits.is_empty() => view! {
            <h2 class="h4">{t.occupations_results_heading}</h2>
            <p>{(t.occupations_no_match)(&q)}</p>
        }
        .into_any(),
        Shown::Hits(_, hits) => view! {
            <h2 class="h4">{t.occupations_results_heading}</h2>
            <ul class="occupation-hits">
                {hits
                    .into_iter()
                    .map(|hit| {
                        let detail = option_detail(t, &hit);
                        view! {
                            <li>
                                <a href=occupation_href(&hit.id)>{hit.label}</a>
                                {detail.map(|d| view! { " " <span class="occupation-hit-detail">"("{d}")"</span> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any(),
        Shown::Detail(detail) => detail_view(t, locale, *detail),
    }
}

fn detail_view(t: &'static Messages, locale: Locale, d: OccupationDetail) -> AnyView {
    let heading = match locale {
        Locale::It => d.label_it.clone(),
        Locale::En => d.label_en.clone(),
    };
    let groups = if d.isco_groups.is_empty() {
        view! { <span class="occupation-code">{d.isco_code.clone()}</span> }.into_any()
    } else {
        view! {
            <ol class="occupation-isco">
                {d.isco_groups.into_iter().map(|g| isco_group_view(t, locale, g)).collect_view()}
            </ol>
        }
        .into_any()
    };
    let esco = esco_href(d.esco_uri.as_deref()).map(|href| {
        let href = href.to_string();
        view! {
            <dt>{t.occupation_esco}</dt>
            <dd>
                <a href=href rel="external noopener noreferrer" class="occupation-esco-link">
                    {t.occupation_esco_link}
                </a>
            </dd>
        }
    });
    view! {
        <article class="occupation-detail" aria-labelledby="occupation-heading">
            <h2 id="occupation-heading">{heading}</h2>
            <dl>
                <dt>{t.occupation_label_it}</dt>
                <dd lang="it">{d.label_it}</dd>
                <dt>{t.occupation_label_en}</dt>
                <dd lang="en">{d.label_en}</dd>
                <dt>{t.occupation_synonyms_it}</dt>
                <dd>{terms_view(t, "it", d.synonyms_it)}</dd>
                <dt>{t.occupation_synonyms_en}</dt>
                <dd>{terms_view(t, "en", d.synonyms_en)}</dd>
                <dt>{t.occupation_isco}</dt>
                <dd>{groups}</dd>
                {esco}
            </dl>
        </article>
    }
    .into_any()
}

fn terms_view(t: &'static Messages, lang: &'static str, terms: Vec<String>) -> AnyView {
    if terms.is_empty() {
        return t.occupation_no_synonyms.into_any();
    }
    view! {
        <ul class="occupation-terms" lang=lang>
            {terms.into_iter().map(|term| view! { <li>{term}</li> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// "Gruppo unitario 7212: Saldatori e tagliatori a fiamma"; the title in the page's language, else
/// the other one (marked with its language), else the code alone.
fn isco_group_view(t: &'static Messages, locale: Locale, g: IscoGroup) -> impl IntoView {
    let level = (t.isco_level)(g.level());
    let (own, other, other_lang) = match locale {
        Locale::It => (g.title_it, g.title_en, "en"),
        Locale::En => (g.title_en, g.title_it, "it"),
    };
    let title = match (own, other) {
        (Some(title), _) => Some(view! { ": " <span>{title}</span> }.into_any()),
        (None, Some(title)) => Some(view! { ": " <span lang=other_lang>{title}</span> }.into_any()),
        (None, None) => None,
    };
    view! {
        <li>
            {level}" "<span class="occupation-code">{g.code}</span>
            {title}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_wins_over_the_search_text() {
        assert_eq!(
            request_of(Some("saldatore".into()), Some("cuoco".into())),
            (Some("saldatore".into()), "cuoco".into())
        );
        // The form submits an empty id when nothing was picked: that is a search.
        assert_eq!(
            request_of(Some(" ".into()), Some(" saldatori ".into())),
            (None, "saldatori".into())
        );
        assert_eq!(request_of(None, None), (None, String::new()));
    }

    #[test]
    fn links_to_an_occupation_by_id() {
        assert_eq!(occupation_href("saldatore"), "/professioni?id=saldatore");
    }
}
