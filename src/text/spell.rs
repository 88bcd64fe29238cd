//! The spelling dictionaries: general knowledge of English words, in the
//! house's dialect.
//!
//! Two Hunspell dictionaries from SCOWL (`data/dictionaries/`, see its
//! README for provenance and licence) are embedded in the binary and read
//! with `spellbook`, the Hunspell-compatible reader Helix uses. A dictionary
//! is parsed the first time it is asked for (about 13 ms) and kept for the
//! life of the process; nothing is read from disk or the network. Until
//! its parse is done, [`knows`] answers from the dictionary's word forms,
//! expanded by its affix rules at compile time (`build.rs`), so a check
//! whose words are all listed never waits for the parse.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::words::{edit_distance, is_all_caps, words, Word};

/// Which English a house writes, as far as spelling goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dialect {
    /// `colour`, `centre`, `defence` (the `-ise` dictionary; a house's
    /// `-ize` policy is learned separately).
    British,
    /// `color`, `center`, `defense`.
    American,
}

impl Dialect {
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::British => "british",
            Dialect::American => "american",
        }
    }

    /// The other dialect.
    pub fn other(self) -> Dialect {
        match self {
            Dialect::British => Dialect::American,
            Dialect::American => Dialect::British,
        }
    }
}

/// One parsed dictionary.
pub struct Speller {
    /// With a fixed hasher: spellbook's default is seeded per process, and
    /// its suggestions among equally good words follow the table's order,
    /// so two runs on one draft could suggest different words.
    dictionary: spellbook::Dictionary<rustc_hash::FxBuildHasher>,
}

impl Speller {
    /// Whether the dictionary knows `word` as written (Hunspell's rules:
    /// a capitalised or all-capital form of a lower-case word is known; a
    /// proper noun written in lower case is not).
    pub fn knows(&self, word: &str) -> bool {
        self.dictionary.check(word)
    }

    /// The dictionary's suggestions for `word`, best first. Slow (tens of
    /// milliseconds a word): call it only for words already found unknown,
    /// and cache the answer.
    pub fn suggest(&self, word: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.dictionary.suggest(word, &mut out);
        out
    }

    /// The dictionary words one edit from `word` (a letter swapped with the
    /// next, dropped, added or changed; Hunspell's cheap suggestions), in
    /// lower case, most likely slip first: swaps, then dropped letters,
    /// then added ones, then changed ones, letters tried in the order of
    /// their frequency in English. Costs a few hundred dictionary look-ups
    /// (well under a millisecond), a hundredth of [`Speller::suggest`].
    pub fn near(&self, word: &str, limit: usize) -> Vec<String> {
        let lower: Vec<char> = word.to_lowercase().chars().collect();
        let mut out: Vec<String> = Vec::new();
        if lower.len() < 2 || lower.len() > 40 {
            return out;
        }
        let try_one = |cand: &[char], out: &mut Vec<String>| {
            if out.len() >= limit {
                return;
            }
            let s: String = cand.iter().collect();
            if !out.contains(&s) && self.knows(&s) {
                out.push(s);
            }
        };
        let n = lower.len();
        let mut buf = lower.clone();
        for i in 0..n - 1 {
            if buf[i] != buf[i + 1] {
                buf.swap(i, i + 1);
                try_one(&buf, &mut out);
                buf.swap(i, i + 1);
            }
        }
        for i in 0..n {
            let mut c = lower.clone();
            c.remove(i);
            try_one(&c, &mut out);
        }
        for i in 0..=n {
            for &l in TRY {
                let mut c = lower.clone();
                c.insert(i, l);
                try_one(&c, &mut out);
            }
        }
        for i in 0..n {
            for &l in TRY {
                if l != lower[i] {
                    let mut c = lower.clone();
                    c[i] = l;
                    try_one(&c, &mut out);
                }
            }
        }
        out
    }

    /// Up to `limit` suggestions for an unknown `word`, nearest first (by
    /// [`edit_distance`], a swap counting once): the words one edit away
    /// when there are any ([`Speller::near`]), else, when `slow` allows,
    /// the dictionary's own suggestions, re-ranked by distance.
    pub fn suggestions(&self, word: &str, limit: usize, slow: bool) -> Vec<String> {
        let near = self.near(word, limit);
        if !near.is_empty() || !slow {
            return near;
        }
        let lower = word.to_lowercase();
        let mut found: Vec<(usize, String)> = self
            .suggest(&lower)
            .into_iter()
            .filter(|s| !s.contains(' ') || lower.len() > 6)
            .map(|s| {
                let d = edit_distance(&lower, &s.to_lowercase(), 8).unwrap_or(usize::MAX);
                (d, s)
            })
            .collect();
        // Stable: the dictionary's order among equals.
        found.sort_by_key(|(d, _)| *d);
        found.into_iter().take(limit).map(|(_, s)| s).collect()
    }
}

