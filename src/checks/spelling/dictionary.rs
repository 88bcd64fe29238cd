//! Ordinary words: a word that neither the house's dictionary nor the house
//! itself knows.
//!
//! - `spelling/unknown` flags a word in neither the dictionary of the
//!   house's dialect (`[dialect] spelling = …`; no `[dialect]`, no check)
//!   nor the house's own vocabulary, with the nearest dictionary words as
//!   fixes (`recieve` → `receive`).
//! - `spelling/unknown-name` is the same for a capitalised word in the
//!   middle of a sentence: most likely a proper noun the pack does not know
//!   yet (a new person's name), so only information, never a warning.
//!
//! The house's vocabulary is every word of its learned and curated names,
//! titles, roles, ships, events, abbreviations, ranks and spellings' house
//! forms, its `[[word]]` entries (learned from the approved documents'
//! prose, or kept by hand, also as `curated/words.txt`), its `[[accept]]`
//! forms, and the lexicon's honorifics, ranks and office words. A word
//! that `text::variants` knows as one side of a British/American pair is
//! `spelling/variant`'s, so one slip gives one finding; so is a British
//! `-ize` form whose `-ise` form the dictionary knows (`prioritize`: the
//! British dictionary lists only `-ise`, but Oxford spelling writes `-ize`).
//!
//! What a word is: [`spelling_words`] (apostrophes joined, possessives cut,
//! codes, acronyms and addresses left out); each part of a hyphenated
//! compound is checked, and a part that only stands before a hyphen
//! (`non-`, or `peace-` of a closed `peacekeeping`) is known through the
//! compound. Where the house keeps quotations verbatim, words inside
//! quotation marks are the speaker's and are not checked.
//!
//! Cost: a dictionary look-up is a few microseconds, so every answer is
//! kept, per distinct word, in a table the check shares across threads and
//! drafts; suggestions are computed only for unknown words, one edit away
//! first ([`Speller::near`]), the dictionary's slow search only for a few
//! words per region.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, RwLock};

use jiff::civil::Date;
use rustc_hash::FxBuildHasher;

use super::{Check, Mention};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Rule, Severity};
use crate::rules::{Quotations, RuleFile};
use crate::text::lexicon;
use crate::text::quotes::{self, quoted_spans};
use crate::text::spell::{
    ise_form, lexicon_words, speller, spelling_words, spelling_words_of, straight, Dialect,
    Speller, PREFIXES,
};
use crate::text::variants::counterpart;
use crate::text::words::{is_all_caps, starts_sentence, Word};

pub static SPELLING_UNKNOWN: Rule = Rule {
    code: "spelling/unknown",
    summary: "A word neither the dictionary nor the house knows",
    severity: Severity::Warning,
    what: "Flags a word that is in neither the dictionary of the house's English (British \
           or American, `[dialect]` in the pack) nor the house's own words, and offers \
           the nearest dictionary words, nearest first. The house's words are every word \
           of its names, titles, roles, ships, events and abbreviations, the words its \
           approved documents use that the dictionary lacks (learned as `[[word]]`), the \
           honorifics, ranks and office words draftlint knows, and words added by hand. \
           A capitalised word in mid-sentence is `spelling/unknown-name` instead, unless \
           it is one slip from a title word (`Defence Secertary`). Words with digits, \
           acronyms in capitals, web and email addresses, code, and (where the house \
           keeps quotations verbatim) quoted words are not checked. The example assumes \
           a pack with `[dialect] spelling = \"british\"`.",
    why: "A typo the reader sees first undoes careful house style. The dictionary alone \
          would flag every house name; the house's own words alone would miss ordinary \
          slips. Together they flag what neither knows. To make a word known, add it to \
          the house words: the editor's \"Add to house words\" action, a `[[word]]` entry \
          (`word = \"counternarcotics\"`) in a curated file, or a line in \
          `curated/words.txt`.",
    example: "We recieve the report.",
    fixed: Some("We receive the report."),
    fix_safety: "Unsafe: the nearest word by spelling may not be the word meant. The \
                 nearest is offered first, the others after it; the draft's capitals are \
                 kept (`Recieve` → `Receive`).",
    applicability: Some(Applicability::Unsafe),
};

