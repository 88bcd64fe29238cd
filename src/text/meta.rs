//! The date a document speaks from.
//!
//! A draft's date is what `next December` and `Friday 8 January` are
//! measured against, and what the corpus learner uses to say when a rule
//! held. It is taken, in order, from:
//!
//! 1. YAML front matter: `date: 2017-08-31` (quoted, with a time, or written
//!    out as `31 August 2017`); failing that `published:`.
//! 2. A dateline in the first 15 lines: `Published 31 August 2017`,
//!    `Posted On: 8th January 2016`, `Updated: 8 January 2016`; a news
//!    dateline of any date style (`HARBORVIEW, Ore. (Jan. 8, 2026) —`,
//!    `WASHINGTON, March 3, 2026 —`, `Ravnsby, 24 February 2026 –`); a
//!    release heading (`FOR IMMEDIATE RELEASE — Jan. 8, 2026`, `Press
//!    release 2026-01-27`); or a line that is only a date (`8 January
//!    2016`, `Friday 8 January 2016`, `January 8, 2016`, `2016-01-08`). A
//!    "published" or "posted" line, a news dateline or a release heading
//!    wins over a bare date, which wins over an "updated" line. A date in a
//!    sentence never dates a document.
//! 3. Anywhere: `today (8 January 2016)` or `today (Friday 8 January 2016)`.
//!
//! Only real calendar dates count (`31 September 2017` is not one). Dates
//! are read by the crate's one date reader, [`super::dates`], as
//! [`Reading::Stated`]. The text may be anything scraped from the web, so
//! nothing here panics on any input.

use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

use super::dates::{date_pattern, DateGroups, Reading, Written};

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

/// A regex for a stated date (and whatever `before` and `after` add),
/// case-insensitive, with its date groups.
fn stated(before: &str, after: &str) -> (Regex, DateGroups) {
    let re = Regex::new(&format!(
        "(?i){before}{}{after}",
        date_pattern(Reading::Stated)
    ))
    .expect("date pattern compiles");
    let groups = DateGroups::of(&re);
    (re, groups)
}

/// A date at the start of a string.
static PHRASE_AT_START: LazyLock<(Regex, DateGroups)> = LazyLock::new(|| stated(r"\A", ""));

/// A dateline label followed by a date.
static LABELLED: LazyLock<(Regex, DateGroups)> = LazyLock::new(|| {
    stated(
        r"(?-u:\b)(?P<label>published|posted|issued|released|dated|date|last\s+updated|updated)(?:\s+on)?\s*:?\s*",
        "",
    )
});

/// A news dateline at the start of a line: a place in capitalised words,
/// perhaps with its state or region after a comma, then the date in
/// brackets or after a comma, then a dash: `HARBORVIEW, Ore. (Jan. 8,
/// 2026) —`, `WASHINGTON, March 3, 2026 —`, `Ravnsby, 24 February 2026 –`.
static PLACED: LazyLock<(Regex, DateGroups)> = LazyLock::new(|| {
    let word = r"(?-i:\p{Lu})[\p{L}.'’-]*";
    stated(
        &format!(
            r"\A[\s#*_>]*{word}(?:[ \t]+{word}){{0,3}}(?:,[ \t]+{word}(?:[ \t]+{word})?)?(?:[ \t]*\([ \t]*|,[ \t]*)"
        ),
        r"[ \t]*\)?[ \t]*(?:—|–|--?)",
    )
});

/// A release heading with its date at the start of a line: `FOR IMMEDIATE
/// RELEASE — Jan. 8, 2026`, `Press release 2026-01-27`.
static RELEASE: LazyLock<(Regex, DateGroups)> = LazyLock::new(|| {
    stated(
        r"\A[\s#*_>]*(?:for\s+immediate\s+release|press\s+release|news\s+release)[\s:|—–-]*",
        "",
    )
});

/// `today (8 January 2016)`.
static TODAY: LazyLock<(Regex, DateGroups)> =
    LazyLock::new(|| stated(r"(?-u:\b)today\s*\(\s*", r"\s*\)"));

/// What may follow a date on a line that is only a date: a time, a zone,
/// punctuation.
static DATE_LINE_REST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\A[\s,.;:–—-]*(?:(?:at\s+)?[0-9]{1,2}(?:[:.][0-9]{2})?\s*(?:am|pm)?\s*(?:GMT|BST|UTC|Z)?)?[\s.]*\z")
        .unwrap()
});

/// The date in the match `locs` holds of one of the patterns above,
/// searched in `text`, and its range (from the day or month to the year).
fn stated_date(
    text: &str,
    locs: &regex::CaptureLocations,
    groups: &DateGroups,
) -> Option<(Date, Range<usize>)> {
    let written = Written::read(text, locs, groups)?;
    Some((written.date()?, written.date_range()))
}

