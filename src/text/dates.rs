//! Reading dates in text: the calendar words, the written shapes of a date
//! (`8 January 2016`, `Friday 9th January 2016`, `January 8, 2016`), and
//! relative phrases (`next December`). One reader for the whole crate: the
//! date checks read prose with it, and [`super::meta`] reads the date a
//! document speaks from with it, so both agree on what a date is.
//!
//! A date is read in one of two ways ([`Reading`]):
//!
//! - **In prose** (the checks): a month word counts only in a date shape,
//!   next to a day number, and only capitalised (`may` and `march` are
//!   verbs); `May 2017` alone is never read, and a month after a
//!   capitalised name or an honorific (`Theresa May 8, 2017`, `Mrs May 30`)
//!   is taken to be a name. The year is optional, a date spans at most one
//!   line break, and abbreviated months (`8 Jan 2016`) count only with a
//!   year.
//! - **As a document's stated date** (front matter, datelines, `today (…)`):
//!   a year is required, the case is whatever the caller's pattern says
//!   (datelines are often capitals), any white space separates the parts,
//!   a comma may stand before the year (`8 January, 2016`), and a full stop
//!   after any month.
//!
//! The text may be anything scraped from the web, so nothing here panics on
//! any input.

use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::{Date, Weekday};
use regex::{CaptureLocations, Regex};

use super::lexicon::HONORIFICS;
use super::words::{eq_ignore_case, is_capitalised};

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

/// The GOV.UK name of month `month` (1–12, as [`month_number`] and
/// [`Date::month`] give it; anything else is clamped, never a panic).
pub fn month_name(month: i8) -> &'static str {
    MONTHS[usize::try_from(month.saturating_sub(1))
        .unwrap_or(0)
        .min(11)]
}

/// Month names as the Associated Press writes them with a day: Jan., Feb.,
/// Aug., Sept., Oct., Nov. and Dec. abbreviated, March to July in full.
pub const AP_MONTHS: [&str; 12] = [
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
    "Dec.",
];

/// The AP name of month `month` with a day (`Jan.`, `March`, `Sept.`);
/// clamped like [`month_name`].
pub fn ap_month_name(month: i8) -> &'static str {
    AP_MONTHS[usize::try_from(month.saturating_sub(1))
        .unwrap_or(0)
        .min(11)]
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
        month_name(date.month()),
        date.year()
    )
}

/// Spaces within a date in prose: blanks, no-break spaces, and at most one
/// line break (a paragraph break ends a date).
const SP: &str =
    r"(?:[ \t\u{A0}\u{202F}]+(?:\r?\n[ \t\u{A0}\u{202F}]*)?|\r?\n[ \t\u{A0}\u{202F}]*)";
/// An ASCII word boundary: the lazy DFA cannot run Unicode `\b` on non-ASCII
/// text, so Unicode neighbours are checked by hand after a match.
const B: &str = r"(?-u:\b)";
const WEEKDAYS: &str = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";
const FULL_MONTHS: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";
const SHORT_MONTHS: &str = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";

/// How a date is read; see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// In running prose: what the date checks read.
    Prose,
    /// A date a document states as its own: a year is required.
    Stated,
}

