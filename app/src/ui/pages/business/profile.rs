//! `/impresa/profilo?azienda=<id>`: the company profile. Members and the seat CPI's staff read it;
//! administrators change the ATECO activity (found with a GET search that fills the list, so it
//! works without JavaScript), the seat comune, the size band and the contacts. Name and partita
//! IVA identify the company and are shown read-only.

use super::vacancies::{field_id, refused_post};
use crate::api::companies::{COMPANY_PAGE, COMPANY_PARAM};
use crate::api::vacancies::{
    company_profile, CompanyProfileView, SizeBand, UpdateCompanyProfile, PROFILE_PAGE,
    VACANCIES_PAGE,
};
use crate::error::AppError;
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{notice, personal, query_param, refusal};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn CompanyProfilePage() -> impl IntoView {
    let t = use_i18n();
    let v = t.vacancies;
    personal();
    let company = query_param(COMPANY_PARAM).and_then(|id| id.trim().parse::<i64>().ok());
    let ateco_q = query_param("attivita");
    let profile = Resource::new(
        move || (company, ateco_q.clone()),
        |(company, q)| async move {
            match company {
                Some(id) => company_profile(id, q).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let outcome = query_param("esito").and_then(|code| (v.outcome)(&code));
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(data) => {
                        let title = (v.profile_title)(&data.name);
                        view! {
                            <Title text=title.clone() />
                            <h1>{title}</h1>
                            {notice(outcome)}
                            {refused_post(t)}
                            <p class="lead">{v.profile_intro}</p>
                            {if data.can_edit { edit(t, &data).into_any() } else { read(t, &data).into_any() }}
                            <p>
                                <a href=format!("{VACANCIES_PAGE}?{COMPANY_PARAM}={}", data.company_id)>
                                    {(v.vacancies_link)(&data.name)}
                                </a>
                            </p>
                            <p><a href=COMPANY_PAGE>{v.back_to_companies}</a></p>
                        }
                            .into_any()
                    }
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

fn read(t: &'static Messages, data: &CompanyProfileView) -> impl IntoView {
    let v = t.vacancies;
    let or_not_set = |s: &Option<String>| s.clone().unwrap_or_else(|| v.not_set.to_string());
    let ateco = match &data.ateco_title {
        Some(title) => format!("{} — {title}", data.ateco_code),
        None => data.ateco_code.clone(),
    };
    let row = |label: &'static str, value: String| {
        view! { <div class="summary-row"><dt>{label}</dt><dd>{value}</dd></div> }
    };
    view! {
        <p>{v.read_only}</p>
        <dl class="summary-list company-profile">
            {row(v.name, data.name.clone())}
            {row(v.partita_iva, data.partita_iva.clone())}
            {row(v.ateco, ateco)}
            {row(v.seat, data.seat_name.clone().unwrap_or_else(|| data.seat_istat.clone()))}
            {row(v.size_band_label, data.size_band.map(|b| (v.size_band)(b).to_string()).unwrap_or_else(|| v.not_set.to_string()))}
            {row(v.email, or_not_set(&data.email))}
            {row(v.phone, or_not_set(&data.phone))}
        </dl>
    }
}

fn edit(t: &'static Messages, data: &CompanyProfileView) -> impl IntoView {
    let v = t.vacancies;
    let found = (!data.ateco_query.is_empty())
        .then(|| view! { <p role="status">{(v.ateco_found)(data.ateco_options.len().saturating_sub(1))}</p> });
    view! {
        <dl class="summary-list company-profile">
            <div class="summary-row"><dt>{v.name}</dt><dd>{data.name.clone()}</dd></div>
            <div class="summary-row">
                <dt>{v.partita_iva}</dt>
                <dd>{data.partita_iva.clone()}<br /><small class="form-text">{v.partita_iva_hint}</small></dd>
            </div>
        </dl>
        // The activity search reloads the page with the matches in the list below.
        <form method="get" action=PROFILE_PAGE class="ateco-search">
            <input type="hidden" name=COMPANY_PARAM value=data.company_id.to_string() />
            <div class="form-group">
                <label class="form-label" for="ateco-q">{v.ateco_search_label}</label>
                <input type="search" id="ateco-q" name="attivita" class="form-control"
                    value=data.ateco_query.clone() maxlength="100" aria-describedby="ateco-q-hint" />
                <small id="ateco-q-hint" class="form-text">{v.ateco_search_hint}</small>
            </div>
            <button type="submit" class="btn btn-outline-primary">{v.ateco_search_submit}</button>
            {found}
        </form>
        <form method="post" action=UpdateCompanyProfile::PATH class="company-profile-form" novalidate>
            <input type="hidden" name="company_id" value=data.company_id.to_string() />
            <div class="form-group">
                <label class="form-label" for=field_id("ateco_code")>{v.ateco}</label>
                <select id=field_id("ateco_code") name="ateco_code" class="form-select" required>
                    {data
                        .ateco_options
                        .iter()
                        .map(|(code, title)| view! {
                            <option value=code.clone() selected=*code == data.ateco_code>
                                {format!("{code} — {title}")}
                            </option>
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="form-group">
                <label class="form-label" for=field_id("seat_istat")>{v.seat}</label>
                <select id=field_id("seat_istat") name="seat_istat" class="form-select" required>
                    {data
                        .comuni
                        .iter()
                        .map(|(code, name)| view! {
                            <option value=code.clone() selected=*code == data.seat_istat>{name.clone()}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <fieldset class="form-group">
                <legend id=field_id("size_band")>{v.size_band_label}</legend>
                {SizeBand::ALL
                    .into_iter()
                    .map(|band| {
                        let id = format!("size-{}", band.code());
                        view! {
                            <div class="form-check">
                                <input type="radio" class="form-check-input" id=id.clone() name="size_band"
                                    value=band.code() checked=data.size_band == Some(band) />
                                <label class="form-check-label" for=id>{(v.size_band)(band)}</label>
                            </div>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <div class="form-group">
                <label class="form-label" for=field_id("email")>{v.email}" "<span class="optional">{v.optional}</span></label>
                <input type="email" id=field_id("email") name="email" class="form-control" autocomplete="email"
                    value=data.email.clone().unwrap_or_default() maxlength="254" />
            </div>
            <div class="form-group">
                <label class="form-label" for=field_id("phone")>{v.phone}" "<span class="optional">{v.optional}</span></label>
                <input type="tel" id=field_id("phone") name="phone" class="form-control" autocomplete="tel"
                    value=data.phone.clone().unwrap_or_default() maxlength="30" />
            </div>
            <button type="submit" class="btn btn-primary">{v.save_profile}</button>
        </form>
    }
}
