//! Texts of jobs for me, candidates for a vacancy, match reasons, citizen applications (issue 7).
//! One constant per locale, so a missing text is a compile error.

mod en;
mod it;

pub use en::EN;
pub use it::IT;

use crate::matching::Reason;

pub struct MatchingMessages {
    // Jobs for me.
    pub for_me_title: &'static str,
    pub for_me_intro: &'static str,
    pub for_me_acting: &'static str,
    pub for_me_none: &'static str,
    pub for_me_no_profile: &'static str,
    pub profile_link: &'static str,
    pub search_link: &'static str,
    pub open_vacancy: &'static str,
    pub company_anonymous: &'static str,
    pub reasons_heading: &'static str,
    /// The fit as a percentage: "Fit: 82%".
    pub fit: fn(u32) -> String,
    pub work_mode: fn(&str) -> &'static str,
    // Candidates for a vacancy.
    pub candidates_title: &'static str,
    pub candidates_intro_cpi: &'static str,
    pub candidates_intro_company: &'static str,
    pub candidates_none: &'static str,
    /// "Candidate 3", for the company's anonymous view.
    pub anonymous_candidate: fn(u32) -> String,
    pub choose: fn(&str) -> String,
    pub shortlist_legend: &'static str,
    pub shortlist_button: &'static str,
    pub shortlist_closed: &'static str,
    /// What a shortlist submission did: how many were added.
    pub shortlisted: fn(u32) -> String,
    pub application_label: &'static str,
    pub back_to_review: &'static str,
    pub candidates_link: &'static str,
    // The CPI's shortlist and sending it to the company.
    pub cpi_shortlist_heading: &'static str,
    /// The vacancy's KPIs on the CPI's page.
    pub kpi_time_to_shortlist: &'static str,
    pub kpi_hours: fn(f64) -> String,
    pub kpi_none: &'static str,
    pub kpi_hires: &'static str,
    pub cpi_shortlist_none: &'static str,
    /// The person's answer to the proposal: `accepted`, `declined`, or none yet.
    pub proposal_answer: fn(Option<&str>) -> &'static str,
    pub proposal_answer_label: &'static str,
    /// Dates: proposed on, answered on, sent on.
    pub proposed_on: fn(&str) -> String,
    pub answered_on: fn(&str) -> String,
    pub sent_on: fn(&str) -> String,
    pub candidate_agreed: &'static str,
    pub accepted_online: &'static str,
    /// The send button, naming the person.
    pub send_to_company: fn(&str) -> String,
    pub sent_notice: &'static str,
    // Reasons.
    pub same_occupation: &'static str,
    pub occupation_group: fn(u8) -> String,
    /// km, radius, addressed to the person (`true`) or about them.
    pub distance: fn(f32, f32, bool) -> String,
    pub remote: &'static str,
    /// have, of, the missing skills joined.
    pub skills: fn(u16, u16, &str, bool) -> String,
    pub nice_skills: fn(u16, u16) -> String,
    /// need, have, required.
    pub education: fn(u8, Option<u8>, bool, bool) -> String,
    /// the language's name, need, have, required.
    pub language: fn(&str, &str, Option<&str>, bool, bool) -> String,
    /// code needed, codes held (joined, or empty).
    pub licence_missing: fn(&str, &str, bool) -> String,
    pub recent: fn(u32) -> String,
    pub language_name: fn(&str) -> String,
    /// The notification to a person the CPI proposed (`application_proposal`), param `title`.
    pub proposal_notice: fn(&serde_json::Value) -> String,
}

impl MatchingMessages {
    /// One reason as a sentence; `skill` names an interned skill id; `you`: addressed to the
    /// person (jobs for me) rather than about them (candidates).
    pub fn reason(&self, reason: &Reason, skill: &dyn Fn(u32) -> String, you: bool) -> String {
        match reason {
            Reason::SameOccupation => self.same_occupation.to_string(),
            Reason::OccupationGroup { level } => (self.occupation_group)(*level),
            Reason::Distance { km, radius_km } => (self.distance)(*km, *radius_km, you),
            Reason::Remote => self.remote.to_string(),
            Reason::Skills { have, of, missing } => {
                let names = missing.iter().map(|&id| skill(id)).collect::<Vec<_>>();
                (self.skills)(*have, *of, &names.join(", "), you)
            }
            Reason::NiceSkills { have, of } => (self.nice_skills)(*have, *of),
            Reason::Education {
                need,
                have,
                required,
            } => (self.education)(*need, *have, *required, you),
            Reason::Language {
                lang,
                need,
                have,
                required,
            } => (self.language)(
                &(self.language_name)(lang),
                need.code(),
                have.map(|h| h.code()),
                *required,
                you,
            ),
            Reason::LicenceMissing { code, have } => {
                (self.licence_missing)(code, &have.join(", "), you)
            }
            Reason::Recent { days } => (self.recent)(*days),
        }
    }
}

/// "12" or "12.5": a distance without spurious decimals.
pub(crate) fn km(v: f32) -> String {
    if v < 10.0 {
        format!("{:.1}", v)
    } else {
        format!("{:.0}", v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::Cefr;

    #[test]
    fn reasons_read_as_the_issue_says() {
        let skill = |id: u32| {
            if id == 7 {
                "English".to_string()
            } else {
                format!("#{id}")
            }
        };
        let r = Reason::Distance {
            km: 12.2,
            radius_km: 30.0,
        };
        assert_eq!(EN.reason(&r, &skill, true), "12 km — within your 30 km");
        let r = Reason::Skills {
            have: 4,
            of: 5,
            missing: vec![7],
        };
        assert_eq!(
            EN.reason(&r, &skill, true),
            "You have 4 of 5 required skills; missing: English"
        );
        let r = Reason::LicenceMissing {
            code: "C".into(),
            have: vec!["B".into()],
        };
        assert_eq!(EN.reason(&r, &skill, true), "Needs licence C — you have B");
        let r = Reason::Language {
            lang: "en".into(),
            need: Cefr(4),
            have: Some(Cefr(3)),
            required: true,
        };
        assert!(IT.reason(&r, &skill, true).contains("B2"));
        assert!(!IT.reason(&Reason::SameOccupation, &skill, false).is_empty());
    }
}
