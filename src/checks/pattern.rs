//! Curated substitutions written as regular expressions (`[[pattern]]`).
//!
//! A house often has rules no learner will find: a phrase it never uses, a
//! misspelling it keeps meeting. People write those as patterns in
//! `curated/*.toml`. All patterns are compiled once into a [`RegexSet`], so a
//! prose region is scanned once to learn which patterns match at all; only
//! those patterns' own regexes then run to find where.

use regex::{Regex, RegexSet};

use jiff::civil::Date;

use super::{Check, Mention};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Rule, Severity};
use crate::rules::{RuleError, RuleFile};

pub static PATTERN_CUSTOM: Rule = Rule {
    code: "pattern/custom",
    summary: "text matches a curated pattern",
    severity: Severity::Warning,
    what: "Flags prose that matches a `[[pattern]]` rule written in the pack's curated files, \
       with the rule's own message, and offers the rule's replacement when it has one. The \
       example is flagged by the pattern `\\bHMS Argyle\\b` with the replacement `HMS Argyll`.",
    why: "Some house conventions are not in any approved document's statistics: a phrase the \
      house never uses, a misspelling reviewers keep correcting. A curated pattern states \
      such a rule once, and every draft is held to it.",
    example: "The frigate HMS Argyle sailed.",
    fixed: Some("The frigate HMS Argyll sailed."),
    fix_safety: "Safe when the rule gives a replacement: a person wrote both the pattern and its \
             replacement. Rules without a replacement only flag, and so does a rule whose \
             replacement the rule itself would replace again (`$0 $0`, `foo` → `foo bar`): \
             such a fix would grow the text every time it is applied.",
    applicability: Some(Applicability::Safe),
};

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
                let mut d = Diagnostic::new(&PATTERN_CUSTOM, range.clone(), p.message.clone())
                    .with_severity(p.severity);
                if let Some(template) = &p.replacement {
                    if let Some(replacement) = settling_fix(p, template, slice, &caps) {
                        d = d.with_fix(Fix::replace(range, replacement, Applicability::Safe));
                    }
                }
                out.push(d);
            }
        }
    }
}

/// Bytes of text kept on each side of a fix when [`settling_fix`] looks at
/// the result: enough for `\b`, `^` and the like to see what surrounds it.
const CONTEXT: usize = 64;

/// The most a single replacement may add to the text. Every `$` of the
/// template may stand for up to the whole match, so a template with several
/// over a long match (`$0 $0` over a whole paragraph) is not even expanded.
const MAX_GROWTH: usize = 64 * 1024;

