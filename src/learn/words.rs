//! The house's vocabulary: the words its approved documents write that the
//! dictionary does not know (`[[word]]`, written to `learned/words.toml`
//! with their evidence, for a reviewer to read).
//!
//! Every word of the corpus's prose (headline and debris lines already
//! dropped by [`Corpus`]) is read as `spelling/unknown` reads a draft
//! ([`spelling_words`]). A word is learned when no dictionary of the
//! house's dialect knows it (of either dialect when the pack learned none),
//! it is no word of a learned name, title or role nor of the lexicon, and
//! the evidence says it is meant: it is in two documents or seen twice, it
//! is written only with a capital (a name: `Stennis`), or no dictionary word
//! is one edit from it other than by its ending (`clearers` beside
//! `clearer`). A lower-case word seen once with a dictionary word one edit
//! away (`recieve`) is more likely a slip that passed review than a house
//! word: it is not learned, and `learn` says so.
//!
//! Case: a word the corpus writes in lower case anywhere is learned in
//! lower case (and so known capitalised too); one it writes only
//! capitalised (`Kishida`) is learned as written.

use std::collections::{BTreeMap, HashMap, HashSet};

use rustc_hash::FxBuildHasher;

use super::evidence::FormStats;
use super::Corpus;
use crate::rules::{RuleFile, WordRule};
use crate::text::spell::{
    lexicon_words, speller, spelling_words, straight, Dialect, Speller, PREFIXES,
};
use crate::text::variants::counterpart;
use crate::text::words::{last_word, words};

/// How many near words are looked at to decide a one-off is a slip.
const SUGGESTIONS: usize = 5;

/// What was learned: the words, and notes on words left out as likely
/// slips.
pub struct WordsLearned {
    pub words: Vec<WordRule>,
    pub notes: Vec<String>,
}

