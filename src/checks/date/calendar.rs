//! `date/invalid` and `date/weekday`: is the date in the calendar, and does
//! its weekday fall on it?

use std::ops::Range;

use jiff::civil::Date;

use super::style::{format_day_month, format_full, house_form};
use super::{DATE_INVALID, DATE_WEEKDAY};
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::rules::DateStyle;
use crate::text::dates::{month_name, weekday_name, Written};

/// Flags `w` (in a region at `base`) when it cannot exist; whether anything
/// more may be said about it: not when it is impossible, nor when its day
/// is too large to be a day at all without a year (`45 May supporters`).
pub(super) fn check_possible(
    style: DateStyle,
    w: &Written<'_>,
    base: usize,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let at = |r: &Range<usize>| base + r.start..base + r.end;
    let span = w.span();
    let month_name = month_name(w.month);
    let invalid = match w.year.as_ref().map(|y| y.0) {
        Some(y) => Date::new(y, w.month, i8::try_from(w.day).unwrap_or(i8::MAX))
            .is_err()
            .then(|| {
                if w.day == 0 {
                    "there is no day 0".to_string()
                } else if w.day > 31 {
                    "no month has more than 31 days".to_string()
                } else if w.month == 2 && w.day == 29 {
                    format!("{y} is not a leap year")
                } else {
                    let days = Date::new(y, w.month, 1).map_or(30, |d| d.days_in_month());
                    format!("{month_name} has {days} days")
                }
            }),
        None if (32..=39).contains(&w.day) => Some("no month has more than 31 days".to_string()),
        None if w.day > 39 || w.day == 0 => return false,
        None => {
            let longest = match w.month {
                2 => 29,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            (w.day > longest).then(|| format!("{month_name} has at most {longest} days"))
        }
    };
    if let Some(reason) = invalid {
        out.push(Diagnostic::new(
            &DATE_INVALID,
            at(&span),
            format!("{} is not a date: {reason}", house_form(style, w, None)),
        ));
        return false;
    }
    true
}

/// Flags the weekday `written` (at `range`, in the document) when `w` does
/// not fall on it; without a year, in the year nearest the document's date.
pub(super) fn check_weekday(
    style: DateStyle,
    doc_date: Option<Date>,
    w: &Written<'_>,
    range: Range<usize>,
    written: &str,
    out: &mut Vec<Diagnostic>,
) {
    let day = i8::try_from(w.day).unwrap_or(i8::MAX);
    let (date, inferred) = match w.year.as_ref().map(|y| y.0) {
        Some(y) => match Date::new(y, w.month, day) {
            Ok(d) => (d, false),
            Err(_) => return,
        },
        None => match doc_date.and_then(|d| nearest(d, w.month, day)) {
            Some(d) => (d, true),
            None => return,
        },
    };
    let actual = weekday_name(date.weekday());
    if actual == written {
        return;
    }
    let message = if inferred {
        format!(
            "{} is a {actual}, not a {written}, if it is in {} (the year nearest the document's date)",
            format_day_month(style, w.month, w.day),
            date.year()
        )
    } else {
        format!(
            "{} is a {actual}, not a {written}",
            format_full(style, date)
        )
    };
    out.push(
        Diagnostic::new(&DATE_WEEKDAY, range.clone(), message).with_fix(Fix::replace(
            range,
            actual,
            Applicability::Unsafe,
        )),
    );
}

/// The day `month`/`day` nearest `doc` (within about half a year).
fn nearest(doc: Date, month: i8, day: i8) -> Option<Date> {
    let y = doc.year();
    [y.checked_sub(1), Some(y), y.checked_add(1)]
        .into_iter()
        .flatten()
        .filter_map(|y| Date::new(y, month, day).ok())
        .map(|d| (d.duration_since(doc).as_secs().unsigned_abs(), d))
        .min()
        .filter(|(secs, _)| *secs <= 190 * 86_400)
        .map(|(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::diagnostic::{Applicability, Severity};
    use crate::fix::Which;

    #[test]
    fn impossible_dates_are_errors() {
        for text in [
            "It ends on 31 September 2017.",
            "It ends on 29 February 2027.",
            "It ends on 30 February.",
            "It ends on 32 March.",
            "It ends on February 30, 2016.",
        ] {
            let ds = check(text);
            assert_eq!(ds.len(), 1, "{text}: {ds:?}");
            assert_eq!(ds[0].code, "date/invalid", "{text}");
            assert_eq!(ds[0].severity, Severity::Error);
            assert!(ds[0].fixes.is_empty());
        }
        let ds = check("It ends on 31 September 2017.");
        assert_eq!(
            ds[0].message,
            "31 September 2017 is not a date: September has 30 days"
        );
        let ds = check("It ends on 29 February 2027.");
        assert_eq!(
            ds[0].message,
            "29 February 2027 is not a date: 2027 is not a leap year"
        );
        assert_eq!(
            found("It ends on 32 March."),
            vec![("date/invalid", "32 March")]
        );
    }

    #[test]
    fn real_dates_are_not_invalid() {
        for text in [
            "On 29 February 2028 and 29 February, and 31 March.",
            "On 30 September 2017 and 31 December 2016.",
        ] {
            assert_eq!(found(text), vec![], "{text}");
        }
    }

    #[test]
    fn large_numbers_before_a_month_are_not_days() {
        assert_eq!(
            found("Over 45 May supporters and 100 March marchers."),
            vec![]
        );
        assert_eq!(
            found("The F-35 May flypast and the A-31 June roadworks."),
            vec![]
        );
    }

    #[test]
    fn a_weekday_that_does_not_match_is_an_error() {
        for text in [
            "Talks on Friday 9 January 2016.",
            "Talks on Friday, 9 January 2016.",
            "Talks on Friday 9th January 2016.",
            "Talks on Friday January 9, 2016.",
        ] {
            let ds: Vec<_> = check(text)
                .into_iter()
                .filter(|d| d.code == "date/weekday")
                .collect();
            assert_eq!(ds.len(), 1, "{text}");
            assert_eq!(&text[ds[0].range.clone()], "Friday", "{text}");
            assert_eq!(ds[0].message, "9 January 2016 is a Saturday, not a Friday");
            assert_eq!(ds[0].fixes[0].applicability, Applicability::Unsafe);
            assert_eq!(ds[0].fixes[0].edits[0].replacement, "Saturday");
        }
    }

    #[test]
    fn a_matching_weekday_is_fine() {
        assert_eq!(found("Talks on Friday 8 January 2016."), vec![]);
        assert_eq!(found("Talks on Saturday 9 January 2016."), vec![]);
        // GOV.UK puts no comma after the weekday; that is a matter of form.
        assert_eq!(
            found("Talks on Saturday, 9 January 2016."),
            vec![("date/format", "Saturday, 9 January 2016")]
        );
    }

    #[test]
    fn the_weekday_fix_is_unsafe_only() {
        let text = "Talks on Friday 9 January 2016.";
        assert_eq!(fixed(text, Which::Safe), text);
        assert_eq!(
            fixed(text, Which::SafeAndUnsafe),
            "Talks on Saturday 9 January 2016."
        );
    }

    #[test]
    fn a_weekday_without_a_year_uses_the_year_nearest_the_document() {
        let text = "Published 5 January 2016\n\nTalks on Saturday 8 January.\n";
        let ds = check(text);
        assert_eq!(ds.len(), 1, "{ds:?}");
        assert_eq!(&text[ds[0].range.clone()], "Saturday");
        assert!(ds[0]
            .message
            .starts_with("8 January is a Friday, not a Saturday"));
        // An undated document says nothing about it.
        assert_eq!(found("Talks on Saturday 8 January."), vec![]);
    }

    #[test]
    fn weekday_checks_can_be_turned_off() {
        let mut rules = conventions();
        rules.dates.as_mut().unwrap().check_weekday = false;
        assert!(check_with(&rules, "Talks on Friday 9 January 2016.").is_empty());
    }

    #[test]
    fn ap_dates_are_checked_and_restated_in_the_house_style() {
        use crate::rules::DateStyle;
        let text = "It is due Feb. 30, 2027, or Sept. 31, 2026; talks on Wednesday, Jan. 13, 2026.";
        let got = found_in(DateStyle::Ap, text);
        let got: Vec<_> = got.iter().map(|f| (f.0, f.1, f.2.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (
                    "date/invalid",
                    "Feb. 30, 2027",
                    "Feb. 30, 2027 is not a date: February has 28 days"
                ),
                (
                    "date/invalid",
                    "Sept. 31, 2026",
                    "Sept. 31, 2026 is not a date: September has 30 days"
                ),
                (
                    "date/weekday",
                    "Wednesday",
                    "Jan. 13, 2026 is a Tuesday, not a Wednesday"
                ),
            ]
        );
        let got = found_in(DateStyle::Us, "Talks on Wednesday, January 13, 2026.");
        assert_eq!(got[0].2, "January 13, 2026 is a Tuesday, not a Wednesday");
        let got = found_in(DateStyle::Iso, "Filed 2027-02-30.");
        assert_eq!(got[0].2, "2027-02-30 is not a date: February has 28 days");
    }
}