/// For a word in `-ize` (`prioritize`, `organizations`), its `-ise` form:
/// British English writes either (Oxford spelling), but the British
/// dictionary lists only `-ise`. Which one a house writes is a matter for
/// its spelling rules, not a misspelling.
pub fn ise_form(word: &str) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    let at = lower.rfind("iz")?;
    let ending = &lower[at..];
    const ENDINGS: &[&str] = &[
        "ize", "izes", "ized", "izing", "izer", "izers", "ization", "izations", "izable",
    ];
    if at < 2 || !ENDINGS.contains(&ending) {
        return None;
    }
    let mut out = word.to_string();
    let z = if word[at + 1..].starts_with('Z') {
        "S"
    } else {
        "s"
    };
    out.replace_range(at + 1..at + 2, z);
    Some(out)
}

/// The letters candidate edits try, most frequent first (the dictionaries'
/// `TRY` line, in lower case).
const TRY: &[char] = &[
    'e', 's', 'i', 'a', 'n', 'r', 't', 'o', 'l', 'c', 'd', 'u', 'g', 'm', 'p', 'h', 'b', 'y', 'f',
    'v', 'k', 'w', 'z', 'j', 'q', 'x', '\'',
];

/// Words that may stand before a hyphen but not alone (`non-profit`,
/// `co-operation`, `anti-corruption`): general knowledge of English
/// prefixes, not a house's.
pub const PREFIXES: &[&str] = &[
    "ante", "anti", "bi", "co", "counter", "cross", "cyber", "de", "eco", "ex", "extra", "geo",
    "hyper", "infra", "inter", "intra", "macro", "micro", "mid", "mini", "multi", "neo", "non",
    "over", "pan", "para", "post", "pre", "pro", "pseudo", "re", "semi", "socio", "sub", "super",
    "trans", "tri", "ultra", "un", "under", "vice",
];

/// The words of the lexicon a spelling check knows whatever the house:
/// honorifics, name prefixes, letters after names, ranks and their
/// abbreviations, office words, ship prefixes and name particles
/// (see [`super::lexicon`]).
pub fn lexicon_words() -> impl Iterator<Item = &'static str> {
    use super::lexicon as l;
    let lists: [&'static [&'static str]; 8] = [
        l::HONORIFICS,
        l::NAME_PREFIXES,
        l::POST_NOMINALS,
        l::RANKS,
        l::OFFICE_HEADS,
        l::RANK_HEADS,
        l::SHIP_PREFIXES,
        l::NAME_PARTICLES,
    ];
    let ranks = l::RANK_FORMS
        .iter()
        .flat_map(|(rank, forms)| std::iter::once(*rank).chain(forms.iter().copied()));
    lists.into_iter().flatten().copied().chain(ranks)
}

/// All-capital words up to this many letters are acronyms (`NATO`,
/// `JMSDF`, `UNCLOS`), never spelling slips.
pub const ACRONYM_MAX: usize = 6;

/// The words of `slice` (whose first byte is at `base`) that spelling
/// checks: [`words`] joined across an apostrophe (`don't`, `O'Halloran`;
/// straight or curly), with a possessive `'s` left out of the span
/// (`Japan's` is `Japan`). Left out: single letters, words with digits and
/// every part of a hyphenated compound with one (`F-35`, `Type-45s`),
/// acronyms ([`ACRONYM_MAX`]) and their plurals (`MPs`), words in another
/// script than Latin, and anything in a run of text that is an address, a
/// path or an identifier (`gov.uk`, `a@b.org`, `snake_case`, `a/b/c`).
pub fn spelling_words(slice: &str, base: usize) -> Vec<Word<'_>> {
    spelling_words_of(slice, base, words(slice, 0))
}

