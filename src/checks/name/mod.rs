//! `name/exact`: names written exactly as the approved documents write them.
//!
//! Two passes over prose, each one automaton:
//!
//! 1. **Form variants.** Every learned name is expanded into the forms that
//!    differ only in case, spaces and hyphens (`F35`, `F 35` for `F-35`;
//!    `Vigilant Isles` for `VIGILANT ISLES`; `CSG 21` for `CSG21`), matched
//!    case-insensitively as whole words. A match that is not the exact form
//!    is flagged. The fix is safe: it is the same name, spelt the house way.
//! 2. **Near misses.** Each word of a multi-word name is an anchor. Where an
//!    anchor occurs, the words around it are aligned with the name; if the
//!    others are within a small edit distance (`HMS Argyle`, `Teresa May`,
//!    `Japan Maritime Self-Defence Forces`), the span is flagged. A word that
//!    only adds or drops an ending (`Korean` for `Korea`, `Force` for
//!    `Forces`) is a different word, not a typo.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use jiff::civil::Date;

mod layout;
mod parts;

use super::{Check, Mention};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Rule, Severity};
use crate::rules::{NameKind, NameRule, RuleError, RuleFile};
use crate::text::lexicon::{self, NAME_CONNECTORS};
use crate::text::names::{camel_splits, separator_variants};
use crate::text::words::{
    edit_distance, is_all_caps, is_name_boundary, is_whole_word, starts_sentence, words, Word,
};
use layout::{keep_line_breaks, Flat};
use parts::{Departure, PartIndex};

pub static NAME_EXACT: Rule = Rule {
code: "name/exact",
summary: "Names are written exactly as in the approved documents",
severity: Severity::Error,
what: "Flags a person, ship, exercise, organisation, programme or document name written differently from the form the approved documents use: another case (`Vigilant Isles`), another hyphenation or spacing (`F35`, `CSG 21`), or a near miss (`HMS Argyle`, `Teresa May`), also when a line break splits it. A part of a name written alone is held to it too: a surname or forename (`Mr O'Hallaran` for O'Halloran), a distinctive word of a place or organisation (`Yokusuka` for Yokosuka), an acronym with two letters swapped (`JMDSF` for JMSDF), within one slip from 5 letters and two from 9. A word the dictionary or the approved documents know as itself (`Lord`, another learned name) is never a near miss, nor a new name that differs only in a number (`CORAL BULWARK 27`).",
why: "Names are the mistakes readers notice and the ones no generic spell checker knows. A ship, exercise or minister's name written wrongly in a release is a correction the next day.",
example: "HMS Argyle will deploy to the Pacific region with Vigilant Isles partners.",
fixed: Some("HMS Argyll will deploy to the Pacific region with VIGILANT ISLES partners."),
fix_safety: "Safe for case, spacing, hyphenation and diacritics, and for a one-letter slip in one word of a longer name. A larger difference, or a slip in a part written alone, is offered as an unsafe fix, since it may be a different name. A fix keeps the draft's line breaks.",
    applicability: Some(Applicability::Safe),
};

struct Names {
    names: Vec<NameRule>,
    /// Form variants: pattern index -> name index.
    variants: Option<Matcher>,
    variant_name: Vec<usize>,
    /// Anchors: pattern index -> (name index, word position in the name).
    anchors: Option<Matcher>,
    anchor_targets: Vec<Vec<(usize, usize)>>,
    /// Each name's words.
    name_words: Vec<Vec<String>>,
    /// Each name's evidence line, written at its first finding.
    evidence: Vec<std::sync::OnceLock<String>>,
    /// The parts of every name, for near misses of a part alone.
    parts: PartIndex,
}

pub fn build(rules: &RuleFile) -> Result<Box<dyn Check>, Vec<RuleError>> {
    let mut names: Vec<NameRule> = rules.names.clone();
    // A person's hyphenated surname stands alone in later references
    // (`Dr. Nguyen-Baptiste`): its other separators are misspellings too.
    // So does a surname with its particles (`Dr de la Cruz`, `Mr van der
    // Berg`): the particles keep their case.
    let mut surnames: Vec<NameRule> = Vec::new();
    for n in &rules.names {
        if n.kind != NameKind::Person || !n.name.contains(' ') {
            continue;
        }
        let last = n.name.rsplit(' ').next().unwrap_or_default();
        let particle = n
            .name
            .split(' ')
            .skip(1)
            .position(|w| lexicon::NAME_PARTICLES.contains(&w))
            .map(|k| n.name.split(' ').skip(1 + k).collect::<Vec<_>>().join(" "));
        let surname = if last.contains('-') {
            Some(last.to_string())
        } else {
            particle.filter(|p| p.contains(' '))
        };
        if let Some(surname) = surname {
            let known = |x: &NameRule| x.name.eq_ignore_ascii_case(&surname);
            if !names.iter().any(known) && !surnames.iter().any(known) {
                surnames.push(NameRule {
                    name: surname,
                    ..n.clone()
                });
            }
        }
    }
    names.extend(surnames);
    let mut patterns = Vec::new();
    let mut variant_name = Vec::new();
    let mut seen: HashSet<String, rustc_hash::FxBuildHasher> = HashSet::default();
    for (i, n) in names.iter().enumerate() {
        for v in separator_variants(&n.name)
            .into_iter()
            .chain(camel_splits(&n.name))
        {
            if seen.insert(v.to_lowercase()) {
                patterns.push(v);
                variant_name.push(i);
            }
        }
    }
    let name_words: Vec<Vec<String>> = names
        .iter()
        .map(|n| words(&n.name, 0).map(|w| w.text.to_string()).collect())
        .collect();
    let mut anchor_patterns: Vec<String> = Vec::new();
    let mut anchor_targets: Vec<Vec<(usize, usize)>> = Vec::new();
    // Pattern index by word: a linear search here made building a pack of
    // 100,000 names quadratic (a minute and more).
    let mut anchor_index: HashMap<&str, usize, rustc_hash::FxBuildHasher> = HashMap::default();
    for (i, ws) in name_words.iter().enumerate() {
        if ws.len() < 2 {
            continue;
        }
        for (pos, w) in ws.iter().enumerate() {
            if w.chars().count() < 3 || NAME_CONNECTORS.contains(&w.as_str()) {
                continue;
            }
            match anchor_index.get(w.as_str()) {
                Some(&k) => anchor_targets[k].push((i, pos)),
                None => {
                    anchor_index.insert(w, anchor_patterns.len());
                    anchor_patterns.push(w.clone());
                    anchor_targets.push(vec![(i, pos)]);
                }
            }
        }
    }
    drop(anchor_index);
    let parts = PartIndex::new(&names, rules);
    Ok(Box::new(Names {
        parts,
        variants: Matcher::new(&patterns, true)?,
        variant_name,
        anchors: Matcher::new(&anchor_patterns, false)?,
        anchor_targets,
        name_words,
        evidence: (0..names.len())
            .map(|_| std::sync::OnceLock::new())
            .collect(),
        names,
    }))
}

