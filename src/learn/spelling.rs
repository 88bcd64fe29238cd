//! Learning preferred spellings among variants.
//!
//! Two kinds of variant are learned, both only from ordinary prose
//! ([`CorpusDoc::prose_slices`](super::CorpusDoc::prose_slices)), never from
//! words inside proper names (`Japan Maritime Self-Defense Force` keeps its
//! own spelling and says nothing about the house's):
//!
//! - **Compounds** written closed, hyphenated or spaced (`cooperation` /
//!   `co-operation`, `cyber security` / `cybersecurity`, `counter-terrorism`
//!   / `counter terrorism`). Forms are grouped by their letters without
//!   hyphens or spaces, and related words share evidence: `co-operate` and
//!   `co-operation` both say the house hyphenates `co-op…`, because they are
//!   grouped by the first element and the stem without its inflectional
//!   ending (see [`lemma`]). A family is learned when the corpus shows two
//!   ways of writing it and one wins, or when it writes it one way across
//!   documents (by [`evidence::decide`](super::evidence::decide)): a house
//!   compound, whose other forms are variants although no approved document
//!   wrote them (`peacekeeping` → `peace-keeping`, `peace keeping`). Closed
//!   house compounds are found by splitting a word into two dictionary
//!   words (`split_compound`: not a function word, prefix or ending, a
//!   short first part written by the house itself); a hyphenated one's
//!   closed form is a variant only where that is a dictionary word or a
//!   combining form makes it one (`counterterrorism`, not `longterm`).
//!   Spaced forms are variants only where two words would be wrong
//!   (`spaced_is_a_variant`): `every day` / `everyday`, `set up` /
//!   `setup`, `long time` / `longtime`, `a part` / `apart` are different
//!   usages, not spellings.
//! - **British and American spellings** from the generated pair list of
//!   general English knowledge ([`crate::text::variants`], from SCOWL). The
//!   house's dialect and, for a British house, its `-ise`/`-ize` choice are
//!   learned as a policy (`[dialect]`) from every pair word the house uses
//!   (`learn_dialect`); the checks apply it to words the corpus never
//!   shows. A word family gets a rule of its own only where the house
//!   departs from its own policy for that family (an exception), where the
//!   sources disagree on it (a consistency rule), or where no policy could
//!   be learned. A word whose `-ise` is no variant (`advise`, `exercise`) is
//!   in no pair, so it says nothing.
//!
//! Every family is decided by [`evidence::decide`](super::evidence::decide):
//! a winner becomes a `SpellingRule` (the check `spelling/variant`); sources
//! that genuinely disagree become a consistency rule (kind `consistency`,
//! the check `spelling/consistency`), never a winner.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::evidence::{
    decide, FormStats, Tally, Verdict, DOMINANCE, MIN_DOCS_PREFERRED, MIN_SEEN_PREFERRED,
};
use super::Corpus;
use aho_corasick::{AhoCorasick, MatchKind};

use crate::rules::{
    DialectRule, Endings, FormCount, GeneratedForm, Quotations, RuleFile, SpellingForm,
    SpellingKind, SpellingPolicy, SpellingRule,
};
use crate::text::proper::in_proper_name;
use crate::text::quotes::{self, quoted_spans};
use crate::text::spell::{speller, Dialect};
use crate::text::variants::{self, Pair, Policy};
use crate::text::words::is_whole_word;
use crate::text::words::{words, Word};

/// First elements after which a space is one more way of writing a
/// compound rather than a phrase (`cyber security`, `counter terrorism`,
/// `anti terrorism`, `non proliferation`, `self defence`).
pub const SPACED_FIRST: &[&str] = &["anti", "counter", "cyber", "non", "self"];

/// First elements whose hyphen changes the word (`re-sign` / `resign`,
/// `re-cover`, `pre-sent`, `un-ionised`): never learned as variants.
const MEANINGFUL_HYPHEN: &[&str] = &["re", "pre", "de", "un", "in", "be"];

/// Compounds shorter than this (letters, without joints) are left alone:
/// short keys pair unrelated words (`co-op` / `coop`, `e-mail` is fine but
/// rare enough to curate).
const MIN_KEY_LETTERS: usize = 6;

/// Endings stripped to group related words (longest first):
/// `cooperation`, `cooperate`, `cooperating`, `cooperative` → `cooperat`.
const ENDINGS: &[&str] = &[
    "ively", "ions", "isms", "ists", "ing", "ion", "ism", "ist", "ive", "ed", "es", "e", "s",
];

/// The derivations generated for a Latinate `-ate` family (`cooperat`), so
/// that `co-operating` is caught when the corpus showed only
/// `co-operation`.
const ATE_FORMS: &[&str] = &["e", "es", "ed", "ing", "ion", "ive"];

/// Learns this family's rules from `corpus`.
pub fn learn(corpus: &Corpus) -> (RuleFile, Vec<String>) {
    let seen = observe(corpus);
    let mut rules = Vec::new();
    let mut conflicts = Vec::new();
    learn_compounds(corpus, &seen, &mut rules, &mut conflicts);
    let dialect = learn_dialect(&seen);
    learn_british_american(
        &seen,
        dialect.as_ref().map(DialectRule::policy),
        &mut rules,
        &mut conflicts,
    );
    rules.sort_by(|a, b| {
        (a.preferred.as_str(), &a.variants).cmp(&(b.preferred.as_str(), &b.variants))
    });
    rules.dedup_by(|a, b| a.preferred == b.preferred && a.variants == b.variants);
    let spelling_policy = learn_quotations(corpus, &rules, dialect.as_ref());
    (
        RuleFile {
            spellings: rules,
            spelling_policy,
            dialect,
            ..RuleFile::default()
        },
        conflicts,
    )
}

/// Whether the house keeps quotations verbatim: the variants its rules
/// replace occur in the approved prose, and only inside quotation marks
/// (a speaker quoted with the spelling the house itself does not use).
/// Seen at least [`MIN_SEEN_PREFERRED`] times. Otherwise `None`: quotations
/// follow house spelling, as by default.
fn learn_quotations(
    corpus: &Corpus,
    rules: &[SpellingRule],
    dialect: Option<&DialectRule>,
) -> Option<SpellingPolicy> {
    let policy = dialect.map(DialectRule::policy);
    let variants: BTreeSet<String> = rules
        .iter()
        .filter(|r| r.kind != SpellingKind::Consistency)
        .flat_map(|r| r.families().flat_map(|(_, vs)| vs.iter()))
        .map(|v| v.to_lowercase())
        .collect();
    if variants.is_empty() && policy.is_none() {
        return None;
    }
    // Every word a rule names, house form or variant: the policy leaves
    // those to the rule.
    let ruled: HashSet<String> = rules
        .iter()
        .flat_map(|r| {
            r.families()
                .flat_map(|(h, vs)| std::iter::once(h).chain(vs.iter().map(String::as_str)))
        })
        .map(str::to_lowercase)
        .collect();
    let ruled = &ruled;
    let patterns: Vec<&String> = variants.iter().collect();
    let finder = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
        .ok()?;
    let mut quoted = FormStats::default();
    let mut quoted_forms: BTreeSet<String> = BTreeSet::new();
    let mut outside = 0u32;
    for doc in &corpus.docs {
        for (_, slice) in doc.prose_slices() {
            let mut spans = None;
            // The words the policy would change, then the rules' variants.
            let departures = policy.into_iter().flat_map(|policy| {
                words(slice, 0).filter_map(move |w| {
                    let lower = w.text.to_lowercase();
                    let (_, pair) = variants::lookup(&lower)?;
                    pair.departure(&lower, policy)?;
                    (!ruled.contains(&lower)).then_some((w.start, w.end))
                })
            });
            let found: Vec<(usize, usize)> = departures
                .chain(finder.find_iter(slice).map(|m| (m.start(), m.end())))
                .collect();
            for (s, e) in found {
                if !is_whole_word(slice, s, e)
                    || words(&slice[s..e], s).any(|w| in_proper_name(slice, w.start, w.end))
                {
                    continue;
                }
                if quotes::inside(spans.get_or_insert_with(|| quoted_spans(slice)), &(s..e)) {
                    quoted.add(&doc.id);
                    quoted_forms.insert(slice[s..e].to_lowercase());
                } else {
                    outside += 1;
                }
            }
        }
    }
    // As everywhere, a single observation proves nothing.
    (quoted.seen >= MIN_SEEN_PREFERRED && outside == 0).then(|| SpellingPolicy {
        quotations: Quotations::Verbatim,
        forms: quoted_forms.into_iter().collect(),
        seen: quoted.seen,
        documents: quoted.docs.into_iter().collect(),
    })
}