/// The fix for the match `caps` in `slice`: the expanded replacement, or
/// `None` when there is nothing to fix (the replacement is the match) or
/// when the fix would not settle.
///
/// A fix does not settle when, put in place, the same rule matches at the
/// same place (overlapping the replacement) and would replace that match
/// with something else again: `$0 $0`, `foo` → `foo bar`, `colour` →
/// `colours` grow the text every round of `--fix` (and of the editor's
/// fix-all) without end. Such a finding is still reported, without a fix. A
/// match that expands to itself is fine (`(?i)\bhms\b` → `HMS` matches
/// `HMS` again, and leaves it alone), and so is a fix that makes the text
/// shorter: repeated, it must stop (`  ` → ` ` on three spaces).
fn settling_fix(
    p: &Pattern,
    template: &str,
    slice: &str,
    caps: &regex::Captures<'_>,
) -> Option<String> {
    let m = caps.get(0)?;
    let dollars = template.bytes().filter(|&b| b == b'$').count();
    if dollars.saturating_sub(1).saturating_mul(m.len()) > MAX_GROWTH {
        return None;
    }
    let mut replacement = String::new();
    caps.expand(template, &mut replacement);
    if replacement == m.as_str() {
        return None;
    }
    if replacement.len() < m.len() {
        return Some(replacement);
    }
    // The rule run again over the fixed text around the match.
    let mut from = m.start().saturating_sub(CONTEXT);
    while !slice.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = m.end().saturating_add(CONTEXT).min(slice.len());
    while !slice.is_char_boundary(to) {
        to += 1;
    }
    let before = &slice[from..m.start()];
    let window = [before, &replacement, &slice[m.end()..to]].concat();
    let (start, end) = (before.len(), before.len() + replacement.len());
    for again in p.regex.find_iter(&window) {
        if again.start() >= end {
            break;
        }
        if again.end() <= start || again.is_empty() {
            continue;
        }
        let Some(caps) = p.regex.captures_at(&window, again.start()) else {
            continue;
        };
        let mut next = String::new();
        caps.expand(template, &mut next);
        if next != caps[0] {
            return None;
        }
    }
    Some(replacement)
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
                severity: p.severity.unwrap_or(Severity::Warning),
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

    use crate::checks::testing::{
        assert_lint_count, assert_suggestion_result, linter, lints, Linter,
    };
    use crate::rules::PatternRule;

    fn rule(pattern: &str, replacement: Option<&str>) -> PatternRule {
        PatternRule {
            pattern: pattern.into(),
            replacement: replacement.map(Into::into),
            message: "house style".into(),
            severity: None,
        }
    }

    fn patterns(patterns: Vec<PatternRule>) -> Linter {
        let rules = RuleFile {
            patterns,
            ..RuleFile::default()
        };
        linter(build, &rules)
    }

    #[test]
    fn flags_a_match_and_offers_a_safe_replacement() {
        let text = "The frigate HMS Argyle sailed.";
        let argyll = patterns(vec![rule(r"\bHMS Argyle\b", Some("HMS Argyll"))]);
        let ds = lints(text, &argyll);
        assert_eq!(ds.len(), 1);
        assert_eq!(&text[ds[0].range.clone()], "HMS Argyle");
        assert_eq!(ds[0].code, PATTERN_CUSTOM.code);
        assert_eq!(ds[0].severity, Severity::Warning);
        assert_eq!(ds[0].fixes[0].applicability, Applicability::Safe);
        assert_suggestion_result(text, &argyll, "The frigate HMS Argyll sailed.");
    }

    #[test]
    fn replacement_groups_are_expanded() {
        assert_suggestion_result(
            "We co-operate and co-ordinate.",
            &patterns(vec![rule(r"\bco-(\w+)", Some("co$1"))]),
            "We cooperate and coordinate.",
        );
    }

    #[test]
    fn code_is_not_prose() {
        let text = "`HMS Argyle` in code.\n\n```\nHMS Argyle\n```\n";
        assert_lint_count(
            text,
            &patterns(vec![rule(r"HMS Argyle", Some("HMS Argyll"))]),
            0,
        );
    }

    #[test]
    fn without_a_replacement_it_only_flags() {
        let ds = lints(
            "Going forward, we act.",
            &patterns(vec![rule(r"(?i)\bgoing forward\b", None)]),
        );
        assert_eq!(ds.len(), 1);
        assert!(ds[0].fixes.is_empty());
    }

    #[test]
    fn only_matching_patterns_run_and_severity_is_read() {
        let mut strict = rule(r"\butilise\b", Some("use"));
        strict.severity = Some(Severity::Error);
        let ds = lints(
            "We utilise 😀 and utilise.",
            &patterns(vec![rule(r"\bnever-matches\b", None), strict]),
        );
        assert_eq!(ds.len(), 2);
        assert!(ds.iter().all(|d| d.severity == Severity::Error));
    }

    /// The replacement offered for each finding (`None`: flag only).
    fn offered(pattern: &str, replacement: &str, text: &str) -> Vec<Option<String>> {
        lints(text, &patterns(vec![rule(pattern, Some(replacement))]))
            .iter()
            .map(|d| d.fixes.first().map(|f| f.edits[0].replacement.clone()))
            .collect()
    }

    #[test]
    fn a_replacement_the_rule_would_replace_again_is_not_offered() {
        // Each of these grows the text on every round of --fix.
        let text = "Foo went to the colour show.";
        assert_eq!(offered(r"(?s).+", "$0 $0", text), [None]);
        assert_eq!(offered(r"\bFoo\b", "Foo Bar", text), [None]);
        assert_eq!(offered(r"colour", "colours", text), [None]);
        assert_eq!(offered(r"\w+", "${0}s", "one two"), [None, None]);
        // What precedes the match counts: `aab` → `abb` matches at 0.
        assert_eq!(offered("ab", "bb", "aab"), [None]);
        assert_eq!(offered("ab", "bb", "cab"), [Some("bb".to_string())]);
    }

    #[test]
    fn fixes_that_settle_are_offered() {
        // Matches again, but expands to itself: a fixed point.
        assert_eq!(
            offered(r"(?i)\bhms\b", "HMS", "the hms Argyll"),
            [Some("HMS".to_string())]
        );
        // Matches again, but shorter each time: it stops.
        assert_eq!(offered("  ", " ", "a   b"), [Some(" ".to_string())]);
        // Longer, and not a match any more.
        assert_eq!(
            offered(r"\bUK\b", "United Kingdom", "the UK said"),
            [Some("United Kingdom".to_string())]
        );
    }

    #[test]
    fn a_huge_expansion_is_not_offered() {
        let text = "word ".repeat(100_000);
        let ds = lints(&text, &patterns(vec![rule(r"(?s).+", Some("$0$0$0"))]));
        assert_eq!(ds.len(), 1);
        assert!(ds[0].fixes.is_empty());
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
