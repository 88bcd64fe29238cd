//! `date/relative`: what `next December`, `last summer` or `this year`
//! stands for, counted from the document's own date.

use std::ops::Range;

use jiff::civil::Date;

use super::style::format_full;
use super::DATE_RELATIVE;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::rules::DateConventions;
use crate::text::dates::{month_name, month_number, MONTHS};
use crate::text::words::eq_ignore_case;

/// A stretch of the calendar a relative phrase can name: one month or a
/// season, which recurs every year.
struct Period {
    /// First month, 1–12.
    start: i8,
    /// Length in months.
    len: i8,
    name: &'static str,
}

impl Period {
    fn of(word: &str) -> Option<Period> {
        let season = |start, name| {
            Some(Period {
                start,
                len: 3,
                name,
            })
        };
        match word.to_ascii_lowercase().as_str() {
            "spring" => season(3, "spring"),
            "summer" => season(6, "summer"),
            "autumn" => season(9, "autumn"),
            "winter" => season(12, "winter"),
            _ => {
                let m = month_number(word)?;
                Some(Period {
                    start: m,
                    len: 1,
                    name: month_name(m),
                })
            }
        }
    }

    /// `December 2017`, `summer 2017`, `winter 2017 to 2018`, for the
    /// occurrence that starts in `year`.
    fn label(&self, year: i32) -> String {
        if self.start + self.len > 13 {
            format!("{} {year} to {}", self.name, year + 1)
        } else {
            format!("{} {year}", self.name)
        }
    }

    /// The occurrence (by starting year) that `next`, `last` or `this` names
    /// from `doc`, and another reading when the phrase is ambiguous.
    fn resolve(&self, kind: &str, doc: Date) -> (i32, Option<i32>) {
        let (y, m) = (i32::from(doc.year()), doc.month());
        let into = (m - self.start).rem_euclid(12);
        let kind = kind.to_ascii_lowercase();
        if into < self.len {
            // Inside it now.
            let k = if m >= self.start { y } else { y - 1 };
            return match kind.as_str() {
                "next" => (k + 1, None),
                "last" => (k - 1, None),
                _ => (k, None),
            };
        }
        if self.start > m {
            // Still to come this year: `next December` in August most often
            // means next year's, but may mean the coming one.
            match kind.as_str() {
                "next" => (y + 1, Some(y)),
                "last" => (y - 1, None),
                _ => (y, None),
            }
        } else {
            // Already past this year.
            match kind.as_str() {
                "next" => (y + 1, None),
                "last" => (y, Some(y - 1)),
                _ => (y, None),
            }
        }
    }
}

