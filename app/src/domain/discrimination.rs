//! The discrimination check for vacancy wording: before a company submits a vacancy, its texts are
//! searched for wording that breaks Italian anti-discrimination law (D.Lgs. 198/2006 gender, D.Lgs.
//! 215/2003 race and ethnic origin, D.Lgs. 216/2003 religion, belief, disability, age and sexual
//! orientation, D.Lgs. 276/2003 art. 10 pre-selection by marital status, pregnancy, age, origin).
//!
//! The rules are data (`discrimination_rules.json`), not code: each has patterns, exceptions, the
//! explanation and a suggested neutral wording in Italian and English, and its own examples that the
//! unit tests run. Patterns use a small token language instead of the `regex` crate, which would
//! bloat the WASM bundle (this module compiles for the browser too):
//!
//! - a pattern is a sequence of items separated by spaces; each item matches one token of the text;
//! - `a|b|c` alternatives; `giovan*` a word prefix; `{n}` a number 14–99 (an age), `{num}` any
//!   number, `{w}` any word; `/` the slash itself (kept as a token so `cameriere/a` is recognised);
//!   `@name` every alternative of the named set in the file's `sets` (word lists shared by rules);
//! - a trailing `?` makes an item optional; a leading `^` anchors the pattern at the start of the text.
//!
//! The text is normalised first (lower case, accents stripped, punctuation other than `/` dropped,
//! digits split from letters so `25enne` reads `25 enne`), so matching is case- and accent-insensitive
//! and always on word boundaries. Matching is linear in the text length times the number of patterns.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::LazyLock;

/// The protected ground a wording touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ground {
    Age,
    Gender,
    Origin,
    Religion,
    Disability,
    Orientation,
    FamilyStatus,
    Appearance,
}

/// How a finding weighs on submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks submission until reworded.
    Violation,
    /// Shown, does not block (ambiguous wording worth a second look).
    Caution,
}

/// Facts about the vacancy that legitimately change the verdict.
#[derive(Debug, Clone, Default)]
pub struct WordingContext {
    /// Contract code from the vacancy (e.g. "apprendistato"): apprenticeship has a legal age range
    /// (D.Lgs. 81/2015 art. 43-45: 15–25 / 18–29), so an age limit within it is not a violation.
    pub contract_code: Option<String>,
    /// Reserved for collocamento mirato (L. 68/99): mentioning disability/protected categories is
    /// required, not discriminatory.
    pub reserved_l68: bool,
}

/// One flagged wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's stable id, e.g. "age_max".
    pub rule: String,
    pub ground: Ground,
    pub severity: Severity,
    /// The form field the text came from (as passed in).
    pub field: String,
    /// The words as the company wrote them (original case), for "you wrote: …".
    pub excerpt: String,
}

/// The texts of a rule in one locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleText {
    /// Why the wording is a problem.
    pub why: String,
    /// A neutral wording to use instead.
    pub suggestion: String,
    /// The law it breaks.
    pub law: String,
}

/// Checks each (field, text) pair; findings in field order then position order; one finding per
/// rule per field (the first occurrence).
pub fn check_wording(texts: &[(&str, &str)], context: &WordingContext) -> Vec<Finding> {
    check_with(&RULES, texts, context)
}

/// The texts of a rule in a locale ("it" | "en"); unknown locales fall back to Italian.
pub fn rule_text(rule: &str, locale_code: &str) -> Option<RuleText> {
    let rule = RULES.iter().find(|r| r.id == rule)?;
    let texts = match locale_code {
        "en" => &rule.texts.en,
        _ => &rule.texts.it,
    };
    Some(RuleText {
        why: texts.why.clone(),
        suggestion: texts.suggestion.clone(),
        law: texts.law.clone(),
    })
}

/// Whether any finding blocks submission.
pub fn has_violation(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Violation)
}

// ---------------------------------------------------------------------------------------------
// Rule data

