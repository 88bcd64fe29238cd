//! Names across soft line breaks.
//!
//! A hard-wrapped paragraph may break a name anywhere between its words
//! (`Harborview Housing\ntrust`). The form-variant automaton matches names
//! with single spaces, so a region with line breaks is searched in a
//! [`Flat`] copy where every run of white space holding a line break is one
//! space, and each match is mapped back to the draft. A fix then writes the
//! learned words with the draft's own line breaks between them
//! ([`keep_line_breaks`]): fixing a name never joins two lines.

use crate::text::words::words;

/// A region's text with every white-space run that holds a line break
/// written as one space, and the way back to the region's offsets.
pub(super) struct Flat<'a> {
    /// The flattened text (the region itself when it has no line break).
    pub text: std::borrow::Cow<'a, str>,
    /// Where offsets shift: `(flat offset, region offset)` at the first
    /// byte after each collapsed run, in order.
    shifts: Vec<(usize, usize)>,
}

impl<'a> Flat<'a> {
    pub fn new(text: &'a str) -> Flat<'a> {
        let bytes = text.as_bytes();
        // Most regions have none of these: no copy.
        let special = |i: usize| match bytes[i] {
            b'\n' | b'\r' => true,
            0xC2 => bytes.get(i + 1) == Some(&0xA0),
            0xE2 => {
                bytes.get(i + 1) == Some(&0x80)
                    && matches!(bytes.get(i + 2), Some(0x90 | 0x91 | 0xAF))
            }
            _ => false,
        };
        // The first special byte: candidates found by `memchr` (most
        // regions have a few line breaks at most), each confirmed.
        let first = {
            let mut from = 0;
            let mut found = None;
            while let Some(i) = memchr::memchr3(b'\n', b'\r', 0xE2, &bytes[from..]) {
                if special(from + i) {
                    found = Some(from + i);
                    break;
                }
                from += i + 1;
            }
            // A no-break space before it.
            let upto = found.unwrap_or(bytes.len());
            let mut from = 0;
            while let Some(i) = memchr::memchr(0xC2, &bytes[from..upto]) {
                if special(from + i) {
                    found = Some(from + i);
                    break;
                }
                from += i + 1;
            }
            found
        };
        let Some(first) = first else {
            return Flat {
                text: std::borrow::Cow::Borrowed(text),
                shifts: Vec::new(),
            };
        };
        // The length of the space or hyphen-like character at `i`: white
        // space (`1`, or a no-break space), or a hyphen (`-`, or one of
        // Unicode's hyphens: U+2010, U+2011).
        let space_at = |i: usize| -> Option<(usize, bool)> {
            match bytes[i..] {
                [b' ' | b'\t', ..] => Some((1, false)),
                [b'\n' | b'\r', ..] => Some((1, true)),
                [0xC2, 0xA0, ..] => Some((2, true)),
                [0xE2, 0x80, 0xAF, ..] => Some((3, true)),
                _ => None,
            }
        };
        let hyphen_at = |i: usize| matches!(bytes[i..], [0xE2, 0x80, 0x90 | 0x91, ..]);
        let mut out = String::with_capacity(text.len());
        let mut shifts = Vec::new();
        // Start at the white space before the first special byte.
        let mut i = text[..first].trim_end_matches([' ', '\t']).len();
        let mut copied = 0;
        while i < bytes.len() {
            // Pass over ordinary bytes quickly.
            if !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | 0xC2 | 0xE2) {
                i += 1;
                continue;
            }
            if hyphen_at(i) {
                out.push_str(&text[copied..i]);
                out.push('-');
                i += 3;
                copied = i;
                shifts.push((out.len(), i));
                continue;
            }
            let start = i;
            let mut collapse = false;
            while let Some((len, special)) = (i < bytes.len()).then(|| space_at(i)).flatten() {
                collapse |= special;
                i += len;
            }
            if i == start {
                i += 1;
                continue;
            }
            if !collapse {
                continue;
            }
            out.push_str(&text[copied..start]);
            out.push(' ');
            copied = i;
            if i - start != 1 {
                shifts.push((out.len(), i));
            }
        }
        out.push_str(&text[copied..]);
        Flat {
            text: std::borrow::Cow::Owned(out),
            shifts,
        }
    }

    /// The region offset of flat offset `at` (a character boundary that is
    /// not inside a collapsed run's space).
    pub fn original(&self, at: usize) -> usize {
        let k = self.shifts.partition_point(|&(f, _)| f <= at);
        match k {
            0 => at,
            _ => {
                let (f, o) = self.shifts[k - 1];
                o + (at - f)
            }
        }
    }
}

/// `learned` written with the line breaks of `draft`, the text it
/// replaces: where the draft breaks the line between two words, the
/// replacement breaks it there too (with the draft's indentation), so a fix
/// changes words, never the layout. When the two do not have the same
/// words one for one (`F35` for `F-35`), the learned form is returned.
pub fn keep_line_breaks(draft: &str, learned: &str) -> String {
    if !draft.contains(['\n', '\r']) {
        return learned.to_string();
    }
    if let Some(out) = breaks_by_letters(draft, learned) {
        return out;
    }
    let dw: Vec<_> = words(draft, 0).collect();
    let lw: Vec<_> = words(learned, 0).collect();
    if dw.len() != lw.len() || dw.is_empty() {
        return learned.to_string();
    }
    let mut out = String::with_capacity(learned.len() + 4);
    out.push_str(&learned[..lw[0].start]);
    for i in 0..lw.len() {
        out.push_str(lw[i].text);
        let (l_gap, d_gap) = match (lw.get(i + 1), dw.get(i + 1)) {
            (Some(ln), Some(dn)) => (&learned[lw[i].end..ln.start], &draft[dw[i].end..dn.start]),
            _ => (&learned[lw[i].end..], ""),
        };
        let d_gap_is_break = d_gap.contains(['\n', '\r'])
            && d_gap.chars().all(|c| c.is_whitespace())
            && l_gap.chars().all(|c| c == ' ');
        out.push_str(if d_gap_is_break { d_gap } else { l_gap });
    }
    out
}

