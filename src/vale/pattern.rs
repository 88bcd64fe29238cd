//! Vale's regular expressions: Go's RE2 syntax plus the lookaround Vale
//! allows. A pattern that needs no lookaround is compiled with `regex`.

use std::ops::Range;

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    re: regex::Regex,
}

impl Pattern {
    pub fn new(source: &str) -> Result<Pattern, String> {
        regex::Regex::new(source)
            .map(|re| Pattern { re })
            .map_err(|e| e.to_string())
    }

    /// Every non-overlapping match in `text`.
    pub fn find_iter(&self, text: &str) -> Vec<Range<usize>> {
        self.re.find_iter(text).map(|m| m.range()).collect()
    }
}
