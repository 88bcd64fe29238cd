//! Byte offsets ↔ line/column positions.
//!
//! The engine works in UTF-8 byte offsets only. Front ends convert at the
//! edge: the CLI reports 1-based columns in Unicode scalar values, the
//! language server 0-based columns in UTF-8 or UTF-16 code units, whichever
//! the client negotiated.
//!
//! Every conversion goes through one [`LineIndex`], built once per text in
//! linear time. A lookup costs a binary search and a scan of at most
//! [`STEP`] bytes, however long the line: a Markdown paragraph is one line,
//! and a draft of one 10 MB line with thousands of findings must not count
//! characters from the line's start for each of them.

/// What a column counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 bytes.
    Utf8,
    /// UTF-16 code units (the LSP default).
    Utf16,
    /// Unicode scalar values (`char`s); used by the CLI and JSON output.
    Scalar,
}

/// A 0-based line and column in some [`Encoding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Bytes between two [`Mark`]s (at least; a mark is moved forward to the
/// next character boundary). The bound on the scan of every lookup.
const STEP: usize = 256;

/// Counts of UTF-16 code units and scalar values in the text before `byte`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    byte: usize,
    utf16: usize,
    scalar: usize,
}

impl Mark {
    fn units(&self, enc: Encoding) -> usize {
        match enc {
            Encoding::Utf8 => self.byte,
            Encoding::Utf16 => self.utf16,
            Encoding::Scalar => self.scalar,
        }
    }
}

/// Start offsets of every line of a text, and running character counts.
///
/// Lines end at `\n`, `\r\n` or a lone `\r`, the three line ends of the
/// Language Server Protocol (and of CommonMark); nothing else, not even
/// U+2028, ends a line. A terminator is never counted in a column.
///
/// A byte-order mark is text here like any other character: a language
/// client that sends one counts it in its positions (VS Code and Neovim
/// strip it before sending). The CLI, which reads files from disk, counts
/// its columns after it (see [`LineIndex::bom_len`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
    /// One mark every [`STEP`] bytes, the first at 0; empty when the text is
    /// ASCII, where every encoding counts bytes.
    marks: Vec<Mark>,
    bom: usize,
}

/// Scalar values and UTF-16 code units in `bytes` (whole characters).
fn count(bytes: &[u8]) -> (usize, usize) {
    // A scalar value starts at every byte that is not a continuation byte;
    // a 4-byte sequence (its lead byte >= 0xF0) is two UTF-16 code units.
    let scalars = bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
    let astral = bytes.iter().filter(|&&b| b >= 0xF0).count();
    (scalars, scalars + astral)
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // `\r\n` is one line end: its line starts after the `\n`.
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                continue;
            }
            starts.push(i + 1);
        }
        let mut marks = Vec::new();
        if !text.is_ascii() {
            marks.reserve(text.len() / STEP + 1);
            let mut m = Mark {
                byte: 0,
                utf16: 0,
                scalar: 0,
            };
            marks.push(m);
            while m.byte + STEP < text.len() {
                let mut next = m.byte + STEP;
                while !text.is_char_boundary(next) {
                    next += 1;
                }
                let (scalars, utf16) = count(&bytes[m.byte..next]);
                m = Mark {
                    byte: next,
                    utf16: m.utf16 + utf16,
                    scalar: m.scalar + scalars,
                };
                marks.push(m);
            }
        }
        LineIndex {
            starts,
            len: text.len(),
            marks,
            bom: if text.starts_with('\u{feff}') { 3 } else { 0 },
        }
    }

    /// Number of lines (a text ending in a line end has an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The length in bytes of the byte-order mark the text starts with: 3,
    /// or 0 when it has none.
    pub fn bom_len(&self) -> usize {
        self.bom
    }

    /// Byte offset where `line` (0-based) starts, if the line exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// Byte range of a line's content, without its terminator.
    pub fn line_range(&self, text: &str, line: usize) -> Option<std::ops::Range<usize>> {
        let start = *self.starts.get(line)?;
        let bytes = text.as_bytes();
        let end = match self.starts.get(line + 1) {
            None => self.len,
            Some(&next) => {
                // The line end is `\n`, `\r\n` or `\r`, just before `next`.
                let mut end = next - 1;
                if bytes.get(end) == Some(&b'\n') && end > start && bytes[end - 1] == b'\r' {
                    end -= 1;
                }
                end
            }
        };
        Some(start..end)
    }

    /// The 0-based line containing byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Units of `enc` in `text[..offset]` (`offset` on a boundary).
    fn units_before(&self, text: &str, offset: usize, enc: Encoding) -> usize {
        if enc == Encoding::Utf8 || self.marks.is_empty() {
            return offset;
        }
        let m = self.marks[self.marks.partition_point(|m| m.byte <= offset) - 1];
        let (scalars, utf16) = count(&text.as_bytes()[m.byte..offset]);
        match enc {
            Encoding::Utf16 => m.utf16 + utf16,
            _ => m.scalar + scalars,
        }
    }

    /// Converts a byte offset to a line and column in `enc`.
    ///
    /// An offset inside a multi-byte character is rounded down to the start
    /// of that character; an offset past the end is clamped.
    pub fn to_line_col(&self, text: &str, offset: usize, enc: Encoding) -> LineCol {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line].min(offset);
        let col = self.units_before(text, offset, enc) - self.units_before(text, start, enc);
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// Converts a line and column in `enc` to a byte offset.
    ///
    /// Following the LSP specification, a column past the end of its line
    /// means the end of the line, and a line past the end of the text means
    /// the end of the text. A column that falls inside a character (the middle
    /// of a UTF-8 sequence or between the halves of a UTF-16 surrogate pair)
    /// is an error, so that a client's edit is never applied at a place it
    /// did not mean.
    pub fn to_offset(
        &self,
        text: &str,
        pos: LineCol,
        enc: Encoding,
    ) -> Result<usize, PositionError> {
        let line = pos.line as usize;
        let Some(range) = self.line_range(text, line) else {
            return Ok(text.len());
        };
        let inside = PositionError::InsideCharacter {
            line: pos.line,
            col: pos.col,
        };
        let want_col = pos.col as usize;
        if enc == Encoding::Utf8 || self.marks.is_empty() {
            let at = range.start.saturating_add(want_col);
            if at >= range.end {
                return Ok(range.end);
            }
            return if text.is_char_boundary(at) {
                Ok(at)
            } else {
                Err(inside)
            };
        }
        // The units wanted, counted from the start of the text; then the
        // last mark at or before them, and a short scan from there.
        let base = self.units_before(text, range.start, enc);
        let want = base.saturating_add(want_col);
        let m = self.marks[self.marks.partition_point(|m| m.units(enc) <= want) - 1];
        let (mut at, mut units) = if m.byte > range.start {
            (m.byte, m.units(enc))
        } else {
            (range.start, base)
        };
        if at >= range.end {
            return Ok(range.end);
        }
        for ch in text[at..range.end].chars() {
            if units == want {
                return Ok(at);
            }
            let w = match enc {
                Encoding::Utf16 => ch.len_utf16(),
                _ => 1,
            };
            if units + w > want {
                return Err(inside);
            }
            units += w;
            at += ch.len_utf8();
        }
        Ok(range.end)
    }
}

