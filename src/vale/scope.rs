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
    pub text: std::borrow::Cow<'a, str>,
    /// `(offset in text, offset in the draft)` where each piece starts.
    pieces: Vec<(usize, usize)>,
}

impl<'a> Block<'a> {
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
        start..(s + (range.end - t)).max(start)
    }

    /// `(offset in text, offset in the draft)` where each piece starts.
    pub fn pieces(&self) -> &[(usize, usize)] {
        &self.pieces
    }

    /// The draft's offset of byte `at` of this block's text.
    pub fn source_offset(&self, at: usize) -> usize {
        let i = self
            .pieces
            .partition_point(|&(t, _)| t <= at)
            .saturating_sub(1);
        let (t, s) = self.pieces.get(i).copied().unwrap_or((0, 0));
        s + (at - t)
    }

    fn sentences(&self) -> Vec<Block<'a>> {
        sentence_ranges(&self.text)
            .into_iter()
            .map(|r| {
                let mut pieces = vec![(0, self.source_offset(r.start))];
                for &(t, s) in &self.pieces {
                    if t > r.start && t < r.end {
                        pieces.push((t - r.start, s));
                    }
                }
                Block {
                    scope: Scope::Sentence,
                    within: self.within,
                    in_list: self.in_list,
                    in_blockquote: self.in_blockquote,
                    text: std::borrow::Cow::Owned(self.text[r].to_string()),
                    pieces,
                }
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
    sentences: std::sync::OnceLock<Vec<Block<'a>>>,
    selected: std::sync::Mutex<Vec<(Selector, Arc<Vec<Block<'a>>>)>>,
}

impl<'a> Scoped<'a> {
    /// The blocks of `doc`, without what `applied`'s `BlockIgnores` and
    /// `TokenIgnores` leave out.
    pub fn new(doc: &'a Document<'a>, applied: &Applied) -> Scoped<'a> {
        let readable = subtract(&doc.prose, &applied.ignored(doc.text));
        let blocks = match doc.format {
            Format::Markdown => markdown_blocks(doc, &readable),
            Format::PlainText => plain_blocks(doc, &readable),
        };
        Scoped {
            doc,
            blocks,
            sentences: std::sync::OnceLock::new(),
            selected: std::sync::Mutex::new(Vec::new()),
        }
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
            return vec![Block {
                scope: Scope::Raw,
                within: Scope::Raw,
                in_list: false,
                in_blockquote: false,
                text: std::borrow::Cow::Borrowed(self.doc.text),
                pieces: vec![(0, 0)],
            }];
        }
        let pool: &[Block<'a>] = if selector.wants_sentences() {
            self.sentences
                .get_or_init(|| self.blocks.iter().flat_map(Block::sentences).collect())
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
                out.push(Block {
                    scope: Scope::Paragraph,
                    within: Scope::Paragraph,
                    in_list: false,
                    in_blockquote: false,
                    text: std::borrow::Cow::Borrowed(para),
                    pieces: vec![(0, r.start + at)],
                });
            }
            at += para.len() + 2;
        }
    }
    out
}

/// Blocks of a Markdown draft: each heading, paragraph, list item and
/// table cell, with the prose inside it (the innermost block owns a piece:
/// a nested list item's text is not also its parent's).
fn markdown_blocks<'a>(doc: &'a Document<'a>, readable: &[Range<usize>]) -> Vec<Block<'a>> {
    struct Open {
        scope: Scope,
        in_list: bool,
        in_blockquote: bool,
        text: String,
        pieces: Vec<(usize, usize)>,
    }
    let opts = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let body = doc.front_matter.as_ref().map_or(0, |r| r.end);
    let prose = readable;
    let mut out: Vec<(usize, Block<'a>)> = Vec::new();
    let mut stack: Vec<(usize, Open)> = Vec::new();
    let (mut list, mut quote, mut in_head) = (0usize, 0usize, false);
    let close = |open: (usize, Open), out: &mut Vec<(usize, Block<'a>)>| {
        let (at, o) = open;
        if !o.text.trim().is_empty() {
            out.push((
                at,
                Block {
                    scope: o.scope,
                    within: o.scope,
                    in_list: o.in_list,
                    in_blockquote: o.in_blockquote,
                    text: std::borrow::Cow::Owned(o.text),
                    pieces: o.pieces,
                },
            ));
        }
    };
    for (event, range) in Parser::new_ext(&doc.text[body..], opts).into_offset_iter() {
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
                        top.text.push_str(&doc.text[s..e]);
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

    #[test]
    fn unknown_scopes_are_errors() {
        assert!(Selector::parse(&["headings".into()])
            .unwrap_err()
            .contains("headings"));
    }
}
