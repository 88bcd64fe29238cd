//! Reading an honorific before a name (`Mr Abe`, `Mrs. Theresa May`): the
//! one reader that the honorific check and the honorific learner share.

use std::ops::Range;

use super::lexicon::{is_in, rank_of, COURTESY_TITLES, HONORIFICS, POST_NOMINALS, RANKS};
use super::words::{is_all_caps, is_capitalised, is_whole_word, last_word, words};

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
    let (s, e) = read_name(text, name_start, full_stop)?;
    Some(Mention {
        title,
        title_range: start..end,
        full_stop,
        surname: &text[s..e],
        surname_range: s..e,
    })
}

/// The surname of the capitalised name starting at `name_start`: the last
/// word of up to four capitalised words (`Theresa May` → `May`), a
/// hyphenated part kept whole. `None` when no name starts there, or when a
/// full stop before it ended a sentence (`Dr. The`).
fn read_name(text: &str, name_start: usize, full_stop: bool) -> Option<(usize, usize)> {
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
        // A middle initial (`Thomas J. Harrington`) is part of the name.
        let after_initial = gap == ". " && text[group..expect].chars().count() == 1;
        let joined = w.start == expect
            || last.is_some() && (matches!(gap, " " | "\u{a0}" | "-") || after_initial);
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
    last
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

/// A rank or abbreviated title before a name, as read from prose:
/// `Capt. Alvarez`, each of `Lt Cdr Kowalczyk`, `Admiral` in
/// `Rear Admiral Renee Alvarez`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankMention<'a> {
    /// The rank, spelled out (`Commander` for `Cdr`).
    pub rank: &'static str,
    /// The word as written, without any full stop (`Cdr`).
    pub word: &'a str,
    /// Whether a full stop follows the word.
    pub full_stop: bool,
    /// Whether the word is the rank spelled out (`Admiral`).
    pub spelled_out: bool,
    /// The word and its full stop, if any.
    pub range: Range<usize>,
    /// The last word of the name that follows (`Alvarez`).
    pub surname: &'a str,
    /// Whether another rank word stands directly before it (`Rear` in
    /// `Rear Admiral`, `Lt.` in `Lt. Cmdr.`).
    pub after_rank: bool,
}

impl RankMention<'_> {
    /// The form as written: `Capt.`, `Cdr`, `Admiral`.
    pub fn form(&self) -> String {
        if self.full_stop {
            format!("{}.", self.word)
        } else {
            self.word.to_string()
        }
    }
}

/// Reads the rank at `text[start..end]` (a whole word) and the name it
/// stands before, possibly after other ranks (`Lt. Cmdr. Brianna Kowalczyk`
/// gives `Lt` and `Cmdr` each this name). `None` unless the word is one of
/// [`RANK_FORMS`] directly followed, after an optional full stop and one
/// space, by a capitalised name or another rank. A word without a full stop
/// that follows a capitalised word other than a rank is part of something
/// else (`Secretary General Jens`, `Amartya Sen Foundation`) and is not read.
pub fn rank_at(text: &str, start: usize, end: usize) -> Option<RankMention<'_>> {
    rank_chain(text, start, end, 0)
}