/// Learns the vocabulary of `corpus` that neither `dialect`'s dictionary
/// (both, when `None`) nor the words of `known` (the learned names, titles
/// and roles) cover.
pub fn learn(corpus: &Corpus, known: &RuleFile, dialect: Option<Dialect>) -> WordsLearned {
    let spellers: Vec<&Speller> = match dialect {
        Some(d) => speller(d).into_iter().collect(),
        None => [Dialect::British, Dialect::American]
            .into_iter()
            .filter_map(speller)
            .collect(),
    };
    if spellers.is_empty() {
        return WordsLearned {
            words: Vec::new(),
            notes: Vec::new(),
        };
    }
    let mut house: HashSet<String, FxBuildHasher> = HashSet::default();
    for t in known
        .house_texts()
        .chain(lexicon_words().map(|w| -> &str { w }))
    {
        for w in spelling_words(t, 0) {
            house.insert(straight(w.text).to_lowercase());
        }
    }
    let mut verdict: HashMap<String, bool, FxBuildHasher> = HashMap::default();
    let mut unknown = |w: &str| -> bool {
        if let Some(&v) = verdict.get(w) {
            return v;
        }
        let v = !house.contains(&w.to_lowercase())
            && counterpart(w).is_none()
            && !spellers.iter().any(|s| s.knows(w));
        verdict.insert(w.to_string(), v);
        v
    };
    // Per word in lower case, each written form's count.
    let mut seen: BTreeMap<String, BTreeMap<String, FormStats>> = BTreeMap::new();
    for doc in &corpus.docs {
        for (base, slice) in doc.prose_slices() {
            for w in spelling_words(slice, base) {
                let word = straight(w.text);
                if !unknown(&word) {
                    continue;
                }
                let after = &doc.text[w.end..];
                let lower = word.to_lowercase();
                if after.starts_with('-') && PREFIXES.contains(&lower.as_str()) {
                    continue;
                }
                // Part of a hyphenated compound whose closed form is a
                // word (`co-ordinated`), as `spelling/unknown` reads it.
                let closed = |a: &str, b: &str| {
                    let joined = format!("{a}{b}");
                    spellers.iter().any(|s| s.knows(&joined))
                };
                let before = doc.text[..w.start]
                    .strip_suffix('-')
                    .and_then(|b| last_word(b).filter(|l| l.end == b.len()));
                let next = after.strip_prefix('-').and_then(|r| words(r, 0).next());
                if before.is_some_and(|b| closed(b.text, &word))
                    || next.is_some_and(|n| n.start == 0 && closed(&word, n.text))
                {
                    continue;
                }
                seen.entry(lower)
                    .or_default()
                    .entry(word.into_owned())
                    .or_default()
                    .add(&doc.id);
            }
        }
    }
    let mut words = Vec::new();
    let mut notes = Vec::new();
    for (lower, forms) in seen {
        // Lower case anywhere: one entry in lower case for every form.
        let groups: Vec<(String, Vec<&FormStats>)> = if forms.contains_key(&lower) {
            vec![(lower.clone(), forms.values().collect())]
        } else {
            forms.iter().map(|(f, s)| (f.clone(), vec![s])).collect()
        };
        for (word, stats) in groups {
            let mut all = FormStats::default();
            for s in stats {
                all.seen += s.seen;
                all.docs.extend(s.docs.iter().cloned());
            }
            // A slip changes a letter inside an ordinary word; a name
            // (written only with a capital) or an ending the dictionary
            // lacks (`clearers` beside `clearer`) is none.
            let lower_case = !word.chars().any(char::is_uppercase);
            let near: Vec<String> = spellers
                .iter()
                .flat_map(|s| s.near(&word, SUGGESTIONS))
                .collect();
            let inflected = near.iter().any(|n| word.starts_with(n.as_str()));
            let near = near.into_iter().next().filter(|_| !inflected);
            if lower_case && all.seen < 2 && all.docs.len() < 2 {
                if let Some(near) = near {
                    let doc = all.docs.iter().next().cloned().unwrap_or_default();
                    notes.push(format!(
                        "'{word}' is written once (in {doc}) and is one letter from '{near}': not learned as a house word (a slip?)"
                    ));
                    continue;
                }
            }
            words.push(WordRule {
                word,
                evidence: all.evidence(),
                note: None,
            });
        }
    }
    words.sort_by(|a, b| a.word.cmp(&b.word));
    WordsLearned { words, notes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{NameKind, NameRule};

    fn learned(texts: &[(&str, &str)], known: &RuleFile) -> WordsLearned {
        let corpus = Corpus::from_texts(texts.iter().copied());
        learn(&corpus, known, Some(Dialect::British))
    }

    fn words(l: &WordsLearned) -> Vec<(&str, u32, Vec<&str>)> {
        l.words
            .iter()
            .map(|w| {
                (
                    w.word.as_str(),
                    w.evidence.seen,
                    w.evidence.documents.iter().map(String::as_str).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn unknown_words_of_the_prose_are_learned_with_their_evidence() {
        let l = learned(
            &[
                (
                    "a.txt",
                    "Counternarcotics work with Zorblat went on. We recieve it. Mine clearers came.",
                ),
                ("b.txt", "More counternarcotics talks, and zorblat again."),
                (
                    "c.txt",
                    "The council said that our zygrobant programme starts in the spring.",
                ),
            ],
            &RuleFile::default(),
        );
        assert_eq!(
            words(&l),
            [
                ("clearers", 1, vec!["a"]),
                ("counternarcotics", 2, vec!["a", "b"]),
                ("zorblat", 2, vec!["a", "b"]),
                ("zygrobant", 1, vec!["c"]),
            ]
        );
        // Seen once and one letter from a word: a slip, said and not kept.
        assert_eq!(
            l.notes,
            ["'recieve' is written once (in a) and is one letter from 'receive': not learned as a house word (a slip?)"]
        );
    }

    #[test]
    fn names_capitals_prefixes_and_the_other_dialect() {
        let known = RuleFile {
            names: vec![NameRule {
                name: "Fumio Kishida".into(),
                kind: NameKind::Person,
                acronym: None,
                evidence: Default::default(),
                rivals: Vec::new(),
            }],
            ..RuleFile::default()
        };
        let l = learned(
            &[
                (
                    "a.txt",
                    "Mr Kishida met Quarrington on non-profit, co-ordinated work.",
                ),
                ("b.txt", "Quarrington’s team. The colour."),
            ],
            &known,
        );
        assert_eq!(words(&l), [("Quarrington", 2, vec!["a", "b"])]);
        // Without a dialect, a word either dictionary knows is left to the
        // variant rules.
        let corpus = Corpus::from_texts([("a.txt", "The color and the colour.")]);
        assert!(learn(&corpus, &RuleFile::default(), None).words.is_empty());
    }
}