/// Regex source for a written date (day-month or month-day order, with an
/// optional weekday, or ISO `2026-01-08`), read as `reading` says. Its
/// named groups are read by [`DateGroups`]; a pattern may hold it once.
pub fn date_pattern(reading: Reading) -> String {
    // A stated date may also have `the` after the weekday in US order
    // (`Monday the March 9 2027`); prose never reads that as one date.
    let (sp, month, before_year, year, us_the) = match reading {
        Reading::Prose => (
            SP.to_string(),
            format!("(?:(?:{FULL_MONTHS}){B}|(?:{SHORT_MONTHS}){B}\\.?)"),
            "",
            "?",
            "",
        ),
        Reading::Stated => (
            r"\s+".to_string(),
            format!(r"(?:{FULL_MONTHS}|{SHORT_MONTHS})\.?"),
            ",?",
            "",
            r"(?:the\s+)?",
        ),
    };
    let dmy = format!(
        "(?:(?P<wd1>{WEEKDAYS}),?{sp}(?:(?P<the1>the){sp})?)?\
         (?P<d1>[0-9]{{1,2}})(?P<o1>st|nd|rd|th)?{B}(?P<of1>{sp}of)?{sp}(?P<m1>{month})\
         (?:{before_year}{sp}(?P<y1>[0-9]{{4}}){B}){year}"
    );
    let mdy = format!(
        "(?:(?P<wd2>{WEEKDAYS}),?{sp}{us_the})?(?P<m2>{month}){sp}\
         (?P<d2>[0-9]{{1,2}})(?P<o2>st|nd|rd|th)?{B}(?:,?{sp}(?P<y2>[0-9]{{4}}){B}){year}"
    );
    let iso = format!("(?P<iy>[0-9]{{4}})-(?P<im>[0-9]{{2}})-(?P<id>[0-9]{{2}}){B}");
    format!("(?:{dmy}|{mdy}|{iso})")
}

/// The capture-group indices of a [`date_pattern`] inside a compiled
/// regex, so matches are read through reused [`CaptureLocations`] without
/// allocating.
#[derive(Debug, Clone, Copy)]
pub struct DateGroups {
    wd1: usize,
    the1: usize,
    d1: usize,
    o1: usize,
    of1: usize,
    m1: usize,
    y1: usize,
    wd2: usize,
    m2: usize,
    d2: usize,
    o2: usize,
    y2: usize,
    iy: usize,
    im: usize,
    id: usize,
}

/// The index of group `name` in `re`.
///
/// # Panics
///
/// When `re` has no such group: a fault in a pattern built here, found by
/// any test that reads a date.
fn group_index(re: &Regex, name: &str) -> usize {
    re.capture_names()
        .position(|n| n == Some(name))
        .expect("named group")
}

impl DateGroups {
    /// The groups of the [`date_pattern`] in `re`.
    ///
    /// # Panics
    ///
    /// When `re` holds no [`date_pattern`] (a fault in a pattern built in
    /// this crate, not in any input).
    pub fn of(re: &Regex) -> DateGroups {
        let idx = |name| group_index(re, name);
        DateGroups {
            wd1: idx("wd1"),
            the1: idx("the1"),
            d1: idx("d1"),
            o1: idx("o1"),
            of1: idx("of1"),
            m1: idx("m1"),
            y1: idx("y1"),
            wd2: idx("wd2"),
            m2: idx("m2"),
            d2: idx("d2"),
            o2: idx("o2"),
            y2: idx("y2"),
            iy: idx("iy"),
            im: idx("im"),
            id: idx("id"),
        }
    }
}

/// A date as it is written, read from one match of a [`date_pattern`]:
/// its parts and where each is (ranges in the text searched).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written<'a> {
    /// The weekday word, if any, with its range.
    pub weekday: Option<(Range<usize>, &'a str)>,
    /// `the` between the weekday and the day (`Friday the 8th of January`).
    pub the: Option<Range<usize>>,
    pub day: u8,
    /// The day as written (`8`, `08`).
    pub day_text: &'a str,
    pub day_range: Range<usize>,
    /// `st`, `nd`, `rd` or `th` after the day.
    pub ordinal: Option<Range<usize>>,
    /// `of` between the day and the month.
    pub of: bool,
    /// 1–12.
    pub month: i8,
    /// The month as written (`January`, `Sept.`).
    pub month_text: &'a str,
    pub month_range: Range<usize>,
    /// Not the full GOV.UK name (`Jan`, `Sept.`).
    pub abbreviated: bool,
    pub year: Option<(i16, Range<usize>)>,
    /// Month before day (`January 8, 2016`).
    pub us_order: bool,
    /// A comma before the year (`January 8, 2016`, `8 January, 2016`).
    pub year_comma: bool,
    /// A comma after the weekday (`Friday, 8 January`).
    pub weekday_comma: bool,
    /// ISO 8601 (`2016-01-08`): year, month and day as figures.
    pub iso: bool,
}

