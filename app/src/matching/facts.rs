//! What the score needs of a person and of a vacancy: ids, codes and numbers only, loaded from the
//! narrow match tables (no names, no free text). Skills are interned integers, sorted; dates are day
//! numbers (see [`day_number`]).

use serde::{Deserialize, Serialize};

/// CEFR level as an ordered number: A1 = 1 … C2 = 6, mother tongue = 7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Cefr(pub u8);

impl Cefr {
    pub fn parse(code: &str) -> Option<Cefr> {
        let n = match code {
            "A1" => 1,
            "A2" => 2,
            "B1" => 3,
            "B2" => 4,
            "C1" => 5,
            "C2" => 6,
            "NATIVE" => 7,
            _ => return None,
        };
        Some(Cefr(n))
    }

    pub fn code(self) -> &'static str {
        match self.0 {
            0 | 1 => "A1",
            2 => "A2",
            3 => "B1",
            4 => "B2",
            5 => "C1",
            6 => "C2",
            _ => "NATIVE",
        }
    }
}

/// An occupation with its ISCO-08 unit group as a number (`"2512"` → 2512), so the minor group is
/// `isco4 / 10` and the sub-major group `isco4 / 100`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OccupationFact {
    pub occupation_id: String,
    pub isco4: u16,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageFact {
    /// ISO 639-1.
    pub lang: String,
    pub level: Cefr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PersonFacts {
    pub person_id: i64,
    /// Desired occupations and those of past experience, one entry per mention (an occupation
    /// both wanted and done appears twice: the score takes that as corroboration).
    pub occupations: Vec<OccupationFact>,
    /// Interned skill ids, sorted and without duplicates.
    pub skills: Vec<u32>,
    pub eqf: Option<u8>,
    pub languages: Vec<LanguageFact>,
    pub licences: Vec<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub radius_km: f32,
    /// Day number from which the person can start; `None`: now.
    pub available_from: Option<i32>,
    /// Day number of the last change to the profile.
    pub updated: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VacancyLanguage {
    pub lang: String,
    pub level: Cefr,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VacancyLicence {
    pub code: String,
    pub required: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkMode {
    Onsite,
    Hybrid,
    Remote,
}

impl WorkMode {
    pub fn parse(code: &str) -> Option<WorkMode> {
        match code {
            "onsite" => Some(WorkMode::Onsite),
            "hybrid" => Some(WorkMode::Hybrid),
            "remote" => Some(WorkMode::Remote),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct VacancyFacts {
    pub vacancy_id: i64,
    pub occupation: OccupationFact,
    /// Must-have skills, sorted.
    pub must_skills: Vec<u32>,
    /// Nice-to-have skills, sorted.
    pub nice_skills: Vec<u32>,
    pub eqf_min: Option<u8>,
    /// Whether `eqf_min` is a must-have.
    pub eqf_required: bool,
    pub languages: Vec<VacancyLanguage>,
    pub licences: Vec<VacancyLicence>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Hybrid work still needs the commute, so only `Remote` skips the distance.
    pub work_mode: WorkMode,
    pub start_date: i32,
    pub expires_on: i32,
    /// Day number of publication.
    pub published: Option<i32>,
}

/// Days since 1970-01-01 of an ISO date `YYYY-MM-DD` (the first ten characters of an instant also
/// work); `None` if it is not one.
pub fn day_number(iso: &str) -> Option<i32> {
    let b = iso.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i32 = iso.get(0..4)?.parse().ok()?;
    let m: u32 = iso.get(5..7)?.parse().ok()?;
    let d: u32 = iso.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy as i32;
    Some(era * 146_097 + doe - 719_468)
}

/// Parses an ISCO-08 code of four digits.
pub fn isco4(code: &str) -> Option<u16> {
    if code.len() == 4 && code.bytes().all(|c| c.is_ascii_digit()) {
        code.parse().ok()
    } else {
        None
    }
}

/// Great-circle distance in kilometres.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    const R: f64 = 6371.0;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * R * a.sqrt().min(1.0).asin()
}

/// The latitude/longitude box that contains the circle of `radius_km` around a point: the cheap
/// first filter before the exact distance.
pub fn bounding_box(lat: f64, lon: f64, radius_km: f64) -> (f64, f64, f64, f64) {
    let dlat = radius_km / 111.195;
    let coslat = lat.to_radians().cos().abs().max(0.01);
    let dlon = (radius_km / (111.195 * coslat)).min(180.0);
    (lat - dlat, lat + dlat, lon - dlon, lon + dlon)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_count_from_the_epoch() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2026-11-27"), Some(20_784));
        assert_eq!(day_number("2026-11-27T10:00:00.000Z"), Some(20_784));
        assert_eq!(day_number("2026-13-01"), None);
        assert_eq!(day_number("nonsense"), None);
    }

    #[test]
    fn milan_to_bergamo_is_about_42_km() {
        let d = haversine_km(45.4642, 9.19, 45.6983, 9.6773);
        assert!((d - 45.0).abs() < 5.0, "{d}");
    }

    #[test]
    fn the_box_contains_the_circle() {
        let (a, b, c, d) = bounding_box(45.0, 9.0, 30.0);
        for bearing in 0..36 {
            let t = f64::from(bearing) * 10.0_f64.to_radians();
            let lat = 45.0 + 29.9 / 111.195 * t.cos();
            let lon = 9.0 + 29.9 / (111.195 * 45.0_f64.to_radians().cos()) * t.sin();
            assert!(haversine_km(45.0, 9.0, lat, lon) <= 30.0);
            assert!(a <= lat && lat <= b && c <= lon && lon <= d);
        }
    }

    #[test]
    fn cefr_is_ordered() {
        assert!(Cefr::parse("B2") > Cefr::parse("B1"));
        assert!(Cefr::parse("NATIVE") > Cefr::parse("C2"));
        assert_eq!(Cefr::parse("C1").map(Cefr::code), Some("C1"));
    }
}
