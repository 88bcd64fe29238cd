//! Open documents: a rope per document, edited in place, with its version
//! and the last lint result computed for it.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as the Language Server
//! Protocol says and as [`LineIndex`] counts them: ropey is built with its
//! `cr_lines` feature (and without `unicode_lines`, so U+2028 ends no line).
//! A client's position is turned into a char index in O(log n) with the
//! rope's own indexes, never by walking the line from its start.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use crate::diagnostic::Diagnostic;
use crate::text::{Encoding, Format, LineIndex, PositionError};

/// The char index in `rope` of an LSP position.
///
/// As the specification says (and as [`LineIndex::to_offset`] does), a line
/// past the end means the end of the text and a column past the end of its
/// line means the end of that line (before its line end). A column inside a
/// character (between the halves of a surrogate pair, or inside a UTF-8
/// sequence) is an error, so an edit is never applied where it was not meant.
pub fn rope_char(rope: &Rope, pos: lsp::Position, enc: Encoding) -> Result<usize, PositionError> {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return Ok(rope.len_chars());
    }
    let start = rope.line_to_char(line);
    let mut end = if line + 1 < rope.len_lines() {
        rope.line_to_char(line + 1)
    } else {
        rope.len_chars()
    };
    // Drop the line end: `\n`, `\r\n` or `\r`.
    if end > start && rope.char(end - 1) == '\n' {
        end -= 1;
    }
    if end > start && rope.char(end - 1) == '\r' {
        end -= 1;
    }
    let col = pos.character as usize;
    let inside = PositionError::InsideCharacter {
        line: pos.line,
        col: pos.character,
    };
    match enc {
        Encoding::Scalar => Ok(start.saturating_add(col).min(end)),
        Encoding::Utf8 => {
            let want = rope.char_to_byte(start).saturating_add(col);
            if want >= rope.char_to_byte(end) {
                return Ok(end);
            }
            let c = rope.byte_to_char(want);
            if rope.char_to_byte(c) == want {
                Ok(c)
            } else {
                Err(inside)
            }
        }
        Encoding::Utf16 => {
            let want = rope.char_to_utf16_cu(start).saturating_add(col);
            if want >= rope.char_to_utf16_cu(end) {
                return Ok(end);
            }
            let c = rope.utf16_cu_to_char(want);
            if rope.char_to_utf16_cu(c) == want {
                Ok(c)
            } else {
                Err(inside)
            }
        }
    }
}

/// The char range in `rope` of an LSP range. A range whose end comes before
/// its start is taken in the order given by its ends.
pub fn rope_chars(
    rope: &Rope,
    range: lsp::Range,
    enc: Encoding,
) -> Result<Range<usize>, PositionError> {
    let a = rope_char(rope, range.start, enc)?;
    let b = rope_char(rope, range.end, enc)?;
    Ok(a.min(b)..a.max(b))
}

/// The result of linting one version of a document: the text it was
/// computed on (for converting offsets), and what the engine found.
#[derive(Debug)]
pub struct Linted {
    pub version: i32,
    /// Which rule pack it was computed with (see [`super::config::Config`]).
    pub generation: u64,
    pub text: Arc<String>,
    pub lines: LineIndex,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug)]
pub struct OpenDocument {
    /// The text, edited in place; positions are converted against it.
    pub rope: Rope,
    /// The same text as one string, for the engine (which reads `&str`).
    /// Kept in step with the rope edit by edit: a byte-range replacement is
    /// a `memmove`, much cheaper than collecting a 1 MB rope per lint, and
    /// the `Arc` lets a lint run on it while the next edit copies on write.
    pub text: Arc<String>,
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
}

impl OpenDocument {
    pub fn new(text: &str, version: i32, language_id: &str) -> OpenDocument {
        OpenDocument {
            rope: Rope::from_str(text),
            text: Arc::new(text.to_string()),
            edits: Vec::new(),
            reset: true,
            version,
            format: Format::from_language_id(language_id),
            language_id: language_id.to_string(),
            linted: None,
        }
    }

