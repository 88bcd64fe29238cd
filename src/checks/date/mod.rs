//! Dates: impossible dates, weekdays that do not match their date, dates not
//! in GOV.UK form, and relative dates a reader cannot place.
//!
//! A press release is read long after it is written, and a wrong date is
//! the error readers notice first. This family reads every date shape in
//! prose (`8 January 2016`, `Friday 9th January 2016`, `January 8, 2016`,
//! `next December`) with the crate's one date reader
//! ([`crate::text::dates`], which scans each region once) and checks each
//! against the calendar and the house form.
//!
//! Precision comes first, and the reader sees to it: a month word counts
//! only in a date shape, next to a day number; `May 2017` alone is never
//! read, and a month word after a capitalised name or an honorific
//! (`Theresa May 8, 2017`, `Mrs May 30`) is taken to be a name. Lower-case
//! `may` and `march` are verbs. A year without a day is never checked.
//! Abbreviated months (`8 Jan 2016`) count only with a day and a year.
//!
//! One job per file: this one holds the rules, the family and the scan;
//! [`calendar`] says whether a date exists and whether its weekday is
//! right, [`style`] whether it is written the house way, and [`relative`]
//! what a relative phrase stands for.
//!
//! Configured by `[dates]` in a rule file (see `rules/curated/dates.toml`);
//! without it the family is silent.

mod calendar;
mod relative;
mod style;

use jiff::civil::Date;

use super::{Check, Mention};
use crate::diagnostic::{Applicability, Diagnostic, Rule, Severity};
use crate::rules::{DateConventions, RuleError, RuleFile};
use crate::text::dates::{self, Phrase, Written};

// The family's rules, as `checks::FAMILIES` lists them.

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
    fixed: None,
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
    // The example states its own date (`today (…)`): without one there is
    // nothing to count from, and nothing is shown.
    example: "Speaking today (31 August 2017), the Defence Secretary said HMS Argyll will \
              deploy to the Pacific region from next December.",
    fixed: Some(
        "Speaking today (31 August 2017), the Defence Secretary said HMS Argyll will deploy \
         to the Pacific region from December 2018.",
    ),
    fix_safety: "Display only: a suggestion for the editor's quick fix, never applied in bulk, \
                 because the phrase may mean the coming month rather than next year's.",
    applicability: Some(Applicability::DisplayOnly),
};

