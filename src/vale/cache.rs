//! What a document's last Vale check found, block by block, for the next
//! check of the same document.
//!
//! The server checks a draft on every keystroke, and a keystroke changes
//! one block. Most rule kinds read one block at a time (a word list, a
//! sentence's length, a heading's case: [`Kind::is_local`]); their findings
//! in a block depend on nothing but the block. The cache keeps them by
//! the block's text, its kind of block and the shape of its mapping to the
//! draft (relative to where it starts), so that a block seen before costs
//! a hash and a comparison, and only new blocks are read. Rules that read
//! the whole draft (consistency, conditional, metric) run every time, but
//! what they derive from a block's text (its readability counts, its
//! literals, a pattern's matches with their groups) is kept too
//! ([`Memo`]), so they also read only the new blocks. The blocks
//! themselves come from the chunks of the last check ([`ChunkCache`]).
//!
//! [`Kind::is_local`]: super::rules::Kind::is_local

use super::comments::Switches;
use super::rules::Hit;
use super::scan::Memo;
use super::scope::{Block, ChunkCache};
#[cfg(test)]
use super::ForFile;
use super::{Run, Selected, Vale};
use crate::diagnostic::Diagnostic;
use crate::text::Document;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Weak};

/// A document's cache: valid for one loaded configuration, and for one set
/// of its rules (as the configuration applies to the document's path);
/// another starts it afresh.
#[derive(Default)]
pub struct Cache {
    owner: Weak<Vale>,
    blocks: BlockCache,
    /// What the document-wide kinds derived from each block's text.
    memo: Memo,
    /// The blocks of each chunk of the document.
    chunks: ChunkCache,
}

/// The parts of a [`Cache`] a check uses.
pub(super) struct Parts<'c> {
    pub blocks: &'c mut BlockCache,
    pub memo: &'c Memo,
    pub chunks: &'c mut ChunkCache,
}

impl Cache {
    pub(super) fn for_owner(&mut self, owner: &Arc<Vale>) -> Parts<'_> {
        let owner = Arc::downgrade(owner);
        if !self.owner.ptr_eq(&owner) {
            *self = Cache {
                owner,
                ..Cache::default()
            };
        }
        Parts {
            blocks: &mut self.blocks,
            memo: &self.memo,
            chunks: &mut self.chunks,
        }
    }

    /// How many blocks' findings it holds.
    pub fn len(&self) -> usize {
        self.blocks.entries.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("vale::Cache")
            .field("blocks", &self.len())
            .finish()
    }
}

/// The findings of the block-local rules, by block.
#[derive(Default)]
pub struct BlockCache {
    /// The rules the entries were found by: each local rule and its
    /// scope's place, in order (an entry names a rule by its place here).
    rules: Vec<(usize, usize)>,
    entries: FxHashMap<u64, Vec<Entry>>,
    /// How many blocks the last check found here (and did not read).
    reused: usize,
}

/// One block's findings: (the rule's place among the check's local rules,
/// the hit with its ranges from the block's start).
type Found = Arc<Vec<(usize, Hit)>>;

struct Entry {
    key: Key,
    found: Found,
}

struct Key {
    scope_at: usize,
    /// The block, with a text of its own.
    block: Block<'static>,
}

/// Where block `b` starts in the draft.
fn base(b: &Block<'_>) -> usize {
    b.source_offset(0)
}

fn key_of(at: usize, b: &Block<'_>) -> Key {
    Key {
        scope_at: at,
        block: b.clone().owned(),
    }
}

/// The hash of [`key_of`], without building it.
fn hash_of(at: usize, b: &Block<'_>) -> u64 {
    let mut h = FxHasher::default();
    (at, b.hash()).hash(&mut h);
    h.finish()
}

fn same(key: &Key, at: usize, b: &Block<'_>) -> bool {
    key.scope_at == at && key.block.same_as(b)
}