impl<'a> Written<'a> {
    /// The date in the match `locs` holds of a regex holding a
    /// [`date_pattern`] (`g` its groups), searched in `text`; `None` when
    /// the match is not one of the pattern's dates.
    pub fn read(text: &'a str, locs: &CaptureLocations, g: &DateGroups) -> Option<Written<'a>> {
        let group = |i: usize| locs.get(i).map(|(s, e)| (s..e, &text[s..e]));
        if let Some((day_range, day_text)) = group(g.id) {
            let (month_range, month_text) = group(g.im)?;
            let (year_range, year_text) = group(g.iy)?;
            let month: i8 = month_text.parse().ok()?;
            if !(1..=12).contains(&month) {
                return None;
            }
            return Some(Written {
                weekday: None,
                the: None,
                day: day_text.parse().ok()?,
                day_text,
                day_range,
                ordinal: None,
                of: false,
                month,
                month_text,
                month_range,
                abbreviated: false,
                year: Some((year_text.parse().ok()?, year_range)),
                us_order: false,
                year_comma: false,
                weekday_comma: false,
                iso: true,
            });
        }
        let dmy = locs.get(g.d1).is_some();
        let (wd, d, o, m, y) = if dmy {
            (g.wd1, g.d1, g.o1, g.m1, g.y1)
        } else {
            (g.wd2, g.d2, g.o2, g.m2, g.y2)
        };
        let (day_range, day_text) = group(d)?;
        let (month_range, month_text) = group(m)?;
        let year = match group(y) {
            Some((r, t)) => Some((t.parse().ok()?, r)),
            None => None,
        };
        // The text between the part before the year and the year.
        let year_comma = year.as_ref().is_some_and(|(_, r)| {
            let before = if dmy {
                month_range.end
            } else {
                group(o).map_or(day_range.end, |g| g.0.end)
            };
            text.get(before..r.start).is_some_and(|t| t.contains(','))
        });
        let weekday_comma = group(wd).is_some_and(|(r, _)| {
            let next = if dmy {
                group(g.the1).map_or(day_range.start, |g| g.0.start)
            } else {
                month_range.start
            };
            text.get(r.end..next).is_some_and(|t| t.contains(','))
        });
        Some(Written {
            weekday: group(wd),
            the: if dmy {
                group(g.the1).map(|g| g.0)
            } else {
                None
            },
            day: day_text.parse().ok()?,
            day_text,
            day_range,
            ordinal: group(o).map(|g| g.0),
            of: dmy && locs.get(g.of1).is_some(),
            month: month_number(month_text)?,
            month_text,
            month_range,
            abbreviated: !MONTHS.contains(&month_text),
            year,
            us_order: !dmy,
            year_comma,
            weekday_comma,
            iso: false,
        })
    }

    /// The calendar date, when a year is written and the date exists.
    pub fn date(&self) -> Option<Date> {
        let (year, _) = self.year.as_ref()?;
        Date::new(*year, self.month, i8::try_from(self.day).ok()?).ok()
    }

    /// From the day (or `the` before it) or the month, whichever comes
    /// first, to the last part of the date, without the weekday: the text a
    /// house-form fix replaces.
    pub fn span(&self) -> Range<usize> {
        if self.iso {
            return self.date_range();
        }
        let start = if self.us_order {
            self.month_range.start
        } else {
            self.the
                .as_ref()
                .map_or(self.day_range.start, |the| the.start)
        };
        let end = match (&self.year, &self.ordinal) {
            (Some((_, r)), _) => r.end,
            _ if !self.us_order => self.month_range.end,
            (None, Some(r)) => r.end,
            (None, None) => self.day_range.end,
        };
        start..end
    }

    /// Whether the month is abbreviated with a full stop (`Jan.`, `Sept.`).
    pub fn month_stop(&self) -> bool {
        self.abbreviated && self.month_text.ends_with('.')
    }

    /// From the day or the month, whichever comes first, to the end of the
    /// last part: the date alone, as a document's date is quoted.
    pub fn date_range(&self) -> Range<usize> {
        if let (true, Some((_, y))) = (self.iso, &self.year) {
            return y.start..self.day_range.end;
        }
        let end = self.year.as_ref().map_or(self.span().end, |(_, r)| r.end);
        self.day_range.start.min(self.month_range.start)..end
    }
}

/// What a match of the prose reader is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phrase<'a> {
    /// A date with a day and a month.
    Date(Written<'a>),
    /// `next December`, `last summer`, `this year`: `kind` is the first
    /// word as written, `what` the second (a month, a season, `year` or
    /// `month`).
    Relative { kind: &'a str, what: &'a str },
    /// A date in figures with slashes whose order the figures themselves
    /// settle (`29/09/2026` is day first, `09/29/2026` month first; `05/06/2026`
    /// is read as nothing): the day, the month and the year.
    Figures { day: u8, month: i8, year: i16 },
    /// Date-shaped text that is not a date (`Mrs May 30`, `£8 May`).
    NotADate,
}

/// One match of the prose reader: where it is and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<'a> {
    pub range: Range<usize>,
    pub phrase: Phrase<'a>,
}