    /// Replaces the chars in `range` (the whole text when `None`) with `text`.
    pub fn replace(&mut self, range: Option<Range<usize>>, text: &str) {
        match range {
            None => {
                self.rope = Rope::from_str(text);
                self.text = Arc::new(text.to_string());
                self.edits.clear();
                self.reset = true;
            }
            Some(r) => {
                let end = r.end.min(self.rope.len_chars());
                let start = r.start.min(end);
                let (a, b) = (self.rope.char_to_byte(start), self.rope.char_to_byte(end));
                self.rope.remove(start..end);
                self.rope.insert(start, text);
                Arc::make_mut(&mut self.text).replace_range(a..b, text);
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
        let chars = range.map(|r| rope_chars(&self.rope, r, enc)).transpose()?;
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
            .filter(|l| l.version == self.version && l.generation == generation)
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

    #[test]
    fn replaces_in_place_and_clamps() {
        let mut d = OpenDocument::new("a😀b", 1, "markdown");
        assert_eq!(d.take_edits(), (vec![], true));
        d.replace(Some(1..2), "安倍");
        assert_eq!(d.rope.to_string(), "a安倍b");
        d.replace(Some(3..99), "!");
        assert_eq!(d.rope.to_string(), "a安倍!");
        assert_eq!(*d.text, "a安倍!");
        assert_eq!(d.take_edits(), (vec![(1..5, 6), (7..8, 1)], false));
        d.replace(None, "new");
        assert_eq!(d.rope.to_string(), "new");
        assert_eq!(*d.text, "new");
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
        assert_eq!(*d.text, "Intro\rMr Ben wallace\r");
        d.apply_change(range((1, 7), (1, 8)), "W", Encoding::Utf16)
            .unwrap();
        assert_eq!(*d.text, "Intro\rMr Ben Wallace\r");
        // Past the end of a CR-ended line: before its CR.
        d.apply_change(range((0, 99), (0, 99)), ".", Encoding::Utf8)
            .unwrap();
        assert_eq!(*d.text, "Intro.\rMr Ben Wallace\r");
        d.apply_change(range((2, 0), (2, 0)), "End", Encoding::Utf16)
            .unwrap();
        assert_eq!(*d.text, "Intro.\rMr Ben Wallace\rEnd");
        assert_eq!(d.rope.to_string(), *d.text);
    }

    #[test]
    fn positions_in_every_encoding_and_split_characters() {
        let rope = Rope::from_str("a😀b\r安倍 May\r\nx\u{2028}y\n");
        let at = |l, c, enc| rope_char(&rope, pos(l, c), enc);
        assert_eq!(at(0, 3, Encoding::Utf16), Ok(2));
        assert_eq!(at(0, 5, Encoding::Utf8), Ok(2));
        assert_eq!(at(0, 2, Encoding::Scalar), Ok(2));
        assert!(at(0, 2, Encoding::Utf16).is_err());
        assert!(at(0, 3, Encoding::Utf8).is_err());
        assert_eq!(at(0, 99, Encoding::Utf16), Ok(3));
        assert_eq!(at(1, 1, Encoding::Utf16), Ok(5));
        assert_eq!(at(1, 99, Encoding::Utf8), Ok(10));
        // U+2028 ends no line: `x\u{2028}y` is line 2.
        assert_eq!(at(2, 2, Encoding::Utf16), Ok(14));
        assert_eq!(at(3, 0, Encoding::Utf16), Ok(rope.len_chars()));
        assert_eq!(at(9, 0, Encoding::Utf16), Ok(rope.len_chars()));
    }

    proptest::proptest! {
        /// Random edits at random positions, in a text of every line end:
        /// the server's copy stays equal to the client's model, which
        /// resolves positions with the line index over its own text.
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
                proptest::prop_assert_eq!(&*d.text, &model);
                proptest::prop_assert_eq!(d.rope.to_string(), model.clone());
                proptest::prop_assert_eq!(d.rope.len_lines(), LineIndex::new(&model).line_count());
            }
        }
    }
}
