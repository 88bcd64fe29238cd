//! `date/format`: a date written the house's way: GOV.UK `8 January 2016`,
//! AP `Jan. 8, 2016`, US `January 8, 2016` or ISO `2016-01-08`, as the
//! house's `[dates] style` says.

use super::DATE_FORMAT;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::rules::DateStyle;
use crate::text::dates::{ap_month_name, month_name, Written};

/// Flags `w` (in `region`, at `base` in the document) when it is not in
/// the house form, with the house form as a safe fix.
pub(super) fn check_format(
    style: DateStyle,
    w: &Written<'_>,
    region: &str,
    base: usize,
    out: &mut Vec<Diagnostic>,
) {
    let mut faults = format_faults(style, w);
    let weekday_fault = w.weekday.is_some()
        && wants_weekday_comma(style).is_some_and(|comma| comma != w.weekday_comma);
    if weekday_fault {
        faults.push(if w.weekday_comma {
            "no comma after the weekday"
        } else {
            "a comma after the weekday"
        });
    }
    if faults.is_empty() {
        return;
    }
    let span = w.span();
    let mut range = base + span.start..base + span.end;
    let mut edit = range.clone();
    let mut house = house_form(style, w, Some(region));
    // A weekday with the wrong punctuation after it is part of the
    // finding; the fix starts after the weekday's own word, so that it
    // never overlaps a `date/weekday` fix of that word.
    if let Some((wd, _)) = &w.weekday {
        if weekday_fault {
            let gap = region.get(wd.end..span.start).unwrap_or(" ");
            let comma = if w.weekday_comma { "" } else { "," };
            house = format!("{comma}{}{house}", separator(gap));
            range.start = base + wd.start;
            edit.start = base + wd.end;
        }
    }
    let shown = house_form(style, w, None);
    out.push(
        Diagnostic::new(
            &DATE_FORMAT,
            range,
            format!("Write '{shown}' ({})", faults.join(", ")),
        )
        .with_fix(Fix::replace(edit, house, Applicability::Safe)),
    );
}

/// Flags a date in figures (`29/09/2026`, at `range` in the document),
/// whose day, month and year the reader has settled, with the house form
/// as a safe fix. An ISO house is told to write it as ISO.
pub(super) fn check_figures(
    style: DateStyle,
    (day, month, year): (u8, i8, i16),
    range: std::ops::Range<usize>,
    out: &mut Vec<Diagnostic>,
) {
    let house = format_date(style, month, day, Some(year), " ", " ");
    let why = if style == DateStyle::Iso {
        "year, month and day, in that order"
    } else {
        "the month in words"
    };
    out.push(
        Diagnostic::new(
            &DATE_FORMAT,
            range.clone(),
            format!("Write '{house}' ({why})"),
        )
        .with_fix(Fix::replace(range, house, Applicability::Safe)),
    );
}

/// Whether the style puts a comma after a weekday (`Tuesday, Jan. 13`);
/// `None` when it says nothing about weekdays.
fn wants_weekday_comma(style: DateStyle) -> Option<bool> {
    match style {
        DateStyle::GovUk => Some(false),
        DateStyle::Ap | DateStyle::Us => Some(true),
        DateStyle::Iso => None,
    }
}

/// What stands between two parts of a date: a line break if the writer
/// broke the line there, else a space.
fn separator(gap: &str) -> &'static str {
    if gap.contains('\n') {
        "\n"
    } else {
        " "
    }
}

/// `w` in house form, without its weekday: `8 January 2016`,
/// `Jan. 8, 2016`, `January 8`, `2016-01-08`. With `region` (the text `w`
/// was read in), a line break the writer put between two parts stays
/// there; without it, the parts are joined by spaces, as messages show
/// them. An ISO house's date without a year is shown in GOV.UK form.
pub(super) fn house_form(style: DateStyle, w: &Written<'_>, region: Option<&str>) -> String {
    let gap = |a: usize, b: usize| {
        region
            .and_then(|r| r.get(a.min(b)..b))
            .map_or(" ", separator)
    };
    let day_end = w.ordinal.as_ref().map_or(w.day_range.end, |o| o.end);
    // The gaps between the first and second parts, and before the year.
    let (first, before_year) = if w.iso {
        (" ", " ")
    } else if w.us_order {
        (
            gap(w.month_range.end, w.day_range.start),
            w.year.as_ref().map_or(" ", |(_, y)| gap(day_end, y.start)),
        )
    } else {
        (
            gap(day_end, w.month_range.start),
            w.year
                .as_ref()
                .map_or(" ", |(_, y)| gap(w.month_range.end, y.start)),
        )
    };
    let year = w.year.as_ref().map(|(y, _)| *y);
    format_date(style, w.month, w.day, year, first, before_year)
}

