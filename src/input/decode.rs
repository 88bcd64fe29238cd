//! Bytes to text: the one decoder, and so the one wording of its errors.
//!
//! Drafts, corpus documents and rule files must be UTF-8. A UTF-8
//! byte-order mark is kept in the text: positions count it, and
//! [`Document`](crate::text::Document) and
//! [`LineIndex`](crate::text::LineIndex) step over it. A UTF-16
//! byte-order mark, or a NUL byte anywhere, means the file is not UTF-8
//! text; an invalid sequence is reported by byte offset, line and column, so
//! that the user can find it in an editor.

use super::InputError;

/// Checks that `bytes` are UTF-8 text (no UTF-16 byte-order mark, no NUL
/// byte) and returns them as a string. `shown` names the file in the error.
pub fn decode(shown: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(InputError::new(
            shown,
            "UTF-16 text (it starts with a UTF-16 byte-order mark), not UTF-8, skipped",
        ));
    }
    if bytes.contains(&0) {
        return Err(InputError::new(shown, "binary file, skipped"));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = &e.as_bytes()[..at];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        // Valid up to `at`, so this slice is valid UTF-8.
        let column = std::str::from_utf8(&valid[line_start..]).map_or(0, |s| s.chars().count()) + 1;
        InputError {
            path: shown.to_string(),
            line: Some(line),
            column: Some(column),
            message: format!("invalid UTF-8 at byte {at}, skipped"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_the_byte_line_and_column() {
        let mut bytes = "first\nsé \u{1F600}x".as_bytes().to_vec();
        bytes.push(0xff);
        let e = decode("a.md", bytes).unwrap_err();
        assert_eq!(e.to_string(), "a.md:2:6: invalid UTF-8 at byte 15, skipped");
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let e = decode("a.txt", b"PK\x03\x04\x00\x00".to_vec()).unwrap_err();
        assert_eq!(e.to_string(), "a.txt: binary file, skipped");
    }

    #[test]
    fn a_utf8_byte_order_mark_is_kept_and_utf16_is_named() {
        assert_eq!(
            decode("a.md", b"\xef\xbb\xbfMr. Abe".to_vec()).unwrap(),
            "\u{feff}Mr. Abe"
        );
        for bom in [&b"\xff\xfeM\x00r\x00"[..], &b"\xfe\xff\x00M\x00r"[..]] {
            let e = decode("a.md", bom.to_vec()).unwrap_err().to_string();
            assert!(e.starts_with("a.md: UTF-16 text"), "{e}");
        }
    }

    #[test]
    fn empty_is_text() {
        assert_eq!(decode("a.md", Vec::new()).unwrap(), "");
    }
}