/// Pattern bytes up to which the automata are Aho-Corasick DFAs, the
/// fastest to search. The built-in pack is far below it. Above it (a
/// department's pack of many thousand names), building any Aho-Corasick
/// automaton costs seconds and hundreds of megabytes (the variants of
/// 100,000 names are 470,000 patterns: 6 s and 85 MB for a contiguous NFA
/// once built, several times that while building, and gigabytes as a DFA),
/// so the patterns go in a [`Trie`] built in linear time instead.
const DFA_MAX_PATTERN_BYTES: usize = 64 * 1024;

/// Leftmost-longest, non-overlapping literal matching, optionally ignoring
/// ASCII case: the same matches whichever form it takes.
enum Matcher {
    Dfa(AhoCorasick),
    Trie(Box<Trie>),
}

impl Matcher {
    fn new(
        patterns: &[String],
        ascii_case_insensitive: bool,
    ) -> Result<Option<Matcher>, Vec<RuleError>> {
        if patterns.is_empty() {
            return Ok(None);
        }
        let bytes: usize = patterns.iter().map(String::len).sum();
        if bytes > DFA_MAX_PATTERN_BYTES {
            return Ok(Some(Matcher::Trie(Box::new(Trie::new(
                patterns,
                ascii_case_insensitive,
            )))));
        }
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(ascii_case_insensitive)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(patterns)
            .map(|ac| Some(Matcher::Dfa(ac)))
            .map_err(|e| {
                vec![RuleError::new(
                    "names",
                    format!("cannot compile names: {e}"),
                )]
            })
    }

    /// Every match, in text order.
    fn find_iter<'a>(&'a self, text: &'a str) -> Box<dyn Iterator<Item = Hit> + 'a> {
        match self {
            Matcher::Dfa(ac) => Box::new(ac.find_iter(text).map(|m| Hit {
                range: m.range(),
                pattern: m.pattern().as_usize(),
            })),
            Matcher::Trie(t) => Box::new(
                t.find_iter(text.as_bytes())
                    .map(|(range, pattern)| Hit { range, pattern }),
            ),
        }
    }
}

/// One match of a [`Matcher`].
struct Hit {
    range: Range<usize>,
    pattern: usize,
}

impl Hit {
    fn start(&self) -> usize {
        self.range.start
    }

    fn end(&self) -> usize {
        self.range.end
    }

    fn range(&self) -> Range<usize> {
        self.range.clone()
    }
}

/// A byte trie of literal patterns, with every node's children stored
/// together and sorted: built from the sorted patterns level by level in
/// time and memory linear in their total length, about 11 bytes a node.
///
/// Searching tries each position in turn for the longest pattern starting
/// there and, on a match, goes on after it: exactly the leftmost-longest,
/// non-overlapping matches of Aho-Corasick, at a few steps per position
/// (most positions leave the trie after a byte or two).
struct Trie {
    /// Per node: index of its first child, how many children it has, the
    /// byte on the edge into it, and the pattern that ends there.
    first_child: Vec<u32>,
    children: Vec<u16>,
    label: Vec<u8>,
    pattern: Vec<u32>,
    fold: bool,
    /// Which bytes start some pattern, to pass over the rest quickly.
    starts: [bool; 256],
}

const NO_PATTERN: u32 = u32::MAX;

impl Trie {
    fn new(patterns: &[String], fold: bool) -> Trie {
        // The (folded) patterns in sorted order, one after another in one
        // buffer: every node's patterns are then a run of it, and building
        // reads it in order.
        let total: usize = patterns.iter().map(String::len).sum();
        let mut folded: Vec<u8> = Vec::with_capacity(total);
        let mut at: Vec<usize> = Vec::with_capacity(patterns.len() + 1);
        for p in patterns {
            at.push(folded.len());
            folded.extend(
                p.bytes()
                    .map(|b| if fold { b.to_ascii_lowercase() } else { b }),
            );
        }
        at.push(folded.len());
        let mut order: Vec<usize> = (0..patterns.len()).collect();
        order.sort_by(|&a, &b| folded[at[a]..at[a + 1]].cmp(&folded[at[b]..at[b + 1]]));
        let mut buf: Vec<u8> = Vec::with_capacity(total);
        let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(order.len());
        for &k in &order {
            bounds.push((buf.len(), at[k + 1] - at[k]));
            buf.extend_from_slice(&folded[at[k]..at[k + 1]]);
        }
        drop(folded);
        let key = |i: usize| {
            let (at, len) = bounds[i];
            &buf[at..at + len]
        };
        let mut t = Trie {
            first_child: vec![0],
            children: vec![0],
            label: vec![0],
            pattern: vec![NO_PATTERN],
            fold,
            starts: [false; 256],
        };
        // Depth first: (node, depth, run of sorted patterns below it). A
        // node's children are allocated together, in byte order.
        let mut stack = vec![(0usize, 0usize, 0..order.len())];
        let mut kids = Vec::new();
        while let Some((node, depth, run)) = stack.pop() {
            let mut i = run.start;
            // Patterns ending here sort first; the first one given wins, as
            // with Aho-Corasick (patterns are distinct once folded anyway).
            while i < run.end && key(i).len() == depth {
                t.pattern[node] = t.pattern[node].min(order[i] as u32);
                i += 1;
            }
            t.first_child[node] = t.label.len() as u32;
            kids.clear();
            while i < run.end {
                let b = key(i)[depth];
                let start = i;
                while i < run.end && key(i)[depth] == b {
                    i += 1;
                }
                kids.push((t.label.len(), start..i));
                t.first_child.push(0);
                t.children.push(0);
                t.label.push(b);
                t.pattern.push(NO_PATTERN);
                t.children[node] += 1;
            }
            for (child, run) in kids.drain(..).rev() {
                stack.push((child, depth + 1, run));
            }
        }
        let root = t.first_child[0] as usize;
        for c in root..root + t.children[0] as usize {
            t.starts[t.label[c] as usize] = true;
            if fold {
                t.starts[t.label[c].to_ascii_uppercase() as usize] = true;
            }
        }
        t
    }

