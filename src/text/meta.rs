//! The date a document speaks from, and the calendar words dates are made of.
//!
//! A draft's date is what `next December` and `Friday 8 January` are
//! measured against, and what the corpus learner uses to say when a rule
//! held. It is taken, in order, from:
//!
//! 1. YAML front matter: `date: 2017-08-31` (quoted, with a time, or written
//!    out as `31 August 2017`); failing that `published:`.
//! 2. A dateline in the first 15 lines: `Published 31 August 2017`,
//!    `Posted On: 8th January 2016`, `Updated: 8 January 2016`, or a line that
//!    is only a date (`8 January 2016`, `Friday 8 January 2016`,
//!    `January 8, 2016`). A "published" or "posted" line wins over a bare
//!    date, which wins over an "updated" line.
//! 3. Anywhere: `today (8 January 2016)` or `today (Friday 8 January 2016)`.
//!
//! Only real calendar dates count (`31 September 2017` is not one). The text
//! may be anything scraped from the web, so nothing here panics on any input.

use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::{Date, Weekday};
use regex::Regex;

/// Where a document's date was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    FrontMatter,
    Dateline,
    Today,
}

/// A document's date and the bytes it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocDate {
    pub date: Date,
    pub range: Range<usize>,
    pub source: DateSource,
}

/// Month names in GOV.UK form, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The month (1–12) a full or abbreviated month name stands for, in any
/// case: `January`, `jan`, `Sept`, `SEP`. A trailing full stop is ignored.
pub fn month_number(word: &str) -> Option<i8> {
    let word = word.strip_suffix('.').unwrap_or(word);
    if word.len() < 3 || word.len() > 9 {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    if lower == "sept" {
        return Some(9);
    }
    MONTHS.iter().zip(1..).find_map(|(name, n)| {
        let full = name.to_ascii_lowercase();
        (lower == full || (lower.len() == 3 && full.starts_with(&lower))).then_some(n)
    })
}

/// The full English name of a weekday.
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

/// A date as GOV.UK writes it: `8 January 2016`.
pub fn format_gov_uk(date: Date) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[(date.month() - 1) as usize],
        date.year()
    )
}

/// The date a document speaks from, if it states one.
///
/// `front_matter` is the byte range of the YAML block (fences included), as
/// [`crate::text::Document`] finds it; a range that does not fit `text` is
/// ignored.
pub fn document_date(text: &str, front_matter: Option<Range<usize>>) -> Option<DocDate> {
    let fm = front_matter.filter(|r| text.get(r.clone()).is_some());
    if let Some(found) = fm.clone().and_then(|r| from_front_matter(text, r)) {
        return Some(found);
    }
    let body = fm.map_or(0, |r| r.end);
    from_dateline(text, body).or_else(|| from_today(text, body))
}

/// The alternatives of a date phrase with a year, as regex source. Group
/// names end in `suffix` so the phrase can appear twice in one pattern.
fn phrase_pattern(suffix: &str) -> String {
    const WEEKDAY: &str = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
    const MONTH: &str = "(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)";
    format!(
        r"(?:{WEEKDAY},?\s+(?:the\s+)?)?(?:(?P<d{suffix}>[0-9]{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m{suffix}>{MONTH})\.?,?\s+(?P<y{suffix}>[0-9]{{4}})|(?P<mm{suffix}>{MONTH})\.?\s+(?P<dd{suffix}>[0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<yy{suffix}>[0-9]{{4}}))(?-u:\b)"
    )
}

/// A date phrase at the start of a string.
static PHRASE_AT_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)\A{}", phrase_pattern(""))).unwrap());

/// A dateline label followed by a date.
static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?P<label>published|posted|issued|released|dated|date|last\s+updated|updated)(?:\s+on)?\s*:?\s*{}",
        phrase_pattern("")
    ))
    .unwrap()
});

/// `today (8 January 2016)`.
static TODAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)today\s*\(\s*{}\s*\)",
        phrase_pattern("")
    ))
    .unwrap()
});

/// What may follow a date on a line that is only a date: a time, a zone,
/// punctuation.
static DATE_LINE_REST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\A[\s,.;:–—-]*(?:(?:at\s+)?[0-9]{1,2}(?:[:.][0-9]{2})?\s*(?:am|pm)?\s*(?:GMT|BST|UTC|Z)?)?[\s.]*\z")
        .unwrap()
});

