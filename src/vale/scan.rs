//! One search of a draft for all of a style's patterns at once.
//!
//! A style of hundreds of rules is mostly word lists: `existence` and
//! `substitution` rules, vocabulary terms. Run one by one, each would read
//! the whole draft. Instead, when the style loads, every pattern that has
//! a short list of literals one of which begins each of its matches
//! ([`Pattern::prefixes`]) gives them to one case-blind Aho–Corasick
//! automaton ([`Prefilter`]). A check reads each scope's text once with
//! it, and a rule's pattern is then tried only where one of its literals
//! was found, as a search anchored there ([`Pattern::find_at_starts`]):
//! the same matches as reading the whole text, in a fraction of the time.
//!
//! Patterns without such literals (`\b\w+\b`, the token of a
//! sentence-length rule) are read in full, but once per scope however many
//! rules write the same pattern; the readability counts of `metric` rules
//! are also made once per scope.
//!
//! [`Text`] is what a rule kind reads: its scope's blocks, with these
//! searches.

use super::pattern::{Found, Pattern};
use super::readability::Counts;
use super::scope::Block;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rustc_hash::FxHashMap;
use std::any::Any;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// Every match of a pattern in a scope: (block index, byte range in the
/// block's text), in document order.
pub type Matches = Vec<(usize, Range<usize>)>;

/// Every match of a pattern with its groups: (block index, the block's
/// matches), for the blocks with a match, in document order.
pub type Groups = Vec<(usize, Arc<Vec<Found>>)>;

/// Work on a draft that several rules share ([`Prefilter::work`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// The read of a scope with the automaton of literals.
    Literals,
    /// The full search of the pattern in this slot.
    Search(usize),
    /// The same with the matches' groups.
    Groups(usize),
}

/// What a style knows of its patterns before any draft: built once per
/// load.
#[derive(Default)]
pub struct Prefilter {
    /// A slot per distinct pattern source.
    slot_of: FxHashMap<Arc<str>, usize>,
    /// Per slot: are its matches found from the automaton's literals?
    prefixed: Vec<bool>,
    /// Per slot: is the pattern written by more than one rule (so its full
    /// search is kept for the next)?
    shared: Vec<bool>,
    /// The literals of every prefixed pattern, case-blind.
    automaton: Option<AhoCorasick>,
    /// Per literal of the automaton: the slots it starts.
    literal_slots: Vec<Vec<u32>>,
}

impl Prefilter {
    /// The prefilter of a style whose rules search with `patterns`.
    pub fn new<'p>(patterns: impl IntoIterator<Item = &'p Pattern>) -> Prefilter {
        let mut p = Prefilter::default();
        let mut literal_of: FxHashMap<&[u8], usize> = FxHashMap::default();
        let mut literals: Vec<&[u8]> = Vec::new();
        let mut uses: Vec<usize> = Vec::new();
        for pattern in patterns {
            let source: Arc<str> = pattern.source().into();
            if let Some(&slot) = p.slot_of.get(&source) {
                uses[slot] += 1;
                continue;
            }
            let slot = p.prefixed.len();
            p.slot_of.insert(source, slot);
            uses.push(1);
            p.prefixed.push(pattern.prefixes().is_some());
            for lit in pattern.prefixes().unwrap_or_default() {
                let id = *literal_of.entry(lit.as_slice()).or_insert_with(|| {
                    literals.push(lit.as_slice());
                    literals.len() - 1
                });
                if p.literal_slots.len() <= id {
                    p.literal_slots.resize(id + 1, Vec::new());
                }
                p.literal_slots[id].push(slot as u32);
            }
        }
        p.shared = uses.iter().map(|&n| n > 1).collect();
        if !literals.is_empty() {
            // A DFA reads a megabyte in a few milliseconds; a style's word
            // lists make one of a few megabytes at most.
            let kind = (literals.len() <= 20_000).then_some(AhoCorasickKind::DFA);
            match AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .kind(kind)
                .build(&literals)
            {
                Ok(ac) => p.automaton = Some(ac),
                // Too large for the automaton: every pattern is read in full.
                Err(_) => p.prefixed.iter_mut().for_each(|x| *x = false),
            }
        }
        p
    }

    /// The work on a draft that `pattern`'s rules share with others: the
    /// read for literals (one per scope, whatever the pattern), or the full
    /// search of a pattern several rules write. `None` when its rule is
    /// the only one to need what it needs.
    /// With `groups`, the rule reads the matches' groups.
    pub fn work(&self, pattern: &Pattern, groups: bool) -> Option<Work> {
        let slot = self.slot(pattern)?;
        if groups {
            self.shared[slot].then_some(Work::Groups(slot))
        } else if self.prefixed[slot] {
            Some(Work::Literals)
        } else if self.shared[slot] {
            Some(Work::Search(slot))
        } else {
            None
        }
    }

    fn slot(&self, pattern: &Pattern) -> Option<usize> {
        self.slot_of.get(pattern.source()).copied()
    }

    /// The searches of one check, for `scopes` distinct scopes.
    pub fn scan(&self, scopes: usize) -> Scan<'_> {
        Scan {
            prefilter: self,
            scopes: (0..scopes)
                .map(|_| ScopeScan::new(self.prefixed.len()))
                .collect(),
        }
    }
}

