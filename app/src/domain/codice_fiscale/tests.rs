//! Table-driven tests of the codice fiscale. Expected codes were computed with an
//! independent implementation of the D.M. 23/12/1976 tables, not with this module.

use super::*;
use crate::i18n::Locale;

fn date(year: u16, month: u8, day: u8) -> CalendarDate {
    CalendarDate::new(year, month, day).expect("test date exists")
}

fn place(code: &str) -> Belfiore {
    Belfiore::parse(code).expect("test Belfiore code")
}

fn cf(code: &str) -> CodiceFiscale {
    CodiceFiscale::parse(code).unwrap_or_else(|e| panic!("{code}: {e}"))
}

/// Code, surname, name, birth date (year, month, day), sex, place of birth.
type ValidRow = (
    &'static str,
    &'static str,
    &'static str,
    (u16, u8, u8),
    Sex,
    &'static str,
);

const VALID: &[ValidRow] = &[
    (
        "RSSMRA85T10A562S",
        "Rossi",
        "Mario",
        (1985, 12, 10),
        Sex::Male,
        "A562",
    ),
    (
        "BNCLRA90A41H501F",
        "Bianchi",
        "Laura",
        (1990, 1, 1),
        Sex::Female,
        "H501",
    ),
    (
        "FRRGFR72B29F205J",
        "Ferrari",
        "Gianfranco",
        (1972, 2, 29),
        Sex::Male,
        "F205",
    ),
    (
        "SPSNNA00B69F839S",
        "Esposito",
        "Anna",
        (2000, 2, 29),
        Sex::Female,
        "F839",
    ),
    (
        "KWLJNA80H15Z127V",
        "Kowalski",
        "Jan",
        (1980, 6, 15),
        Sex::Male,
        "Z127",
    ),
    (
        "FOXDRA26C24E734T",
        "Fo",
        "Dario",
        (1926, 3, 24),
        Sex::Male,
        "E734",
    ),
    (
        "DNGLRI95L71L219H",
        "D'Angelo",
        "Ilaria",
        (1995, 7, 31),
        Sex::Female,
        "L219",
    ),
    (
        "REXGUO04D30G478A",
        "Re",
        "Ugo",
        (2004, 4, 30),
        Sex::Male,
        "G478",
    ),
];

/// Omocodic variants of RSSMRA85T10A562S, levels 1 to 7.
const ROSSI_OMOCODES: [&str; 7] = [
    "RSSMRA85T10A56NH",
    "RSSMRA85T10A5SNT",
    "RSSMRA85T10ARSNO",
    "RSSMRA85T1LARSNR",
    "RSSMRA85TMLARSNC",
    "RSSMRA8RTMLARSNO",
    "RSSMRAURTMLARSNL",
];

#[test]
fn accepts_valid_codes_and_derives_their_data() {
    for &(code, surname, name, (y, m, d), sex, birth_place) in VALID {
        let parsed = cf(code);
        assert_eq!(parsed.as_str(), code);
        assert_eq!(parsed.surname_code(), surname_code(surname), "{code}");
        assert_eq!(parsed.name_code(), name_code(name), "{code}");
        assert_eq!(parsed.birth_date(2025), date(y, m, d), "{code}");
        assert_eq!(
            (
                parsed.birth_year_two_digits(),
                parsed.birth_month(),
                parsed.birth_day()
            ),
            (u8::try_from(y % 100).expect("two digits"), m, d)
        );
        assert_eq!(parsed.sex(), sex, "{code}");
        assert_eq!(parsed.birth_place(), place(birth_place), "{code}");
        assert!(!parsed.is_omocodic());
    }
}

#[test]
fn generates_the_codes_the_agenzia_assigns() {
    for &(code, surname, name, (y, m, d), sex, birth_place) in VALID {
        let generated =
            CodiceFiscale::generate(surname, name, date(y, m, d), sex, place(birth_place));
        assert_eq!(generated.as_str(), code);
        assert_eq!(generated, cf(code));
    }
}

#[test]
fn normalises_lowercase_and_spaces() {
    for input in [
        "rssmra85t10a562s",
        " RSSMRA85T10A562S ",
        "RSS MRA 85T10 A562 S",
        "rss\tmra\n85t10a562s",
        "RSS\u{a0}MRA85T10A562S",
    ] {
        assert_eq!(cf(input).as_str(), "RSSMRA85T10A562S", "{input:?}");
    }
}