/// How the two parts of a compound are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Joint {
    Closed,
    Hyphen,
    Space,
}

impl Joint {
    fn label(self) -> &'static str {
        match self {
            Joint::Closed => "closed",
            Joint::Hyphen => "hyphen",
            Joint::Space => "space",
        }
    }

    fn from_label(s: &str) -> Joint {
        match s {
            "hyphen" => Joint::Hyphen,
            "space" => Joint::Space,
            _ => Joint::Closed,
        }
    }

    fn render(self, first: &str, stem: &str) -> String {
        match self {
            Joint::Closed => format!("{first}{stem}"),
            Joint::Hyphen => format!("{first}-{stem}"),
            Joint::Space => format!("{first} {stem}"),
        }
    }
}

/// What the corpus prose shows, lower-cased, proper names left out.
#[derive(Default)]
struct Seen {
    /// Every usable word, hyphenated parts included (`self-defence` gives
    /// `self` and `defence`): for British/American pairs.
    words: HashMap<String, FormStats>,
    /// Words standing alone, not part of a hyphenated chain: closed
    /// compounds.
    closed: HashMap<String, FormStats>,
    /// Two words joined by a hyphen or a space: (first, second, joint).
    joined: HashMap<(String, String, Joint), FormStats>,
    /// Words of [`MIN_CLOSED_LETTERS`] letters or more standing alone (no
    /// hyphen either side): closed compounds the dictionary can split.
    standalone: HashMap<String, FormStats>,
    /// Every word the prose uses, lower case: the words a house compound's
    /// parts must be.
    vocabulary: HashSet<String>,
}

fn observe(corpus: &Corpus) -> Seen {
    let mut seen = Seen::default();
    for doc in &corpus.docs {
        for (_, slice) in doc.prose_slices() {
            let ws: Vec<Word<'_>> = words(slice, 0).collect();
            let norm: Vec<Option<Cow<'_, str>>> = ws.iter().map(|w| normalise(slice, w)).collect();
            let gap = |i: usize| -> &str {
                // The text between word i and word i + 1.
                match ws.get(i + 1) {
                    Some(next) => &slice[ws[i].end..next.start],
                    None => "",
                }
            };
            let hyphen_before = |i: usize| i > 0 && gap(i - 1) == "-";
            for (i, n) in norm.iter().enumerate() {
                let Some(w) = n else { continue };
                if variants::lookup(w).is_some() {
                    bump(&mut seen.words, w, &doc.id);
                }
                if !seen.vocabulary.contains(w.as_ref()) {
                    seen.vocabulary.insert(w.to_string());
                }
                if w.len() >= MIN_CLOSED_LETTERS
                    && !hyphen_before(i)
                    && gap(i) != "-"
                    && w.bytes().all(|b| b.is_ascii_lowercase())
                {
                    bump(&mut seen.standalone, w, &doc.id);
                }
                let Some(Some(next)) = norm.get(i + 1) else {
                    continue;
                };
                let alpha = |s: &str| s.chars().all(char::is_alphabetic);
                if !alpha(w) || !alpha(next) || ws[i + 1].text != next.as_ref() {
                    // Both parts letters only; the second part as written
                    // (a capital after a space starts a name, not a stem).
                    continue;
                }
                let chain_after = i + 2 < ws.len() && gap(i + 1) == "-";
                let joint = match gap(i) {
                    "-" if !hyphen_before(i) && !chain_after => Joint::Hyphen,
                    " " | "\n" if SPACED_FIRST.contains(&w.as_ref()) && !chain_after => {
                        Joint::Space
                    }
                    _ => continue,
                };
                seen.joined
                    .entry((w.to_string(), next.to_string(), joint))
                    .or_default()
                    .add(&doc.id);
            }
        }
    }
    observe_closed(corpus, &mut seen);
    seen
}

/// Counts closed compounds (`cooperation`): words standing alone that begin
/// with the first part of a pair seen hyphenated or spaced (`co-`). Done as a
/// second pass so that only those words are counted, not every word.
fn observe_closed(corpus: &Corpus, seen: &mut Seen) {
    let firsts: BTreeSet<&str> = seen.joined.keys().map(|(f, _, _)| f.as_str()).collect();
    if firsts.is_empty() {
        return;
    }
    // The first parts by length, so that each word is looked up once per
    // length rather than compared with every first part.
    let mut by_len: BTreeMap<usize, HashSet<Vec<u8>>> = BTreeMap::new();
    for f in &firsts {
        by_len
            .entry(f.len())
            .or_default()
            .insert(f.as_bytes().to_ascii_lowercase());
    }
    let mut prefix: Vec<u8> = Vec::new();
    let mut closed: HashMap<String, FormStats> = HashMap::new();
    for doc in &corpus.docs {
        for (_, slice) in doc.prose_slices() {
            let ws: Vec<Word<'_>> = words(slice, 0).collect();
            for (i, w) in ws.iter().enumerate() {
                let starts = by_len.iter().any(|(&n, set)| {
                    w.text.len() > n + 2 && w.text.is_char_boundary(n) && {
                        prefix.clear();
                        prefix.extend(w.text.as_bytes()[..n].iter().map(u8::to_ascii_lowercase));
                        set.contains(&prefix)
                    }
                });
                let hyphen_before = i > 0 && &slice[ws[i - 1].end..w.start] == "-";
                let hyphen_after = ws.get(i + 1).is_some_and(|n| &slice[w.end..n.start] == "-");
                if !starts || hyphen_before || hyphen_after {
                    continue;
                }
                if let Some(n) = normalise(slice, w) {
                    bump(&mut closed, &n, &doc.id);
                }
            }
        }
    }
    seen.closed = closed;
}

/// Counts `word` in `doc`, allocating its key only the first time.
fn bump(map: &mut HashMap<String, FormStats>, word: &str, doc: &str) {
    match map.get_mut(word) {
        Some(stats) => stats.add(doc),
        None => map.entry(word.to_string()).or_default().add(doc),
    }
}

/// The word in lower case, or `None` when it says nothing about spelling:
/// inside a proper name, or with capitals beyond the first letter
/// (`UK`, `JMSDF`, `McDonald`).
fn normalise<'a>(slice: &str, w: &Word<'a>) -> Option<Cow<'a, str>> {
    let mut chars = w.text.chars();
    let first = chars.next()?;
    if chars.any(char::is_uppercase) {
        return None;
    }
    if !first.is_uppercase() {
        return Some(Cow::Borrowed(w.text));
    }
    if in_proper_name(slice, w.start, w.end) {
        return None;
    }
    Some(Cow::Owned(w.text.to_lowercase()))
}

