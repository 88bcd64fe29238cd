//! Re-parsing only what an edit can affect.
//!
//! Parsing a 1 MB Markdown draft takes about 20 ms, ten times the latency
//! the editor may see. Most of it is pulldown-cmark, and a Markdown parse is
//! local: a blank line followed by a line that starts in column 0 closes
//! every open block, unless a fenced code block or an HTML block is open.
//! (Front matter is read by [`super::front_matter`] before the
//! Markdown parse, and only at the top: pulldown-cmark's metadata blocks,
//! which a `---` line anywhere could open, are not used.) So the text is
//! cut into *chunks* at such places, each chunk is parsed on its own with
//! [`Document::parse`], and the whole document is assembled from the
//! chunks' prose regions and directives, shifted to their place. After an
//! edit only the chunks it touched (and any that a newly opened fence
//! swallows) are parsed again.
//!
//! The checks then see the assembled [`Document`] of the *whole* text
//! (through [`crate::engine::Engine::check_incremental`], which re-runs them
//! only on prose regions it has not checked before), so a document-wide
//! consistency rule sees every occurrence after any edit.
//! The assembled document equals `Document::parse` of the full text (a
//! property test below holds it to that); where it could not (a reference
//! link or footnote definition, which changes how text in other chunks
//! parses) the full text is parsed instead.

use std::ops::Range;
use std::sync::Arc;

use super::{Document, Format};

/// One chunk's parse, relative to the chunk.
#[derive(Debug)]
struct Parsed {
    prose: Vec<Range<usize>>,
    front_matter: Option<Range<usize>>,
    suppressed: Vec<(usize, Vec<String>)>,
    suppressed_file: Option<Vec<String>>,
    newlines: usize,
    /// A line that may define a link reference or footnote.
    has_definition: bool,
}

#[derive(Debug, Clone)]
struct Chunk {
    start: usize,
    len: usize,
    /// `None` while the chunk's text has changed since it was parsed.
    parsed: Option<Arc<Parsed>>,
}

/// A document's text cut into independently parsed chunks.
#[derive(Debug, Clone)]
pub struct Chunks {
    format: Format,
    chunks: Vec<Chunk>,
}

impl Chunks {
    /// Chunks of a text of `len` bytes, none parsed yet.
    pub fn new(format: Format, len: usize) -> Chunks {
        Chunks {
            format,
            chunks: vec![Chunk {
                start: 0,
                len,
                parsed: None,
            }],
        }
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// Records that bytes `range` of the text were replaced by `new_len`
    /// bytes. The chunks it touches, and the one before (whose boundary
    /// depends on the first line after it), are marked for re-parsing.
    pub fn edit(&mut self, range: Range<usize>, new_len: usize) {
        let total: usize = self.chunks.last().map_or(0, |c| c.start + c.len);
        let range = range.start.min(total)..range.end.clamp(range.start.min(total), total);
        let first = self
            .chunks
            .partition_point(|c| c.start + c.len < range.start)
            .min(self.chunks.len() - 1)
            .saturating_sub(1);
        let last = self
            .chunks
            .partition_point(|c| c.start <= range.end)
            .saturating_sub(1)
            .max(first);
        let start = self.chunks[first].start;
        let old_end = self.chunks[last].start + self.chunks[last].len;
        let new_end = old_end - range.len() + new_len;
        self.chunks.splice(
            first..=last,
            [Chunk {
                start,
                len: new_end - start,
                parsed: None,
            }],
        );
        for c in &mut self.chunks[first + 1..] {
            c.start = c.start - old_end + new_end;
        }
    }

    /// Tests: replaces `del` bytes at about `at` (both moved onto
    /// character boundaries and into the text) with `insert`, in `text` and
    /// here.
    #[cfg(test)]
    pub fn edit_text(&mut self, text: &mut String, at: usize, del: usize, insert: &str) {
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + del).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        text.replace_range(at..end, insert);
        self.edit(at..end, insert.len());
    }