/// A position that names no place between two characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PositionError {
    InsideCharacter { line: u32, col: u32 },
}

impl std::fmt::Display for PositionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PositionError::InsideCharacter { line, col } => write!(
                f,
                "position {line}:{col} falls inside a character (split UTF-8 sequence or surrogate pair)"
            ),
        }
    }
}

impl std::error::Error for PositionError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_in_each_encoding() {
        let text = "a😀b\n安倍晋三 May\r\nx";
        let idx = LineIndex::new(text);
        let b = text.find('b').unwrap();
        assert_eq!(
            idx.to_line_col(text, b, Encoding::Utf8),
            LineCol { line: 0, col: 5 }
        );
        assert_eq!(
            idx.to_line_col(text, b, Encoding::Utf16),
            LineCol { line: 0, col: 3 }
        );
        assert_eq!(
            idx.to_line_col(text, b, Encoding::Scalar),
            LineCol { line: 0, col: 2 }
        );
        let may = text.find("May").unwrap();
        assert_eq!(
            idx.to_line_col(text, may, Encoding::Utf16),
            LineCol { line: 1, col: 5 }
        );
        assert_eq!(
            idx.to_line_col(text, may, Encoding::Utf8),
            LineCol { line: 1, col: 13 }
        );
    }

    #[test]
    fn offsets_round_trip_and_clamp() {
        let text = "a😀b\n安倍晋三 May\r\nx";
        let idx = LineIndex::new(text);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Scalar] {
            for (off, _) in text
                .char_indices()
                .filter(|&(i, _)| text.as_bytes()[i] != b'\n' && text.as_bytes()[i] != b'\r')
            {
                let lc = idx.to_line_col(text, off, enc);
                assert_eq!(idx.to_offset(text, lc, enc), Ok(off), "{enc:?} {off}");
            }
        }
        // Past the end of a line: end of that line, before "\r\n".
        let end1 = idx
            .to_offset(text, LineCol { line: 1, col: 99 }, Encoding::Utf16)
            .unwrap();
        assert_eq!(&text[end1..end1 + 2], "\r\n");
        // Past the last line: end of text.
        assert_eq!(
            idx.to_offset(text, LineCol { line: 9, col: 0 }, Encoding::Utf16),
            Ok(text.len())
        );
    }

    #[test]
    fn splitting_a_surrogate_pair_is_an_error() {
        let text = "a😀b";
        let idx = LineIndex::new(text);
        assert!(idx
            .to_offset(text, LineCol { line: 0, col: 2 }, Encoding::Utf16)
            .is_err());
        assert_eq!(
            idx.to_offset(text, LineCol { line: 0, col: 3 }, Encoding::Utf16),
            Ok(5)
        );
    }

    /// The obvious conversions, counting from each line's start: what the
    /// index must agree with everywhere.
    fn naive_starts(text: &str) -> Vec<usize> {
        let b = text.as_bytes();
        let mut starts = vec![0];
        for (i, &c) in b.iter().enumerate() {
            if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        starts
    }

    fn naive_line_col(text: &str, offset: usize, enc: Encoding) -> LineCol {
        let starts = naive_starts(text);
        let line = starts.iter().rposition(|&s| s <= offset).unwrap();
        let prefix = &text[starts[line]..offset];
        let col = match enc {
            Encoding::Utf8 => prefix.len(),
            Encoding::Utf16 => prefix.encode_utf16().count(),
            Encoding::Scalar => prefix.chars().count(),
        };
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    #[test]
    fn lone_cr_and_crlf_end_lines_as_in_lsp() {
        let text = "Intro\rBen wallace\r";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 3);
        assert_eq!(idx.line_range(text, 1), Some(6..17));
        assert_eq!(idx.line_range(text, 2), Some(18..18));
        let ben = text.find("Ben").unwrap();
        assert_eq!(
            idx.to_line_col(text, ben + 4, Encoding::Scalar),
            LineCol { line: 1, col: 4 }
        );
        assert_eq!(
            idx.to_offset(text, LineCol { line: 1, col: 0 }, Encoding::Utf16),
            Ok(ben)
        );
        // Past the end of a line ended by a lone CR: before the CR.
        assert_eq!(
            idx.to_offset(text, LineCol { line: 0, col: 99 }, Encoding::Utf16),
            Ok(5)
        );
        // Mixed ends, and a CR right before a CRLF: "a", "", "b", "c", "".
        let text = "a\r\r\nb\nc\r";
        let idx = LineIndex::new(text);
        let lines: Vec<&str> = (0..idx.line_count())
            .map(|l| &text[idx.line_range(text, l).unwrap()])
            .collect();
        assert_eq!(lines, ["a", "", "b", "c", ""]);
        // U+2028 and form feeds end no line.
        let text = "a\u{2028}b\u{c}c\u{85}d";
        assert_eq!(LineIndex::new(text).line_count(), 1);
    }

    #[test]
    fn a_bom_is_a_character_and_its_length_is_known() {
        let text = "\u{feff}Mr. Abe";
        let idx = LineIndex::new(text);
        assert_eq!(idx.bom_len(), 3);
        assert_eq!(
            idx.to_line_col(text, 3, Encoding::Utf16),
            LineCol { line: 0, col: 1 }
        );
        assert_eq!(LineIndex::new("Mr. Abe").bom_len(), 0);
        assert_eq!(LineIndex::new("a\u{feff}").bom_len(), 0);
    }

    #[test]
    fn columns_on_a_long_line_are_exact_at_every_mark() {
        // Lines of several marks, with astral and CJK characters straddling
        // the mark boundaries, compared with counting from the line start.
        let unit = "ab😀安x\u{301}";
        let text = format!(
            "{}\r{}\n{}",
            unit.repeat(300),
            "z".repeat(700),
            unit.repeat(77)
        );
        let idx = LineIndex::new(&text);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Scalar] {
            for (off, _) in text.char_indices() {
                let lc = idx.to_line_col(&text, off, enc);
                assert_eq!(lc, naive_line_col(&text, off, enc), "{enc:?} {off}");
                if !matches!(text.as_bytes()[off], b'\r' | b'\n') {
                    assert_eq!(idx.to_offset(&text, lc, enc), Ok(off), "{enc:?} {off}");
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_counting_from_the_line_start(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("\r".to_string()),
                    proptest::strategy::Just("\n".to_string()),
                    proptest::strategy::Just("\r\n".to_string()),
                    proptest::strategy::Just("\u{feff}".to_string()),
                    "[a-z😀安é]{0,300}",
                ],
                0..12,
            ),
            col in 0u32..400,
        ) {
            let text: String = parts.concat();
            let idx = LineIndex::new(&text);
            let starts = naive_starts(&text);
            proptest::prop_assert_eq!(idx.line_count(), starts.len());
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Scalar] {
                for (off, _) in text.char_indices().chain([(text.len(), ' ')]) {
                    proptest::prop_assert_eq!(
                        idx.to_line_col(&text, off, enc),
                        naive_line_col(&text, off, enc)
                    );
                }
                for line in 0..starts.len() as u32 + 1 {
                    let pos = LineCol { line, col };
                    if let Ok(off) = idx.to_offset(&text, pos, enc) {
                        let back = naive_line_col(&text, off, enc);
                        // Either exactly there, or clamped to the line's end.
                        let range = idx.line_range(&text, line as usize);
                        match range {
                            Some(r) if off < r.end => proptest::prop_assert_eq!(back, pos),
                            Some(r) => proptest::prop_assert_eq!(off, r.end),
                            None => proptest::prop_assert_eq!(off, text.len()),
                        }
                    }
                }
            }
        }
    }
}
