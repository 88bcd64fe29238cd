//! Reading runs of capitalised words: where a name may be.

use std::collections::HashSet;
use std::ops::Range;

use crate::learn::{Corpus, CorpusDoc};
use crate::text::lexicon::{self, is_in, DOC_HEADS, ORG_HEADS};
use crate::text::words::{is_all_caps, is_capitalised, starts_sentence, words, Word};

/// Lower-case words the corpus uses, to tell a sentence-initial capital from
/// a name.
pub(super) fn lowercase_vocabulary(corpus: &Corpus) -> HashSet<String> {
    let mut v = HashSet::new();
    for doc in &corpus.docs {
        for (base, slice) in doc.prose_slices() {
            for w in words(slice, base) {
                if w.text.chars().next().is_some_and(char::is_lowercase) {
                    v.insert(w.text.to_string());
                }
            }
        }
    }
    v
}

/// Whether two adjacent words may belong to one name: a space, a hyphen,
/// a line break (prose is read across hard wraps), an apostrophe inside a
/// name (`O'Halloran`, `D’Arcy`), or the full stop of an abbreviated rank or
/// honorific (`Maj. Gen. Ana Cole`, `Mr. Tsai`).
pub(super) fn joined(text: &str, a: &Word<'_>, b: &Word<'_>) -> bool {
    match &text[a.end..b.start] {
        " " | "-" | "\n" | "\r\n" | "\u{a0}" | " \n" => true,
        "'" | "’" => is_capitalised(b.text),
        ". " | ".\n" => {
            is_in(lexicon::RANKS, a.text)
                || is_in(lexicon::HONORIFICS, a.text)
                || is_in(lexicon::RANK_HEADS, a.text)
                // A middle initial: `Thomas J. Harrington`.
                || a.text.chars().count() == 1
                    && is_capitalised(a.text)
                    && is_capitalised(b.text)
                    && after_given_name(text, a.start)
        }
        _ => false,
    }
}

/// Whether the word at `start` follows a capitalised word and one space
/// (`Thomas J.`), as a middle initial does.
fn after_given_name(text: &str, start: usize) -> bool {
    let Some(before) = text[..start].strip_suffix(' ') else {
        return false;
    };
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect();
    word.chars().count() >= 2 && word.chars().last().is_some_and(char::is_uppercase)
}

/// A name's text with every line break or run of spaces written as one
/// space: a name split by a hard wrap is one name.
pub(super) fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c == '\n' || c == '\r' || c == ' ' || c == '\t' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// Whether a lower-case word is a particle inside a personal name.
pub(super) fn is_particle(w: &str) -> bool {
    lexicon::NAME_PARTICLES.contains(&w)
}

