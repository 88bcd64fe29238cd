//! Quotations in prose: where a speaker's own words stand.
//!
//! Straight (`"…"`) and curly (`“…”`) double quotes. A quotation left open
//! at the end of a text runs to its end: a quotation that spans paragraphs
//! opens each new paragraph with a quote mark and closes only the last, so
//! read paragraph by paragraph every part of it is inside.

use std::ops::Range;

/// The byte ranges of `text` inside double quotation marks, the marks
/// included, in order.
pub fn quoted_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (c, open) {
            ('“', None) | ('"', None) => open = Some(i),
            // A new opening mark before a close (a stray mark): one span.
            ('“', Some(_)) => {}
            ('”', Some(s)) | ('"', Some(s)) => {
                out.push(s..i + c.len_utf8());
                open = None;
            }
            _ => {}
        }
        if c == '\n' && text[i + 1..].starts_with('\n') {
            // A blank line ends a paragraph: an open quotation ends with it
            // (the next paragraph reopens it with its own mark).
            if let Some(s) = open.take() {
                out.push(s..i);
            }
        }
    }
    if let Some(s) = open {
        out.push(s..text.len());
    }
    out
}

/// Whether `range` lies inside one of `spans` (sorted, as
/// [`quoted_spans`] returns them).
pub fn inside(spans: &[Range<usize>], range: &Range<usize>) -> bool {
    let i = spans.partition_point(|s| s.end < range.end);
    spans
        .get(i)
        .is_some_and(|s| s.start <= range.start && range.end <= s.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        quoted_spans(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn straight_and_curly_quotes() {
        assert_eq!(
            quoted("He said \"our harbour\" and “the programme” today."),
            ["\"our harbour\"", "“the programme”"]
        );
        assert!(quoted("No quotes, it's fine.").is_empty());
    }

    #[test]
    fn a_quotation_across_lines_and_paragraphs() {
        let text = "“The level of co-ordination\nbetween the harbor.\n\n“And the next part,” she said. Then colour.";
        assert_eq!(
            quoted(text),
            [
                "“The level of co-ordination\nbetween the harbor.",
                "“And the next part,”"
            ]
        );
        let spans = quoted_spans(text);
        let at = |w: &str| {
            let s = text.find(w).unwrap();
            s..s + w.len()
        };
        assert!(inside(&spans, &at("harbor")));
        assert!(inside(&spans, &at("co-ordination")));
        assert!(!inside(&spans, &at("colour")));
    }

    #[test]
    fn an_open_quotation_runs_to_the_end() {
        assert_eq!(quoted("She said: “We will go on"), ["“We will go on"]);
    }
}
