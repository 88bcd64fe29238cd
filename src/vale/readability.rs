//! What Vale's `metric` rules count: words, sentences, syllables,
//! characters and the kinds of words readability formulas weigh, over the
//! blocks of a draft a rule's scope selects.
//!
//! Syllables are an estimate, as in every readability tool: the groups of
//! vowels in a word (`y` counting as a vowel), less a silent final `e`
//! (`make`, but not `table`) and a silent `-ed` (`walked`, but not
//! `wanted`), and never fewer than one.

use super::scope::{Block, Scope};
use crate::text::sentences::sentence_ranges;

/// The counts of some blocks of text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
    /// Letters and digits of the words (what Coleman–Liau and the
    /// automated readability index call characters).
    pub characters: usize,
    /// Words of three syllables or more, not counting an `-es`, `-ed` or
    /// `-ing` ending (Gunning's complex words).
    pub complex_words: usize,
    /// Words of more than six letters.
    pub long_words: usize,
    /// Words of more than two syllables.
    pub polysyllabic_words: usize,
    pub paragraphs: usize,
    /// Headings by level, `headings[0]` for `#`.
    pub headings: [usize; 6],
    /// Lists: runs of list items.
    pub lists: usize,
    /// Block quotes: runs of quoted blocks.
    pub blockquotes: usize,
}

