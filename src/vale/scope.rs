//! The draft's text as Vale's scopes see it.
//!
//! Vale reads a Markdown draft as blocks (headings, paragraphs, list
//! items, block quotes, table cells) with the markup taken out, and a rule's
//! `scope:` picks which of them it sees. [`Scoped`] builds those blocks once
//! per draft from the same prose the learned house style reads
//! (`Document::prose`: no code, URLs, HTML or front matter), each with its
//! plain text and a map back to the draft's bytes, so a hit is reported
//! where the drafter wrote it.

use super::config::Applied;
use crate::text::sentences::sentence_ranges;
use crate::text::{Document, Format};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

/// What kind of block a piece of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Heading(u8),
    Paragraph,
    TableHeader,
    TableCell,
    /// An image's alternative text.
    Alt,
    Sentence,
    /// The draft's source text as written, markup and all.
    Raw,
}

/// One block of text.
#[derive(Debug, Clone)]
pub struct Block<'a> {
    pub scope: Scope,
    /// For a sentence, the scope of the block it is in; else `scope`.
    pub within: Scope,
    pub in_list: bool,
    pub in_blockquote: bool,
    /// The block's text with the markup taken out.
    pub text: BlockText<'a>,
    /// Where in the draft the block's pieces are counted from.
    base: usize,
    /// `(offset in text, offset in the draft from base)` where each piece
    /// starts.
    pieces: Arc<[(usize, usize)]>,
    /// A hash of what the block is, wherever it stands: its kind, text and
    /// pieces (for the caches of a document's next check).
    hash: u64,
}

/// A block's text: the draft's own bytes, or the block's pieces joined.
/// Either way a copy of a block (each scope's selection makes one) shares
/// it.
#[derive(Debug, Clone)]
pub enum BlockText<'a> {
    Borrowed(&'a str),
    Shared(Arc<str>),
}

impl std::ops::Deref for BlockText<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            BlockText::Borrowed(s) => s,
            BlockText::Shared(s) => s,
        }
    }
}

impl AsRef<str> for BlockText<'_> {
    fn as_ref(&self) -> &str {
        self
    }
}

