//! Words and the small questions checks ask about them.
//!
//! A word is a maximal run of alphanumeric characters (any script), so
//! `Self-Defense` is two words and `F-35` is `F` and `35`. Checks that care
//! about hyphens and spaces look at the text between words.

/// A word and its byte range in the whole document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

/// Words of `slice`, whose first byte is at `base` in the document.
pub fn words(slice: &str, base: usize) -> impl Iterator<Item = Word<'_>> + '_ {
    // Bytes, decoding a character only where one is not ASCII: prose is
    // mostly ASCII, and every family reads its words through here. Runs of
    // ASCII bytes are passed over in tight loops, one test a byte.
    let bytes = slice.as_bytes();
    let mut at = 0;
    // The character at `i` (a boundary, not ASCII) and its length.
    let char_at = move |i: usize| -> (char, usize) {
        let c = slice[i..].chars().next().unwrap_or(' ');
        (c, c.len_utf8())
    };
    std::iter::from_fn(move || {
        let start = loop {
            while at < bytes.len() && bytes[at] < 0x80 && !bytes[at].is_ascii_alphanumeric() {
                at += 1;
            }
            if at >= bytes.len() {
                return None;
            }
            let start = at;
            if bytes[at] < 0x80 {
                at += 1;
                break start;
            }
            let (c, n) = char_at(at);
            at += n;
            if c.is_alphanumeric() {
                break start;
            }
        };
        loop {
            while at < bytes.len() && bytes[at].is_ascii_alphanumeric() {
                at += 1;
            }
            if at >= bytes.len() || bytes[at] < 0x80 {
                break;
            }
            let (c, n) = char_at(at);
            if !(c.is_alphanumeric() || is_combining(c)) {
                break;
            }
            at += n;
        }
        Some(Word {
            start: base + start,
            end: base + at,
            text: &slice[start..at],
        })
    })
}

/// The last word of `slice` (as `words(slice, 0).last()`), found from the
/// end: callers asking what stands before a position must not walk the
/// whole text up to it.
pub fn last_word(slice: &str) -> Option<Word<'_>> {
    let (i, _) = slice
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_alphanumeric())?;
    let is_word = |c: char| c.is_alphanumeric() || is_combining(c);
    let end = slice[i..]
        .char_indices()
        .find(|&(_, c)| !is_word(c))
        .map_or(slice.len(), |(j, _)| i + j);
    let mut start = i;
    for (j, c) in slice[..i].char_indices().rev() {
        if !is_word(c) {
            break;
        }
        start = j;
    }
    // A word starts with a letter or digit, not a combining mark.
    let start = start
        + slice[start..]
            .char_indices()
            .find(|&(_, c)| c.is_alphanumeric())
            .map_or(0, |(j, _)| j);
    Some(Word {
        start,
        end,
        text: &slice[start..end],
    })
}

/// Combining marks continue the word they follow (`e\u{301}`).
fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Starts with an upper-case letter.
pub fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Every letter is upper case and there are at least two of them.
pub fn is_all_caps(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

/// Whether `text[start..end]` stands as whole words: no alphanumeric
/// character touches either end.
pub fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_alphanumeric())
        && !after.is_some_and(|c| c.is_alphanumeric() || is_combining(c))
}

/// Whole word, allowing a plural or possessive ending (`F-35s`, `Navy's`).
pub fn is_name_boundary(text: &str, start: usize, end: usize) -> bool {
    if is_whole_word(text, start, end) {
        return true;
    }
    if text[..start]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
    {
        return false;
    }
    let rest = &text[end..];
    ["s", "'s", "’s"].iter().any(|suffix| {
        rest.strip_prefix(suffix)
            .is_some_and(|after| !after.chars().next().is_some_and(char::is_alphanumeric))
    })
}

