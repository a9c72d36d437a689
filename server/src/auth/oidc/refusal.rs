//! Every way an OIDC login can fail, each with the code the login page explains
//! (`/accesso?errore=<code>`) and a finer reason for the log and the audit row.

use super::id_token::TokenProblem;
use super::identity::IdentityProblem;
use app::store::login_attempts::AttemptCheck;

/// Why a callback did not log anyone in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The person cancelled at the provider (`error=access_denied`).
    Cancelled,
    /// The provider said no for another reason, or could not be reached or understood.
    Provider(&'static str),
    /// The `state` does not lead to a usable attempt of this browser.
    Attempt(&'static str),
    Token(TokenProblem),
    Identity(IdentityProblem),
    Disabled,
    /// A database failure, logged under this reference.
    Internal(app::error::ErrorRef),
}

impl Refusal {
    /// The refusal for an attempt check that is not `Valid`.
    pub fn from_attempt(check: &AttemptCheck) -> Refusal {
        Refusal::Attempt(match check {
            AttemptCheck::Valid(_) => "state_valid",
            AttemptCheck::Unknown => "state_unknown",
            AttemptCheck::AlreadyUsed => "state_reused",
            AttemptCheck::Expired => "state_expired",
            AttemptCheck::WrongBrowser => "wrong_browser",
        })
    }

    /// The `errore` code of the login page.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Cancelled => "annullato",
            Refusal::Provider(_) => "provider",
            Refusal::Attempt(_) => "scaduto",
            Refusal::Token(_) => "token",
            Refusal::Identity(
                IdentityProblem::MissingFiscalNumber | IdentityProblem::InvalidFiscalNumber,
            ) => "identita",
            Refusal::Identity(IdentityProblem::LevelTooLow | IdentityProblem::LevelUnknown) => {
                "livello"
            }
            Refusal::Disabled => "disabilitato",
            Refusal::Internal(_) => "interno",
        }
    }

    /// The reason code for the log and the audit detail: never personal data or secrets.
    pub fn reason(&self) -> &'static str {
        match self {
            Refusal::Cancelled => "cancelled",
            Refusal::Provider(reason) | Refusal::Attempt(reason) => reason,
            Refusal::Token(problem) => problem.reason(),
            Refusal::Identity(problem) => problem.reason(),
            Refusal::Disabled => "account_disabled",
            Refusal::Internal(_) => "internal",
        }
    }

    /// Where the browser goes.
    pub fn location(&self) -> String {
        format!("/accesso?errore={}", self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_ones_the_login_page_knows() {
        let cases = [
            (Refusal::Cancelled, "annullato"),
            (Refusal::Provider("token_endpoint"), "provider"),
            (Refusal::from_attempt(&AttemptCheck::AlreadyUsed), "scaduto"),
            (
                Refusal::from_attempt(&AttemptCheck::WrongBrowser),
                "scaduto",
            ),
            (Refusal::Token(TokenProblem::Audience), "token"),
            (
                Refusal::Identity(IdentityProblem::MissingFiscalNumber),
                "identita",
            ),
            (
                Refusal::Identity(IdentityProblem::InvalidFiscalNumber),
                "identita",
            ),
            (Refusal::Identity(IdentityProblem::LevelTooLow), "livello"),
            (Refusal::Identity(IdentityProblem::LevelUnknown), "livello"),
            (Refusal::Disabled, "disabilitato"),
            (Refusal::Internal(app::error::ErrorRef::new()), "interno"),
        ];
        for (refusal, code) in cases {
            assert_eq!(refusal.code(), code, "{refusal:?}");
            assert_eq!(refusal.location(), format!("/accesso?errore={code}"));
        }
        assert_eq!(
            Refusal::from_attempt(&AttemptCheck::AlreadyUsed).reason(),
            "state_reused"
        );
    }
}