impl<'a> Block<'a> {
    fn new(
        scope: Scope,
        within: Scope,
        (in_list, in_blockquote): (bool, bool),
        text: BlockText<'a>,
        base: usize,
        pieces: Arc<[(usize, usize)]>,
    ) -> Block<'a> {
        let mut h = rustc_hash::FxHasher::default();
        (scope, within, in_list, in_blockquote).hash(&mut h);
        if !matches!(scope, Scope::Raw) {
            text.as_ref().hash(&mut h);
            pieces.hash(&mut h);
        }
        Block {
            scope,
            within,
            in_list,
            in_blockquote,
            text,
            base,
            pieces,
            hash: h.finish(),
        }
    }

    /// The same block `by` bytes further on in the draft.
    fn shifted(&self, by: usize) -> Block<'a> {
        Block {
            base: self.base + by,
            ..self.clone()
        }
    }

    /// The same block counted from `base` in the draft.
    fn at(self, base: usize) -> Block<'a> {
        Block { base, ..self }
    }

    /// The block with a text of its own.
    pub fn owned(self) -> Block<'static> {
        let text = match self.text {
            BlockText::Borrowed(s) => BlockText::Shared(Arc::from(s)),
            BlockText::Shared(s) => BlockText::Shared(s),
        };
        Block { text, ..self }
    }

    /// The hash of what the block is (kind, text, pieces from its start),
    /// made when it was.
    pub fn hash(&self) -> u64 {
        self.hash
    }

    /// The draft's bytes for `range` of this block's text.
    pub fn source(&self, range: Range<usize>) -> Range<usize> {
        let start = self.source_offset(range.start);
        if range.end <= range.start {
            return start..start;
        }
        // The end belongs to the piece the range's last byte is in.
        let i = self
            .pieces
            .partition_point(|&(t, _)| t < range.end)
            .saturating_sub(1);
        let (t, s) = self.pieces.get(i).copied().unwrap_or((0, 0));
        start..(self.base + s + (range.end - t)).max(start)
    }

    /// `(offset in text, offset in the draft from where the block starts)`
    /// where each piece starts.
    pub fn pieces(&self) -> &[(usize, usize)] {
        &self.pieces
    }

    /// Is `other` the same block, wherever it stands?
    pub fn same_as(&self, other: &Block<'_>) -> bool {
        let text = match (&self.text, &other.text) {
            (BlockText::Shared(a), BlockText::Shared(b)) if Arc::ptr_eq(a, b) => true,
            (a, b) => **a == **b,
        };
        self.hash == other.hash
            && (self.scope, self.within, self.in_list, self.in_blockquote)
                == (
                    other.scope,
                    other.within,
                    other.in_list,
                    other.in_blockquote,
                )
            && text
            && (Arc::ptr_eq(&self.pieces, &other.pieces) || self.pieces == other.pieces)
    }

    /// The draft's offset of byte `at` of this block's text.
    pub fn source_offset(&self, at: usize) -> usize {
        let i = self
            .pieces
            .partition_point(|&(t, _)| t <= at)
            .saturating_sub(1);
        let (t, s) = self.pieces.get(i).copied().unwrap_or((0, 0));
        self.base + s + (at - t)
    }

    fn sentences(&self) -> Vec<Block<'a>> {
        sentence_ranges(&self.text)
            .into_iter()
            .map(|r| {
                // Counted from where the sentence starts, so that an edit
                // before it in its block leaves it the same block.
                let base = self.source_offset(r.start);
                let mut pieces = vec![(0, 0)];
                for &(t, s) in self.pieces.iter() {
                    if t > r.start && t < r.end {
                        pieces.push((t - r.start, self.base + s - base));
                    }
                }
                Block::new(
                    Scope::Sentence,
                    self.within,
                    (self.in_list, self.in_blockquote),
                    BlockText::Shared(Arc::from(&self.text[r])),
                    base,
                    pieces.into(),
                )
            })
            .collect()
    }

    fn is(&self, name: &str) -> bool {
        let within = self.within;
        match name {
            "text" => self.scope != Scope::Raw,
            "summary" => !matches!(self.scope, Scope::Raw) && !matches!(within, Scope::Heading(_)),
            "raw" => self.scope == Scope::Raw,
            "heading" => matches!(within, Scope::Heading(_)),
            "paragraph" => within == Scope::Paragraph && !self.in_list,
            "sentence" => self.scope == Scope::Sentence,
            "list" => self.in_list,
            "blockquote" => self.in_blockquote,
            "alt" => within == Scope::Alt,
            "table" => matches!(within, Scope::TableHeader | Scope::TableCell),
            "table.header" => within == Scope::TableHeader,
            "table.cell" => within == Scope::TableCell,
            _ => match name.strip_prefix("heading.h") {
                Some(n) => n.parse::<u8>().is_ok_and(|n| within == Scope::Heading(n)),
                None => false,
            },
        }
    }
}

/// One `scope:` entry: every positive name and none of the negated
/// (`list & ~paragraph`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Conjunction {
    all: Vec<String>,
    none: Vec<String>,
}

/// Which blocks a rule sees, as Vale reads `scope:`: a block is selected
/// when it matches any entry that names a scope (all text when none does:
/// Vale's default, `summary`-like `text`), and no entry that only negates
/// (`~heading`) excludes it. Within an entry, `&` joins conditions that
/// must all hold (`sentence & ~heading`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selector {
    any: Vec<Conjunction>,
    none: Vec<String>,
}

/// Scope names draftlint knows.
pub const SCOPES: &[&str] = &[
    "text",
    "summary",
    "raw",
    "heading",
    "paragraph",
    "sentence",
    "list",
    "blockquote",
    "alt",
    "table",
    "table.header",
    "table.cell",
];

impl Selector {
    pub fn parse(values: &[String]) -> Result<Selector, String> {
        let mut s = Selector::default();
        for v in values {
            let mut c = Conjunction::default();
            for part in v.split('&') {
                let part = part.trim();
                let (neg, name) = match part.strip_prefix('~') {
                    Some(n) => (true, n.trim()),
                    None => (false, part),
                };
                let known = SCOPES.contains(&name)
                    || name
                        .strip_prefix("heading.h")
                        .is_some_and(|n| matches!(n, "1" | "2" | "3" | "4" | "5" | "6"));
                if !known {
                    let why = if matches!(name, "code" | "pre" | "script") {
                        format!("scope `{name}` is not supported: draftlint checks prose only, never code")
                    } else {
                        format!(
                            "unknown scope `{name}` (one of: {}, heading.h1 … heading.h6)",
                            SCOPES.join(", ")
                        )
                    };
                    return Err(why);
                }
                if neg {
                    c.none.push(name.to_string());
                } else {
                    c.all.push(name.to_string());
                }
            }
            if c.all.is_empty() {
                s.none.extend(c.none);
            } else {
                s.any.push(c);
            }
        }
        Ok(s)
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        self.any
            .iter()
            .flat_map(|c| c.all.iter().map(String::as_str))
    }