/// The stated date at the start of `text`: its date, its range, and the
/// end of the whole match.
fn date_at_start(text: &str) -> Option<(Date, Range<usize>, usize)> {
    let (re, groups) = &*PHRASE_AT_START;
    let mut locs = re.capture_locations();
    let end = re.captures_read(&mut locs, text)?.end();
    let (date, range) = stated_date(text, &locs, groups)?;
    Some((date, range, end))
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
            if let Some((date, r, _)) = date_at_start(value) {
                return Some(DocDate {
                    date,
                    range: at + r.start..at + r.end,
                    source: DateSource::FrontMatter,
                });
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
    let (labelled, groups) = &*LABELLED;
    let mut locs = labelled.capture_locations();
    let label_group = labelled
        .capture_names()
        .position(|n| n == Some("label"))
        .expect("the label group");
    for line in text.get(body..)?.split_inclusive('\n').take(LINES) {
        let start = pos;
        pos += line.len();
        let mut end = line.len().min(LONGEST);
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        let line = &line[..end];
        let mut found: Option<(u8, Date, Range<usize>)> = None;
        if let Some(label) = labelled
            .captures_read(&mut locs, line)
            .and_then(|_| locs.get(label_group))
        {
            if let Some((date, r)) = stated_date(line, &locs, groups) {
                found = Some((label_rank(&line[label.0..label.1]), date, r));
            }
        }
        for (re, groups) in [&*PLACED, &*RELEASE] {
            if found.is_some() {
                break;
            }
            let mut locs = re.capture_locations();
            if re.captures_read(&mut locs, line).is_some() {
                found = stated_date(line, &locs, groups).map(|(date, r)| (0, date, r));
            }
        }
        if found.is_none() {
            // A line that is only a date, after Markdown markers.
            let trimmed = line.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '#' | '*' | '_' | '>' | '-' | '|')
            });
            let lead = line.len() - trimmed.len();
            if let Some((date, r, end)) = date_at_start(trimmed) {
                let rest = trimmed[end..].trim_end_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '*' | '_' | '|' | '#')
                });
                if DATE_LINE_REST.is_match(rest) {
                    found = Some((1, date, lead + r.start..lead + r.end));
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
    let (re, groups) = &*TODAY;
    let mut locs = re.capture_locations();
    let mut at = 0;
    // The first match that is a real date: `today (31 September 2017)`
    // does not end the search.
    while let Some(m) = re.captures_read_at(&mut locs, rest, at) {
        at = m.end();
        if let Some((date, r)) = stated_date(rest, &locs, groups) {
            return Some(DocDate {
                date,
                range: body + r.start..body + r.end,
                source: DateSource::Today,
            });
        }
    }
    None
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

    #[test]
    fn news_datelines_of_every_style_date_the_document() {
        for (head, want, quoted) in [
            (
                "HARBORVIEW, Ore. (Jan. 8, 2026) — Mayor Lee said today that",
                date(2026, 1, 8),
                "Jan. 8, 2026",
            ),
            (
                "NORFOLK, Va. (Feb. 24, 2026) — The ship returned",
                date(2026, 2, 24),
                "Feb. 24, 2026",
            ),
            (
                "WASHINGTON, March 3, 2026 — The department said",
                date(2026, 3, 3),
                "March 3, 2026",
            ),
            (
                "Ravnsby, 24 February 2026 – The Government will",
                date(2026, 2, 24),
                "24 February 2026",
            ),
            (
                "NEW YORK, N.Y. (Sept. 14, 2026) -- Registration opened",
                date(2026, 9, 14),
                "Sept. 14, 2026",
            ),
            (
                "FOR IMMEDIATE RELEASE — Jan. 8, 2026",
                date(2026, 1, 8),
                "Jan. 8, 2026",
            ),
            (
                "FOR IMMEDIATE RELEASE\nJan. 8, 2026",
                date(2026, 1, 8),
                "Jan. 8, 2026",
            ),
            ("Press release 2026-01-27", date(2026, 1, 27), "2026-01-27"),
            ("2026-01-27", date(2026, 1, 27), "2026-01-27"),
        ] {
            let text = format!("{head}\n\nThe rest of the release.\n");
            let got = dated(&text).unwrap_or_else(|| panic!("no date in {head:?}"));
            assert_eq!(got, (want, quoted, DateSource::Dateline), "{head}");
        }
    }

    #[test]
    fn body_dates_that_are_not_datelines_do_not_date_a_document() {
        for text in [
            "Title\n\nThe council met in Ravnsby, 24 February 2026 – and agreed.\n",
            "Title\n\nOfficials said the exercise ends March 3, 2026 — weeks early.\n",
            "Title\n\nThe hearing (Jan. 8, 2026) — was short.\n",
            "Title\n\nThe press release of 8 January 2026 said so.\n",
            "Title\n\nHARBORVIEW, Ore. — The 2026 festival opens on July 10, 2026.\n",
        ] {
            assert_eq!(dated(text), None, "{text}");
        }
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