    fn child(&self, node: usize, b: u8) -> Option<usize> {
        let first = self.first_child[node] as usize;
        let labels = &self.label[first..first + self.children[node] as usize];
        labels.binary_search(&b).ok().map(|k| first + k)
    }

    /// The end and pattern of the longest pattern starting at `at`.
    fn longest_at(&self, hay: &[u8], at: usize) -> Option<(usize, usize)> {
        let mut node = 0;
        let mut best = None;
        for (i, &b) in hay[at..].iter().enumerate() {
            let b = if self.fold { b.to_ascii_lowercase() } else { b };
            match self.child(node, b) {
                Some(c) => node = c,
                None => break,
            }
            if self.pattern[node] != NO_PATTERN {
                best = Some((at + i + 1, self.pattern[node] as usize));
            }
        }
        best
    }

    fn find_iter<'a>(&'a self, hay: &'a [u8]) -> impl Iterator<Item = (Range<usize>, usize)> + 'a {
        let mut at = 0;
        std::iter::from_fn(move || {
            while at < hay.len() {
                if self.starts[hay[at] as usize] {
                    if let Some((end, p)) = self.longest_at(hay, at) {
                        let m = (at..end, p);
                        at = end;
                        return Some(m);
                    }
                }
                at += 1;
            }
            None
        })
    }
}

impl Names {
    fn finding(
        &self,
        idx: usize,
        range: Range<usize>,
        found: &str,
        replacement: String,
        app: Applicability,
    ) -> Diagnostic {
        let n = &self.names[idx];
        let sev = if app == Applicability::Safe {
            Severity::Error
        } else {
            Severity::Warning
        };
        Diagnostic::new(
            &NAME_EXACT,
            range.clone(),
            format!(
                "{} this {} as '{}', not '{found}'.",
                if n.evidence.seen == 0 && n.evidence.documents.is_empty() {
                    "House style writes"
                } else {
                    "The approved documents write"
                },
                n.kind.noun(),
                n.name
            ),
        )
        .with_severity(sev)
        .with_fix(Fix::replace(range, replacement, app))
        .with_evidence(
            self.evidence[idx]
                .get_or_init(|| n.evidence.describe(&n.name))
                .clone(),
        )
    }

    fn variants_pass(
        &self,
        text: &str,
        base: usize,
        exact: &mut Vec<Range<usize>>,
        out: &mut Vec<Diagnostic>,
    ) {
        let Some(ac) = &self.variants else { return };
        // Line breaks inside a name are spaces to the automaton.
        let flat = Flat::new(text);
        for m in ac.find_iter(&flat.text) {
            if !is_name_boundary(&flat.text, m.start(), m.end()) {
                continue;
            }
            let idx = self.variant_name[m.pattern];
            let (start, end) = (flat.original(m.start()), flat.original(m.end()));
            let found = &text[start..end];
            let flat_found = &flat.text[m.range()];
            let range = base + start..base + end;
            let canonical = &self.names[idx].name;
            if flat_found == canonical {
                exact.push(range);
                continue;
            }
            // A heading set in capitals is a style, not a misspelling.
            if is_all_caps(found) && !is_all_caps(canonical) && line_is_all_caps(text, start) {
                continue;
            }
            // A sentence capitalises its first letter, a particle's too
            // (`Van der Berg said`, `De la Cruz said`).
            if starts_sentence(text, start) && only_first_capitalised(flat_found, canonical) {
                continue;
            }
            let replacement = keep_line_breaks(found, canonical);
            out.push(self.finding(idx, range, found, replacement, Applicability::Safe));
        }
    }

