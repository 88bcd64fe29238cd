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
use crate::text::{Document, Format};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// What kind of block a piece of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Heading(u8),
    Paragraph,
    TableHeader,
    TableCell,
    Sentence,
    /// The draft's source text as written, markup and all.
    Raw,
}

/// One block of text.
#[derive(Debug, Clone)]
pub struct Block<'a> {
    pub scope: Scope,
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
                    in_list: self.in_list,
                    in_blockquote: self.in_blockquote,
                    text: std::borrow::Cow::Owned(self.text[r].to_string()),
                    pieces,
                }
            })
            .collect()
    }

    fn is(&self, name: &str) -> bool {
        match name {
            "text" | "summary" => self.scope != Scope::Raw,
            "raw" => self.scope == Scope::Raw,
            "heading" => matches!(self.scope, Scope::Heading(_)),
            "paragraph" => self.scope == Scope::Paragraph && !self.in_list,
            "sentence" => self.scope == Scope::Sentence,
            "list" => self.in_list,
            "blockquote" => self.in_blockquote,
            "table" => matches!(self.scope, Scope::TableHeader | Scope::TableCell),
            "table.header" => self.scope == Scope::TableHeader,
            "table.cell" => self.scope == Scope::TableCell,
            _ => match name.strip_prefix("heading.h") {
                Some(n) => n
                    .parse::<u8>()
                    .is_ok_and(|n| self.scope == Scope::Heading(n)),
                None => false,
            },
        }
    }
}

/// Sentences of a block's text: ends at `.`, `!` or `?` followed by
/// white space.
fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_some_and(|n| n.is_ascii_whitespace())
        {
            out.push(start..i + 1);
            start = i + 1;
            while start < bytes.len() && bytes[start].is_ascii_whitespace() {
                start += 1;
            }
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out.retain(|r| !text[r.clone()].trim().is_empty());
    out
}

/// Which blocks a rule sees: `scope:` values, any of the positive ones
/// (all text when there are none) and none of the negated (`~heading`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selector {
    any: Vec<String>,
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
    "table",
    "table.header",
    "table.cell",
];

impl Selector {
    pub fn parse(values: &[String]) -> Result<Selector, String> {
        let mut s = Selector::default();
        for v in values {
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
                    return Err(format!(
                        "unknown scope `{name}` (one of: {}, heading.h1 … heading.h6)",
                        SCOPES.join(", ")
                    ));
                }
                if neg {
                    s.none.push(name.to_string());
                } else {
                    s.any.push(name.to_string());
                }
            }
        }
        Ok(s)
    }

    fn wants_sentences(&self) -> bool {
        self.any.iter().any(|n| n == "sentence")
    }

    fn wants_raw(&self) -> bool {
        self.any.iter().any(|n| n == "raw")
    }

    fn selects(&self, b: &Block<'_>) -> bool {
        let positive = if self.any.is_empty() {
            b.is("text")
        } else {
            self.any.iter().any(|n| b.is(n))
        };
        positive && !self.none.iter().any(|n| b.is(n))
    }
}

/// A draft's blocks, built once and selected per rule.
pub struct Scoped<'a> {
    doc: &'a Document<'a>,
    blocks: Vec<Block<'a>>,
    sentences: std::sync::OnceLock<Vec<Block<'a>>>,
}

impl<'a> Scoped<'a> {
    pub fn new(doc: &'a Document<'a>, _applied: &Applied) -> Scoped<'a> {
        let blocks = match doc.format {
            Format::Markdown => markdown_blocks(doc),
            Format::PlainText => plain_blocks(doc),
        };
        Scoped {
            doc,
            blocks,
            sentences: std::sync::OnceLock::new(),
        }
    }

    /// The blocks `selector` picks, in document order.
    pub fn select(&self, selector: &Selector) -> Vec<Block<'a>> {
        if selector.wants_raw() {
            return vec![Block {
                scope: Scope::Raw,
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

/// Blocks of a plain-text draft: paragraphs between blank lines.
fn plain_blocks<'a>(doc: &'a Document<'a>) -> Vec<Block<'a>> {
    let mut out = Vec::new();
    for (start, slice) in doc.prose_slices() {
        let mut at = 0;
        for para in slice.split("\n\n") {
            if !para.trim().is_empty() {
                out.push(Block {
                    scope: Scope::Paragraph,
                    in_list: false,
                    in_blockquote: false,
                    text: std::borrow::Cow::Borrowed(para),
                    pieces: vec![(0, start + at)],
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
fn markdown_blocks<'a>(doc: &'a Document<'a>) -> Vec<Block<'a>> {
    struct Open {
        scope: Scope,
        in_list: bool,
        in_blockquote: bool,
        text: String,
        pieces: Vec<(usize, usize)>,
    }
    let opts = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let body = doc.front_matter.as_ref().map_or(0, |r| r.end);
    let prose = &doc.prose;
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
                TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell,
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
            .into_iter()
            .map(|b| (b.scope, b.text.into_owned()))
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
    fn unknown_scopes_are_errors() {
        assert!(Selector::parse(&["headings".into()])
            .unwrap_err()
            .contains("headings"));
    }
}