/// Whether `offset` begins a sentence: only spaces, quotes or brackets stand
/// between it and the start of the text, a blank line, or a sentence-ending
/// mark (`.`, `!`, `?`, `:`, or a list/heading marker).
pub fn starts_sentence(text: &str, offset: usize) -> bool {
    let mut newlines = 0;
    for c in text[..offset].chars().rev() {
        match c {
            ' ' | '\t' | '\r' | '"' | '\'' | '“' | '‘' | '(' | '[' | '*' | '_' | '#' | '>'
            | '-' | '–' | '—' => {}
            '\n' => {
                newlines += 1;
                if newlines >= 2 {
                    return true;
                }
            }
            '.' | '!' | '?' | ':' | ';' => return true,
            _ => return false,
        }
    }
    true
}

/// Case-insensitive comparison that ignores nothing else.
pub fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.chars()
            .zip(b.chars())
            .all(|(x, y)| x == y || x.to_lowercase().eq(y.to_lowercase()))
        || a.to_lowercase() == b.to_lowercase()
}

/// A letter in lower case with its diacritics removed (`Å` → `a`, `ø` →
/// `o`, `ß` stays): how a drafter without the accented key writes it.
/// Letters outside Latin-1 and Latin Extended-A are only lower-cased.
pub fn fold_char(c: char) -> char {
    let c = if c.is_ascii() {
        return c.to_ascii_lowercase();
    } else {
        c.to_lowercase().next().unwrap_or(c)
    };
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' | 'ð' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' => 's',
        'ţ' | 'ť' | 'ŧ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        c => c,
    }
}

/// `word` with its diacritics removed and its case kept (`Café` → `Cafe`,
/// `naïve` → `naive`, a decomposed `e\u{301}` → `e`): the spelling the
/// dictionaries list for words English borrows with accents.
pub fn without_diacritics(word: &str) -> String {
    word.chars()
        .filter(|&c| !is_combining(c))
        .map(|c| {
            if c.is_ascii() {
                return c;
            }
            let f = fold_char(c);
            if c.is_uppercase() {
                f.to_uppercase().next().unwrap_or(f)
            } else {
                f
            }
        })
        .collect()
}

/// `word` folded with [`fold_char`], combining marks dropped.
pub fn fold(word: &str, out: &mut Vec<char>) {
    out.clear();
    out.extend(word.chars().filter(|&c| !is_combining(c)).map(fold_char));
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent swaps),
/// giving up early once it exceeds `limit`.
pub fn edit_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    // Words are short: their characters and the rows live on the stack, and
    // only longer text pays for vectors.
    const N: usize = 32;
    let (mut ab, mut bb) = (['\0'; N], ['\0'; N]);
    let (mut la, mut lb) = (0, 0);
    let fits = |s: &str, buf: &mut [char; N], len: &mut usize| {
        for c in s.chars() {
            if *len == N {
                return false;
            }
            buf[*len] = c;
            *len += 1;
        }
        true
    };
    if fits(a, &mut ab, &mut la) && fits(b, &mut bb, &mut lb) {
        let mut rows = [[0usize; N + 1]; 3];
        let [prev2, prev, cur] = &mut rows;
        return osa(&ab[..la], &bb[..lb], limit, prev2, prev, cur);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let (mut prev2, mut prev, mut cur) = (vec![0; w], vec![0; w], vec![0; w]);
    osa(&a, &b, limit, &mut prev2, &mut prev, &mut cur)
}

/// [`edit_distance`] of two words already split into characters (short
/// ones on the stack, as there).
pub fn edit_distance_chars(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    const N: usize = 32;
    if a.len() <= N && b.len() <= N {
        let mut rows = [[0usize; N + 1]; 3];
        let [prev2, prev, cur] = &mut rows;
        return osa(a, b, limit, prev2, prev, cur);
    }
    let w = b.len() + 1;
    let (mut prev2, mut prev, mut cur) = (vec![0; w], vec![0; w], vec![0; w]);
    osa(a, b, limit, &mut prev2, &mut prev, &mut cur)
}

