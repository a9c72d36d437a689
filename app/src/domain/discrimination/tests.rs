use super::*;
use proptest::prelude::*;

const FIELD: &str = "description";

fn ctx() -> WordingContext {
    WordingContext::default()
}

fn apprenticeship() -> WordingContext {
    WordingContext {
        contract_code: Some("apprendistato".into()),
        reserved_l68: false,
    }
}

fn rules_of(text: &str, context: &WordingContext) -> Vec<String> {
    check_wording(&[(FIELD, text)], context)
        .into_iter()
        .map(|f| f.rule)
        .collect()
}

// --- the data file ---------------------------------------------------------------------------

#[test]
fn shipped_rules_parse_with_both_locales_and_examples() {
    let rules = parse_rules(include_str!("../discrimination_rules.json"))
        .unwrap_or_else(|e| panic!("rule file does not parse: {e}"));
    assert!(rules.len() >= 15, "only {} rules", rules.len());
    assert_eq!(
        rules.len(),
        RULES.len(),
        "the LazyLock must hold the parsed rules"
    );
    for rule in &rules {
        for (locale, t) in [("it", &rule.texts.it), ("en", &rule.texts.en)] {
            assert!(
                !t.why.trim().is_empty()
                    && !t.suggestion.trim().is_empty()
                    && !t.law.trim().is_empty(),
                "rule {} has an empty {locale} text",
                rule.id
            );
        }
        assert!(
            !rule.examples.flag.is_empty(),
            "rule {} has no flag example",
            rule.id
        );
        assert!(
            !rule.examples.pass.is_empty(),
            "rule {} has no pass example",
            rule.id
        );
    }
}

fn example_parts(example: &Example) -> (&str, WordingContext) {
    match example {
        Example::Text(text) => (text, WordingContext::default()),
        Example::WithContext {
            text,
            contract,
            reserved_l68,
        } => (
            text,
            WordingContext {
                contract_code: contract.clone(),
                reserved_l68: *reserved_l68,
            },
        ),
    }
}

