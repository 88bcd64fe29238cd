//! Open documents: a rope per document, edited in place, with its version
//! and the last lint result computed for it.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::Uri;

use crate::diagnostic::Diagnostic;
use crate::text::{Format, LineIndex};

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
}
