//! Later references: how a draft refers to a person the house names, after
//! the first mention.
//!
//! - `reference/honorific` flags an honorific before a known person's name
//!   that the house never gives them (`Mr. de la Cruz` where the approved
//!   documents write `Dr. de la Cruz`), unless the same paragraph names
//!   another person with that surname (`Anders Lindqvist … Mr Lindqvist`).
//!   A full stop alone is `honorific/full-stop`'s business.
//! - `reference/courtesy` notes the same for courtesy titles that sources
//!   legitimately differ on (`Mrs Lindqvist` where the house writes
//!   `Ms Lindqvist`): information, not a warning.
//! - `reference/first-name` flags a known person's first name standing alone
//!   (`Karim said`) where the house refers to them by honorific and surname
//!   and never by the first name alone. Inside a quotation, as part of a
//!   longer name, or when the first name is shared or is also an ordinary
//!   word in the corpus, it is never flagged.
//!
//! Both follow learned `reference` rules only: people the names learner
//! found, whom the corpus refers to one way.

use aho_corasick::{AhoCorasick, MatchKind};
use jiff::civil::Date;

use super::{Check, Mention};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Rule, Severity};
use crate::rules::{ReferenceRule, RuleError, RuleFile};
use crate::text::honorifics::first_alone;
use crate::text::honorifics::{honorific_before, interchangeable, split_person};
use crate::text::words::{is_capitalised, is_whole_word, last_word};

pub static REFERENCE_HONORIFIC: Rule = Rule {
    code: "reference/honorific",
    summary: "A person given an honorific the house never gives them",
    severity: Severity::Warning,
    what: "Flags an honorific before the surname of a person the approved documents name \
           (`Mr. de la Cruz`) when the house always refers to them with another \
           (`Dr. de la Cruz`). Not flagged when the same paragraph names another person \
           with that surname.",
    why: "A later reference with the wrong honorific gets a person's title or identity \
          wrong; the house's own references show which one they have.",
    example: "Ann Roe spoke. Mr Roe said the works were done.",
    fixed: Some("Ann Roe spoke. Dr Roe said the works were done."),
    fix_safety: "Unsafe: two people may share a surname, so a person should confirm.",
    applicability: Some(Applicability::Unsafe),
};

pub static REFERENCE_COURTESY: Rule = Rule {
    code: "reference/courtesy",
    summary: "A person given another courtesy title than the house gives them",
    severity: Severity::Information,
    what: "Notes a courtesy title (`Mrs`, `Ms`, `Miss`, `Mx`) before the surname of a person \
           the approved documents name when the house always gives them another one \
           (`Mrs Lindqvist` where the house writes `Ms Lindqvist`). Advice only: sources \
           legitimately differ on a person's courtesy title.",
    why: "The house's own references show which courtesy title a person uses, but another \
          source's choice is not wrong, so this is information rather than a warning.",
    example: "Ann Roe spoke. Mrs Roe said the works were done.",
    fixed: Some("Ann Roe spoke. Ms Roe said the works were done."),
    fix_safety: "Unsafe: two people may share a surname, so a person should confirm.",
    applicability: Some(Applicability::Unsafe),
};

pub static REFERENCE_FIRST_NAME: Rule = Rule {
    code: "reference/first-name",
    summary: "A person referred to by the first name alone",
    severity: Severity::Warning,
    what: "Flags the first name of a person the approved documents name, standing alone \
           outside a quotation (`Ann said`), when the house refers to them by honorific \
           and surname (`Dr Roe`) and never by the first name alone.",
    why: "Press offices refer to people by honorific or title and surname after the \
          first mention; a first name alone reads as over-familiar or as another person.",
    example: "Ann Roe spoke. Ann said the works were done.",
    fixed: Some("Ann Roe spoke. Dr Roe said the works were done."),
    fix_safety: "Unsafe: another person may share the first name.",
    applicability: Some(Applicability::Unsafe),
};

struct Person {
    rule: ReferenceRule,
    first: String,
    rest: String,
    judge_first: bool,
    evidence: String,
}

struct Checker {
    people: Vec<Person>,
    /// Pattern i is person i's rest; pattern n + i their first name.
    finder: Option<AhoCorasick>,
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
        let Some(finder) = &self.finder else {
            return;
        };
        let n = self.people.len();
        for m in finder.find_overlapping_iter(region) {
            let (s, e) = (m.start(), m.end());
            if !is_whole_word(region, s, e) {
                continue;
            }
            let i = m.pattern().as_usize();
            if i < n {
                self.honorific(&self.people[i], region, base, s, out);
            } else {
                let p = &self.people[i - n];
                if p.judge_first && first_alone(region, s, e, &p.rest) {
                    let form = format!("{} {}", p.rule.form, p.rest);
                    out.push(
                        Diagnostic::new(
                            &REFERENCE_FIRST_NAME,
                            base + s..base + e,
                            format!(
                                "The house refers to {} as '{form}', never by the first name alone.",
                                p.rule.person
                            ),
                        )
                        .with_fix(Fix::replace(base + s..base + e, form, Applicability::Unsafe))
                        .with_evidence(p.evidence.clone()),
                    );
                }
            }
        }
    }
}