/// The date in a match of a pattern built by [`phrase_pattern`], and the
/// range (in the haystack) from the day or month to the year.
fn phrase_date(caps: &regex::Captures<'_>) -> Option<(Date, Range<usize>)> {
    let (d, m, y) = match (caps.name("d"), caps.name("m"), caps.name("y")) {
        (Some(d), Some(m), Some(y)) => (d, m, y),
        _ => (caps.name("dd")?, caps.name("mm")?, caps.name("yy")?),
    };
    let date = Date::new(
        y.as_str().parse().ok()?,
        month_number(m.as_str())?,
        d.as_str().parse().ok()?,
    )
    .ok()?;
    Some((date, d.start().min(m.start())..y.end()))
}

fn from_front_matter(text: &str, fm: Range<usize>) -> Option<DocDate> {
    let block = text.get(fm.clone())?;
    for key in ["date", "published"] {
        let mut pos = 0;
        for line in block.split_inclusive('\n') {
            let start = fm.start + pos;
            pos += line.len();
            let Some(rest) = strip_key(line, key) else {
                continue;
            };
            let value_start = start + (line.len() - rest.len());
            let value = rest.trim_end();
            let lead = value.len() - value.trim_start().len();
            let value = value.trim_start();
            let (value, quote) = match value.as_bytes().first() {
                Some(b'"') | Some(b'\'') => (&value[1..], 1),
                _ => (value, 0),
            };
            let at = value_start + lead + quote;
            if let Some((date, len)) = iso_date(value) {
                return Some(DocDate {
                    date,
                    range: at..at + len,
                    source: DateSource::FrontMatter,
                });
            }
            if let Some(caps) = PHRASE_AT_START.captures(value) {
                if let Some((date, r)) = phrase_date(&caps) {
                    return Some(DocDate {
                        date,
                        range: at + r.start..at + r.end,
                        source: DateSource::FrontMatter,
                    });
                }
            }
        }
    }
    None
}

/// `key:` at the start of a (top-level) YAML line, case-insensitively; the
/// text after the colon.
fn strip_key<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let head = line.get(..key.len())?;
    if !head.eq_ignore_ascii_case(key) {
        return None;
    }
    line[key.len()..]
        .trim_start_matches([' ', '\t'])
        .strip_prefix(':')
}

/// `2017-08-31`, optionally followed by a time (`T10:00:00Z`, ` 10:00`);
/// the date and the length of its ten bytes.
fn iso_date(value: &str) -> Option<(Date, usize)> {
    let b = value.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: Range<usize>| -> Option<i16> {
        let s = value.get(r)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if b.get(10)
        .is_some_and(|c| c.is_ascii_alphanumeric() && *c != b'T')
    {
        return None;
    }
    let date = Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()?;
    Some((date, 10))
}

/// How a dateline line was introduced; lower is better.
fn label_rank(label: &str) -> u8 {
    if label.to_ascii_lowercase().contains("updated") {
        2
    } else {
        0
    }
}

fn from_dateline(text: &str, body: usize) -> Option<DocDate> {
    const LINES: usize = 15;
    /// Longer lines are paragraphs, not datelines; only their start is read.
    const LONGEST: usize = 400;
    let mut best: Option<(u8, DocDate)> = None;
    let mut pos = body;
    for line in text.get(body..)?.split_inclusive('\n').take(LINES) {
        let start = pos;
        pos += line.len();
        let mut end = line.len().min(LONGEST);
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        let line = &line[..end];
        let mut found: Option<(u8, Date, Range<usize>)> = None;
        if let Some(caps) = LABELLED.captures(line) {
            if let Some((date, r)) = phrase_date(&caps) {
                found = Some((label_rank(&caps["label"]), date, r));
            }
        }
        if found.is_none() {
            // A line that is only a date, after Markdown markers.
            let trimmed = line.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '#' | '*' | '_' | '>' | '-' | '|')
            });
            let lead = line.len() - trimmed.len();
            if let Some(caps) = PHRASE_AT_START.captures(trimmed) {
                let all = caps.get(0).map_or(0..0, |m| m.range());
                let rest = trimmed[all.end..].trim_end_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '*' | '_' | '|' | '#')
                });
                if DATE_LINE_REST.is_match(rest) {
                    if let Some((date, r)) = phrase_date(&caps) {
                        found = Some((1, date, lead + r.start..lead + r.end));
                    }
                }
            }
        }
        if let Some((rank, date, r)) = found {
            if best.as_ref().is_none_or(|(b, _)| rank < *b) {
                best = Some((
                    rank,
                    DocDate {
                        date,
                        range: start + r.start..start + r.end,
                        source: DateSource::Dateline,
                    },
                ));
            }
            if rank == 0 {
                break;
            }
        }
    }
    best.map(|(_, d)| d)
}