#[test]
fn reads_womens_day_minus_forty() {
    let laura = cf("BNCLRA90A41H501F");
    assert_eq!((laura.sex(), laura.birth_day()), (Sex::Female, 1));
    let ilaria = cf("DNGLRI95L71L219H");
    assert_eq!((ilaria.sex(), ilaria.birth_day()), (Sex::Female, 31));
}

#[test]
fn rejects_codice_fiscale_with_a_precise_reason() {
    use CodiceFiscaleError as E;
    use Expected::{Digit, Letter};
    let bad = |position, found, expected| E::InvalidCharacter {
        position,
        found,
        expected,
    };
    for (input, error) in [
        ("", E::Empty),
        (" \t ", E::Empty),
        ("RSSMRA85T10A562", E::WrongLength { actual: 15 }),
        ("RSSMRA85T10A562SX", E::WrongLength { actual: 17 }),
        ("00743110157", E::WrongLength { actual: 11 }),
        ("1SSMRA85T10A562S", bad(1, '1', Letter)),
        ("RSSMR485T10A562S", bad(6, '4', Letter)),
        ("RSSMRÀ85T10A562S", bad(6, 'À', Letter)),
        ("RSSMRA8AT10A562S", bad(8, 'A', Digit)),
        ("RSSMRA85T1-A562S", bad(11, '-', Digit)),
        ("RSSMRA85T105562S", bad(12, '5', Letter)),
        ("RSSMRA85T10A56OS", bad(15, 'O', Digit)),
        ("RSSMRA85T10A5621", bad(16, '1', Letter)),
        ("RSSMRA85F10A562S", E::InvalidMonth { found: 'F' }),
        ("RSSMRA85110A562S", E::InvalidMonth { found: '1' }),
        ("RSSMRA85T00A562S", E::InvalidDay { day: 0 }),
        ("RSSMRA85T32A562S", E::InvalidDay { day: 32 }),
        ("RSSMRA85T40A562S", E::InvalidDay { day: 40 }),
        ("RSSMRA85T72A562S", E::InvalidDay { day: 72 }),
        ("RSSMRA85D31A562M", E::NonExistentDate { day: 31, month: 4 }),
        ("RSSMRA85B30A562G", E::NonExistentDate { day: 30, month: 2 }),
        ("RSSMRA85B70A562K", E::NonExistentDate { day: 30, month: 2 }),
        ("RSSMRA83B29A562X", E::NotLeapYear { year: 83 }),
        (
            "RSSMRAU5T10A562V",
            E::OmocodiaOutOfOrder {
                letter_at: 7,
                digit_at: 8,
            },
        ),
        (
            "RSSMRA85T1LA562P",
            E::OmocodiaOutOfOrder {
                letter_at: 11,
                digit_at: 13,
            },
        ),
        (
            "RSSMRA85T10A562T",
            E::WrongCheckCharacter {
                expected: 'S',
                found: 'T',
            },
        ),
        (
            "RSSMRA85T10A56NS",
            E::WrongCheckCharacter {
                expected: 'H',
                found: 'S',
            },
        ),
    ] {
        assert_eq!(CodiceFiscale::parse(input), Err(error), "{input:?}");
    }
}

#[test]
fn rejects_codice_fiscale_with_wrong_check_letter_naming_the_expected_one() {
    let error = CodiceFiscale::parse("RSSMRA85T10A562T").expect_err("wrong check letter");
    for locale in Locale::ALL {
        let message = error.message(locale.messages());
        assert!(message.contains('S') && message.contains('T'), "{message}");
    }
}

#[test]
fn accepts_29_february_only_in_two_digit_leap_years() {
    // 84 (1984, 2084) and 00 (2000, not 1900) have a leap day; 83 has none.
    assert_eq!(cf("RSSMRA84B29A562Y").birth_date(2025), date(1984, 2, 29));
    assert_eq!(cf("RSSMRA00B29A562C").birth_date(2025), date(2000, 2, 29));
    assert_eq!(
        CodiceFiscale::parse("RSSMRA83B29A562X"),
        Err(CodiceFiscaleError::NotLeapYear { year: 83 })
    );
}

#[test]
fn places_the_two_digit_year_in_the_latest_century_not_in_the_future() {
    let rossi = cf("RSSMRA85T10A562S");
    assert_eq!(rossi.birth_date(2025), date(1985, 12, 10));
    assert_eq!(rossi.birth_date(1985), date(1985, 12, 10));
    assert_eq!(rossi.birth_date(1984), date(1885, 12, 10));
    let re = cf("REXGUO04D30G478A");
    assert_eq!(re.birth_date(2025), date(2004, 4, 30));
    assert_eq!(re.birth_date(2003), date(1904, 4, 30));
    // A leap day of year 00 goes back to a century where it exists.
    let anna = cf("SPSNNA00B69F839S");
    assert_eq!(anna.birth_date(2025), date(2000, 2, 29));
    assert_eq!(anna.birth_date(1999), date(1600, 2, 29));
}