/// [`spelling_words`] from `all`, the [`words`] of `slice` read from its
/// first byte (`words(slice, 0)`): for a check that reads a region's words
/// for other ends too, so that they are read once.
pub fn spelling_words_of<'a>(
    slice: &'a str,
    base: usize,
    all: impl IntoIterator<Item = Word<'a>>,
) -> Vec<Word<'a>> {
    // Join across single apostrophes between letters.
    let mut joined: Vec<Word<'_>> = Vec::with_capacity(slice.len() / 5);
    for w in all {
        if let Some(prev) = joined.last_mut() {
            let gap = &slice[prev.end..w.start];
            if (gap == "'" || gap == "\u{2019}") && !prev.text.ends_with(char::is_numeric) {
                prev.end = w.end;
                prev.text = &slice[prev.start..w.end];
                continue;
            }
        }
        joined.push(w);
    }
    // Hyphen groups with a digit anywhere are codes, not words.
    let bytes = slice.as_bytes();
    let hyphen = |from: usize, to: usize| match &bytes[from..to] {
        [b'-'] => true,
        // U+2010 and U+2011.
        [0xE2, 0x80, 0x90 | 0x91] => true,
        _ => false,
    };
    // The whitespace-separated runs that are addresses, paths or
    // identifiers, found once per slice (not once per word), in order.
    let technical = technical_runs(slice);
    let mut next_run = 0;
    let mut out = Vec::with_capacity(joined.len());
    let mut i = 0;
    while i < joined.len() {
        let mut j = i;
        while j + 1 < joined.len() && hyphen(joined[j].end, joined[j + 1].start) {
            j += 1;
        }
        let group = &joined[i..=j];
        i = j + 1;
        if group.iter().any(|w| {
            // One look at the bytes; characters only past ASCII.
            w.text.bytes().any(|b| b.is_ascii_digit() || b >= 0x80)
                && w.text.chars().any(|c| c.is_numeric())
        }) {
            continue;
        }
        for w in group {
            while technical.get(next_run).is_some_and(|r| r.end <= w.start) {
                next_run += 1;
            }
            let in_technical = technical
                .get(next_run)
                .is_some_and(|r| r.start <= w.start && w.end <= r.end);
            if in_technical {
                continue;
            }
            let text = strip_possessive(w.text);
            let end = w.start + text.len();
            // One pass: length, script, letters, case (by a table of the
            // bytes' classes when ASCII, as most words are).
            let (chars, latin, letters, lower, upper);
            if text.is_ascii() {
                let (mut all, mut any, mut n) = (u8::MAX, 0u8, 0usize);
                for &b in text.as_bytes() {
                    let c = ASCII_CLASS[usize::from(b)];
                    all &= c;
                    any |= c;
                    n += usize::from(c & ALPHA);
                }
                chars = text.len();
                latin = all & LATIN != 0;
                letters = n;
                lower = any & LOWER != 0;
                upper = any & UPPER != 0;
            } else {
                let (mut c_n, mut c_latin, mut c_letters, mut c_lower, mut c_upper) =
                    (0, true, 0, false, false);
                for c in text.chars() {
                    c_n += 1;
                    c_latin &= is_latin(c);
                    c_letters += usize::from(c.is_alphabetic());
                    c_lower |= c.is_lowercase();
                    c_upper |= c.is_uppercase();
                }
                (chars, latin, letters, lower, upper) = (c_n, c_latin, c_letters, c_lower, c_upper);
            }
            if chars < 2 || !latin {
                continue;
            }
            // As `is_all_caps`: no lower-case letter, at least two letters.
            let caps = !lower && letters >= 2;
            let plural = || {
                text.strip_suffix('s')
                    .is_some_and(|p| is_all_caps(p) && p.chars().count() <= ACRONYM_MAX)
            };
            if caps && letters <= ACRONYM_MAX || upper && plural() {
                continue;
            }
            out.push(Word {
                start: base + w.start,
                end: base + end,
                text,
            });
        }
    }
    out
}

/// Classes of ASCII bytes for [`spelling_words_of`]: a letter (`ALPHA`,
/// with `LOWER` or `UPPER`), and what a Latin word may hold (`LATIN`:
/// letters and the straight apostrophe).
const ALPHA: u8 = 1;
const LOWER: u8 = 2;
const UPPER: u8 = 4;
const LATIN: u8 = 8;
const ASCII_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_lowercase() {
            ALPHA | LOWER | LATIN
        } else if c.is_ascii_uppercase() {
            ALPHA | UPPER | LATIN
        } else if c == b'\'' {
            LATIN
        } else {
            0
        };
        b += 1;
    }
    t
};

