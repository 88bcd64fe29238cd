//! Open documents: one rope per document, edited in place, with its
//! version and the last lint result computed for it.
//!
//! The rope is the server's only copy of a document. Positions are
//! converted in it ([`View`]), the engine's `&str` is collected from it on
//! the lint thread for each lint (a 1 MB copy, cheaper than keeping a
//! second copy in step edit by edit), and a lint result keeps a clone of
//! it: ropey's ropes share their nodes, so that clone costs O(1) and the
//! next edit copies only the nodes it changes.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::convert::View;
use crate::diagnostic::Diagnostic;
use crate::text::{Encoding, Format, PositionError};

/// The text of `rope` as one string, for the engine (which reads `&str`).
pub fn rope_text(rope: &Rope) -> String {
    let mut text = String::with_capacity(rope.len_bytes());
    for chunk in rope.chunks() {
        text.push_str(chunk);
    }
    text
}

/// The result of linting one version of a document: the text it was
/// computed on (a snapshot of the document's rope, for converting offsets),
/// and what the engine found.
pub struct Linted {
    pub version: i32,
    /// Which rule pack it was computed with (see [`super::config::Config`]).
    pub generation: u64,
    pub rope: Rope,
    /// What it was checked with: the pack and the document's own Vale
    /// configuration (hovers and code actions use it).
    pub engine: crate::engine::Engine,
    pub diagnostics: Vec<Diagnostic>,
    /// The document's [`OpenDocument::stamp`] it was computed for.
    pub stamp: u64,
    /// Its mentions for document-wide rules, which the open drafts after it
    /// are held to (with workspace consistency).
    pub mentions: Option<crate::engine::Mentions>,
    /// The drafts it was held to, by the numbers its related spans give:
    /// each one's URI and the text its mentions were found in.
    pub others: Vec<(Uri, Rope)>,
}

impl std::fmt::Debug for Linted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Linted")
            .field("version", &self.version)
            .field("generation", &self.generation)
            .field("diagnostics", &self.diagnostics)
            .field("stamp", &self.stamp)
            .finish_non_exhaustive()
    }
}

impl Linted {
    /// Converts positions in the text that was linted.
    pub fn view(&self, enc: Encoding) -> View<'_> {
        View::new(&self.rope, enc)
    }
}

#[derive(Debug)]
pub struct OpenDocument {
    /// The text, edited in place; positions are converted against it.
    pub rope: Rope,
    /// Byte edits (`range` replaced by `len` bytes) since the lint worker
    /// last took them, so it can re-parse only what they touched.
    edits: Vec<(Range<usize>, usize)>,
    /// The text was replaced wholesale since the worker last looked.
    reset: bool,
    pub version: i32,
    pub format: Format,
    pub language_id: String,
    /// The newest lint result, which may be for an older version.
    pub linted: Option<Arc<Linted>>,
    /// Bumped when an open draft before it changes what it is held to
    /// (workspace consistency), so that its lint result is redone.
    pub stamp: u64,
}

impl OpenDocument {
    pub fn new(text: &str, version: i32, language_id: &str) -> OpenDocument {
        OpenDocument {
            rope: Rope::from_str(text),
            edits: Vec::new(),
            reset: true,
            version,
            format: Format::from_language_id(language_id),
            language_id: language_id.to_string(),
            linted: None,
            stamp: 0,
        }
    }

    /// Replaces the chars in `range` (the whole text when `None`) with `text`.
    pub fn replace(&mut self, range: Option<Range<usize>>, text: &str) {
        match range {
            None => {
                self.rope = Rope::from_str(text);
                self.edits.clear();
                self.reset = true;
            }
            Some(r) => {
                let end = r.end.min(self.rope.len_chars());
                let start = r.start.min(end);
                let (a, b) = (self.rope.char_to_byte(start), self.rope.char_to_byte(end));
                self.rope.remove(start..end);
                self.rope.insert(start, text);
                if self.edits.len() >= 1024 {
                    // Nobody is taking them (pull diagnostics): start afresh.
                    self.edits.clear();
                    self.reset = true;
                } else if !self.reset {
                    self.edits.push((a..b, text.len()));
                }
            }
        }
    }

    /// Applies one change as a client sends it in `didChange`: `range` in
    /// the negotiated encoding (`None` replaces the whole text). A range
    /// with an end inside a character changes nothing and is an error.
    pub fn apply_change(
        &mut self,
        range: Option<lsp::Range>,
        text: &str,
        enc: Encoding,
    ) -> Result<(), PositionError> {
        let view = View::new(&self.rope, enc);
        let chars = range.map(|r| view.chars(r)).transpose()?;
        self.replace(chars, text);
        Ok(())
    }

    /// The edits since the last call, and whether the text was replaced
    /// wholesale meanwhile.
    pub fn take_edits(&mut self) -> (Vec<(Range<usize>, usize)>, bool) {
        let reset = std::mem::replace(&mut self.reset, false);
        (std::mem::take(&mut self.edits), reset)
    }

