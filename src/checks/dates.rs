//! Dates: impossible dates, weekdays that do not match their date, dates not
//! in GOV.UK form, and relative dates a reader cannot place.
//!
//! A press release is read long after it is written, and a wrong date is
//! the error readers notice first. This family reads every date shape in
//! prose (`8 January 2016`, `Friday 9th January 2016`, `January 8, 2016`,
//! `next December`) with one regular expression and checks each against the
//! calendar and the house form.
//!
//! Precision comes first. A month word counts only in a date shape, next to
//! a day number: `May 2017` alone is never read, and a month word after a
//! capitalised name or an honorific (`Theresa May 8, 2017`, `Mrs May 30`) is
//! taken to be a name. Lower-case `may` and `march` are verbs. A year without
//! a day is never checked. Abbreviated months (`8 Jan 2016`) count only with
//! a day and a year.
//!
//! Configured by `[dates]` in a rule file (see `rules/curated/dates.toml`);
//! without it the family is silent.

use std::ops::Range;

use jiff::civil::Date;

use super::{Check, Mention};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Rule, Severity};
use crate::rules::{DateConventions, RuleError, RuleFile};
use crate::text::dates::{
    self, format_gov_uk, month_name, month_number, weekday_name, Phrase, Written, MONTHS,
};
use crate::text::words::eq_ignore_case;

pub static DATE_INVALID: Rule = Rule {
    code: "date/invalid",
    summary: "A date that is not in the calendar",
    severity: Severity::Error,
    what: "Flags dates that cannot exist: `31 September 2017`, `29 February 2027` (not a leap \
           year), `30 February`, `32 March`. Without a year only a day past 31, or past the \
           longest the month can be (30 or 31 February, 31 April), is flagged.",
    why: "An impossible date is a typing slip that readers and journalists spot at once, and \
          it leaves them unsure which day was meant.",
    example: "The exercise ends on 31 September 2017.",
    fixed: Some("The exercise ends on 30 September 2017."),
    fix_safety: "No fix: only the writer knows which date was meant.",
    applicability: None,
};

pub static DATE_RELATIVE: Rule = Rule {
    code: "date/relative",
    summary: "A relative date (`next December`) with the date it stands for",
    severity: Severity::Hint,
    what: "Shows what `next December`, `last summer`, `this year` or `next month` means \
           counted from the document's own date (front matter, dateline or `today (…)`). \
           Only month, season and year phrases are read; nothing is shown when the document \
           states no date, or after `the` (`over the next year`, `the last May government`).",
    why: "Releases are read and quoted long after they are published. `Next December` \
          written in August 2017 may mean December 2017 or December 2018; the month and year \
          cannot be misread.",
    example: "HMS Argyll will deploy to the Pacific region next December.",
    fixed: Some("HMS Argyll will deploy to the Pacific region in December 2018."),
    fix_safety: "Display only: a suggestion for the editor's quick fix, never applied in bulk, \
                 because the phrase may mean the coming month rather than next year's.",
    applicability: Some(Applicability::DisplayOnly),
};

pub static DATE_FORMAT: Rule = Rule {
    code: "date/format",
    summary: "A date not written the GOV.UK way (`8 January 2016`)",
    severity: Severity::Warning,
    what: "Flags ordinals (`8th January 2016`), the US order (`January 8, 2016`, \
           `January 8th 2016`), abbreviated months (`8 Jan 2016`), `of` (`8th of January`) \
           and leading zeros (`08 January`). `8 January 2016`, `January 2016` and `in 2016` \
           are never flagged.",
    why: "GOV.UK style writes dates as day, month in full, year, with no `th` and no comma: \
          it is the easiest form to read and the same in every release.",
    example: "Posted on 8th January 2016; talks end on January 12, 2016.",
    fixed: Some("Posted on 8 January 2016; talks end on 12 January 2016."),
    fix_safety: "Safe: the fix writes the same date in house form.",
    applicability: Some(Applicability::Safe),
};

pub static DATE_WEEKDAY: Rule = Rule {
    code: "date/weekday",
    summary: "A weekday that does not match its date",
    severity: Severity::Error,
    what: "Flags a weekday written with a date it does not fall on: `Friday 9 January 2016` \
           (a Saturday), also `Friday, 9 January 2016`, `Friday 9th January 2016` and \
           `Friday January 9, 2016`. When the date has no year, the year nearest the \
           document's own date is used.",
    why: "A weekday and a date that disagree leave readers unsure which is right, and one \
          of them is wrong in print.",
    example: "Mr Hammond will arrive in Tokyo on Friday 9 January 2016.",
    fixed: Some("Mr Hammond will arrive in Tokyo on Saturday 9 January 2016."),
    fix_safety: "Unsafe: the fix changes the weekday to match the date, but the date may be \
                 what is wrong. Check both before accepting it.",
    applicability: Some(Applicability::Unsafe),
};

