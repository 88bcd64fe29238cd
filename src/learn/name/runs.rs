//! Reading runs of capitalised words: where a name may be.

use std::collections::HashSet;
use std::ops::Range;

use super::kind::{DOC_HEADS, ORG_HEADS};
use crate::learn::{Corpus, CorpusDoc};
use crate::text::lexicon::{self, is_in};
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

/// Runs of name-like words: index ranges into `ws`.
pub(super) fn runs(text: &str, ws: &[Word<'_>]) -> Vec<Range<usize>> {
    let namey = |w: &Word<'_>| {
        is_capitalised(w.text)
            || w.text.chars().next().is_some_and(|c| c.is_ascii_digit())
                && w.text.chars().any(char::is_alphabetic)
    };
    let joined =
        |a: &Word<'_>, b: &Word<'_>| matches!(&text[a.end..b.start], " " | "-" | "\n" | "\u{a0}");
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
                break;
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
        if ws[i].text == "and" && (!one_name || i > start && is_head(ws[i - 1].text)) {
            out.push(start..i);
            start = i + 1;
        }
    }
    out.push(start..run.end);
    out.retain(|r| r.start < r.end);
    out
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
            && !(i + 1 < e && is_in(lexicon::OFFICE_HEADS, ws[i + 1].text))
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

/// Codes such as `F-35`, `CSG21`, `B-1B`, `G7` in a document's prose.
pub(super) fn codes(doc: &CorpusDoc) -> Vec<(String, usize)> {
    use std::sync::LazyLock;
    static CODE: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"\b[A-Z]{1,5}-?[0-9]{1,4}[A-Z]{0,2}\b").unwrap());
    let mut out = Vec::new();
    for (base, slice) in doc.prose_slices() {
        for m in CODE.find_iter(slice) {
            out.push((m.as_str().to_string(), base + m.start()));
        }
    }
    out
}
