//! The service catalogue (DESIGN §2): every service the virtual counter offers, as data.
//!
//! A service is a typed definition — who may use it, what it needs, what it creates and how fast the
//! CPI promises to act. Pages and the wizard read this catalogue; adding a service is adding a variant
//! here (the compiler then asks for its texts in every locale).

use serde::{Deserialize, Serialize};

/// Who a service is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Audience {
    Citizen,
    Business,
}

/// What a completed request creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// A pratica at the virtual counter, worked by an operator.
    Ticket,
    /// A declaration of immediate availability (DID).
    Did,
    /// The citizen's professional record (SAP).
    Profile,
    /// An individual service pact.
    Pact,
    /// A booked appointment.
    Appointment,
    /// A document issued at once (e.g. a certificate).
    Certificate,
    /// A job application or saved search.
    Application,
    /// A vacancy (richiesta di personale).
    Vacancy,
    /// A company workspace.
    Company,
    /// Information only: nothing is created.
    Information,
}

/// A piece of data a service asks for. The wizard turns these into steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DataNeed {
    Identity,
    Residence,
    Contacts,
    EmploymentStatus,
    EducationAndTraining,
    WorkExperience,
    Skills,
    Availability,
    /// Special-category data (GDPR art. 9): stored apart, seen only by the staff who need it.
    DisabilityStatus,
    CompanyData,
    VacancyDetails,
    InternshipDetails,
    AppointmentSlot,
    FreeTextMessage,
}

/// A document a service may ask the requester to upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocumentNeed {
    IdentityDocument,
    ResidencePermit,
    DisabilityCertificate,
    Cv,
    TrainingProject,
}

/// Inclusive age limits that a service imposes by law (e.g. Garanzia Giovani: 15–29).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeRange {
    pub min: u8,
    pub max: u8,
}

impl AgeRange {
    pub const fn contains(self, age: u8) -> bool {
        age >= self.min && age <= self.max
    }
}

/// Every service of the catalogue. The order here is the order shown to users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ServiceId {
    DidOnline,
    Profile,
    ServicePact,
    Appointment,
    EmploymentStatusCertificate,
    GaranziaGiovani,
    CollocamentoMirato,
    OrientationTraining,
    JobSearch,
    WriteToCpi,
    CompanyProfile,
    Vacancy,
    Preselection,
    Internship,
    Law68Obligations,
    ApplicantPipeline,
}

/// The typed definition of one service. Static data: it travels as its `ServiceId`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Service {
    pub id: ServiceId,
    pub audience: Audience,
    pub outcome: Outcome,
    pub needs: &'static [DataNeed],
    pub documents: &'static [DocumentNeed],
    pub age: Option<AgeRange>,
    /// Working days within which the CPI acts on a request; `None` when the result is immediate.
    pub sla_working_days: Option<u8>,
    /// Whether an intermediary (patronato, comune desk…) may use it for a citizen under a mandate.
    pub mandate_allowed: bool,
}

/// Garanzia Giovani is for young people aged 15 to 29 (EU Youth Guarantee, as implemented in Italy).
pub const GARANZIA_GIOVANI_AGE: AgeRange = AgeRange { min: 15, max: 29 };

use DataNeed as D;
use DocumentNeed as Doc;