    /// Near misses of a part of a name written alone: a surname, a
    /// forename, a distinctive word, an acronym (see [`parts`]).
    fn parts_pass(
        &self,
        text: &str,
        base: usize,
        exact: &[Range<usize>],
        first: usize,
        out: &mut Vec<Diagnostic>,
    ) {
        if self.parts.is_empty() {
            return;
        }
        let mut taken: Vec<Range<usize>> = out[first..]
            .iter()
            .filter(|d| d.code == NAME_EXACT.code)
            .map(|d| d.range.clone())
            .collect();
        taken.sort_by_key(|r| r.start);
        let inside = |list: &[Range<usize>], r: &Range<usize>| {
            let i = list.partition_point(|x| x.end <= r.start);
            list.get(i).is_some_and(|x| x.start < r.end)
        };
        let mut folded = Vec::new();
        let mut found = Vec::new();
        for w in capitalised_words(text) {
            let b = w.text.as_bytes();
            if b.len() < 3 || b.iter().any(u8::is_ascii_digit) {
                continue;
            }
            // Inside a name written exactly, or already flagged: most
            // capitalised words of a house's draft are its names.
            let abs = base + w.start..base + w.end;
            if inside(exact, &abs) || inside(&taken, &abs) {
                continue;
            }
            let Some(near) = self.parts.near(w.text, &mut folded) else {
                continue;
            };
            // A heading set in capitals is a style.
            if is_all_caps(w.text) && line_is_all_caps(text, w.start) {
                continue;
            }
            found.push((abs, near));
        }
        for (abs, near) in found {
            let idx = near.part.name;
            let n = &self.names[idx];
            let written = &text[abs.start - base..abs.end - base];
            let (app, sev) = match near.departure {
                Departure::Form => (Applicability::Safe, Severity::Error),
                Departure::Typo => (Applicability::Unsafe, Severity::Warning),
            };
            let who = if near.part.acronym && n.acronym.as_deref() == Some(near.part.form.as_str())
            {
                format!("as the acronym of the {} '{}'", n.kind.noun(), n.name)
            } else {
                format!("in the {} '{}'", n.kind.noun(), n.name)
            };
            let message = format!(
                "{} '{}' ({who}), not '{written}'.",
                if n.evidence.seen == 0 && n.evidence.documents.is_empty() {
                    "House style writes"
                } else {
                    "The approved documents write"
                },
                near.part.form,
            );
            out.push(
                Diagnostic::new(&NAME_EXACT, abs.clone(), message)
                    .with_severity(sev)
                    .with_fix(Fix::replace(abs, near.replacement, app))
                    .with_evidence(
                        self.evidence[idx]
                            .get_or_init(|| n.evidence.describe(&n.name))
                            .clone(),
                    ),
            );
        }
    }

    fn near_miss_pass(
        &self,
        text: &str,
        base: usize,
        exact: &[Range<usize>],
        out: &mut Vec<Diagnostic>,
    ) {
        let Some(ac) = &self.anchors else { return };
        let mut flagged: rustc_hash::FxHashSet<Range<usize>> = rustc_hash::FxHashSet::default();
        // Neighbouring words of the current anchor, nearest first; filled
        // lazily and reused across hits.
        let mut before: Vec<Word<'_>> = Vec::new();
        let mut after: Vec<Word<'_>> = Vec::new();
        let mut window: Vec<Word<'_>> = Vec::new();
        // The last window judged for each name, by name index; a map, as a
        // table of every name per region made checking cost the pack's size.
        let mut seen: rustc_hash::FxHashMap<usize, Range<usize>> = rustc_hash::FxHashMap::default();
        for m in ac.find_iter(text) {
            if !is_whole_word(text, m.start(), m.end()) {
                continue;
            }
            // A near miss is a capitalised word or a slip in one: an anchor
            // written in lower case (`security`, `council`) starts none.
            if text[m.start()..].starts_with(|c: char| c.is_lowercase()) {
                continue;
            }
            // An anchor inside a name written exactly needs no second look.
            let at = base + m.start();
            let i = exact.partition_point(|r| r.end <= at);
            if exact.get(i).is_some_and(|r| r.start <= at) {
                continue;
            }
            let anchor = Word {
                start: m.start(),
                end: m.end(),
                text: &text[m.range()],
            };
            before.clear();
            after.clear();
            for &(idx, pos) in &self.anchor_targets[m.pattern] {
                // Another word of this name already had this window judged.
                if seen
                    .get(&idx)
                    .is_some_and(|r| r.start <= m.start() && m.start() < r.end)
                {
                    continue;
                }
                let want = &self.name_words[idx];
                let need_after = want.len() - pos - 1;
                // The nearest neighbour the name needs first: a lower-case
                // word where the name has a capital is refused at once, as
                // `compare` would refuse the whole window.
                let refused = |found: &Word<'_>, want: &str| {
                    !found.text.eq_ignore_ascii_case(want)
                        && !found.text.starts_with(char::is_uppercase)
                        && want.starts_with(char::is_uppercase)
                };
                if need_after > 0 {
                    if after.is_empty() {
                        after.extend(next_word(text, anchor.end));
                    }
                    if after.first().is_some_and(|w| refused(w, &want[pos + 1])) {
                        continue;
                    }
                } else if pos > 0 {
                    if before.is_empty() {
                        before.extend(prev_word(text, anchor.start));
                    }
                    if before.first().is_some_and(|w| refused(w, &want[pos - 1])) {
                        continue;
                    }
                }
                while before.len() < pos {
                    let from = before.last().map_or(anchor.start, |w| w.start);
                    match prev_word(text, from) {
                        Some(w) => before.push(w),
                        None => break,
                    }
                }
                while after.len() < need_after {
                    let from = after.last().map_or(anchor.end, |w| w.end);
                    match next_word(text, from) {
                        Some(w) => after.push(w),
                        None => break,
                    }
                }
                if before.len() < pos || after.len() < need_after {
                    continue;
                }
                window.clear();
                window.extend(before[..pos].iter().rev().copied());
                window.push(anchor);
                window.extend(after[..need_after].iter().copied());
                seen.insert(idx, window[0].start..window[window.len() - 1].end);
                let Some((typos, worst)) = compare(&window, want) else {
                    continue;
                };
                let span = window[0].start..window[window.len() - 1].end;
                let abs = base + span.start..base + span.end;
                if typos == 0 || !flagged.insert(abs.clone()) {
                    continue;
                }
                // A name written exactly that the window only partly
                // covers is another reading of these words; one inside it
                // is a shorter name within this longer one (`North
                // Atlantic` in `North Atlantic Fisheries Comission`).
                let i = exact.partition_point(|r| r.end <= abs.start);
                if exact[i..]
                    .iter()
                    .take_while(|r| r.start < abs.end)
                    .any(|r| r.start < abs.start || r.end > abs.end)
                {
                    continue;
                }
                let found = &text[span.clone()];
                let mut replacement = self.names[idx].name.clone();
                let (last_d, last_w) = (window[window.len() - 1].text, &want[want.len() - 1]);
                if last_d.len() == last_w.len() + 1 && last_d.ends_with('s') {
                    replacement.push('s');
                } else if last_w.len() == last_d.len() + 1 && last_w.ends_with('s') {
                    replacement.pop();
                }
                let replacement = keep_line_breaks(found, &replacement);
                let app = if worst <= 1 && typos == 1 {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                };
                out.push(self.finding(idx, abs, found, replacement, app));
            }
        }
    }
}