fn from_today(text: &str, body: usize) -> Option<DocDate> {
    let rest = text.get(body..)?;
    TODAY.captures_iter(rest).find_map(|caps| {
        let (date, r) = phrase_date(&caps)?;
        Some(DocDate {
            date,
            range: body + r.start..body + r.end,
            source: DateSource::Today,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Document, Format};
    use jiff::civil::date;

    /// The date of `text` as the engine finds it, and the text it came from.
    fn dated(text: &str) -> Option<(Date, &str, DateSource)> {
        let doc = Document::parse(text, Format::Markdown);
        let found = document_date(text, doc.front_matter.clone())?;
        Some((found.date, &text[found.range.clone()], found.source))
    }

    #[test]
    fn front_matter_date() {
        let got = dated("---\ntitle: Visit\ndate: 2017-08-31\n---\nText.\n");
        assert_eq!(
            got,
            Some((date(2017, 8, 31), "2017-08-31", DateSource::FrontMatter))
        );
    }

    #[test]
    fn front_matter_date_quoted_or_with_a_time() {
        for (fm, want) in [
            ("date: \"2017-08-31\"", "2017-08-31"),
            ("date: '2017-08-31'", "2017-08-31"),
            ("date: 2017-08-31T10:00:00Z", "2017-08-31"),
            ("Date:   2017-08-31 10:00", "2017-08-31"),
            ("date: 31 August 2017", "31 August 2017"),
            ("published: 2017-08-31", "2017-08-31"),
        ] {
            let text = format!("---\n{fm}\n---\n\nBody.\n");
            let got = dated(&text).unwrap_or_else(|| panic!("{fm}"));
            assert_eq!((got.0, got.1), (date(2017, 8, 31), want), "{fm}");
        }
    }

    #[test]
    fn front_matter_wins_over_a_dateline() {
        let got = dated("---\ndate: 2017-08-31\n---\nPublished 8 January 2016\n");
        assert_eq!(got.map(|g| g.0), Some(date(2017, 8, 31)));
    }

    #[test]
    fn an_impossible_front_matter_date_falls_through() {
        let got = dated("---\ndate: 2017-09-31\n---\nPublished 8 January 2016\n");
        assert_eq!(got.map(|g| g.0), Some(date(2016, 1, 8)));
    }

    #[test]
    fn datelines() {
        for (line, want) in [
            ("Published 31 August 2017", date(2017, 8, 31)),
            ("Posted On: 8th January 2016", date(2016, 1, 8)),
            ("Updated: 8 January 2016", date(2016, 1, 8)),
            ("8 January 2016", date(2016, 1, 8)),
            ("Friday 8 January 2016", date(2016, 1, 8)),
            ("January 8, 2016", date(2016, 1, 8)),
            ("*8 January 2016*", date(2016, 1, 8)),
            ("8 January 2016 at 10:30am", date(2016, 1, 8)),
            (
                "From: Ministry of Defence, Published 31 August 2017",
                date(2017, 8, 31),
            ),
        ] {
            let text = format!(
                "Defence collaboration with Japan\n\n{line}\n\nPrime Minister Theresa May said.\n"
            );
            let got = dated(&text).unwrap_or_else(|| panic!("no date in {line:?}"));
            assert_eq!((got.0, got.2), (want, DateSource::Dateline), "{line}");
        }
    }

    #[test]
    fn the_dateline_range_covers_the_date_only() {
        let text = "Title\n\nPosted On: 8th January 2016\n";
        assert_eq!(dated(text).unwrap().1, "8th January 2016");
    }

    #[test]
    fn published_wins_over_updated() {
        let text = "Title\nLast updated 1 September 2017\nPublished 31 August 2017\n";
        assert_eq!(dated(text).map(|g| g.0), Some(date(2017, 8, 31)));
    }

    #[test]
    fn a_date_inside_a_sentence_is_not_a_dateline() {
        let text = "Title\n\nHMS Argyll will deploy on 8 January 2016 to Japan.\n";
        assert_eq!(dated(text), None);
    }

    #[test]
    fn a_dateline_below_line_fifteen_is_not_read() {
        let text = format!("{}8 January 2016\n", "line\n".repeat(20));
        assert_eq!(dated(&text), None);
    }

    #[test]
    fn today_phrase_anywhere() {
        let text = format!(
            "{}In a meeting today (Friday 8 January 2016), Mr Hammond said.\n",
            "Paragraph.\n\n".repeat(20)
        );
        assert_eq!(
            dated(&text),
            Some((date(2016, 1, 8), "8 January 2016", DateSource::Today))
        );
        assert_eq!(
            dated("He spoke today (8 January 2016).").map(|g| g.1),
            Some("8 January 2016")
        );
    }

    #[test]
    fn today_without_a_date_is_not_a_date() {
        assert_eq!(
            dated("In the meeting today (Friday), Mr Hammond said."),
            None
        );
    }

    #[test]
    fn impossible_dates_are_not_document_dates() {
        assert_eq!(dated("Title\n\nPublished 31 September 2017\n"), None);
        assert_eq!(dated("Title\n\n29 February 2027\n"), None);
        assert_eq!(
            dated("Title\n\n29 February 2028\n").map(|g| g.0),
            Some(date(2028, 2, 29))
        );
    }

    #[test]
    fn wide_characters_before_the_date_keep_the_range_exact() {
        let text = "😀 安倍晋三\n\nPublished 31 August 2017\n";
        assert_eq!(dated(text).unwrap().1, "31 August 2017");
    }

    #[test]
    fn month_names_and_abbreviations() {
        assert_eq!(month_number("January"), Some(1));
        assert_eq!(month_number("sept"), Some(9));
        assert_eq!(month_number("Sep."), Some(9));
        assert_eq!(month_number("DEC"), Some(12));
        assert_eq!(month_number("Ma"), None);
        assert_eq!(month_number("Janet"), None);
        assert_eq!(format_gov_uk(date(2016, 1, 8)), "8 January 2016");
    }

    #[test]
    fn a_front_matter_range_outside_the_text_is_ignored() {
        assert_eq!(
            document_date("8 January 2016", Some(3..400)),
            Some(DocDate {
                date: date(2016, 1, 8),
                range: 0..14,
                source: DateSource::Dateline,
            })
        );
        assert_eq!(document_date("é", Some(0..1)), None);
    }

    mod fuzz {
        use super::super::*;
        use crate::text::{Document, Format};
        use proptest::prelude::*;

        /// Pieces that look like dates and front matter, so random strings
        /// reach the interesting paths.
        fn datey() -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                Just("---\n".to_string()),
                Just("date: ".to_string()),
                Just("2017-08-31".to_string()),
                Just("2017-02-3".to_string()),
                Just("Published ".to_string()),
                Just("today (".to_string()),
                Just(")".to_string()),
                Just("Friday ".to_string()),
                Just("31 ".to_string()),
                Just("8th ".to_string()),
                Just("September ".to_string()),
                Just("Sept. ".to_string()),
                Just("2017".to_string()),
                Just(", ".to_string()),
                Just("\n".to_string()),
                Just("😀".to_string()),
                Just("\"".to_string()),
                any::<String>(),
            ];
            proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
        }

        proptest! {
            #[test]
            fn never_panics_and_ranges_fit(text in datey(), a in 0usize..64, b in 0usize..64) {
                for fm in [None, Some(a.min(b)..a.max(b)), Some(0..text.len())] {
                    if let Some(found) = document_date(&text, fm) {
                        prop_assert!(text.get(found.range.clone()).is_some());
                    }
                }
                let doc = Document::parse(&text, Format::Markdown);
                if let Some(found) = document_date(&text, doc.front_matter.clone()) {
                    prop_assert!(text.get(found.range).is_some());
                }
            }

            #[test]
            fn random_unicode_never_panics(text in "\\PC{0,200}") {
                let _ = document_date(&text, None);
                let _ = document_date(&text, Some(0..text.len() / 2));
            }
        }
    }
}