    fn wants_sentences(&self) -> bool {
        self.names().any(|n| n == "sentence")
    }

    pub fn wants_raw(&self) -> bool {
        self.names().any(|n| n == "raw")
    }

    fn selects(&self, b: &Block<'_>) -> bool {
        let positive = if self.any.is_empty() {
            b.is("text")
        } else {
            self.any
                .iter()
                .any(|c| c.all.iter().all(|n| b.is(n)) && !c.none.iter().any(|n| b.is(n)))
        };
        positive && !self.none.iter().any(|n| b.is(n))
    }
}

/// A draft's blocks, built once; each distinct selector's choice of them
/// is made once and shared by every rule with that scope.
pub struct Scoped<'a> {
    doc: &'a Document<'a>,
    blocks: Vec<Block<'a>>,
    /// The chunks the blocks came from, with where each starts, when they
    /// came from a [`ChunkCache`]'s units.
    chunks: Vec<(usize, Arc<ChunkBlocks>)>,
    sentences: std::sync::OnceLock<Vec<Block<'a>>>,
    selected: std::sync::Mutex<Vec<(Selector, Arc<Vec<Block<'a>>>)>>,
}

/// A document's blocks in units that a check can keep from one check of
/// the document to the next: each chunk of a Markdown document assembled
/// from chunks (`Document::chunks`, re-parsed only where an edit touched
/// it), the whole text of one that is not, and each paragraph of a plain-text
/// one. A unit is known by its text and which of its bytes are readable;
/// its blocks (and, when a scope asks, their sentences) are read once and
/// kept from where it starts, and moved to where it now is. What a check
/// made of a unit is kept with it ([`ChunkBlocks::made`]).
///
/// A unit inside the text the document shares with the last call's (at
/// its start and at its end) is found by where it stands, without reading
/// its text; only those in between are looked up by their text.
#[derive(Default)]
pub struct ChunkCache {
    /// The text of the last call, and its units in order with where each
    /// started.
    text: String,
    last: Vec<(usize, Arc<ChunkBlocks>)>,
    /// What `last`'s units are known by, beside them: compared without
    /// reading the units themselves (thousands of them, scattered in
    /// memory, cost a cache miss each).
    keys: Vec<UnitKey>,
    /// The readable ranges of every unit of `last`, one after another.
    rels: Vec<Range<usize>>,
}

/// A unit's length, body and readable ranges (in [`ChunkCache::rels`]).
#[derive(Clone)]
struct UnitKey {
    len: usize,
    body: usize,
    rel: Range<usize>,
}

/// One unit of a [`ChunkCache`].
pub struct ChunkBlocks {
    text: Box<str>,
    /// Where the body starts after front matter (`usize::MAX` for a
    /// plain-text paragraph, whose text is all there is to it).
    body: usize,
    readable: Box<[Range<usize>]>,
    blocks: Vec<Block<'static>>,
    sentences: std::sync::OnceLock<Vec<Block<'static>>>,
    /// What a check made of the unit's blocks (`cache.rs`), for the next.
    pub made: std::sync::OnceLock<Box<dyn std::any::Any + Send + Sync>>,
}

impl ChunkBlocks {
    /// How many bytes of the draft the unit spans.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn is(&self, body: usize, readable: &[Range<usize>]) -> bool {
        self.body == body && *self.readable == *readable
    }
}

/// The units of the last call that an edit may have moved or changed (by
/// their place there), by the hash of their text; filled when first needed.
type Moved = rustc_hash::FxHashMap<u64, Vec<usize>>;

fn text_hash(text: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    text.hash(&mut h);
    h.finish()
}

impl ChunkCache {
    /// How many units it holds.
    pub fn len(&self) -> usize {
        self.last.len()
    }

    pub fn is_empty(&self) -> bool {
        self.last.is_empty()
    }

    /// Forgets every unit (and what checks made of them).
    pub fn clear(&mut self) {
        self.text.clear();
        self.last.clear();
        self.keys.clear();
        self.rels.clear();
    }