/// The searches of one check, shared by every rule (and thread) of it.
pub struct Scan<'p> {
    prefilter: &'p Prefilter,
    scopes: Vec<ScopeScan>,
}

/// What a kind derived from a pattern's matches ([`Text::derived`]).
type Derived = Arc<dyn Any + Send + Sync>;

struct ScopeScan {
    /// Where each prefixed pattern's literals were found: (slot, block,
    /// offset), sorted.
    starts: OnceLock<Vec<(u32, u32, usize)>>,
    /// The full searches of shared patterns, by slot.
    kept: Vec<OnceLock<Arc<Matches>>>,
    /// The same with groups, for kinds that read them.
    kept_groups: Vec<OnceLock<Arc<Groups>>>,
    /// Each block's [`Counts::of_text`].
    block_counts: OnceLock<Arc<Vec<Counts>>>,
    /// What kinds derive from a shared pattern's matches, by slot and by
    /// what they derive ([`Text::derived`]).
    derived: std::sync::Mutex<FxHashMap<(usize, &'static str), Derived>>,
}

impl ScopeScan {
    fn new(slots: usize) -> ScopeScan {
        ScopeScan {
            starts: OnceLock::new(),
            kept: (0..slots).map(|_| OnceLock::new()).collect(),
            kept_groups: (0..slots).map(|_| OnceLock::new()).collect(),
            block_counts: OnceLock::new(),
            derived: Default::default(),
        }
    }
}

impl<'p> Scan<'p> {
    /// What a rule whose scope is the `scope`-th distinct one reads.
    pub fn text<'s, 'b, 'a>(&'s self, scope: usize, blocks: &'b [Block<'a>]) -> Text<'s, 'b, 'a> {
        Text {
            blocks,
            scan: Some((self.prefilter, &self.scopes[scope])),
        }
    }
}

/// A rule's scope of a draft: its blocks, in document order, and the
/// searches of them.
pub struct Text<'s, 'b, 'a> {
    pub blocks: &'b [Block<'a>],
    scan: Option<(&'s Prefilter, &'s ScopeScan)>,
}

