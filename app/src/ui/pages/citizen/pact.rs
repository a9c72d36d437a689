//! `/area-personale/patto`: the person's service pact — the plan, agree or dispute each proposed
//! item, mark own actions done, sign online once everything is agreed, the receipt and the
//! history. The operator's page (`ui/pages/operator/pact.rs`) shows the same plan through
//! [`pact_body`] with the staff's forms. Every form is a plain post (works without JavaScript).

use crate::api::pacts::{
    get_pact, AgreeItem, DisputeItem, MarkItemDone, PactEventView, PactItemView, PactView,
    ReviseItem, SignPact, OUTCOME_PARAM,
};
use crate::domain::pact::{ItemState, PactState, Side};
use crate::i18n::{use_i18n, Messages};
use crate::ui::pages::account::{personal, query_param, refusal};
use crate::ui::widgets::form_errors::{problem_summary, ProblemWords};
use crate::ui::widgets::live::{use_live, LiveAnnouncer};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn PactPage() -> impl IntoView {
    let t = use_i18n();
    let p = t.pact;
    personal();
    let person = RwSignal::new(None::<i64>);
    let live = use_live(Signal::derive(move || {
        person.get().map(|id| format!("/events?person={id}"))
    }));
    let data = Resource::new(move || live.get(), |_| get_pact(None));
    let announcement = RwSignal::new(String::new());
    view! {
        <Title text=p.title />
        <h1>{p.title}</h1>
        <p class="lead">{p.intro}</p>
        <LiveAnnouncer message=announcement />
        {outcome_view(t)}
        {problem_view(t)}
        <Transition fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => refusal(t, error),
                    Ok(v) => {
                        if person.get_untracked() != Some(v.person_id) {
                            person.set(Some(v.person_id));
                        }
                        if live.get_untracked() > 0 {
                            announcement.set(p.updated.to_string());
                        }
                        pact_body(t, v)
                    }
                }
            })}
        </Transition>
    }
}

/// The success notice after a post.
pub fn outcome_view(t: &'static Messages) -> Option<AnyView> {
    query_param(OUTCOME_PARAM)
        .and_then(|code| (t.pact.outcome)(&code))
        .map(|text| {
            view! { <div class="alert alert-success" role="status">{text}</div> }.into_any()
        })
}

/// A refused post's problem (no JavaScript), above the plan.
pub fn problem_view(t: &'static Messages) -> Option<AnyView> {
    let p = t.pact;
    problem_summary(
        t,
        ProblemWords {
            heading: p.problem,
            conflict: p.conflict,
            field: p.field,
        },
    )
}

/// `27/11/2026 08:00 UTC` from an ISO instant.
pub fn instant_display(iso: &str) -> String {
    match (
        iso.get(0..4),
        iso.get(5..7),
        iso.get(8..10),
        iso.get(11..16),
    ) {
        (Some(y), Some(m), Some(d), Some(hm)) => format!("{d}/{m}/{y} {hm} UTC"),
        _ => iso.to_string(),
    }
}

/// The plan, the signature (person side) or receipt, and the history.
pub fn pact_body(t: &'static Messages, v: PactView) -> AnyView {
    let p = t.pact;
    let Some(state) = v.state else {
        return view! { <p class="alert alert-info">{p.no_pact}</p> }.into_any();
    };
    let acting = v.person_name.is_some() && v.side == Side::Person;
    let receipt = match (&v.protocol, &v.signed_at) {
        (Some(protocol), Some(at)) => Some(view! {
            <div class="alert alert-success pact-receipt" role="status">
                {(p.signed)(protocol, &instant_display(at))}
            </div>
        }),
        _ => None,
    };
    let sign = (v.side == Side::Person && state != PactState::Signed).then(|| {
        let form = v.pact_id.filter(|_| v.can_sign).map(|id| {
            view! {
                <p>{p.sign_explain}</p>
                <form method="post" action=SignPact::PATH>
                    <input type="hidden" name="pact_id" value=id.to_string() />
                    <button type="submit" class="btn btn-primary">{p.sign_submit}</button>
                </form>
            }
            .into_any()
        });
        view! {
            <section class="pact-sign" aria-labelledby="pact-sign-heading">
                <h2 id="pact-sign-heading">{p.sign_heading}</h2>
                {form.unwrap_or_else(|| view! { <p>{p.sign_not_yet}</p> }.into_any())}
            </section>
        }
    });
    view! {
        {acting.then(|| view! { <p class="alert alert-info">{p.acting_note}</p> })}
        <p class="pact-state">
            <strong>{p.pact_state_label}": "</strong>
            <span class=format!("badge pact-badge pact-{}", state.code())>{(p.pact_state)(state)}</span>
        </p>
        {receipt}
        <h2>{p.items_heading}</h2>
        <ul class="pact-items list-unstyled">
            {v.items.into_iter().map(|i| item_card(t, i)).collect_view()}
        </ul>
        {sign}
        {history(t, &v.history)}
    }
    .into_any()
}