fn rank_chain(text: &str, start: usize, end: usize, depth: usize) -> Option<RankMention<'_>> {
    let word = &text[start..end];
    let (rank, spelled_out) = rank_of(word)?;
    if depth > 3 || !is_whole_word(text, start, end) {
        return None;
    }
    let full_stop = text[end..].starts_with('.');
    let before = word_before(text, start);
    if (spelled_out || !full_stop) && before == Before::OtherCapital {
        return None;
    }
    let after = end + usize::from(full_stop);
    let sep = [" ", "\u{a0}", "\n"]
        .into_iter()
        .find(|s| text[after..].starts_with(s))?;
    let next_start = after + sep.len();
    let next = words(&text[next_start..], next_start).next()?;
    let surname = if next.start != next_start {
        return None;
    } else if rank_of(next.text).is_some() {
        rank_chain(text, next.start, next.end, depth + 1)?.surname
    } else {
        if next.text.chars().count() < 2 {
            // `Gen Z`, `Col. A` in a list.
            return None;
        }
        let (s, e) = read_name(text, next_start, full_stop)?;
        &text[s..e]
    };
    Some(RankMention {
        rank,
        word,
        full_stop,
        spelled_out,
        range: start..after,
        surname,
        after_rank: before == Before::Rank,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Before {
    /// A rank or a rank's modifier (`Rear`, `Vice`, `Lt.`).
    Rank,
    /// Another capitalised word in the same sentence (`Secretary`).
    OtherCapital,
    /// Anything else: a lower-case word, a sentence end, nothing.
    Other,
}

/// What stands before `start`, across blanks and one line break.
fn word_before(text: &str, start: usize) -> Before {
    let before = text[..start].trim_end_matches([' ', '\u{a0}', '\n', '\r']);
    if before.len() == start {
        // Nothing between (`then-Capt.`, the start of the text).
        return Before::Other;
    }
    let (before, dotted) = match before.strip_suffix('.') {
        Some(b) => (b, true),
        None => (before, false),
    };
    let Some(prev) = last_word(before) else {
        return Before::Other;
    };
    if prev.end != before.len() || !is_capitalised(prev.text) {
        return Before::Other;
    }
    if rank_of(prev.text).is_some() || is_in(RANKS, prev.text) {
        Before::Rank
    } else if dotted {
        // After a full stop that is not a rank's own, a sentence starts.
        Before::Other
    } else {
        Before::OtherCapital
    }
}

/// A person's name as its first name and the rest (`Karim bin Rashid` →
/// `Karim`, `bin Rashid`): the rest is what a later reference keeps after
/// an honorific. `None` for a one-word name.
pub fn split_person(name: &str) -> Option<(&str, &str)> {
    let (first, rest) = name.split_once(' ')?;
    // `Kathleen O` is a name cut short, not a person to refer to.
    let last = rest.rsplit(' ').next().unwrap_or(rest);
    (is_capitalised(first) && first.chars().all(char::is_alphabetic) && last.chars().count() >= 2)
        .then_some((first, rest))
}

/// The honorific directly before `at` (across one blank or line break),
/// with its full stop if it has one: `Ms.` in `Ms. Whitcombe`. Its range
/// covers the word and the full stop.
pub fn honorific_before(text: &str, at: usize) -> Option<(&str, Range<usize>)> {
    let before = &text[..at];
    let before = [" ", "\u{a0}", "\n"]
        .into_iter()
        .find_map(|s| before.strip_suffix(s))?;
    let (word_end, end) = match before.strip_suffix('.') {
        Some(b) => (b.len(), before.len()),
        None => (before.len(), before.len()),
    };
    let prev = last_word(&text[..word_end])?;
    (prev.end == word_end
        && HONORIFICS.contains(&prev.text)
        && is_whole_word(text, prev.start, prev.end))
    .then(|| (&text[prev.start..end], prev.start..end))
}

/// Whether `at` is inside a quotation in `text` (a paragraph): after an
/// opening curly quote not yet closed, or after an odd number of straight
/// double quotes.
pub fn in_quotation(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let open = before.rfind('\u{201c}');
    let close = before.rfind('\u{201d}');
    match (open, close) {
        (Some(o), Some(c)) if o > c => return true,
        (Some(_), None) => return true,
        _ => {}
    }
    before.matches('"').count() % 2 == 1
}

/// Whether the first name at `text[s..e]` stands alone as a reference to a
/// person: not inside a quotation, not part of a longer name (no
/// capitalised word directly before or after it, and not the full name
/// whose `rest` follows).
pub fn first_alone(text: &str, s: usize, e: usize, rest: &str) -> bool {
    let after = &text[e..];
    let full = [" ", "\u{a0}", "\n"]
        .iter()
        .any(|sep| after.strip_prefix(sep).is_some_and(|a| a.starts_with(rest)));
    if full || in_quotation(text, s) {
        return false;
    }
    let next = words(after, e).next();
    let joined_after = next.is_some_and(|w| {
        matches!(&text[e..w.start], " " | "\u{a0}" | "\n" | "-")
            && (is_capitalised(w.text) || super::lexicon::NAME_PARTICLES.contains(&w.text))
    });
    let prev = last_word(&text[..s]);
    let joined_before = prev.is_some_and(|w| {
        matches!(&text[w.end..s], " " | "\u{a0}" | "\n") && is_capitalised(w.text)
    });
    !joined_after && !joined_before
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_name_before_a_particle_is_part_of_a_longer_name() {
        // `Mikael van den Berg` (another spelling, or another person) and a
        // surname wrapped after its particle are not the first name alone.
        let rest = "van der Berg";
        for text in [
            "said Mikael van den Berg.",
            "Ravnsby: Mikael van der\nBerg said.",
        ] {
            let s = text.find("Mikael").unwrap();
            assert!(!first_alone(text, s, s + "Mikael".len(), rest), "{text}");
        }
        let text = "Mikael said so.";
        assert!(first_alone(text, 0, "Mikael".len(), rest));
    }
}
