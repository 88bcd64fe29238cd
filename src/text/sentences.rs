//! Sentences of a run of prose: where one ends and the next begins.
//!
//! A sentence ends at `.`, `!` or `?` (with any closing quotes or
//! brackets after it) followed by white space, except where the full stop
//! belongs to the word before it: a title or common abbreviation (`Mr.`,
//! `Dr.`, `e.g.`, `etc.` when a lower-case word follows), a dotted
//! abbreviation (`U.S.`, `a.m.`) followed by a lower-case word or a
//! number, an initial (`J. Smith`), or a decimal (`3.5`, never split as it
//! has no space after the point).

use std::ops::Range;

/// Abbreviations whose full stop does not end a sentence even before a
/// capital (`Mr. Smith`, `No. 10`).
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "rev", "gen", "col", "capt", "lt", "sgt",
    "hon", "no", "nos", "vs", "cf", "fig", "figs", "vol", "pp", "art", "para", "sec", "ch", "cl",
];

/// Abbreviations that end a sentence only when a capital follows
/// (`…, etc. The next`), not before a lower-case word (`e.g. this`).
const COMMON: &[&str] = &[
    "e.g", "i.e", "etc", "approx", "incl", "dept", "est", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "a.m", "p.m", "al",
];

/// The byte ranges of the sentences of `text`, each trimmed of the white
/// space around it; blank stretches make no sentence.
pub fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut from = 0;
    while let Some(k) = memchr::memchr3(b'.', b'!', b'?', &text.as_bytes()[from..]) {
        let at = from + k;
        // Closing marks that belong to the sentence.
        let mut end = at + 1;
        let mut closing = 0;
        for c in text[end..].chars() {
            if !matches!(
                c,
                '.' | '!' | '?' | '"' | '\'' | ')' | ']' | '”' | '’' | '…'
            ) {
                break;
            }
            end += c.len_utf8();
            closing += 1;
        }
        let Some(next) = text[end..].chars().next() else {
            break;
        };
        from = end;
        if !next.is_whitespace() {
            continue;
        }
        if text.as_bytes()[at] == b'.' && closing == 0 && !ends_sentence(text, at, end) {
            continue;
        }
        push_trimmed(text, start..end, &mut out);
        start = end;
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(r.start + lead..r.end - trail);
    }
}

/// Whether the full stop at `dot` (followed by white space from `after`)
/// ends a sentence.
fn ends_sentence(text: &str, dot: usize, after: usize) -> bool {
    let before = &text[..dot];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '‘' | '['))
        .map_or(0, |p| {
            p + before[p..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    let next = text[after..].trim_start().chars().next();
    let Some(next) = next else {
        return true;
    };
    let lower = word.to_lowercase();
    // An initial: one capital letter (`J. Smith`).
    let mut wc = word.chars();
    if let (Some(first), None) = (wc.next(), wc.next()) {
        if first.is_uppercase() && next.is_uppercase() {
            return false;
        }
    }
    if TITLES.contains(&lower.as_str()) {
        return false;
    }
    let dotted = lower.contains('.') && lower.chars().all(|c| c.is_alphabetic() || c == '.');
    if COMMON.contains(&lower.as_str()) || dotted {
        return next.is_uppercase();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentence_ranges(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn ends_at_stops_marks_and_closing_quotes() {
        assert_eq!(
            split("One here. Two there! \"Three?\" Four"),
            vec!["One here.", "Two there!", "\"Three?\"", "Four"]
        );
        assert_eq!(split("  \n "), Vec::<&str>::new());
    }

    #[test]
    fn abbreviations_initials_and_decimals_do_not_end_a_sentence() {
        assert_eq!(
            split("Mr. Smith met Dr. Jones. They spoke."),
            vec!["Mr. Smith met Dr. Jones.", "They spoke."]
        );
        assert_eq!(
            split("The U.S. team won 3.5 points, e.g. in Paris. Next."),
            vec!["The U.S. team won 3.5 points, e.g. in Paris.", "Next."]
        );
        assert_eq!(
            split("J. R. Hartley wrote it. It sold."),
            vec!["J. R. Hartley wrote it.", "It sold."]
        );
        // A dotted abbreviation before a capital ends the sentence.
        assert_eq!(
            split("It was made in the U.S. The rest came later."),
            vec!["It was made in the U.S.", "The rest came later."]
        );
    }

    /// The splitter as first written, char by char.
    fn reference(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (at, c) = chars[i];
            if !matches!(c, '.' | '!' | '?') {
                i += 1;
                continue;
            }
            // Closing marks that belong to the sentence.
            let mut j = i + 1;
            while j < chars.len()
                && matches!(
                    chars[j].1,
                    '.' | '!' | '?' | '"' | '\'' | ')' | ']' | '”' | '’' | '…'
                )
            {
                j += 1;
            }
            let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
            let Some(&(_, next)) = chars.get(j) else {
                break;
            };
            if !next.is_whitespace() {
                i = j;
                continue;
            }
            if c == '.' && j == i + 1 && !ends_sentence(text, at, end) {
                i = j;
                continue;
            }
            push_trimmed(text, start..end, &mut out);
            start = end;
            i = j;
        }
        push_trimmed(text, start..text.len(), &mut out);
        out
    }

    proptest::proptest! {
        #[test]
        fn splits_as_the_splitter_char_by_char_did(
            text in "([A-Za-z]{1,4}|[.!?\"')\\]\u{201d}\u{2019}\u{2026}]| |\n|e\\.g|Mr|U\\.S|3\\.5|\u{e9}){0,40}"
        ) {
            proptest::prop_assert_eq!(sentence_ranges(&text), reference(&text));
        }
    }
}
