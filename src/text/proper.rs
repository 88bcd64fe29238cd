//! Proper-name context: is a word part of a capitalised name?
//!
//! Proper names keep their own spelling (`Japan Maritime Self-Defense
//! Force`, `US Department of Defense` are right in a house that writes
//! `defence`), so spelling rules skip words inside them. A word is inside a
//! proper name when it is capitalised and joined to another capitalised word
//! by a space or hyphen, possibly across a connector (`of`, `and`, `for`).
//! A lone capitalised word at the start of a sentence is not a name.

use super::lexicon::NAME_CONNECTORS;
use super::words::{is_capitalised, words, Word};

/// Whether the word at `text[start..end]` is part of a multi-word proper
/// name. `text` is the surrounding prose region.
pub fn in_proper_name(text: &str, start: usize, end: usize) -> bool {
    if !is_capitalised(&text[start..end]) {
        return false;
    }
    // Look at up to three words either side, within the same line.
    let lo = floor_boundary(text, start.saturating_sub(60));
    let hi = ceil_boundary(text, (end + 60).min(text.len()));
    let ws: Vec<Word<'_>> = words(&text[lo..hi], lo).collect();
    let Some(i) = ws.iter().position(|w| w.start == start) else {
        return false;
    };
    let joined = |a: &Word<'_>, b: &Word<'_>| {
        let gap = &text[a.end..b.start];
        gap == " " || gap == "-" || gap == "\u{a0}" || gap == "–"
    };
    // Walk left and right across capitalised words and connectors.
    let neighbour_caps = |dir: isize| -> bool {
        let mut j = i as isize;
        loop {
            let k = j + dir;
            if k < 0 || k as usize >= ws.len() {
                return false;
            }
            let (a, b) = if dir < 0 {
                (&ws[k as usize], &ws[j as usize])
            } else {
                (&ws[j as usize], &ws[k as usize])
            };
            if !joined(a, b) {
                return false;
            }
            let w = ws[k as usize].text;
            if is_capitalised(w) || w.chars().all(|c| c.is_ascii_digit()) && dir > 0 {
                return true;
            }
            if !NAME_CONNECTORS.contains(&w) {
                return false;
            }
            j = k;
        }
    };
    neighbour_caps(-1) || neighbour_caps(1)
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
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