    /// The parsed document of `text` (the text after every recorded edit),
    /// parsing only the chunks that changed.
    pub fn document<'a>(&mut self, text: &'a str) -> Document<'a> {
        debug_assert_eq!(
            self.chunks.last().map_or(0, |c| c.start + c.len),
            text.len()
        );
        self.reparse_front_matter(text);
        self.resplit(text);
        if self.chunks.iter().any(|c| {
            c.parsed
                .as_ref()
                .is_some_and(|p| p.has_definition && self.chunks.len() > 1)
        }) {
            return Document::parse(text, self.format);
        }
        self.assemble(text)
    }

    /// How many chunks the text is cut into (for tests and measurements).
    pub fn len(&self) -> usize {
        self.chunks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }

    /// Front matter can end further down than an edit reaches: a `---`
    /// typed below later chunks closes one opened at the top, and only the
    /// first chunk's parse would see it. So when the text's front matter is
    /// not the first chunk's reading, the chunks it now covers become one
    /// chunk to parse again (the scanner never cuts inside front matter).
    /// A dirty first chunk is re-cut from the top by `resplit` anyway.
    fn reparse_front_matter(&mut self, text: &str) {
        let Some(parsed) = self.chunks.first().and_then(|c| c.parsed.as_ref()) else {
            return;
        };
        let now = super::front_matter(text);
        if now == parsed.front_matter {
            return;
        }
        let end = now.map_or(0, |r| r.end);
        let last = self
            .chunks
            .partition_point(|c| c.start < end)
            .saturating_sub(1);
        let len = self.chunks[last].start + self.chunks[last].len;
        self.chunks.splice(
            0..=last,
            [Chunk {
                start: 0,
                len,
                parsed: None,
            }],
        );
    }

    fn resplit(&mut self, text: &str) {
        if self.chunks.iter().all(|c| c.parsed.is_some()) {
            return;
        }
        let old = std::mem::take(&mut self.chunks);
        let mut out = Vec::with_capacity(old.len() + 4);
        let mut k = 0;
        while k < old.len() {
            if old[k].parsed.is_some() {
                out.push(old[k].clone());
                k += 1;
                continue;
            }
            // Re-cut from this dirty chunk's start (a boundary before any
            // change, so nothing is open there) until a boundary that is
            // still valid coincides with an old one past the dirty part.
            let start = old[k].start;
            let dirty_end = old[k].start + old[k].len;
            k += 1;
            let mut cuts = vec![start];
            let mut scanner = Scanner::new(text, start);
            let end = loop {
                let Some(b) = scanner.next_boundary() else {
                    k = old.len();
                    break text.len();
                };
                while k < old.len() && old[k].start < b {
                    k += 1;
                }
                if b >= dirty_end && k < old.len() && old[k].start == b && old[k].parsed.is_some() {
                    break b;
                }
                cuts.push(b);
            };
            cuts.push(end);
            for w in cuts.windows(2) {
                if w[1] > w[0] || (w[0] == 0 && text.is_empty()) {
                    out.push(Chunk {
                        start: w[0],
                        len: w[1] - w[0],
                        parsed: Some(Arc::new(parse(text, w[0]..w[1], self.format))),
                    });
                }
            }
        }
        if out.is_empty() {
            out.push(Chunk {
                start: 0,
                len: 0,
                parsed: Some(Arc::new(parse(text, 0..0, self.format))),
            });
        }
        self.chunks = out;
    }

    fn assemble<'a>(&self, text: &'a str) -> Document<'a> {
        let mut prose: Vec<Range<usize>> = Vec::new();
        let mut suppressed = Vec::new();
        let mut suppressed_file = None;
        let mut front_matter = None;
        let mut line = 0;
        for c in &self.chunks {
            let p = c.parsed.as_ref().expect("resplit parses every chunk");
            for r in &p.prose {
                let r = r.start + c.start..r.end + c.start;
                match prose.last_mut() {
                    Some(last) if last.end == r.start => last.end = r.end,
                    _ => prose.push(r),
                }
            }
            if c.start == 0 {
                front_matter.clone_from(&p.front_matter);
            }
            suppressed.extend(
                p.suppressed
                    .iter()
                    .map(|(l, codes)| (l + line, codes.clone())),
            );
            if p.suppressed_file.is_some() {
                suppressed_file.clone_from(&p.suppressed_file);
            }
            line += p.newlines;
        }
        Document {
            chunks: Some(self.chunks.iter().map(|c| c.start).collect()),
            text,
            format: self.format,
            prose,
            date: crate::text::meta::document_date(text, front_matter.clone()),
            front_matter,
            suppressed,
            suppressed_file,
            lines: Default::default(),
        }
    }
}