/// The shipped rules, parsed once. A malformed file (caught by a unit test) degrades to no rules.
static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    parse_rules(include_str!("discrimination_rules.json")).unwrap_or_else(|error| {
        report_bad_rules(&error);
        Vec::new()
    })
});

/// Logs a rule file that does not parse (server side; the browser copy stays silent).
fn report_bad_rules(error: &str) {
    #[cfg(feature = "ssr")]
    tracing::error!(error, "discrimination rules do not parse; check disabled");
    #[cfg(not(feature = "ssr"))]
    let _ = error;
}

/// The smallest number `{n}` takes for an age: below it a number is a count (of years of experience,
/// of hours), not an age. Working age in Italy starts at 15 (L. 977/1967), 14 leaves some margin.
const MIN_AGE_NUMBER: u32 = 14;
/// The largest number `{n}` takes for an age.
const MAX_AGE_NUMBER: u32 = 99;

/// The rule file: shared word sets (`@name` in a pattern) and the rules.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    sets: HashMap<String, String>,
    rules: Vec<RuleData>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleData {
    id: String,
    ground: Ground,
    severity: Severity,
    patterns: Vec<String>,
    #[serde(default)]
    exceptions: Vec<ExceptionData>,
    texts: Texts,
    examples: Examples,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExceptionData {
    /// A pattern that cancels the match when found overlapping it (or within `near` tokens, or
    /// anywhere in the same text with `in_field`).
    pattern: Option<String>,
    #[serde(default)]
    near: usize,
    #[serde(default)]
    in_field: bool,
    /// The vacancy's contract code is one of these (case-insensitive).
    contracts: Option<Vec<String>>,
    /// Every number in the match lies in this inclusive range.
    numbers_within: Option<(u32, u32)>,
    /// The vacancy is reserved for L. 68/99.
    reserved_l68: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Texts {
    it: LocaleTexts,
    en: LocaleTexts,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LocaleTexts {
    why: String,
    suggestion: String,
    law: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(test), allow(dead_code))]
struct Examples {
    flag: Vec<Example>,
    pass: Vec<Example>,
}

/// A rule's own example: a bare text, or a text with the vacancy facts it is checked under.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
#[cfg_attr(not(test), allow(dead_code))]
enum Example {
    Text(String),
    WithContext {
        text: String,
        #[serde(default)]
        contract: Option<String>,
        #[serde(default)]
        reserved_l68: bool,
    },
}

/// A compiled rule.
#[derive(Debug)]
struct Rule {
    id: String,
    ground: Ground,
    severity: Severity,
    patterns: Vec<Pattern>,
    exceptions: Vec<Exception>,
    texts: Texts,
    #[cfg_attr(not(test), allow(dead_code))]
    examples: Examples,
}

#[derive(Debug)]
struct Exception {
    pattern: Option<(Pattern, Scope)>,
    contracts: Option<Vec<String>>,
    numbers_within: Option<(u32, u32)>,
    reserved_l68: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// The exception's match overlaps the rule's match, widened by this many tokens each side.
    Near(usize),
    /// Anywhere in the same text.
    Field,
}

/// Parses and compiles the rule file; the error names the rule and what is wrong.
fn parse_rules(json: &str) -> Result<Vec<Rule>, String> {
    let file: RuleFile = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let mut sets: Sets = HashMap::with_capacity(file.sets.len());
    for (name, words) in &file.sets {
        let atoms = words
            .split('|')
            .map(Atom::parse)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("set {name}: {e}"))?;
        sets.insert(name.clone(), atoms);
    }
    let mut rules: Vec<Rule> = Vec::with_capacity(file.rules.len());
    for rule in file.rules {
        let context = |e: String| format!("rule {}: {e}", rule.id);
        if rule.id.is_empty() || rules.iter().any(|r| r.id == rule.id) {
            return Err(context("empty or duplicate id".into()));
        }
        if rule.patterns.is_empty() {
            return Err(context("no patterns".into()));
        }
        let patterns = rule
            .patterns
            .iter()
            .map(|p| Pattern::parse(p, &sets))
            .collect::<Result<Vec<_>, _>>()
            .map_err(context)?;
        let mut exceptions = Vec::with_capacity(rule.exceptions.len());
        for e in &rule.exceptions {
            let pattern = match &e.pattern {
                Some(p) => {
                    let scope = if e.in_field {
                        Scope::Field
                    } else {
                        Scope::Near(e.near)
                    };
                    Some((Pattern::parse(p, &sets).map_err(context)?, scope))
                }
                None => None,
            };
            if pattern.is_none()
                && e.contracts.is_none()
                && e.numbers_within.is_none()
                && e.reserved_l68.is_none()
            {
                return Err(context("an exception with no condition".into()));
            }
            exceptions.push(Exception {
                pattern,
                contracts: e
                    .contracts
                    .as_ref()
                    .map(|cs| cs.iter().map(|c| c.to_lowercase()).collect()),
                numbers_within: e.numbers_within,
                reserved_l68: e.reserved_l68,
            });
        }
        rules.push(Rule {
            id: rule.id,
            ground: rule.ground,
            severity: rule.severity,
            patterns,
            exceptions,
            texts: rule.texts,
            examples: rule.examples,
        });
    }
    Ok(rules)
}

// ---------------------------------------------------------------------------------------------
// Text normalisation

/// One token of a text: its normalised form and where it sits in the original (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    text: String,
    start: usize,
    end: usize,
}