/// The whole catalogue, in display order.
pub const CATALOGUE: &[Service] = &[
    Service {
        id: ServiceId::DidOnline,
        audience: Audience::Citizen,
        outcome: Outcome::Did,
        needs: &[
            D::Identity,
            D::Residence,
            D::Contacts,
            D::EmploymentStatus,
            D::EducationAndTraining,
            D::WorkExperience,
            D::AppointmentSlot,
        ],
        documents: &[],
        age: None,
        sla_working_days: Some(5),
        mandate_allowed: true,
    },
    Service {
        id: ServiceId::Profile,
        audience: Audience::Citizen,
        outcome: Outcome::Profile,
        needs: &[
            D::EducationAndTraining,
            D::WorkExperience,
            D::Skills,
            D::Availability,
        ],
        documents: &[Doc::Cv],
        age: None,
        sla_working_days: None,
        mandate_allowed: true,
    },
    Service {
        id: ServiceId::ServicePact,
        audience: Audience::Citizen,
        outcome: Outcome::Pact,
        needs: &[D::Identity, D::AppointmentSlot],
        documents: &[],
        age: None,
        sla_working_days: Some(30),
        mandate_allowed: false,
    },
    Service {
        id: ServiceId::Appointment,
        audience: Audience::Citizen,
        outcome: Outcome::Appointment,
        needs: &[D::Identity, D::AppointmentSlot],
        documents: &[],
        age: None,
        sla_working_days: None,
        mandate_allowed: true,
    },
    Service {
        id: ServiceId::EmploymentStatusCertificate,
        audience: Audience::Citizen,
        outcome: Outcome::Certificate,
        needs: &[D::Identity],
        documents: &[],
        age: None,
        sla_working_days: None,
        mandate_allowed: true,
    },
    Service {
        id: ServiceId::GaranziaGiovani,
        audience: Audience::Citizen,
        outcome: Outcome::Ticket,
        needs: &[
            D::Identity,
            D::Residence,
            D::Contacts,
            D::EmploymentStatus,
            D::EducationAndTraining,
        ],
        documents: &[Doc::IdentityDocument],
        age: Some(GARANZIA_GIOVANI_AGE),
        sla_working_days: Some(60),
        mandate_allowed: true,
    },
    Service {
        id: ServiceId::CollocamentoMirato,
        audience: Audience::Citizen,
        outcome: Outcome::Ticket,
        needs: &[
            D::Identity,
            D::Residence,
            D::Contacts,
            D::EmploymentStatus,
            D::DisabilityStatus,
        ],
        documents: &[Doc::IdentityDocument, Doc::DisabilityCertificate],
        age: None,
        sla_working_days: Some(30),
        mandate_allowed: true,
    },
    Service {
        id: ServiceId::OrientationTraining,
        audience: Audience::Citizen,
        outcome: Outcome::Ticket,
        needs: &[
            D::Identity,
            D::Contacts,
            D::EducationAndTraining,
            D::FreeTextMessage,
        ],
        documents: &[],
        age: None,
        sla_working_days: Some(10),
        mandate_allowed: true,
    },
    Service {
        id: ServiceId::JobSearch,
        audience: Audience::Citizen,
        outcome: Outcome::Application,
        needs: &[D::Skills, D::Availability],
        documents: &[Doc::Cv],
        age: None,
        sla_working_days: None,
        mandate_allowed: false,
    },
    Service {
        id: ServiceId::WriteToCpi,
        audience: Audience::Citizen,
        outcome: Outcome::Ticket,
        needs: &[D::Identity, D::Contacts, D::FreeTextMessage],
        documents: &[],
        age: None,
        sla_working_days: Some(5),
        mandate_allowed: true,
    },
    Service {
        id: ServiceId::CompanyProfile,
        audience: Audience::Business,
        outcome: Outcome::Company,
        needs: &[D::CompanyData, D::Contacts],
        documents: &[],
        age: None,
        sla_working_days: None,
        mandate_allowed: false,
    },
    Service {
        id: ServiceId::Vacancy,
        audience: Audience::Business,
        outcome: Outcome::Vacancy,
        needs: &[D::CompanyData, D::VacancyDetails],
        documents: &[],
        age: None,
        sla_working_days: Some(5),
        mandate_allowed: false,
    },
    Service {
        id: ServiceId::Preselection,
        audience: Audience::Business,
        outcome: Outcome::Ticket,
        needs: &[D::CompanyData, D::VacancyDetails],
        documents: &[],
        age: None,
        sla_working_days: Some(15),
        mandate_allowed: false,
    },
    Service {
        id: ServiceId::Internship,
        audience: Audience::Business,
        outcome: Outcome::Ticket,
        needs: &[D::CompanyData, D::InternshipDetails],
        documents: &[Doc::TrainingProject],
        age: None,
        sla_working_days: Some(15),
        mandate_allowed: false,
    },
    Service {
        id: ServiceId::Law68Obligations,
        audience: Audience::Business,
        outcome: Outcome::Information,
        needs: &[D::CompanyData],
        documents: &[],
        age: None,
        sla_working_days: None,
        mandate_allowed: false,
    },
    Service {
        id: ServiceId::ApplicantPipeline,
        audience: Audience::Business,
        outcome: Outcome::Application,
        needs: &[D::CompanyData],
        documents: &[],
        age: None,
        sla_working_days: None,
        mandate_allowed: false,
    },
];

