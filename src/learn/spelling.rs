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
//!   ending (see [`lemma`]). A family is learned only when the corpus itself
//!   shows at least two ways of writing it, so nothing is inferred from a
//!   form the house merely happens to use. Spaced forms are considered only
//!   after a handful of combining forms that never stand as a phrase of
//!   their own ([`SPACED_FIRST`]): `every day` / `everyday`, `a part` /
//!   `apart`, `long term` / `long-term` are different usages, not spellings.
//! - **British and American pairs** from a shipped list of general English
//!   knowledge (`data/british_american.txt`). The corpus shows only one
//!   side; the list says the other side is a variant. Evidence is counted
//!   per word family (`organise`, `organised`, `organisation` together),
//!   and the rule file lists every inflection of a family the house wins.
//!
//! Every family is decided by [`evidence::decide`](super::evidence::decide):
//! a winner becomes a `SpellingRule` (the check `spelling/variant`); sources
//! that genuinely disagree become a consistency rule (kind `consistency`,
//! the check `spelling/consistency`), never a winner.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

use super::evidence::{decide, FormStats, Tally, Verdict, MIN_SEEN_PREFERRED};
use super::Corpus;
use aho_corasick::{AhoCorasick, MatchKind};

use crate::rules::{
    FormCount, GeneratedForm, Quotations, RuleFile, SpellingForm, SpellingKind, SpellingPolicy,
    SpellingRule,
};
use crate::text::proper::in_proper_name;
use crate::text::quotes::{self, quoted_spans};
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

static PAIRS: LazyLock<Vec<PairFamily>> =
    LazyLock::new(|| parse_pairs(include_str!("data/british_american.txt")));

/// Every form in [`PAIRS`]: the only words whose counts the British/American
/// learner reads.
static PAIR_FORMS: LazyLock<std::collections::HashSet<String>> = LazyLock::new(|| {
    PAIRS
        .iter()
        .flat_map(|f| f.pairs.iter().flat_map(|(b, a)| [b.clone(), a.clone()]))
        .collect()
});

