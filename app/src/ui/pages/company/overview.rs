//! `/impresa`: the companies the user belongs to, their claims being checked, the invitations
//! addressed to them, and the form to claim a company.

use super::company_form_error;
use crate::api::companies::{
    my_companies, my_invitations, AcceptInvitation, ClaimCompany, CompanyOverview, InvitationRow,
    COMPANY_PARAM, MEMBERS_PAGE,
};
use crate::api::vacancies::{PROFILE_PAGE, VACANCIES_PAGE};
use crate::error::AppError;
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{notice, personal, query_param, refusal};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn CompanyPage() -> impl IntoView {
    let t = use_i18n();
    let c = t.company;
    personal();
    let companies = Resource::new(|| (), |_| my_companies());
    let invitations = Resource::new(|| (), |_| my_invitations());
    let outcome = query_param("esito").and_then(|code| (c.outcome)(&code));
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                // Accounts without a person (staff) have no invitations and cannot claim.
                let invitations = match invitations.await {
                    Ok(rows) => Ok(Some(rows)),
                    Err(AppError::NotFound) => Ok(None),
                    Err(error) => Err(error),
                };
                match (companies.await, invitations) {
                    (Ok(mine), Ok(invitations)) => view! {
                        <Title text=c.title />
                        <h1>{c.title}</h1>
                        {notice(outcome)}
                        {company_form_error(t)}
                        <p class="lead">{c.intro}</p>
                        {companies_list(t, &mine)}
                        {invitations.map(|rows| view! {
                            {invitations_list(t, rows)}
                            {claim_form(t, mine.claims_trusted)}
                        })}
                    }
                        .into_any(),
                    (Err(error), _) | (_, Err(error)) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

fn companies_list(t: &'static Messages, mine: &CompanyOverview) -> impl IntoView {
    let c = t.company;
    let table = if mine.companies.is_empty() {
        view! { <p>{c.companies_none}</p> }.into_any()
    } else {
        view! {
            <div class="table-responsive">
                <table class="table company-table">
                    <caption>{c.companies_caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{c.company_name}</th>
                            <th scope="col">{c.partita_iva}</th>
                            <th scope="col">{c.role_heading}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {mine
                            .companies
                            .iter()
                            .map(|m| {
                                let href = format!("{MEMBERS_PAGE}?{COMPANY_PARAM}={}", m.id);
                                let vacancies = format!("{VACANCIES_PAGE}?{COMPANY_PARAM}={}", m.id);
                                let profile = format!("{PROFILE_PAGE}?{COMPANY_PARAM}={}", m.id);
                                let v = t.vacancies;
                                view! {
                                    <tr>
                                        <td>
                                            <a href=href>{(c.members_link)(&m.name)}</a>
                                            <ul class="company-links">
                                                <li><a href=vacancies>{(v.vacancies_link)(&m.name)}</a></li>
                                                <li><a href=profile>{(v.profile_link)(&m.name)}</a></li>
                                            </ul>
                                        </td>
                                        <td>{m.partita_iva.clone()}</td>
                                        <td>{(c.role)(m.role)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let claims = (!mine.pending_claims.is_empty()).then(|| {
        view! {
            <h2 class="h4">{c.claims_heading}</h2>
            <ul class="claim-list">
                {mine
                    .pending_claims
                    .iter()
                    .map(|k| view! {
                        <li>{(c.claim_pending)(&k.company_name, &k.partita_iva, &k.claimed_on)}</li>
                    })
                    .collect_view()}
            </ul>
        }
    });
    view! {
        <h2>{c.companies_heading}</h2>
        {table}
        {claims}
    }
}

fn invitations_list(t: &'static Messages, rows: Vec<InvitationRow>) -> impl IntoView {
    let c = t.company;
    let body = if rows.is_empty() {
        view! { <p>{c.invitations_none}</p> }.into_any()
    } else {
        view! {
            <ul class="invitation-list">
                {rows
                    .into_iter()
                    .map(|i| view! {
                        <li>
                            <p>{(c.invitation_text)(&i.company_name, (c.role)(i.role), &i.expires_on)}</p>
                            <form method="post" action=AcceptInvitation::PATH>
                                <input type="hidden" name="invitation_id" value=i.id.to_string() />
                                <button type="submit" class="btn btn-primary accept-invitation">
                                    {(c.accept)(&i.company_name)}
                                </button>
                            </form>
                        </li>
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <h2>{c.invitations_heading}</h2>
        {body}
    }
}

fn claim_form(t: &'static Messages, trusted: bool) -> impl IntoView {
    let c = t.company;
    view! {
        <h2 id="claim-heading">{c.claim_heading}</h2>
        <p>{if trusted { c.claim_intro_demo } else { c.claim_intro_real }}</p>
        <form method="post" action=ClaimCompany::PATH class="claim-company" aria-labelledby="claim-heading">
            <div class="form-group">
                <label for="partita_iva">{c.partita_iva}</label>
                <input type="text" id="partita_iva" name="partita_iva" class="form-control"
                    inputmode="numeric" autocomplete="off" required maxlength="16"
                    aria-describedby="partita_iva-hint" />
                <small id="partita_iva-hint" class="form-text">{c.partita_iva_hint}</small>
            </div>
            <button type="submit" class="btn btn-primary">{c.claim_submit}</button>
        </form>
    }
}