/// Runs of name-like words: index ranges into `ws`.
pub(super) fn runs(text: &str, ws: &[Word<'_>]) -> Vec<Range<usize>> {
    let namey = |w: &Word<'_>| {
        is_capitalised(w.text)
            || w.text.chars().next().is_some_and(|c| c.is_ascii_digit())
                && w.text.chars().any(char::is_alphabetic)
    };
    let joined = |a: &Word<'_>, b: &Word<'_>| joined(text, a, b);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if !namey(&ws[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        while end < ws.len() && joined(&ws[end - 1], &ws[end]) {
            if namey(&ws[end]) {
                end += 1;
            } else if lexicon::NAME_CONNECTORS.contains(&ws[end].text)
                && end + 1 < ws.len()
                && joined(&ws[end], &ws[end + 1])
                && namey(&ws[end + 1])
            {
                end += 2;
            } else {
                // Particles of a personal name (`van der Berg`).
                let mut k = end;
                while k < ws.len() && k - end < 3 && is_particle(ws[k].text) {
                    if k + 1 >= ws.len() || !joined(&ws[k], &ws[k + 1]) {
                        break;
                    }
                    k += 1;
                }
                if k > end && k < ws.len() && is_capitalised(ws[k].text) {
                    end = k + 1;
                } else {
                    break;
                }
            }
        }
        out.push(start..end);
        i = end;
    }
    out
}

/// Splits a run at `and`/`&` (`Britain and Japan`, `Defence Secretary Ben
/// Wallace and Foreign Secretary Dominic Raab`), unless the whole run names
/// one document or organisation (`Strategic Defence and Security Review`).
pub(super) fn split_at_and(ws: &[Word<'_>], run: Range<usize>) -> Vec<Range<usize>> {
    let is_head = |w: &str| DOC_HEADS.contains(&w) || ORG_HEADS.contains(&w);
    let last = ws[run.end - 1].text;
    let has_person_words = ws[run.clone()]
        .iter()
        .any(|w| is_in(lexicon::OFFICE_HEADS, w.text) || is_in(lexicon::HONORIFICS, w.text));
    let one_name = is_head(last) && !has_person_words;
    let mut out = Vec::new();
    let mut start = run.start;
    for i in run.clone() {
        // `British Army and Japanese Ground Self-Defense Forces` is two
        // names: the part before `and` is complete in itself.
        if ws[i].text == "and"
            && (!one_name || i > start && is_head(ws[i - 1].text))
            && !inside_title(ws, start..run.end, i)
        {
            out.push(start..i);
            start = i + 1;
        }
    }
    out.push(start..run.end);
    out.retain(|r| r.start < r.end);
    out
}

/// Whether the `and` at `i` joins the parts of one title of office rather
/// than two names: `Parks and Recreation Director` (no office word before
/// it, one after) or `Minister for Trade and Investment` (an office word,
/// a connector and at most two words before it, no office word after).
fn inside_title(ws: &[Word<'_>], run: Range<usize>, i: usize) -> bool {
    let office = |k: usize| is_in(lexicon::OFFICE_HEADS, ws[k].text);
    let is_head = |w: &str| DOC_HEADS.contains(&w) || ORG_HEADS.contains(&w);
    let before = (run.start..i).rev().find(|&k| office(k));
    let after = (i + 1..run.end).any(office);
    match before {
        // `the City Council and Council President X` is two.
        None => after && i > run.start && !is_head(ws[i - 1].text),
        Some(h) => {
            !after
                && h + 1 < i
                && lexicon::TITLE_CONNECTORS.contains(&ws[h + 1].text)
                && i - (h + 2) <= 2
                && i > h + 2
        }
    }
}

/// The part of a run that may be a name: without a capital that only marks
/// the start of a sentence (unless an office word follows: `Prime
/// Minister`, `Foreign Secretary`), a leading `The`, or connectors at
/// either end. `None` when nothing is left, or the run is page debris glued
/// to a sentence (`Japan.Government Opportunities`).
pub(super) fn trim(
    text: &str,
    ws: &[Word<'_>],
    run: Range<usize>,
    lower_vocab: &HashSet<String>,
) -> Option<Range<usize>> {
    let mut s = run.start;
    let e = run.end;
    let sentence_capital = |i: usize| {
        starts_sentence(text, ws[i].start)
            && lower_vocab.contains(&ws[i].text.to_lowercase())
            && !is_all_caps(ws[i].text)
            && !begins_title(ws, i, e)
    };
    while s < e && (ws[s].text == "The" || sentence_capital(s)) {
        s += 1;
    }
    // Connectors never begin or end a name.
    let mut e = e;
    while e > s && lexicon::NAME_CONNECTORS.contains(&ws[e - 1].text) {
        e -= 1;
    }
    while s < e && lexicon::NAME_CONNECTORS.contains(&ws[s].text) {
        s += 1;
    }
    if s >= e {
        return None;
    }
    if ws[s].start > 0 && text[..ws[s].start].ends_with(|c: char| c == '.' || c.is_alphanumeric()) {
        return None;
    }
    Some(s..e)
}

/// Whether the word at `i` begins a name with a connector, or a title,
/// within the run: a qualifier
/// (`Interim Police Chief`), a rank (`Rear Adm.`), or a word an office word
/// follows closely (`City Manager`, `Parks and Recreation Director`).
fn begins_title(ws: &[Word<'_>], i: usize, e: usize) -> bool {
    // `Office of Communications`, `Department for Transport`: a name of
    // its own, whatever else the corpus writes in lower case.
    i + 2 < e && matches!(ws[i + 1].text, "of" | "for")
        || is_in(lexicon::TITLE_QUALIFIERS, ws[i].text)
        || i + 1 < e && is_in(lexicon::RANKS, ws[i].text)
        || ws[i + 1..e.min(i + 5)]
            .iter()
            .any(|w| is_in(lexicon::OFFICE_HEADS, w.text))
}

/// Codes such as `F-35`, `CSG21`, `B-1B`, `G7` in a document's prose.
pub(super) fn codes(doc: &CorpusDoc) -> Vec<(String, usize)> {
    use std::sync::LazyLock;
    static CODE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(?-u:\b)[A-Z]{1,5}-?[0-9]{1,4}[A-Z]{0,2}(?-u:\b)").unwrap()
    });
    let mut out = Vec::new();
    for (base, slice) in doc.prose_slices() {
        // An ASCII boundary keeps the search in the lazy DFA on non-ASCII
        // text; Unicode neighbours are checked after.
        for m in CODE.find_iter(slice) {
            if !crate::text::words::is_whole_word(slice, m.start(), m.end()) {
                continue;
            }
            out.push((m.as_str().to_string(), base + m.start()));
        }
    }
    out
}
