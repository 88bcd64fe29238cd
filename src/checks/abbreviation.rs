//! Abbreviations dotted or undotted as the house writes them: `U.S.` in a
//! house that writes `U.S.`, not `US`; `UK`, not `U.K.`, in one that does
//! not dot.
//!
//! Follows learned `abbreviation` rules only. A proper name the corpus
//! itself writes with the other form (a learned name such as `US Army Corps
//! of Engineers` in a `U.S.` house) keeps its own spelling. A dotted form
//! at the end of a sentence carries one full stop: `in the US.` becomes
//! `in the U.S.`, and `in the U.S. The` becomes `in the US. The`.

use jiff::civil::Date;

use super::{Check, Mention};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Rule, Severity};
use crate::rules::{AbbreviationRule, RuleError, RuleFile};
use crate::text::lexicon::{abbreviation_at, stands_alone};
use crate::text::words::{is_capitalised, words};

pub static ABBREVIATION_DOTS: Rule = Rule {
    code: "abbreviation/dots",
    summary: "Abbreviation dotted (or undotted) against house style",
    severity: Severity::Warning,
    what: "Flags an abbreviation such as `US`, `UK`, `UN`, `EU` or `DC` written dotted \
           (`U.S.`) in a house that writes it undotted, or the reverse, when the approved \
           documents write it one way. A proper name the approved documents write with \
           the other form keeps it.",
    why: "AP style and many American houses write `U.S.`; GOV.UK and most British houses \
          write `US` and `UK`. The form is learned from the approved documents.",
    example: "Officials from the US Navy attended.",
    fixed: Some("Officials from the U.S. Navy attended."),
    fix_safety: "Safe: only the full stops of the abbreviation change, and a sentence's \
                 own full stop is kept.",
    applicability: Some(Applicability::Safe),
};

struct Checker {
    rules: Vec<(AbbreviationRule, String)>,
    /// Every rule's other form, by rule index.
    others: Option<aho_corasick::AhoCorasick>,
    /// Learned names that contain an abbreviation's other form.
    names: Vec<String>,
}

impl Check for Checker {
    fn region(
        &self,
        region: &str,
        base: usize,
        _date: Option<Date>,
        out: &mut Vec<Diagnostic>,
        _mentions: &mut Vec<Mention>,
    ) {
        let Some(others) = &self.others else { return };
        // One scan for every rule's other form (a search per rule per
        // region cost more than the rest of the family).
        for m in others.find_iter(region) {
            let (rule, evidence) = &self.rules[m.pattern().as_usize()];
            let at = m.start();
            if !stands_alone(region, at, &rule.other) || self.in_a_name(region, at, &rule.other) {
                continue;
            }
            let mut end = at + rule.other.len();
            let mut replacement = rule.form.clone();
            let dotted_house = rule.form.ends_with('.');
            if dotted_house && region[end..].starts_with('.') {
                end += 1; // `the US.`: one full stop.
            } else if !dotted_house && sentence_ends(region, end) {
                replacement.push('.');
            }
            let range = base + at..base + end;
            out.push(
                Diagnostic::new(
                    &ABBREVIATION_DOTS,
                    range.clone(),
                    format!("House style writes '{}', not '{}'.", rule.form, rule.other),
                )
                .with_fix(Fix::replace(range, replacement, Applicability::Safe))
                .with_evidence(evidence.clone()),
            );
        }
    }
}

impl Checker {
    fn in_a_name(&self, region: &str, at: usize, form: &str) -> bool {
        self.names.iter().any(|name| {
            name.match_indices(form).any(|(k, _)| {
                at >= k
                    && region.is_char_boundary(at - k)
                    && region[at - k..].starts_with(name.as_str())
            })
        })
    }
}

/// Whether the dotted form ending at `end` also ends its sentence: the end
/// of the region, or a blank and a word that starts sentences.
fn sentence_ends(region: &str, end: usize) -> bool {
    let rest = &region[end..];
    if rest.trim().is_empty() {
        return true;
    }
    let Some(w) = words(rest, 0).next() else {
        return true;
    };
    rest[..w.start].trim().is_empty()
        && rest[..w.start].contains([' ', '\n'])
        && is_capitalised(w.text)
        && [
            "The", "It", "He", "She", "They", "We", "This", "That", "In", "A", "An",
        ]
        .contains(&w.text)
}

pub fn build(rules: &RuleFile) -> Result<Box<dyn Check>, Vec<RuleError>> {
    let checks: Vec<(AbbreviationRule, String)> = rules
        .abbreviations
        .iter()
        .map(|r| {
            let other = match r.other_seen {
                0 => "never".to_string(),
                1 => "once".to_string(),
                n => format!("{n} times"),
            };
            let e = format!(
                "{} ('{}': {other})",
                r.evidence.describe(&format!("'{}'", r.form)),
                r.other
            );
            (r.clone(), e)
        })
        .collect();
    let names = rules
        .names
        .iter()
        .filter(|n| {
            checks
                .iter()
                .any(|(r, _)| !abbreviation_at(&n.name, &r.other).is_empty())
        })
        .map(|n| n.name.clone())
        .collect();
    let others = if checks.is_empty() {
        None
    } else {
        let forms = checks.iter().map(|(r, _)| r.other.as_str());
        match aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(forms)
        {
            Ok(ac) => Some(ac),
            Err(e) => {
                return Err(vec![RuleError::new(
                    "[[abbreviation]]",
                    format!("cannot compile abbreviations: {e}"),
                )])
            }
        }
    };
    Ok(Box::new(Checker {
        rules: checks,
        others,
        names,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{codes, fixed, linter, lints, Linter};
    use crate::fix::Which;
    use crate::rules::{Evidence, NameKind, NameRule};

    fn rule(form: &str, other: &str) -> AbbreviationRule {
        AbbreviationRule {
            form: form.into(),
            other: other.into(),
            evidence: Evidence {
                seen: 5,
                documents: vec!["a".into(), "b".into()],
            },
            other_seen: 0,
        }
    }

    fn dotted() -> Linter {
        linter(
            build,
            &RuleFile {
                abbreviations: vec![rule("U.S.", "US")],
                names: vec![NameRule {
                    name: "US Army Corps of Engineers".into(),
                    kind: NameKind::Organisation,
                    acronym: None,
                    evidence: Evidence::default(),
                    rivals: Vec::new(),
                }],
                ..RuleFile::default()
            },
        )
    }

    #[test]
    fn the_other_form_is_flagged_and_fixed_with_one_full_stop() {
        let text = "The US Navy's ships left the US. Then they returned.";
        let ds = lints(text, &dotted());
        assert_eq!(ds.len(), 2);
        assert_eq!(ds[0].message, "House style writes 'U.S.', not 'US'.");
        assert_eq!(
            fixed(text, &dotted(), Which::Safe),
            "The U.S. Navy's ships left the U.S. Then they returned."
        );
        let undotted = linter(
            build,
            &RuleFile {
                abbreviations: vec![rule("UK", "U.K.")],
                ..RuleFile::default()
            },
        );
        assert_eq!(
            fixed(
                "The U.K. Government met in the U.K. The end.",
                &undotted,
                Which::Safe
            ),
            "The UK Government met in the UK. The end."
        );
    }

    #[test]
    fn names_words_and_longer_abbreviations_are_left_alone() {
        for clean in [
            "Engineers from the US Army Corps of Engineers met.",
            "USS Tidewater, USA, USSR, us and the U.S. Navy.",
        ] {
            assert!(codes(clean, &dotted()).is_empty(), "{clean}");
        }
    }
}
