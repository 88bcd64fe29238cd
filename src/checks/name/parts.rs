//! Near misses of a name's parts, wherever they stand alone.
//!
//! A drafter who has written a name in full once writes its parts alone
//! later: a surname after an honorific or rank (`Mr O'Hallaran` for
//! O'Halloran), a forename, a distinctive word of a place or company
//! (`Yokusuka` for Yokosuka, `Nisan` for Nissan), an acronym (`JMDSF` for
//! JMSDF). Each such part of every learned name is indexed once, in
//! [`PartIndex::new`], and each capitalised draft word is looked up in it.
//!
//! **How near.** The bound scales with the length of the learned part, in
//! letters: up to 4, no letter may differ (only case or diacritics:
//! `Asa` for `Åsa`, `Deluca` for `DeLuca`), since one edit of a four-letter
//! name reaches too many other names (`Raab`, `Rabb`, `Reab`); from 5
//! letters one edit, from 9 two (a transposition is one edit). One slip
//! leaves a five-letter name recognisable; two slips only in a long one.
//! An acronym matches only by a swap of two adjacent letters, at any length
//! (`JMDSF`, `SRSL`): one other letter usually names another body
//! (`JMSDF` beside `JGSDF`, `UK`/`US`, `MOD`/`MOT`).
//!
//! **The index.** Symmetric deletion neighbourhoods (as SymSpell): every
//! part is stored under the hashes of itself and of each form with up to
//! its bound of letters deleted, in one sorted array with a bit filter in
//! front. A draft word computes its own deletions and probes: cost per word
//! depends on its length, not on the pack's size. Every candidate is then
//! measured exactly.
//!
//! **Guards, precision first.** A draft word is not a near miss of a name
//! when the dictionary knows it as itself (`Lord`, `Argue`, `Mat`; an
//! all-capital word only when the dictionary has it as an acronym), when the
//! pack knows it as itself (another learned name or part, an acronym, a
//! title word, an event) or the lexicon does (an honorific, rank or office
//! word), when it is near two different parts, or when it stands in a
//! heading set in capitals. A word of a place or organisation name that is
//! an ordinary word (`Research`, `Council`) is no part to match alone.
//! A lower-case draft word is never a near miss of a part alone: a name in
//! lower case would be two slips at once, and such a word is far more
//! often an ordinary word, or one misspelt, for the spelling rules (a whole
//! single-word name in lower case, `harborview`, is still a case departure
//! of that name). A slip in the first
//! letter is not looked for: it is the rarest slip in typing, and a
//! different first letter most often makes a different name (`Wallace`,
//! `Hallace`); this also lets most words be passed over from their first
//! two letters and length alone.

use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::rules::{NameKind, NameRule, RuleFile};
use crate::text::lexicon;
use crate::text::spell::Dialect;
use crate::text::words::{edit_distance_chars, fold, fold_char, is_all_caps, words};

/// One indexed part.
pub(super) struct Part {
    /// The exact learned form (`Halloran`, `Nissan`, `JMSDF`).
    pub form: String,
    folded: Vec<char>,
    pub acronym: bool,
    person: bool,
    /// The first name it belongs to, by index in the check's names.
    pub name: usize,
    /// Whether the dictionary knows the part in lower case (an ordinary
    /// word), and whether it knows it at all; asked only when a draft word
    /// comes near it.
    common: OnceLock<bool>,
    unusual: OnceLock<bool>,
}

/// What a draft word is of a part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Departure {
    /// The same letters in another case or without their diacritics.
    Form,
    /// A misspelling: letters added, dropped, changed or swapped.
    Typo,
}

/// A verdict kept for a word: the part (by index), how the word departs
/// from it, and whether the word is the part's plural.
type Verdict = Option<(usize, Departure, bool)>;

/// A thread's table of verdicts is emptied when it grows past this many
/// words.
const VERDICTS_MAX: usize = 100_000;

/// Ids for indexes (0 is none): a thread's table is for one.
static NEXT_ID: AtomicUsize = AtomicUsize::new(1);

thread_local! {
    /// This thread's verdicts, by word as written, for the index with the
    /// id given: most capitalised words of a draft come again and again
    /// (its names, the first words of its sentences), and a verdict
    /// depends only on the word.
    static VERDICTS: RefCell<(usize, FxHashMap<Box<str>, Verdict>)> =
        RefCell::new((0, FxHashMap::default()));
}

