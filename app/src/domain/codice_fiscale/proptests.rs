//! Property tests of the codice fiscale: parsing never panics, and every generated code and each of
//! its omocodic variants parses back to the data it was made from.

use super::*;
use proptest::prelude::*;

/// Names as found in registers: Latin letters, Italian accents, apostrophes, spaces, hyphens.
const NAME: &str = "[A-Za-zÀÈÉÌÒÙàèéìòù' -]{0,24}";
/// Sixteen characters in the right classes, so the date, omocodia and check paths get exercised.
const CODE_SHAPED: &str =
    "[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]";

fn any_date() -> impl Strategy<Value = CalendarDate> {
    (1900u16..=2099, 1u8..=12, 1u8..=31)
        .prop_filter_map("existing date", |(y, m, d)| CalendarDate::new(y, m, d))
}

fn any_sex() -> impl Strategy<Value = Sex> {
    prop_oneof![Just(Sex::Male), Just(Sex::Female)]
}

fn any_place() -> impl Strategy<Value = Belfiore> {
    ("[A-Z]", 0u16..=999).prop_filter_map("Belfiore code", |(l, n)| {
        Belfiore::parse(&format!("{l}{n:03}"))
    })
}

fn any_person() -> impl Strategy<Value = (String, String, CalendarDate, Sex, Belfiore)> {
    (NAME, NAME, any_date(), any_sex(), any_place())
}

proptest! {
    #[test]
    fn parse_never_panics(input in any::<String>()) {
        let _ = CodiceFiscale::parse(&input);
        let _ = TaxCode::parse(&input);
    }

    #[test]
    fn parse_never_panics_on_code_shaped_input(input in CODE_SHAPED) {
        // Only date, omocodia and check errors remain possible for such input.
        match CodiceFiscale::parse(&input) {
            Ok(parsed) => prop_assert_eq!(parsed.as_str(), input.as_str()),
            Err(error) => prop_assert!(matches!(
                error,
                CodiceFiscaleError::InvalidDay { .. }
                    | CodiceFiscaleError::NonExistentDate { .. }
                    | CodiceFiscaleError::NotLeapYear { .. }
                    | CodiceFiscaleError::OmocodiaOutOfOrder { .. }
                    | CodiceFiscaleError::WrongCheckCharacter { .. }
            ), "{:?}", error),
        }
    }

    #[test]
    fn normalise_is_idempotent(input in "\\PC{0,24}|[a-zA-Z0-9 \t]{0,24}") {
        let once = normalise(&input);
        prop_assert_eq!(normalise(&once), once);
    }

    #[test]
    fn every_generated_code_parses_and_derives_back_its_inputs(
        (surname, name, birth, sex, birth_place) in any_person()
    ) {
        let generated = CodiceFiscale::generate(&surname, &name, birth, sex, birth_place);
        let parsed = CodiceFiscale::parse(generated.as_str())
            .map_err(|e| TestCaseError::fail(format!("{generated}: {e}")))?;
        prop_assert_eq!(parsed, generated);
        prop_assert_eq!(parsed.surname_code(), surname_code(&surname));
        prop_assert_eq!(parsed.name_code(), name_code(&name));
        prop_assert_eq!(parsed.birth_date(birth.year()), birth);
        prop_assert_eq!(parsed.sex(), sex);
        prop_assert_eq!(parsed.birth_place(), birth_place);
        prop_assert!(!parsed.is_omocodic());
        let declared = DeclaredData {
            surname: Some(surname),
            name: Some(name),
            birth_date: Some(birth),
            sex: Some(sex),
            birth_place: Some(birth_place),
        };
        prop_assert_eq!(parsed.cross_check(&declared), []);
        let json = serde_json::to_string(&parsed).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(serde_json::from_str::<CodiceFiscale>(&json).ok(), Some(parsed));
    }

    #[test]
    fn every_omocodic_variant_parses_to_the_same_data(
        (surname, name, birth, sex, birth_place) in any_person()
    ) {
        let base = CodiceFiscale::generate(&surname, &name, birth, sex, birth_place);
        let variants = base.omocodes();
        prop_assert_eq!(variants.len(), OMOCODIA_LEVELS);
        for (level, variant) in variants.iter().enumerate() {
            let parsed = CodiceFiscale::parse(variant.as_str())
                .map_err(|e| TestCaseError::fail(format!("{variant}: {e}")))?;
            prop_assert_eq!(parsed, *variant);
            prop_assert_eq!(parsed.omocodia_level(), level + 1);
            prop_assert_eq!(parsed.without_omocodia(), base);
            prop_assert_eq!(parsed.birth_date(birth.year()), birth);
            prop_assert_eq!(parsed.sex(), sex);
            prop_assert_eq!(parsed.birth_place(), birth_place);
            prop_assert_eq!(parsed.surname_code(), base.surname_code());
            prop_assert_eq!(parsed.name_code(), base.name_code());
        }
    }

    #[test]
    fn any_single_character_change_is_detected(
        (surname, name, birth, sex, birth_place) in any_person(),
        level in 0..=OMOCODIA_LEVELS,
        index in 0..CODICE_FISCALE_LEN,
        replacement in "[A-Z0-9]",
    ) {
        let code = CodiceFiscale::generate(&surname, &name, birth, sex, birth_place)
            .with_omocodia_level(level)
            .ok_or_else(|| TestCaseError::fail("level in range"))?;
        let mut chars: Vec<char> = code.as_str().chars().collect();
        let replacement = replacement.chars().next().unwrap_or('A');
        prop_assume!(chars.get(index) != Some(&replacement));
        if let Some(c) = chars.get_mut(index) {
            *c = replacement;
        }
        let changed: String = chars.into_iter().collect();
        prop_assert!(CodiceFiscale::parse(&changed).is_err(), "{} accepted", changed);
    }

    #[test]
    fn an_entity_code_with_its_computed_check_digit_always_parses(
        body in "[0-9]{10}",
    ) {
        prop_assume!(!body.starts_with("0000000"));
        let mut digits = [0u8; 10];
        for (slot, c) in digits.iter_mut().zip(body.bytes()) {
            *slot = c - b'0';
        }
        let text = format!("{body}{}", crate::domain::partita_iva::check_digit(&digits));
        let parsed = CodiceFiscaleEntita::parse(&text)
            .map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        prop_assert_eq!(parsed.as_str(), text.as_str());
        prop_assert_eq!(TaxCode::parse(&text), Ok(TaxCode::Entity(parsed)));
    }
}