/// Every date shape in prose, in one pattern so that each prose region is
/// scanned once: day-month-year, month-day-year, and relative phrases.
struct ProseReader {
    re: Regex,
    date: DateGroups,
    rk: usize,
    rw: usize,
    na: usize,
    nb: usize,
    ny: usize,
}

/// A relative phrase (`next December`, `this year`), as [`PROSE`] reads one.
fn relative_pattern() -> String {
    format!(
        "(?P<rk>[Nn]ext|[Ll]ast|[Tt]his){SP}\
         (?P<rw>{FULL_MONTHS}|[Ss]pring|[Ss]ummer|[Aa]utumn|[Ww]inter|year|month){B}"
    )
}

/// [`PROSE`]'s relative phrases alone, for text with no figures left.
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!("{B}(?:{})", relative_pattern())).expect("relative pattern compiles")
});

static PROSE: LazyLock<ProseReader> = LazyLock::new(|| {
    let rel = relative_pattern();
    let figures = format!("(?P<na>[0-9]{{1,2}})/(?P<nb>[0-9]{{1,2}})/(?P<ny>[0-9]{{4}}){B}");
    let re = Regex::new(&format!(
        "{B}(?:{}|{rel}|{figures})",
        date_pattern(Reading::Prose)
    ))
    .expect("date pattern compiles");
    ProseReader {
        date: DateGroups::of(&re),
        rk: group_index(&re, "rk"),
        rw: group_index(&re, "rw"),
        na: group_index(&re, "na"),
        nb: group_index(&re, "nb"),
        ny: group_index(&re, "ny"),
        re,
    }
});

/// Compiles the prose reader now rather than at the first draft.
pub fn prepare_prose_reader() {
    LazyLock::force(&PROSE);
    LazyLock::force(&RELATIVE);
}

/// Reusable match storage for [`find_in_prose`].
pub fn prose_locations() -> CaptureLocations {
    PROSE.re.capture_locations()
}

/// The first date-shaped text in `region` at or after byte `at` (a
/// character boundary), read as [`Reading::Prose`]. A caller scanning a
/// region goes on after a match it takes, or one character after the start
/// of one it does not (`Phrase::NotADate`): a rejected `May 8` may hide
/// `8 June 2017`.
pub fn find_in_prose<'a>(
    region: &'a str,
    at: usize,
    locs: &mut CaptureLocations,
) -> Option<Found<'a>> {
    // Every shape but a relative phrase has a figure: where none is left,
    // a pattern of relative phrases alone answers the same, much faster.
    if !region.as_bytes()[at..].iter().any(u8::is_ascii_digit) {
        let caps = RELATIVE.captures_at(region, at)?;
        let (range, kind, what) = (caps.get(0)?.range(), caps.get(1)?, caps.get(2)?);
        let phrase = if stands_alone(region, range.start, range.end) {
            Phrase::Relative {
                kind: kind.as_str(),
                what: what.as_str(),
            }
        } else {
            Phrase::NotADate
        };
        return Some(Found { range, phrase });
    }
    find_with_every_shape(region, at, locs)
}

