//! `date/format`: a date written the house (GOV.UK) way, `8 January 2016`.

use super::DATE_FORMAT;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::text::dates::{month_name, Written};

/// Flags `w` (in a region at `base`) when it is not in house form, with the
/// house form as a safe fix.
pub(super) fn check_format(w: &Written<'_>, base: usize, out: &mut Vec<Diagnostic>) {
    let span = w.span();
    let span = base + span.start..base + span.end;
    let faults = format_faults(w);
    if !faults.is_empty() {
        let house = house_form(w);
        out.push(
            Diagnostic::new(
                &DATE_FORMAT,
                span.clone(),
                format!("Write '{house}' ({})", faults.join(", ")),
            )
            .with_fix(Fix::replace(span.clone(), house, Applicability::Safe)),
        );
    }
}

/// `8 January 2016`, or `8 January` without a year.
pub(super) fn house_form(w: &Written<'_>) -> String {
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
}