    /// The units of `doc` without what `applied`'s `BlockIgnores` and
    /// `TokenIgnores` leave out, in document order, with where each
    /// starts. A unit the last call saw is the same shared value; the rest
    /// are forgotten.
    pub fn units(&mut self, doc: &Document<'_>, applied: &Applied) -> &[(usize, Arc<ChunkBlocks>)] {
        use crate::text::common::{common_prefix, common_suffix};
        let readable = subtract(&doc.prose, &applied.ignored(doc.text));
        let (old, new) = (self.text.as_bytes(), doc.text.as_bytes());
        let prefix = common_prefix(old, new);
        let suffix = common_suffix(&old[prefix..], &new[prefix..]);
        let (old_tail, new_tail) = (old.len() - suffix, new.len() - suffix);
        // Taken out of the last call's list as they are found again (moved,
        // not copied: a million-byte draft has thousands of units).
        let mut last: Vec<(usize, Option<Arc<ChunkBlocks>>)> = std::mem::take(&mut self.last)
            .into_iter()
            .map(|(s, u)| (s, Some(u)))
            .collect();
        let (keys, rels) = (
            std::mem::take(&mut self.keys),
            std::mem::take(&mut self.rels),
        );
        let (mut new_keys, mut new_rels) = (
            Vec::with_capacity(keys.len()),
            Vec::with_capacity(rels.len()),
        );
        let mut moved: Option<Moved> = None;
        // The old starts looked for only ever increase.
        let mut next = 0;
        let mut units = Vec::new();
        let mut take = |start: usize,
                        text: &str,
                        body: usize,
                        rel: &[Range<usize>],
                        read: &dyn Fn() -> Vec<Block<'static>>| {
            let end = start + text.len();
            let at_old = if end <= prefix {
                Some(start)
            } else if start >= new_tail {
                Some(start - new_tail + old_tail)
            } else {
                None
            };
            let seen = if let Some(at) = at_old {
                while next < last.len() && last[next].0 < at {
                    next += 1;
                }
                let same = |k: &UnitKey| {
                    k.len == text.len() && k.body == body && rels[k.rel.clone()] == *rel
                };
                let seen = match (last.get_mut(next), keys.get(next)) {
                    (Some((s, slot)), Some(k)) if *s == at && same(k) => slot.take(),
                    _ => None,
                };
                if seen.is_some() {
                    next += 1;
                }
                seen
            } else {
                let moved = moved.get_or_insert_with(|| {
                    let mut m = Moved::default();
                    for (i, (s, u)) in last.iter().enumerate() {
                        let Some(u) = u else { continue };
                        // Those the shared ends do not hold.
                        if s + u.len() > prefix && *s < old_tail {
                            m.entry(text_hash(&u.text)).or_default().push(i);
                        }
                    }
                    m
                });
                moved.get_mut(&text_hash(text)).and_then(|list| {
                    let k = list.iter().position(|&i| {
                        last[i]
                            .1
                            .as_ref()
                            .is_some_and(|u| u.is(body, rel) && *u.text == *text)
                    })?;
                    last[list.swap_remove(k)].1.take()
                })
            };
            let unit = seen.unwrap_or_else(|| {
                Arc::new(ChunkBlocks {
                    text: text.into(),
                    body,
                    readable: rel.into(),
                    blocks: read(),
                    sentences: std::sync::OnceLock::new(),
                    made: std::sync::OnceLock::new(),
                })
            });
            units.push((start, unit));
            new_keys.push(UnitKey {
                len: text.len(),
                body,
                rel: new_rels.len()..new_rels.len() + rel.len(),
            });
            new_rels.extend_from_slice(rel);
        };
        let body_at = doc.front_matter.as_ref().map_or(0, |r| r.end);
        match (doc.format, &doc.chunks) {
            (Format::PlainText, _) => {
                for b in plain_blocks(doc, &readable) {
                    let start = b.base;
                    let text = &doc.text[start..start + b.text.len()];
                    let read = || vec![b.clone().owned().at(0)];
                    take(start, text, usize::MAX, &[], &read);
                }
            }
            (Format::Markdown, starts) => {
                // A document not assembled from chunks (or not from these
                // chunks) is one unit.
                let whole = [0];
                let starts = match starts {
                    Some(s)
                        if s.first() == Some(&0)
                            && s.windows(2).all(|w| w[0] <= w[1])
                            && s.iter().all(|&at| doc.text.is_char_boundary(at)) =>
                    {
                        &s[..]
                    }
                    _ => &whole[..],
                };
                let mut p = 0;
                let mut rel = Vec::new();
                for (i, &start) in starts.iter().enumerate() {
                    let end = starts.get(i + 1).copied().unwrap_or(doc.text.len());
                    let text = &doc.text[start..end];
                    let body = body_at.saturating_sub(start).min(text.len());
                    rel.clear();
                    while p < readable.len() && readable[p].end <= start {
                        p += 1;
                    }
                    let mut q = p;
                    while q < readable.len() && readable[q].start < end {
                        let r =
                            readable[q].start.max(start) - start..readable[q].end.min(end) - start;
                        if r.start < r.end {
                            rel.push(r);
                        }
                        q += 1;
                    }
                    let read = || markdown_blocks(text, body, &rel);
                    take(start, text, body, &rel, &read);
                }
            }
        }
        drop(last);
        self.text.clear();
        self.text.push_str(doc.text);
        self.last = units;
        self.keys = new_keys;
        self.rels = new_rels;
        &self.last
    }
}