fn parse(text: &str, range: Range<usize>, format: Format) -> Parsed {
    let slice = &text[range];
    let doc = Document::parse(slice, format);
    let newlines = doc.lines().line_count() - 1;
    Parsed {
        prose: doc.prose,
        front_matter: doc.front_matter,
        suppressed: doc.suppressed,
        suppressed_file: doc.suppressed_file,
        newlines,
        has_definition: format == Format::Markdown && slice.lines().any(is_definition),
    }
}

/// A line that may hold `[label]: …` or `[^note]: …`, in any container
/// (`> [x]: …`, `- [x]: …`). Erring towards yes only costs speed.
fn is_definition(line: &str) -> bool {
    // Any `]:`, not only one after a `[` on the same line: a label may span
    // lines (`[long\nlabel]: url`), which the `recheck` fuzz target found.
    line.contains("]:")
}

/// What may be open at the end of a line, as far as chunk boundaries care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Nothing,
    /// A fenced code block: fence character, length, opener indent.
    Fence(u8, usize, usize),
    /// An HTML block (or comment) until a line containing the marker; the
    /// opener's indent.
    Until(&'static str, usize),
}

/// Finds chunk boundaries: starts of lines that begin in column 0 with a
/// non-blank character, after a blank line, with nothing open.
///
/// Whether a line opens a block can depend on context this scanner does not
/// track (is it inside a list item? an HTML block?), so it follows every
/// reading that may hold at once, and only cuts where all of them agree that
/// nothing is open. Getting it wrong that way costs speed, never correctness.
struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    /// Every state that may hold (deduplicated, never empty).
    states: Vec<Open>,
    prev_blank: bool,
    /// Since the last blank line, a line began with `<`: it may be an HTML
    /// block that lasts until a blank line, inside which nothing opens.
    maybe_html: bool,
    /// A `<!--` is open that a directive comment could continue from (up to
    /// the next `>`, which no directive contains).
    in_comment: bool,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str, start: usize) -> Scanner<'a> {
        let mut s = Scanner {
            text,
            pos: start,
            states: vec![Open::Nothing],
            prev_blank: false,
            maybe_html: false,
            in_comment: false,
        };
        if start == 0 {
            // Never cut inside front matter as `Document::parse` reads it.
            if let Some(end) = super::front_matter(text).map(|r| r.end) {
                s.pos = end;
            }
        }
        s
    }

    fn next_boundary(&mut self) -> Option<usize> {
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() {
            let start = self.pos;
            let end = memchr_nl(&bytes[start..]).map_or(bytes.len(), |i| start + i + 1);
            let line = &self.text[start..end];
            self.pos = end;
            let col0 = !matches!(bytes[start], b' ' | b'\t' | b'\r' | b'\n');
            if self.prev_blank
                && self.states == [Open::Nothing]
                && !self.in_comment
                && col0
                && !opens_front_matter(line)
                && start > 0
            {
                // Re-read this line after reporting the boundary.
                self.pos = start;
                self.prev_blank = false;
                self.maybe_html = false;
                return Some(start);
            }
            // A lone `\r` ends a line for pulldown-cmark, which then reads
            // fences and list items after it in ways this scanner does not
            // follow (the `recheck` fuzz target found such texts). Texts
            // with old Mac line ends are rare: from here on the rest is one
            // chunk, parsed whole, so it reads exactly as a full parse does.
            if line.ends_with('\r') {
                self.pos = bytes.len();
                return None;
            }
            // `Document::parse` reads Markdown after a byte-order mark, so
            // the first line opens blocks as if it were not there (an
            // HTML block opened by `\u{feff}<pre>` was missed, and a chunk
            // cut inside it: found by the chunk property test).
            let line = if start == 0 {
                line.strip_prefix('\u{feff}').unwrap_or(line)
            } else {
                line
            };
            let col0 = !line.starts_with([' ', '\t', '\r', '\n']);
            // Blank: spaces and tabs ended by `\n` or `\r\n`.
            let body = line
                .strip_suffix('\n')
                .map(|l| l.strip_suffix('\r').unwrap_or(l));
            let after_lf = start == 0 || bytes[start - 1] == b'\n';
            let blank =
                after_lf && body.is_some_and(|b| b.bytes().all(|b| b == b' ' || b == b'\t'));
            self.advance(line, col0);
            if blank {
                self.maybe_html = false;
            }
            self.prev_blank = blank;
            self.in_comment = match line.rfind("<!--") {
                Some(i) => !line[i + 4..].contains('>'),
                None => self.in_comment && !line.contains('>'),
            };
        }
        None
    }

    /// Updates what may be open after `line`.
    fn advance(&mut self, line: &str, col0: bool) {
        let states = std::mem::take(&mut self.states);
        let mut next = Vec::with_capacity(states.len() + 1);
        for s in states {
            match s {
                Open::Nothing => self.openings(line, &mut next),
                Open::Fence(ch, n, indent) => {
                    let (t, ind) = indentation(line);
                    let run = t.bytes().take_while(|&b| b == ch).count();
                    if ind <= indent.max(3) && run >= n && t[run..].trim().is_empty() {
                        next.push(Open::Nothing);
                    } else {
                        next.push(s);
                        // An indented opener may have been inside a list
                        // item, which a line in column 0 closes.
                        if col0 && indent > 0 {
                            self.openings(line, &mut next);
                        }
                    }
                }
                Open::Until(marker, indent) => {
                    if line.contains(marker) {
                        next.push(Open::Nothing);
                    } else {
                        next.push(s);
                        if col0 && indent > 0 {
                            self.openings(line, &mut next);
                        }
                    }
                }
            }
        }
        next.dedup();
        let mut uniq: Vec<Open> = Vec::with_capacity(next.len());
        for s in next {
            if !uniq.contains(&s) {
                uniq.push(s);
            }
        }
        self.states = uniq;
    }

    /// The states after `line` read with nothing open before it.
    fn openings(&mut self, line: &str, out: &mut Vec<Open>) {
        let (t, indent) = indentation(line);
        // Certain only in column 0-3 and outside a possible HTML block.
        let certain = indent <= 3 && !self.maybe_html;
        let mut found = None;
        for ch in [b'`', b'~'] {
            let run = t.bytes().take_while(|&b| b == ch).count();
            if run >= 3 && !(ch == b'`' && t[run..].contains('`')) {
                found = Some(Open::Fence(ch, run, indent));
            }
        }
        if found.is_none() && t.starts_with('<') {
            let lower = t.get(..12).unwrap_or(t).to_ascii_lowercase();
            let marker = [
                ("<script", "</script>"),
                ("<pre", "</pre>"),
                ("<style", "</style>"),
                ("<textarea", "</textarea>"),
                ("<!--", "-->"),
                ("<?", "?>"),
                ("<![cdata[", "]]>"),
            ]
            .into_iter()
            .find(|(open, _)| lower.starts_with(open))
            .map(|(_, m)| m)
            .or_else(|| {
                (lower.starts_with("<!")
                    && lower[2..].starts_with(|c: char| c.is_ascii_alphabetic()))
                .then_some(">")
            });
            match marker {
                // pulldown-cmark looks for the end in the whole line,
                // opener included (`<!-->` opens and closes).
                Some(m) if !t.contains(m) => found = Some(Open::Until(m, indent)),
                Some(_) => {}
                None => {
                    if indent <= 3 {
                        self.maybe_html = true;
                    }
                }
            }
        }
        match found {
            Some(s) if certain => out.push(s),
            Some(s) => {
                out.push(Open::Nothing);
                out.push(s);
            }
            None => out.push(Open::Nothing),
        }
    }
}