/// Hints what a relative phrase means; `false` when the match is not one to
/// hint on.
pub(super) fn hint(
    conv: &DateConventions,
    date: Option<Date>,
    region: &str,
    base: usize,
    range: Range<usize>,
    (kind, what): (&str, &str),
    out: &mut Vec<Diagnostic>,
) -> bool {
    let Range { start, end } = range;
    let (true, Some(doc)) = (conv.relative_hints, date) else {
        return true;
    };
    // `over the next year`, `the last May government`: a span of time or a
    // name, not a date.
    let before = region[..start].trim_end_matches([' ', '\t', '\r', '\n', '\u{A0}']);
    let last_word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    if eq_ignore_case(last_word, "the") {
        return true;
    }
    // `last May 8`, `next May 2017`: a date, or a name with a figure.
    let after = region[end..].trim_start_matches([' ', '\t', '\u{A0}']);
    if after.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let phrase = &region[start..end];
    let range = base + start..base + end;
    let dated = format!("document dated {}", format_full(conv.style, doc));
    let y = i32::from(doc.year());
    let diag = match what {
        "year" => {
            let year = match kind.to_ascii_lowercase().as_str() {
                "next" => y + 1,
                "last" => y - 1,
                _ => y,
            };
            Diagnostic::new(
                &DATE_RELATIVE,
                range,
                format!("{phrase} = {year} ({dated}); give the year itself"),
            )
        }
        "month" => {
            let offset: i32 = match kind.to_ascii_lowercase().as_str() {
                "next" => 1,
                "last" => -1,
                _ => 0,
            };
            let index = y * 12 + i32::from(doc.month()) - 1 + offset;
            let label = format!(
                "{} {}",
                MONTHS[index.rem_euclid(12) as usize],
                index.div_euclid(12)
            );
            Diagnostic::new(
                &DATE_RELATIVE,
                range,
                format!("{phrase} = {label} ({dated}); give the month and year itself"),
            )
        }
        _ => {
            let Some(period) = Period::of(what) else {
                return true;
            };
            let (year, other) = period.resolve(kind, doc);
            let label = period.label(year);
            let unit = if period.len == 1 { "month" } else { "season" };
            let message = match other {
                Some(o) => format!(
                    "{phrase} = {label} ({dated}), or {} if {} year's is meant; give the {unit} and year itself",
                    period.label(o),
                    if o == i32::from(doc.year()) { "this" } else { "last" },
                ),
                None => format!("{phrase} = {label} ({dated}); give the {unit} and year itself"),
            };
            let mut d = Diagnostic::new(&DATE_RELATIVE, range.clone(), message).with_fix(
                Fix::replace(range.clone(), label, Applicability::DisplayOnly),
            );
            if let Some(o) = other {
                d = d.with_fix(Fix::replace(
                    range,
                    period.label(o),
                    Applicability::DisplayOnly,
                ));
            }
            d
        }
    };
    out.push(diag);
    true
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::diagnostic::{Applicability, Severity};
    use crate::fix::Which;

    #[test]
    fn relative_months_are_resolved_against_the_document_date() {
        let text = format!("{DATED_2016}HMS Argyll will deploy next December.\n");
        let ds = check(&text);
        assert_eq!(ds.len(), 1);
        assert_eq!(
            (ds[0].code, &text[ds[0].range.clone()]),
            ("date/relative", "next December")
        );
        assert_eq!(ds[0].severity, Severity::Hint);
        assert_eq!(
            ds[0].message,
            "next December = December 2017 (document dated 31 August 2016), or December 2016 if this year's is meant; give the month and year itself"
        );
        assert_eq!(ds[0].fixes[0].applicability, Applicability::DisplayOnly);
        assert_eq!(ds[0].fixes[0].edits[0].replacement, "December 2017");
        // Display-only fixes are never applied in bulk.
        assert_eq!(fixed(&text, Which::SafeAndUnsafe), text);
    }

    #[test]
    fn relative_phrases() {
        let text = format!(
            "{DATED_2016}Troops exercise next year. Last summer was dry. \
             Last March too. This winter is cold. Next month we sail. Last December it rained.\n"
        );
        let ds = check(&text);
        let got: Vec<(&str, &str)> = ds
            .iter()
            .map(|d| {
                (
                    &text[d.range.clone()],
                    d.message.split(" (").next().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("next year", "next year = 2017"),
                ("Last summer", "Last summer = summer 2015"),
                ("Last March", "Last March = March 2016"),
                ("This winter", "This winter = winter 2016 to 2017"),
                ("Next month", "Next month = September 2016"),
                ("Last December", "Last December = December 2015"),
            ]
        );
    }

    #[test]
    fn relative_hints_need_a_document_date_and_the_setting() {
        assert_eq!(found("HMS Argyll will deploy next December."), vec![]);
        let mut rules = conventions();
        rules.dates.as_mut().unwrap().relative_hints = false;
        let text = format!("{DATED_2016}HMS Argyll will deploy next December.\n");
        assert!(check_with(&rules, &text).is_empty());
    }

    #[test]
    fn spans_of_time_and_governments_are_not_relative_dates() {
        let text = format!(
            "{DATED_2016}Over the next year, the last May government and the next March on \
             London were discussed, and last May 8, 2016 too.\n"
        );
        assert_eq!(found(&text), vec![("date/format", "May 8, 2016")]);
    }

    #[test]
    fn the_document_date_is_restated_in_the_house_style() {
        let text = "HARBORVIEW, Ore. (Sept. 10, 2026) — Crews will finish next month.\n";
        let got = found_in(crate::rules::DateStyle::Ap, text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].2.contains("(document dated Sept. 10, 2026)"),
            "{}",
            got[0].2
        );
    }
}