/// When `draft` and `learned` have the same letters and digits (a case or
/// separator variant), each line break of the draft goes where the learned
/// form has a space after the same number of letters (`Green
/// Streets\nInitiative` → `GreenStreets\nInitiative`).
fn breaks_by_letters(draft: &str, learned: &str) -> Option<String> {
    let letters = |s: &str| -> Vec<char> {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    if letters(draft) != letters(learned) {
        return None;
    }
    // The draft's breaks: (letters before, the white space).
    let mut breaks: Vec<(usize, &str)> = Vec::new();
    let mut count = 0;
    let mut gap_start = None;
    for (i, c) in draft.char_indices() {
        if c.is_whitespace() {
            gap_start.get_or_insert(i);
            continue;
        }
        if let Some(g) = gap_start.take() {
            let gap = &draft[g..i];
            if gap.contains(['\n', '\r']) {
                breaks.push((count, gap));
            }
        }
        if c.is_alphanumeric() {
            count += 1;
        }
    }
    let mut out = String::with_capacity(learned.len() + 4);
    let mut count = 0;
    let mut next = breaks.iter().peekable();
    for c in learned.chars() {
        if c == ' ' {
            if let Some(&&(_, gap)) = next.peek().filter(|(at, _)| *at == count) {
                out.push_str(gap);
                next.next();
                continue;
            }
        }
        while next.peek().is_some_and(|(at, _)| *at < count) {
            next.next();
        }
        if c.is_alphanumeric() {
            count += 1;
        }
        out.push(c);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flat_copy_maps_back_to_the_region() {
        let text = "the Harborview Housing\r\n   trust and\nVigilant Isles";
        let flat = Flat::new(text);
        assert_eq!(flat.text, "the Harborview Housing trust and Vigilant Isles");
        let at = flat.text.find("trust").unwrap();
        assert_eq!(&text[flat.original(at)..flat.original(at + 5)], "trust");
        let at = flat.text.find("Isles").unwrap();
        assert_eq!(&text[flat.original(at)..], "Isles");
        assert_eq!(flat.original(4), 4);
        let plain = Flat::new("no breaks here");
        assert!(matches!(plain.text, std::borrow::Cow::Borrowed(_)));
    }

    proptest::proptest! {
        /// Every word of the flat copy maps back to the same word.
        #[test]
        fn flat_words_map_back_to_the_drafts_words(text in "[ab \t\n\r\u{a0}\u{202f}\u{2011}\u{2010}é-]{0,40}") {
            let flat = Flat::new(&text);
            let want: Vec<&str> = words(&text, 0).map(|w| w.text).collect();
            let got: Vec<&str> = words(&flat.text, 0)
                .map(|w| &text[flat.original(w.start)..flat.original(w.end)])
                .collect();
            proptest::prop_assert_eq!(got, want);
            let gone = ['\n', '\r', '\u{a0}', '\u{2011}'];
            let clean = !flat.text.contains(gone);
            proptest::prop_assert!(clean);
        }
    }

    #[test]
    fn no_break_spaces_and_unicode_hyphens_are_spaces_and_hyphens() {
        let text = "the F\u{2011}35, CSG\u{a0}21 and Self\u{2010}Defense \u{a0} Forces.";
        let flat = Flat::new(text);
        assert_eq!(flat.text, "the F-35, CSG 21 and Self-Defense Forces.");
        let at = flat.text.find("Forces").unwrap();
        assert_eq!(&text[flat.original(at)..flat.original(at + 6)], "Forces");
        let at = flat.text.find("21").unwrap();
        assert_eq!(&text[flat.original(at)..flat.original(at + 2)], "21");
        // An en dash is not a hyphen; é is not a space.
        assert_eq!(Flat::new("F–35 café").text, "F–35 café");
    }

    #[test]
    fn a_fix_keeps_the_drafts_line_breaks() {
        assert_eq!(
            keep_line_breaks("Harborview Housing\ntrust", "Harborview Housing Trust"),
            "Harborview Housing\nTrust"
        );
        assert_eq!(
            keep_line_breaks("Vigilant\n  Isles", "VIGILANT ISLES"),
            "VIGILANT\n  ISLES"
        );
        assert_eq!(keep_line_breaks("Bin\nRashid", "bin Rashid"), "bin\nRashid");
        // A hyphen in the learned form stays a hyphen.
        assert_eq!(
            keep_line_breaks("Self\nDefence Forces", "Self-Defense Forces"),
            "Self-Defense Forces"
        );
        // No break, or not the same words: the learned form.
        assert_eq!(keep_line_breaks("F 35", "F-35"), "F-35");
        assert_eq!(keep_line_breaks("CSG\n21", "CSG21"), "CSG21");
        assert_eq!(
            keep_line_breaks("Green Streets\nInitiative", "GreenStreets Initiative"),
            "GreenStreets\nInitiative"
        );
        // A near miss: the words one for one.
        assert_eq!(
            keep_line_breaks(
                "Storm Surge\nResearch Labratory",
                "Storm Surge Research Laboratory"
            ),
            "Storm Surge\nResearch Laboratory"
        );
    }
}