/// The words of `text` (as [`words`] reads them) that begin with a
/// capital, found a byte at a time: most words are passed over without
/// decoding a character.
fn capitalised_words(text: &str) -> impl Iterator<Item = Word<'_>> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    // The end of the word that starts at `at`.
    let word_end = move |mut at: usize| {
        while at < bytes.len() {
            let b = bytes[at];
            if b < 0x80 {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                at += 1;
                continue;
            }
            let c = text[at..].chars().next().unwrap_or(' ');
            if !is_word_char(c) && !c.is_alphanumeric() {
                break;
            }
            at += c.len_utf8();
        }
        at
    };
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let b = bytes[i];
            // Most bytes are lower-case letters, spaces and punctuation.
            if b < 0x80 && !b.is_ascii_uppercase() {
                if b.is_ascii_alphanumeric() {
                    i = word_end(i + 1);
                } else {
                    i += 1;
                }
                continue;
            }
            let (word, upper, len) = if b < 0x80 {
                (b.is_ascii_alphanumeric(), b.is_ascii_uppercase(), 1)
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                (c.is_alphanumeric(), c.is_uppercase(), c.len_utf8())
            };
            if !word {
                i += len;
                continue;
            }
            let start = i;
            i = word_end(i + len);
            if upper {
                return Some(Word {
                    start,
                    end: i,
                    text: &text[start..i],
                });
            }
        }
        None
    })
}

/// Characters that may join the words of a name.
fn is_joiner(c: char) -> bool {
    matches!(c, ' ' | '-' | '\n' | '\u{a0}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c as u32, 0x0300..=0x036F)
}

/// The word before `pos`, if only one or two joining characters (a space,
/// a hyphen, a line break) stand between.
fn prev_word(text: &str, pos: usize) -> Option<Word<'_>> {
    let head = &text[..pos];
    let mut gap = 0;
    let mut end = pos;
    for (i, c) in head.char_indices().rev() {
        if is_joiner(c) && gap < 2 {
            gap += 1;
            end = i;
        } else {
            break;
        }
    }
    if gap == 0 {
        return None;
    }
    let start = head[..end]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()?
        .0;
    Some(Word {
        start,
        end,
        text: &text[start..end],
    })
}

/// The word after `pos`, on the same terms as [`prev_word`].
fn next_word(text: &str, pos: usize) -> Option<Word<'_>> {
    let tail = &text[pos..];
    let mut gap = 0;
    let mut start = pos;
    for (i, c) in tail.char_indices() {
        if is_joiner(c) && gap < 2 {
            gap += 1;
            start = pos + i + c.len_utf8();
        } else {
            break;
        }
    }
    if gap == 0 {
        return None;
    }
    let len: usize = text[start..]
        .chars()
        .take_while(|&c| is_word_char(c))
        .map(char::len_utf8)
        .sum();
    (len > 0).then(|| Word {
        start,
        end: start + len,
        text: &text[start..start + len],
    })
}

/// Whether `found` is `canonical` with its first letter capitalised.
fn only_first_capitalised(found: &str, canonical: &str) -> bool {
    let (mut f, mut c) = (found.chars(), canonical.chars());
    match (f.next(), c.next()) {
        (Some(a), Some(b)) => {
            a != b && a.is_uppercase() && b.is_lowercase() && b.to_uppercase().eq([a]) && f.eq(c)
        }
        _ => false,
    }
}

fn line_is_all_caps(text: &str, at: usize) -> bool {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    !text[start..end].chars().any(char::is_lowercase)
}