/// `Japan's` → `Japan`, `O'Halloran's` → `O'Halloran`.
fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
        .unwrap_or(word)
}

/// Latin letters (with accents), combining marks and apostrophes.
fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\'' | '\u{2019}')
        || ('\u{C0}'..='\u{24F}').contains(&c) && c != '\u{D7}' && c != '\u{F7}'
        || ('\u{300}'..='\u{36F}').contains(&c)
        || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

/// The runs of `slice` between whitespace for which [`is_technical_run`]
/// holds, as byte ranges in order: as splitting the slice at every
/// whitespace character and testing each run, but only the runs around a
/// byte that a technical run needs are looked at (most runs are a word and
/// its punctuation).
fn technical_runs(slice: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let bytes = slice.as_bytes();
    let mut at = 0;
    while let Some(i) = bytes[at..].iter().position(|&b| is_technical_byte(b)) {
        let i = at + i;
        // The run around `i`: back and on to whitespace (any, as
        // `char::is_whitespace`; a trigger byte is ASCII, so `i` and
        // `i + 1` are boundaries).
        let from = slice[..i]
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(0, |(j, c)| j + c.len_utf8());
        let to = slice[i..]
            .char_indices()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(slice.len(), |(j, _)| i + j);
        if is_technical_run(&slice[from..to]) {
            out.push(from..to);
        }
        at = to;
    }
    out
}

/// The bytes one of which every technical run holds.
fn is_technical_byte(b: u8) -> bool {
    matches!(b, b'@' | b'_' | b'\\' | b'/' | b'.' | b':')
}

/// Whether a run of text between whitespace is an address, a path or an
/// identifier (`gov.uk`, `a@b.org`, `snake_case`, `C:\x`): `://`, `@`, `_`
/// or a backslash anywhere, two slashes, `www.` first, or a full stop between two
/// letters or digits (`gov.uk`, `e.g`, `v1.2`). One pass over the bytes:
/// most runs are a word and its punctuation.
fn is_technical_run(run: &str) -> bool {
    let b = run.as_bytes();
    let mut slashes = 0;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'@' | b'_' | b'\\' => return true,
            b'/' => {
                slashes += 1;
                if slashes >= 2 {
                    return true;
                }
            }
            b':' if b[i + 1..].starts_with(b"//") => return true,
            b'.' if i >= 1
                && i + 1 < b.len()
                && b[i - 1].is_ascii_alphanumeric()
                && b[i + 1].is_ascii_alphanumeric() =>
            {
                return true
            }
            _ => {}
        }
    }
    run.starts_with("www.")
}

/// `word` with a curly apostrophe made straight, as the dictionaries write
/// it.
pub fn straight(word: &str) -> std::borrow::Cow<'_, str> {
    if word.contains('\u{2019}') {
        word.replace('\u{2019}', "'").into()
    } else {
        word.into()
    }
}

/// The word forms of each dictionary (`build.rs` expands its stems by its
/// affix rules at compile time), sorted, one a line, a line break first
/// and last: what [`knows`] answers before the dictionary is parsed.
const FORMS: [&str; 2] = [
    include_str!(concat!(env!("OUT_DIR"), "/en_GB.forms")),
    include_str!(concat!(env!("OUT_DIR"), "/en_US.forms")),
];

/// Whether the sorted list `forms` (as [`FORMS`]) holds `word`, by
/// halving on bytes: no table is built, so nothing is paid at start-up.
fn listed(forms: &str, word: &str) -> bool {
    let b = forms.as_bytes();
    // Invariant: every line starting before `lo` is less than `word`,
    // every line starting at or after `hi` greater.
    let (mut lo, mut hi) = (0, b.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        // The line holding `mid`.
        let start = b[..mid]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |i| i + 1);
        let end = b[mid..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |i| mid + i);
        if start == end {
            // The first or last line break: an empty line, before any word.
            lo = end + 1;
            continue;
        }
        match b[start..end].cmp(word.as_bytes()) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    false
}

