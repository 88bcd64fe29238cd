//! The one table of check families and their rules.
//!
//! Everything that needs to know which rules exist reads [`FAMILIES`]: the
//! engine's [`build`], `draftlint rules` and `explain` ([`registry`],
//! [`rule_doc`]), editor hovers, and the validation of codes written in rule
//! files, editor settings and disable comments ([`unknown_code`]). A new rule
//! is its `static` in its family's file plus one entry here; a new family is
//! its file plus one line here. Nothing else lists families.

use std::fmt;

use super::{date, event, honorific, name, pattern, ship, spelling, title, Built};
use crate::diagnostic::{code_matches, Rule};
use crate::rules::{RuleError, RuleFile};

/// A check family: its name (the prefix of its codes), its rules, and how
/// it is compiled from a rule pack.
pub struct Family {
    /// `date` for `date/weekday`.
    pub name: &'static str,
    pub rules: &'static [&'static Rule],
    pub build: fn(&RuleFile) -> Built,
}

/// Every family, in the order the engine runs them.
pub static FAMILIES: &[Family] = &[
    Family {
        name: "name",
        rules: &[&name::NAME_EXACT],
        build: name::build,
    },
    Family {
        name: "title",
        rules: &[&title::TITLE_CASE, &title::TITLE_ROLE],
        build: title::build,
    },
    Family {
        name: "spelling",
        rules: &[&spelling::SPELLING_VARIANT, &spelling::SPELLING_CONSISTENCY],
        build: spelling::build,
    },
    Family {
        name: "honorific",
        rules: &[
            &honorific::HONORIFIC_FULL_STOP,
            &honorific::HONORIFIC_CONSISTENCY,
        ],
        build: honorific::build,
    },
    Family {
        name: "event",
        rules: &[&event::EVENT_YEAR],
        build: event::build,
    },
    Family {
        name: "date",
        rules: &[
            &date::DATE_INVALID,
            &date::DATE_RELATIVE,
            &date::DATE_FORMAT,
            &date::DATE_WEEKDAY,
        ],
        build: date::build,
    },
    Family {
        name: "ship",
        rules: &[&ship::SHIP_ARTICLE],
        build: ship::build,
    },
    Family {
        name: "pattern",
        rules: &[&pattern::PATTERN_CUSTOM],
        build: pattern::build,
    },
];

/// Every rule draftlint knows, sorted by code.
pub fn registry() -> Vec<&'static Rule> {
    let mut all: Vec<&'static Rule> = FAMILIES
        .iter()
        .flat_map(|f| f.rules.iter().copied())
        .collect();
    all.sort_by_key(|r| r.code);
    all
}

/// The rule with `code`.
pub fn rule_doc(code: &str) -> Option<&'static Rule> {
    FAMILIES
        .iter()
        .flat_map(|f| f.rules.iter().copied())
        .find(|r| r.code == code)
}

/// Builds every family from the merged rules. A family whose rules do not
/// compile is left out and its errors returned.
pub fn build(rules: &RuleFile) -> (Vec<Box<dyn super::Check>>, Vec<RuleError>) {
    let mut checks = Vec::new();
    let mut errors = Vec::new();
    for family in FAMILIES {
        match (family.build)(rules) {
            Ok(c) => checks.push(c),
            Err(mut e) => errors.append(&mut e),
        }
    }
    (checks, errors)
}

/// Why a key names no rule: the nearest valid keys, to suggest, and the
/// families. Displays as `did you mean "date"? families: date, …;
/// \`draftlint rules\` lists the codes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode {
    /// The valid keys nearest by edit distance (all at the same distance).
    pub near: Vec<&'static str>,
    /// Every family name, sorted.
    pub families: Vec<&'static str>,
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.near.is_empty() {
            let near: Vec<String> = self.near.iter().map(|k| format!("\"{k}\"")).collect();
            write!(f, "did you mean {}? ", near.join(" or "))?;
        }
        write!(
            f,
            "families: {}; `draftlint rules` lists the codes",
            self.families.join(", ")
        )
    }
}

/// `None` when `key` selects at least one rule ([`code_matches`]: a code or
/// a family); else what to tell the user. Used for `[severity]` keys in
/// rule files, the editor's severity settings and disable comments alike.
pub fn unknown_code(key: &str) -> Option<UnknownCode> {
    let rules = registry();
    if rules.iter().any(|r| code_matches(key, r.code)) {
        return None;
    }
    let mut families: Vec<&'static str> = FAMILIES.iter().map(|f| f.name).collect();
    families.sort_unstable();
    let mut keys: Vec<&'static str> = rules.iter().map(|r| r.code).collect();
    keys.extend(&families);
    let limit = 3.max(key.chars().count() / 2);
    let mut near: Vec<(usize, &'static str)> = keys
        .iter()
        .filter_map(|k| crate::text::words::edit_distance(key, k, limit).map(|d| (d, *k)))
        .collect();
    near.sort_unstable();
    let best = near.first().map(|&(d, _)| d);
    let near = near
        .into_iter()
        .filter(|(d, _)| Some(*d) == best)
        .map(|(_, k)| k)
        .collect();
    Some(UnknownCode { near, families })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A family's name is the prefix of every code it reports, and no code
    /// is registered twice: what lets `date` select `date/weekday`.
    #[test]
    fn family_names_are_the_prefix_of_their_codes() {
        for f in FAMILIES {
            assert!(!f.rules.is_empty(), "{}", f.name);
            for r in f.rules {
                assert_eq!(r.family(), f.name, "{}", r.code);
            }
        }
        let codes: Vec<&str> = registry().iter().map(|r| r.code).collect();
        let mut unique = codes.clone();
        unique.dedup();
        assert_eq!(codes, unique);
    }

    #[test]
    fn codes_and_families_are_known_and_near_misses_are_suggested() {
        assert_eq!(unknown_code("date"), None);
        assert_eq!(unknown_code("date/weekday"), None);
        assert_eq!(unknown_code("name/exakt").unwrap().near, ["name/exact"]);
        assert_eq!(unknown_code("dates").unwrap().near, ["date"]);
        // A prefix that is not a whole family selects nothing.
        assert!(unknown_code("dat").is_some());
        assert!(unknown_code("date/").is_some());
        assert!(unknown_code("").is_some());
        let far = unknown_code("zzzzzzzzzz").unwrap();
        assert!(far.near.is_empty());
        assert_eq!(
            far.to_string(),
            "families: date, event, honorific, name, pattern, ship, spelling, title; \
             `draftlint rules` lists the codes"
        );
    }
}