/// A date in `style`, its parts joined by `first` and `before_year`.
fn format_date(
    style: DateStyle,
    month: i8,
    day: u8,
    year: Option<i16>,
    first: &str,
    before_year: &str,
) -> String {
    match (style, year) {
        (DateStyle::Iso, Some(y)) => format!("{y:04}-{month:02}-{day:02}"),
        (DateStyle::GovUk | DateStyle::Iso, _) => {
            let m = month_name(month);
            match year {
                Some(y) => format!("{day}{first}{m}{before_year}{y}"),
                None => format!("{day}{first}{m}"),
            }
        }
        (DateStyle::Ap | DateStyle::Us, _) => {
            let m = if style == DateStyle::Ap {
                ap_month_name(month)
            } else {
                month_name(month)
            };
            match year {
                Some(y) => format!("{m}{first}{day},{before_year}{y}"),
                None => format!("{m}{first}{day}"),
            }
        }
    }
}

/// A calendar date in `style`, for messages: `8 January 2016`,
/// `Jan. 8, 2016`.
pub(super) fn format_full(style: DateStyle, date: jiff::civil::Date) -> String {
    let day = u8::try_from(date.day()).unwrap_or(1);
    format_date(style, date.month(), day, Some(date.year()), " ", " ")
}

/// A day and month in `style`, for messages: `8 January`, `Jan. 8`.
pub(super) fn format_day_month(style: DateStyle, month: i8, day: u8) -> String {
    format_date(style, month, day, None, " ", " ")
}