impl Token {
    fn number(&self) -> Option<u32> {
        if self.text.bytes().all(|b| b.is_ascii_digit()) && self.text.len() <= 3 {
            self.text.parse().ok()
        } else {
            None
        }
    }

    fn is_word(&self) -> bool {
        self.text != SLASH
    }
}

const SLASH: &str = "/";

/// Folds one lower-case character to ASCII; `None` when it separates words.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => "a",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => "o",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ç' => "c",
        'ñ' => "n",
        'ß' => "ss",
        _ => return None,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
}

/// Splits a text into normalised tokens: runs of letters, runs of digits, and `/`.
fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut current: Option<(Token, Class)> = None;
    for (at, c) in text.char_indices() {
        let end = at + c.len_utf8();
        for lower in c.to_lowercase() {
            let (piece, class): (Option<&str>, Option<Class>) = if lower.is_ascii_digit() {
                (None, Some(Class::Digit))
            } else if lower.is_ascii_lowercase() {
                (None, Some(Class::Letter))
            } else {
                match fold(lower) {
                    Some(p) => (Some(p), Some(Class::Letter)),
                    None => (None, None),
                }
            };
            match class {
                Some(class) => {
                    match &mut current {
                        Some((token, cur)) if *cur == class => token.end = end,
                        _ => {
                            if let Some((token, _)) = current.take() {
                                tokens.push(token);
                            }
                            current = Some((
                                Token {
                                    text: String::new(),
                                    start: at,
                                    end,
                                },
                                class,
                            ));
                        }
                    }
                    if let Some((token, _)) = &mut current {
                        match piece {
                            Some(p) => token.text.push_str(p),
                            None => token.text.push(lower),
                        }
                    }
                }
                None => {
                    if let Some((token, _)) = current.take() {
                        tokens.push(token);
                    }
                    if lower == '/' {
                        tokens.push(Token {
                            text: SLASH.into(),
                            start: at,
                            end,
                        });
                    }
                }
            }
        }
    }
    if let Some((token, _)) = current.take() {
        tokens.push(token);
    }
    tokens
}

/// Normalises one word of a pattern the way [`tokenize`] normalises text.
fn normalise_word(word: &str) -> String {
    tokenize(word)
        .into_iter()
        .map(|t| t.text)
        .collect::<Vec<_>>()
        .join("")
}

// ---------------------------------------------------------------------------------------------
// Patterns

#[derive(Debug, Clone, PartialEq, Eq)]
enum Atom {
    Word(String),
    Prefix(String),
    Age,
    Number,
    AnyWord,
    Slash,
}