impl ServiceId {
    /// Every service id, in catalogue order.
    pub fn all() -> impl Iterator<Item = ServiceId> {
        CATALOGUE.iter().map(|s| s.id)
    }

    /// The stable, language-neutral slug used in URLs.
    pub const fn slug(self) -> &'static str {
        match self {
            ServiceId::DidOnline => "did",
            ServiceId::Profile => "profilo",
            ServiceId::ServicePact => "patto-di-servizio",
            ServiceId::Appointment => "appuntamento",
            ServiceId::EmploymentStatusCertificate => "stato-occupazionale",
            ServiceId::GaranziaGiovani => "garanzia-giovani",
            ServiceId::CollocamentoMirato => "collocamento-mirato",
            ServiceId::OrientationTraining => "orientamento-formazione",
            ServiceId::JobSearch => "cerca-lavoro",
            ServiceId::WriteToCpi => "scrivi-al-cpi",
            ServiceId::CompanyProfile => "profilo-azienda",
            ServiceId::Vacancy => "richiesta-di-personale",
            ServiceId::Preselection => "preselezione",
            ServiceId::Internship => "tirocinio",
            ServiceId::Law68Obligations => "obblighi-legge-68",
            ServiceId::ApplicantPipeline => "candidature",
        }
    }

    /// Parses a URL slug; unknown slugs are `None`.
    pub fn from_slug(slug: &str) -> Option<ServiceId> {
        ServiceId::all().find(|id| id.slug() == slug)
    }

    /// The service's definition.
    pub fn service(self) -> &'static Service {
        // Every id has exactly one entry (tested below), so the fallback is never taken.
        CATALOGUE
            .iter()
            .find(|s| s.id == self)
            .unwrap_or(&CATALOGUE[0])
    }
}

/// The services offered to one audience, in catalogue order.
pub fn services_for(audience: Audience) -> impl Iterator<Item = &'static Service> {
    CATALOGUE.iter().filter(move |s| s.audience == audience)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_service_id_appears_exactly_once_in_the_catalogue() {
        let ids: Vec<_> = ServiceId::all().collect();
        let unique: HashSet<_> = ids.iter().collect();
        assert_eq!(ids.len(), unique.len());
        assert_eq!(ids.len(), 16);
        for id in &ids {
            assert_eq!(id.service().id, *id);
        }
    }

    #[test]
    fn slugs_are_unique_and_round_trip() {
        let slugs: HashSet<_> = ServiceId::all().map(ServiceId::slug).collect();
        assert_eq!(slugs.len(), CATALOGUE.len());
        for id in ServiceId::all() {
            assert_eq!(ServiceId::from_slug(id.slug()), Some(id));
            assert!(id
                .slug()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()));
        }
        assert_eq!(ServiceId::from_slug("nope"), None);
    }

    #[test]
    fn both_audiences_have_services() {
        assert_eq!(services_for(Audience::Citizen).count(), 10);
        assert_eq!(services_for(Audience::Business).count(), 6);
    }

    #[test]
    fn garanzia_giovani_is_limited_to_15_to_29() {
        let age = ServiceId::GaranziaGiovani
            .service()
            .age
            .expect("has an age limit");
        assert!(!age.contains(14));
        assert!(age.contains(15));
        assert!(age.contains(29));
        assert!(!age.contains(30));
    }

    #[test]
    fn collocamento_mirato_asks_for_special_category_data() {
        assert!(ServiceId::CollocamentoMirato
            .service()
            .needs
            .contains(&DataNeed::DisabilityStatus));
        let others = CATALOGUE
            .iter()
            .filter(|s| s.id != ServiceId::CollocamentoMirato);
        for s in others {
            assert!(!s.needs.contains(&DataNeed::DisabilityStatus), "{:?}", s.id);
        }
    }
}