/// `8 January 2016`, or `8 January` without a year.
fn house_form(w: &Written<'_>) -> String {
    let month = month_name(w.month);
    match &w.year {
        Some((y, _)) => format!("{} {month} {y}", w.day),
        None => format!("{} {month}", w.day),
    }
}

/// What makes the date differ from the house form, in words.
fn format_faults(w: &Written<'_>) -> Vec<&'static str> {
    let mut faults = Vec::new();
    if w.us_order {
        faults.push("day before month");
    }
    if w.ordinal.is_some() {
        faults.push("no 'st', 'nd', 'rd' or 'th' after the day");
    }
    if w.of {
        faults.push("no 'of'");
    }
    if w.abbreviated {
        faults.push("month in full");
    }
    if w.day_text.len() > 1 && w.day_text.starts_with('0') {
        faults.push("no leading zero");
    }
    faults
}

struct Checker {
    conv: Option<DateConventions>,
}

impl Check for Checker {
    fn region(
        &self,
        region: &str,
        base: usize,
        date: Option<Date>,
        out: &mut Vec<Diagnostic>,
        _mentions: &mut Vec<Mention>,
    ) {
        let Some(conv) = &self.conv else {
            return;
        };
        let mut locs = dates::prose_locations();
        let mut at = 0;
        while let Some(found) = dates::find_in_prose(region, at, &mut locs) {
            let accepted = match &found.phrase {
                Phrase::Relative { kind, what } => relative(
                    conv,
                    date,
                    region,
                    base,
                    found.range.clone(),
                    (kind, what),
                    out,
                ),
                Phrase::Date(w) => {
                    check_date(conv, date, w, base, out);
                    true
                }
                Phrase::NotADate => false,
            };
            let start = found.range.start;
            at = if accepted {
                found.range.end
            } else {
                // Look again from the next character: a rejected
                // `May 8` may hide `8 June 2017`.
                start + region[start..].chars().next().map_or(1, char::len_utf8)
            };
            if at > region.len() {
                break;
            }
        }
    }
}

pub fn build(rules: &RuleFile) -> Result<Box<dyn Check>, Vec<RuleError>> {
    if rules.dates.is_some() {
        dates::prepare_prose_reader();
    }
    Ok(Box::new(Checker {
        conv: rules.dates.clone(),
    }))
}

fn check_date(
    conv: &DateConventions,
    doc_date: Option<Date>,
    w: &Written<'_>,
    base: usize,
    out: &mut Vec<Diagnostic>,
) {
    let at = |r: &Range<usize>| base + r.start..base + r.end;
    let span = w.span();
    // Impossible dates first: nothing else is said about them.
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
        None if w.day > 39 || w.day == 0 => return,
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
            format!("{} is not a date: {reason}", house_form(w)),
        ));
        return;
    }

    if conv.check_weekday {
        if let Some((range, written)) = &w.weekday {
            check_weekday(doc_date, w, at(range), written, out);
        }
    }

    let faults = format_faults(w);
    if !faults.is_empty() {
        let house = house_form(w);
        out.push(
            Diagnostic::new(
                &DATE_FORMAT,
                at(&span),
                format!("Write '{house}' ({})", faults.join(", ")),
            )
            .with_fix(Fix::replace(at(&span), house, Applicability::Safe)),
        );
    }
}