#[test]
fn birth_date_never_panics_at_extreme_reference_years() {
    let rossi = cf("RSSMRA85T10A562S");
    assert_eq!(rossi.birth_date(0), date(85, 12, 10));
    assert_eq!(rossi.birth_date(50), date(85, 12, 10));
    assert_eq!(rossi.birth_date(u16::MAX), date(65485, 12, 10));
}

#[test]
fn recognises_foreign_born_by_z_code() {
    assert!(cf("KWLJNA80H15Z127V").is_foreign_born());
    assert!(!cf("RSSMRA85T10A562S").is_foreign_born());
}

#[test]
fn omocodic_variants_validate_and_derive_the_same_data() {
    let rossi = cf("RSSMRA85T10A562S");
    let variants: Vec<String> = rossi.omocodes().iter().map(ToString::to_string).collect();
    assert_eq!(variants, ROSSI_OMOCODES);
    for (level, code) in ROSSI_OMOCODES.iter().enumerate() {
        let variant = cf(code);
        assert_eq!(variant.omocodia_level(), level + 1, "{code}");
        assert!(variant.is_omocodic());
        assert_eq!(variant.without_omocodia(), rossi, "{code}");
        assert_eq!(variant.birth_date(2025), rossi.birth_date(2025));
        assert_eq!(variant.sex(), rossi.sex());
        assert_eq!(variant.birth_place(), place("A562"));
        assert_ne!(variant, rossi, "an omocodic code is another person's code");
    }
    assert_eq!(rossi.with_omocodia_level(OMOCODIA_LEVELS + 1), None);
}

#[test]
fn cross_check_accepts_matching_declared_data() {
    let declared = DeclaredData {
        surname: Some("Rossi".into()),
        name: Some("Mario".into()),
        birth_date: Some(date(1985, 12, 10)),
        sex: Some(Sex::Male),
        birth_place: Some(place("a562")),
    };
    assert_eq!(cf("RSSMRA85T10A562S").cross_check(&declared), []);
    assert_eq!(cf("RSSMRAURTMLARSNL").cross_check(&declared), []);
    assert_eq!(
        cf("RSSMRA85T10A562S").cross_check(&DeclaredData::default()),
        []
    );
}

#[test]
fn cross_check_lists_every_mismatch_in_code_order() {
    // Russo Maria shares Rossi Mario's letters (RSS MRA): only the other fields differ.
    let declared = DeclaredData {
        surname: Some("Russo".into()),
        name: Some("Maria".into()),
        birth_date: Some(date(1985, 12, 11)),
        sex: Some(Sex::Female),
        birth_place: Some(place("H501")),
    };
    assert_eq!(
        cf("RSSMRA85T10A562S").cross_check(&declared),
        [
            Mismatch::BirthDate {
                declared: date(1985, 12, 11)
            },
            Mismatch::Sex {
                declared: Sex::Female,
                in_code: Sex::Male
            },
            Mismatch::BirthPlace {
                declared: place("H501"),
                in_code: place("A562")
            },
        ]
    );
    let other_people = DeclaredData {
        surname: Some("Bianchi".into()),
        name: Some("Gianfranco".into()),
        birth_date: Some(date(1885, 12, 10)),
        ..DeclaredData::default()
    };
    assert_eq!(
        cf("RSSMRA85T10A562S").cross_check(&other_people),
        [
            Mismatch::Surname {
                declared: "BNC".into(),
                in_code: "RSS".into()
            },
            Mismatch::Name {
                declared: "GFR".into(),
                in_code: "MRA".into()
            },
        ]
    );
}

#[test]
fn parses_belfiore_codes_strictly() {
    assert_eq!(place(" h 501 ").as_str(), "H501");
    assert!(place("Z404").is_foreign());
    for bad in ["", "H50", "H5011", "1501", "H5O1", "HN01"] {
        assert_eq!(Belfiore::parse(bad), None, "{bad}");
    }
}