/// Compares draft words with a name's words: `None` if any word is a
/// different word; else how many are near misses and the largest distance.
fn compare(found: &[Word<'_>], want: &[String]) -> Option<(usize, usize)> {
    let mut typos = 0;
    let mut worst = 0;
    for (i, (f, w)) in found.iter().zip(want).enumerate() {
        let (f, w) = (f.text, w.as_str());
        if f.eq_ignore_ascii_case(w) {
            continue;
        }
        // Cheap refusals first: most anchors sit beside ordinary words.
        if !f.chars().next().is_some_and(char::is_uppercase)
            && w.chars().next().is_some_and(char::is_uppercase)
        {
            return None;
        }
        let last = i + 1 == want.len();
        let plural = |a: &str, b: &str| {
            a.len() == b.len() + 1 && a.ends_with('s') && a[..b.len()].eq_ignore_ascii_case(b)
        };
        if last && (plural(f, w) || plural(w, f)) {
            continue;
        }
        let n = w.chars().count();
        let limit = match n {
            0..=3 => 0,
            4..=7 => 1,
            _ => 2,
        };
        if f.chars().count().abs_diff(n) > limit {
            return None;
        }
        let (fl, wl) = (f.to_lowercase(), w.to_lowercase());
        if fl == wl {
            continue;
        }
        // The same letters without their diacritics (`Asa` for `Åsa`): a
        // slip at any length.
        let (mut ff, mut wf) = (Vec::new(), Vec::new());
        crate::text::words::fold(f, &mut ff);
        crate::text::words::fold(w, &mut wf);
        if ff == wf {
            typos += 1;
            worst = worst.max(1);
            continue;
        }
        // Adding or dropping an ending makes another word (`Korean`).
        if fl.starts_with(&wl) || wl.starts_with(&fl) {
            return None;
        }
        let d = edit_distance(&fl, &wl, limit)?;
        typos += 1;
        worst = worst.max(d);
    }
    (typos <= 1 || typos * 2 < want.len()).then_some((typos, worst))
}

impl Check for Names {
    fn region(
        &self,
        text: &str,
        base: usize,
        _date: Option<Date>,
        out: &mut Vec<Diagnostic>,
        _mentions: &mut Vec<Mention>,
    ) {
        let mut exact = Vec::new();
        // `out` may hold other regions' findings: this region's start here.
        let first = out.len();
        self.variants_pass(text, base, &mut exact, out);
        self.near_miss_pass(text, base, &exact, out);
        self.parts_pass(text, base, &exact, first, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::checks::testing::{self, linter, lints, Linter};
    use crate::fix::Which;
    use crate::rules::{Evidence, NameKind};

    fn rules() -> RuleFile {
        let n = |name: &str, kind| NameRule {
            name: name.into(),
            kind,
            acronym: None,
            evidence: Evidence {
                seen: 3,
                documents: vec!["a".into(), "b".into()],
            },
            rivals: Vec::new(),
        };
        RuleFile {
            names: vec![
                n("HMS Argyll", NameKind::Ship),
                n("HMS Queen Elizabeth", NameKind::Ship),
                n("Theresa May", NameKind::Person),
                n("Lena Park-Hughes", NameKind::Person),
                n("VIGILANT ISLES", NameKind::Exercise),
                n("F-35", NameKind::Code),
                n("CSG21", NameKind::Code),
                n("North Korea", NameKind::Other),
                n("Japan Maritime Self-Defense Forces", NameKind::Organisation),
            ],
            ..RuleFile::default()
        }
    }

    fn names() -> Linter {
        linter(build, &rules())
    }

    fn check(text: &str) -> Vec<(String, String)> {
        let mut out = lints(text, &names());
        out.sort_by_key(|d| d.range.start);
        out.iter()
            .map(|d| {
                (
                    text[d.range.clone()].to_string(),
                    d.fixes[0].edits[0].replacement.clone(),
                )
            })
            .collect()
    }

    fn fixed(text: &str) -> String {
        testing::fixed(text, &names(), Which::Safe)
    }

    #[test]
    fn a_hyphenated_surname_alone_keeps_its_hyphen() {
        assert_eq!(
            check("Ms. Park Hughes said so, and Ms. Park-Hughes agreed."),
            [("Park Hughes".into(), "Park-Hughes".into())]
        );
    }

    #[test]
    fn form_variants_are_flagged() {
        assert_eq!(
            check("The Vigilant Isles exercise, the F35 and CSG 21."),
            [
                ("Vigilant Isles".into(), "VIGILANT ISLES".into()),
                ("F35".into(), "F-35".into()),
                ("CSG 21".into(), "CSG21".into())
            ]
        );
        // A no-break space is a space; Unicode's hyphens are hyphens.
        assert_eq!(
            check("The CSG\u{a0}21 and the F\u{2011}35; Theresa\u{a0}May."),
            [("CSG\u{a0}21".into(), "CSG21".into())]
        );
        assert_eq!(
            check("Two F35s flew over north Korea's coast."),
            [
                ("F35".into(), "F-35".into()),
                ("north Korea".into(), "North Korea".into())
            ]
        );
    }

    #[test]
    fn near_misses_are_flagged() {
        assert_eq!(
            check("HMS Argyle sailed."),
            [("HMS Argyle".into(), "HMS Argyll".into())]
        );
        assert_eq!(
            check("Prime Minister Teresa May said."),
            [("Teresa May".into(), "Theresa May".into())]
        );
        assert_eq!(
            check("the Japan Maritime Self-Defence Forces trained"),
            [(
                "Japan Maritime Self-Defence Forces".into(),
                "Japan Maritime Self-Defense Forces".into()
            )]
        );
        assert_eq!(
            fixed("😀 安倍 HMS Argyle and the F35."),
            "😀 安倍 HMS Argyll and the F-35."
        );
    }

    #[test]
    fn messages_never_leak_the_internal_kind() {
        let ds = lints("Missiles over north Korea.", &names());
        assert_eq!(ds.len(), 1, "{ds:#?}");
        assert_eq!(
            ds[0].message,
            "The approved documents write this name as 'North Korea', not 'north Korea'."
        );
        let ds = lints("HMS Argyle sailed.", &names());
        assert!(
            ds[0].message.contains("this ship as 'HMS Argyll'"),
            "{ds:#?}"
        );
    }

    #[test]
    fn exact_names_and_other_words_are_not_flagged() {
        assert!(
            check("HMS Argyll and HMS Queen Elizabeth met Theresa May in May 2017.").is_empty()
        );
        assert!(
            check("A North Korean missile; the Japan Maritime Self-Defense Force said.").is_empty()
        );
        assert!(check("HMS Prince of Wales and HMS Argus sailed.").is_empty());
        assert!(
            check("See `HMS Argyle` in code and [a link](https://x.org/HMS-Argyle).").is_empty()
        );
    }

    /// A pack like a house's: people, places, organisations with
    /// acronyms, words that stand alone.
    fn part_rules() -> RuleFile {
        let mut r = rules();
        let n = |name: &str, kind, acronym: Option<&str>| NameRule {
            name: name.into(),
            kind,
            acronym: acronym.map(str::to_string),
            evidence: Evidence {
                seen: 3,
                documents: vec!["a".into(), "b".into()],
            },
            rivals: Vec::new(),
        };
        r.names.extend([
            n("Thomas O'Halloran", NameKind::Person, None),
            n("Fumio Kishida", NameKind::Person, None),
            n("Marcus DeLuca", NameKind::Person, None),
            n("Åsa Lindqvist", NameKind::Person, None),
            n("Helen Marsh", NameKind::Person, None),
            n("Angela Whitcombe", NameKind::Person, None),
            n("Shinzo Abe", NameKind::Person, None),
            n("Nissan Motor", NameKind::Organisation, None),
            n("Yokosuka", NameKind::Place, None),
            n("Naval Station Norfolk", NameKind::Other, None),
            n(
                "Storm Surge Research Laboratory",
                NameKind::Organisation,
                Some("SSRL"),
            ),
            n(
                "Department of Coastal Resilience",
                NameKind::Organisation,
                Some("DCR"),
            ),
            n(
                "Japan Maritime Self-Defense Force",
                NameKind::Organisation,
                Some("JMSDF"),
            ),
            n(
                "Japan Ground Self-Defense Force",
                NameKind::Organisation,
                Some("JGSDF"),
            ),
            n(
                "Nordholm Port Authority",
                NameKind::Organisation,
                Some("NPA"),
            ),
            n(
                "Harborview Housing Trust",
                NameKind::Organisation,
                Some("HHT"),
            ),
            n("CORAL BULWARK 26", NameKind::Exercise, None),
        ]);
        r
    }

    fn check_parts(text: &str) -> Vec<(String, String)> {
        let mut out = lints(text, &linter(build, &part_rules()));
        out.sort_by_key(|d| d.range.start);
        out.iter()
            .map(|d| {
                (
                    text[d.range.clone()].to_string(),
                    d.fixes[0].edits[0].replacement.clone(),
                )
            })
            .collect()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn a_misspelt_surname_or_forename_alone_is_flagged() {
        assert_eq!(
            check_parts("Council President Thomas O'Halloran spoke. Mr O'Hallaran said so."),
            [pair("Hallaran", "Halloran")]
        );
        // After a line break, at a sentence start, as a possessive.
        assert_eq!(
            check_parts("He said so, Mr\nO'Hallaran agreed. Kishda spoke. Kishda's aide left."),
            [
                pair("Hallaran", "Halloran"),
                pair("Kishda", "Kishida"),
                pair("Kishda", "Kishida")
            ]
        );
        assert_eq!(
            check_parts("# Whitcomb visits\n\nMs Whitcomb arrived."),
            [pair("Whitcomb", "Whitcombe"), pair("Whitcomb", "Whitcombe")]
        );
        // Every word of a name misspelt: each part is fixed.
        assert_eq!(
            testing::fixed(
                "Fumeo Kishda visited Nordholm.",
                &linter(build, &part_rules()),
                Which::SafeAndUnsafe
            ),
            "Fumio Kishida visited Nordholm."
        );
        let ds = lints("Mr O'Hallaran said so.", &linter(build, &part_rules()));
        assert_eq!(ds[0].severity, Severity::Warning);
        assert_eq!(ds[0].fixes[0].applicability, Applicability::Unsafe);
        assert_eq!(
            ds[0].message,
            "The approved documents write 'Halloran' (in the person 'Thomas O'Halloran'), not 'Hallaran'."
        );
    }

    #[test]
    fn a_part_in_another_case_or_without_its_diacritics_is_flagged() {
        assert_eq!(
            check_parts("Mr Deluca said. Asa Lindqvist agreed."),
            [
                pair("Deluca", "DeLuca"),
                pair("Asa Lindqvist", "Åsa Lindqvist")
            ]
        );
        let ds = lints("Mr Deluca said.", &linter(build, &part_rules()));
        assert_eq!(ds[0].fixes[0].applicability, Applicability::Safe);
    }

    #[test]
    fn a_distinctive_word_of_a_name_alone_is_flagged() {
        assert_eq!(
            check_parts("Nisan cars left Yokusuka's port for Norfork. Two Nisans."),
            [
                pair("Nisan", "Nissan"),
                pair("Yokusuka", "Yokosuka"),
                pair("Norfork", "Norfolk"),
                pair("Nisans", "Nissans")
            ]
        );
        // Ordinary words of a name are not names alone; lower case only
        // for an unusual part.
        assert!(check_parts("The Labratory and the resilence of the nisan.").is_empty());
    }

    #[test]
    fn transposed_acronyms_are_flagged_and_other_letters_are_not() {
        assert_eq!(
            check_parts("The JMDSF and the SRSL met the DRC and the NAP's two SRSLs."),
            [
                pair("JMDSF", "JMSDF"),
                pair("SRSL", "SSRL"),
                pair("DRC", "DCR"),
                pair("NAP", "NPA"),
                pair("SRSLs", "SSRLs")
            ]
        );
        // One letter changed is another body; an acronym the dictionary
        // knows is itself; two letters are too few to swap.
        for text in [
            "The JMSDF and the JGSDF trained with the JNSDF.",
            "The DCX and the DCT met in the UK and the US; the MOD and the MOT.",
            "The CD and DC met.",
            "THE DRC ANNOUNCES A PLAN",
        ] {
            assert!(check_parts(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn real_words_other_names_and_new_numbers_are_not_near_misses() {
        for text in [
            "Lord Argue and the Mat Marsh, a March morning; Mr Marshall arrived.",
            "Mr Abe met Mr Abbe. Mr Halloran met Mr Kishida and Ms Lindqvist.",
            "CORAL BULWARK 27 follows CORAL BULWARK 26. HMS Argyll 2 sailed.",
            "The Resilience Council and the Norfolk Yokosuka Nissan Motor office.",
            "Mr Thomas met Mr Thomson and Ms Helena; Mr Okafors and Mr Kishidas.",
            "Prime Minister Rishi Sunak met the Foreign Minister in Tokyo.",
        ] {
            assert!(
                check_parts(text).is_empty(),
                "{text}: {:?}",
                check_parts(text)
            );
        }
    }

    #[test]
    fn two_learned_names_near_each_other_are_not_flagged_as_each_other() {
        let mut r = part_rules();
        r.names.push(NameRule {
            name: "Anna Lindquist".into(),
            kind: NameKind::Person,
            ..r.names[0].clone()
        });
        let l = linter(build, &r);
        assert!(lints("Ms Lindquist and Ms Lindqvist met.", &l).is_empty());
    }

    #[test]
    fn a_name_across_a_line_break_keeps_the_break_in_its_fix() {
        assert_eq!(
            check_parts("The Harborview Housing\ntrust met the Vigilant\nIsles team."),
            [
                pair("Harborview Housing\ntrust", "Harborview Housing\nTrust"),
                pair("Vigilant\nIsles", "VIGILANT\nISLES")
            ]
        );
        assert_eq!(
            testing::fixed(
                "The Harborview Housing\ntrust met.\nHMS\nArgyle sailed.",
                &linter(build, &part_rules()),
                Which::Safe
            ),
            "The Harborview Housing\nTrust met.\nHMS\nArgyll sailed."
        );
        // Written exactly across a break: nothing to fix.
        assert!(check_parts("The Harborview Housing\r\nTrust met.").is_empty());
        let ds = lints(
            "The Harborview Housing\ntrust met.",
            &linter(build, &part_rules()),
        );
        assert!(
            // As written: each output format escapes the line break.
            ds[0].message.contains("not 'Harborview Housing\ntrust'"),
            "{}",
            ds[0].message
        );
    }

    #[test]
    fn a_surname_with_particles_keeps_their_case_except_at_a_sentence_start() {
        let mut r = part_rules();
        for name in ["Luis de la Cruz", "Mikael van der Berg", "Karim bin Rashid"] {
            r.names.push(NameRule {
                name: name.into(),
                kind: NameKind::Person,
                ..r.names[0].clone()
            });
        }
        r.names.push(NameRule {
            name: "GreenStreets Initiative".into(),
            kind: NameKind::Other,
            ..r.names[0].clone()
        });
        let l = linter(build, &r);
        let run = |text: &str| -> Vec<(String, String)> {
            lints(text, &l)
                .iter()
                .map(|d| {
                    (
                        text[d.range.clone()].to_string(),
                        d.fixes[0].edits[0].replacement.clone(),
                    )
                })
                .collect()
        };
        assert_eq!(
            run("said Dr. De La Cruz. Mr Van der Berg and Dr Bin\nRashid met."),
            [
                pair("De La Cruz", "de la Cruz"),
                pair("Van der Berg", "van der Berg"),
                pair("Bin\nRashid", "bin\nRashid")
            ]
        );
        assert!(run("Van der Berg said so. De la Cruz agreed. Mr van der Berg too.").is_empty());
        assert_eq!(
            run("the Green Streets\nInitiative and the Green-Streets Initiative"),
            [
                pair("Green Streets\nInitiative", "GreenStreets\nInitiative"),
                pair("Green-Streets Initiative", "GreenStreets Initiative")
            ]
        );
    }

    proptest::proptest! {
        /// The capitalised words are the words that begin with a capital.
        #[test]
        fn capitalised_words_are_the_words_with_a_capital(text in "[aA1 .é\u{301}Éß-]{0,40}") {
            let want: Vec<Word<'_>> = words(&text, 0)
                .filter(|w| w.text.starts_with(char::is_uppercase))
                .collect();
            let got: Vec<Word<'_>> = capitalised_words(&text).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    proptest::proptest! {
        /// The trie finds exactly the leftmost-longest matches of
        /// Aho-Corasick, with and without ASCII case folding.
        #[test]
        fn the_trie_matches_as_aho_corasick_does(
            pats in proptest::collection::vec("[aAbB -é]{1,5}", 1..30),
            hay in "[aAbB -éx]{0,80}",
            fold in proptest::bool::ANY,
        ) {
            let mut seen = std::collections::HashSet::new();
            let pats: Vec<String> = pats
                .into_iter()
                .filter(|p| seen.insert(if fold { p.to_lowercase() } else { p.clone() }))
                .collect();
            let ac = AhoCorasickBuilder::new()
                .ascii_case_insensitive(fold)
                .match_kind(MatchKind::LeftmostLongest)
                .build(&pats)
                .unwrap();
            let want: Vec<(Range<usize>, usize)> = ac
                .find_iter(&hay)
                .map(|m| (m.range(), m.pattern().as_usize()))
                .collect();
            let got: Vec<(Range<usize>, usize)> = Trie::new(&pats, fold).find_iter(hay.as_bytes()).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn a_large_pack_finds_what_a_small_one_does() {
        // Enough names that the automata are tries, not DFAs.
        let mut big = rules();
        let kind = NameKind::Organisation;
        for i in 0..6_000 {
            let mut n = big.names[0].clone();
            n.name = format!("Qzx{i} Wvy{} Trust", i * 7);
            n.kind = kind;
            big.names.push(n);
        }
        let bytes: usize = big
            .names
            .iter()
            .map(|n| separator_variants(&n.name).concat().len())
            .sum();
        assert!(bytes > DFA_MAX_PATTERN_BYTES);
        let large_check = linter(build, &big);
        let run = |text: &str| lints(text, &large_check);
        for text in [
            "The Vigilant Isles exercise, the F35 and CSG 21.",
            "Two F35s flew over north Korea's coast.",
            "HMS Argyle sailed. Prime Minister Teresa May said.",
            "the Japan Maritime Self-Defence Forces trained",
            "😀 安倍 HMS Argyle and the F-35, HMS Argyll and HMS Queen Elizabeth met Theresa May.",
            "A North Korean missile; the Japan Maritime Self-Defense Force said. HMS Argus sailed.",
            "VIGILANT ISLES\nThe vigilant-isles team met the Qzx12 Wvy84 trust.",
        ] {
            let small = lints(text, &names());
            let mut large = run(text);
            large.retain(|d| !d.message.contains("Qzx"));
            assert_eq!(large, small, "{text}");
        }
        let found = run("The Qzx12 wvy84 Trust.");
        assert_eq!(found.len(), 1);
    }
}