/// [`find_in_prose`] with the whole prose pattern.
fn find_with_every_shape<'a>(
    region: &'a str,
    at: usize,
    locs: &mut CaptureLocations,
) -> Option<Found<'a>> {
    let reader = &*PROSE;
    let m = reader.re.captures_read_at(locs, region, at)?;
    let range = m.range();
    let phrase = if !stands_alone(region, range.start, range.end) {
        Phrase::NotADate
    } else if let (Some(a), Some(b), Some(y)) = (
        locs.get(reader.na),
        locs.get(reader.nb),
        locs.get(reader.ny),
    ) {
        let n = |(s, e): (usize, usize)| region[s..e].parse::<i16>().ok();
        figures(region, range.clone(), n(a), n(b), n(y))
    } else if let (Some((ks, ke)), Some((ws, we))) = (locs.get(reader.rk), locs.get(reader.rw)) {
        Phrase::Relative {
            kind: &region[ks..ke],
            what: &region[ws..we],
        }
    } else {
        match Written::read(region, locs, &reader.date) {
            Some(w) if is_a_date_in_prose(region, range.clone(), &w) => Phrase::Date(w),
            _ => Phrase::NotADate,
        }
    };
    Some(Found { range, phrase })
}

/// A date in figures (`29/09/2026`, matched at `range`), when it stands
/// alone in prose (not in a path or a longer run of figures) and its
/// figures settle which is the day: one of them is over 12, or both are
/// the same.
fn figures(
    region: &str,
    range: Range<usize>,
    a: Option<i16>,
    b: Option<i16>,
    year: Option<i16>,
) -> Phrase<'static> {
    let (Some(a), Some(b), Some(year)) = (a, b, year) else {
        return Phrase::NotADate;
    };
    let before = region[..range.start].chars().next_back();
    let after = region[range.end..].chars().next();
    if before.is_some_and(|c| "/-.:_#".contains(c))
        || after.is_some_and(|c| "/-_".contains(c))
        || (after == Some('.') && region[range.end + 1..].starts_with(|c: char| c.is_ascii_digit()))
    {
        return Phrase::NotADate;
    }
    let (day, month) = match (a, b) {
        _ if a == b => (a, b),
        _ if a > 12 && b <= 12 => (a, b),
        _ if b > 12 && a <= 12 => (b, a),
        _ => return Phrase::NotADate,
    };
    match (u8::try_from(day), i8::try_from(month)) {
        (Ok(day), Ok(month)) if Date::new(year, month, i8::try_from(day).unwrap_or(0)).is_ok() => {
            Phrase::Figures { day, month, year }
        }
        _ => Phrase::NotADate,
    }
}

/// Whether the date-shaped `w` (matched at `range`) is a date, not part of
/// something else or a name.
fn is_a_date_in_prose(region: &str, range: Range<usize>, w: &Written<'_>) -> bool {
    // A day touching other figures or symbols is part of something else
    // (`10:30 May`, `£8 May`, `v1.8 May`, `F-35 May`); a dash after a
    // figure is a range (`4–8 May`).
    if w.iso {
        // `2016-01-08` in a file name, a version or a longer figure
        // (`2016-01-08-report`, `/2016-01-08/`) is not a date in prose.
        let before = region[..range.start].chars().next_back();
        let after = region[range.end..].chars().next();
        return !before.is_some_and(|c| "-–./:_#".contains(c))
            && !after.is_some_and(|c| {
                "-–/_".contains(c)
                    || (c == '.'
                        && region[range.end + 1..].starts_with(|c: char| c.is_ascii_digit()))
            });
    }
    if !w.us_order && w.weekday.is_none() {
        let mut before = region[..range.start].chars().rev();
        match before.next() {
            Some(c) if ".,:/£$€#+'’".contains(c) => return false,
            Some('-' | '–') if before.next().is_some_and(char::is_alphabetic) => return false,
            _ => {}
        }
    }
    if w.us_order {
        if w.weekday.is_none() && follows_a_name(region, w.month_range.start) {
            return false;
        }
        // `In May 8 people …`: without a year, US order needs a weekday,
        // an ordinal, punctuation or an abbreviated month with its full stop
        // (`on Sept. 10 the …`) to be a date.
        if w.year.is_none() && w.weekday.is_none() && w.ordinal.is_none() && !w.month_stop() {
            let after = region[range.end..].chars().next();
            if !after.is_none_or(|c| ",.;:)!?".contains(c)) {
                return false;
            }
        }
    }
    // Abbreviations are names too often (`Jan`) without a year, unless a
    // full stop and US order make them AP dates (`Sept. 10`).
    !(w.abbreviated && w.year.is_none() && !(w.us_order && w.month_stop()))
}