pub static SPELLING_UNKNOWN_NAME: Rule = Rule {
    code: "spelling/unknown-name",
    summary: "A capitalised word the house does not know, likely a new name",
    severity: Severity::Information,
    what: "Flags a capitalised word in mid-sentence (or a capitalised word with no \
           dictionary word one slip away) that is in neither the dictionary nor the \
           house's words: most likely a proper noun the pack has not seen, such as a new \
           person's name. The example assumes a pack with `[dialect] spelling = \
           \"british\"`.",
    why: "A new name is worth a look (is it spelt as its owner spells it?) but is no \
          mistake, so this is information only. Add the name to the house words (the \
          editor's \"Add to house words\" action) and it is known from then on; switch \
          the code off (`\"spelling/unknown-name\" = \"off\"` under `[severity]`) to see \
          none.",
    example: "We met Ambassador Quarrington today.",
    fixed: None,
    fix_safety: "No fix: only the writer knows how a new name is spelt.",
    applicability: None,
};

/// At most this many suggestions a finding.
const SUGGESTIONS: usize = 3;
/// At most this many distinct unknown words a region get suggestions at
/// all, and this many of them the dictionary's slow search.
const SUGGESTED_PER_REGION: usize = 24;
const SLOW_PER_REGION: usize = 2;
/// The shared tables are emptied when they grow past this many words.
const CACHE_MAX: usize = 200_000;

type Set = HashSet<String, FxBuildHasher>;

/// Whether each word is known, by word as written.
type Known = HashMap<Box<str>, bool, FxBuildHasher>;

thread_local! {
    /// This thread's answers, for the dictionary check with the id given.
    static LOCAL: std::cell::RefCell<(usize, Known)> =
        std::cell::RefCell::new((0, HashMap::default()));
}

/// Ids for compiled checks (0 is none): a thread's table is for one.
static NEXT_ID: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);
/// Suggestions by word, shared by the threads checking a draft.
type Suggested = RwLock<HashMap<Box<str>, Arc<[String]>, FxBuildHasher>>;

pub(super) struct Dictionary {
    /// Which compiled check this is, for the threads' own tables.
    id: usize,
    dialect: Dialect,
    /// House words as written, apostrophes straight.
    house: Set,
    /// House words written in lower case, known in any case.
    house_lower: Set,
    /// Title and office words, in lower case: a capitalised slip of one of
    /// them is a slip, not a new name (`Secertary`).
    title_words: Set,
    verbatim: bool,
    /// Whether a word (as written) is known: house, pair or dictionary.
    known: RwLock<Known>,
    /// The words one edit from a word (lower case), and the dictionary's
    /// slow suggestions for it.
    near: Suggested,
    slow: Suggested,
}

/// The words of `text` as house words: every word a spelling check sees.
fn add_words(text: &str, house: &mut Set, lower: &mut Set) {
    for w in spelling_words(text, 0) {
        let w = straight(w.text).into_owned();
        if !w.chars().any(char::is_uppercase) {
            lower.insert(w.clone());
        }
        house.insert(w);
    }
}