/// The stem without its inflectional or derivational ending, keeping at
/// least four letters: `operation` → `operat`, `terrorism` → `terror`.
pub fn lemma(stem: &str) -> &str {
    for e in ENDINGS {
        if let Some(s) = stem.strip_suffix(e) {
            if s.chars().count() >= 4 {
                return s;
            }
        }
    }
    stem
}

/// One compound family: a first element and a stem lemma, every stem seen
/// with them, and how often each joint was used.
#[derive(Default)]
struct Family {
    stems: BTreeSet<String>,
    joints: Tally,
    /// Each stem's own counts per joint (`cooperat` + `ion`, hyphenated).
    per_form: BTreeMap<(String, Joint), FormStats>,
}

fn learn_compounds(
    corpus: &Corpus,
    seen: &Seen,
    rules: &mut Vec<SpellingRule>,
    conflicts: &mut Vec<String>,
) {
    let mut families: BTreeMap<(String, String), Family> = BTreeMap::new();
    for ((first, stem, joint), stats) in &seen.joined {
        let letters = first.chars().count() + stem.chars().count();
        if letters < MIN_KEY_LETTERS
            || first.chars().count() < 2
            || stem.chars().count() < 3
            || MEANINGFUL_HYPHEN.contains(&first.as_str())
        {
            continue;
        }
        let fam = families
            .entry((first.clone(), lemma(stem).to_string()))
            .or_default();
        fam.stems.insert(stem.clone());
        merge(
            fam.joints.forms.entry(joint.label().into()).or_default(),
            stats,
        );
        merge(
            fam.per_form.entry((stem.clone(), *joint)).or_default(),
            stats,
        );
    }
    // Closed forms join a family already seen hyphenated or spaced.
    let firsts: BTreeSet<String> = families.keys().map(|(f, _)| f.clone()).collect();
    for (word, stats) in &seen.closed {
        for first in &firsts {
            let Some(stem) = word.strip_prefix(first.as_str()) else {
                continue;
            };
            if stem.chars().count() < 3 {
                continue;
            }
            if let Some(fam) = families.get_mut(&(first.clone(), lemma(stem).to_string())) {
                fam.stems.insert(stem.to_string());
                merge(
                    fam.joints
                        .forms
                        .entry(Joint::Closed.label().into())
                        .or_default(),
                    stats,
                );
                merge(
                    fam.per_form
                        .entry((stem.to_string(), Joint::Closed))
                        .or_default(),
                    stats,
                );
            }
        }
    }
    add_closed_compounds(corpus, seen, &mut families);
    for ((first, lem), fam) in &families {
        if fam.joints.forms.len() < 2
            && fam
                .joints
                .forms
                .values()
                .all(|s| s.docs.len() < MIN_DOCS_PREFERRED)
        {
            // Written one way only, and not across documents: no evidence
            // of the house's form. (Written one way across documents, it
            // is a house compound: its other forms are variants.)
            continue;
        }
        let stem = fam.stems.iter().next().map_or(lem.as_str(), String::as_str);
        if fam.joints.forms.len() < 2
            && fam.joints.forms.contains_key(Joint::Hyphen.label())
            && !(COMBINING.contains(&first.as_str())
                || first == "co"
                || known(&format!("{first}{stem}")))
        {
            // Hyphenated only: its closed form is a variant where that is
            // a word (`wellbeing`) or a combining form makes it one
            // (`counterterrorism`, `coordinate`), not an adjective pair
            // (`long-term`, `like-minded`, `five-day`).
            continue;
        }
        let allowed: Vec<Joint> = if SPACED_FIRST.contains(&first.as_str())
            || fam.joints.forms.contains_key(Joint::Space.label())
            || spaced_is_a_variant(first, stem)
        {
            vec![Joint::Closed, Joint::Hyphen, Joint::Space]
        } else {
            vec![Joint::Closed, Joint::Hyphen]
        };
        let mut stems = fam.stems.clone();
        if lem.ends_with("at") && lem.len() > 4 {
            stems.extend(ATE_FORMS.iter().map(|e| format!("{lem}{e}")));
        }
        let stats = |j: Joint| fam.joints.forms.get(j.label()).cloned().unwrap_or_default();
        // Per stem: the house form, its variants, and what each was seen.
        let family = |house: Joint, others: &[Joint]| -> Vec<Member> {
            stems
                .iter()
                .map(|stem| Member {
                    house: (
                        house.render(first, stem),
                        fam.per_form.get(&(stem.clone(), house)).cloned(),
                    ),
                    variants: others
                        .iter()
                        .map(|&j| {
                            (
                                j.render(first, stem),
                                fam.per_form.get(&(stem.clone(), j)).cloned(),
                            )
                        })
                        .collect(),
                })
                .collect()
        };
        match decide(&fam.joints) {
            Verdict::Preferred(label) => {
                let best = Joint::from_label(&label);
                let others: Vec<Joint> = allowed.iter().copied().filter(|&j| j != best).collect();
                let top_variant = others
                    .iter()
                    .copied()
                    .max_by_key(|&j| (stats(j).seen, std::cmp::Reverse(j)))
                    .unwrap_or(Joint::Closed);
                let kind = if best == Joint::Space || top_variant == Joint::Space {
                    SpellingKind::Spacing
                } else {
                    SpellingKind::Hyphenation
                };
                rules.extend(family_rule(kind, family(best, &others)));
            }
            Verdict::Conflict(labels) => {
                let order: Vec<Joint> = labels.iter().map(|l| Joint::from_label(l)).collect();
                rules.extend(family_rule(
                    SpellingKind::Consistency,
                    family(order[0], &order[1..]),
                ));
                let stem = fam.stems.iter().next().map_or(lem.as_str(), String::as_str);
                conflicts.push(describe_conflict(
                    order.iter().map(|&j| (j.render(first, stem), stats(j))),
                ));
            }
            Verdict::Insufficient => {}
        }
    }
}

/// Closed words shorter than this are not split into compounds (`email`,
/// five letters, is split only after a combining form).
const MIN_CLOSED_LETTERS: usize = 5;

/// Combining forms that stand before a closed compound but are no word of
/// their own (`email`, `ebook`; `nonprofit`, `counternarcotics`).
const COMBINING: &[&str] = &["e", "anti", "counter", "cyber", "non", "self"];

/// English function words: determiners and quantifiers, pronouns,
/// prepositions, conjunctions, auxiliaries and a few adverbs. A compound
/// with one of them as a part (`everyday`, `anyone`, `maybe`, `into`,
/// `sometime`, `however`, `without`) is no house compound: its spaced form
/// is usually right as two words.
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "above", "across", "after", "again", "against", "all", "almost", "also",
    "although", "always", "am", "among", "an", "and", "another", "any", "are", "around", "as",
    "at", "be", "became", "because", "become", "been", "before", "being", "below", "beneath",
    "beside", "between", "beyond", "both", "but", "by", "can", "cannot", "could", "did", "do",
    "does", "down", "during", "each", "either", "else", "enough", "even", "ever", "every", "few",
    "for", "from", "further", "had", "has", "have", "he", "hence", "her", "here", "hers", "him",
    "his", "how", "however", "if", "in", "inside", "into", "is", "it", "its", "less", "like",
    "many", "may", "me", "might", "more", "most", "much", "must", "my", "near", "neither", "never",
    "next", "no", "none", "nor", "not", "now", "of", "off", "often", "on", "once", "one", "only",
    "onto", "or", "other", "ought", "our", "ours", "out", "outside", "over", "own", "past", "per",
    "quite", "rather", "same", "shall", "she", "should", "since", "so", "some", "such", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "though",
    "through", "thus", "till", "to", "too", "toward", "towards", "under", "until", "up", "upon",
    "us", "very", "was", "we", "well", "were", "what", "when", "where", "whether", "which",
    "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would", "yet",
    "you", "your", "body", "thing", "things", "whatever", "self", "selves", "times", "way", "ways",
    "wise", "along", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "hundred", "thousand", "first",
];

