//! The numeric codice fiscale of companies and other legal entities, and [`TaxCode`], which accepts
//! either kind in one field.

use super::{normalise, CodiceFiscale, CodiceFiscaleError, CODICE_FISCALE_LEN};
use crate::domain::partita_iva::{self, PartitaIvaError, PARTITA_IVA_LEN};
use crate::i18n::Messages;

/// The 11-digit codice fiscale of a legal entity: the partita IVA's shape and check digit. The
/// office-code rule of the partita IVA is not applied, because associations and public bodies
/// (codes starting with 8 or 9) were numbered outside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CodiceFiscaleEntita([u8; PARTITA_IVA_LEN]);

impl CodiceFiscaleEntita {
    /// Parses 11 digits (spaces allowed, no `IT` prefix: that belongs to VAT numbers). Never panics.
    pub fn parse(input: &str) -> Result<CodiceFiscaleEntita, PartitaIvaError> {
        let digits = partita_iva::eleven_digits(&normalise(input), |_| Ok(()))?;
        Ok(CodiceFiscaleEntita(partita_iva::to_ascii(digits)))
    }

    /// The canonical 11 digits.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// A codice fiscale of either kind: 16 characters for a person, 11 digits for a legal entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaxCode {
    Person(CodiceFiscale),
    Entity(CodiceFiscaleEntita),
}

/// Why a [`TaxCode`] was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum TaxCodeError {
    #[error("empty codice fiscale")]
    Empty,
    /// Neither 16 (person) nor 11 (legal entity) characters.
    #[error("a codice fiscale has 16 or 11 characters, got {actual}")]
    WrongLength { actual: usize },
    #[error(transparent)]
    Person(#[from] CodiceFiscaleError),
    #[error(transparent)]
    Entity(#[from] PartitaIvaError),
}

impl TaxCodeError {
    /// The translated, user-facing message.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            TaxCodeError::Empty => t.cf_empty.to_string(),
            TaxCodeError::WrongLength { actual } => (t.tax_code_wrong_length)(*actual),
            TaxCodeError::Person(error) => error.message(t),
            TaxCodeError::Entity(error) => error.message(t),
        }
    }
}

impl TaxCode {
    /// Chooses the kind by length after normalising: 16 characters for a person, 11 for an entity.
    pub fn parse(input: &str) -> Result<TaxCode, TaxCodeError> {
        let normalised = normalise(input);
        match normalised.chars().count() {
            0 => Err(TaxCodeError::Empty),
            CODICE_FISCALE_LEN => Ok(TaxCode::Person(CodiceFiscale::parse(&normalised)?)),
            PARTITA_IVA_LEN => Ok(TaxCode::Entity(CodiceFiscaleEntita::parse(&normalised)?)),
            actual => Err(TaxCodeError::WrongLength { actual }),
        }
    }

    /// The canonical code.
    pub fn as_str(&self) -> &str {
        match self {
            TaxCode::Person(code) => code.as_str(),
            TaxCode::Entity(code) => code.as_str(),
        }
    }
}

string_traits!(CodiceFiscaleEntita, PartitaIvaError);
string_traits!(TaxCode, TaxCodeError);
