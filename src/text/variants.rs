//! British and American spellings of the same word: general knowledge of
//! English, shared by the spelling learner and the checks.
//!
//! (Being filled from SCOWL-derived data; until then it knows no pair.)

use crate::text::spell::Dialect;

/// If `word` (any case) is one side of a British/American pair, the
/// dialect it belongs to and the other dialect's spelling, in `word`'s
/// case.
pub fn counterpart(word: &str) -> Option<(Dialect, String)> {
    let _ = word;
    None
}