/// Learns this family's rules from `corpus`.
pub fn learn(corpus: &Corpus) -> (RuleFile, Vec<String>) {
    let seen = observe(corpus);
    let mut rules = Vec::new();
    let mut conflicts = Vec::new();
    learn_compounds(&seen, &mut rules, &mut conflicts);
    learn_british_american(&seen, &mut rules, &mut conflicts);
    rules.sort_by(|a, b| {
        (a.preferred.as_str(), &a.variants).cmp(&(b.preferred.as_str(), &b.variants))
    });
    rules.dedup_by(|a, b| a.preferred == b.preferred && a.variants == b.variants);
    let spelling_policy = learn_quotations(corpus, &rules);
    (
        RuleFile {
            spellings: rules,
            spelling_policy,
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
fn learn_quotations(corpus: &Corpus, rules: &[SpellingRule]) -> Option<SpellingPolicy> {
    let variants: BTreeSet<String> = rules
        .iter()
        .filter(|r| r.kind != SpellingKind::Consistency)
        .flat_map(|r| r.families().flat_map(|(_, vs)| vs.iter()))
        .map(|v| v.to_lowercase())
        .collect();
    if variants.is_empty() {
        return None;
    }
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
            for m in finder.find_iter(slice) {
                let (s, e) = (m.start(), m.end());
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
                if PAIR_FORMS.contains(w.as_ref()) {
                    bump(&mut seen.words, w, &doc.id);
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

fn learn_compounds(seen: &Seen, rules: &mut Vec<SpellingRule>, conflicts: &mut Vec<String>) {
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
    for ((first, lem), fam) in &families {
        if fam.joints.forms.len() < 2 {
            // The corpus writes it one way only: no evidence of variants.
            continue;
        }
        let allowed: Vec<Joint> = if SPACED_FIRST.contains(&first.as_str()) {
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

/// One line of the British/American list: its pairs (base first, then
/// listed and generated inflections) and which house may learn it.
#[derive(Debug, Clone)]
struct PairFamily {
    pairs: Vec<(String, String)>,
    /// `Some("us")`: learn only for an American house; `Some("uk")`: only
    /// for a British one.
    only: Option<String>,
}

impl PairFamily {
    /// Whether this family says anything about the house's variety: the
    /// `-ise`/`-ize` choice does not (Oxford spelling is British with `-ize`),
    /// and one-sided families are decided by the variety, not the reverse.
    fn votes_variety(&self) -> bool {
        self.only.is_none() && !self.pairs[0].0.ends_with("ise")
    }
}

fn parse_pairs(text: &str) -> Vec<PairFamily> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let mut fam = PairFamily {
            pairs: Vec::new(),
            only: None,
        };
        for tok in line.split_whitespace() {
            if let Some(v) = tok.strip_prefix("only=") {
                fam.only = Some(v.to_string());
            } else if let Some((b, a)) = tok.split_once('/') {
                for pair in inflect(b, a) {
                    if !fam.pairs.contains(&pair) {
                        fam.pairs.push(pair);
                    }
                }
            }
        }
        if !fam.pairs.is_empty() {
            out.push(fam);
        }
    }
    out
}

/// A pair and its regular inflections.
fn inflect(b: &str, a: &str) -> Vec<(String, String)> {
    let mut out = vec![(b.to_string(), a.to_string())];
    let mut add = |sb: String, sa: String| out.push((sb, sa));
    if b.ends_with("ise") || b.ends_with("yse") {
        let (rb, ra) = (&b[..b.len() - 1], &a[..a.len() - 1]);
        if b.ends_with("ise") {
            add(format!("{b}s"), format!("{a}s"));
        }
        add(format!("{b}d"), format!("{a}d"));
        add(format!("{rb}ing"), format!("{ra}ing"));
    } else if b.ends_with("isation") || b.ends_with('e') || b.ends_with("our") {
        add(format!("{b}s"), format!("{a}s"));
    }
    out
}

fn learn_british_american(seen: &Seen, rules: &mut Vec<SpellingRule>, conflicts: &mut Vec<String>) {
    // Tally each family by side, named by its base forms.
    let tallies: Vec<Tally> = PAIRS
        .iter()
        .map(|fam| {
            let (bb, ab) = &fam.pairs[0];
            let mut t = Tally::default();
            for (b, a) in &fam.pairs {
                for (form, base) in [(b, bb), (a, ab)] {
                    if let Some(s) = seen.words.get(form) {
                        merge(t.forms.entry(base.clone()).or_default(), s);
                    }
                }
            }
            t
        })
        .collect();
    let verdicts: Vec<Verdict> = tallies.iter().map(decide).collect();
    // The house's variety, from families that are not one-sided.
    let (mut british, mut american) = (0, 0);
    for (fam, v) in PAIRS.iter().zip(&verdicts) {
        if let (true, Verdict::Preferred(w)) = (fam.votes_variety(), v) {
            if *w == fam.pairs[0].0 {
                british += 1;
            } else {
                american += 1;
            }
        }
    }
    for ((fam, tally), verdict) in PAIRS.iter().zip(&tallies).zip(&verdicts) {
        let bb = &fam.pairs[0].0;
        let stats = |f: &str| tally.forms.get(f).cloned().unwrap_or_default();
        let members = |british: bool| -> Vec<Member> {
            fam.pairs
                .iter()
                .map(|(b, a)| {
                    let (p, v) = if british { (b, a) } else { (a, b) };
                    Member {
                        house: (p.clone(), seen.words.get(p).cloned()),
                        variants: vec![(v.clone(), seen.words.get(v).cloned())],
                    }
                })
                .collect()
        };
        match verdict {
            Verdict::Preferred(w) => {
                let house_british = w == bb;
                let allowed = match fam.only.as_deref() {
                    Some("us") => !house_british && american > british,
                    Some("uk") => house_british && british > american,
                    _ => true,
                };
                if !allowed {
                    continue;
                }
                rules.extend(family_rule(
                    SpellingKind::BritishAmerican,
                    members(house_british),
                ));
            }
            Verdict::Conflict(forms) if fam.only.is_none() => {
                rules.extend(family_rule(
                    SpellingKind::Consistency,
                    members(forms[0] == *bb),
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
    fn a_compound_written_one_way_only_gives_no_rule() {
        let (rules, _) = learned(&[
            ("a.txt", "Counter-terrorism and like-minded partners."),
            ("b.txt", "More counter-terrorism with like-minded partners."),
        ]);
        assert!(rules.is_empty(), "{rules:#?}");
    }

    #[test]
    fn british_house_prefers_defence_and_lists_inflections() {
        let (rules, _) = learned(&[
            ("a.txt", "Our defence ties. The organisation organised it."),
            ("b.txt", "Closer defence cooperation and national defences."),
            ("c.txt", "The organisation will attend."),
            ("d.txt", "The US Department of Defense agreed."),
        ]);
        let r = rule(&rules, "defense").unwrap();
        assert_eq!(r.preferred, "defence");
        assert_eq!(r.kind, SpellingKind::BritishAmerican);
        assert_eq!(r.evidence.documents, ["a", "b"]);
        assert_eq!(r.variants_seen, 0, "proper names are not evidence");
        assert_eq!(house(&rules, "defenses").unwrap(), "defences");
        assert_eq!(house(&rules, "organized").unwrap(), "organised");
        assert_eq!(house(&rules, "organizing").unwrap(), "organising");
    }

    #[test]
    fn a_word_family_is_one_rule_with_honest_counts_and_its_rivals() {
        let (rules, _) = learned(&[
            ("a.txt", "We organize events. The organization grew."),
            ("b.txt", "They organize talks. Our center opened."),
            ("c.txt", "The organization will attend the center."),
            ("d.txt", "One document writes organisation."),
        ]);
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
        // `centered` is never claimed to be seen.
        let center = rule(&rules, "centre").unwrap();
        assert_eq!(center.preferred, "center");
        assert!(center.forms.iter().all(|f| f.form != "centered"));
        assert!(
            !center.describe().contains("centered:"),
            "{}",
            center.describe()
        );
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
    fn american_house_gets_the_opposite_rules() {
        let (rules, _) = learned(&[
            ("a.txt", "Our defense ties. The organization organized it."),
            ("b.txt", "Closer defense cooperation. The program center."),
            ("c.txt", "The organization will attend the program."),
            ("d.txt", "The UK Ministry of Defence agreed."),
        ]);
        assert_eq!(house(&rules, "defence").unwrap(), "defense");
        assert_eq!(house(&rules, "organisation").unwrap(), "organization");
        // One-sided pairs follow the house's variety.
        assert_eq!(house(&rules, "programme").unwrap(), "program");
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
        assert!(rule(&rules, "defense").is_some());
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

    #[test]
    fn the_pair_list_is_well_formed() {
        let mut forms = BTreeSet::new();
        for fam in PAIRS.iter() {
            for (b, a) in &fam.pairs {
                assert_ne!(b, a);
                assert!(forms.insert(b.clone()), "{b} listed twice");
                assert!(forms.insert(a.clone()), "{a} listed twice");
            }
            assert!(matches!(
                fam.only.as_deref(),
                None | Some("us") | Some("uk")
            ));
        }
        assert!(PAIRS.len() > 100);
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
        assert_eq!(pref("defense"), Some("defence"));
        // Every rule is one of these families.
        for r in &rules {
            let ok = ["operat", "cyber", "counter", "defen"]
                .iter()
                .any(|k| r.preferred.contains(k));
            assert!(ok, "unexpected rule {r:?}");
        }
        assert!(conflicts.is_empty(), "{conflicts:?}");
    }
}