fn check_weekday(
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
            "{} {} is a {actual}, not a {written}, if it is in {} (the year nearest the document's date)",
            w.day,
            month_name(w.month),
            date.year()
        )
    } else {
        format!("{} is a {actual}, not a {written}", format_gov_uk(date))
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
fn relative(
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
    let dated = format!("document dated {}", format_gov_uk(doc));
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
    use super::*;

    use crate::fix::{apply, Which};
    use crate::text::{Document, Format};

    fn conventions() -> RuleFile {
        RuleFile {
            dates: Some(DateConventions {
                style: "gov.uk".into(),
                check_weekday: true,
                relative_hints: true,
            }),
            ..RuleFile::default()
        }
    }

    /// Findings for `text` as Markdown, dated as the text itself says.
    fn check_with(rules: &RuleFile, text: &str) -> Vec<Diagnostic> {
        let date = Document::parse(text, Format::Markdown).date;
        let mut out = crate::checks::run_family(build, rules, text, date);
        out.sort_by_key(|d| (d.range.start, d.code));
        out
    }

    fn check(text: &str) -> Vec<Diagnostic> {
        check_with(&conventions(), text)
    }

    /// `(code, flagged text)` for each finding.
    fn found(text: &str) -> Vec<(&'static str, &str)> {
        check(text)
            .into_iter()
            .map(|d| (d.code, &text[d.range]))
            .collect()
    }

    fn fixed(text: &str, which: Which) -> String {
        apply(text, &check(text), which)
    }

    const DATED_2016: &str = "---\ndate: 2016-08-31\n---\n";

    // date/invalid

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

    // date/weekday

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
        assert_eq!(found("Talks on Saturday, 9 January 2016."), vec![]);
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

    // date/format

    #[test]
    fn dates_are_written_the_gov_uk_way() {
        for (text, flagged, house) in [
            (
                "Posted on 8th January 2016.",
                "8th January 2016",
                "8 January 2016",
            ),
            (
                "Talks on January 8, 2016.",
                "January 8, 2016",
                "8 January 2016",
            ),
            (
                "Talks on January 8th 2016.",
                "January 8th 2016",
                "8 January 2016",
            ),
            ("Talks on 8 Jan 2016.", "8 Jan 2016", "8 January 2016"),
            ("Talks on 8 Sept. 2016.", "8 Sept. 2016", "8 September 2016"),
            (
                "Talks on the 8th of January.",
                "8th of January",
                "8 January",
            ),
            (
                "Talks on 08 January 2016.",
                "08 January 2016",
                "8 January 2016",
            ),
            ("Talks on May 8, the minister said.", "May 8", "8 May"),
            (
                "Friday the 8th of January 2016.",
                "the 8th of January 2016",
                "8 January 2016",
            ),
            ("Talks on 4–8th May 2016.", "8th May 2016", "8 May 2016"),
        ] {
            let ds = check(text);
            assert_eq!(ds.len(), 1, "{text}: {ds:?}");
            assert_eq!(
                (ds[0].code, &text[ds[0].range.clone()]),
                ("date/format", flagged)
            );
            assert_eq!(ds[0].severity, Severity::Warning);
            assert_eq!(ds[0].fixes[0].edits[0].replacement, house, "{text}");
            assert_eq!(ds[0].fixes[0].applicability, Applicability::Safe);
        }
    }

    #[test]
    fn the_format_message_says_what_to_write_and_why() {
        let ds = check("Talks on January 8th, 2016.");
        assert_eq!(
            ds[0].message,
            "Write '8 January 2016' (day before month, no 'st', 'nd', 'rd' or 'th' after the day)"
        );
    }

    #[test]
    fn house_dates_months_and_years_are_fine() {
        assert_eq!(
            found("On 8 January 2016, in January 2016 and in 2016, and on 8 January."),
            vec![]
        );
    }

    #[test]
    fn format_fixes_apply_safely() {
        let text = "Posted On: 8th January 2016. Talks end on Friday, January 15, 2016.";
        assert_eq!(
            fixed(text, Which::Safe),
            "Posted On: 8 January 2016. Talks end on Friday, 15 January 2016."
        );
    }

    #[test]
    fn weekday_and_format_fixes_apply_together() {
        let text = "Talks on Friday January 9th, 2016.";
        assert_eq!(
            fixed(text, Which::SafeAndUnsafe),
            "Talks on Saturday 9 January 2016."
        );
    }

    // date/relative

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

    // Names, verbs and code

    #[test]
    fn surnames_are_not_months() {
        for text in [
            "Prime Minister Theresa May 2017 visit.",
            "Theresa May 8, 2017 speech.",
            "Mrs May 30, she said.",
            "Mrs. May 30, she said.",
            "Ms March 12, he wrote.",
            "Mr August 3, they said.",
            "We may 8 times over; they march 9 miles.",
            "In May 8 people attended.",
            "Mrs May said in May 2017 that Jan 8 is fine.",
        ] {
            assert_eq!(found(text), vec![], "{text}");
        }
    }

    #[test]
    fn a_surname_does_not_hide_the_date_after_it() {
        let text = "Prime Minister Theresa May 8th June 2017 speech.";
        assert_eq!(found(text), vec![("date/format", "8th June 2017")]);
    }

    #[test]
    fn dates_after_words_that_introduce_them_are_dates() {
        assert_eq!(
            found("On May 8, 2017 we met. In the UK. May 9, 2017 too."),
            vec![
                ("date/format", "May 8, 2017"),
                ("date/format", "May 9, 2017")
            ]
        );
    }

    #[test]
    fn code_and_urls_are_not_checked() {
        let text = "Run `date -d '31 September 2017'` or see https://example.com/8th-January-2016.\n\n```\nFriday 9 January 2016\n```\n";
        assert_eq!(found(text), vec![]);
    }

    #[test]
    fn figures_and_times_are_not_days() {
        assert_eq!(
            found("At 10:31 June said; it cost £30 February's budget; v1.31 April build."),
            vec![]
        );
    }

    #[test]
    fn wide_characters_before_a_date_keep_spans_exact() {
        let text = "😀 安倍晋三 met on 8th January 2016 and on Friday 9 January 2016.";
        assert_eq!(
            found(text),
            vec![
                ("date/format", "8th January 2016"),
                ("date/weekday", "Friday"),
            ]
        );
        assert_eq!(
            fixed(text, Which::SafeAndUnsafe),
            "😀 安倍晋三 met on 8 January 2016 and on Saturday 9 January 2016."
        );
    }

    #[test]
    fn a_letter_of_any_script_touching_the_date_makes_it_no_date() {
        assert_eq!(found("é8th January 2016 and 8th Januaryé"), vec![]);
    }

    #[test]
    fn without_conventions_the_family_is_silent() {
        assert!(check_with(&RuleFile::default(), "It ends on 31 September 2017.").is_empty());
    }

    #[test]
    fn the_built_in_pack_checks_dates() {
        let text = "Posted on 8th January 2016.";
        let ds = crate::Engine::builtin().check(text, Format::Markdown);
        assert!(ds.iter().any(|d| d.code == "date/format"), "{ds:?}");
    }

    /// The engine dates a draft by the date on its [`Document`], read once
    /// at parse, not by reading the text again.
    #[test]
    fn the_engine_uses_the_date_on_the_document() {
        let text = "Talks on Saturday 8 January.\n";
        let engine = crate::Engine::builtin();
        let mut doc = Document::parse(text, Format::Markdown);
        assert_eq!(doc.date, None);
        assert!(engine.check_document(&doc).is_empty());
        doc.date = Document::parse("Published 5 January 2016\n", Format::Markdown).date;
        let ds = engine.check_document(&doc);
        assert_eq!(
            ds.iter()
                .map(|d| (d.code, &text[d.range.clone()]))
                .collect::<Vec<_>>(),
            vec![("date/weekday", "Saturday")]
        );
        let mut cache = crate::engine::CheckCache::default();
        assert_eq!(engine.check_incremental(&doc, &mut cache), ds);
    }

    #[test]
    fn every_code_is_documented() {
        for code in [
            "date/invalid",
            "date/weekday",
            "date/format",
            "date/relative",
        ] {
            assert!(crate::checks::rule_doc(code).is_some(), "{code}");
        }
    }

    mod fuzz {
        use super::*;
        use proptest::prelude::*;

        fn datey() -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                Just("Friday ".to_string()),
                Just("the ".to_string()),
                Just("31".to_string()),
                Just("9th ".to_string()),
                Just(" of ".to_string()),
                Just("May".to_string()),
                Just("Sept. ".to_string()),
                Just("January ".to_string()),
                Just("2016".to_string()),
                Just(", ".to_string()),
                Just("next ".to_string()),
                Just("winter".to_string()),
                Just("Mrs. ".to_string()),
                Just("\n".to_string()),
                Just("`".to_string()),
                Just("😀".to_string()),
                Just("é".to_string()),
                any::<String>(),
            ];
            proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
        }

        proptest! {
            #[test]
            fn never_panics_and_spans_fit(text in datey(), dated in any::<bool>()) {
                let text = if dated { format!("{DATED_2016}{text}") } else { text };
                for d in check(&text) {
                    prop_assert!(text.get(d.range.clone()).is_some());
                    for f in &d.fixes {
                        for e in &f.edits {
                            prop_assert!(text.get(e.range.clone()).is_some());
                        }
                    }
                }
                let _ = fixed(&text, Which::SafeAndUnsafe);
            }
        }
    }
}
