//! Reading an honorific before a name (`Mr Abe`, `Mrs. Theresa May`): the
//! one reader that the honorific check and the honorific learner share.

use std::ops::Range;

use super::lexicon::{is_in, COURTESY_TITLES, HONORIFICS, POST_NOMINALS};
use super::words::{is_all_caps, is_capitalised, is_whole_word, words};

/// Honorifics that are contractions (first and last letter of the word) and
/// so take or drop a full stop by house style. Truncations such as `Prof`
/// follow a different convention and are left alone.
pub const CONTRACTED: &[&str] = &["Mr", "Mrs", "Ms", "Mx", "Dr"];

/// Capitalised words that start a sentence far more often than they are a
/// surname: after `Dr.` they mean the full stop ended a sentence.
const SENTENCE_STARTERS: &[&str] = &[
    "A", "An", "And", "As", "At", "But", "By", "For", "From", "He", "Her", "Here", "His", "How",
    "I", "If", "In", "It", "Its", "No", "Not", "Of", "On", "Or", "Our", "She", "So", "That", "The",
    "Their", "Then", "There", "These", "They", "This", "Those", "To", "We", "What", "When",
    "Where", "Which", "While", "Who", "Why", "With", "You",
];

/// An honorific before a name, as read from prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention<'a> {
    /// `Mr`, without any full stop.
    pub title: &'a str,
    pub title_range: Range<usize>,
    /// Whether a full stop follows the title.
    pub full_stop: bool,
    /// The surname: the last word of the capitalised name after the title
    /// (`Mrs Theresa May` → `May`).
    pub surname: &'a str,
    pub surname_range: Range<usize>,
}

/// Reads the honorific at `text[start..end]` (a whole word) and the name
/// after it. `None` unless it is one of [`HONORIFICS`] directly followed,
/// after an optional full stop and one space, by a capitalised name.
pub fn mention_at(text: &str, start: usize, end: usize) -> Option<Mention<'_>> {
    let title = &text[start..end];
    if !HONORIFICS.contains(&title) || !is_whole_word(text, start, end) {
        return None;
    }
    let full_stop = text[end..].starts_with('.');
    if full_stop && !CONTRACTED.contains(&title) {
        // `… the Lord. He` ends a sentence.
        return None;
    }
    let after = end + usize::from(full_stop);
    let sep = [" ", "\u{a0}", "\n"]
        .into_iter()
        .find(|s| text[after..].starts_with(s))?;
    let name_start = after + sep.len();
    let hi = text.len().min(name_start + 80);
    let hi = (hi..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    let mut last: Option<(usize, usize)> = None;
    let mut expect = name_start;
    // Start of the current hyphenated part (`Smith-Jones` is one surname).
    let mut group = name_start;
    for (n, w) in words(&text[name_start..hi], name_start).enumerate() {
        let gap = &text[expect..w.start];
        let joined = w.start == expect || last.is_some() && matches!(gap, " " | "\u{a0}" | "-");
        if n >= 4
            || !joined
            || !is_capitalised(w.text)
            || !w.text.chars().all(char::is_alphabetic)
            || is_in(POST_NOMINALS, w.text)
            || (is_all_caps(w.text) && last.is_some())
        {
            break;
        }
        if n == 0 && full_stop && SENTENCE_STARTERS.contains(&w.text) {
            return None;
        }
        if gap != "-" {
            group = w.start;
        }
        last = Some((group, w.end));
        expect = w.end;
    }
    let (s, e) = last?;
    Some(Mention {
        title,
        title_range: start..end,
        full_stop,
        surname: &text[s..e],
        surname_range: s..e,
    })
}

/// Whether one person might be given both titles by different sources:
/// `Mrs`, `Ms` and `Miss` among themselves, and `Mx` with any.
pub fn interchangeable(a: &str, b: &str) -> bool {
    const FEMALE: &[&str] = &["Mrs", "Ms", "Miss"];
    a != b
        && COURTESY_TITLES.contains(&a)
        && COURTESY_TITLES.contains(&b)
        && (a == "Mx" || b == "Mx" || FEMALE.contains(&a) && FEMALE.contains(&b))
}