/// Optimal string alignment distance of `a` and `b` up to `limit`, with
/// three rows of at least `b.len() + 1` cells to work in.
fn osa<'r>(
    a: &[char],
    b: &[char],
    limit: usize,
    mut prev2: &'r mut [usize],
    mut prev: &'r mut [usize],
    mut cur: &'r mut [usize],
) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    for (j, cell) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *cell = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= limit).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The distance as written plainly, to hold the stack version to.
    fn plain_distance(a: &str, b: &str) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    /// The words as the plain reading by characters finds them.
    fn plain_words(slice: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut iter = slice.char_indices().peekable();
        while let Some((start, c)) = iter.next() {
            if !c.is_alphanumeric() {
                continue;
            }
            let mut end = slice.len();
            while let Some(&(i, c)) = iter.peek() {
                if !(c.is_alphanumeric() || is_combining(c)) {
                    end = i;
                    break;
                }
                iter.next();
            }
            out.push((start, end));
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn words_are_read_as_by_characters(text in "[a-zA-Z0-9 .,'’é\u{301}\u{a0}安倍\u{1F600}-]{0,60}") {
            let fast: Vec<(usize, usize)> = words(&text, 0).map(|w| (w.start, w.end)).collect();
            proptest::prop_assert_eq!(fast, plain_words(&text));
        }

        #[test]
        fn the_bounded_distance_is_the_distance_when_within_its_limit(
            a in "[abé]{0,40}", b in "[abé]{0,40}", limit in 0usize..4
        ) {
            let d = plain_distance(&a, &b);
            proptest::prop_assert_eq!(edit_distance(&a, &b, limit), (d <= limit).then_some(d));
        }
    }

    #[test]
    fn the_last_word_is_the_last_of_the_words() {
        for text in [
            "",
            "  ",
            "Mr. Abe",
            "the Rt Hon. ",
            "e\u{301}te\u{301} \u{301}",
            "\u{301}x",
            "F-35 and CSG21.",
            "首相 安倍晋三",
            "end,",
        ] {
            assert_eq!(last_word(text), words(text, 0).last(), "{text:?}");
        }
    }

    #[test]
    fn words_split_on_punctuation_and_keep_offsets() {
        let text = "HMS Argyll, F-35 and 安倍晋三 e\u{301}t";
        let ws: Vec<_> = words(text, 10).map(|w| (w.text, w.start - 10)).collect();
        assert_eq!(ws[0], ("HMS", 0));
        assert_eq!(ws[1], ("Argyll", 4));
        assert_eq!(ws[2], ("F", 12));
        assert_eq!(ws[3], ("35", 14));
        assert_eq!(ws[5].0, "安倍晋三");
        assert_eq!(ws[6].0, "e\u{301}t");
    }

    #[test]
    fn folding_drops_case_and_diacritics() {
        let mut out = Vec::new();
        fold("Åsa Østergaard", &mut out);
        assert_eq!(out.iter().collect::<String>(), "asa ostergaard");
        fold("Jo\u{301}nsson", &mut out);
        assert_eq!(out.iter().collect::<String>(), "jonsson");
        fold("Straße", &mut out);
        assert_eq!(out.iter().collect::<String>(), "straße");
        let (a, b): (Vec<char>, Vec<char>) =
            ("halloran".chars().collect(), "hallaran".chars().collect());
        assert_eq!(edit_distance_chars(&a, &b, 1), Some(1));
        assert_eq!(edit_distance_chars(&a, &b, 0), None);
    }

    #[test]
    fn edit_distance_counts_swaps_once() {
        assert_eq!(edit_distance("Argyll", "Argyle", 2), Some(1));
        assert_eq!(edit_distance("Theresa", "Teresa", 2), Some(1));
        assert_eq!(edit_distance("Hammond", "Hamomnd", 2), Some(1));
        assert_eq!(edit_distance("Wallace", "Raab", 2), None);
    }

    #[test]
    fn sentence_starts() {
        let t = "He said. The Prime Minister\n\nMay I";
        assert!(starts_sentence(t, 0));
        assert!(starts_sentence(t, t.find("The").unwrap()));
        assert!(!starts_sentence(t, t.find("Prime").unwrap()));
        assert!(starts_sentence(t, t.find("May").unwrap()));
    }

    #[test]
    fn whole_words() {
        let t = "MayDay May";
        assert!(!is_whole_word(t, 0, 3));
        assert!(is_whole_word(t, 7, 10));
    }
}