/// Adverbial particles of phrasal verbs: a compound ending in one
/// (`setup`, `login`, `workout`, `handover`, `breakthrough`) is a noun whose
/// spaced form is the verb (`set up`, `log in`, `work out`).
const PARTICLES: &[&str] = &[
    "about", "across", "ahead", "along", "apart", "around", "aside", "away", "back", "by", "down",
    "forth", "forward", "in", "off", "on", "out", "over", "past", "round", "through", "together",
    "under", "up",
];

/// Words that are also derivational endings (`partnership`, `homeless`,
/// `suitable`, `elections`): a word that ends in one is a derivation, not a
/// compound of two words.
const ENDING_WORDS: &[&str] = &[
    "able", "ably", "ally", "ance", "ence", "hood", "hoods", "ions", "isms", "ists", "less",
    "like", "ling", "lings", "ment", "ments", "ness", "ship", "ships", "some", "tion", "ward",
    "wards", "wise", "ings", "ants", "ates", "ated", "ious",
];

/// Prefixes (the spelling dictionary's `dis`, `con`, `pro`, with
/// [`MEANINGFUL_HYPHEN`]'s `re`, `un`, `in`, `de`, and the common Latin and
/// Greek ones): never split off a closed word as its first part
/// (`international`, `transport`, `forecast`).
const PREFIXES: &[&str] = &[
    "dis", "con", "pro", "pre", "mis", "sub", "com", "inter", "intra", "trans", "super", "semi",
    "multi", "mid", "post", "fore", "ultra", "hyper", "micro", "macro", "mini", "tele", "auto",
];

/// Whether the dictionary of either dialect knows `w` (lower case).
fn known(w: &str) -> bool {
    [Dialect::British, Dialect::American]
        .iter()
        .any(|&d| speller(d).is_some_and(|s| s.knows(w)))
}

/// Whether `w` compares (`longest`, `widest`, `hottest`, `happiest`): an
/// adjective before a noun (`long time`, `wild life`, `high light`) is a
/// phrase as often as a compound.
fn gradable(w: &str) -> bool {
    let last = w.chars().last().unwrap_or('a');
    known(&format!("{w}est"))
        || w.ends_with('e') && known(&format!("{w}st"))
        || w.ends_with('y') && known(&format!("{}iest", &w[..w.len() - 1]))
        || known(&format!("{w}{last}est"))
}

/// A closed word as two parts, if it splits one way only into a first
/// part (a word of three letters or more, or a combining form) and a
/// second (a word of four letters or more), neither a function word, a
/// prefix, or an ending: `peacekeeping` → `peace` + `keeping`, `wartime`,
/// `nonprofit`, `email`; not `partnership`, `suitable`, `within`, `setup`,
/// `mandate` (`man` + `date`, yes: harmless, as nobody writes `man-date`).
fn split_compound(word: &str) -> Option<(String, String)> {
    if !word.is_ascii() {
        return None;
    }
    let mut found = None;
    for at in 1..word.len().saturating_sub(3) {
        let (a, b) = word.split_at(at);
        let combining = COMBINING.contains(&a);
        if !combining && (a.len() < 3 || word.len() < MIN_KEY_LETTERS) {
            continue;
        }
        if a == "e" && b.len() > 5 {
            // `email`, `ebook`; not `emissions`, `elections`.
            continue;
        }
        let last = a.chars().last().unwrap_or(' ');
        if b.starts_with(last) && ["ing", "ings", "ed", "er", "ers", "est", "y"].contains(&&b[1..])
        {
            // `shipping`, `planned`: an inflection with its consonant doubled.
            continue;
        }
        if b.len() < 4
            || FUNCTION_WORDS.contains(&a)
            || FUNCTION_WORDS.contains(&b)
            || PARTICLES.contains(&b)
            || ENDING_WORDS.contains(&b)
            || PREFIXES.contains(&a)
            || MEANINGFUL_HYPHEN.contains(&a)
            || !(combining || known(a))
            || !known(b)
        {
            continue;
        }
        if found.is_some() {
            return None; // two ways to split: no telling which is meant
        }
        found = Some((a.to_string(), b.to_string()));
    }
    found
}

/// Whether the spaced form of a compound of `first` and `second` is a
/// variant rather than a phrase: both parts are words of their own, long
/// enough (three and four letters), neither a function word, the second no
/// particle (`set up`, `log in`, `work out` are verbs), and the first no
/// adjective that compares (`long time`, `wild life`). Combining forms
/// ([`SPACED_FIRST`]) qualify on their own.
fn spaced_is_a_variant(first: &str, second: &str) -> bool {
    if SPACED_FIRST.contains(&first) {
        return true;
    }
    first.len() >= 3
        && second.len() >= 4
        && !FUNCTION_WORDS.contains(&first)
        && !FUNCTION_WORDS.contains(&second)
        && !PARTICLES.contains(&second)
        && !PREFIXES.contains(&first)
        && !MEANINGFUL_HYPHEN.contains(&first)
        && known(first)
        && known(second)
        && !gradable(first)
}

/// Families for the closed words the house writes across documents that
/// the dictionary splits ([`split_compound`]), with the spaced form's own
/// counts where it is a variant ([`spaced_is_a_variant`]). Words already in
/// a family (seen hyphenated too) are left to it.
fn add_closed_compounds(
    corpus: &Corpus,
    seen: &Seen,
    families: &mut BTreeMap<(String, String), Family>,
) {
    let mut found: Vec<(String, String, &FormStats)> = Vec::new();
    for (word, stats) in &seen.standalone {
        if stats.docs.len() < MIN_DOCS_PREFERRED {
            continue;
        }
        let Some((a, b)) = split_compound(word) else {
            continue;
        };
        if !(COMBINING.contains(&a.as_str()) || a.len() >= 5 || seen.vocabulary.contains(&a)) {
            // A short first part is a word the house itself writes (`war`,
            // `sea`, `web`), not a split the dictionary merely allows
            // (`comm` + `unity`, `mil` + `lion`, `bet` + `ween`).
            continue;
        }
        if families
            .get(&(a.clone(), lemma(&b).to_string()))
            .is_some_and(|f| f.per_form.contains_key(&(b.clone(), Joint::Closed)))
        {
            continue;
        }
        found.push((a, b, stats));
    }
    if found.is_empty() {
        return;
    }
    // The spaced forms, counted in one more pass.
    let spaced: HashSet<(&str, &str)> = found
        .iter()
        .filter(|(a, b, _)| spaced_is_a_variant(a, b))
        .map(|(a, b, _)| (a.as_str(), b.as_str()))
        .collect();
    let mut spaced_seen: HashMap<(String, String), FormStats> = HashMap::new();
    if !spaced.is_empty() {
        for doc in &corpus.docs {
            for (_, slice) in doc.prose_slices() {
                let ws: Vec<Word<'_>> = words(slice, 0).collect();
                for pair in ws.windows(2) {
                    let gap = &slice[pair[0].end..pair[1].start];
                    if gap != " " && gap != "\n" {
                        continue;
                    }
                    let (a, b) = (pair[0].text.to_lowercase(), pair[1].text);
                    if spaced.contains(&(a.as_str(), b)) {
                        spaced_seen
                            .entry((a, b.to_string()))
                            .or_default()
                            .add(&doc.id);
                    }
                }
            }
        }
    }
    for (a, b, stats) in found {
        let fam = families
            .entry((a.clone(), lemma(&b).to_string()))
            .or_default();
        fam.stems.insert(b.clone());
        let mut add = |joint: Joint, stats: &FormStats| {
            merge(
                fam.joints.forms.entry(joint.label().into()).or_default(),
                stats,
            );
            merge(fam.per_form.entry((b.clone(), joint)).or_default(), stats);
        };
        add(Joint::Closed, stats);
        if let Some(s) = spaced_seen.get(&(a.clone(), b.clone())) {
            add(Joint::Space, s);
        }
        if let Some(s) = seen.joined.get(&(a.clone(), b.clone(), Joint::Hyphen)) {
            add(Joint::Hyphen, s);
        }
    }
}

