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
what: "Flags a year written before a known event that differs from the year the approved documents always give it. A dated draft may name a later edition up to the year after its own (an annual event announced ahead); an earlier year is always flagged.",
why: "A wrong year on a named event (`2019 Tokyo Olympics`) is a factual error that a reader spots at once.",
example: "cyber security ahead of the 2019 Tokyo Olympics",
fixed: Some("cyber security ahead of the 2020 Tokyo Olympics"),
fix_safety: "Unsafe: the draft may mean another edition of the event that the approved documents do not mention.",
    applicability: Some(Applicability::Unsafe),
};

/// Whether `year` may be a later edition of an event the approved documents
/// know only as `learned`: a draft dated in or after the learned year may
/// announce the next edition (`2027 Harborview Marathon` in a September 2026
/// draft), which no approved document could have named yet. An undated
/// draft, a year before the learned one, or one beyond next year is still
/// flagged.
fn later_edition(year: i32, learned: i32, date: Option<Date>) -> bool {
    date.is_some_and(|d| {
        let now = i32::from(d.year());
        year > learned && now >= learned && year <= now + 1
    })
}

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
        date: Option<Date>,
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
            if year == rule.year || later_edition(year, rule.year, date) {
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
    fn a_dated_draft_may_announce_the_next_edition() {
        use crate::checks::testing::lints_in;
        use crate::text::meta::{DateSource, DocDate};
        use crate::text::Format;
        let dated = |y: i16| {
            Some(DocDate {
                date: jiff::civil::date(y, 9, 14),
                range: 0..0,
                source: DateSource::FrontMatter,
            })
        };
        let found =
            |text: &str, y: i16| lints_in(text, &events(), Format::Markdown, dated(y)).len();
        // Announced in 2020 for the next year: not flagged.
        assert_eq!(found("Tickets for the 2021 Tokyo Olympics.", 2020), 0);
        // An earlier year, a year beyond the next, or an undated draft: flagged.
        assert_eq!(found("Tickets for the 2019 Tokyo Olympics.", 2020), 1);
        assert_eq!(found("Tickets for the 2023 Tokyo Olympics.", 2020), 1);
        assert_eq!(
            flagged("Tickets for the 2021 Tokyo Olympics.", &events()),
            ["2021"]
        );
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
