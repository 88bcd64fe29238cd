//! Learning the house date style from the dates in the corpus's prose.
//!
//! Every date the prose reader ([`crate::text::dates`], the reader the
//! checks use) finds in a document's prose is sorted by its form:
//!
//! - `gov.uk`: day before a month in full (`8 January 2026`,
//!   `Tuesday 27 January 2026`);
//! - `ap`: an AP abbreviation with its full stop before the day
//!   (`Jan. 8, 2026`, `Sept. 10`);
//! - `us`: a month that AP abbreviates written in full before the day
//!   (`January 8, 2026`);
//! - `ap or us`: March to July before the day (`March 3, 2026`), which both
//!   write alike;
//! - `iso`: `2026-01-08`.
//!
//! Dates in no house's form (`8th January`, `Jan 8, 2026`, `08 May`) are
//! not counted. The decision is made in two steps, each by the evidence
//! policy ([`decide`]): first the order (day first, month first, or ISO),
//! counting `ap or us` with the month-first forms; then, for a month-first
//! house, AP against US on the dates that tell them apart. A corpus that
//! shows no clear winner at either step learns no style: the checks then
//! use the built-in one.

use std::collections::BTreeMap;

use super::evidence::{decide, Tally, Verdict};
use super::Corpus;
use crate::rules::{DateConventions, DateStyle, RuleFile};
use crate::text::dates::{ap_month_name, find_in_prose, prose_locations, Phrase, Written};

/// The form of a date written the same way in AP and US style.
pub const AP_OR_US: &str = "ap or us";

const DAY_FIRST: &str = "day first";
const MONTH_FIRST: &str = "month first";

