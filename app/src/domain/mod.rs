//! Pure types, parsing and rules. No IO here: everything compiles for the browser too.

/// Display, FromStr and serde for a type that parses from text (`parse`) and prints as `as_str`:
/// it travels as its canonical string, and deserialising validates. Defined before the modules so
/// they can all use it.
macro_rules! string_traits {
    ($type:ty, $error:ty) => {
        impl ::std::fmt::Display for $type {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $type {
            type Err = $error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <$type>::parse(s)
            }
        }

        impl ::serde::Serialize for $type {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $type {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                let text = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                <$type>::parse(&text).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    };
}

pub mod application;
pub mod appointment;
pub mod civil;
pub mod codice_fiscale;
pub mod company_members;
pub mod cpi;
pub mod did;
pub mod discrimination;
pub mod document;
pub mod ics;
pub mod pact;
pub mod partita_iva;
pub mod policy;
pub mod profile;
pub mod reference;
pub mod search_text;
pub mod service;
pub mod session_policy;
pub mod ticket;
pub mod vacancy;
pub mod vacancy_form;
pub mod vacancy_similarity;
pub mod wizard;
