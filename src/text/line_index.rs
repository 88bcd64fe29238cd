//! Byte offsets ↔ line/column positions.
//!
//! The engine works in UTF-8 byte offsets only. Front ends convert at the
//! edge: the CLI reports 1-based columns in Unicode scalar values, the
//! language server 0-based columns in UTF-8 or UTF-16 code units, whichever
//! the client negotiated.

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

/// Start offsets of every line of a text.
///
/// Lines end at `\n`; a `\r` before it belongs to the line terminator and is
/// never counted in a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr_newlines(text.as_bytes()).map(|i| i + 1));
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// Number of lines (a text ending in `\n` has an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where `line` (0-based) starts, if the line exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// Byte range of a line's content, without its terminator.
    pub fn line_range(&self, text: &str, line: usize) -> Option<std::ops::Range<usize>> {
        let start = *self.starts.get(line)?;
        let mut end = self.starts.get(line + 1).map_or(self.len, |&s| s - 1);
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some(start..end)
    }

    /// The 0-based line containing byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.starts.partition_point(|&s| s <= offset) - 1
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
        let start = self.starts[line];
        let prefix = &text[start..offset];
        let col = match enc {
            Encoding::Utf8 => prefix.len(),
            Encoding::Utf16 => prefix.chars().map(char::len_utf16).sum(),
            Encoding::Scalar => prefix.chars().count(),
        };
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
        let line_text = &text[range.clone()];
        let want = pos.col as usize;
        let mut units = 0usize;
        for (i, ch) in line_text.char_indices() {
            if units == want {
                return Ok(range.start + i);
            }
            let w = match enc {
                Encoding::Utf8 => ch.len_utf8(),
                Encoding::Utf16 => ch.len_utf16(),
                Encoding::Scalar => 1,
            };
            if units + w > want {
                return Err(PositionError::InsideCharacter {
                    line: pos.line,
                    col: pos.col,
                });
            }
            units += w;
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

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', bytes)
}

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
}