impl Dictionary {
    fn speller(&self) -> Option<&'static Speller> {
        speller(self.dialect)
    }

    fn in_house(&self, word: &str) -> bool {
        if self.house.contains(word) {
            return true;
        }
        if !word.chars().any(char::is_uppercase) {
            return false;
        }
        let lower = word.to_lowercase();
        if self.house_lower.contains(&lower) {
            return true;
        }
        // `KISHIDA` for `Kishida`.
        is_all_caps(word) && self.house.contains(&capitalise(&lower))
    }

    /// Whether `word` (a spelling word, as written) is known; cached, first
    /// in the checking thread's own table (no lock, no shared memory
    /// written: most words of a draft are asked many times), then in the
    /// table the threads share.
    fn knows(&self, word: &str) -> bool {
        LOCAL.with(|local| {
            let Ok(mut local) = local.try_borrow_mut() else {
                return self.knows_shared(word);
            };
            if local.0 != self.id {
                local.0 = self.id;
                local.1.clear();
            }
            if let Some(&k) = local.1.get(word) {
                return k;
            }
            let k = self.knows_shared(word);
            if local.1.len() >= CACHE_MAX {
                local.1.clear();
            }
            local.1.insert(word.into(), k);
            k
        })
    }

    fn knows_shared(&self, word: &str) -> bool {
        if let Some(&k) = self
            .known
            .read()
            .ok()
            .and_then(|m| m.get(word).copied())
            .as_ref()
        {
            return k;
        }
        let w = straight(word);
        // The dictionary's answer, from the forms listed at compile time
        // while its parse is not done.
        let dictionary = |w: &str| crate::text::spell::knows(self.dialect, w);
        let k = self.in_house(&w)
            || counterpart(&w).is_some()
            || dictionary(&w)
            // `Café`, `naïve`: the dictionaries list the borrowed words
            // without their accents.
            || !w.is_ascii() && dictionary(&crate::text::words::without_diacritics(&w))
            || self.dialect == Dialect::British && ise_form(&w).is_some_and(|ise| dictionary(&ise));
        if let Ok(mut m) = self.known.write() {
            if m.len() >= CACHE_MAX {
                m.clear();
            }
            m.insert(word.into(), k);
        }
        k
    }

    /// Up to [`SUGGESTIONS`] dictionary words for `word`, nearest first, in
    /// lower case: those one edit away, or when there are none and `slow`
    /// allows, the dictionary's own search. Each answer is cached, and is
    /// the same whoever asked first.
    fn suggestions(&self, speller: &Speller, word: &str, slow: bool) -> Arc<[String]> {
        let key = straight(word).to_lowercase();
        let near = cached(&self.near, &key, || speller.near(&key, SUGGESTIONS));
        if !near.is_empty() || !slow {
            return near;
        }
        cached(&self.slow, &key, || {
            speller.suggestions(&key, SUGGESTIONS, true)
        })
    }
}

/// `table`'s answer for `key`, computed by `make` when it has none.
fn cached(table: &Suggested, key: &str, make: impl FnOnce() -> Vec<String>) -> Arc<[String]> {
    if let Some(s) = table.read().ok().and_then(|m| m.get(key).cloned()) {
        return s;
    }
    let found: Arc<[String]> = make().into();
    if let Ok(mut m) = table.write() {
        if m.len() >= CACHE_MAX {
            m.clear();
        }
        m.insert(key.into(), found.clone());
    }
    found
}

/// Whether a capitalised word (not one in capitals, as `UK`) follows `end`
/// after one space or line break (`Anders| Lindqvist`).
fn before_a_capitalised_word(region: &str, end: usize) -> bool {
    let rest = &region[end..];
    let after = rest
        .strip_prefix(' ')
        .or_else(|| rest.strip_prefix('\n'))
        .unwrap_or("");
    let next = after
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    next.starts_with(char::is_uppercase) && !is_all_caps(next)
}

/// `word` with its first letter in upper case.
fn capitalise(word: &str) -> String {
    let mut cs = word.chars();
    cs.next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(cs).collect())
}

/// Capitals after the first letter (`iPhone`, `McKinsey`) mark a name.
fn has_inner_capital(word: &str) -> bool {
    !is_all_caps(word) && word.chars().skip(1).any(char::is_uppercase)
        || word.starts_with(char::is_lowercase) && word.chars().any(char::is_uppercase)
}

/// The word joined to `w` by a hyphen on the side `after` (true: the next
/// word), if any.
fn hyphen_neighbour<'a>(
    region: &'a str,
    w: &Word<'_>,
    base: usize,
    after: bool,
) -> Option<&'a str> {
    let (s, e) = (w.start - base, w.end - base);
    let word_char = |c: char| c.is_alphanumeric() || c == '\'' || c == '\u{2019}';
    if after {
        let rest = region[e..].strip_prefix(['-', '\u{2010}', '\u{2011}'])?;
        let len = rest.find(|c: char| !word_char(c)).unwrap_or(rest.len());
        (len > 0).then(|| &rest[..len])
    } else {
        let before = region[..s].strip_suffix(['-', '\u{2010}', '\u{2011}'])?;
        let from = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| word_char(c))
            .last()
            .map(|(i, _)| i)?;
        Some(&before[from..])
    }
}

