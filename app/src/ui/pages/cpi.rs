use super::error_page::ErrorPage;
use crate::api::cpi::list_cpis;
use crate::api::reference::search_comuni;
use crate::domain::cpi::CpiOffice;
use crate::domain::reference::{ComuneHit, MAX_QUERY_CHARS, MIN_QUERY_CHARS};
use crate::domain::search_text::{collapse_saints, normalise};
use crate::i18n::{use_i18n, Messages};
use crate::ui::widgets::combobox::ComboOption;
use crate::ui::widgets::comune_picker::ComunePicker;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

/// Query parameter (and form field) of the CPI finder.
const FINDER_FIELD: &str = "comune";
/// Most comuni listed for an ambiguous search.
const FINDER_LIMIT: u32 = 10;

/// What the CPI finder shows for one `comune` query.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
enum Finding {
    /// No query: nothing to show.
    Nothing,
    TooShort,
    TooLong,
    Hits(String, Vec<ComuneHit>),
}

/// The CPI offices, read from the database, and the finder "which CPI serves my comune". Rendered
/// before the first byte (`SsrMode::Async`), so a database failure gives a real 500 with the error page.
/// The finder is a GET form (works without JavaScript); once hydrated, picking a suggestion navigates
/// to the same URL the form would, so both paths render the result the same way.
#[component]
pub fn CpiPage() -> impl IntoView {
    let t = use_i18n();
    let cpis = Resource::new(|| (), |_| list_cpis());
    let query = use_query_map();
    let comune = move || query.read().get(FINDER_FIELD).unwrap_or_default();
    let finding = Resource::new(comune, |q| async move {
        let trimmed = q.trim().to_string();
        let chars = trimmed.chars().count();
        if chars == 0 {
            Ok(Finding::Nothing)
        } else if chars < MIN_QUERY_CHARS {
            Ok(Finding::TooShort)
        } else if chars > MAX_QUERY_CHARS {
            Ok(Finding::TooLong)
        } else {
            search_comuni(trimmed.clone(), Some(FINDER_LIMIT))
                .await
                .map(|hits| Finding::Hits(trimmed, hits))
        }
    });
    // Picking a suggestion navigates (client side) to the URL the form would submit. The router's
    // navigate function is neither Send nor Sync, so it is fetched inside an effect (browser only).
    let picked = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(name) = picked.get() {
            let url = format!("/cpi?{FINDER_FIELD}={}", encode_query_value(&name));
            use_navigate()(
                &url,
                NavigateOptions {
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    });
    let on_select = Callback::new(move |option: ComboOption| picked.set(Some(option.label)));
    let initial = comune();

    let finder = view! {
        <form
            method="get"
            action="/cpi"
            class="cpi-finder"
            role="search"
            aria-label=t.cpi_finder_label
        >
            <ComunePicker
                name=FINDER_FIELD
                label=t.cpi_finder_input_label
                hint=t.cpi_finder_hint
                value=initial
                on_select
            />
            <button type="submit" class="btn btn-primary cpi-finder-submit">
                {t.cpi_finder_submit}
            </button>
        </form>
    }
    .into_any();
    view! {
        <Title text=t.cpi_title />
        <h1>{t.cpi_title}</h1>
        <p class="lead">{t.cpi_intro}</p>
        {finder}
        // One transition awaits each resource once: the finder's answer needs the office names too.
        <Transition fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                let offices = cpis.await;
                let found = finding.await;
                match offices {
                    Ok(list) => {
                        let result = match found {
                            Ok(Finding::Nothing) => ().into_any(),
                            Ok(found) => finding_view(t, found, &list).into_any(),
                            Err(error) => view! { <ErrorPage error /> }.into_any(),
                        };
                        view! {
                            <div class="cpi-finder-result" aria-live="polite">{result}</div>
                            {office_list(t, list)}
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn office_list(t: &'static Messages, list: Vec<CpiOffice>) -> AnyView {
    if list.is_empty() {
        return view! { <p>{t.cpi_none}</p> }.into_any();
    }
    view! {
        <ul class="cpi-list">
            {list
                .into_iter()
                .map(|c| {
                    let tel = format!("tel:{}", c.phone.replace(' ', ""));
                    let mail = format!("mailto:{}", c.email);
                    let id = card_id(&c.code);
                    view! {
                        <li class="card cpi-card" id=id>
                            <div class="card-body">
                                <h2 class="card-title h4">{c.name}</h2>
                                <dl>
                                    <dt>{t.cpi_address}</dt>
                                    <dd>{c.address}", "{c.comune}</dd>
                                    <dt>{t.cpi_phone}</dt>
                                    <dd><a href=tel>{c.phone}</a></dd>
                                    <dt>{t.cpi_email}</dt>
                                    <dd><a href=mail>{c.email}</a></dd>
                                </dl>
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// The `id` of a CPI's card, the target of the finder's links.
fn card_id(code: &str) -> String {
    format!("cpi-{code}")
}

/// The result region's content for a query that was searched (or refused as too short/long).
fn finding_view(t: &'static Messages, found: Finding, offices: &[CpiOffice]) -> impl IntoView {
    let body = match found {
        Finding::Nothing => ().into_any(),
        Finding::TooShort => view! { <p>{t.cpi_finder_too_short}</p> }.into_any(),
        Finding::TooLong => view! { <p>{(t.field_too_long)(MAX_QUERY_CHARS as u32)}</p> }.into_any(),
        Finding::Hits(q, hits) if hits.is_empty() => {
            view! { <p>{(t.cpi_finder_no_match)(&q)}</p> }.into_any()
        }
        Finding::Hits(q, hits) => match the_one(&q, &hits) {
            Some(hit) => {
                let comune = format!("{} ({})", hit.name, hit.province_code);
                match cpi_of(hit, offices) {
                    Some(cpi) => view! {
                        <p class="cpi-finder-answer">
                            <strong>{comune}</strong>": "{t.cpi_finder_your_cpi}" "
                            <a href=format!("#{}", card_id(&cpi.code))>{cpi.name.clone()}</a>
                        </p>
                    }
                    .into_any(),
                    None => view! {
                        <p class="cpi-finder-answer">
                            <strong>{comune}</strong>" "{t.cpi_finder_not_served}
                        </p>
                    }
                    .into_any(),
                }
            }
            None => view! {
                <p>{t.cpi_finder_many}</p>
                <ul class="cpi-finder-list">
                    {hits
                        .iter()
                        .map(|hit| {
                            let comune = format!("{} ({})", hit.name, hit.province_code);
                            let served = match cpi_of(hit, offices) {
                                Some(cpi) => view! {
                                    <a href=format!("#{}", card_id(&cpi.code))>{cpi.name.clone()}</a>
                                }
                                .into_any(),
                                None => t.cpi_finder_not_served.into_any(),
                            };
                            view! {
                                <li>
                                    {comune}
                                    <span aria-hidden="true">" → "</span>
                                    <span class="cpi-finder-sr">": "</span>
                                    {served}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any(),
        },
    };
    view! {
        <h2 class="h4 cpi-finder-heading">{t.cpi_finder_result_heading}</h2>
        {body}
    }
}

/// The hit the query means: the only one, or the only one whose name matches the query exactly
/// (ignoring case, accents, punctuation and saint abbreviations).
fn the_one<'a>(q: &str, hits: &'a [ComuneHit]) -> Option<&'a ComuneHit> {
    if let [hit] = hits {
        return Some(hit);
    }
    let key = |s: &str| {
        let n = normalise(s);
        collapse_saints(&n).unwrap_or(n)
    };
    let wanted = key(q);
    let mut exact = hits.iter().filter(|h| key(&h.name) == wanted);
    match (exact.next(), exact.next()) {
        (Some(hit), None) => Some(hit),
        _ => None,
    }
}

/// The office serving a comune, when it is one of this region's.
fn cpi_of<'a>(hit: &ComuneHit, offices: &'a [CpiOffice]) -> Option<&'a CpiOffice> {
    let code = hit.cpi_code.as_deref()?;
    offices.iter().find(|c| c.code == code)
}

/// Percent-encodes a query-string value (UTF-8; unreserved characters kept, space as `+`).
fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(name: &str) -> ComuneHit {
        ComuneHit {
            istat_code: "000000".into(),
            name: name.into(),
            province_code: "PG".into(),
            cpi_code: None,
        }
    }

    #[test]
    fn encodes_query_values() {
        assert_eq!(
            encode_query_value("Città di Castello"),
            "Citt%C3%A0+di+Castello"
        );
        assert_eq!(encode_query_value("Sant'Anna&x=1"), "Sant%27Anna%26x%3D1");
    }

    #[test]
    fn picks_the_meant_comune() {
        let hits = [hit("San Giustino"), hit("San Giustino Valdarno")];
        assert_eq!(
            the_one("S. Giustino", &hits).map(|h| h.name.as_str()),
            Some("San Giustino")
        );
        assert_eq!(the_one("San Gi", &hits), None);
        assert_eq!(
            the_one("x", &hits[..1]).map(|h| h.name.as_str()),
            Some("San Giustino")
        );
    }
}
