//! Classifying a run by kind: ships, exercises, organisations, documents,
//! other names.

use std::ops::Range;

use super::Observations;
use crate::rules::NameKind;
use crate::text::lexicon::{self, is_in, DOC_HEADS, ORG_HEADS};
use crate::text::words::{is_all_caps, Word};

/// Records a ship (a ship prefix and up to three more words) or an exercise
/// (two or more words in capitals) if the run is one; says whether it was.
pub(super) fn ship_or_exercise(
    text: &str,
    ws: &[Word<'_>],
    run: Range<usize>,
    obs: &mut Observations,
) -> bool {
    let (s, e) = (run.start, run.end);
    let toks: Vec<&str> = ws[s..e].iter().map(|w| w.text).collect();
    let span_text = |a: usize, b: usize| super::runs::clean(&text[ws[a].start..ws[b - 1].end]);
    if is_in(lexicon::SHIP_PREFIXES, toks[0]) && toks.len() >= 2 {
        let end = (s + 4).min(e);
        obs.candidate(span_text(s, end), NameKind::Ship);
        return true;
    }
    // Exercises and other names written in capitals.
    let caps: Vec<bool> = toks
        .iter()
        .map(|t| is_all_caps(t) && t.chars().count() >= 4)
        .collect();
    if caps.len() >= 2 && caps.iter().all(|&c| c) {
        obs.candidate(span_text(s, e), NameKind::Exercise);
        return true;
    }
    false
}

/// Records a run that is neither a ship, an exercise nor a person: two to
/// seven words, not starting with a nationality word, an organisation when
/// an acronym follows it or its last word says so, a document by its last
/// word, else a name of no particular kind.
pub(super) fn other_name(text: &str, ws: &[Word<'_>], run: Range<usize>, obs: &mut Observations) {
    let (s, e) = (run.start, run.end);
    let span_text = |a: usize, b: usize| super::runs::clean(&text[ws[a].start..ws[b - 1].end]);
    let mut s2 = s;
    while s2 < e && lexicon::is_nationality(ws[s2].text) && !is_all_caps(ws[s2].text) {
        s2 += 1;
    }
    // An honorific or rank with a surname (`Mr. Tsai`, `Capt. Alvarez`) is
    // a later reference to a person, not a name of its own.
    let courtesy = |i: usize| {
        is_in(lexicon::HONORIFICS, ws[i].text)
            || is_in(lexicon::RANKS, ws[i].text)
            || is_in(lexicon::RANK_HEADS, ws[i].text)
    };
    if courtesy(s2) {
        let mut k = s2;
        while k < e && courtesy(k) {
            k += 1;
        }
        if super::person::units(text, ws, k, e) <= 1 {
            return;
        }
    }
    // Words joined by an apostrophe (`O'Halloran`) are one; a hyphenated
    // compound (`Indo-Pacific`) is a name of two words.
    let tight = |i: usize| i > s2 && matches!(&text[ws[i - 1].end..ws[i].start], "'" | "’");
    let content = (s2..e)
        .filter(|&i| !lexicon::NAME_CONNECTORS.contains(&ws[i].text) && !tight(i))
        .count();
    if !(2..=7).contains(&content) {
        return;
    }
    let mut name = span_text(s2, e);
    let last = ws[e - 1].text;
    let mut acronym = acronym_after(text, ws[e - 1].end, &ws[s2..e]);
    if acronym.is_none() && s2 > s {
        // The acronym may count the nationality word (`Japanese Ground
        // Self-Defense Forces (JGSDF)`).
        acronym = acronym_after(text, ws[e - 1].end, &ws[s..e]);
        if acronym.is_some() {
            name = span_text(s, e);
        }
    }
    let kind = if acronym.is_some() || ORG_HEADS.contains(&last) {
        NameKind::Organisation
    } else if DOC_HEADS.contains(&last) && content >= 3 {
        NameKind::Document
    } else {
        NameKind::Other
    };
    let entry = obs.candidate(name, kind);
    if acronym.is_some() {
        entry.acronym = acronym;
        entry.kind = NameKind::Organisation;
    }
}

/// `(JMSDF)` after a name whose initials it matches.
fn acronym_after(text: &str, end: usize, name: &[Word<'_>]) -> Option<String> {
    let rest = text[end..].strip_prefix(" (")?;
    let close = rest.find(')')?;
    let acr = &rest[..close];
    if acr.len() < 2
        || acr.len() > 10
        || !acr
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return None;
    }
    let initials: String = name
        .iter()
        .filter_map(|w| w.text.chars().next())
        .filter(char::is_ascii_uppercase)
        .collect();
    let a0 = acr.chars().next()?;
    (initials.starts_with(a0)
        && acr.chars().filter(|c| initials.contains(*c)).count() * 2 >= acr.len())
    .then(|| acr.to_string())
}