impl<'s, 'b, 'a> Text<'s, 'b, 'a> {
    /// Blocks with no shared searches (tests, and kinds that run another
    /// kind's check on a part of their text).
    pub fn plain(blocks: &'b [Block<'a>]) -> Text<'s, 'b, 'a> {
        Text { blocks, scan: None }
    }

    /// Every non-empty match of `pattern`, block by block, as
    /// [`Pattern::find_iter`] gives them in each block's text.
    pub fn find(&self, pattern: &Pattern) -> Arc<Matches> {
        let Some((pre, scope)) = self.scan else {
            return Arc::new(self.find_all(pattern));
        };
        let Some(slot) = pre.slot(pattern) else {
            return Arc::new(self.find_all(pattern));
        };
        if pre.prefixed[slot] {
            return Arc::new(self.find_prefixed(pre, scope, slot, pattern));
        }
        if pre.shared[slot] {
            return Arc::clone(scope.kept[slot].get_or_init(|| Arc::new(self.find_all(pattern))));
        }
        Arc::new(self.find_all(pattern))
    }

    /// Every non-empty match of `pattern` with its groups, block by block,
    /// as [`Pattern::captures`] gives them.
    pub fn captures(&self, pattern: &Pattern) -> Arc<Groups> {
        let all = || -> Groups {
            let mut out = Vec::new();
            for i in self.blocks_with(pattern) {
                let found = pattern.captures(&self.blocks[i].text);
                if !found.is_empty() {
                    out.push((i, Arc::new(found)));
                }
            }
            out
        };
        match self.scan {
            Some((pre, scope)) => match pre.slot(pattern).filter(|&s| pre.shared[s]) {
                Some(slot) => Arc::clone(scope.kept_groups[slot].get_or_init(|| Arc::new(all()))),
                None => Arc::new(all()),
            },
            None => Arc::new(all()),
        }
    }

    /// The blocks in which `pattern` may match, in order: those where one
    /// of its literals was found, or every block.
    pub fn blocks_with(&self, pattern: &Pattern) -> Vec<usize> {
        if let Some((pre, scope)) = self.scan {
            if let Some(slot) = pre.slot(pattern).filter(|&s| pre.prefixed[s]) {
                let mut out: Vec<usize> = self
                    .starts_of(pre, scope, slot)
                    .iter()
                    .map(|&(_, b, _)| b as usize)
                    .collect();
                out.dedup();
                return out;
            }
        }
        (0..self.blocks.len()).collect()
    }

    /// `derive` of `pattern`'s matches in this scope. When several rules
    /// search with the same pattern, what one derives under `what` (the
    /// pairs of repeated tokens, the matches per block) is kept for the
    /// others: `derive` must depend on nothing but the pattern and the
    /// blocks.
    pub fn derived<T: Send + Sync + 'static>(
        &self,
        pattern: &Pattern,
        what: &'static str,
        derive: impl FnOnce(&Matches) -> T,
    ) -> Arc<T> {
        let fresh = |text: &Self| Arc::new(derive(&text.find(pattern)));
        let Some((pre, scope)) = self.scan else {
            return fresh(self);
        };
        let Some(slot) = pre.slot(pattern).filter(|&s| pre.shared[s]) else {
            return fresh(self);
        };
        let key = (slot, what);
        if let Some(kept) = lock(&scope.derived).get(&key) {
            if let Ok(t) = Arc::clone(kept).downcast::<T>() {
                return t;
            }
        }
        // Derived outside the lock: another thread may derive the same
        // meanwhile, and one of the two equal results is kept.
        let made = fresh(self);
        lock(&scope.derived).insert(key, Arc::clone(&made) as Derived);
        made
    }

    /// Makes what rules of this scope will share: the automaton's read
    /// when `pattern` has literals, else the full search of a shared
    /// pattern. Run first, on as many threads as there are, so that the
    /// rules after it only read what it made.
    pub fn prepare(&self, pattern: &Pattern, groups: bool) {
        let Some((pre, scope)) = self.scan else {
            return;
        };
        if groups {
            self.captures(pattern);
            return;
        }
        match pre.slot(pattern) {
            Some(slot) if pre.prefixed[slot] => {
                self.starts_of(pre, scope, slot);
            }
            Some(slot) if pre.shared[slot] => {
                self.find(pattern);
            }
            _ => {}
        }
    }

    /// Each block's readability counts ([`Counts::of_text`]: `metric`
    /// rules), made once per scope.
    pub fn block_counts(&self) -> Arc<Vec<Counts>> {
        let of = || {
            Arc::new(
                self.blocks
                    .iter()
                    .map(|b| Counts::of_text(&b.text))
                    .collect(),
            )
        };
        match self.scan {
            Some((_, scope)) => Arc::clone(scope.block_counts.get_or_init(of)),
            None => of(),
        }
    }

    fn find_all(&self, pattern: &Pattern) -> Matches {
        let mut out = Vec::new();
        for (i, b) in self.blocks.iter().enumerate() {
            out.extend(pattern.find_iter(&b.text).into_iter().map(|m| (i, m)));
        }
        out
    }

    fn find_prefixed(
        &self,
        pre: &Prefilter,
        scope: &ScopeScan,
        slot: usize,
        pattern: &Pattern,
    ) -> Matches {
        let starts = self.starts_of(pre, scope, slot);
        let mut out = Vec::new();
        let mut at = 0;
        let mut offsets = Vec::new();
        while at < starts.len() {
            let block = starts[at].1;
            offsets.clear();
            while at < starts.len() && starts[at].1 == block {
                offsets.push(starts[at].2);
                at += 1;
            }
            let text = &self.blocks[block as usize].text;
            out.extend(
                pattern
                    .find_at_starts(text, &offsets)
                    .into_iter()
                    .map(|m| (block as usize, m)),
            );
        }
        out
    }

    /// `slot`'s literal finds in this scope: one read of every block with
    /// the automaton, made by the first rule that asks.
    fn starts_of<'x>(
        &self,
        pre: &Prefilter,
        scope: &'x ScopeScan,
        slot: usize,
    ) -> &'x [(u32, u32, usize)] {
        let all = scope.starts.get_or_init(|| {
            let mut found = Vec::new();
            if let Some(ac) = &pre.automaton {
                let of_block = |b: &Block<'_>| {
                    let mut out = Vec::new();
                    for m in ac.find_overlapping_iter(b.text.as_ref()) {
                        for &s in &pre.literal_slots[m.pattern().as_usize()] {
                            out.push((s, m.start()));
                        }
                    }
                    out
                };
                for (i, b) in self.blocks.iter().enumerate() {
                    found.extend(of_block(b).into_iter().map(|(s, at)| (s, i as u32, at)));
                }
            }
            by_slot(found, pre.prefixed.len())
        });
        let slot = slot as u32;
        let from = all.partition_point(|&(s, _, _)| s < slot);
        let to = all.partition_point(|&(s, _, _)| s <= slot);
        &all[from..to]
    }
}