    /// The lint result for the current version, if there is one.
    pub fn current(&self, generation: u64) -> Option<Arc<Linted>> {
        self.linted
            .as_ref()
            .filter(|l| {
                l.version == self.version && l.generation == generation && l.stamp == self.stamp
            })
            .cloned()
    }

    /// Whether draftlint checks this document at all (it does not check the
    /// rule files themselves, should a client send them).
    pub fn is_draft(&self) -> bool {
        !matches!(self.language_id.as_str(), "toml" | "json" | "yaml")
    }
}

/// Every open document, by URI.
#[derive(Debug, Default)]
pub struct Documents {
    map: HashMap<Uri, OpenDocument>,
}

impl Documents {
    pub fn open(&mut self, uri: Uri, doc: OpenDocument) {
        self.map.insert(uri, doc);
    }

    pub fn close(&mut self, uri: &Uri) -> Option<OpenDocument> {
        self.map.remove(uri)
    }

    pub fn get(&self, uri: &Uri) -> Option<&OpenDocument> {
        self.map.get(uri)
    }

    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut OpenDocument> {
        self.map.get_mut(uri)
    }

    pub fn uris(&self) -> impl Iterator<Item = &Uri> {
        self.map.keys()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::LineIndex;

    #[test]
    fn replaces_in_place_and_clamps() {
        let mut d = OpenDocument::new("a😀b", 1, "markdown");
        assert_eq!(d.take_edits(), (vec![], true));
        d.replace(Some(1..2), "安倍");
        assert_eq!(d.rope.to_string(), "a安倍b");
        d.replace(Some(3..99), "!");
        assert_eq!(d.rope.to_string(), "a安倍!");
        assert_eq!(d.rope, "a安倍!");
        assert_eq!(d.take_edits(), (vec![(1..5, 6), (7..8, 1)], false));
        d.replace(None, "new");
        assert_eq!(d.rope.to_string(), "new");
        assert_eq!(d.rope, "new");
        assert_eq!(d.take_edits(), (vec![], true));
        assert_eq!(d.format, Format::Markdown);
        assert_eq!(
            OpenDocument::new("", 1, "plaintext").format,
            Format::PlainText
        );
    }

    fn pos(line: u32, character: u32) -> lsp::Position {
        lsp::Position::new(line, character)
    }

    fn range(a: (u32, u32), b: (u32, u32)) -> Option<lsp::Range> {
        Some(lsp::Range::new(pos(a.0, a.1), pos(b.0, b.1)))
    }

    #[test]
    fn an_edit_after_a_lone_carriage_return_lands_where_the_client_put_it() {
        let mut d = OpenDocument::new("Intro\rBen wallace\r", 1, "markdown");
        d.apply_change(range((1, 0), (1, 0)), "Mr ", Encoding::Utf16)
            .unwrap();
        assert_eq!(d.rope, "Intro\rMr Ben wallace\r");
        d.apply_change(range((1, 7), (1, 8)), "W", Encoding::Utf16)
            .unwrap();
        assert_eq!(d.rope, "Intro\rMr Ben Wallace\r");
        // Past the end of a CR-ended line: before its CR.
        d.apply_change(range((0, 99), (0, 99)), ".", Encoding::Utf8)
            .unwrap();
        assert_eq!(d.rope, "Intro.\rMr Ben Wallace\r");
        d.apply_change(range((2, 0), (2, 0)), "End", Encoding::Utf16)
            .unwrap();
        assert_eq!(d.rope, "Intro.\rMr Ben Wallace\rEnd");
    }

    proptest::proptest! {
        /// Random edits at random positions, in a text of every line end:
        /// the server's copy stays equal to the client's model, which
        /// resolves positions as the command line does, with the line index
        /// over its own text.
        #[test]
        fn the_copy_follows_the_client_model(
            start in "[ab😀\r\n]{0,40}",
            edits in proptest::collection::vec(
                ((0u32..6, 0u32..8), (0u32..6, 0u32..8), "[xy安\r\n]{0,3}"),
                1..20,
            ),
            utf8 in proptest::bool::ANY,
        ) {
            let enc = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
            let mut model = start.clone();
            let mut d = OpenDocument::new(&start, 1, "markdown");
            for (a, b, new) in edits {
                let lines = LineIndex::new(&model);
                let to = |p: (u32, u32)| {
                    lines.to_offset(&model, crate::text::LineCol { line: p.0, col: p.1 }, enc)
                };
                let r = d.apply_change(range(a, b), &new, enc);
                match (to(a), to(b)) {
                    (Ok(x), Ok(y)) => {
                        proptest::prop_assert!(r.is_ok());
                        model.replace_range(x.min(y)..x.max(y), &new);
                    }
                    _ => proptest::prop_assert!(r.is_err()),
                }
                proptest::prop_assert_eq!(rope_text(&d.rope), model.clone());
                proptest::prop_assert_eq!(d.rope.len_lines(), LineIndex::new(&model).line_count());
            }
        }
    }
}
