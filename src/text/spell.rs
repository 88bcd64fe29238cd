//! The spelling dictionaries: general knowledge of English words, in the
//! house's dialect.
//!
//! Two Hunspell dictionaries from SCOWL (`data/dictionaries/`, see its
//! README for provenance and licence) are embedded in the binary and read
//! with `spellbook`, the Hunspell-compatible reader Helix uses. A dictionary
//! is parsed the first time it is asked for (about 13 ms) and kept for the
//! life of the process; nothing is read from disk or the network.

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
    // Join across single apostrophes between letters.
    let mut joined: Vec<Word<'_>> = Vec::with_capacity(slice.len() / 5);
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
            w.text.bytes().any(|b| b.is_ascii_digit())
                || !w.text.is_ascii() && w.text.chars().any(|c| c.is_numeric())
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
        let (mut chars, mut latin, mut letters, mut lower, mut upper) = (0, true, 0, false, false);
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

/// Whether the run of non-space text around `slice[start..end]` is an
/// address, path or identifier rather than prose.
/// The runs of `slice` between whitespace for which [`is_technical_run`]
/// holds, as byte ranges in order.
fn technical_runs(slice: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    // Only a slice with one of a technical run's bytes has one.
    if !slice
        .bytes()
        .any(|b| matches!(b, b'@' | b'_' | b'\\' | b'/' | b'.' | b':'))
    {
        return out;
    }
    for run in slice.split(char::is_whitespace) {
        if !run.is_empty() && is_technical_run(run) {
            let from = run.as_ptr() as usize - slice.as_ptr() as usize;
            out.push(from..from + run.len());
        }
    }
    out
}

/// Whether a run of text between whitespace is an address, a path or an
/// identifier (`gov.uk`, `a@b.org`, `snake_case`, `C:\x`).
fn is_technical_run(run: &str) -> bool {
    // Most runs are a word and its punctuation: one look at the bytes.
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
    // A full stop between two letters or digits: `gov.uk`, `e.g`, `v1.2`.
    let b = run.as_bytes();
    (1..b.len().saturating_sub(1)).any(|i| {
        b[i] == b'.' && b[i - 1].is_ascii_alphanumeric() && b[i + 1].is_ascii_alphanumeric()
    })
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