impl<'a> Scoped<'a> {
    /// The blocks of `doc`, without what `applied`'s `BlockIgnores` and
    /// `TokenIgnores` leave out.
    pub fn new(doc: &'a Document<'a>, applied: &Applied) -> Scoped<'a> {
        let readable = subtract(&doc.prose, &applied.ignored(doc.text));
        let blocks = match doc.format {
            Format::Markdown => {
                let body = doc.front_matter.as_ref().map_or(0, |r| r.end);
                markdown_blocks(doc.text, body, &readable)
            }
            Format::PlainText => plain_blocks(doc, &readable),
        };
        Scoped {
            doc,
            blocks,
            chunks: Vec::new(),
            sentences: std::sync::OnceLock::new(),
            selected: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// The blocks of some of `doc`'s units ([`ChunkCache::units`]), each
    /// moved to where its unit starts.
    pub fn of_units(doc: &'a Document<'a>, units: &[(usize, Arc<ChunkBlocks>)]) -> Scoped<'a> {
        let mut blocks = Vec::new();
        for (start, unit) in units {
            blocks.extend(unit.blocks.iter().map(|b| b.shifted(*start)));
        }
        Scoped {
            doc,
            blocks,
            chunks: units.to_vec(),
            sentences: std::sync::OnceLock::new(),
            selected: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Every block's sentences, in order.
    fn sentences(&self) -> &[Block<'a>] {
        self.sentences.get_or_init(|| {
            if self.chunks.is_empty() {
                return self.blocks.iter().flat_map(Block::sentences).collect();
            }
            let mut out = Vec::new();
            for (start, chunk) in &self.chunks {
                let of_chunk = chunk
                    .sentences
                    .get_or_init(|| chunk.blocks.iter().flat_map(Block::sentences).collect());
                out.extend(of_chunk.iter().map(|b| b.shifted(*start)));
            }
            out
        })
    }

    /// Every block, in document order (headings, paragraphs, list items,
    /// cells, alt texts).
    pub fn blocks(&self) -> &[Block<'a>] {
        &self.blocks
    }

    /// The blocks `selector` picks, in document order. The same selector
    /// asked again gets the same shared list, not a copy.
    pub fn select(&self, selector: &Selector) -> Arc<Vec<Block<'a>>> {
        let mut cache = self.selected.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, b)) = cache.iter().find(|(s, _)| s == selector) {
            return Arc::clone(b);
        }
        let chosen = Arc::new(self.choose(selector));
        cache.push((selector.clone(), Arc::clone(&chosen)));
        chosen
    }

    fn choose(&self, selector: &Selector) -> Vec<Block<'a>> {
        if selector.wants_raw() {
            return vec![Block::new(
                Scope::Raw,
                Scope::Raw,
                (false, false),
                BlockText::Borrowed(self.doc.text),
                0,
                Arc::new([(0, 0)]),
            )];
        }
        let pool: &[Block<'a>] = if selector.wants_sentences() {
            self.sentences()
        } else {
            &self.blocks
        };
        pool.iter()
            .filter(|b| selector.selects(b))
            .cloned()
            .collect()
    }
}

/// `ranges` without the bytes of `cut` (both sorted or not; the result is
/// sorted and disjoint).
fn subtract(ranges: &[Range<usize>], cut: &[Range<usize>]) -> Vec<Range<usize>> {
    if cut.is_empty() {
        return ranges.to_vec();
    }
    let mut cut: Vec<Range<usize>> = cut.iter().filter(|r| r.start < r.end).cloned().collect();
    cut.sort_by_key(|r| r.start);
    let mut out = Vec::new();
    for r in ranges {
        let mut at = r.start;
        for c in &cut {
            if c.end <= at || c.start >= r.end {
                continue;
            }
            if c.start > at {
                out.push(at..c.start);
            }
            at = at.max(c.end);
        }
        if at < r.end {
            out.push(at..r.end);
        }
    }
    out
}