impl Check for Dictionary {
    fn region(
        &self,
        region: &str,
        base: usize,
        _date: Option<Date>,
        out: &mut Vec<Diagnostic>,
        _mentions: &mut Vec<Mention>,
    ) {
        let all: Vec<Word<'_>> = crate::text::words::words(region, 0).collect();
        self.region_words(region, base, &all, out);
    }
}

impl Dictionary {
    /// [`Check::region`] given the region's [`words`](crate::text::words::words)
    /// (read from its first byte), which the variant rules read too.
    pub(super) fn region_words(
        &self,
        region: &str,
        base: usize,
        all: &[Word<'_>],
        out: &mut Vec<Diagnostic>,
    ) {
        let mut quoted: Option<Vec<Range<usize>>> = None;
        // The distinct unknown words given suggestions so far, and how many
        // by the slow search: the same for a region wherever it is checked.
        let mut suggested: Vec<(&str, bool)> = Vec::new();
        let mut slow = 0;
        for w in spelling_words_of(region, base, all.iter().copied()) {
            if self.knows(w.text) {
                continue;
            }
            // A part of a hyphenated compound: the closed compound, or a
            // prefix that stands only before a hyphen.
            let next = hyphen_neighbour(region, &w, base, true);
            if next.is_some_and(|n| {
                PREFIXES.contains(&w.text.to_lowercase().as_str())
                    || self.knows(&format!("{}{n}", w.text))
            }) {
                continue;
            }
            if hyphen_neighbour(region, &w, base, false)
                .is_some_and(|p| self.knows(&format!("{p}{}", w.text)))
            {
                continue;
            }
            // Only an unknown word needs the parsed dictionary (for its
            // suggestions); without one, no spelling is checked.
            let Some(speller) = self.speller() else {
                return;
            };
            let (s, e) = (w.start - base, w.end - base);
            if self.verbatim
                && quotes::inside(quoted.get_or_insert_with(|| quoted_spans(region)), &(s..e))
            {
                continue;
            }
            let lower_case = !w.text.chars().any(char::is_uppercase);
            let name_like = has_inner_capital(w.text);
            let before = suggested
                .iter()
                .find(|(t, _)| *t == w.text)
                .map(|(_, s)| *s);
            let (may_suggest, wants_slow) = match before {
                Some(slow) => (true, slow),
                None if !name_like && suggested.len() < SUGGESTED_PER_REGION => {
                    // The slow search for the first few lower-case words.
                    let wants = lower_case && slow < SLOW_PER_REGION;
                    slow += usize::from(wants);
                    suggested.push((w.text, wants));
                    (true, wants)
                }
                None => (false, false),
            };
            let found: Arc<[String]> = if may_suggest {
                self.suggestions(speller, w.text, wants_slow)
            } else {
                Arc::from(Vec::new())
            };
            let sentence = starts_sentence(region, s);
            let slip = if lower_case {
                true
            } else if name_like {
                false
            } else if sentence && !is_all_caps(w.text) && before_a_capitalised_word(region, e) {
                // `Anders Lindqvist said`: a new person's name opening a
                // sentence, not a slip in a word.
                false
            } else if sentence || is_all_caps(w.text) {
                // Capitalised by its place: a slip when an ordinary word is
                // one edit away.
                !found.is_empty()
            } else {
                // Capitalised mid-sentence: a name, unless one edit from a
                // title word.
                found.iter().any(|f| self.title_words.contains(f))
            };
            let range = w.start..w.end;
            if slip {
                let fixes: Vec<&String> = if !lower_case && !sentence && !is_all_caps(w.text) {
                    // Mid-sentence capitals: only the title words.
                    found
                        .iter()
                        .filter(|f| self.title_words.contains(*f))
                        .collect()
                } else {
                    found.iter().collect()
                };
                let mut message = format!(
                    "'{}' is in neither the {} dictionary nor the house's words",
                    w.text,
                    self.dialect.as_str()
                );
                match fixes.first() {
                    Some(f) => message.push_str(&format!(
                        ": did you mean '{}'?",
                        crate::text::variants::with_case_of(w.text, f)
                    )),
                    None => message.push('.'),
                }
                let mut d = Diagnostic::new(&SPELLING_UNKNOWN, range.clone(), message);
                for f in fixes {
                    d = d.with_fix(Fix::replace(
                        range.clone(),
                        crate::text::variants::with_case_of(w.text, f),
                        Applicability::Unsafe,
                    ));
                }
                out.push(d);
            } else {
                out.push(Diagnostic::new(
                    &SPELLING_UNKNOWN_NAME,
                    range,
                    format!(
                        "'{}' is in neither the {} dictionary nor the house's words: if it is a name, add it to the house words.",
                        w.text,
                        self.dialect.as_str()
                    ),
                ));
            }
        }
    }
}

/// The check, or `None` when the pack states no dialect.
#[cfg(test)]
pub fn build(file: &RuleFile) -> Option<Box<dyn Check>> {
    build_dictionary(file).map(|d| Box::new(d) as Box<dyn Check>)
}

/// The check, or `None` when the pack states no dialect.
pub(super) fn build_dictionary(file: &RuleFile) -> Option<Dictionary> {
    let dialect = file.dialect.as_ref()?.spelling;
    // Parse the dictionary while the rest of the pack compiles and the
    // draft is read: the first region waits for it only if it is not done.
    crate::text::spell::warm(dialect);
    let (mut house, mut lower) = (Set::default(), Set::default());
    for t in file
        .house_texts()
        .chain(lexicon_words().map(|w| -> &str { w }))
    {
        add_words(t, &mut house, &mut lower);
    }
    let mut title_words = Set::default();
    let titles = file
        .titles
        .iter()
        .map(|t| t.title.as_str())
        .chain(file.roles.iter().map(|r| r.role.as_str()))
        .chain(lexicon::OFFICE_HEADS.iter().copied())
        .chain(lexicon::RANKS.iter().copied())
        .chain(lexicon::HONORIFICS.iter().copied())
        .chain(lexicon::RANK_FORMS.iter().map(|(r, _)| *r));
    for t in titles {
        for w in spelling_words(t, 0) {
            title_words.insert(w.text.to_lowercase());
        }
    }
    let verbatim = file
        .spelling_policy
        .as_ref()
        .is_some_and(|p| p.quotations == Quotations::Verbatim);
    Some(Dictionary {
        id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        dialect,
        house,
        house_lower: lower,
        title_words,
        verbatim,
        known: RwLock::default(),
        near: RwLock::default(),
        slow: RwLock::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{codes, fixed, flagged, lints, Linter};
    use crate::fix::Which;
    use crate::rules::{DialectRule, NameKind, NameRule, WordRule};

    fn file(dialect: Dialect) -> RuleFile {
        RuleFile {
            dialect: Some(DialectRule::stated(dialect)),
            names: vec![NameRule {
                name: "Fumio Kishida".into(),
                kind: NameKind::Person,
                acronym: None,
                evidence: Default::default(),
                rivals: Vec::new(),
            }],
            words: vec![WordRule {
                word: "counternarcotics".into(),
                evidence: Default::default(),
                note: None,
            }],
            ..RuleFile::default()
        }
    }

    fn build_ok(f: &RuleFile) -> crate::checks::Built {
        Ok(build(f).expect("a dialect"))
    }

    fn gb() -> Linter {
        crate::checks::testing::linter(build_ok, &file(Dialect::British))
    }

    #[test]
    fn no_dialect_no_check() {
        assert!(build(&RuleFile::default()).is_none());
    }

    #[test]
    fn ordinary_typos_are_warned_with_the_nearest_word_first() {
        let text = "We recieve a seperate note that occured.";
        assert_eq!(flagged(text, &gb()), ["recieve", "seperate", "occured"]);
        let ds = lints(text, &gb());
        assert!(ds.iter().all(|d| d.severity == Severity::Warning));
        assert_eq!(
            ds[0].message,
            "'recieve' is in neither the british dictionary nor the house's words: did you mean 'receive'?"
        );
        assert_eq!(ds[0].fixes[0].edits[0].replacement, "receive");
        assert!(ds.iter().all(|d| d
            .fixes
            .iter()
            .all(|f| f.applicability == Applicability::Unsafe)));
        // Nothing is applied without a person.
        assert_eq!(fixed(text, &gb(), Which::Safe), text);
    }

    #[test]
    fn the_drafts_capitals_are_kept() {
        let ds = lints("Recieve it. RECIEVE IT.", &gb());
        let firsts: Vec<&str> = ds
            .iter()
            .map(|d| d.fixes[0].edits[0].replacement.as_str())
            .collect();
        assert_eq!(firsts, ["Receive", "RECEIVE"]);
    }

    #[test]
    fn a_title_slip_is_a_warning_and_a_new_name_only_information() {
        let text = "The Defence Secertary met Ambassador Quarrington and Kishida.";
        let ds = lints(text, &gb());
        let got: Vec<(&str, &str)> = ds
            .iter()
            .map(|d| (&text[d.range.clone()], d.code))
            .collect();
        assert_eq!(
            got,
            [
                ("Secertary", "spelling/unknown"),
                ("Quarrington", "spelling/unknown-name")
            ]
        );
        assert_eq!(ds[0].fixes[0].edits[0].replacement, "Secretary");
        assert_eq!(ds[1].severity, Severity::Information);
        assert!(ds[1].fixes.is_empty());
        // At the start of a sentence: a slip when a word is one edit away.
        assert_eq!(
            codes("Seperate talks. Quarrington spoke.", &gb()),
            ["spelling/unknown", "spelling/unknown-name"]
        );
        // A new person's full name opening a sentence (`Anders` is one edit
        // from `wanders`) is a name, not a slip.
        assert_eq!(
            codes("Anders Quarrington spoke. Wanders off.", &gb()),
            ["spelling/unknown-name", "spelling/unknown-name"]
        );
    }

    #[test]
    fn borrowed_words_with_their_accents_are_known() {
        // Composed and decomposed accents alike; a slip is still a slip.
        assert!(lints(
            "The Café Tokyo, a naïve plan, a Cafe\u{301} and a café.",
            &gb()
        )
        .is_empty());
        assert_eq!(flagged("A naïvve plan.", &gb()), ["naïvve"]);
    }

    #[test]
    fn house_words_and_their_cases_are_known() {
        assert!(lints(
            "Kishida's counternarcotics plan. KISHIDA. Counternarcotics work.",
            &gb()
        )
        .is_empty());
        // A house word with a capital is not known in lower case.
        assert_eq!(flagged("The kishida plan.", &gb()), ["kishida"]);
    }

    #[test]
    fn the_house_dialect_chooses_the_dictionary() {
        assert!(lints("The colour of the centre.", &gb()).is_empty());
        let us = crate::checks::testing::linter(build_ok, &file(Dialect::American));
        assert!(lints("The color of the center.", &us).is_empty());
    }

    #[test]
    fn compounds_codes_acronyms_and_addresses() {
        let text = "A non-profit, co-operation and anti-corruption F-35 JMSDF \
                    see www.gov.uk, a@b.org and peace-keeping.";
        assert!(lints(text, &gb()).is_empty(), "{:#?}", lints(text, &gb()));
        assert_eq!(flagged("A well-recieved plan.", &gb()), ["recieved"]);
    }

    #[test]
    fn verbatim_quotations_are_not_checked() {
        let mut f = file(Dialect::British);
        let text = "He said “we recieve it” and we recieve it.";
        let l = crate::checks::testing::linter(build_ok, &f);
        assert_eq!(flagged(text, &l).len(), 2);
        f.spelling_policy = Some(crate::rules::SpellingPolicy {
            quotations: Quotations::Verbatim,
            forms: Vec::new(),
            seen: 1,
            documents: vec!["a".into()],
        });
        let l = crate::checks::testing::linter(build_ok, &f);
        assert_eq!(flagged(text, &l).len(), 1);
    }

    #[test]
    fn many_unknown_words_stay_cheap_and_are_all_flagged() {
        let text = (0..200)
            .map(|i| format!("zq{}x", "abcdefghij".repeat(1 + i % 3)))
            .collect::<Vec<_>>()
            .join(" ");
        let ds = lints(&text, &gb());
        assert_eq!(ds.len(), 200);
    }
}