impl Checker {
    fn honorific(
        &self,
        p: &Person,
        region: &str,
        base: usize,
        s: usize,
        out: &mut Vec<Diagnostic>,
    ) {
        let Some((title, range)) = honorific_before(region, s) else {
            return;
        };
        if title.trim_end_matches('.') == p.rule.form.trim_end_matches('.') {
            return;
        }
        if another_person(region, &p.first, &p.rest) {
            return;
        }
        let range = base + range.start..base + range.end;
        let rule = if interchangeable(
            title.trim_end_matches('.'),
            p.rule.form.trim_end_matches('.'),
        ) {
            &REFERENCE_COURTESY
        } else {
            &REFERENCE_HONORIFIC
        };
        out.push(
            Diagnostic::new(
                rule,
                range.clone(),
                format!(
                    "The house refers to {} as '{} {}', not '{title} {}'.",
                    p.rule.person, p.rule.form, p.rest, p.rest
                ),
            )
            .with_fix(Fix::replace(
                range,
                p.rule.form.clone(),
                Applicability::Unsafe,
            ))
            .with_evidence(p.evidence.clone()),
        );
    }
}

/// Whether `region` names someone else with this surname: `rest` after a
/// capitalised word that is neither `first` nor an honorific.
fn another_person(region: &str, first: &str, rest: &str) -> bool {
    region.match_indices(rest).any(|(at, _)| {
        is_whole_word(region, at, at + rest.len())
            && honorific_before(region, at).is_none()
            && region[..at]
                .strip_suffix(' ')
                .and_then(|b| last_word(b).filter(|w| w.end == b.len()))
                .is_some_and(|w| is_capitalised(w.text) && w.text != first)
    })
}

pub fn build(rules: &RuleFile) -> Result<Box<dyn Check>, Vec<RuleError>> {
    let mut firsts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for n in &rules.names {
        if n.kind == crate::rules::NameKind::Person {
            if let Some((f, _)) = split_person(&n.name) {
                *firsts.entry(f).or_default() += 1;
            }
        }
    }
    let people: Vec<Person> = rules
        .references
        .iter()
        .filter_map(|r| {
            let (first, rest) = split_person(&r.person)?;
            let others: Vec<String> = r.others.iter().map(|(f, n)| format!("'{f}' {n}")).collect();
            Some(Person {
                judge_first: r.first_name_alone == 0
                    && firsts.get(first).copied().unwrap_or(0) <= 1,
                evidence: format!(
                    "{}; by the first name alone: {}; other honorifics: {}",
                    r.evidence.describe(&format!("'{} {rest}'", r.form)),
                    match r.first_name_alone {
                        0 => "never".to_string(),
                        u32::MAX => "not judged".to_string(),
                        n => format!("{n} times"),
                    },
                    if others.is_empty() {
                        "none".to_string()
                    } else {
                        others.join(", ")
                    }
                ),
                first: first.to_string(),
                rest: rest.to_string(),
                rule: r.clone(),
            })
        })
        .collect();
    if people.is_empty() {
        return Ok(Box::new(Checker {
            people,
            finder: None,
        }));
    }
    let patterns: Vec<&str> = people
        .iter()
        .map(|p| p.rest.as_str())
        .chain(people.iter().map(|p| p.first.as_str()))
        .collect();
    let finder = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&patterns)
        .map_err(|e| vec![RuleError::new("reference", e.to_string())])?;
    Ok(Box::new(Checker {
        people,
        finder: Some(finder),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{codes, fixed, linter, lints, Linter};
    use crate::fix::Which;
    use crate::rules::Evidence;

    fn house() -> Linter {
        house_with("Dr")
    }

    fn house_with(form: &str) -> Linter {
        let r = RuleFile {
            references: vec![ReferenceRule {
                person: "Karim bin Rashid".into(),
                form: form.into(),
                evidence: Evidence {
                    seen: 4,
                    documents: vec!["a".into(), "b".into()],
                },
                others: Default::default(),
                first_name_alone: 0,
            }],
            ..RuleFile::default()
        };
        linter(build, &r)
    }

    #[test]
    fn a_first_name_alone_and_a_wrong_honorific_are_flagged() {
        let text = "Karim bin Rashid spoke. Karim said so. Mr bin Rashid left.";
        let ds = lints(text, &house());
        let got: Vec<(&str, &str)> = ds
            .iter()
            .map(|d| (d.code, &text[d.range.clone()]))
            .collect();
        assert_eq!(
            got,
            [
                ("reference/first-name", "Karim"),
                ("reference/honorific", "Mr")
            ]
        );
        assert_eq!(
            ds[0].message,
            "The house refers to Karim bin Rashid as 'Dr bin Rashid', never by the first name alone."
        );
        assert_eq!(
            fixed(text, &house(), Which::SafeAndUnsafe),
            "Karim bin Rashid spoke. Dr bin Rashid said so. Dr bin Rashid left."
        );
        assert_eq!(fixed(text, &house(), Which::Safe), text);
    }

    #[test]
    fn another_courtesy_title_is_advice_only() {
        let text = "Karim bin Rashid spoke. Mrs bin Rashid left.";
        let ds = lints(text, &house_with("Ms"));
        assert_eq!(ds.len(), 1);
        assert_eq!(ds[0].code, "reference/courtesy");
        assert_eq!(ds[0].severity, Severity::Information);
    }

    #[test]
    fn quotations_full_names_and_other_people_are_left_alone() {
        for clean in [
            "Karim bin Rashid spoke. “Karim knows the sea,” she said. Dr bin Rashid left.",
            "Karim bin Rashid and Dr. bin Rashid agreed.",
            "Ali bin Rashid, a fisherman, spoke. Mr bin Rashid said so.",
            "Karim Haddad spoke.",
        ] {
            assert!(codes(clean, &house()).is_empty(), "{clean}");
        }
    }
}