/// Blocks of a plain-text draft, as Vale reads a `.txt` file: paragraphs
/// between blank lines.
fn plain_blocks<'a>(doc: &'a Document<'a>, readable: &[Range<usize>]) -> Vec<Block<'a>> {
    let mut out = Vec::new();
    for r in readable {
        let slice = &doc.text[r.clone()];
        let mut at = 0;
        for para in slice.split("\n\n") {
            if !para.trim().is_empty() {
                out.push(Block::new(
                    Scope::Paragraph,
                    Scope::Paragraph,
                    (false, false),
                    BlockText::Borrowed(para),
                    r.start + at,
                    Arc::new([(0, 0)]),
                ));
            }
            at += para.len() + 2;
        }
    }
    out
}

/// Blocks of a Markdown draft: each heading, paragraph, list item and
/// table cell, with the prose inside it (the innermost block owns a piece:
/// a nested list item's text is not also its parent's).
fn markdown_blocks(text: &str, body: usize, readable: &[Range<usize>]) -> Vec<Block<'static>> {
    struct Open {
        scope: Scope,
        in_list: bool,
        in_blockquote: bool,
        text: String,
        pieces: Vec<(usize, usize)>,
    }
    let opts = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let prose = readable;
    let mut out: Vec<(usize, Block<'static>)> = Vec::new();
    let mut stack: Vec<(usize, Open)> = Vec::new();
    let (mut list, mut quote, mut in_head) = (0usize, 0usize, false);
    let close = |open: (usize, Open), out: &mut Vec<(usize, Block<'static>)>| {
        let (at, o) = open;
        if !o.text.trim().is_empty() {
            let base = o.pieces.first().map_or(0, |p| p.1);
            let pieces: Vec<(usize, usize)> =
                o.pieces.iter().map(|&(t, s)| (t, s - base)).collect();
            out.push((
                at,
                Block::new(
                    o.scope,
                    o.scope,
                    (o.in_list, o.in_blockquote),
                    BlockText::Shared(o.text.into()),
                    base,
                    pieces.into(),
                ),
            ));
        }
    };
    for (event, range) in Parser::new_ext(&text[body..], opts).into_offset_iter() {
        let range = range.start + body..range.end + body;
        let open = |scope| Open {
            scope,
            in_list: list > 0,
            in_blockquote: quote > 0,
            text: String::new(),
            pieces: Vec::new(),
        };
        match event {
            Event::Start(Tag::List(_)) => list += 1,
            Event::End(TagEnd::List(_)) => list = list.saturating_sub(1),
            Event::Start(Tag::BlockQuote(_)) => quote += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote = quote.saturating_sub(1),
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::Heading { level, .. }) => {
                stack.push((range.start, open(Scope::Heading(level as u8))))
            }
            Event::Start(Tag::Image { .. }) => stack.push((range.start, open(Scope::Alt))),
            Event::Start(Tag::Paragraph | Tag::Item) => {
                stack.push((range.start, open(Scope::Paragraph)))
            }
            Event::Start(Tag::TableCell) => stack.push((
                range.start,
                open(if in_head {
                    Scope::TableHeader
                } else {
                    Scope::TableCell
                }),
            )),
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::Image,
            ) => {
                if let Some(o) = stack.pop() {
                    close(o, &mut out);
                }
            }
            Event::Text(_) | Event::SoftBreak | Event::HardBreak => {
                let Some((_, top)) = stack.last_mut() else {
                    continue;
                };
                // Only what the house style also reads as prose.
                let mut p = prose.partition_point(|r| r.end <= range.start);
                while p < prose.len() && prose[p].start < range.end {
                    let s = prose[p].start.max(range.start);
                    let e = prose[p].end.min(range.end);
                    if s < e {
                        top.pieces.push((top.text.len(), s));
                        top.text.push_str(&text[s..e]);
                    }
                    p += 1;
                }
            }
            _ => {}
        }
    }
    while let Some(o) = stack.pop() {
        close(o, &mut out);
    }
    // Blocks close inner first; the draft's order is by where they start.
    out.sort_by_key(|(at, _)| *at);
    out.into_iter().map(|(_, b)| b).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str, scope: &[&str]) -> Vec<(Scope, String)> {
        let doc = Document::parse(text, Format::Markdown);
        let applied = Applied::default();
        let scoped = Scoped::new(&doc, &applied);
        let sel =
            Selector::parse(&scope.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
        scoped
            .select(&sel)
            .iter()
            .map(|b| (b.scope, b.text.to_string()))
            .collect()
    }

    #[test]
    fn blocks_carry_their_text_without_markup_and_map_back() {
        let text =
            "# A **bold** title\n\nSome *very* good `code` text. Second one.\n\n- item one\n";
        let all = blocks(text, &[]);
        assert_eq!(all[0], (Scope::Heading(1), "A bold title".into()));
        assert_eq!(all[1].1, "Some very good  text. Second one.");
        assert_eq!(blocks(text, &["heading"]).len(), 1);
        assert_eq!(blocks(text, &["~heading"]).len(), 2);
        assert_eq!(
            blocks(text, &["list"]),
            vec![(Scope::Paragraph, "item one".into())]
        );
        let s = blocks(text, &["sentence"]);
        assert!(s.iter().any(|(_, t)| t == "Second one."), "{s:?}");

        let doc = Document::parse(text, Format::Markdown);
        let applied = Applied::default();
        let scoped = Scoped::new(&doc, &applied);
        let para = &scoped.select(&Selector::default())[1];
        let at = para.text.find("very").unwrap();
        assert_eq!(&text[para.source(at..at + 4)], "very");
    }

    #[test]
    fn scope_lists_negations_and_conjunctions_read_as_vale_documents_them() {
        let text = "# Title one\n\n## Sub title\n\nBody text. Dr. Who came.\n\n- item text\n\n> quoted words\n\n| Head |\n|------|\n| cell |\n\n![alt words](pic.png)\n";
        let names = |scope: &[&str]| -> Vec<String> {
            blocks(text, scope).into_iter().map(|(_, t)| t).collect()
        };
        assert_eq!(names(&["heading.h2"]), vec!["Sub title"]);
        assert_eq!(
            names(&["heading.h1", "list"]),
            vec!["Title one", "item text"]
        );
        assert_eq!(names(&["blockquote"]), vec!["quoted words"]);
        assert_eq!(names(&["table.header"]), vec!["Head"]);
        assert_eq!(names(&["table.cell"]), vec!["cell"]);
        assert_eq!(names(&["alt"]), vec!["alt words"]);
        // `paragraph` is not a list item; a quoted paragraph is a paragraph.
        assert_eq!(
            names(&["paragraph"]),
            vec!["Body text. Dr. Who came.", "quoted words"]
        );
        assert_eq!(
            names(&["paragraph & ~blockquote"]),
            vec!["Body text. Dr. Who came."]
        );
        // Sentences keep the block they are in.
        assert_eq!(
            names(&["sentence & ~heading & ~list & ~blockquote & ~table & ~alt"]),
            vec!["Body text.", "Dr. Who came."]
        );
        assert_eq!(names(&["sentence & heading.h1"]), vec!["Title one"]);
        // Only negations: everything else.
        let rest = names(&["~heading", "~table"]);
        assert_eq!(
            rest,
            vec![
                "Body text. Dr. Who came.",
                "item text",
                "quoted words",
                "alt words"
            ]
        );
        // `summary` is the body: no headings.
        assert!(!names(&["summary"]).iter().any(|t| t.contains("title")));
        // `raw` is the draft as written.
        assert_eq!(names(&["raw"]), vec![text.to_string()]);
    }

    #[test]
    fn plain_text_drafts_are_paragraphs_between_blank_lines() {
        let text = "First para\nsame para.\n\nSecond para.\n";
        let doc = Document::parse(text, Format::PlainText);
        let applied = Applied::default();
        let scoped = Scoped::new(&doc, &applied);
        let all = scoped.select(&Selector::default());
        let t: Vec<&str> = all.iter().map(|b| b.text.as_ref()).collect();
        assert_eq!(t, vec!["First para\nsame para.", "Second para.\n"]);
        let at = all[1].text.find("para").unwrap();
        assert_eq!(&text[all[1].source(at..at + 4)], "para");
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)]
    fn ignored_ranges_are_cut_out_of_the_readable_text() {
        assert_eq!(subtract(&[0..10, 20..30], &[5..22]), vec![0..5, 22..30]);
        assert_eq!(subtract(&[0..10], &[]), vec![0..10]);
        assert_eq!(subtract(&[0..10], &[2..3, 0..1, 9..12]), vec![1..2, 3..9]);
    }

    #[test]
    fn one_selector_is_selected_once_and_shared() {
        let doc = Document::parse("# A\n\nB text.\n", Format::Markdown);
        let applied = Applied::default();
        let scoped = Scoped::new(&doc, &applied);
        let sel = Selector::parse(&["paragraph".into()]).unwrap();
        let (a, b) = (scoped.select(&sel), scoped.select(&sel));
        assert!(Arc::ptr_eq(&a, &b));
    }

    proptest::proptest! {
        #[test]
        fn every_byte_of_a_block_is_the_same_byte_of_the_draft(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "# ", "## ", "- ", "> ", "1. ", "*", "**", "_", "`x`", "[link](u)",
                "![alt](p.png)", "word", "Mr. Smith", "é", "—", " ", "\n", "\n\n",
                "| a | b |\n|---|---|\n| c | d |\n", "<b>", "3.5", ". ", "?", "\"",
            ]), 0..40)
        ) {
            let text: String = parts.concat();
            for format in [Format::Markdown, Format::PlainText] {
                let doc = Document::parse(&text, format);
                let applied = Applied::default();
                let scoped = Scoped::new(&doc, &applied);
                for sel in [Selector::default(), Selector::parse(&["sentence".into()]).unwrap()] {
                    for b in scoped.select(&sel).iter() {
                        for (i, c) in b.text.char_indices() {
                            let r = b.source(i..i + c.len_utf8());
                            proptest::prop_assert_eq!(
                                text.get(r.clone()),
                                Some(&b.text[i..i + c.len_utf8()]),
                                "{:?} in {:?}", r, text
                            );
                        }
                    }
                }
            }
        }
    }

    /// What a block is and where, for comparing two readings.
    type Shape = (
        Scope,
        Scope,
        bool,
        bool,
        String,
        usize,
        Vec<(usize, usize)>,
        u64,
    );

    fn shape(b: &Block<'_>) -> Shape {
        (
            b.scope,
            b.within,
            b.in_list,
            b.in_blockquote,
            b.text.to_string(),
            b.base,
            b.pieces.to_vec(),
            b.hash,
        )
    }

    proptest::proptest! {
        #[test]
        fn blocks_from_the_units_after_edits_are_a_fresh_reading(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "# Head\n\n", "Para text. Two.\n\n", "- item\n", "- item\n\n", "> quote\n\n",
                "```\ncode\n", "| a | b |\n|---|---|\n| c | d |\n\n", "<!--\n\n-->\n",
                "---\ntitle: x\n---\n", "word ", "\n", "\n\n", "[x]: http://e.org\n",
            ]), 1..24),
            edits in proptest::collection::vec((0usize..400, 0usize..4, proptest::sample::select(vec![
                "", "e", "\n\n", "# ", "```\n", "- ", "Ünï. ",
            ])), 1..8),
            plain in proptest::bool::ANY,
        ) {
            let mut text: String = parts.concat();
            let format = if plain { Format::PlainText } else { Format::Markdown };
            let mut chunks = crate::text::chunks::Chunks::new(format, text.len());
            let mut cache = ChunkCache::default();
            let applied = Applied::default();
            let sentence = Selector::parse(&["sentence".into()]).unwrap();
            for (at, del, insert) in std::iter::once((0, 0, "")).chain(edits) {
                chunks.edit_text(&mut text, at, del, insert);
                let doc = chunks.document(&text);
                let fresh = Document::parse(&text, format);
                let units = cache.units(&doc, &applied);
                let cached = Scoped::of_units(&doc, units);
                let full = Scoped::new(&fresh, &applied);
                let a: Vec<_> = cached.blocks().iter().map(shape).collect();
                let b: Vec<_> = full.blocks().iter().map(shape).collect();
                proptest::prop_assert_eq!(a, b, "{:?}", text);
                let a: Vec<_> = cached.select(&sentence).iter().map(shape).collect();
                let b: Vec<_> = full.select(&sentence).iter().map(shape).collect();
                proptest::prop_assert_eq!(a, b, "{:?}", text);
            }
        }
    }

    #[test]
    fn unknown_scopes_are_errors() {
        assert!(Selector::parse(&["headings".into()])
            .unwrap_err()
            .contains("headings"));
    }
}