/// A draft word found near a part.
pub(super) struct Near<'p> {
    pub part: &'p Part,
    pub departure: Departure,
    /// The replacement: the part, with the draft's plural ending.
    pub replacement: String,
}

pub(super) struct PartIndex {
    /// Which index this is, for the threads' tables of verdicts.
    id: usize,
    parts: Vec<Part>,
    /// `hash << 32 | part`, sorted: every deletion form of every part.
    keys: Vec<u64>,
    /// A bit per hash bucket, to refuse most probes without a search.
    filter: Vec<u64>,
    filter_bits: u32,
    /// Lengths (folded, in characters, capped at 63) some part has.
    lengths: u64,
    /// By first and by second folded letter: the lengths of the parts
    /// that have it there; and which first two letters some part has.
    first: [u64; SLOTS],
    second: [u64; SLOTS],
    first_two: Vec<bool>,
    /// Every form the pack knows as itself, lower-cased: learned names and
    /// their words, acronyms, title words, events, references.
    known: FxHashSet<String>,
    /// Every part's exact form: a draft word written so is no near miss.
    exact: FxHashSet<String>,
    dialect: Dialect,
}

/// The edit bound for a learned word part of `n` letters.
fn bound(n: usize) -> usize {
    match n {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// The deletion depth a part is indexed to.
fn depth(part: &Part) -> usize {
    if part.acronym {
        1
    } else {
        bound(part.folded.len())
    }
}

/// Letter slots of the first-look tables: `a` to `z`, then any other.
const SLOTS: usize = 27;

fn slot(c: char) -> usize {
    if c.is_ascii_lowercase() {
        (c as u8 - b'a') as usize
    } else {
        26
    }
}

/// The lengths a word of `n` letters may be near (two either side).
fn lengths_near(n: usize) -> u64 {
    let lo = n.saturating_sub(2);
    let hi = (n + 2).min(63);
    let upto = if hi >= 63 {
        u64::MAX
    } else {
        (1u64 << (hi + 1)) - 1
    };
    upto & (u64::MAX << lo)
}

/// The polynomial hash's base (odd, so multiplying is a bijection).
const B: u64 = 0x0100_0000_01b3;

/// Words longer than this are not indexed or looked up (no name part is).
const MAX_CHARS: usize = 24;

/// The 32 bits of a polynomial hash the index keeps, mixed.
fn finish(h: u64, len: usize) -> u32 {
    let h = (h ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> 32) as u32
}

/// Calls `f` with the hash of `chars` and of each form with up to `depth`
/// characters deleted (a form may come more than once). Polynomial hashes
/// of the prefixes and suffixes give each deletion in constant time:
/// `h(s without i) = h(s[..i]) * B^(m-1-i) + h(s[i+1..])`.
fn deletions(chars: &[char], depth: usize, mut f: impl FnMut(u32)) {
    let m = chars.len();
    if m > MAX_CHARS {
        return;
    }
    let v = |c: char| u64::from(c) + 1;
    // pre[i] = h(s[..i]); suf[j] = h(s[j..]) with s's own powers; pow[k] = B^k.
    let mut pre = [0u64; MAX_CHARS + 1];
    let mut suf = [0u64; MAX_CHARS + 2];
    let mut pow = [1u64; MAX_CHARS + 1];
    for i in 0..m {
        pre[i + 1] = pre[i].wrapping_mul(B).wrapping_add(v(chars[i]));
        pow[i + 1] = pow[i].wrapping_mul(B);
    }
    for j in (0..m).rev() {
        suf[j] = suf[j + 1].wrapping_add(v(chars[j]).wrapping_mul(pow[m - 1 - j]));
    }
    f(finish(pre[m], m));
    if depth == 0 || m == 0 {
        return;
    }
    for i in 0..m {
        // Deleting either of two equal neighbours gives the same form.
        if i > 0 && chars[i] == chars[i - 1] {
            continue;
        }
        f(finish(
            pre[i].wrapping_mul(pow[m - 1 - i]).wrapping_add(suf[i + 1]),
            m - 1,
        ));
        if depth >= 2 {
            for j in i + 1..m {
                if j > i + 1 && chars[j] == chars[j - 1] {
                    continue;
                }
                // s[i+1..j] as a hash of its own.
                let mid = pre[j].wrapping_sub(pre[i + 1].wrapping_mul(pow[j - i - 1]));
                let h = pre[i]
                    .wrapping_mul(pow[m - 2 - i])
                    .wrapping_add(mid.wrapping_mul(pow[m - 1 - j]))
                    .wrapping_add(suf[j + 1]);
                f(finish(h, m - 2));
            }
        }
    }
}

fn is_acronym(word: &str) -> bool {
    is_all_caps(word) && word.chars().all(|c| c.is_alphabetic()) && word.chars().count() >= 3
}

impl PartIndex {
    pub fn new(names: &[NameRule], rules: &RuleFile) -> PartIndex {
        let dialect = rules
            .dialect
            .as_ref()
            .map_or(Dialect::British, |d| d.spelling);
        let mut known: FxHashSet<String> = FxHashSet::default();
        let mut by_form: rustc_hash::FxHashMap<String, usize> = Default::default();
        let mut parts: Vec<Part> = Vec::new();
        let mut buf = Vec::new();
        let mut add =
            |form: &str, acronym: bool, person: bool, name: usize, parts: &mut Vec<Part>| {
                if let Some(&k) = by_form.get(form) {
                    parts[k].person |= person;
                    return;
                }
                fold(form, &mut buf);
                by_form.insert(form.to_string(), parts.len());
                parts.push(Part {
                    form: form.to_string(),
                    folded: buf.clone(),
                    acronym,
                    person,
                    name,
                    common: OnceLock::new(),
                    unusual: OnceLock::new(),
                });
            };
        for (i, n) in names.iter().enumerate() {
            known.insert(n.name.to_lowercase());
            let person = n.kind == NameKind::Person;
            for w in words(&n.name, 0) {
                known.insert(w.text.to_lowercase());
                if w.text.chars().any(|c| c.is_numeric()) || w.text.chars().count() < 3 {
                    continue;
                }
                if lexicon::NAME_PARTICLES.contains(&w.text)
                    || lexicon::NAME_CONNECTORS.contains(&w.text)
                {
                    continue;
                }
                let acronym = is_acronym(w.text);
                if !acronym && !w.text.starts_with(char::is_uppercase) {
                    continue;
                }
                add(w.text, acronym, person, i, &mut parts);
            }
            if let Some(a) = &n.acronym {
                known.insert(a.to_lowercase());
                if is_acronym(a) {
                    add(a, true, false, i, &mut parts);
                }
            }
        }
        let mut words_of = |s: &str| {
            for w in words(s, 0) {
                known.insert(w.text.to_lowercase());
            }
        };
        for t in &rules.titles {
            words_of(&t.title);
        }
        for r in &rules.roles {
            words_of(&r.role);
            words_of(&r.person);
        }
        for e in &rules.events {
            words_of(&e.event);
        }
        for r in &rules.references {
            words_of(&r.form);
        }
        for a in &rules.abbreviations {
            words_of(&a.form);
            words_of(&a.other);
        }
        for list in [
            lexicon::HONORIFICS,
            lexicon::COURTESY_TITLES,
            lexicon::NAME_PREFIXES,
            lexicon::POST_NOMINALS,
            lexicon::RANKS,
            lexicon::OFFICE_HEADS,
            lexicon::TITLE_QUALIFIERS,
            lexicon::RANK_HEADS,
            lexicon::SHIP_PREFIXES,
            lexicon::ORG_HEADS,
            lexicon::DOC_HEADS,
        ] {
            for w in list {
                words_of(w);
            }
        }
        let mut keys: Vec<u64> = Vec::new();
        let mut lengths = 0u64;
        let mut first = [0u64; SLOTS];
        let mut second = [0u64; SLOTS];
        let mut first_two = vec![false; SLOTS * SLOTS];
        for (k, p) in parts.iter().enumerate() {
            let len = 1u64 << p.folded.len().min(63);
            lengths |= len;
            if let [a, b, ..] = p.folded[..] {
                first[slot(a)] |= len;
                second[slot(b)] |= len;
                first_two[slot(a) * SLOTS + slot(b)] = true;
            }
            deletions(&p.folded, depth(p), |h| {
                keys.push(u64::from(h) << 32 | k as u64)
            });
        }
        keys.sort_unstable();
        keys.dedup();
        // About 16 filter bits a key, at least 4096.
        let filter_bits = (keys.len() * 16)
            .next_power_of_two()
            .max(4096)
            .trailing_zeros();
        let mut filter = vec![0u64; (1usize << filter_bits) / 64];
        for &k in &keys {
            let b = ((k >> 32) as u32 >> (32 - filter_bits)) as usize;
            filter[b / 64] |= 1 << (b % 64);
        }
        let exact = parts.iter().map(|p| p.form.clone()).collect();
        PartIndex {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            exact,
            first,
            second,
            first_two,
            parts,
            keys,
            filter,
            filter_bits,
            lengths,
            known,
            dialect,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Whether some part could be near a word of `n` folded letters.
    pub fn length_may_match(&self, n: usize) -> bool {
        self.lengths & lengths_near(n.min(63)) != 0
    }

    /// Whether either dictionary knows `word`, the house's first: a word
    /// of the other dialect (`center` in a house that writes `centre`) is
    /// still a word, for the spelling rules to judge, not a name.
    fn knows(&self, word: &str) -> bool {
        crate::text::variants::is_word_in_either(self.dialect, word)
    }

    /// The part `word` is a near miss of, if exactly one, with the guards
    /// above. `folded` is scratch space.
    ///
    /// Each word's verdict is kept in the checking thread's own table (no
    /// lock, nothing shared written), so a word that comes again is
    /// answered by one look-up.
    pub fn near(&self, word: &str, folded: &mut Vec<char>) -> Option<Near<'_>> {
        let verdict = VERDICTS.with(|table| {
            let Ok(mut table) = table.try_borrow_mut() else {
                return self.verdict(word, folded);
            };
            if table.0 != self.id {
                table.0 = self.id;
                table.1.clear();
            }
            if let Some(&v) = table.1.get(word) {
                return v;
            }
            let v = self.verdict(word, folded);
            if table.1.len() >= VERDICTS_MAX {
                table.1.clear();
            }
            table.1.insert(word.into(), v);
            v
        });
        let (id, departure, plural) = verdict?;
        let part = &self.parts[id];
        let mut replacement = part.form.clone();
        if plural {
            replacement.push('s');
        }
        Some(Near {
            part,
            departure,
            replacement,
        })
    }

    /// [`PartIndex::near`] computed: the part's index, the departure, and
    /// whether `word` is the part's plural.
    fn verdict(&self, word: &str, folded: &mut Vec<char>) -> Verdict {
        let caps = is_all_caps(word);
        let lower = word.starts_with(char::is_lowercase);
        if !self.may_match(word, lower) {
            return None;
        }
        if let Some((id, d)) = self.lookup(word, caps, lower, folded, false) {
            return Some((id, d, false));
        }
        // A plural of a near miss (`Nisans`): the part, made plural.
        let stem = word.strip_suffix('s')?;
        if stem.chars().count() < 4 || caps || lower || self.exact.contains(word) {
            return None;
        }
        // (`SRSLs`: the acronym's stem is in capitals.)
        let (id, d) = self.lookup(stem, is_all_caps(stem), lower, folded, true)?;
        Some((id, d, true))
    }

    /// A cheap first look, from the word's first two letters and its
    /// length: could any part be near it? A slip is looked for anywhere
    /// but in the first letter (a different first letter is most often a
    /// different name: `Wallace`, `Hallace`), so a part near the word
    /// starts with its first or second letter, or has its first letter
    /// second (the first letter dropped). A lower-case word must begin as
    /// the part does: only its case may differ.
    fn may_match(&self, word: &str, lower: bool) -> bool {
        let mut cs = word.chars().map(fold_char);
        let (Some(a), Some(b)) = (cs.next(), cs.next()) else {
            return false;
        };
        let (a, b) = (slot(a), slot(b));
        if lower {
            return self.first_two[a * SLOTS + b];
        }
        let n = word.chars().count();
        let near = lengths_near(n.min(63));
        (self.first[a] | self.first[b] | self.second[a]) & near != 0
    }

    fn lookup(
        &self,
        word: &str,
        caps: bool,
        lower: bool,
        folded: &mut Vec<char>,
        plural: bool,
    ) -> Option<(usize, Departure)> {
        fold(word, folded);
        let m = folded.len();
        if !(3..=MAX_CHARS).contains(&m) || !self.length_may_match(m) {
            return None;
        }
        // A lower-case word is only looked up as itself: in lower case a
        // misspelt name would be two departures at once, and is far more
        // often an ordinary word misspelt (the spelling rules' to judge).
        let depth = if lower {
            0
        } else if caps {
            1
        } else {
            self.query_depth(m)
        };
        // A word that is a part as written is no near miss of another: one
        // probe tells, before the deletions.
        let mut itself = false;
        self.probe(folded, 0, |id| itself |= self.parts[id].form == word);
        if itself {
            return None;
        }
        // Candidates, verified.
        let mut best: Option<(usize, usize, Departure)> = None;
        let mut ambiguous = false;
        let mut seen: smallvec_lite::Seen = Default::default();
        self.probe(folded, depth, |id| {
            if !seen.insert(id) {
                return;
            }
            let Some((d, dep)) = self.measure(&self.parts[id], word, folded, caps) else {
                return;
            };
            match best {
                Some((bd, bid, _))
                    if bd == d && self.parts[bid].folded != self.parts[id].folded =>
                {
                    ambiguous = true
                }
                Some((bd, _, _)) if bd <= d => {}
                _ => {
                    best = Some((d, id, dep));
                    ambiguous = false;
                }
            }
        });
        let (_, id, departure) = best?;
        if ambiguous {
            return None;
        }
        let part = &self.parts[id];
        if self.exact.contains(word) || plural && part.form.ends_with('s') {
            return None;
        }
        // Guards.
        if !plural && self.known_as_itself(word, part, departure) {
            return None;
        }
        if plural {
            let whole = format!("{word}s");
            if self.knows(&whole) && (part.person || self.knows(&whole.to_lowercase())) {
                return None;
            }
        }
        if !part.acronym && !part.person && self.common(part) {
            return None;
        }
        if lower && (m < 6 || !self.unusual(part)) {
            return None;
        }
        Some((id, departure))
    }

    /// How many letters a word of `m` letters must have deleted to meet
    /// every part within its bound: a part of `l` letters at distance `d`
    /// needs at most `d - (l - m)` deletions on the word's side when it is
    /// longer (the rest are the part's), so two only from 9 letters.
    fn query_depth(&self, m: usize) -> usize {
        let mut depth = 0;
        for l in m.saturating_sub(2)..=(m + 2).min(63) {
            if self.lengths & (1 << l) != 0 {
                depth = depth.max(bound(l).saturating_sub(l.saturating_sub(m)));
            }
        }
        depth
    }

    /// Calls `f` with every part stored under a deletion form of `folded`
    /// to `depth` (a part may come more than once, and a hash collision
    /// may bring a part that is not near: callers measure).
    fn probe(&self, folded: &[char], depth: usize, mut f: impl FnMut(usize)) {
        deletions(folded, depth, |h| {
            let b = (h >> (32 - self.filter_bits)) as usize;
            if self.filter[b / 64] & (1 << (b % 64)) == 0 {
                return;
            }
            let lo = self.keys.partition_point(|&k| ((k >> 32) as u32) < h);
            for &k in self.keys[lo..]
                .iter()
                .take_while(|&&k| (k >> 32) as u32 == h)
            {
                f((k & 0xffff_ffff) as usize);
            }
        });
    }

    /// How far `word` is from `part`, if within the part's bound.
    fn measure(
        &self,
        part: &Part,
        word: &str,
        folded: &[char],
        caps: bool,
    ) -> Option<(usize, Departure)> {
        if part.acronym != caps {
            return None;
        }
        if part.acronym {
            // One swap of two adjacent letters, nothing else.
            let (a, b) = (&part.folded, folded);
            if a.len() != b.len() {
                return None;
            }
            let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            return (diff.len() == 2
                && diff[1] == diff[0] + 1
                && a[diff[0]] == b[diff[1]]
                && a[diff[1]] == b[diff[0]])
                .then_some((1, Departure::Typo));
        }
        let n = part.folded.len();
        let d = edit_distance_chars(folded, &part.folded, bound(n))?;
        if d == 0 {
            return (word != part.form).then_some((0, Departure::Form));
        }
        // Adding or dropping an ending makes another word (`Korean`),
        // except one letter dropped from the end of a long name
        // (`Whitcomb`, `Ravnsun`).
        let (short, long) = if folded.len() < n {
            (folded, &part.folded[..])
        } else {
            (&part.folded[..], folded)
        };
        if long.starts_with(short) && !(folded.len() + 1 == n && n >= 6) {
            return None;
        }
        Some((d, Departure::Typo))
    }

    /// Whether the dictionary or the pack knows `word` as itself.
    fn known_as_itself(&self, word: &str, part: &Part, departure: Departure) -> bool {
        let lower = word.to_lowercase();
        if departure == Departure::Typo && self.known.contains(&lower) {
            return true;
        }
        if part.acronym {
            // Hunspell accepts an all-capital form of any word (`NAP`):
            // only an acronym the dictionary has as one is a word here.
            let mut cap = lower.clone();
            if let Some(f) = cap.get_mut(0..1) {
                f.make_ascii_uppercase();
            }
            return self.knows(word) && !self.knows(&lower) && !self.knows(&cap);
        }
        if !self.knows(word) {
            return false;
        }
        // A word the dictionary knows only as a proper noun (`Nisan`, a
        // month; `Thomson`) is another name: itself beside a person's name,
        // where it is most likely another person, but a slip beside a
        // place's or company's distinctive word (`Nisan` for Nissan).
        part.person || self.knows(&lower)
    }

    /// Whether the dictionary knows the part in lower case: an ordinary
    /// word, no name part to match alone.
    fn common(&self, part: &Part) -> bool {
        *part
            .common
            .get_or_init(|| self.knows(&part.form.to_lowercase()))
    }

    /// Whether the dictionary does not know the part at all.
    fn unusual(&self, part: &Part) -> bool {
        *part.unusual.get_or_init(|| !self.knows(&part.form))
    }
}

/// A tiny set of part ids seen while probing one word (most words probe
/// none, and few probe more than a handful).
mod smallvec_lite {
    /// The first few ids seen; past them every id is new (measured again,
    /// which is only slower).
    #[derive(Default)]
    pub struct Seen {
        ids: [usize; 8],
        len: usize,
    }

    impl Seen {
        pub fn insert(&mut self, id: usize) -> bool {
            if self.ids[..self.len].contains(&id) {
                return false;
            }
            if self.len < self.ids.len() {
                self.ids[self.len] = id;
                self.len += 1;
            }
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Evidence;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn hash(s: &[char]) -> u32 {
        let mut out = 0;
        deletions(s, 0, |h| out = h);
        out
    }

    proptest::proptest! {
        /// The constant-time deletion hashes are the hashes of the words
        /// with those letters deleted.
        #[test]
        fn deletion_hashes_are_the_hashes_of_the_deleted_forms(s in "[abcé]{0,12}") {
            let s = chars(&s);
            let mut want = std::collections::BTreeSet::new();
            want.insert(hash(&s));
            for i in 0..s.len() {
                let mut t = s.clone();
                t.remove(i);
                want.insert(hash(&t));
                for j in i..t.len() {
                    let mut u = t.clone();
                    u.remove(j);
                    want.insert(hash(&u));
                }
            }
            let mut got = std::collections::BTreeSet::new();
            deletions(&s, 2, |h| { got.insert(h); });
            proptest::prop_assert_eq!(got, want);
        }

        /// The index finds every part within its bound of a word, as a
        /// scan of all parts would.
        #[test]
        fn the_index_finds_what_a_scan_finds(
            parts in proptest::collection::vec("[A-E][a-e]{2,11}", 1..40),
            word in "[A-E][a-e]{1,12}",
        ) {
            let names: Vec<NameRule> = parts
                .iter()
                .map(|p| NameRule {
                    name: format!("Zq {p}"),
                    kind: NameKind::Person,
                    acronym: None,
                    evidence: Evidence::default(),
                    rivals: Vec::new(),
                })
                .collect();
            let index = PartIndex::new(&names, &RuleFile::default());
            let folded = chars(&word.to_lowercase());
            let depth = index.query_depth(folded.len());
            let mut got = std::collections::BTreeSet::new();
            index.probe(&folded, depth, |id| {
                let p = &index.parts[id];
                if edit_distance_chars(&folded, &p.folded, bound(p.folded.len())).is_some() {
                    got.insert(p.form.clone());
                }
            });
            let want: std::collections::BTreeSet<String> = index
                .parts
                .iter()
                .filter(|p| edit_distance_chars(&folded, &p.folded, bound(p.folded.len())).is_some())
                .map(|p| p.form.clone())
                .collect();
            proptest::prop_assert_eq!(got, want);
        }
    }
}