#[test]
fn serde_uses_the_canonical_string_and_validates() {
    let rossi = cf("RSSMRA85T10A562S");
    let json = serde_json::to_string(&rossi).expect("serialises");
    assert_eq!(json, "\"RSSMRA85T10A562S\"");
    let spaced: CodiceFiscale = serde_json::from_str("\"rss mra 85t10a562s\"").expect("parses");
    assert_eq!(spaced, rossi);
    assert!(serde_json::from_str::<CodiceFiscale>("\"RSSMRA85T10A562T\"").is_err());
    assert_eq!(
        serde_json::to_string(&place("H501")).expect("json"),
        "\"H501\""
    );
    assert!(serde_json::from_str::<Belfiore>("\"H5011\"").is_err());
    let declared = DeclaredData {
        birth_date: Some(date(1985, 12, 10)),
        ..DeclaredData::default()
    };
    let json = serde_json::to_string(&declared).expect("json");
    assert_eq!(
        serde_json::from_str::<DeclaredData>(&json).expect("parses"),
        declared
    );
}

#[test]
fn tax_code_accepts_people_and_legal_entities() {
    assert!(matches!(
        TaxCode::parse("rssmra85t10a562s"),
        Ok(TaxCode::Person(_))
    ));
    let entity = TaxCode::parse("00743110157").expect("entity");
    assert!(matches!(entity, TaxCode::Entity(_)));
    assert_eq!(entity.to_string(), "00743110157");
    // Associations' codes (9…) are not numbered by tax office: no office-code rule here.
    assert_eq!(
        CodiceFiscaleEntita::parse("97123456788").map(|c| c.to_string()),
        Ok("97123456788".to_string())
    );
    assert_eq!(
        TaxCode::parse("80209930587").map(|c| c.to_string()),
        Ok("80209930587".to_string())
    );
}

#[test]
fn tax_code_rejects_with_the_reason_of_the_matching_kind() {
    use crate::domain::partita_iva::PartitaIvaError as P;
    for (input, error) in [
        ("", TaxCodeError::Empty),
        ("12345", TaxCodeError::WrongLength { actual: 5 }),
        ("RSSMRA85T10A562", TaxCodeError::WrongLength { actual: 15 }),
        (
            "0074311015X",
            TaxCodeError::Entity(P::NotADigit {
                position: 11,
                found: 'X',
            }),
        ),
        (
            "00743110158",
            TaxCodeError::Entity(P::WrongCheckDigit {
                expected: 7,
                found: 8,
            }),
        ),
        ("00000000000", TaxCodeError::Entity(P::AllZeroSerial)),
        (
            "RSSMRA85T10A562T",
            TaxCodeError::Person(CodiceFiscaleError::WrongCheckCharacter {
                expected: 'S',
                found: 'T',
            }),
        ),
    ] {
        assert_eq!(TaxCode::parse(input), Err(error), "{input:?}");
    }
    assert!(serde_json::from_str::<TaxCode>("\"00743110158\"").is_err());
    assert_eq!(
        serde_json::from_str::<TaxCode>("\"00743110157\"")
            .expect("valid")
            .as_str(),
        "00743110157"
    );
}

#[test]
fn every_error_has_distinct_messages_in_every_locale() {
    use CodiceFiscaleError as E;
    let errors = [
        E::Empty,
        E::WrongLength { actual: 3 },
        E::InvalidCharacter {
            position: 2,
            found: '\u{0}',
            expected: Expected::Letter,
        },
        E::InvalidCharacter {
            position: 7,
            found: 'A',
            expected: Expected::Digit,
        },
        E::InvalidMonth { found: 'F' },
        E::InvalidDay { day: 35 },
        E::NonExistentDate { day: 31, month: 4 },
        E::NotLeapYear { year: 83 },
        E::OmocodiaOutOfOrder {
            letter_at: 7,
            digit_at: 8,
        },
        E::WrongCheckCharacter {
            expected: 'S',
            found: 'T',
        },
    ];
    for error in errors {
        let it = error.message(Locale::It.messages());
        let en = error.message(Locale::En.messages());
        assert!(!it.is_empty() && !en.is_empty(), "{error:?}");
        assert_ne!(it, en, "{error:?}");
    }
    let april = E::NonExistentDate { day: 31, month: 4 };
    assert!(april.message(Locale::It.messages()).contains("31 aprile"));
    assert!(april.message(Locale::En.messages()).contains("31 April"));
    let tax = TaxCodeError::WrongLength { actual: 5 };
    assert_ne!(
        tax.message(Locale::It.messages()),
        tax.message(Locale::En.messages())
    );
    let mismatch = Mismatch::Sex {
        declared: Sex::Male,
        in_code: Sex::Female,
    };
    assert_ne!(
        mismatch.message(Locale::It.messages()),
        mismatch.message(Locale::En.messages())
    );
}