/// One form of a family in the house's spelling, with its variants, and
/// what the corpus shows of each (`None`: not seen).
struct Member {
    house: (String, Option<FormStats>),
    variants: Vec<(String, Option<FormStats>)>,
}

/// One rule for a whole family: the house form seen most is `preferred`
/// (with its own evidence), the other seen house forms are `forms`, the
/// unseen ones `generated`, and every variant the corpus shows is a rival
/// with its own counts. `None` when no house form was seen at all.
fn family_rule(kind: SpellingKind, members: Vec<Member>) -> Option<SpellingRule> {
    let seen = |s: &Option<FormStats>| s.as_ref().filter(|s| s.seen > 0).cloned();
    let mut rivals: Vec<FormCount> = members
        .iter()
        .flat_map(|m| &m.variants)
        .filter_map(|(form, s)| {
            seen(s).map(|s| FormCount {
                form: form.clone(),
                evidence: s.evidence(),
            })
        })
        .collect();
    rivals.sort_by(|a, b| a.form.cmp(&b.form));
    rivals.dedup_by(|a, b| a.form == b.form);
    let variants_seen = rivals.iter().map(|r| r.evidence.seen).sum();
    let mut shown: Vec<SpellingForm> = Vec::new();
    let mut generated: Vec<GeneratedForm> = Vec::new();
    for m in members {
        let variants: Vec<String> = m.variants.into_iter().map(|(f, _)| f).collect();
        match seen(&m.house.1) {
            Some(s) => shown.push(SpellingForm {
                form: m.house.0,
                variants,
                evidence: s.evidence(),
            }),
            None => generated.push(GeneratedForm {
                form: m.house.0,
                variants,
            }),
        }
    }
    // The most-seen form leads; ties go to the form itself, for determinism.
    shown.sort_by(|a, b| {
        b.evidence
            .seen
            .cmp(&a.evidence.seen)
            .then(b.evidence.documents.len().cmp(&a.evidence.documents.len()))
            .then(a.form.cmp(&b.form))
    });
    if shown.is_empty() {
        return None;
    }
    let lead = shown.remove(0);
    shown.sort_by(|a, b| a.form.cmp(&b.form));
    generated.sort_by(|a, b| a.form.cmp(&b.form));
    generated.dedup_by(|a, b| a.form == b.form);
    Some(SpellingRule {
        preferred: lead.form,
        variants: lead.variants,
        kind,
        evidence: lead.evidence,
        variants_seen,
        forms: shown,
        generated,
        rivals,
    })
}

fn merge(into: &mut FormStats, from: &FormStats) {
    into.seen += from.seen;
    into.docs.extend(from.docs.iter().cloned());
}

/// `'cooperation' in 3 documents (a, b, c) but 'co-operation' in 2 (d, e):
/// a draft may use either, but only one.`
fn describe_conflict(forms: impl Iterator<Item = (String, FormStats)>) -> String {
    let parts: Vec<String> = forms
        .map(|(form, s)| {
            let docs: Vec<&str> = s.docs.iter().map(String::as_str).collect();
            format!(
                "'{form}' {} in {} ({})",
                times(s.seen),
                plural(docs.len(), "document"),
                docs.join(", ")
            )
        })
        .collect();
    format!(
        "spelling: {}; sources disagree, so a draft may use any one of them but only one",
        parts.join(", ")
    )
}