/// No letter or digit of any script touches the match.
fn stands_alone(region: &str, start: usize, end: usize) -> bool {
    !region[..start]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
        && !region[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
}

/// Words that may stand, capitalised, right before a month in US order
/// (`On May 8, 2017`) without making the month a surname.
const BEFORE_A_DATE: &[&str] = &[
    "on",
    "in",
    "by",
    "since",
    "from",
    "until",
    "till",
    "before",
    "after",
    "during",
    "early",
    "late",
    "mid",
    "end",
    "of",
    "between",
    "and",
    "to",
    "the",
    "throughout",
    "every",
    "each",
    "dated",
    "published",
    "posted",
    "updated",
    "date",
    "deadline",
    "closes",
    "opens",
];

/// Whether the word before a month (at `month_start`) makes the month a
/// surname: a capitalised word that is not one that introduces dates
/// (`Theresa May`, `Prime Minister May`), or an honorific in any case and
/// with or without a full stop (`Mrs. May`, `mrs May`).
fn follows_a_name(region: &str, month_start: usize) -> bool {
    let before = &region[..month_start];
    let trimmed = before.trim_end_matches([' ', '\t', '\r', '\n', '\u{A0}', '\u{202F}']);
    if trimmed.len() == before.len() {
        return false;
    }
    let (trimmed, stop) = match trimmed.strip_suffix('.') {
        Some(t) => (t, true),
        None => (trimmed, false),
    };
    let word_start = trimmed
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(trimmed.len(), |(i, _)| i);
    let word = &trimmed[word_start..];
    if word.is_empty() {
        return false;
    }
    let honorific = HONORIFICS.iter().any(|h| eq_ignore_case(h, word));
    if stop {
        // `in the UK. May 8, 2017` ends a sentence; `Mrs. May` does not.
        return honorific;
    }
    honorific || (is_capitalised(word) && !BEFORE_A_DATE.iter().any(|w| eq_ignore_case(w, word)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_without_figures_is_read_as_the_whole_pattern_reads_it() {
        let mut locs = prose_locations();
        for text in [
            "We meet next December and again this year.",
            "Next spring, or last  summer, or this\nmonth.",
            "thisyear, next Decemberish, the next month's plan",
            "Nothing dated here at all.",
            "Talks resume this\n\nyear.",
            "It was aNext year.",
        ] {
            let mut at = 0;
            loop {
                let a = find_in_prose(text, at, &mut locs);
                let b = find_with_every_shape(text, at, &mut locs);
                assert_eq!(
                    a.as_ref()
                        .map(|f| (f.range.clone(), format!("{:?}", f.phrase))),
                    b.as_ref()
                        .map(|f| (f.range.clone(), format!("{:?}", f.phrase))),
                    "{text:?} at {at}"
                );
                match a {
                    Some(f) => at = f.range.start + 1,
                    None => break,
                }
                while !text.is_char_boundary(at) {
                    at += 1;
                }
            }
        }
    }
    use jiff::civil::date;

    /// Every phrase the prose reader takes in `text`, scanning as the
    /// checks do, as `(matched text, phrase)`.
    fn read(text: &str) -> Vec<(&str, Phrase<'_>)> {
        let mut locs = prose_locations();
        let mut at = 0;
        let mut out = Vec::new();
        while let Some(found) = find_in_prose(text, at, &mut locs) {
            at = if found.phrase == Phrase::NotADate {
                let start = found.range.start;
                start + text[start..].chars().next().map_or(1, char::len_utf8)
            } else {
                found.range.end
            };
            if found.phrase != Phrase::NotADate {
                out.push((&text[found.range.clone()], found.phrase));
            }
            if at > text.len() {
                break;
            }
        }
        out
    }

    fn dates(text: &str) -> Vec<&str> {
        read(text)
            .into_iter()
            .filter(|(_, p)| matches!(p, Phrase::Date(_)))
            .map(|(t, _)| t)
            .collect()
    }

    /// The dates read in `text`, in order.
    fn written(text: &str) -> Vec<Written<'_>> {
        read(text)
            .into_iter()
            .filter_map(|(_, p)| match p {
                Phrase::Date(w) => Some(w),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn month_names_and_abbreviations() {
        assert_eq!(month_number("January"), Some(1));
        assert_eq!(month_number("sept"), Some(9));
        assert_eq!(month_number("Sep."), Some(9));
        assert_eq!(month_number("DEC"), Some(12));
        assert_eq!(month_number("Ma"), None);
        assert_eq!(month_number("Janet"), None);
        assert_eq!(month_name(9), "September");
        assert_eq!(format_gov_uk(date(2016, 1, 8)), "8 January 2016");
    }

    #[test]
    fn the_parts_of_a_date_in_prose_and_where_they_are() {
        let text = "Talks on Friday the 9th of Sept. 2016.";
        let all = written(text);
        let [w] = all.as_slice() else {
            panic!("{all:?}");
        };
        assert_eq!(w.weekday.as_ref().map(|w| w.1), Some("Friday"));
        assert_eq!(
            (w.day, w.day_text, w.month, w.month_text),
            (9, "9", 9, "Sept.")
        );
        assert!(w.ordinal.is_some() && w.of && w.abbreviated && !w.us_order);
        assert_eq!(w.year.as_ref().map(|y| y.0), Some(2016));
        assert_eq!(&text[w.span()], "the 9th of Sept. 2016");
        assert_eq!(&text[w.date_range()], "9th of Sept. 2016");
        assert_eq!(w.date(), Some(date(2016, 9, 9)));
    }

    #[test]
    fn us_order_and_dates_without_a_year() {
        let text = "On January 8th, 2016 and on May 8, then 8 June.";
        assert_eq!(dates(text), vec!["January 8th, 2016", "May 8", "8 June"]);
        let all = written(text);
        let [_, w, _] = all.as_slice() else {
            panic!("{all:?}");
        };
        assert!(w.us_order && w.year.is_none() && w.date().is_none());
        assert_eq!(&text[w.span()], "May 8");
    }

    #[test]
    fn names_figures_and_verbs_are_not_dates() {
        for text in [
            "Theresa May 8, 2017 speech.",
            "Mrs. May 30, she said.",
            "mrs May 30, she said.",
            "Rev. May 30, she said.",
            "In May 8 people attended.",
            "We may 8 times over.",
            "At 10:31 June said; £30 February; v1.31 April; F-35 May.",
            "Jan 8 is fine.",
            "é8th January 2016",
        ] {
            assert_eq!(dates(text), Vec::<&str>::new(), "{text}");
        }
        // A rejected name does not hide a date after it.
        assert_eq!(
            dates("Prime Minister Theresa May 8th June 2017 speech."),
            vec!["8th June 2017"]
        );
        assert_eq!(dates("Talks on 4–8th May 2016."), vec!["8th May 2016"]);
    }

    #[test]
    fn ap_and_iso_dates_in_prose() {
        let text = "On Sept. 10, on Jan. 8, 2026, on Tuesday, Feb. 24, 2026, and on 2026-01-27.";
        assert_eq!(
            dates(text),
            vec![
                "Sept. 10",
                "Jan. 8, 2026",
                "Tuesday, Feb. 24, 2026",
                "2026-01-27"
            ]
        );
        let all = written(text);
        assert!(all[0].month_stop() && all[0].year.is_none());
        assert!(all[1].year_comma && all[2].weekday_comma);
        let iso = &all[3];
        assert!(iso.iso && !iso.us_order);
        assert_eq!((iso.day, iso.month), (27, 1));
        assert_eq!(&text[iso.span()], "2026-01-27");
        assert_eq!(iso.date(), Some(date(2026, 1, 27)));
        // Without its full stop, or in a file name, a version or a phone
        // number, it is not a date.
        for text in [
            "Sept 10 people came.",
            "See report-2026-01-27.pdf and v2026-01-27 and 2026-01-27-notes.",
            "Call 757-555-0142 or 2026-13-01.",
        ] {
            assert_eq!(dates(text), Vec::<&str>::new(), "{text}");
        }
        assert_eq!(ap_month_name(9), "Sept.");
        assert_eq!(ap_month_name(4), "April");
    }

    #[test]
    fn dates_in_figures_are_read_when_their_figures_settle_the_order() {
        let got = read("On 29/09/2026, 09/29/2026, 7/7/2026, 05/06/2026, 31/02/2026.");
        assert_eq!(
            got,
            vec![
                (
                    "29/09/2026",
                    Phrase::Figures {
                        day: 29,
                        month: 9,
                        year: 2026
                    }
                ),
                (
                    "09/29/2026",
                    Phrase::Figures {
                        day: 29,
                        month: 9,
                        year: 2026
                    }
                ),
                (
                    "7/7/2026",
                    Phrase::Figures {
                        day: 7,
                        month: 7,
                        year: 2026
                    }
                ),
            ]
        );
        assert_eq!(read("See /files/29/09/2026/ and 1.29/09/2026-x."), vec![]);
    }

    #[test]
    fn relative_phrases_in_prose() {
        let got = read("We sail next December, Last summer and this year.");
        let got: Vec<_> = got
            .into_iter()
            .map(|(t, p)| match p {
                Phrase::Relative { kind, what } => (t, kind, what),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("next December", "next", "December"),
                ("Last summer", "Last", "summer"),
                ("this year", "this", "year"),
            ]
        );
    }

    #[test]
    fn a_date_in_prose_spans_at_most_one_line_break() {
        assert_eq!(dates("On 8\nJanuary 2016."), vec!["8\nJanuary 2016"]);
        assert_eq!(dates("On 8\n\nJanuary 2016."), Vec::<&str>::new());
    }

    /// The stated reading as [`super::super::meta`] uses it: any case, any
    /// white space, a comma before the year, and a year required.
    #[test]
    fn stated_dates_need_a_year_and_take_any_case() {
        let re = Regex::new(&format!(r"(?i)\A{}", date_pattern(Reading::Stated))).unwrap();
        let g = DateGroups::of(&re);
        fn read<'t>(re: &Regex, g: &DateGroups, text: &'t str) -> Option<(Date, &'t str)> {
            let mut locs = re.capture_locations();
            re.captures_read(&mut locs, text)?;
            let w = Written::read(text, &locs, g)?;
            Some((w.date()?, &text[w.date_range()]))
        }
        let read = |text| read(&re, &g, text);
        assert_eq!(
            read("FRIDAY 8TH JANUARY, 2016"),
            Some((date(2016, 1, 8), "8TH JANUARY, 2016"))
        );
        assert_eq!(
            read("January 8, 2016 at 10am"),
            Some((date(2016, 1, 8), "January 8, 2016"))
        );
        assert_eq!(
            read("Monday the March 9 2027"),
            Some((date(2027, 3, 9), "March 9 2027"))
        );
        assert_eq!(read("8 January"), None);
        assert_eq!(read("31 September 2017"), None);
    }
}