/// Named word sets, already parsed.
type Sets = HashMap<String, Vec<Atom>>;

impl Atom {
    /// Parses one alternative; `@name` expands to a set, so this returns several atoms.
    fn parse_into(text: &str, sets: &Sets, out: &mut Vec<Atom>) -> Result<(), String> {
        match text.strip_prefix('@') {
            Some(name) => {
                let set = sets
                    .get(name)
                    .ok_or_else(|| format!("unknown set @{name}"))?;
                out.extend(set.iter().cloned());
            }
            None => out.push(Atom::parse(text)?),
        }
        Ok(())
    }

    fn parse(text: &str) -> Result<Atom, String> {
        Ok(match text {
            "{n}" => Atom::Age,
            "{num}" => Atom::Number,
            "{w}" => Atom::AnyWord,
            "/" => Atom::Slash,
            _ if text.starts_with('{') || text.starts_with('@') => {
                return Err(format!("unknown placeholder or nested set {text}"))
            }
            _ => {
                let (word, prefix) = match text.strip_suffix('*') {
                    Some(w) => (w, true),
                    None => (text, false),
                };
                let normal = normalise_word(word);
                // A word must stay one token once normalised ("l'età" would silently never match).
                if normal.is_empty() || tokenize(word).len() != 1 {
                    return Err(format!("item {text:?} is not a single word"));
                }
                if prefix {
                    Atom::Prefix(normal)
                } else {
                    Atom::Word(normal)
                }
            }
        })
    }

    fn matches(&self, token: &Token) -> bool {
        match self {
            Atom::Word(w) => token.text == *w,
            Atom::Prefix(p) => token.text.starts_with(p.as_str()),
            Atom::Age => token
                .number()
                .is_some_and(|n| (MIN_AGE_NUMBER..=MAX_AGE_NUMBER).contains(&n)),
            Atom::Number => token.number().is_some(),
            Atom::AnyWord => token.is_word(),
            Atom::Slash => !token.is_word(),
        }
    }
}

#[derive(Debug, Clone)]
struct Item {
    alternatives: Vec<Atom>,
    optional: bool,
}

/// A compiled pattern: a sequence of items, optionally anchored at the start of the text.
#[derive(Debug, Clone)]
struct Pattern {
    anchored: bool,
    items: Vec<Item>,
}

/// A match: the token range `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
}

impl Pattern {
    fn parse(text: &str, sets: &Sets) -> Result<Pattern, String> {
        let mut anchored = false;
        let mut items = Vec::new();
        for (i, raw) in text.split_whitespace().enumerate() {
            if raw == "^" {
                if i != 0 {
                    return Err(format!("pattern {text:?}: ^ only at the start"));
                }
                anchored = true;
                continue;
            }
            let (body, optional) = match raw.strip_suffix('?') {
                Some(b) => (b, true),
                None => (raw, false),
            };
            let mut alternatives = Vec::new();
            for alternative in body.split('|') {
                Atom::parse_into(alternative, sets, &mut alternatives)
                    .map_err(|e| format!("pattern {text:?}: {e}"))?;
            }
            items.push(Item {
                alternatives,
                optional,
            });
        }
        if items.iter().all(|i| i.optional) {
            return Err(format!("pattern {text:?} matches nothing"));
        }
        Ok(Pattern { anchored, items })
    }

    /// The longest match starting exactly at token `at`.
    fn match_at(&self, tokens: &[Token], at: usize) -> Option<usize> {
        fn go(items: &[Item], tokens: &[Token], at: usize) -> Option<usize> {
            let Some((item, rest)) = items.split_first() else {
                return Some(at);
            };
            let taken = tokens
                .get(at)
                .filter(|t| item.alternatives.iter().any(|a| a.matches(t)))
                .and_then(|_| go(rest, tokens, at + 1));
            match taken {
                Some(end) => Some(end),
                None if item.optional => go(rest, tokens, at),
                None => None,
            }
        }
        go(&self.items, tokens, at).filter(|&end| end > at)
    }