/// Whether the forms of `dialect`'s dictionary show that it knows `word`:
/// the form itself, or (Hunspell's rules for case) a lower-case form
/// capitalised or in capitals, or a capitalised form in capitals. `true`
/// means the dictionary knows the word (a unit test holds every form to
/// the parsed dictionary); `false` only that the forms do not say.
fn listed_as_known(dialect: Dialect, word: &str) -> bool {
    if !word.is_ascii() || word.is_empty() {
        return false;
    }
    let forms = FORMS[dialect as usize];
    if listed(forms, word) {
        return true;
    }
    let b = word.as_bytes();
    let rest_lower = !b[1..].iter().any(u8::is_ascii_uppercase);
    if b[0].is_ascii_uppercase() && rest_lower {
        // `Report` for `report`.
        return listed(forms, &word.to_ascii_lowercase());
    }
    if !b.iter().any(u8::is_ascii_lowercase)
        && b.iter().filter(|c| c.is_ascii_uppercase()).count() > 1
    {
        // `REPORT` for `report`, `PARIS` for `Paris`.
        let lower = word.to_ascii_lowercase();
        if listed(forms, &lower) {
            return true;
        }
        let mut title = lower.into_bytes();
        title[0] = title[0].to_ascii_uppercase();
        return String::from_utf8(title).is_ok_and(|t| listed(forms, &t));
    }
    false
}

/// Whether the dictionary of `dialect` knows `word` (as
/// [`Speller::knows`]), without waiting for its parse while the word's
/// form answers: once parsed, the dictionary; before, the forms expanded
/// at compile time, and the dictionary (parsed then, or its parse waited
/// for) only for a word they do not list. A check of a draft whose every
/// word is listed never waits for the dictionary.
pub fn knows(dialect: Dialect, word: &str) -> bool {
    if let Some(s) = parsed(dialect) {
        return s.knows(word);
    }
    listed_as_known(dialect, word) || speller(dialect).is_some_and(|s| s.knows(word))
}

/// The dictionary of `dialect` if its parse is done.
fn parsed(dialect: Dialect) -> Option<&'static Speller> {
    cell(dialect).get().and_then(Option::as_ref)
}

fn cell(dialect: Dialect) -> &'static OnceLock<Option<Speller>> {
    match dialect {
        Dialect::British => &BRITISH,
        Dialect::American => &AMERICAN,
    }
}

static BRITISH: OnceLock<Option<Speller>> = OnceLock::new();
static AMERICAN: OnceLock<Option<Speller>> = OnceLock::new();

/// Starts parsing the dictionary of `dialect` on a thread of its own, once
/// per process, so that it is ready (or nearly) when the first word is
/// looked up; a caller that needs it before then waits for that parse, not
/// a second one. Without a thread to spare, the first lookup parses it.
pub fn warm(dialect: Dialect) {
    static STARTED: [std::sync::Once; 2] = [std::sync::Once::new(), std::sync::Once::new()];
    STARTED[dialect as usize].call_once(|| {
        let _ = std::thread::Builder::new()
            .name("dictionary".into())
            .spawn(move || {
                let _ = speller(dialect);
            });
    });
}

