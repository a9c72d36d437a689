//! Texts of public job search filters, saved searches and alerts (issue 7).
//! One constant per locale, so a missing text is a compile error.

mod en;
mod it;

pub use en::EN;
pub use it::IT;

pub struct SearchMessages {
    // The search form (the rest of its texts are the review's, issue 6).
    pub occupation_filter: &'static str,
    pub occupation_hint: &'static str,
    /// Above the occupations a typed text may mean (each a link that applies it).
    pub occupation_choices_heading: &'static str,
    /// The link that removes the occupation filter (a no-JS form cannot clear the hidden id).
    pub occupation_clear: &'static str,
    pub radius_label: &'static str,
    /// The radius option "only the chosen comune".
    pub radius_none: &'static str,
    pub radius_km: fn(u32) -> String,
    pub sort_label: &'static str,
    pub sort_relevance: &'static str,
    pub sort_date: &'static str,
    /// "12 km away".
    pub distance: fn(u32) -> String,
    /// How many results this page shows (announced to screen readers); `more`: a next page exists.
    pub results_count: fn(usize, bool) -> String,
    // Saving a search.
    pub save_heading: &'static str,
    pub save_name_label: &'static str,
    pub save_name_hint: &'static str,
    pub save_button: &'static str,
    pub default_name: &'static str,
    pub saved_link: &'static str,
    // The saved searches page.
    pub saved_title: &'static str,
    pub saved_intro: &'static str,
    pub saved_none: &'static str,
    pub open_search: &'static str,
    pub alerts_on: &'static str,
    pub alerts_off: &'static str,
    pub pause: &'static str,
    pub resume: &'static str,
    pub rename_label: &'static str,
    pub rename_button: &'static str,
    pub delete_button: &'static str,
    pub last_run: fn(&str) -> String,
    pub never_run: &'static str,
    /// What a saved search looks for: its text, or "every vacancy".
    pub all_vacancies: &'static str,
    pub filters_label: &'static str,
    pub outcome_saved: &'static str,
    pub outcome_paused: &'static str,
    pub outcome_resumed: &'static str,
    pub outcome_renamed: &'static str,
    pub outcome_deleted: &'static str,
    /// The notification (in the app and by e-mail) of an alert.
    pub alert_notice: fn(&serde_json::Value) -> String,
}

/// A text field of a notification's parameters ("" when absent).
fn text<'a>(p: &'a serde_json::Value, name: &str) -> &'a str {
    p.get(name).and_then(|v| v.as_str()).unwrap_or_default()
}

fn count(p: &serde_json::Value) -> u64 {
    p.get("count").and_then(|v| v.as_u64()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_alert_notice_names_the_search_and_counts() {
        let p = serde_json::json!({"name": "Cuoco a Perugia", "count": 3, "more": false, "title": "Cuoco"});
        for t in [&IT, &EN] {
            let text = (t.alert_notice)(&p);
            assert!(
                text.contains("Cuoco a Perugia") && text.contains('3'),
                "{text}"
            );
        }
        let one = serde_json::json!({"name": "x", "count": 1, "title": "Cuoco"});
        assert!((IT.alert_notice)(&one).contains("Cuoco"));
    }
}