#[test]
fn every_rule_flags_its_flag_examples_and_passes_its_pass_examples() {
    let mut failures = Vec::new();
    let mut run = 0;
    for rule in RULES.iter() {
        for example in &rule.examples.flag {
            let (text, context) = example_parts(example);
            run += 1;
            if !rules_of(text, &context).contains(&rule.id) {
                failures.push(format!("{} should flag {text:?}", rule.id));
            }
        }
        for example in &rule.examples.pass {
            let (text, context) = example_parts(example);
            run += 1;
            if rules_of(text, &context).contains(&rule.id) {
                failures.push(format!("{} should pass {text:?}", rule.id));
            }
        }
    }
    assert!(run > 100, "only {run} examples ran");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn malformed_rule_files_are_rejected() {
    let texts = r#"{"it":{"why":"w","suggestion":"s","law":"l"},"en":{"why":"w","suggestion":"s","law":"l"}}"#;
    let examples = r#"{"flag":["x"],"pass":["y"]}"#;
    let rule = |id: &str, patterns: &str, exceptions: &str| {
        format!(
            r#"{{"id":"{id}","ground":"age","severity":"caution","patterns":{patterns},"exceptions":{exceptions},"texts":{texts},"examples":{examples}}}"#
        )
    };
    let file =
        |rules: Vec<String>| format!(r#"{{"sets":{{"s":"a|b"}},"rules":[{}]}}"#, rules.join(","));

    assert!(parse_rules(&file(vec![rule("ok", r#"["x @s"]"#, "[]")])).is_ok());
    for (what, json) in [
        ("not json", "{".to_string()),
        ("unknown set", file(vec![rule("r", r#"["@nope"]"#, "[]")])),
        (
            "unknown placeholder",
            file(vec![rule("r", r#"["{age}"]"#, "[]")]),
        ),
        ("all optional", file(vec![rule("r", r#"["a? b?"]"#, "[]")])),
        ("no patterns", file(vec![rule("r", "[]", "[]")])),
        (
            "two-token word",
            file(vec![rule("r", r#"["l'eta"]"#, "[]")]),
        ),
        (
            "misplaced anchor",
            file(vec![rule("r", r#"["a ^"]"#, "[]")]),
        ),
        ("empty exception", file(vec![rule("r", r#"["a"]"#, "[{}]")])),
        (
            "duplicate id",
            file(vec![
                rule("r", r#"["a"]"#, "[]"),
                rule("r", r#"["b"]"#, "[]"),
            ]),
        ),
        (
            "unknown ground",
            file(vec![
                rule("r", r#"["a"]"#, "[]").replace("\"age\"", "\"height\"")
            ]),
        ),
    ] {
        assert!(parse_rules(&json).is_err(), "{what} was accepted");
    }
}

// --- true positives ------------------------------------------------------------------------

#[test]
fn flags_discriminatory_wording() {
    use Severity::{Caution, Violation};
    let cases: &[(&str, &str, Severity)] = &[
        ("Cercasi commesso, max 30 anni", "age_max", Violation),
        ("massimo 35 anni", "age_max", Violation),
        ("Età massima 40", "age_max", Violation),
        ("preferibilmente under 30", "age_max", Violation),
        ("età compresa tra 20 e 30 anni", "age_max", Violation),
        ("età non superiore a 45 anni", "age_max", Violation),
        ("Età massima 35 anni", "age_max", Violation),
        ("età minima 25 anni", "age_min", Violation),
        ("cerchiamo giovani motivati", "age_young", Caution),
        ("Neolaureato in ingegneria", "age_recent_graduate", Caution),
        (
            "Cercasi cameriera per stagione estiva",
            "gender_feminine_title",
            Violation,
        ),
        ("commessa part-time", "gender_feminine_title", Violation),
        (
            "Segretaria di direzione",
            "gender_feminine_title",
            Violation,
        ),
        ("barista donna", "gender_person_sought", Violation),
        (
            "Cerchiamo un uomo per magazzino",
            "gender_person_sought",
            Violation,
        ),
        ("cercasi ragazza", "gender_person_sought", Violation),
        ("Ragazzo per consegne", "gender_person_sought", Violation),
        ("bella presenza", "appearance_looks", Violation),
        ("militesente", "gender_military_service", Violation),
        ("solo italiani", "origin_nationality", Violation),
        (
            "richiesta cittadinanza italiana",
            "origin_nationality",
            Violation,
        ),
        ("no stranieri", "origin_nationality", Violation),
        ("italiano madrelingua", "origin_native_speaker", Caution),
        ("madrelingua italiana", "origin_native_speaker", Caution),
        ("cattolico praticante", "religion", Violation),
        ("nubile", "family_status", Violation),
        ("celibe", "family_status", Violation),
        ("senza figli", "family_status", Violation),
        ("senza impegni familiari", "family_status", Violation),
        ("non sposata", "family_status", Violation),
        ("non in gravidanza", "family_pregnancy", Violation),
        ("eterosessuale", "orientation", Violation),
        ("sana e robusta costituzione", "disability_health", Caution),
        ("max 30 years", "age_max", Violation),
        ("we are looking for young people", "age_young", Caution),
        ("Waitress wanted", "gender_feminine_title", Violation),
        ("Native Italian speaker", "origin_native_speaker", Caution),
        ("good looking", "appearance_looks", Violation),
        ("must be single", "family_status", Violation),
        ("no children", "family_status", Violation),
    ];
    let mut failures = Vec::new();
    for (text, rule, severity) in cases {
        let findings = check_wording(&[(FIELD, text)], &ctx());
        match findings.iter().find(|f| f.rule == *rule) {
            Some(f) if f.severity == *severity && f.field == FIELD => {}
            Some(f) => failures.push(format!("{text:?}: wrong finding {f:?}")),
            None => failures.push(format!("{text:?}: no {rule} in {findings:?}")),
        }
    }
    assert!(cases.len() >= 20);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn age_limit_beyond_apprenticeship_range_is_still_a_violation() {
    assert_eq!(
        rules_of("età massima 35 anni", &apprenticeship()),
        ["age_max"]
    );
    let other = WordingContext {
        contract_code: Some("TEMPO-INDETERMINATO".into()),
        reserved_l68: false,
    };
    assert_eq!(rules_of("età massima 29 anni", &other), ["age_max"]);
    let first_level = WordingContext {
        contract_code: Some("APPRENDISTATO-PRIMO-LIVELLO".into()),
        reserved_l68: false,
    };
    assert_eq!(rules_of("età massima 29 anni", &first_level), ["age_max"]);
    assert!(rules_of("età massima 25 anni", &first_level).is_empty());
}

#[test]
fn protected_category_mention_is_a_caution_unless_reserved() {
    let text = "posizione per categorie protette L. 68/99";
    assert_eq!(rules_of(text, &ctx()), ["disability_l68_mention"]);
    let reserved = WordingContext {
        contract_code: None,
        reserved_l68: true,
    };
    assert!(rules_of(text, &reserved).is_empty());
    // Excluding disabled people is never made right by the reservation flag.
    assert!(rules_of("astenersi invalidi", &reserved).contains(&"disability_exclusion".to_string()));
}

// --- false positives -----------------------------------------------------------------------

#[test]
fn does_not_flag_neutral_wording() {
    let reserved = WordingContext {
        contract_code: None,
        reserved_l68: true,
    };
    let professionalising = WordingContext {
        contract_code: Some("APPRENDISTATO-PROFESSIONALIZZANTE".into()),
        reserved_l68: false,
    };
    let cases: &[(&str, &WordingContext)] = &[
        ("Contratto di apprendistato, età massima 29 anni", &apprenticeship()),
        ("apprendista 18-29 anni", &apprenticeship()),
        ("età massima 29 anni", &professionalising),
        ("cameriere/a", &ctx()),
        ("Cameriera/e per sala", &ctx()),
        ("cameriere (m/f)", &ctx()),
        ("cercasi camerieri e cameriere", &ctx()),
        ("commesso/a", &ctx()),
        ("cameriera (M/F)", &ctx()),
        ("esperienza minima 3 anni", &ctx()),
        ("almeno 5 anni di esperienza nel ruolo", &ctx()),
        ("patente B", &ctx()),
        ("categorie protette L. 68/99", &reserved),
        ("lingua italiana livello B2", &ctx()),
        ("turni anche notturni", &ctx()),
        ("regolare permesso di soggiorno", &ctx()),
        ("praticante avvocato", &ctx()),
        ("sostituzione maternità", &ctx()),
        ("cercasi barista con esperienza", &ctx()),
        ("ragazzo/a per consegne", &ctx()),
        ("annuncio rivolto a uomini e donne", &ctx()),
        ("L'azienda garantisce pari opportunità tra uomini e donne", &ctx()),
        ("Selezione senza distinzione di età, sesso, stato civile, religione o orientamento sessuale", &ctx()),
        ("insegnante di religione cattolica", &ctx()),
        ("disponibilità a turni nel fine settimana", &ctx()),
        ("single sign-on", &ctx()),
        ("azienda con 30 anni di storia", &ctx()),
        ("contratto di 12 mesi, 40 ore settimanali", &ctx()),
        // Numbers below working age are counts, not ages.
        ("contratto a termine, durata massima 3 anni", &ctx()),
        ("bambini tra 6 e 10 anni", &ctx()),
        ("età minima 18 anni", &ctx()),
        ("junior developer", &ctx()),
        ("attractive salary", &ctx()),
        ("presenza in sede tre giorni a settimana", &ctx()),
        ("progetto Garanzia Giovani", &ctx()),
        ("divisa di colore nero", &ctx()),
        ("", &ctx()),
    ];
    let mut failures = Vec::new();
    for (text, context) in cases {
        let findings = check_wording(&[(FIELD, text)], context);
        if !findings.is_empty() {
            failures.push(format!("{text:?}: {findings:?}"));
        }
    }
    assert!(cases.len() >= 20);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn young_environment_is_only_a_caution_about_the_workplace() {
    let findings = check_wording(
        &[(FIELD, "Offriamo un ambiente giovane e dinamico")],
        &ctx(),
    );
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].rule, "age_young_environment");
    assert_eq!(findings[0].severity, Severity::Caution);
    assert!(!has_violation(&findings));
    // A young *candidate* is still the candidate rule, even in the same sentence.
    let rules = rules_of("ambiente giovane, cerchiamo una persona giovane", &ctx());
    assert_eq!(rules, ["age_young_environment", "age_young"]);
}

// --- matching behaviour ----------------------------------------------------------------------

#[test]
fn matching_ignores_case_accents_and_spacing_and_keeps_the_original_excerpt() {
    let findings = check_wording(
        &[(FIELD, "Requisiti: ETÀ   MASSIMA\n40, patente B")],
        &ctx(),
    );
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].excerpt, "ETÀ   MASSIMA\n40");
    let findings = check_wording(&[(FIELD, "Cercasi Cameriera!")], &ctx());
    assert_eq!(findings[0].excerpt, "Cameriera");
}

#[test]
fn matches_only_whole_words() {
    // "commessa" inside another word, "uomo" inside "uomodelmese": no match.
    assert!(rules_of("commessaggio", &ctx()).is_empty());
    assert!(rules_of("^uomodelmese", &ctx()).is_empty());
    assert!(rules_of("maxi 30 anni", &ctx()).is_empty());
}

#[test]
fn findings_come_in_field_then_position_order_one_per_rule_per_field() {
    let texts = [
        ("title", "Cameriera"),
        (
            "description",
            "Bella presenza, max 30 anni, cameriera o commessa, età massima 30",
        ),
        ("requirements", "senza figli"),
    ];
    let findings = check_wording(&texts, &ctx());
    let got: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.field.as_str(), f.rule.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("title", "gender_feminine_title"),
            ("description", "appearance_looks"),
            ("description", "age_max"),
            ("description", "gender_feminine_title"),
            ("requirements", "family_status"),
        ]
    );
    assert_eq!(findings[2].excerpt, "max 30 anni");
}

#[test]
fn tokenizer_keeps_slashes_and_splits_digits_from_letters() {
    let words: Vec<String> = tokenize("Cameriere/a, 25enne (M/F) Straße")
        .into_iter()
        .map(|t| t.text)
        .collect();
    assert_eq!(
        words,
        [
            "cameriere",
            "/",
            "a",
            "25",
            "enne",
            "m",
            "/",
            "f",
            "strasse"
        ]
    );
}

#[test]
fn rule_text_is_localised_and_falls_back_to_italian() {
    let it = rule_text("age_max", "it").unwrap_or_else(|| panic!("age_max missing"));
    let en = rule_text("age_max", "en").unwrap_or_else(|| panic!("age_max missing"));
    let de = rule_text("age_max", "de").unwrap_or_else(|| panic!("age_max missing"));
    assert_ne!(it.why, en.why);
    assert_eq!(de, it);
    assert!(it.law.contains("216/2003"));
    assert!(rule_text("no_such_rule", "it").is_none());
    let native = rule_text("origin_native_speaker", "it").unwrap_or_else(|| panic!("missing"));
    assert!(native.suggestion.contains("C2 (QCER)"));
}

#[test]
fn has_violation_only_counts_violations() {
    assert!(!has_violation(&[]));
    let caution = check_wording(&[(FIELD, "madrelingua italiana")], &ctx());
    assert_eq!(caution.len(), 1);
    assert!(!has_violation(&caution));
    assert!(has_violation(&check_wording(
        &[(FIELD, "solo italiani")],
        &ctx()
    )));
}

#[test]
fn a_long_description_is_checked_quickly() {
    // 4,000+ characters dense with near-misses: every start position tries every pattern, so
    // anything worse than linear would show up here as seconds instead of milliseconds.
    let chunk = "cerchiamo persona con 5 anni di esperienza, età 30 e massimo impegno, ragazzi/e del team. ";
    let text = chunk.repeat(4_000 / chunk.len() + 1);
    assert!(text.len() >= 4_000);
    let started = std::time::Instant::now();
    for _ in 0..10 {
        let _ = check_wording(&[(FIELD, &text)], &ctx());
    }
    let elapsed = started.elapsed();
    assert!(
        elapsed.as_secs() < 5,
        "10 checks of 4,000 characters took {elapsed:?}"
    );
}

proptest! {
    #[test]
    fn check_wording_never_panics(text in any::<String>(), contract in proptest::option::of("[a-zA-Z-]{0,30}"), reserved in any::<bool>()) {
        let context = WordingContext { contract_code: contract, reserved_l68: reserved };
        let findings = check_wording(&[("title", &text), ("description", &text)], &context);
        for f in &findings {
            prop_assert!(text.contains(&f.excerpt));
            prop_assert!(!f.excerpt.is_empty());
        }
    }

    #[test]
    fn check_wording_never_panics_on_wordy_input(words in proptest::collection::vec(
        prop::sample::select(vec!["max", "30", "anni", "/", "cameriera", "e", "m", "f", "età", "tra", "18",
                                  "29", "ÀÉ", "giovane", "ambiente", "no", "stranieri", "(", ")", "di", "99"]), 0..60)) {
        let text = words.join(" ");
        let _ = check_wording(&[("description", &text)], &apprenticeship());
    }
}