/// The dictionary of `dialect`, parsed on first use. `None` only if the
/// embedded files fail to parse, which a unit test rules out; callers then
/// check no spelling rather than panic.
pub fn speller(dialect: Dialect) -> Option<&'static Speller> {
    let (cell, aff, dic) = match dialect {
        Dialect::British => (
            &BRITISH,
            include_str!("data/dictionaries/en_GB.aff"),
            include_str!("data/dictionaries/en_GB.dic"),
        ),
        Dialect::American => (
            &AMERICAN,
            include_str!("data/dictionaries/en_US.aff"),
            include_str!("data/dictionaries/en_US.dic"),
        ),
    };
    cell.get_or_init(|| {
        spellbook::Dictionary::new_with_hasher(aff, dic, rustc_hash::FxBuildHasher)
            .ok()
            .map(|dictionary| Speller { dictionary })
    })
    .as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_embedded_dictionaries_parse_and_know_their_dialect() {
        let gb = speller(Dialect::British).expect("en_GB parses");
        let us = speller(Dialect::American).expect("en_US parses");
        assert!(gb.knows("colour") && !gb.knows("color"));
        assert!(us.knows("color") && !us.knows("colour"));
        for word in ["cooperation", "peacekeeping", "Government", "UK's"] {
            assert!(gb.knows(word) && us.knows(word), "{word}");
        }
        assert!(!gb.knows("recieve") && !us.knows("recieve"));
        assert_eq!(
            us.suggest("recieve").first().map(String::as_str),
            Some("receive")
        );
    }

    #[test]
    fn ize_forms_have_their_ise_form() {
        assert_eq!(ise_form("prioritize").as_deref(), Some("prioritise"));
        assert_eq!(
            ise_form("Modernizations").as_deref(),
            Some("Modernisations")
        );
        assert_eq!(ise_form("ORGANIZED").as_deref(), Some("ORGANISED"));
        assert_eq!(ise_form("size"), None);
        assert_eq!(ise_form("blitz"), None);
    }

    #[test]
    fn near_words_come_one_edit_away_most_likely_first() {
        let gb = speller(Dialect::British).unwrap();
        assert_eq!(
            gb.near("recieve", 3).first().map(String::as_str),
            Some("receive")
        );
        assert_eq!(
            gb.near("seperate", 3).first().map(String::as_str),
            Some("separate")
        );
        assert_eq!(
            gb.near("occured", 3).first().map(String::as_str),
            Some("occurred")
        );
        assert_eq!(
            gb.near("Secertary", 3).first().map(String::as_str),
            Some("secretary")
        );
        assert!(gb.near("xqzvw", 3).is_empty());
        // The slow path only when nothing is one edit away, re-ranked.
        let s = gb.suggestions("acommodattion", 3, true);
        assert_eq!(
            s.first().map(String::as_str),
            Some("accommodation"),
            "{s:?}"
        );
        assert!(gb.suggestions("acommodattion", 3, false).is_empty());
    }

    fn texts(s: &str) -> Vec<&str> {
        spelling_words(s, 0).into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn spelling_words_join_apostrophes_and_skip_codes_acronyms_and_addresses() {
        assert_eq!(
            texts("Japan\u{2019}s navy and O'Halloran's team don't."),
            ["Japan", "navy", "and", "O'Halloran", "team", "don't"]
        );
        assert_eq!(texts("The F-35 and Type-45s, CSG21 a b"), ["The", "and"]);
        assert_eq!(
            texts("NATO, JMSDF and MPs met UNCLOSED"),
            ["and", "met", "UNCLOSED"]
        );
        assert_eq!(
            texts("See gov.uk, a@b.org, snake_case, a/b/c and/or e.g. now"),
            ["See", "and", "or", "now"]
        );
        assert_eq!(
            texts("安倍晋三 met co-operation"),
            ["met", "co", "operation"]
        );
        let ws = spelling_words("x Japan's", 10);
        assert_eq!((ws[0].start, ws[0].end), (12, 17));
    }

    fn form_list(dialect: Dialect) -> &'static [&'static str] {
        static LISTS: [OnceLock<Vec<&'static str>>; 2] = [OnceLock::new(), OnceLock::new()];
        LISTS[dialect as usize].get_or_init(|| {
            FORMS[dialect as usize]
                .lines()
                .filter(|l| !l.is_empty())
                .collect()
        })
    }

    #[test]
    fn every_listed_form_is_known_to_the_parsed_dictionary_in_its_cases() {
        for dialect in [Dialect::British, Dialect::American] {
            let sp = speller(dialect).unwrap();
            let forms = form_list(dialect);
            assert!(forms.len() > 100_000, "{dialect:?}: {} forms", forms.len());
            assert!(forms.windows(2).all(|w| w[0] < w[1]), "sorted, once each");
            let mut wrong: Vec<String> = Vec::new();
            for f in forms {
                let mut cases = vec![f.to_string()];
                let b = f.as_bytes();
                let upper = f.to_ascii_uppercase();
                if !b.iter().any(u8::is_ascii_uppercase) {
                    let mut cap = f.to_string();
                    cap[..1].make_ascii_uppercase();
                    cases.push(cap);
                    cases.push(upper);
                } else if b[0].is_ascii_uppercase() && !b[1..].iter().any(u8::is_ascii_uppercase) {
                    cases.push(upper);
                }
                for c in cases {
                    // What the fast reading claims is what the dictionary says.
                    if listed_as_known(dialect, &c) && !sp.knows(&c) {
                        wrong.push(c);
                    }
                }
            }
            assert!(
                wrong.is_empty(),
                "{dialect:?}: {} wrong, {:?}",
                wrong.len(),
                &wrong[..wrong.len().min(40)]
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn the_fast_reading_agrees_with_the_dictionary(
            i in 0usize..200_000, case in 0u8..3, edit in "[a-z']{0,2}", at in 0usize..12
        ) {
            // A listed form in some case, sometimes changed: the fast
            // reading never says known where the dictionary does not, and
            // `knows` is the dictionary's answer whichever reads.
            for dialect in [Dialect::British, Dialect::American] {
                let forms = form_list(dialect);
                let mut w = forms[i % forms.len()].to_string();
                if !edit.is_empty() {
                    let at = at.min(w.len());
                    w.insert_str(at, &edit);
                }
                match case {
                    0 => {}
                    1 => w = w.to_ascii_uppercase(),
                    _ => w[..1].make_ascii_uppercase(),
                }
                let sp = speller(dialect).unwrap();
                proptest::prop_assert!(!listed_as_known(dialect, &w) || sp.knows(&w), "{:?}", w);
                proptest::prop_assert_eq!(knows(dialect, &w), sp.knows(&w), "{:?}", w);
            }
        }
    }

    #[test]
    fn listed_forms_are_found_by_halving() {
        let forms = "\nabc\nb\nbb\nc\n";
        for w in ["abc", "b", "bb", "c"] {
            assert!(listed(forms, w), "{w}");
        }
        for w in ["", "a", "abd", "ba", "bbb", "d", "\n"] {
            assert!(!listed(forms, w), "{w:?}");
        }
        assert!(!listed("\n", "a"));
        assert!(listed_as_known(Dialect::British, "colour"));
        assert!(listed_as_known(Dialect::British, "Colours"));
        assert!(listed_as_known(Dialect::British, "REPORTED"));
        assert!(!listed_as_known(Dialect::American, "colour"));
        assert!(!listed_as_known(Dialect::British, "recieve"));
    }

    /// [`spelling_words`] as it read before its filters were fused: the
    /// reading the fast one is held to.
    fn spelling_words_before(slice: &str, base: usize) -> Vec<Word<'_>> {
        let mut joined: Vec<Word<'_>> = Vec::new();
        for w in words(slice, 0) {
            if let Some(prev) = joined.last_mut() {
                let gap = &slice[prev.end..w.start];
                if (gap == "'" || gap == "\u{2019}") && !prev.text.ends_with(char::is_numeric) {
                    prev.end = w.end;
                    prev.text = &slice[prev.start..w.end];
                    continue;
                }
            }
            joined.push(w);
        }
        // Hyphen groups with a digit anywhere are codes, not words.
        let hyphen = |gap: &str| matches!(gap, "-" | "\u{2010}" | "\u{2011}");
        let mut skip = vec![false; joined.len()];
        let mut i = 0;
        while i < joined.len() {
            let mut j = i;
            while j + 1 < joined.len() && hyphen(&slice[joined[j].end..joined[j + 1].start]) {
                j += 1;
            }
            if joined[i..=j].iter().any(|w| {
                // One look at the bytes; characters only past ASCII.
                w.text.bytes().any(|b| b.is_ascii_digit() || b >= 0x80)
                    && w.text.chars().any(|c| c.is_numeric())
            }) {
                skip[i..=j].iter_mut().for_each(|s| *s = true);
            }
            i = j + 1;
        }
        // The whitespace-separated runs that are addresses, paths or
        // identifiers, found once per slice (not once per word), in order.
        let technical = technical_runs(slice);
        let mut next_run = 0;
        let mut out = Vec::with_capacity(joined.len());
        for (w, skip) in joined.into_iter().zip(skip) {
            while technical.get(next_run).is_some_and(|r| r.end <= w.start) {
                next_run += 1;
            }
            let in_technical = technical
                .get(next_run)
                .is_some_and(|r| r.start <= w.start && w.end <= r.end);
            if skip || in_technical {
                continue;
            }
            let text = strip_possessive(w.text);
            let end = w.start + text.len();
            // One pass: length, script, letters, case (by bytes when ASCII,
            // as most words are).
            let (mut chars, mut latin, mut letters, mut lower, mut upper) =
                (0, true, 0, false, false);
            if text.is_ascii() {
                for b in text.bytes() {
                    chars += 1;
                    latin &= b.is_ascii_alphabetic() || b == b'\'';
                    letters += usize::from(b.is_ascii_alphabetic());
                    lower |= b.is_ascii_lowercase();
                    upper |= b.is_ascii_uppercase();
                }
            } else {
                for c in text.chars() {
                    chars += 1;
                    latin &= is_latin(c);
                    letters += usize::from(c.is_alphabetic());
                    lower |= c.is_lowercase();
                    upper |= c.is_uppercase();
                }
            }
            if chars < 2 || !latin {
                continue;
            }
            // As `is_all_caps`: no lower-case letter, at least two letters.
            let caps = !lower && letters >= 2;
            let plural = || {
                text.strip_suffix('s')
                    .is_some_and(|p| is_all_caps(p) && p.chars().count() <= ACRONYM_MAX)
            };
            if caps && letters <= ACRONYM_MAX || upper && plural() {
                continue;
            }
            out.push(Word {
                start: base + w.start,
                end: base + end,
                text,
            });
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn spelling_words_are_read_as_before(
            text in "([a-zA-Z]{1,4}|[ .,:/@_-]|'|\u{2019}|\u{2010}|\u{2011}|[0-9]|é|É|ß|٣|安|s|'s|www\\.){0,40}"
        ) {
            let got: Vec<(usize, usize, &str)> =
                spelling_words(&text, 3).into_iter().map(|w| (w.start, w.end, w.text)).collect();
            let want: Vec<(usize, usize, &str)> =
                spelling_words_before(&text, 3).into_iter().map(|w| (w.start, w.end, w.text)).collect();
            proptest::prop_assert_eq!(got, want, "{:?}", text);
        }
    }

    /// The reading `is_technical_run` replaced: a test for each sign.
    fn is_technical_run_by_signs(run: &str) -> bool {
        if !run
            .bytes()
            .any(|b| matches!(b, b'@' | b'_' | b'\\' | b'/' | b'.' | b':'))
        {
            return false;
        }
        if run.contains("://") || run.contains('@') || run.contains('_') || run.contains('\\') {
            return true;
        }
        if run.matches('/').count() >= 2 || run.starts_with("www.") {
            return true;
        }
        let b = run.as_bytes();
        (1..b.len().saturating_sub(1)).any(|i| {
            b[i] == b'.' && b[i - 1].is_ascii_alphanumeric() && b[i + 1].is_ascii_alphanumeric()
        })
    }

    proptest::proptest! {
        #[test]
        fn a_technical_run_is_read_as_by_its_signs(run in "(www\\.)?[a-z1@_/.:\\\\é]{0,12}") {
            proptest::prop_assert_eq!(is_technical_run(&run), is_technical_run_by_signs(&run), "{:?}", run);
        }
    }

    /// The reading `technical_runs` replaced: every run between
    /// whitespace, tested.
    fn technical_runs_by_split(slice: &str) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        for run in slice.split(char::is_whitespace) {
            if !run.is_empty() && is_technical_run(run) {
                let from = run.as_ptr() as usize - slice.as_ptr() as usize;
                out.push(from..from + run.len());
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn technical_runs_are_the_runs_split_at_whitespace(
            text in "([a-z0-9]{1,3}|[ .:/@_\\\\\n\t]|\u{a0}|\u{2003}|é|www\\.|://){0,30}"
        ) {
            proptest::prop_assert_eq!(technical_runs(&text), technical_runs_by_split(&text));
        }

        #[test]
        fn spelling_words_skip_codes_with_any_digit(
            text in "([a-z]{1,3}|[ -]|[0-9]|٣|é|\u{2011}){0,20}"
        ) {
            // A hyphen group is left out when any of its words holds a
            // numeric character, ASCII or not.
            let got: Vec<&str> = spelling_words(&text, 0).into_iter().map(|w| w.text).collect();
            for w in &got {
                proptest::prop_assert!(!w.chars().any(char::is_numeric), "{:?} in {:?}", w, text);
            }
        }
    }

    #[test]
    #[ignore = "timing; run with --ignored --nocapture"]
    fn timing() {
        let gb = speller(Dialect::British).unwrap();
        let t = std::time::Instant::now();
        let mut k = 0;
        for w in ["government", "recieve", "Kishida", "cooperation", "the"].repeat(2000) {
            k += usize::from(gb.knows(w));
        }
        println!("knows: {:?} per word ({k})", t.elapsed() / 10000);
        let t = std::time::Instant::now();
        for w in ["recieve", "seperate", "acommodation", "Kishidaa"] {
            gb.near(w, 5);
        }
        println!("near: {:?} per word", t.elapsed() / 4);
    }
}
