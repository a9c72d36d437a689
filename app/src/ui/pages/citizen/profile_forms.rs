//! The forms of the profile's sections: adding an entry to a list section, and the single forms
//! of availability, presentation and visibility. Plain posts; every input labelled, grouped
//! choices in fieldsets.

use crate::api::profile::{
    AddProfileEntry, ProfileView, SaveProfilePreferences, SaveProfilePresentation,
    SetProfileVisibility,
};
use crate::domain::profile::{
    Cefr, Section, Visibility, CONTRACTS, LICENCES, MAX_HOURS_PER_WEEK, MAX_PRESENTATION_CHARS,
    MAX_RADIUS_KM, PROFILE_LANGUAGES, WORKING_TIMES,
};
use crate::i18n::Messages;
use crate::ui::widgets::form_errors::field_id;
use crate::ui::widgets::occupation_picker::OccupationPicker;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// A `<select>` of `(value, label)` options with a first empty "choose" option.
fn select(
    t: &'static Messages,
    name: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    selected: Option<String>,
    required: bool,
) -> impl IntoView {
    view! {
        <div class="form-group">
            <label for=field_id(name)>{label}</label>
            <select id=field_id(name) name=name class="form-select" required=required>
                <option value="">{t.profile.choose}</option>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is = selected.as_deref() == Some(value.as_str());
                        view! { <option value=value selected=is>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

fn input(
    name: &'static str,
    label: String,
    kind: &'static str,
    value: String,
    required: bool,
    hint: Option<&'static str>,
) -> impl IntoView {
    let hint_id = format!("{}-hint", field_id(name));
    let described = hint.map(|_| hint_id.clone());
    let hint_view = hint.map(|h| view! { <p class="form-text" id=hint_id>{h}</p> });
    view! {
        <div class="form-group">
            <label for=field_id(name)>{label}</label>
            {hint_view}
            <input type=kind id=field_id(name) name=name class="form-control" value=value
                required=required aria-describedby=described />
        </div>
    }
}

/// The form adding an entry to a list section.
pub fn add_form(t: &'static Messages, view: &ProfileView, section: Section) -> impl IntoView {
    let p = t.profile;
    let choice = t.vacancy_form.choice;
    let fields = match section {
        Section::Education => view! {
            {select(t, "level", p.eqf_label,
                (1..=8).map(|l: u8| (l.to_string(), choice("eqf", &l.to_string()).to_string())).collect(),
                None, true)}
            {input("title", p.title_label.to_string(), "text", String::new(), true, None)}
            {input("year", format!("{} {}", p.year_label, p.optional), "number", String::new(), false, None)}
        }
        .into_any(),
        Section::Experience => view! {
            <OccupationPicker name="value" text_name="value_text" label=p.occupation_label
                hint=p.occupation_hint />
            {input("employer", p.employer_label.to_string(), "text", String::new(), true, None)}
            {input("from", p.from_label.to_string(), "month", String::new(), true, None)}
            {input("to", format!("{} {}", p.to_label, p.optional), "month", String::new(), false, Some(p.to_hint))}
        }
        .into_any(),
        Section::Desired => view! {
            <OccupationPicker name="value" text_name="value_text" label=p.occupation_label
                hint=p.occupation_hint />
        }
        .into_any(),
        Section::Languages => view! {
            {select(t, "value", p.language_label,
                PROFILE_LANGUAGES.iter().map(|l| (l.to_string(), (p.language_name)(l).to_string())).collect(),
                None, true)}
            {select(t, "level", p.level_label,
                Cefr::ALL.iter().map(|c| (c.code().to_string(), (p.cefr)(*c).to_string())).collect(),
                None, true)}
        }
        .into_any(),
        Section::Licences => select(
            t,
            "value",
            p.licence_label,
            LICENCES
                .iter()
                .filter(|l| !view.licences.iter().any(|h| h == *l))
                .map(|l| (l.to_string(), (p.licence)(l).to_string()))
                .collect(),
            None,
            true,
        )
        .into_any(),
        Section::Contracts => select(
            t,
            "value",
            p.contract_label,
            CONTRACTS
                .iter()
                .filter(|c| !view.contracts.iter().any(|h| h == *c))
                .map(|c| (c.to_string(), choice("contract", c).to_string()))
                .collect(),
            None,
            true,
        )
        .into_any(),
        _ => ().into_any(),
    };
    view! {
        <form method="post" action=AddProfileEntry::PATH class="profile-form">
            <input type="hidden" name="section" value=section.code() />
            {fields}
            <button type="submit" class="btn btn-primary">{p.add}</button>
        </form>
    }
}

fn checkbox(name: &'static str, label: &'static str, checked: bool) -> impl IntoView {
    view! {
        <div class="form-check">
            <input type="checkbox" class="form-check-input" id=field_id(name) name=name value="1"
                checked=checked />
            <label class="form-check-label" for=field_id(name)>{label}</label>
        </div>
    }
}

/// Working time, hours, conditions, vehicle, radius and availability date: one form.
pub fn availability_form(
    t: &'static Messages,
    view: &ProfileView,
    editable: bool,
) -> impl IntoView {
    let p = t.profile;
    let prefs = view.preferences.clone();
    let choice = t.vacancy_form.choice;
    let hours_label = format!("{} {}", p.max_hours_label, p.optional);
    view! {
        <form method="post" action=SaveProfilePreferences::PATH class="profile-form">
            <fieldset disabled=!editable>
                <div class="form-group">
                    <label for=field_id("working_time")>{p.working_time_label}</label>
                    <select id=field_id("working_time") name="working_time" class="form-select">
                        <option value="" selected=prefs.working_time.is_none()>{p.any_working_time}</option>
                        {WORKING_TIMES
                            .iter()
                            .map(|w| {
                                let is = prefs.working_time.as_deref() == Some(*w);
                                view! { <option value=*w selected=is>{choice("working_time", w)}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="form-group">
                    <label for=field_id("max_hours")>{hours_label}</label>
                    <input type="number" id=field_id("max_hours") name="max_hours" class="form-control"
                        min="1" max=MAX_HOURS_PER_WEEK.to_string()
                        value=prefs.max_hours_per_week.map(|h| h.to_string()).unwrap_or_default() />
                </div>
                <fieldset class="form-group">
                    <legend class="form-label">{p.conditions_legend}</legend>
                    {checkbox("shifts", p.shifts_label, prefs.shifts_ok)}
                    {checkbox("nights", p.nights_label, prefs.nights_ok)}
                    {checkbox("weekends", p.weekends_label, prefs.weekends_ok)}
                    {checkbox("remote", p.remote_label, prefs.remote_ok)}
                </fieldset>
                {checkbox("vehicle", p.vehicle_label, prefs.has_vehicle)}
                <div class="form-group">
                    <label for=field_id("radius_km")>{p.radius_label}</label>
                    <p class="form-text" id="radius-hint">{p.radius_hint}</p>
                    <input type="number" id=field_id("radius_km") name="radius_km" class="form-control"
                        min="0" max=MAX_RADIUS_KM.to_string() required aria-describedby="radius-hint"
                        value=prefs.mobility_radius_km.to_string() />
                </div>
                {input("available_from", p.available_from_label.to_string(), "date",
                    prefs.available_from.map(|d| d.to_string()).unwrap_or_default(), false, None)}
                <button type="submit" class="btn btn-primary">{p.save}</button>
            </fieldset>
        </form>
    }
}

pub fn presentation_form(
    t: &'static Messages,
    view: &ProfileView,
    editable: bool,
) -> impl IntoView {
    let p = t.profile;
    let text = view.presentation.clone().unwrap_or_default();
    view! {
        <form method="post" action=SaveProfilePresentation::PATH class="profile-form">
            <fieldset disabled=!editable>
                <div class="form-group">
                    <label for=field_id("presentation")>{p.presentation_label}</label>
                    <p class="form-text" id="presentation-hint">{(p.presentation_hint)(MAX_PRESENTATION_CHARS)}</p>
                    <textarea id=field_id("presentation") name="presentation" class="form-control" rows="8"
                        maxlength=MAX_PRESENTATION_CHARS.to_string() aria-describedby="presentation-hint">
                        {text}
                    </textarea>
                </div>
                <button type="submit" class="btn btn-primary">{p.save}</button>
            </fieldset>
        </form>
    }
}

pub fn visibility_form(t: &'static Messages, view: &ProfileView, editable: bool) -> impl IntoView {
    let p = t.profile;
    let current = view.visibility;
    view! {
        <p>{p.visibility_intro}</p>
        <p class="profile-visibility-now"><strong>{(p.visibility_now)(current)}</strong></p>
        <form method="post" action=SetProfileVisibility::PATH class="profile-form">
            <fieldset class="form-group" disabled=!editable>
                <legend class="form-label">{p.visibility_legend}</legend>
                {Visibility::ALL
                    .into_iter()
                    .map(|v| {
                        let id = format!("visibility-{}", v.code());
                        let explain_id = format!("{id}-explain");
                        let (input_id, described_by) = (id.clone(), explain_id.clone());
                        view! {
                            <div class="form-check profile-visibility-option">
                                <input type="radio" class="form-check-input" name="visibility" id=input_id
                                    value=v.code() checked=v == current aria-describedby=described_by />
                                <label class="form-check-label" for=id>{(p.visibility)(v)}</label>
                                <p class="form-text" id=explain_id>{(p.visibility_explain)(v)}</p>
                            </div>
                        }
                    })
                    .collect_view()}
                <button type="submit" class="btn btn-primary">{p.save}</button>
            </fieldset>
        </form>
    }
}