fn times(n: u32) -> String {
    if n == 1 {
        "once".into()
    } else {
        format!("{n} times")
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// How many of the house's words the `[dialect]` table names.
const DIALECT_WORDS: usize = 6;

/// The winner of a two-sided tally, if it wins clearly: [`decide`] prefers
/// it (documents first), and it has at least [`DOMINANCE`] times the
/// other side's documents and occurrences, and is in at least
/// [`MIN_DOCS_PREFERRED`] documents: one document is no house's policy,
/// and a mixed corpus gives none.
fn clear_winner(tally: &Tally) -> Option<String> {
    let Verdict::Preferred(w) = decide(tally) else {
        return None;
    };
    let win = &tally.forms[&w];
    let (lose_docs, lose_seen) = tally
        .forms
        .iter()
        .filter(|(f, _)| **f != w)
        .fold((0, 0), |(d, n), (_, s)| (d + s.docs.len(), n + s.seen));
    (win.docs.len() >= MIN_DOCS_PREFERRED
        && win.docs.len() >= DOMINANCE as usize * lose_docs
        && win.seen >= DOMINANCE * lose_seen)
        .then_some(w)
}

/// The house's dialect and `-ise`/`-ize` choice, from every pair word its
/// prose uses outside proper names (`US Department of Defense`, `Pearl
/// Harbor` are names). A word right in both dialects (`license`,
/// `program`) says nothing, nor does `-ise`/`-ize` about the dialect
/// (Oxford spelling is British). Decided by documents, then occurrences:
/// a mixed corpus gives no `[dialect]` at all.
fn learn_dialect(seen: &Seen) -> Option<DialectRule> {
    let mut sides = Tally::default();
    let mut endings = Tally::default();
    let mut counts: BTreeMap<Dialect, Vec<(u32, String)>> = BTreeMap::new();
    for (w, stats) in &seen.words {
        let Some((_, pair)) = variants::lookup(w) else {
            continue;
        };
        if let Some(d) = pair.shows(w) {
            merge(sides.forms.entry(d.as_str().into()).or_default(), stats);
            counts.entry(d).or_default().push((stats.seen, w.clone()));
        }
        if let Some(ize) = pair.shows_ize(w) {
            let key = if ize { "ize" } else { "ise" };
            merge(endings.forms.entry(key.into()).or_default(), stats);
        }
    }
    let winner = clear_winner(&sides)?;
    let spelling = if winner == Dialect::British.as_str() {
        Dialect::British
    } else {
        Dialect::American
    };
    let stats = |t: &Tally, k: &str| t.forms.get(k).cloned().unwrap_or_default();
    let mine = stats(&sides, spelling.as_str());
    let other = stats(&sides, spelling.other().as_str());
    let (ending, endings_seen, endings_other_seen) = match spelling {
        Dialect::British => match clear_winner(&endings).as_deref() {
            Some(e) => {
                let other = if e == "ise" { "ize" } else { "ise" };
                let end = if e == "ise" {
                    Endings::Ise
                } else {
                    Endings::Ize
                };
                (
                    Some(end),
                    stats(&endings, e).seen,
                    stats(&endings, other).seen,
                )
            }
            None => (None, 0, 0),
        },
        Dialect::American => (None, 0, 0),
    };
    let mut words = counts.remove(&spelling).unwrap_or_default();
    words.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    Some(DialectRule {
        spelling,
        endings: ending,
        evidence: mine.evidence(),
        other_seen: other.seen,
        other_documents: other.docs.into_iter().collect(),
        endings_seen,
        endings_other_seen,
        words: words
            .into_iter()
            .take(DIALECT_WORDS)
            .map(|(_, w)| w)
            .collect(),
    })
}

/// Rules for single word families: where the house departs from its own
/// policy for a family (an American house that writes `theatre`), where its
/// sources disagree on it, or every family the house decides when no policy
/// was learned. A rule never flags a form that is right in the dialect it
/// prefers (`license` in a British house).
fn learn_british_american(
    seen: &Seen,
    policy: Option<Policy>,
    rules: &mut Vec<SpellingRule>,
    conflicts: &mut Vec<String>,
) {
    for fam in variants::families() {
        let lead = &fam[0];
        let (bb, ab) = (lead.british, lead.american);
        let mut tally = Tally::default();
        for p in fam {
            for (form, base) in [(p.british, bb), (p.american, ab)] {
                if let Some(s) = seen.words.get(form) {
                    merge(tally.forms.entry(base.into()).or_default(), s);
                }
            }
        }
        if tally.forms.is_empty() {
            continue;
        }
        let stats = |f: &str| tally.forms.get(f).cloned().unwrap_or_default();
        // The family's members with the British (or American) form as the
        // house form, leaving out any whose variant is right in that
        // dialect too.
        let members = |british: bool| -> Vec<Member> {
            fam.iter()
                .filter(|p: &&Pair| {
                    if british {
                        !p.american_is_british
                    } else {
                        !p.british_is_american
                    }
                })
                .map(|p| {
                    let (h, v) = if british {
                        (p.british, p.american)
                    } else {
                        (p.american, p.british)
                    };
                    Member {
                        house: (h.to_string(), seen.words.get(h).cloned()),
                        variants: vec![(v.to_string(), seen.words.get(v).cloned())],
                    }
                })
                .collect()
        };
        match decide(&tally) {
            Verdict::Preferred(w) => {
                let house_british = w == bb;
                let policy_british = policy
                    .and_then(|p| lead.house_form(p))
                    .map(|h| h != lead.american);
                if policy_british == Some(house_british) {
                    // The policy says as much, for every word.
                    continue;
                }
                rules.extend(family_rule(
                    SpellingKind::BritishAmerican,
                    members(house_british),
                ));
            }
            Verdict::Conflict(forms) if !lead.american_is_british && !lead.british_is_american => {
                rules.extend(family_rule(
                    SpellingKind::Consistency,
                    members(forms[0] == bb),
                ));
                conflicts.push(describe_conflict(
                    forms.iter().map(|f| (f.clone(), stats(f))),
                ));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learned(texts: &[(&str, &str)]) -> (Vec<SpellingRule>, Vec<String>) {
        let (file, conflicts) = learn(&Corpus::from_texts(texts.iter().copied()));
        (file.spellings, conflicts)
    }

    /// The rule whose family covers `variant`.
    fn rule<'a>(rules: &'a [SpellingRule], variant: &str) -> Option<&'a SpellingRule> {
        rules.iter().find(|r| house_of(r, variant).is_some())
    }

    /// The house form that replaces `variant`.
    fn house<'a>(rules: &'a [SpellingRule], variant: &str) -> Option<&'a str> {
        rules.iter().find_map(|r| house_of(r, variant))
    }

    fn house_of<'a>(r: &'a SpellingRule, variant: &str) -> Option<&'a str> {
        r.families()
            .find(|(_, vs)| vs.iter().any(|v| v == variant))
            .map(|(h, _)| h)
    }

    #[test]
    fn cooperation_in_three_documents_beats_co_operation_in_two() {
        let (rules, conflicts) = learned(&[
            ("a.txt", "We value cooperation with Japan."),
            ("b.txt", "Security co-operation will grow."),
            (
                "c.txt",
                "Closer cooperation on defence and cooperation on trade.",
            ),
            (
                "d.txt",
                "Both will co-operate on cyber. Co-operation is key.",
            ),
            ("e.txt", "Further cooperation was agreed."),
        ]);
        let r = rule(&rules, "co-operation").expect("a rule for co-operation");
        assert_eq!(r.preferred, "cooperation");
        assert_eq!(r.kind, SpellingKind::Hyphenation);
        assert_eq!(r.evidence.documents, ["a", "c", "e"]);
        assert_eq!(r.variants_seen, 3);
        // Related words share the evidence, seen or not.
        assert_eq!(house(&rules, "co-operate").unwrap(), "cooperate");
        assert_eq!(house(&rules, "co-operating").unwrap(), "cooperating");
        assert!(conflicts.is_empty());
    }

    #[test]
    fn spaced_compounds_after_combining_forms() {
        let (rules, _) = learned(&[
            ("a.txt", "Advice on cyber security and counter-terrorism."),
            ("b.txt", "Our cyber security work and counter-terrorism."),
            ("c.txt", "Cybersecurity matters; counter terrorism too."),
        ]);
        let r = rule(&rules, "cybersecurity").unwrap();
        assert_eq!(r.preferred, "cyber security");
        assert_eq!(r.kind, SpellingKind::Spacing);
        assert!(r.variants.contains(&"cyber-security".to_string()));
        let r = rule(&rules, "counter terrorism").unwrap();
        assert_eq!(r.preferred, "counter-terrorism");
    }

    #[test]
    fn phrases_that_look_like_compounds_are_not_variants() {
        let (rules, _) = learned(&[
            (
                "a.txt",
                "We meet every day. In the long term, yes. It is apart.",
            ),
            ("b.txt", "An everyday task. A long-term plan. A part of it."),
            ("c.txt", "An everyday task. A long-term plan. A part of it."),
            (
                "d.txt",
                "We meet every day. In the long term, yes. It is apart.",
            ),
        ]);
        assert!(rules.is_empty(), "{rules:#?}");
    }

    #[test]
    fn a_compound_written_one_way_in_one_document_gives_no_rule() {
        let (rules, _) = learned(&[
            (
                "a.txt",
                "Counter-terrorism, peacekeeping and like-minded partners.",
            ),
            ("b.txt", "Nothing else."),
        ]);
        assert!(rules.is_empty(), "{rules:#?}");
    }

    #[test]
    fn house_compounds_written_one_way_across_documents_get_their_variants() {
        let (rules, _) = learned(&[
            (
                "a.txt",
                "Our peacekeeping and counternarcotics work with a nonprofit. Email us. In wartime, war.",
            ),
            (
                "b.txt",
                "More peacekeeping, counternarcotics and nonprofit email. Wartime rules.",
            ),
            (
                "c.txt",
                "Counter-terrorism and like-minded long-term partners, a five-day visit.",
            ),
            ("d.txt", "Counter-terrorism with like-minded long-term partners, five-day."),
        ]);
        let variants = |house_form: &str| -> Vec<String> {
            let r = rules
                .iter()
                .find(|r| r.preferred == house_form)
                .unwrap_or_else(|| panic!("no rule for {house_form}: {rules:#?}"));
            assert_eq!(r.variants_seen, 0, "{r:?}");
            r.variants.clone()
        };
        assert_eq!(variants("peacekeeping"), ["peace-keeping", "peace keeping"]);
        assert_eq!(
            variants("counternarcotics"),
            ["counter-narcotics", "counter narcotics"]
        );
        assert_eq!(variants("nonprofit"), ["non-profit", "non profit"]);
        assert_eq!(
            variants("email"),
            ["e-mail"],
            "`e` is no word: no spaced form"
        );
        assert_eq!(variants("wartime"), ["war-time", "war time"]);
        assert_eq!(
            variants("counter-terrorism"),
            ["counterterrorism", "counter terrorism"]
        );
        // Adjective pairs are not written closed: no rule.
        for v in ["likeminded", "longterm", "fiveday"] {
            assert!(rule(&rules, v).is_none(), "{v}: {rules:#?}");
        }
    }

    #[test]
    fn closed_words_split_into_two_words_only_where_they_are_compounds() {
        let split = |w: &str| split_compound(w).map(|(a, b)| format!("{a}+{b}"));
        assert_eq!(split("peacekeeping").as_deref(), Some("peace+keeping"));
        assert_eq!(split("floodplain").as_deref(), Some("flood+plain"));
        assert_eq!(split("nonprofit").as_deref(), Some("non+profit"));
        assert_eq!(split("email").as_deref(), Some("e+mail"));
        for w in [
            "partnership",
            "suitable",
            "homeless",
            "elections",
            "within",
            "everyday",
            "anyone",
            "maybe",
            "setup",
            "login",
            "workout",
            "sometime",
            "however",
            "shipping",
            "emissions",
            "recover",
            "discount",
            "cannot",
            "international",
            "transport",
            "forecasts",
        ] {
            assert_eq!(split(w), None, "{w}");
        }
        // The dictionary alone splits `community` (`comm` + `unity`) and
        // `together` (`tog` + `ether`): a short first part must be a word
        // of the house's own prose.
        let (rules, _) = learned(&[
            (
                "a.txt",
                "The community came together for the community centre.",
            ),
            ("b.txt", "Our community, together."),
        ]);
        assert!(rules.is_empty(), "{rules:#?}");
    }

    #[test]
    fn spaced_forms_are_variants_only_where_two_words_would_be_wrong() {
        // Right as two words: a phrasal verb and its particle, a
        // determiner or quantifier and a noun, two function words, an
        // adjective that compares and its noun.
        for (a, b) in [
            ("every", "day"),
            ("set", "up"),
            ("log", "in"),
            ("may", "be"),
            ("any", "one"),
            ("on", "to"),
            ("in", "to"),
            ("some", "time"),
            ("work", "out"),
            ("hand", "over"),
            ("break", "through"),
            ("long", "time"),
            ("wild", "life"),
            ("high", "light"),
            ("black", "board"),
            ("every", "one"),
            ("no", "body"),
            ("with", "out"),
        ] {
            assert!(!spaced_is_a_variant(a, b), "{a} {b}");
        }
        for (a, b) in [
            ("peace", "keeping"),
            ("flood", "plain"),
            ("storm", "water"),
            ("health", "care"),
            ("war", "time"),
            ("sea", "wall"),
            ("counter", "narcotics"),
            ("non", "profit"),
        ] {
            assert!(spaced_is_a_variant(a, b), "{a} {b}");
        }
    }

    #[test]
    fn a_british_house_gets_a_policy_not_a_rule_per_word() {
        let (file, _) = learn(&Corpus::from_texts([
            ("a.txt", "Our defence ties. The organisation organised it."),
            ("b.txt", "Closer defence cooperation and national defences."),
            ("c.txt", "The organisation will attend."),
            ("d.txt", "The US Department of Defense agreed."),
        ]));
        let d = file.dialect.expect("a dialect");
        assert_eq!(
            (d.spelling, d.endings),
            (Dialect::British, Some(Endings::Ise))
        );
        assert_eq!(d.evidence.documents, ["a", "b"]);
        assert_eq!(d.other_seen, 0, "proper names are not evidence");
        // The policy covers defence and organise: no rule per family.
        assert!(file.spellings.is_empty(), "{:#?}", file.spellings);
    }

    #[test]
    fn a_word_family_is_one_rule_with_honest_counts_and_its_rivals() {
        let (rules, _) = learned(&[
            ("a.txt", "We organize events. The organization grew."),
            ("b.txt", "They organize talks. Our hall opened."),
            ("c.txt", "The organization will attend the hall."),
            ("d.txt", "One document writes organisation."),
        ]);
        // `-ise`/`-ize` alone says nothing of the dialect: no policy, so
        // the family is decided on its own.
        let fam: Vec<&SpellingRule> = rules
            .iter()
            .filter(|r| r.families().any(|(h, _)| h.starts_with("organi")))
            .collect();
        assert_eq!(fam.len(), 1, "one rule per family: {fam:#?}");
        let r = fam[0];
        // The lead form carries its own counts, not the family's.
        assert_eq!(r.preferred, "organization");
        assert_eq!((r.evidence.seen, r.evidence.documents.len()), (2, 2));
        let organize = r.forms.iter().find(|f| f.form == "organize").unwrap();
        assert_eq!(organize.evidence.seen, 2);
        assert_eq!(organize.evidence.documents, ["a", "b"]);
        // Forms never seen are generated, with no counts at all.
        assert!(r.forms.iter().all(|f| f.evidence.seen > 0));
        let generated: Vec<&str> = r.generated.iter().map(|g| g.form.as_str()).collect();
        assert!(generated.contains(&"organized"), "{generated:?}");
        assert!(generated.contains(&"organizing"), "{generated:?}");
        assert_eq!(house(&rules, "organised"), Some("organized"));
        // What lost is shown with its count and document.
        assert_eq!(r.rivals.len(), 1, "{:#?}", r.rivals);
        assert_eq!(r.rivals[0].form, "organisation");
        assert_eq!(r.rivals[0].evidence.documents, ["d"]);
        let said = r.describe();
        assert!(
            said.contains("organisation: once in 1 document (d)"),
            "{said}"
        );
        assert!(said.contains("generated, not seen"), "{said}");
    }

    #[test]
    fn a_house_that_quotes_speakers_verbatim_learns_it() {
        let corpus = [
            ("a.txt", "Our defense ties. The program grew."),
            ("b.txt", "Closer defense work on the program."),
            (
                "c.txt",
                "The defense plan. “Our defence and our programme,\nhe said, “are old.”",
            ),
        ];
        let (file, _) = learn(&Corpus::from_texts(corpus));
        let p = file.spelling_policy.expect("a quotation policy");
        assert_eq!(p.quotations, Quotations::Verbatim);
        assert_eq!(p.forms, ["defence", "programme"]);
        assert_eq!(
            (p.seen, p.documents.as_slice()),
            (2, ["c".to_string()].as_slice())
        );
        // A variant outside quotation marks too: quotations are not special.
        let mut more = corpus.to_vec();
        more.push(("d.txt", "One defence slipped through."));
        let (file, _) = learn(&Corpus::from_texts(more));
        assert_eq!(file.spelling_policy, None);
        // One quoted variant alone proves nothing.
        let (file, _) = learn(&Corpus::from_texts([
            corpus[0],
            corpus[1],
            ("c.txt", "The defense plan. “Our defence,” he said."),
        ]));
        assert_eq!(file.spelling_policy, None);
        // No variant at all: nothing to learn.
        let (file, _) = learn(&Corpus::from_texts(corpus[..2].iter().copied()));
        assert_eq!(file.spelling_policy, None);
    }

    #[test]
    fn american_house_gets_the_opposite_policy() {
        let (file, _) = learn(&Corpus::from_texts([
            ("a.txt", "Our defense ties. The organization organized it."),
            ("b.txt", "Closer defense cooperation. The program center."),
            ("c.txt", "The organization will attend the program."),
            ("d.txt", "The UK Ministry of Defence agreed."),
        ]));
        let d = file.dialect.expect("a dialect");
        assert_eq!((d.spelling, d.endings), (Dialect::American, None));
        assert_eq!(d.other_seen, 0, "proper names are not evidence");
        assert!(file.spellings.is_empty(), "{:#?}", file.spellings);
    }

    #[test]
    fn a_british_house_never_flags_the_british_verb_license_or_program() {
        let (rules, _) = learned(&[
            (
                "a.txt",
                "Our defence ties. A licence to license. A program.",
            ),
            (
                "b.txt",
                "Closer defence. The licence was issued. A program.",
            ),
            ("c.txt", "The licence holder; the programme."),
        ]);
        assert!(rule(&rules, "license").is_none(), "{rules:#?}");
        assert!(rule(&rules, "program").is_none(), "{rules:#?}");
        // Without a policy (one British word, `defence`, in two
        // documents, is a policy: check the family rules alone).
        assert!(rules.iter().all(|r| !r.preferred.starts_with("licen")));
    }

    #[test]
    fn a_single_document_proves_nothing() {
        let (rules, _) = learned(&[
            (
                "a.txt",
                "It is a great honour. Co-operation and cooperation grew.",
            ),
            ("b.txt", "Nothing to see here."),
        ]);
        assert!(rules.is_empty(), "{rules:#?}");
    }

    #[test]
    fn balanced_sources_become_a_consistency_rule() {
        let (rules, conflicts) = learned(&[
            ("a.txt", "We organise events."),
            ("b.txt", "They organise events."),
            ("c.txt", "We organize events."),
            ("d.txt", "They organize events."),
        ]);
        let r = rule(&rules, "organize")
            .or_else(|| rule(&rules, "organise"))
            .unwrap();
        assert_eq!(r.kind, SpellingKind::Consistency);
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        assert!(conflicts[0].contains("'organise'"), "{conflicts:?}");
    }

    fn dialect(texts: &[(&str, &str)]) -> Option<DialectRule> {
        learn(&Corpus::from_texts(texts.iter().copied())).0.dialect
    }

    #[test]
    fn an_american_house_is_learned_by_documents_with_names_left_out() {
        let d = dialect(&[
            ("a.txt", "The neighborhood center opened."),
            ("b.txt", "Residents favored the plan at Pearl Harbor."),
            (
                "c.txt",
                "The US Department of Defense and the Japan Maritime Self-Defense Force met. The Harbour Board of Kent came. Our color guard.",
            ),
        ])
        .expect("a dialect");
        assert_eq!(d.spelling, Dialect::American);
        assert_eq!(d.endings, None, "an American house has no -ise/-ize choice");
        assert_eq!(d.evidence.documents, ["a", "b", "c"]);
        assert_eq!(d.evidence.seen, 4);
        assert_eq!((d.other_seen, d.other_documents.len()), (0, 0), "{d:?}");
        assert!(d.words.contains(&"neighborhood".to_string()), "{d:?}");
        assert!(d
            .describe()
            .starts_with("[dialect] American spellings: 4 times in 3 documents"));
    }

    #[test]
    fn a_british_house_learns_its_ise_or_ize_choice() {
        let oxford = dialect(&[
            ("a.txt", "We organize events in the centre."),
            ("b.txt", "They recognized the colour of the harbour."),
            ("c.txt", "The organization will analyse it."),
        ])
        .unwrap();
        assert_eq!(
            (oxford.spelling, oxford.endings),
            (Dialect::British, Some(Endings::Ize))
        );
        assert_eq!((oxford.endings_seen, oxford.endings_other_seen), (3, 0));
        // `analyse` is Oxford spelling too: it votes British, not -ise.
        assert!(oxford.words.contains(&"analyse".to_string()));
        let ise = dialect(&[
            ("a.txt", "We organise events in the centre."),
            ("b.txt", "They recognised the colour."),
            ("c.txt", "The organisation opened."),
        ])
        .unwrap();
        assert_eq!(
            (ise.spelling, ise.endings),
            (Dialect::British, Some(Endings::Ise))
        );
    }

    #[test]
    fn ise_that_is_no_variant_says_nothing() {
        let d = dialect(&[
            (
                "a.txt",
                "We advise on the exercise; otherwise the enterprise will compromise.",
            ),
            (
                "b.txt",
                "A surprise: their expertise. They televise, revise, supervise and promise. The colour.",
            ),
            ("c.txt", "Our honour and the exercise."),
        ])
        .unwrap();
        assert_eq!(d.spelling, Dialect::British);
        assert_eq!(d.endings, None, "{d:?}");
        assert_eq!(d.evidence.seen, 2, "only colour and honour: {d:?}");
    }

    #[test]
    fn a_mixed_corpus_gives_no_dialect() {
        let texts = [
            ("a.txt", "The colour of the centre."),
            ("b.txt", "The honour of the theatre."),
            ("c.txt", "The favour of the neighbour."),
            ("d.txt", "The color of the center."),
            ("e.txt", "The honor of the theater."),
        ];
        assert_eq!(dialect(&texts), None);
        // The same majority with a clear margin is a policy.
        let mut more = texts.to_vec();
        more.extend([
            ("f.txt", "The labour of the metre."),
            ("g.txt", "The rumour of the fibre."),
        ]);
        more.retain(|(n, _)| *n != "e.txt");
        assert_eq!(dialect(&more).map(|d| d.spelling), Some(Dialect::British));
        // One document proves nothing.
        assert_eq!(dialect(&texts[..1]), None);
    }

    #[test]
    fn a_family_the_policy_decides_gets_no_rule_but_an_exception_does() {
        let (file, _) = learn(&Corpus::from_texts([
            ("a.txt", "The neighborhood center and its theatre."),
            ("b.txt", "The color of the theatre."),
            ("c.txt", "The favorite theatre program."),
            ("d.txt", "Our labor unions."),
            ("e.txt", "The harbor neighbors."),
            ("f.txt", "An honorable behavior."),
            ("g.txt", "The centers were canceled."),
        ]));
        assert_eq!(file.dialect.unwrap().spelling, Dialect::American);
        let rules = file.spellings;
        assert!(rule(&rules, "neighbourhood").is_none(), "{rules:#?}");
        // The house writes `theatre` although it is American: its own word.
        assert_eq!(house(&rules, "theater"), Some("theatre"));
        assert_eq!(house(&rules, "theaters"), Some("theatres"));
    }

    #[test]
    fn seeds_give_the_house_rules_and_no_junk() {
        let (corpus, errors) = Corpus::read(&["seeds".into()]);
        assert!(errors.is_empty());
        let (file, conflicts) = learn(&corpus);
        let rules = file.spellings;
        let pref = |v: &str| house(&rules, v);
        assert_eq!(pref("co-operation"), Some("cooperation"));
        assert_eq!(pref("co-operate"), Some("cooperate"));
        assert_eq!(pref("cybersecurity"), Some("cyber security"));
        assert_eq!(pref("counter terrorism"), Some("counter-terrorism"));
        // British spelling is the house's policy, not a rule per word.
        let d = file.dialect.expect("the seeds' dialect");
        // Two -ise words in one document prove no -ise/-ize choice.
        assert_eq!((d.spelling, d.endings), (Dialect::British, None));
        assert_eq!(d.other_seen, 0, "{d:?}");
        assert_eq!(pref("defense"), None);
        // Every rule is one of these families.
        for r in &rules {
            let ok = ["operat", "cyber", "counter"]
                .iter()
                .any(|k| r.preferred.contains(k));
            assert!(ok, "unexpected rule {r:?}");
        }
        assert!(conflicts.is_empty(), "{conflicts:?}");
    }
}