impl BlockCache {
    /// Runs the block-local rules `local` over the blocks the cache has not
    /// seen, and adds to `out` their findings in every block.
    pub(super) fn check(
        &mut self,
        vale: &Vale,
        doc: &Document<'_>,
        switches: &Switches,
        selected: &Selected<'_, '_>,
        local: &[Run<'_>],
        out: &mut Vec<Diagnostic>,
    ) {
        let rules: Vec<(usize, usize)> = local
            .iter()
            .map(|(rule, _, at)| (std::ptr::from_ref(*rule) as usize, *at))
            .collect();
        if rules != self.rules {
            *self = BlockCache {
                rules,
                ..BlockCache::default()
            };
        }
        let mut scopes: Vec<usize> = local.iter().map(|r| r.2).collect();
        scopes.sort_unstable();
        scopes.dedup();
        let mut kept: FxHashMap<u64, Vec<Entry>> = FxHashMap::default();
        // (where the block starts, its findings)
        let mut known: Vec<(usize, Found)> = Vec::new();
        let mut missed: Vec<Vec<Block<'_>>> = vec![Vec::new(); selected.len()];
        let mut missed_hash: Vec<Vec<u64>> = vec![Vec::new(); selected.len()];
        let mut reused = 0;
        for &at in &scopes {
            for b in selected.get(at) {
                let h = hash_of(at, b);
                let hit = self.entries.get_mut(&h).and_then(|list| {
                    let i = list.iter().position(|e| same(&e.key, at, b))?;
                    Some(list.swap_remove(i))
                });
                match hit {
                    Some(entry) => {
                        reused += 1;
                        known.push((base(b), Arc::clone(&entry.found)));
                        kept.entry(h).or_default().push(entry);
                    }
                    None => {
                        missed[at].push(b.clone());
                        missed_hash[at].push(h);
                    }
                }
            }
        }
        // The new blocks, each scope's read at once.
        let scan = vale.prefilter.scan(selected.len());
        let mut by_block: Vec<Vec<Vec<(usize, Hit)>>> =
            missed.iter().map(|m| vec![Vec::new(); m.len()]).collect();
        let starts: Vec<Vec<usize>> = missed
            .iter()
            .map(|m| m.iter().map(base).collect())
            .collect();
        // A hit is put with the block it starts in; that needs the blocks'
        // starts in increasing order (else the scope is not kept).
        let orderly: Vec<bool> = starts
            .iter()
            .map(|s| s.windows(2).all(|w| w[0] < w[1]))
            .collect();
        let mut hits = Vec::new();
        for (ri, (rule, _, at)) in local.iter().enumerate() {
            if missed[*at].is_empty() {
                continue;
            }
            rule.kind.check(&scan.text(*at, &missed[*at]), &mut hits);
            for mut hit in hits.drain(..) {
                if !orderly[*at] {
                    known.push((0, Arc::new(vec![(ri, hit)])));
                    continue;
                }
                let bi = starts[*at]
                    .partition_point(|&s| s <= hit.range.start)
                    .saturating_sub(1);
                let from = starts[*at][bi];
                hit.range = hit.range.start - from..hit.range.end - from;
                by_block[*at][bi].push((ri, hit));
            }
        }
        for (at, blocks) in missed.iter().enumerate() {
            if !orderly[at] {
                continue;
            }
            let found_by_block = std::mem::take(&mut by_block[at]);
            for ((b, found), &h) in blocks.iter().zip(found_by_block).zip(&missed_hash[at]) {
                let found = Arc::new(found);
                known.push((base(b), Arc::clone(&found)));
                kept.entry(h).or_default().push(Entry {
                    key: key_of(at, b),
                    found,
                });
            }
        }
        // Blocks the document no longer has are forgotten.
        self.entries = kept;
        self.reused = reused;
        for (from, found) in known {
            for (ri, hit) in found.iter() {
                let (rule, level, _) = local[*ri];
                let mut hit = hit.clone();
                hit.range = hit.range.start + from..hit.range.end + from;
                if switches.is_off(rule.info.code, hit.range.start) {
                    continue;
                }
                out.push(rule.diagnostic(level, hit, doc));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Format;
    use std::path::Path;

    fn govuk() -> Arc<Vale> {
        let ini = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/vale/govuk/.vale.ini"
        ));
        let (vale, problems) = Vale::load(ini, ini.parent());
        assert!(problems.is_empty(), "{problems:?}");
        Arc::new(vale.unwrap())
    }

    fn sorted(mut d: Vec<Diagnostic>) -> Vec<(usize, usize, &'static str, String)> {
        d.sort_by(|a, b| (a.range.start, a.code).cmp(&(b.range.start, b.code)));
        d.into_iter()
            .map(|d| (d.range.start, d.range.end, d.code, d.message))
            .collect()
    }

    #[test]
    fn a_document_checked_again_after_edits_finds_what_a_fresh_check_finds() {
        let vale = govuk();
        let mut draft = String::from("# Talks with Japan\n\n");
        for i in 0..40 {
            draft.push_str(&format!(
                "In order to deliver paragraph {i}, we will leverage the key agenda going forward. The JMSDF met.\n\n- A list item that is far too long to read in order to facilitate it.\n\n"
            ));
        }
        let mut cache = Cache::default();
        // Parsed as the server parses, chunk by chunk.
        let mut chunks = crate::text::chunks::Chunks::new(Format::Markdown, draft.len());
        let edits = [
            (30, "utilise "),
            (200, "in order to "),
            (0, "## A New Heading In Title Case\n\n"),
            (500, "\n\n"),
            (900, "<!-- vale off -->\n\n"),
            (1500, "The"),
        ];
        for (round, (at, insert)) in edits.into_iter().enumerate() {
            // The server makes the configuration for the path anew for
            // every check: the cache holds across.
            let style = ForFile::new(Arc::clone(&vale), Path::new("draft.md"));
            let doc = chunks.document(&draft);
            assert!(doc.chunks.is_some());
            let cached = style.check_cached(&doc, &mut cache);
            let fresh = style.check(&Document::parse(&draft, Format::Markdown));
            assert!(!fresh.is_empty());
            assert_eq!(sorted(cached), sorted(fresh));
            if round > 0 {
                // One edit changes a block or two (and their sentences).
                assert!(cache.blocks.reused > 200, "{}", cache.blocks.reused);
            }
            // The chunks' blocks, and the counts and acronyms of the
            // metric and conditional rules, are kept for the next check.
            assert!(cache.chunks.len() > 40, "{}", cache.chunks.len());
            assert!(cache.memo.len() > 40, "{}", cache.memo.len());
            let mut at = at.min(draft.len());
            while !draft.is_char_boundary(at) {
                at += 1;
            }
            draft.insert_str(at, insert);
            chunks.edit(at..at, insert.len());
        }
        assert!(!cache.is_empty());
    }
}