/// The form `w` is written in (see the module documentation), or `None`
/// when it is in no house's form.
pub fn form_of(w: &Written<'_>) -> Option<&'static str> {
    if w.iso {
        return Some(DateStyle::Iso.as_str());
    }
    let leading_zero = w.day_text.len() > 1 && w.day_text.starts_with('0');
    if w.ordinal.is_some() || w.of || leading_zero {
        return None;
    }
    if !w.us_order {
        return (!w.abbreviated && !w.year_comma).then_some(DateStyle::GovUk.as_str());
    }
    let ap = ap_month_name(w.month);
    if w.abbreviated {
        (w.month_text == ap).then_some(DateStyle::Ap.as_str())
    } else if ap.ends_with('.') {
        Some(DateStyle::Us.as_str())
    } else {
        Some(AP_OR_US)
    }
}

/// Learns the house date style from `corpus`: a `[dates]` table with the
/// style and its evidence, or none.
pub fn learn(corpus: &Corpus) -> RuleFile {
    let mut forms = Tally::default();
    let mut locs = prose_locations();
    for doc in &corpus.docs {
        for (_, slice) in doc.prose_slices() {
            let mut at = 0;
            while let Some(found) = find_in_prose(slice, at, &mut locs) {
                let start = found.range.start;
                at = match &found.phrase {
                    Phrase::Date(w) => {
                        if let Some(form) = form_of(w) {
                            forms.add(form, &doc.id);
                        }
                        found.range.end
                    }
                    Phrase::Relative { .. } | Phrase::Figures { .. } => found.range.end,
                    Phrase::NotADate => {
                        start + slice[start..].chars().next().map_or(1, char::len_utf8)
                    }
                };
                if at > slice.len() {
                    break;
                }
            }
        }
    }
    let mut file = RuleFile::default();
    if let Some(style) = style_of(&forms) {
        file.dates = Some(DateConventions {
            style,
            check_weekday: true,
            relative_hints: true,
            evidence: forms
                .forms
                .iter()
                .map(|(form, stats)| (form.clone(), stats.evidence()))
                .collect::<BTreeMap<_, _>>(),
        });
    }
    file
}

/// The style the counted `forms` show, by the two steps of the module
/// documentation.
fn style_of(forms: &Tally) -> Option<DateStyle> {
    let mut order = Tally::default();
    for (form, stats) in &forms.forms {
        let key = match form.as_str() {
            "gov.uk" => DAY_FIRST,
            "iso" => "iso",
            _ => MONTH_FIRST,
        };
        let entry = order.forms.entry(key.to_string()).or_default();
        entry.seen += stats.seen;
        entry.docs.extend(stats.docs.iter().cloned());
    }
    let Verdict::Preferred(first) = decide(&order) else {
        return None;
    };
    match first.as_str() {
        DAY_FIRST => Some(DateStyle::GovUk),
        "iso" => Some(DateStyle::Iso),
        _ => {
            let mut telling = Tally::default();
            for style in [DateStyle::Ap, DateStyle::Us] {
                if let Some(stats) = forms.forms.get(style.as_str()) {
                    telling
                        .forms
                        .insert(style.as_str().to_string(), stats.clone());
                }
            }
            match decide(&telling) {
                Verdict::Preferred(s) => DateStyle::from_name(&s),
                _ => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learned(texts: &[(&str, &str)]) -> Option<DateConventions> {
        learn(&Corpus::from_texts(texts.iter().copied())).dates
    }

    #[test]
    fn an_ap_house_learns_ap_with_its_evidence() {
        let got = learned(&[
            (
                "a.txt",
                "Talks began on Jan. 8, 2026, and end on March 3, 2026.",
            ),
            ("b.txt", "The ship returned on Tuesday, Feb. 24, 2026."),
            (
                "c.txt",
                "The plan is due Sept. 10 and the hearing is on May 5, 2026.",
            ),
        ])
        .expect("a style");
        assert_eq!(got.style, DateStyle::Ap);
        let ap = &got.evidence["ap"];
        assert_eq!(
            (ap.seen, ap.documents.clone()),
            (3, vec!["a".into(), "b".into(), "c".into()])
        );
        assert_eq!(got.evidence[AP_OR_US].seen, 2);
        assert!(!got.evidence.contains_key("us"));
    }

    #[test]
    fn a_us_house_learns_us() {
        let got = learned(&[
            ("a.txt", "Talks began on January 8, 2026."),
            (
                "b.txt",
                "It opened on February 24, 2026 and closed on June 1, 2026.",
            ),
            ("c.txt", "Filed on Jan. 3, 2026."),
        ]);
        assert_eq!(got.map(|d| d.style), Some(DateStyle::Us));
    }

    #[test]
    fn a_gov_uk_house_learns_gov_uk_despite_iso_headers() {
        let got = learned(&[
            (
                "a.txt",
                "Press release 2026-01-27\n\nThe council met on Tuesday 27 January 2026.",
            ),
            (
                "b.txt",
                "Ravnsby, 24 February 2026 – Work began on 3 March 2026.",
            ),
            ("c.txt", "The minister spoke on 7 April 2026."),
        ]);
        assert_eq!(got.map(|d| d.style), Some(DateStyle::GovUk));
    }

    #[test]
    fn an_iso_house_learns_iso() {
        let got = learned(&[
            ("a.txt", "Filed on 2026-01-27 and heard on 2026-02-03."),
            ("b.txt", "Decided on 2026-03-01."),
        ]);
        assert_eq!(got.map(|d| d.style), Some(DateStyle::Iso));
    }

    #[test]
    fn no_clear_style_learns_nothing() {
        // One document is not a house habit.
        assert_eq!(
            learned(&[("a.txt", "On Jan. 8, 2026."), ("b.txt", "No dates.")]),
            None
        );
        // Day first and month first in as many documents.
        assert_eq!(
            learned(&[
                ("a.txt", "On 8 January 2026."),
                ("b.txt", "On 9 January 2026."),
                ("c.txt", "On Jan. 8, 2026."),
                ("d.txt", "On Jan. 9, 2026."),
            ]),
            None
        );
        // Month first, but only in months that AP and US write alike.
        assert_eq!(
            learned(&[("a.txt", "On March 3, 2026."), ("b.txt", "On May 5, 2026.")]),
            None
        );
        // Forms of no house are not counted.
        assert_eq!(
            learned(&[
                ("a.txt", "On 8th January 2026."),
                ("b.txt", "On 9th January 2026.")
            ]),
            None
        );
    }

    /// The seeds write one date with a day in their prose (`Posted On:
    /// 8th January 2016`, in no house's form): that is no evidence of a
    /// style, so none is learned and the built-in `gov.uk` table applies.
    #[test]
    fn the_seeds_show_no_date_style_and_the_built_in_one_stays() {
        let (corpus, errors) = Corpus::read(&["seeds".into()]);
        assert!(errors.is_empty());
        assert_eq!(learn(&corpus).dates, None);
        let builtin = crate::Engine::builtin();
        let ds = builtin.check("Talks on January 8, 2016.", crate::text::Format::Markdown);
        assert!(ds.iter().any(|d| d.code == "date/format"), "{ds:?}");
    }
}