fn item_card(t: &'static Messages, i: PactItemView) -> impl IntoView {
    let p = t.pact;
    let id = i.id.to_string();
    let heading = format!("item-{}", i.id);
    let labelled_by = heading.clone();
    let agree = i.can_agree.then(|| {
        view! {
            <form method="post" action=AgreeItem::PATH class="d-inline">
                <input type="hidden" name="item_id" value=id.clone() />
                <button type="submit" class="btn btn-primary btn-sm">{p.agree}</button>
            </form>
        }
    });
    let dispute = i.can_dispute.then(|| {
        let field = format!("dispute-{}", i.id);
        view! {
            <form method="post" action=DisputeItem::PATH class="pact-form">
                <input type="hidden" name="item_id" value=id.clone() />
                <label for=field.clone()>{p.dispute_label}</label>
                <textarea id=field class="form-control" name="message" rows="2" maxlength="1000" required></textarea>
                <button type="submit" class="btn btn-outline-danger btn-sm">{p.dispute_submit}</button>
            </form>
        }
    });
    let revise = i.can_revise.then(|| {
        let text = format!("revise-text-{}", i.id);
        let deadline = format!("revise-deadline-{}", i.id);
        view! {
            <form method="post" action=ReviseItem::PATH class="pact-form">
                <input type="hidden" name="item_id" value=id.clone() />
                <label for=text.clone()>{p.revise_label}</label>
                <textarea id=text class="form-control" name="text" rows="2" maxlength="500" required>{i.text.clone()}</textarea>
                <label for=deadline.clone()>{p.deadline_label}</label>
                <input id=deadline class="form-control" type="date" name="deadline" value=i.deadline.clone() required />
                <button type="submit" class="btn btn-outline-primary btn-sm">{p.revise_submit}</button>
            </form>
        }
    });
    let done = i.can_mark_done.then(|| {
        let field = format!("evidence-{}", i.id);
        view! {
            <form method="post" action=MarkItemDone::PATH class="pact-form">
                <input type="hidden" name="item_id" value=id.clone() />
                <label for=field.clone()>{p.evidence_label}</label>
                <input id=field class="form-control" type="text" name="evidence" maxlength="1000" required />
                <button type="submit" class="btn btn-outline-success btn-sm">{p.done_submit}</button>
            </form>
        }
    });
    let locked = (i.state == ItemState::Agreed).then(|| view! { <p class="small">{p.locked}</p> });
    let overdue = i
        .overdue
        .then(|| view! { <span class="badge pact-overdue">{p.overdue}</span> });
    view! {
        <li class=format!("pact-item card pact-{}", i.state.code()) aria-labelledby=labelled_by>
            <div class="card-body">
                <h3 id=heading class="h5">
                    <span class="pact-kind">{(p.kind)(i.kind)}": "</span>{i.text.clone()}
                </h3>
                <p>
                    <strong>{p.col_deadline}": "</strong>{i.deadline_display.clone()}" "{overdue}
                    " · "<strong>{p.col_state}": "</strong>{(p.state)(i.state)}
                </p>
                {locked}
                {agree}
                {dispute}
                {revise}
                {done}
            </div>
        </li>
    }
}

fn history(t: &'static Messages, events: &[PactEventView]) -> AnyView {
    let p = t.pact;
    if events.is_empty() {
        return view! { <h2>{p.history_heading}</h2><p>{p.history_none}</p> }.into_any();
    }
    let state_name = |code: &str| {
        ItemState::parse(code)
            .map(|s| (p.state)(s))
            .unwrap_or(if code == "signed" { p.signed_event } else { "" })
    };
    view! {
        <h2>{p.history_heading}</h2>
        <div class="table-responsive">
            <table class="table pact-history">
                <caption>{p.history_caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{p.col_when}</th>
                        <th scope="col">{p.col_who}</th>
                        <th scope="col">{p.col_change}</th>
                        <th scope="col">{p.col_note}</th>
                    </tr>
                </thead>
                <tbody>
                    {events
                        .iter()
                        .map(|e| {
                            let who = match &e.actor {
                                Some(name) => format!("{} ({name})", (p.side)(e.side)),
                                None => (p.side)(e.side).to_string(),
                            };
                            let change = match &e.from {
                                Some(from) => format!("{} → {}", state_name(from), state_name(&e.to)),
                                None => state_name(&e.to).to_string(),
                            };
                            let item = e.item_id.map(|id| format!("#{id} ")).unwrap_or_default();
                            let evidence = e
                                .evidence
                                .clone()
                                .map(|x| format!("{}{x}", p.evidence_prefix));
                            view! {
                                <tr>
                                    <td>{instant_display(&e.at)}</td>
                                    <td>{who}</td>
                                    <td>{item}{change}</td>
                                    <td>{e.message.clone()}" "{evidence}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