impl Counts {
    pub fn of(blocks: &[Block<'_>]) -> Counts {
        Counts::of_with(blocks, |_, b| Counts::of_text(&b.text))
    }

    /// [`Counts::of`], with `of_text` giving the words, sentences and
    /// syllables of the `i`-th block's text ([`Counts::of_text`], or a copy
    /// of what it gave before: a block's counts depend on its text alone).
    pub fn of_with(
        blocks: &[Block<'_>],
        mut of_text: impl FnMut(usize, &Block<'_>) -> Counts,
    ) -> Counts {
        let mut c = Counts::default();
        let (mut in_list, mut in_quote) = (false, false);
        for (i, b) in blocks.iter().enumerate() {
            // Vale counts the summary's words: headings are structure.
            if !matches!(b.within, Scope::Heading(_)) {
                c.add_text(&of_text(i, b));
            }
            match b.within {
                Scope::Heading(n) if (1..=6).contains(&n) => c.headings[n as usize - 1] += 1,
                Scope::Paragraph if !b.in_list => c.paragraphs += 1,
                _ => {}
            }
            if b.in_list && !in_list {
                c.lists += 1;
            }
            if b.in_blockquote && !in_quote {
                c.blockquotes += 1;
            }
            (in_list, in_quote) = (b.in_list, b.in_blockquote);
        }
        c
    }

    /// The words, sentences and syllables of one text (the rest zero).
    pub fn of_text(text: &str) -> Counts {
        let mut c = Counts {
            sentences: sentence_ranges(text).len(),
            ..Counts::default()
        };
        for w in words(text) {
            c.add_word(w);
        }
        c
    }

    /// The counts of some blocks followed by `next`'s: what [`Counts::of`]
    /// gives for them all. `joined` says whether the last block before
    /// `next` and `next`'s first are in a list, and in a block quote (a run
    /// of list items or quoted blocks across the two is one list, one
    /// quote).
    pub fn join(&mut self, next: &Counts, joined: (bool, bool)) {
        self.add_text(next);
        self.paragraphs += next.paragraphs;
        for (h, n) in self.headings.iter_mut().zip(next.headings) {
            *h += n;
        }
        self.lists += next.lists - usize::from(joined.0 && next.lists > 0);
        self.blockquotes += next.blockquotes - usize::from(joined.1 && next.blockquotes > 0);
    }

    /// Adds what [`Counts::of_text`] counts of another text.
    fn add_text(&mut self, t: &Counts) {
        self.words += t.words;
        self.sentences += t.sentences;
        self.syllables += t.syllables;
        self.characters += t.characters;
        self.complex_words += t.complex_words;
        self.long_words += t.long_words;
        self.polysyllabic_words += t.polysyllabic_words;
    }

    fn add_word(&mut self, w: &str) {
        let letters = if w.is_ascii() {
            w.bytes().filter(u8::is_ascii_alphanumeric).count()
        } else {
            w.chars().filter(|c| c.is_alphanumeric()).count()
        };
        let n = syllables(w);
        self.words += 1;
        self.characters += letters;
        self.syllables += n;
        if letters > 6 {
            self.long_words += 1;
        }
        if n > 2 {
            self.polysyllabic_words += 1;
            let lower = w.to_lowercase();
            let stem = ["ing", "es", "ed"]
                .iter()
                .find_map(|s| lower.strip_suffix(s))
                .filter(|s| !s.is_empty());
            if stem.map_or(n, syllables) > 2 {
                self.complex_words += 1;
            }
        }
    }

    /// The value of a variable a formula names, by Vale's names
    /// (`heading.h2` and `heading_h2` alike); `None` for a name Vale does
    /// not define or draftlint does not count.
    pub fn variable(&self, name: &str) -> Option<f64> {
        let v = match name {
            "words" => self.words,
            "sentences" => self.sentences,
            "syllables" => self.syllables,
            "characters" => self.characters,
            "complex_words" => self.complex_words,
            "long_words" => self.long_words,
            "polysyllabic_words" => self.polysyllabic_words,
            "paragraphs" => self.paragraphs,
            "list" => self.lists,
            "blockquote" => self.blockquotes,
            _ => {
                let n = name
                    .strip_prefix("heading.h")
                    .or_else(|| name.strip_prefix("heading_h"))?;
                let n: usize = n.parse().ok().filter(|n| (1..=6).contains(n))?;
                self.headings[n - 1]
            }
        };
        Some(v as f64)
    }
}

/// The variables a formula may name.
pub const VARIABLES: &[&str] = &[
    "words",
    "sentences",
    "syllables",
    "characters",
    "complex_words",
    "long_words",
    "polysyllabic_words",
    "paragraphs",
    "list",
    "blockquote",
    "heading.h1 … heading.h6",
];

/// The words of `text`: runs of letters and digits, joined across an
/// apostrophe or hyphen between letters (`don't`, `well-known`), with at
/// least one letter.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    // Whether the word begun so far has a letter.
    let mut lettered = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let (c, len) = match bytes[i] {
            b if b.is_ascii() => (char::from(b), 1),
            _ => {
                let c = text[i..].chars().next().unwrap_or('\0');
                (c, c.len_utf8())
            }
        };
        let next_alnum = || {
            text[i + len..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        };
        let alnum = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        if alnum {
            start.get_or_insert(i);
            lettered |= c.is_alphabetic();
        } else if matches!(c, '\'' | '’' | '-') && start.is_some() && next_alnum() {
            // A joiner inside a word (`don't`, `well-known`).
        } else if let Some(s) = start.take() {
            if lettered {
                out.push(&text[s..i]);
            }
            lettered = false;
        }
        i += len;
    }
    if let Some(s) = start {
        if lettered {
            out.push(&text[s..]);
        }
    }
    out.into_iter()
}

/// An estimate of the syllables of `word` (see the module's note).
pub fn syllables(word: &str) -> usize {
    // Most words are short and ASCII: their letters fit on the stack.
    let mut short = ['\0'; 32];
    if word.is_ascii() && word.len() <= short.len() {
        let mut n = 0;
        for b in word.bytes().filter(u8::is_ascii_alphabetic) {
            short[n] = char::from(b.to_ascii_lowercase());
            n += 1;
        }
        return syllables_of(&short[..n]);
    }
    let w: Vec<char> = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    syllables_of(&w)
}

/// [`syllables`] of a word's letters, lower-cased.
fn syllables_of(w: &[char]) -> usize {
    if w.is_empty() {
        return 0;
    }
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'é' | 'è' | 'à' | 'ï');
    let mut groups = 0;
    let mut prev = false;
    for &c in w {
        let v = vowel(c);
        if v && !prev {
            groups += 1;
        }
        prev = v;
    }
    let n = w.len();
    let consonant = |i: usize| !vowel(w[i]);
    if groups > 1 && n > 2 && w[n - 1] == 'e' && consonant(n - 2) {
        // A silent final e (`make`), but `-le` after a consonant is a
        // syllable (`table`).
        let le = w[n - 2] == 'l' && n > 3 && consonant(n - 3);
        if !le {
            groups -= 1;
        }
    } else if groups > 1 && n > 3 && w[n - 2..] == ['e', 'd'] && consonant(n - 3) {
        // `-ed` is silent unless after t or d (`walked`, `wanted`).
        if !matches!(w[n - 3], 't' | 'd') {
            groups -= 1;
        }
    }
    groups.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_are_vowel_groups_less_silent_endings() {
        for (w, n) in [
            ("cat", 1),
            ("make", 1),
            ("table", 2),
            ("the", 1),
            ("walked", 1),
            ("wanted", 2),
            ("agreed", 2),
            ("announced", 2),
            ("government", 3),
            ("everyone", 3),
            ("policy", 3),
            ("quickly", 2),
            ("readability", 5),
            ("a", 1),
            ("I", 1),
            ("rhythm", 1),
        ] {
            assert_eq!(syllables(w), n, "{w}");
        }
    }

    #[test]
    fn words_join_apostrophes_and_hyphens_and_skip_numbers_alone() {
        let w: Vec<&str> = words("Don't re-use 42 items - now.").collect();
        assert_eq!(w, vec!["Don't", "re-use", "items", "now"]);
    }

    /// `words` as first written, char by char.
    fn reference_words(text: &str) -> impl Iterator<Item = &str> {
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let joiner = matches!(c, '\'' | '’' | '-')
                && start.is_some()
                && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
            if c.is_alphanumeric() || joiner {
                start.get_or_insert(i);
            } else if let Some(s) = start.take() {
                out.push(&text[s..i]);
            }
        }
        if let Some(s) = start {
            out.push(&text[s..]);
        }
        out.into_iter()
            .filter(|w| w.chars().any(char::is_alphabetic))
    }

    proptest::proptest! {
        #[test]
        fn words_are_read_as_char_by_char(
            text in "([a-zA-Z0-9]{1,4}|'|\u{2019}|-|\u{e9}|\u{c9}|\u{3b1}|\u{661}| |[.]|,){0,40}"
        ) {
            let got: Vec<&str> = words(&text).collect();
            let want: Vec<&str> = reference_words(&text).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }
}