/// A line without its indentation, and the indentation's width in columns
/// (a tab advances to the next multiple of four).
fn indentation(line: &str) -> (&str, usize) {
    let mut cols = 0;
    for (i, b) in line.bytes().enumerate() {
        match b {
            b' ' => cols += 1,
            b'\t' => cols = (cols / 4 + 1) * 4,
            _ => return (&line[i..], cols),
        }
    }
    ("", cols)
}

/// A line that [`super::front_matter`] may read as opening front
/// matter if a chunk started with it (a byte-order mark, which
/// `Document::parse` also skips at the start, may come first). No chunk
/// starts there: only the first chunk has front matter.
fn opens_front_matter(line: &str) -> bool {
    line.starts_with('\u{feff}') || line.trim_end() == "---"
}

/// The index of the last byte of the first line of `bytes`: its `\n`, or a
/// `\r` not followed by `\n` (pulldown-cmark ends lines at a lone `\r` too).
fn memchr_nl(bytes: &[u8]) -> Option<usize> {
    let i = bytes.iter().position(|&b| b == b'\n' || b == b'\r')?;
    if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
        Some(i + 1)
    } else {
        Some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn assert_same(text: &str, chunks: &mut Chunks) {
        let want = Document::parse(text, chunks.format());
        let got = chunks.document(text);
        assert_eq!(got.prose, want.prose, "prose of {text:?}");
        assert_eq!(got.front_matter, want.front_matter, "{text:?}");
        assert_eq!(got.suppressed, want.suppressed, "{text:?}");
        assert_eq!(got.suppressed_file, want.suppressed_file, "{text:?}");
        assert_eq!(got.lines(), want.lines());
    }

    const SAMPLE: &str = "---\ndate: 2017-08-31\n\ntitle: x\n---\n# HMS Argyle\n\nThe Foreign Secretary met 安倍晋三 😀.\n\n- one\n\n- two\n\n  continued\n\n```\ncode\n\nnot prose HMS Argyle\n```\n\n<!-- draftlint-disable-next-line name/exact -->\nHMS Argyle\n\n<!--\n\nhidden\n\n-->\n\nText\n---\n\nmore\n\n---\nmeta\n\nstill\n...\n\nlast https://x.org/a line\n";

    #[test]
    fn assembled_document_equals_a_full_parse() {
        for format in [Format::Markdown, Format::PlainText] {
            let mut c = Chunks::new(format, SAMPLE.len());
            assert_same(SAMPLE, &mut c);
            assert!(c.len() > 5, "{}", c.len());
        }
    }

    #[test]
    fn an_html_block_after_a_byte_order_mark_is_not_cut() {
        // The full parse reads `<pre>` after the mark as an HTML block that
        // runs to the line holding `</pre>`, over the blank line; a chunk
        // cut at the fence line read the rest as code and lost its prose.
        let text = "\u{feff}<pre>HMS Argyle\n\n```Text</pre>\n\nHMS Argyle\n";
        let mut c = Chunks::new(Format::Markdown, text.len());
        assert_same(text, &mut c);
        assert!(!Document::parse(text, Format::Markdown).prose.is_empty());
    }

    #[test]
    fn opening_a_fence_swallows_later_chunks() {
        let mut text = "a\n\nb\n\nc\n\nd\n".to_string();
        let mut c = Chunks::new(Format::Markdown, text.len());
        assert_same(&text, &mut c);
        text.insert_str(3, "```\n");
        c.edit(3..3, 4);
        assert_same(&text, &mut c);
        text.replace_range(3..7, "");
        c.edit(3..7, 0);
        assert_same(&text, &mut c);
        assert_eq!(c.len(), 4);
    }

    fn fragment() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "\n",
            "\n\n",
            "HMS Argyle",
            " ",
            "```",
            "~~~",
            "<!--",
            "-->",
            ">",
            "---",
            "...",
            "- ",
            "    ",
            "# ",
            "😀",
            "安倍",
            "e\u{301}",
            "<!-- draftlint-disable-next-line name/exact -->",
            "<!-- draftlint-disable-file -->",
            "[x]: http://a",
            "[x]",
            "<pre>",
            "</pre>",
            "\r\n",
            "Text",
            "https://x.org/y",
            "`",
            "*",
            "> ",
            "| a | b |",
            "|---|---|",
            "\t",
            "<div>",
            "  ",
            "1. ",
            "\u{feff}",
        ])
        .prop_map(str::to_string)
    }

    fn edit() -> impl Strategy<Value = (prop::sample::Index, prop::sample::Index, Vec<String>)> {
        (
            any::<prop::sample::Index>(),
            any::<prop::sample::Index>(),
            prop::collection::vec(fragment(), 0..4),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn random_edits_keep_the_assembly_exact(
            start in prop::collection::vec(fragment(), 0..40),
            edits in prop::collection::vec(edit(), 1..12),
            plain in any::<bool>(),
        ) {
            let format = if plain { Format::PlainText } else { Format::Markdown };
            let mut text: String = start.concat();
            let mut c = Chunks::new(format, text.len());
            assert_same(&text, &mut c);
            for (a, b, ins) in edits {
                let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
                let x = bounds[a.index(bounds.len())];
                let y = bounds[b.index(bounds.len())];
                let (x, y) = (x.min(y), x.max(y));
                let ins = ins.concat();
                text.replace_range(x..y, &ins);
                c.edit(x..y, ins.len());
                assert_same(&text, &mut c);
            }
        }
    }
}