    /// Every match, leftmost first (non-overlapping is not needed: callers take the first or test
    /// intersection).
    fn find_all<'a>(&'a self, tokens: &'a [Token]) -> impl Iterator<Item = Span> + 'a {
        let starts = if self.anchored {
            0..tokens.len().min(1)
        } else {
            0..tokens.len()
        };
        starts.filter_map(move |start| self.match_at(tokens, start).map(|end| Span { start, end }))
    }
}

// ---------------------------------------------------------------------------------------------
// Checking

fn check_with(rules: &[Rule], texts: &[(&str, &str)], context: &WordingContext) -> Vec<Finding> {
    let contract = context.contract_code.as_deref().map(str::to_lowercase);
    let mut findings = Vec::new();
    for (field, text) in texts {
        let tokens = tokenize(text);
        let mut in_field: Vec<(usize, usize, Finding)> = Vec::new();
        for (order, rule) in rules.iter().enumerate() {
            if let Some(span) = first_match(rule, &tokens, contract.as_deref(), context) {
                let (Some(first), Some(last)) = (tokens.get(span.start), tokens.get(span.end - 1))
                else {
                    continue;
                };
                in_field.push((
                    span.start,
                    order,
                    Finding {
                        rule: rule.id.clone(),
                        ground: rule.ground,
                        severity: rule.severity,
                        field: (*field).to_string(),
                        excerpt: text
                            .get(first.start..last.end)
                            .unwrap_or_default()
                            .to_string(),
                    },
                ));
            }
        }
        in_field.sort_by_key(|(start, order, _)| (*start, *order));
        findings.extend(in_field.into_iter().map(|(_, _, f)| f));
    }
    findings
}

/// The leftmost match of a rule that no exception cancels.
fn first_match(
    rule: &Rule,
    tokens: &[Token],
    contract: Option<&str>,
    context: &WordingContext,
) -> Option<Span> {
    let mut matches: Vec<Span> = rule
        .patterns
        .iter()
        .flat_map(|p| p.find_all(tokens))
        .collect();
    if matches.is_empty() {
        return None;
    }
    matches.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    // The exception patterns' own matches, computed once per text and only when the rule matched.
    let exception_spans: Vec<Vec<Span>> = rule
        .exceptions
        .iter()
        .map(|e| match &e.pattern {
            Some((p, _)) => p.find_all(tokens).collect(),
            None => Vec::new(),
        })
        .collect();
    matches.into_iter().find(|span| {
        !rule
            .exceptions
            .iter()
            .zip(&exception_spans)
            .any(|(e, spans)| cancels(e, spans, *span, tokens, contract, context))
    })
}

/// Whether an exception holds for one match: every condition it states is true.
fn cancels(
    exception: &Exception,
    spans: &[Span],
    found: Span,
    tokens: &[Token],
    contract: Option<&str>,
    context: &WordingContext,
) -> bool {
    if let Some((_, scope)) = &exception.pattern {
        let hit = match scope {
            Scope::Field => !spans.is_empty(),
            Scope::Near(near) => {
                let lo = found.start.saturating_sub(*near);
                let hi = found.end + near;
                spans.iter().any(|s| s.start < hi && lo < s.end)
            }
        };
        if !hit {
            return false;
        }
    }
    if let Some(contracts) = &exception.contracts {
        if !contract.is_some_and(|c| contracts.iter().any(|x| x == c)) {
            return false;
        }
    }
    if let Some((lo, hi)) = exception.numbers_within {
        let mut numbers = tokens
            .get(found.start..found.end)
            .unwrap_or_default()
            .iter()
            .filter_map(Token::number)
            .peekable();
        if numbers.peek().is_none() || !numbers.all(|n| (lo..=hi).contains(&n)) {
            return false;
        }
    }
    if let Some(reserved) = exception.reserved_l68 {
        if context.reserved_l68 != reserved {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests;
