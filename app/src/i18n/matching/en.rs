use super::{km, MatchingMessages};

fn param(p: &serde_json::Value, key: &str) -> String {
    p.get(key)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

pub const EN: MatchingMessages = MatchingMessages {
    for_me_title: "Jobs for me",
    for_me_intro: "Published vacancies that fit your profile, best first, with the reasons.",
    for_me_acting: "You are looking at your client's jobs.",
    for_me_none: "No vacancy fits your profile within your mobility radius right now. Try widening the radius or adding skills.",
    for_me_no_profile: "Complete your profile (occupations, skills, where you live) to see the jobs that fit you.",
    profile_link: "Go to my profile",
    search_link: "Search all vacancies",
    open_vacancy: "See the vacancy",
    company_anonymous: "Company not named",
    reasons_heading: "Why it fits",
    fit: |p| format!("Fit: {p}%"),
    work_mode: |m| match m {
        "remote" => "Remote",
        "hybrid" => "Hybrid",
        _ => "On site",
    },
    candidates_title: "Matching candidates",
    candidates_intro_cpi: "People with a profile who fit this vacancy, best first, with the reasons. Hidden profiles are included: only the CPI sees them.",
    candidates_intro_company: "Anonymous profiles of people who chose to be visible to employers. You will see their names when they apply or the CPI sends them.",
    candidates_none: "No candidate fits this vacancy right now.",
    anonymous_candidate: |n| format!("Candidate {n}"),
    choose: |who| format!("Add {who} to the shortlist"),
    shortlist_legend: "Choose the candidates to put on the CPI's shortlist",
    shortlist_button: "Add to the shortlist",
    shortlist_closed: "This vacancy does not take a CPI shortlist (not published, or the company asked for public applications only).",
    shortlisted: |n| match n {
        0 => "No one added: the chosen candidates were already in the pipeline.".to_string(),
        1 => "1 candidate added to the shortlist and told.".to_string(),
        n => format!("{n} candidates added to the shortlist and told."),
    },
    application_label: "Application",
    back_to_review: "Back to the vacancy",
    candidates_link: "Matching candidates",
    cpi_shortlist_heading: "The CPI shortlist",
    kpi_time_to_shortlist: "From publication to the first shortlist",
    kpi_hours: |h| if h < 48.0 { format!("{h:.0} hours") } else { format!("{:.1} days", h / 24.0) },
    kpi_none: "nobody shortlisted yet",
    kpi_hires: "Hires",
    cpi_shortlist_none: "No one is on the CPI shortlist for this vacancy yet.",
    proposal_answer: |a| match a {
        Some("accepted") => "accepted",
        Some("declined") => "declined",
        _ => "waiting for an answer",
    },
    proposal_answer_label: "Answer to the proposal",
    proposed_on: |d| format!("Proposed on {d}"),
    answered_on: |d| format!("answered on {d}"),
    sent_on: |d| format!("sent to the company on {d}"),
    candidate_agreed: "The candidate gave their consent (for example on the phone)",
    accepted_online: "They accepted the proposal online: their consent is on record.",
    send_to_company: |who| format!("Send to the company: {who}"),
    sent_notice: "Candidate sent to the company: the company now sees them among its candidates.",
    same_occupation: "Same occupation",
    occupation_group: |level| match level {
        4 => "Same occupation group (ISCO unit group)".to_string(),
        3 => "Related occupation (ISCO minor group)".to_string(),
        _ => "Same field (ISCO sub-major group)".to_string(),
    },
    distance: |d, r, you| {
        if you {
            format!("{} km — within your {} km", km(d), km(r))
        } else {
            format!("{} km — within their {} km", km(d), km(r))
        }
    },
    remote: "Remote work: no commute",
    skills: |have, of, missing, you| {
        let who = if you { "You have" } else { "Has" };
        if missing.is_empty() {
            format!("{who} all {of} required skills")
        } else {
            format!("{who} {have} of {of} required skills; missing: {missing}")
        }
    },
    nice_skills: |have, of| format!("{have} of {of} desirable skills"),
    education: |need, have, required, you| {
        let has = if you { "you have" } else { "has" };
        let what = if required { "Requires" } else { "Prefers" };
        match have {
            Some(h) => format!("{what} EQF level {need} — {has} {h}"),
            None => format!("{what} EQF level {need}"),
        }
    },
    language: |name, need, have, required, you| {
        let has = if you { "you have" } else { "has" };
        let what = if required { "Requires" } else { "Prefers" };
        match have {
            Some(h) => format!("{what} {name} {need} — {has} {h}"),
            None => format!("{what} {name} {need}"),
        }
    },
    licence_missing: |code, have, you| {
        let has = if you { "you have" } else { "has" };
        if have.is_empty() {
            format!("Needs licence {code}")
        } else {
            format!("Needs licence {code} — {has} {have}")
        }
    },
    recent: |days| match days {
        0 => "Published today".to_string(),
        1 => "Published yesterday".to_string(),
        d => format!("Published {d} days ago"),
    },
    language_name: |code| {
        match code {
            "it" => "Italian",
            "en" => "English",
            "fr" => "French",
            "de" => "German",
            "es" => "Spanish",
            "ar" => "Arabic",
            "ro" => "Romanian",
            "zh" => "Chinese",
            other => return other.to_uppercase(),
        }
        .to_string()
    },
    proposal_notice: |p| {
        format!(
            "The job centre proposed you for the vacancy {}: tell them whether you accept",
            param(p, "title")
        )
    },
};