/// What makes the date differ from the house form, in words.
fn format_faults(style: DateStyle, w: &Written<'_>) -> Vec<&'static str> {
    let mut faults = Vec::new();
    if style == DateStyle::Iso {
        // Only a full date can be written as ISO.
        if !w.iso && w.year.is_some() {
            faults.push("year, month and day as figures");
        }
        return faults;
    }
    if w.iso {
        // ISO dates stand in headers and data (`Press release
        // 2026-01-27`) in houses of every style; they are not prose.
        return faults;
    }
    let month_first = style != DateStyle::GovUk;
    if w.us_order && !month_first {
        faults.push("day before month");
    }
    if !w.us_order && month_first {
        faults.push("month before day");
    }
    if w.ordinal.is_some() {
        faults.push("no 'st', 'nd', 'rd' or 'th' after the day");
    }
    if w.of {
        faults.push("no 'of'");
    }
    match style {
        DateStyle::Ap => {
            let want = ap_month_name(w.month);
            if w.month_text != want {
                faults.push(if want.ends_with('.') {
                    "the month abbreviated the AP way"
                } else {
                    "the month in full"
                });
            }
        }
        _ => {
            if w.abbreviated {
                faults.push("month in full");
            }
        }
    }
    if w.day_text.len() > 1 && w.day_text.starts_with('0') {
        faults.push("no leading zero");
    }
    // A date in the other order is rewritten whole; its comma is part of
    // the order.
    if w.year.is_some() && w.us_order == month_first {
        if month_first && !w.year_comma {
            faults.push("a comma before the year");
        }
        if !month_first && w.year_comma {
            faults.push("no comma before the year");
        }
    }
    faults
}
#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::diagnostic::{Applicability, Severity};
    use crate::fix::Which;

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
            "Posted On: 8 January 2016. Talks end on Friday 15 January 2016."
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

    use crate::rules::DateStyle;

    /// `(flagged, fix)` for each `date/format` finding in a `style` house.
    fn format_in(style: DateStyle, text: &str) -> Vec<(String, String)> {
        found_in(style, text)
            .into_iter()
            .filter(|f| f.0 == "date/format")
            .map(|(_, t, _, fix)| (t.to_string(), fix.unwrap_or_default()))
            .collect()
    }

    /// The text after the safe fixes in a `style` house.
    fn fixed_in(style: DateStyle, text: &str, which: Which) -> String {
        let ds = check_with(&in_style(style), text);
        crate::fix::apply(text, &ds, which)
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn an_ap_house_writes_jan_dot_and_march_in_full() {
        let text = "Talks on Jan. 8, 2026, on March 3, 2026 and on Tuesday, Sept. 15, 2026. \
                    then January 8, 2026, 8 January 2026, Mar. 3, 2026, Sept 10, 2026, \
                    Sep. 10, 2026, Aug. 4 2026 and Tuesday Sept. 15, 2026.";
        assert_eq!(
            format_in(DateStyle::Ap, text),
            pairs(&[
                ("January 8, 2026", "Jan. 8, 2026"),
                ("8 January 2026", "Jan. 8, 2026"),
                ("Mar. 3, 2026", "March 3, 2026"),
                ("Sept 10, 2026", "Sept. 10, 2026"),
                ("Sep. 10, 2026", "Sept. 10, 2026"),
                ("Aug. 4 2026", "Aug. 4, 2026"),
                ("Tuesday Sept. 15, 2026", ", Sept. 15, 2026"),
            ])
        );
    }

    #[test]
    fn an_ap_date_without_a_year_is_read_with_its_full_stop() {
        assert_eq!(
            format_in(
                DateStyle::Ap,
                "It opens on Sept. 10 and closes on October 2."
            ),
            pairs(&[("October 2", "Oct. 2")])
        );
    }

    #[test]
    fn a_us_house_writes_every_month_in_full() {
        let text = "On January 8, 2026, Jan. 8, 2026, March 3, 2026 and 3 March 2026.";
        assert_eq!(
            format_in(DateStyle::Us, text),
            pairs(&[
                ("Jan. 8, 2026", "January 8, 2026"),
                ("3 March 2026", "March 3, 2026"),
            ])
        );
    }

    #[test]
    fn an_iso_house_writes_figures_and_other_houses_leave_iso_alone() {
        let text = "Filed 2026-01-08, heard on 8 January 2026.";
        assert_eq!(
            format_in(DateStyle::Iso, text),
            pairs(&[("8 January 2026", "2026-01-08")])
        );
        assert_eq!(
            format_in(DateStyle::GovUk, "Press release 2026-01-27"),
            vec![]
        );
        assert_eq!(format_in(DateStyle::Ap, "Press release 2026-01-27"), vec![]);
    }

    #[test]
    fn a_line_break_inside_a_date_stays_where_it_was() {
        let text = "The department said on Thursday, Sept 10,\n2026, that it had.";
        assert_eq!(
            format_in(DateStyle::Ap, text),
            pairs(&[("Sept 10,\n2026", "Sept. 10,\n2026")])
        );
    }

    #[test]
    fn a_gov_uk_weekday_takes_no_comma() {
        let text = "Talks on Tuesday, 22 September 2026 and Tuesday 29 September 2026.";
        assert_eq!(
            format_in(DateStyle::GovUk, text),
            pairs(&[("Tuesday, 22 September 2026", " 22 September 2026")])
        );
        assert_eq!(
            fixed_in(DateStyle::GovUk, text, Which::Safe),
            "Talks on Tuesday 22 September 2026 and Tuesday 29 September 2026."
        );
        // With a wrong weekday, both fixes apply.
        assert_eq!(
            fixed_in(
                DateStyle::GovUk,
                "On Monday, 22 September 2026.",
                Which::SafeAndUnsafe
            ),
            "On Tuesday 22 September 2026."
        );
        assert_eq!(
            fixed_in(
                DateStyle::Ap,
                "On Monday Sept. 22, 2026.",
                Which::SafeAndUnsafe
            ),
            "On Tuesday, Sept. 22, 2026."
        );
    }

    #[test]
    fn the_message_is_in_the_house_style() {
        let got = found_in(DateStyle::Ap, "Talks on August 31, 2026.");
        assert_eq!(
            got[0].2,
            "Write 'Aug. 31, 2026' (the month abbreviated the AP way)"
        );
        let got = found_in(DateStyle::Us, "Talks on 31 August 2026.");
        assert_eq!(got[0].2, "Write 'August 31, 2026' (month before day)");
    }

    #[test]
    fn clean_dates_in_each_style_are_fine() {
        for (style, text) in [
            (
                DateStyle::Ap,
                "On Tuesday, Jan. 13, 2026, on March 3, 2026, on Sept. 10 and in May.",
            ),
            (
                DateStyle::Us,
                "On Tuesday, January 13, 2026 and on March 3.",
            ),
            (DateStyle::Iso, "On 2026-01-13 and on 8 January."),
            (
                DateStyle::GovUk,
                "On Tuesday 13 January 2026 and on 3 March.",
            ),
        ] {
            assert_eq!(found_in(style, text), vec![], "{style}: {text}");
        }
    }

    #[test]
    fn a_date_in_figures_is_written_in_the_house_form() {
        let text = "The deadline is 29/09/2026; the form is 05/06/2026.";
        assert_eq!(
            format_in(DateStyle::GovUk, text),
            pairs(&[("29/09/2026", "29 September 2026")])
        );
        assert_eq!(
            format_in(DateStyle::Ap, text),
            pairs(&[("29/09/2026", "Sept. 29, 2026")])
        );
        assert_eq!(
            format_in(DateStyle::Iso, text),
            pairs(&[("29/09/2026", "2026-09-29")])
        );
    }
}
