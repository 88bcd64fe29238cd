//! Proper-name context: is a word part of a capitalised name?
//!
//! Proper names keep their own spelling (`Japan Maritime Self-Defense
//! Force`, `US Department of Defense` are right in a house that writes
//! `defence`), so spelling rules skip words inside them. A word is inside a
//! proper name when it is capitalised and joined to another capitalised word
//! by a space or hyphen, possibly across a connector (`of`, `and`, `for`).
//! A lone capitalised word at the start of a sentence is not a name.

use super::lexicon::NAME_CONNECTORS;
use super::words::{is_capitalised, last_word, words};

/// Whether the word at `text[start..end]` is part of a multi-word proper
/// name. `text` is the surrounding prose region.
pub fn in_proper_name(text: &str, start: usize, end: usize) -> bool {
    if !is_capitalised(&text[start..end]) {
        return false;
    }
    // Walk left and right across connectors to a capitalised word (or,
    // rightwards, a number: `Exercise 26`), a few words at most.
    let joined = |gap: &str| matches!(gap, " " | "-" | "\u{a0}" | "–");
    let walk = |dir: isize| -> bool {
        let (mut s, mut e) = (start, end);
        for _ in 0..4 {
            let next = if dir < 0 {
                word_before(text, s)
            } else {
                word_after(text, e)
            };
            let Some((ns, ne)) = next else { return false };
            let gap = if dir < 0 { &text[ne..s] } else { &text[e..ns] };
            if !joined(gap) {
                return false;
            }
            let w = &text[ns..ne];
            if is_capitalised(w) || dir > 0 && w.chars().all(|c| c.is_ascii_digit()) {
                return true;
            }
            if !NAME_CONNECTORS.contains(&w) {
                return false;
            }
            (s, e) = (ns, ne);
        }
        false
    };
    walk(-1) || walk(1)
}

/// The word that ends nearest before `at`, as a byte range.
fn word_before(text: &str, at: usize) -> Option<(usize, usize)> {
    last_word(&text[..at]).map(|w| (w.start, w.end))
}

/// The word that starts nearest after `at`, as a byte range.
fn word_after(text: &str, at: usize) -> Option<(usize, usize)> {
    words(&text[at..], at).next().map(|w| (w.start, w.end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, word: &str) -> bool {
        let s = text.find(word).unwrap();
        in_proper_name(text, s, s + word.len())
    }

    #[test]
    fn names_keep_their_spelling() {
        assert!(check(
            "the Japan Maritime Self-Defense Force said",
            "Defense"
        ));
        assert!(check("at the US Department of Defense today", "Defense"));
        assert!(check("Defense Secretary Lloyd Austin", "Defense"));
    }

    #[test]
    fn ordinary_prose_is_not_a_name() {
        assert!(!check("Defense spending rose.", "Defense"));
        assert!(!check("cooperation on defense and security", "defense"));
        assert!(!check("It said. Defense is costly", "Defense"));
    }
}