pub static DATE_FORMAT: Rule = Rule {
    code: "date/format",
    summary: "A date not written in the house's date style (`8 January 2016`, `Jan. 8, 2016`)",
    severity: Severity::Warning,
    what: "Flags a date written in another form than the house's `[dates] style`. GOV.UK \
           (`8 January 2016`, `Friday 8 January 2016`): ordinals (`8th January 2016`), the \
           US order (`January 8, 2016`), abbreviated months (`8 Jan 2016`), `of` \
           (`8th of January`), leading zeros (`08 January`) and a comma after the weekday. AP \
           (`Jan. 8, 2016`, `Tuesday, Jan. 13, 2016`): Jan., Feb., Aug., Sept., Oct., Nov. and \
           Dec. abbreviated with their full stop, March to July in full, a comma before the \
           year and after the weekday. US (`January 8, 2016`): every month in full. ISO \
           (`2016-01-08`): figures. `January 2016` and `in 2016` are never flagged, nor an \
           ISO date in a house of another style (headers and data write them). A date in figures \
           (`29/09/2026`) is flagged, with the house form, only when its figures settle which is \
           the day (one is over 12, or both are the same).",
    why: "A house writes dates one way: it is the easiest form for its readers and the same \
          in every release.",
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

/// The compiled family: the house's date conventions, if it has any.
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
                Phrase::Relative { kind, what } => relative::hint(
                    conv,
                    date,
                    region,
                    base,
                    found.range.clone(),
                    (kind, what),
                    out,
                ),
                Phrase::Date(w) => {
                    check_date(conv, date, w, region, base, out);
                    true
                }
                Phrase::Figures { day, month, year } => {
                    let range = base + found.range.start..base + found.range.end;
                    style::check_figures(conv.style, (*day, *month, *year), range, out);
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

/// The findings for one date `w` in `region`, at `base` in the document:
/// an impossible date is only that; a possible one may have a wrong
/// weekday and a form that is not the house's. Messages write dates in the
/// house's style.
fn check_date(
    conv: &DateConventions,
    doc_date: Option<Date>,
    w: &Written<'_>,
    region: &str,
    base: usize,
    out: &mut Vec<Diagnostic>,
) {
    // Impossible dates first: nothing else is said about them.
    if !calendar::check_possible(conv.style, w, base, out) {
        return;
    }
    if conv.check_weekday {
        if let Some((range, written)) = &w.weekday {
            let range = base + range.start..base + range.end;
            calendar::check_weekday(conv.style, doc_date, w, range, written, out);
        }
    }
    style::check_format(conv.style, w, region, base, out);
}

/// What the family's tests share, on top of [`crate::checks::testing`]: the
/// conventions, and the findings and fixes for a text dated as it says.
#[cfg(test)]
mod testing {
    use super::build;
    use crate::checks::testing::{linter, lints_in};
    use crate::diagnostic::Diagnostic;
    use crate::fix::{apply, Which};
    use crate::rules::{DateConventions, RuleFile};
    use crate::text::{Document, Format};

    pub(super) fn conventions() -> RuleFile {
        RuleFile {
            dates: Some(DateConventions {
                style: crate::rules::DateStyle::GovUk,
                check_weekday: true,
                relative_hints: true,
                evidence: Default::default(),
            }),
            ..RuleFile::default()
        }
    }

    /// Findings for `text` as Markdown, dated as the text itself says.
    pub(super) fn check_with(rules: &RuleFile, text: &str) -> Vec<Diagnostic> {
        let date = Document::parse(text, Format::Markdown).date;
        let mut out = lints_in(text, &linter(build, rules), Format::Markdown, date);
        out.sort_by_key(|d| (d.range.start, d.code));
        out
    }

    pub(super) fn check(text: &str) -> Vec<Diagnostic> {
        check_with(&conventions(), text)
    }

    /// The conventions of a house that writes dates in `style`.
    pub(super) fn in_style(style: crate::rules::DateStyle) -> RuleFile {
        let mut rules = conventions();
        if let Some(d) = &mut rules.dates {
            d.style = style;
        }
        rules
    }

    /// `(code, flagged text, message, first fix's replacement)` for each
    /// finding in a house that writes dates in `style`.
    pub(super) fn found_in(
        style: crate::rules::DateStyle,
        text: &str,
    ) -> Vec<(&'static str, &str, String, Option<String>)> {
        check_with(&in_style(style), text)
            .into_iter()
            .map(|d| {
                let fix = d.fixes.first().map(|f| f.edits[0].replacement.clone());
                (d.code, &text[d.range], d.message, fix)
            })
            .collect()
    }

    /// `(code, flagged text)` for each finding.
    pub(super) fn found(text: &str) -> Vec<(&'static str, &str)> {
        check(text)
            .into_iter()
            .map(|d| (d.code, &text[d.range]))
            .collect()
    }

    pub(super) fn fixed(text: &str, which: Which) -> String {
        apply(text, &check(text), which)
    }

    pub(super) const DATED_2016: &str = "---\ndate: 2016-08-31\n---\n";
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;
    use crate::fix::Which;
    use crate::text::{Document, Format};

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

    /// A US dateline dates the draft, so a weekday without a year is
    /// placed in the dateline's year, and the message is in AP form.
    #[test]
    fn an_ap_dateline_dates_the_draft_for_weekdays_without_a_year() {
        let text = "HARBORVIEW, Ore. (Jan. 8, 2026) — The hearing is on Wednesday, Jan. 13.\n";
        let got = found_in(crate::rules::DateStyle::Ap, text);
        let got: Vec<_> = got.iter().map(|f| (f.0, f.1, f.2.as_str())).collect();
        assert_eq!(
            got,
            vec![(
                "date/weekday",
                "Wednesday",
                "Jan. 13 is a Tuesday, not a Wednesday, if it is in 2026 (the year nearest the document's date)"
            )]
        );
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
