//! People: who a run names after a title or an honorific, with the
//! honorifics, decorations and ranks stripped.

use std::collections::HashSet;
use std::ops::Range;

use crate::learn::Corpus;
use crate::text::lexicon::{self, is_in};
use crate::text::words::{is_all_caps, is_capitalised, words, Word};

/// Surnames the corpus gives an honorific (`Mr Hammond`, `Ms May`).
pub(super) fn honorific_surnames(corpus: &Corpus) -> HashSet<String> {
    let mut s = HashSet::new();
    for doc in &corpus.docs {
        for (base, slice) in doc.prose_slices() {
            let ws: Vec<Word<'_>> = words(slice, base).collect();
            for pair in ws.windows(2) {
                let gap = &doc.text[pair[0].end..pair[1].start];
                if lexicon::COURTESY_TITLES.contains(&pair[0].text)
                    && (gap == " " || gap == ". ")
                    && is_capitalised(pair[1].text)
                {
                    s.insert(pair[1].text.to_string());
                }
            }
        }
    }
    s
}

/// What a run says about a person.
pub(super) enum Reading {
    /// A person, with the title written before them if any. `full_name`
    /// when the name has two words or more (a surname alone is only
    /// evidence for a role, resolved against full names later).
    Person {
        name: String,
        full_name: bool,
        title: Option<String>,
    },
    /// A title with no one after it (`the Foreign Secretary said`).
    BareTitle,
    /// Not about a person: some other kind of name, perhaps.
    NotAPerson,
}

/// Reads a person from a run: the words after an office word (`Foreign
/// Secretary Philip Hammond`) or after a lower-case title (`prime minister
/// Theresa May`), or a two- or three-word run whose last word the corpus
/// gives an honorific.
pub(super) fn read(
    text: &str,
    ws: &[Word<'_>],
    run: Range<usize>,
    surnames: &HashSet<String>,
) -> Reading {
    let (s, e) = (run.start, run.end);
    let toks: Vec<&str> = ws[s..e].iter().map(|w| w.text).collect();
    let span_text = |a: usize, b: usize| &text[ws[a].start..ws[b - 1].end];
    let head = (s..e).rev().find(|&i| {
        is_in(lexicon::OFFICE_HEADS, ws[i].text) && i + 1 < e && is_capitalised(ws[i + 1].text)
    });
    let mut person_start = None;
    if let Some(h) = head {
        let mut t0 = s;
        while t0 < h && (lexicon::is_nationality(ws[t0].text) || ws[t0].text == "The") {
            t0 += 1;
        }
        let title = span_text(t0, h + 1).to_string();
        person_start = Some((h + 1, Some(title)));
    } else if let Some(title) = lowercase_title_before(text, ws, s) {
        person_start = Some((s, Some(title)));
    } else {
        let n = e - s;
        if (2..=3).contains(&n)
            && surnames.contains(ws[e - 1].text)
            && toks.iter().all(|t| is_capitalised(t) && !is_all_caps(t))
        {
            person_start = Some((s, None));
        }
    }
    if let Some((p0, title)) = person_start {
        let (p, q) = strip(ws, p0, e);
        if q > p {
            // A second person after `and` (`Ministers A B and C D`) is a
            // run of its own (see `runs::split_at_and`).
            return Reading::Person {
                name: span_text(p, q).to_string(),
                full_name: q - p >= 2,
                title,
            };
        }
    }
    if head.is_some() || is_in(lexicon::OFFICE_HEADS, ws[e - 1].text) {
        return Reading::BareTitle;
    }
    Reading::NotAPerson
}

/// The words of a person's name from `p0` on, as `p..q`: honorifics,
/// decorations and ranks are not part of the name, unless stripping them
/// would leave a single word (`Gen Nakatani`); at most three capitalised
/// words, stopping at words in capitals and post-nominals.
fn strip(ws: &[Word<'_>], p0: usize, e: usize) -> (usize, usize) {
    let mut p = p0;
    while p < e
        && (is_in(lexicon::HONORIFICS, ws[p].text)
            || is_in(lexicon::NAME_PREFIXES, ws[p].text)
            || is_in(lexicon::RANKS, ws[p].text))
        && e - p > 2
    {
        p += 1;
    }
    if p < e
        && is_in(lexicon::HONORIFICS, ws[p].text)
        && lexicon::COURTESY_TITLES.contains(&ws[p].text)
    {
        p += 1;
    }
    let mut q = p;
    while q < e
        && q - p < 3
        && is_capitalised(ws[q].text)
        && !is_all_caps(ws[q].text)
        && !is_in(lexicon::POST_NOMINALS, ws[q].text)
    {
        q += 1;
    }
    (p, q)
}

/// A lower-case title just before a name (`prime minister Theresa May`,
/// `spokeswoman Hua Chunying`): the evidence that titles are sometimes not
/// capitalised.
fn lowercase_title_before(text: &str, ws: &[Word<'_>], s: usize) -> Option<String> {
    let lower_heads = |w: &str| lexicon::OFFICE_HEADS.iter().any(|h| h.to_lowercase() == w);
    let prev = ws.get(s.checked_sub(1)?)?;
    if text[prev.end..ws[s].start] != *" " || !lower_heads(prev.text) {
        return None;
    }
    let mut t0 = s - 1;
    while t0 > 0
        && text[ws[t0 - 1].end..ws[t0].start] == *" "
        && ws[t0 - 1].text.chars().all(char::is_lowercase)
        && s - t0 < 3
        && !matches!(
            ws[t0 - 1].text,
            "the" | "a" | "an" | "his" | "her" | "their" | "said" | "and"
        )
    {
        t0 -= 1;
    }
    Some(text[ws[t0].start..prev.end].to_string())
}
