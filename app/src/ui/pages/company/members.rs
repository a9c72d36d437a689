//! `/impresa/membri?azienda=<id>`: a company's members, and for its administrators the open
//! invitations, the invite form and the remove buttons.

use super::company_form_error;
use crate::api::companies::{
    company_members, InviteMember, MemberRow, MembersView, RemoveMember, COMPANY_PAGE,
    COMPANY_PARAM,
};
use crate::domain::company_members::MemberRole;
use crate::error::AppError;
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{notice, personal, query_param, refusal};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn MembersPage() -> impl IntoView {
    let t = use_i18n();
    let c = t.company;
    personal();
    let company = query_param(COMPANY_PARAM).and_then(|id| id.trim().parse::<i64>().ok());
    let members = Resource::new(
        move || company,
        |company| async move {
            match company {
                Some(id) => company_members(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let outcome = query_param("esito").and_then(|code| (c.outcome)(&code));
    view! {
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match members.await {
                    Ok(data) => {
                        let title = (c.members_title)(&data.company_name);
                        view! {
                            <Title text=title.clone() />
                            <h1>{title}</h1>
                            {notice(outcome)}
                            {company_form_error(t)}
                            <p>{c.partita_iva}": "{data.partita_iva.clone()}</p>
                            {members_table(t, &data)}
                            {data.can_manage.then(|| manage(t, &data))}
                            <p><a href=COMPANY_PAGE>{c.back}</a></p>
                        }
                            .into_any()
                    }
                    Err(error) => refusal(t, error),
                }
            })}
        </Suspense>
    }
}

fn members_table(t: &'static Messages, data: &MembersView) -> impl IntoView {
    let c = t.company;
    view! {
        <div class="table-responsive">
            <table class="table member-table">
                <caption>{c.members_caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{c.member_name}</th>
                        <th scope="col">{c.member_code}</th>
                        <th scope="col">{c.role_heading}</th>
                        <th scope="col">{c.member_since}</th>
                        {data.can_manage.then(|| view! { <th scope="col">{c.member_actions}</th> })}
                    </tr>
                </thead>
                <tbody>
                    {data
                        .members
                        .iter()
                        .map(|m| member_row(t, data.company_id, data.can_manage, m))
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn member_row(
    t: &'static Messages,
    company_id: i64,
    can_manage: bool,
    m: &MemberRow,
) -> impl IntoView {
    let c = t.company;
    let name = if m.is_me {
        format!("{} {}", m.name, c.you)
    } else {
        m.name.clone()
    };
    let action = can_manage.then(|| {
        let label = if m.is_me { c.leave.to_string() } else { (c.remove)(&m.name) };
        view! {
            <td>
                <form method="post" action=RemoveMember::PATH>
                    <input type="hidden" name="company_id" value=company_id.to_string() />
                    <input type="hidden" name="user_id" value=m.user_id.to_string() />
                    <button type="submit" class="btn btn-sm btn-outline-danger remove-member">{label}</button>
                </form>
            </td>
        }
    });
    view! {
        <tr>
            <td>{name}</td>
            <td>{m.code.clone()}</td>
            <td>{(c.role)(m.role)}</td>
            <td>{m.since.clone()}</td>
            {action}
        </tr>
    }
}

fn manage(t: &'static Messages, data: &MembersView) -> impl IntoView {
    let c = t.company;
    let pending = (!data.invitations.is_empty()).then(|| {
        view! {
            <h2 class="h4">{c.open_invitations_heading}</h2>
            <div class="table-responsive">
                <table class="table invitation-table">
                    <caption>{c.open_invitations_caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{c.member_code}</th>
                            <th scope="col">{c.role_heading}</th>
                            <th scope="col">{c.invitation_expires}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {data
                            .invitations
                            .iter()
                            .map(|i| view! {
                                <tr>
                                    <td>{i.code.clone()}</td>
                                    <td>{(c.role)(i.role)}</td>
                                    <td>{i.expires_on.clone()}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
    });
    view! {
        {pending}
        <h2 id="invite-heading">{c.invite_heading}</h2>
        <p id="invite-intro">{c.invite_intro}</p>
        <form method="post" action=InviteMember::PATH class="invite-member"
            aria-labelledby="invite-heading" aria-describedby="invite-intro">
            <input type="hidden" name="company_id" value=data.company_id.to_string() />
            <div class="form-group">
                <label for="codice_fiscale">{c.codice_fiscale}</label>
                <input type="text" id="codice_fiscale" name="codice_fiscale" class="form-control"
                    autocomplete="off" autocapitalize="characters" required maxlength="20"
                    aria-describedby="codice_fiscale-hint" />
                <small id="codice_fiscale-hint" class="form-text">{c.codice_fiscale_hint}</small>
            </div>
            <div class="form-group">
                <label for="role">{c.role_label}</label>
                <select id="role" name="role" class="form-select">
                    {MemberRole::ALL
                        .into_iter()
                        .map(|r| view! {
                            <option value=r.code() selected=r == MemberRole::Recruiter>{(c.role)(r)}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class="btn btn-primary">{c.invite_submit}</button>
        </form>
    }
}
