//! `event/year`: events given the year the approved documents give them.
//!
//! Learned events are those the corpus always gives one year (`2020 Tokyo
//! Olympics`); recurring events seen with several years are never learned,
//! so `2023 Rugby World Cup` is not flagged in a corpus that shows both.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use jiff::civil::Date;

use super::{Check, Mention};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Rule, Severity};
use crate::rules::{EventRule, RuleError, RuleFile};
use crate::text::words::is_whole_word;

pub static EVENT_YEAR: Rule = Rule {
code: "event/year",
summary: "Events carry the year the approved documents give them",
severity: Severity::Warning,
what: "Flags a year written before a known event that differs from the year the approved documents always give it.",
why: "A wrong year on a named event (`2019 Tokyo Olympics`) is a factual error that a reader spots at once.",
example: "cyber security ahead of the 2019 Tokyo Olympics",
fixed: Some("cyber security ahead of the 2020 Tokyo Olympics"),
fix_safety: "Unsafe: the draft may mean another edition of the event that the approved documents do not mention.",
    applicability: Some(Applicability::Unsafe),
};

struct Events {
    events: Vec<EventRule>,
    ac: Option<AhoCorasick>,
}

pub fn build(rules: &RuleFile) -> Result<Box<dyn Check>, Vec<RuleError>> {
    let events = rules.events.clone();
    let ac = if events.is_empty() {
        None
    } else {
        Some(
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build(events.iter().map(|e| e.event.as_str()))
                .map_err(|e| {
                    vec![RuleError::new(
                        "events",
                        format!("cannot compile events: {e}"),
                    )]
                })?,
        )
    };
    Ok(Box::new(Events { events, ac }))
}

impl Check for Events {
    fn region(
        &self,
        text: &str,
        base: usize,
        _date: Option<Date>,
        out: &mut Vec<Diagnostic>,
        _mentions: &mut Vec<Mention>,
    ) {
        let Some(ac) = &self.ac else { return };
        for m in ac.find_iter(text) {
            if !is_whole_word(text, m.start(), m.end()) || m.start() < 5 {
                continue;
            }
            let before = &text.as_bytes()[m.start() - 5..m.start()];
            if before[4] != b' '
                || !before[..4].iter().all(u8::is_ascii_digit)
                || (m.start() > 5 && text.as_bytes()[m.start() - 6].is_ascii_alphanumeric())
            {
                continue;
            }
            let year_range = m.start() - 5..m.start() - 1;
            let Ok(year) = text[year_range.clone()].parse::<i32>() else {
                continue;
            };
            let rule = &self.events[m.pattern().as_usize()];
            if year == rule.year {
                continue;
            }
            let range = base + year_range.start..base + year_range.end;
            out.push(
                Diagnostic::new(
                    &EVENT_YEAR,
                    range.clone(),
                    format!(
                        "The approved documents give the {} as {} {}, not {year}.",
                        rule.event, rule.year, rule.event
                    ),
                )
                .with_fix(Fix::replace(
                    range,
                    rule.year.to_string(),
                    Applicability::Unsafe,
                ))
                .with_evidence(
                    rule.evidence
                        .describe(&format!("{} {}", rule.year, rule.event)),
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::checks::testing::{
        assert_lint_count, assert_suggestion_result, flagged, linter, Linter,
    };
    use crate::rules::Evidence;

    fn events() -> Linter {
        let rules = RuleFile {
            events: vec![EventRule {
                event: "Tokyo Olympics".into(),
                year: 2020,
                evidence: Evidence {
                    seen: 2,
                    documents: vec!["a".into(), "b".into()],
                },
            }],
            ..RuleFile::default()
        };
        linter(build, &rules)
    }

    #[test]
    fn wrong_year_is_flagged_with_the_right_one() {
        let text = "ahead of the 2019 Tokyo Olympics.";
        assert_eq!(flagged(text, &events()), ["2019"]);
        assert_suggestion_result(text, &events(), "ahead of the 2020 Tokyo Olympics.");
    }

    #[test]
    fn right_year_or_no_year_is_not() {
        assert_lint_count(
            "ahead of the 2020 Tokyo Olympics and the Tokyo Olympics in 2020.",
            &events(),
            0,
        );
        assert_lint_count("Room 12019 Tokyo Olympics", &events(), 0);
    }
}