/// `found` sorted by (slot, block, offset), without repeats: the finds come
/// block by block already, so each slot's are put together in one pass and
/// only its few out-of-order offsets (literals found by their end) sorted.
fn by_slot(found: Vec<(u32, u32, usize)>, slots: usize) -> Vec<(u32, u32, usize)> {
    let mut starts = vec![0usize; slots + 1];
    for &(s, _, _) in &found {
        starts[s as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let mut out = vec![(0, 0, 0); found.len()];
    for f in found {
        let at = &mut next[f.0 as usize];
        out[*at] = f;
        *at += 1;
    }
    for w in starts.windows(2) {
        out[w[0]..w[1]].sort_unstable();
    }
    out.dedup();
    out
}

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vale::config::Config;
    use crate::vale::scope::Scoped;
    use crate::{Document, Format};
    use proptest::prelude::*;
    use std::path::Path;

    fn applied() -> crate::vale::config::Applied {
        let (config, _) = Config::parse(Path::new(".vale.ini"), "[*]\nBasedOnStyles = T\n");
        config.for_path(Path::new("d.md"))
    }

    /// The prefiltered search gives what reading each block in full gives.
    fn same_as_full(patterns: &[&str], draft: &str) {
        let compiled: Vec<Pattern> = patterns.iter().map(|p| Pattern::new(p).unwrap()).collect();
        let pre = Prefilter::new(&compiled);
        let doc = Document::parse(draft, Format::Markdown);
        let scoped = Scoped::new(&doc, &applied());
        let blocks = scoped.blocks();
        let scan = pre.scan(1);
        let text = scan.text(0, blocks);
        for p in &compiled {
            let full = Text::plain(blocks).find(p);
            assert_eq!(text.find(p), full, "pattern {}", p.source());
        }
    }

    #[test]
    fn word_lists_found_from_the_automaton_match_a_full_read() {
        let draft = "# Utilise\n\nWe utilise, UTILISE and utilised it; going  forward, going forward.\n\nThe co-operation, Co-Operation and the utility. Ünited utilise.\n";
        same_as_full(
            &[
                r"(?i)\b(?:utilise|going forward)\b",
                r"\b(?:utilise|co-operation)\b",
                r"(?i)\b(?:co-operat(?:e|ion)|util\w+)\b",
                r"(?i)(?:utilise)",
                r"\b\w+\b",
            ],
            draft,
        );
    }

    proptest! {
        #[test]
        fn any_word_list_over_any_text_matches_a_full_read(
            words in proptest::collection::vec("[a-cA-CkKsS\u{e9}]{3,5}( [a-c]{3})?", 1..6),
            case_blind in any::<bool>(),
            whole in any::<bool>(),
            // With the letters Unicode folds with `k` and `s`, and an `é`.
            draft in "([a-cA-CkKsS\u{212A}\u{17F}\u{e9}\u{c9}]{1,6}[ ,.\u{2013}-]{1,2}){0,40}",
        ) {
            let alt = words.join("|");
            let flags = if case_blind { "(?i)" } else { "" };
            let pattern = if whole {
                format!(r"{flags}\b(?:{alt})\b")
            } else {
                format!("{flags}(?:{alt})")
            };
            same_as_full(&[&pattern, r"\b\w+\b"], &draft);
        }
    }

    proptest! {
        #[test]
        fn finds_put_by_slot_are_sorted_and_without_repeats(
            found in proptest::collection::vec((0u32..5, 0u32..4, 0usize..30), 0..200)
        ) {
            // As the automaton gives them: block by block.
            let mut found = found;
            found.sort_by_key(|f| f.1);
            let mut expected = found.clone();
            expected.sort_unstable();
            expected.dedup();
            prop_assert_eq!(by_slot(found, 5), expected);
        }
    }

    #[test]
    fn a_pattern_two_rules_write_is_searched_once() {
        let a = Pattern::new(r"\b\w+\b").unwrap();
        let b = Pattern::new(r"\b\w+\b").unwrap();
        let pre = Prefilter::new([&a, &b]);
        let doc = Document::parse("Two words.\n", Format::Markdown);
        let scoped = Scoped::new(&doc, &applied());
        let scan = pre.scan(1);
        let text = scan.text(0, scoped.blocks());
        assert!(Arc::ptr_eq(&text.find(&a), &text.find(&b)));
        assert_eq!(text.find(&a).len(), 2);
    }
}
