//! Curated substitutions written as regular expressions (`[[pattern]]`).
//!
//! A house often has rules no learner will find: a phrase it never uses, a
//! misspelling it keeps meeting. People write those as patterns in
//! `curated/*.toml`. All patterns are compiled once into a [`RegexSet`], so a
//! prose region is scanned once to learn which patterns match at all; only
//! those patterns' own regexes then run to find where.

use regex::{Regex, RegexSet};

use jiff::civil::Date;

use super::{Check, Mention, RuleDoc};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::rules::{RuleError, RuleFile};

pub const CODE: &str = "pattern/custom";

pub const RULES: &[RuleDoc] = &[RuleDoc {
    code: CODE,
    summary: "text matches a curated pattern",
    severity: Severity::Warning,
    what: "Flags prose that matches a `[[pattern]]` rule written in the pack's curated files, \
           with the rule's own message, and offers the rule's replacement when it has one.",
    why: "Some house conventions are not in any approved document's statistics: a phrase the \
          house never uses, a misspelling reviewers keep correcting. A curated pattern states \
          such a rule once, and every draft is held to it.",
    example: "The frigate HMS Argyle sailed.   (pattern `\\bHMS Argyle\\b` → `HMS Argyll`)",
    fixed: "The frigate HMS Argyll sailed.",
    fix_safety: "Safe when the rule gives a replacement: a person wrote both the pattern and its \
                 replacement. Rules without a replacement only flag.",
}];

/// One compiled `[[pattern]]` rule.
struct Pattern {
    regex: Regex,
    replacement: Option<String>,
    message: String,
    severity: Severity,
}

struct Checker {
    set: RegexSet,
    patterns: Vec<Pattern>,
}

impl Check for Checker {
    fn region(
        &self,
        slice: &str,
        base: usize,
        _date: Option<Date>,
        out: &mut Vec<Diagnostic>,
        _mentions: &mut Vec<Mention>,
    ) {
        if self.patterns.is_empty() {
            return;
        }
        let matched = self.set.matches(slice);
        if !matched.matched_any() {
            return;
        }
        for i in matched.iter() {
            let p = &self.patterns[i];
            for caps in p.regex.captures_iter(slice) {
                let m = caps.get(0).expect("group 0 always matches");
                if m.is_empty() {
                    continue;
                }
                let range = base + m.start()..base + m.end();
                let mut d = Diagnostic::new(CODE, p.severity, range.clone(), p.message.clone());
                if let Some(template) = &p.replacement {
                    let mut replacement = String::new();
                    caps.expand(template, &mut replacement);
                    if replacement != m.as_str() {
                        d = d.with_fix(Fix::replace(range, replacement, Applicability::Safe));
                    }
                }
                out.push(d);
            }
        }
    }
}

/// Compiles every pattern of the merged rules. Patterns that do not compile
/// were already reported with their file and line when the file was read;
/// here they are reported again (without a line) and the family is left out.
pub fn build(rules: &RuleFile) -> Result<Box<dyn Check>, Vec<RuleError>> {
    let mut errors = Vec::new();
    let mut patterns = Vec::new();
    for p in &rules.patterns {
        match Regex::new(&p.pattern) {
            Ok(regex) => patterns.push(Pattern {
                regex,
                replacement: p.replacement.clone(),
                message: p.message.clone(),
                severity: p
                    .severity
                    .as_deref()
                    .and_then(Severity::parse)
                    .unwrap_or(Severity::Warning),
            }),
            Err(e) => errors.push(RuleError::new(
                "[[pattern]]",
                format!("pattern `{}` does not compile: {e}", p.pattern),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let set = RegexSet::new(patterns.iter().map(|p| p.regex.as_str())).map_err(|e| {
        vec![RuleError::new(
            "[[pattern]]",
            format!("patterns cannot be compiled together: {e}"),
        )]
    })?;
    Ok(Box::new(Checker { set, patterns }))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::rules::PatternRule;

    fn rule(pattern: &str, replacement: Option<&str>) -> PatternRule {
        PatternRule {
            pattern: pattern.into(),
            replacement: replacement.map(Into::into),
            message: "house style".into(),
            severity: None,
        }
    }

    fn check(patterns: Vec<PatternRule>, text: &str) -> Vec<Diagnostic> {
        let rules = RuleFile {
            patterns,
            ..RuleFile::default()
        };
        crate::checks::run_family(build, &rules, text, None)
    }

    #[test]
    fn flags_a_match_and_offers_a_safe_replacement() {
        let text = "The frigate HMS Argyle sailed.";
        let ds = check(vec![rule(r"\bHMS Argyle\b", Some("HMS Argyll"))], text);
        assert_eq!(ds.len(), 1);
        assert_eq!(&text[ds[0].range.clone()], "HMS Argyle");
        assert_eq!(ds[0].code, CODE);
        assert_eq!(ds[0].severity, Severity::Warning);
        assert_eq!(ds[0].fixes[0].applicability, Applicability::Safe);
        assert_eq!(
            crate::fix::apply(text, &ds, crate::fix::Which::Safe),
            "The frigate HMS Argyll sailed."
        );
    }

    #[test]
    fn replacement_groups_are_expanded() {
        let text = "We co-operate and co-ordinate.";
        let ds = check(vec![rule(r"\bco-(\w+)", Some("co$1"))], text);
        assert_eq!(
            crate::fix::apply(text, &ds, crate::fix::Which::Safe),
            "We cooperate and coordinate."
        );
    }

    #[test]
    fn code_is_not_prose() {
        let text = "`HMS Argyle` in code.\n\n```\nHMS Argyle\n```\n";
        assert!(check(vec![rule(r"HMS Argyle", Some("HMS Argyll"))], text).is_empty());
    }

    #[test]
    fn without_a_replacement_it_only_flags() {
        let ds = check(
            vec![rule(r"(?i)\bgoing forward\b", None)],
            "Going forward, we act.",
        );
        assert_eq!(ds.len(), 1);
        assert!(ds[0].fixes.is_empty());
    }

    #[test]
    fn only_matching_patterns_run_and_severity_is_read() {
        let mut strict = rule(r"\butilise\b", Some("use"));
        strict.severity = Some("error".into());
        let ds = check(
            vec![rule(r"\bnever-matches\b", None), strict],
            "We utilise 😀 and utilise.",
        );
        assert_eq!(ds.len(), 2);
        assert!(ds.iter().all(|d| d.severity == Severity::Error));
    }

    #[test]
    fn a_bad_pattern_is_an_error() {
        let rules = RuleFile {
            patterns: vec![rule("co-(operat", None)],
            ..RuleFile::default()
        };
        assert!(build(&rules).is_err());
    }
}
