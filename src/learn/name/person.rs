//! People: who a run names after a title or an honorific, with the
//! honorifics, decorations and ranks stripped.

use std::collections::HashSet;
use std::ops::Range;

use super::runs;
use crate::learn::Corpus;
use crate::text::lexicon::{self, is_in};
use crate::text::words::{is_all_caps, is_capitalised, words, Word};

/// Surnames the corpus gives an honorific (`Mr Hammond`, `Ms. Park-Hughes`,
/// `Mr O'Halloran`, `Mr de Vries`): the whole surname, hyphens and
/// apostrophes included, after any particles.
pub(super) fn honorific_surnames(corpus: &Corpus) -> HashSet<String> {
    let mut s = HashSet::new();
    for doc in &corpus.docs {
        for (base, joined) in doc.joined_prose() {
            let ws: Vec<Word<'_>> = words(&joined, base).collect();
            // Offsets into the joined region (`Mr.\nO'Halloran` reads as
            // `Mr. O'Halloran`).
            let text = |r: std::ops::Range<usize>| &joined[r.start - base..r.end - base];
            for (i, w) in ws.iter().enumerate() {
                if !lexicon::COURTESY_TITLES.contains(&w.text) {
                    continue;
                }
                let mut k = i + 1;
                while k < ws.len() && runs::is_particle(ws[k].text) {
                    k += 1;
                }
                let Some(next) = ws.get(k) else { continue };
                let gap = text(w.end..ws[i + 1].start);
                if (gap == " " || gap == ". " || gap == "\u{a0}") && is_capitalised(next.text) {
                    let (a, b) = unit(&doc.text, &ws, k);
                    s.insert(text(ws[a].start..ws[b - 1].end).to_string());
                }
            }
        }
    }
    s
}

/// The name unit around word `k`: the words joined to it by hyphens or
/// apostrophes (`Park-Hughes`, `O'Halloran`), as a range of word indices.
pub(super) fn unit(text: &str, ws: &[Word<'_>], k: usize) -> (usize, usize) {
    let tight = |a: usize| matches!(&text[ws[a].end..ws[a + 1].start], "-" | "'" | "’");
    let mut a = k;
    while a > 0 && tight(a - 1) {
        a -= 1;
    }
    let mut b = k + 1;
    while b < ws.len() && tight(b - 1) && is_capitalised(ws[b].text) {
        b += 1;
    }
    (a, b)
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
    /// A title with no one after it (`the Foreign Secretary said`), or
    /// perhaps someone in apposition (`The Minister for Fisheries, Åsa
    /// Lindqvist, said`): the title as written, when the run is all title.
    BareTitle(Option<String>),
    /// Not about a person: some other kind of name, perhaps.
    NotAPerson,
}

/// Reads a person from a run: the words after a title of office (`Foreign
/// Secretary Philip Hammond`, `Assistant Secretary of State for Consular
/// Affairs Maria Lopez`, `Parks and Recreation Director Kevin Tsai`) or
/// after a lower-case title (`prime minister Theresa May`), or a run of two
/// or three name words, after any rank or honorific, whose surname the
/// corpus gives an honorific. Post-nominals (`MP`, `KC`) are never part of
/// the name.
pub(super) fn read(
    text: &str,
    ws: &[Word<'_>],
    run: Range<usize>,
    surnames: &HashSet<String>,
) -> Reading {
    let s = run.start;
    let mut e = run.end;
    while e > s + 1 && is_in(lexicon::POST_NOMINALS, ws[e - 1].text) {
        e -= 1;
    }
    let span_text = |a: usize, b: usize| runs::clean(&text[ws[a].start..ws[b - 1].end]);
    // The title's head is the last office word of the run, unless the run
    // ends in it (`Chief Sustainability Officer`: a bare title).
    let head = (s..e)
        .rev()
        .find(|&i| is_in(lexicon::OFFICE_HEADS, ws[i].text))
        .filter(|&h| h + 1 < e);
    let mut person_start = None;
    if let Some(h) = head {
        let mut t0 = s;
        while t0 < h && (lexicon::is_nationality(ws[t0].text) || ws[t0].text == "The") {
            t0 += 1;
        }
        match title_end(ws, h, e) {
            Some(p0) => {
                let title = span_text(t0, p0);
                person_start = Some((p0, Some(title)));
            }
            None => return Reading::BareTitle(Some(span_text(t0, e))),
        }
    } else if let Some(title) = lowercase_title_before(text, ws, s) {
        person_start = Some((s, Some(title)));
    } else if let Some(t) = rank_title(text, ws, s, e) {
        // `Rear Adm. Renee Alvarez`, `Lt Col Ann Bell`: the rank is the
        // title, never part of the name.
        let (t_end, title) = t;
        if units(text, ws, t_end, e) >= 2 {
            person_start = Some((t_end, Some(title)));
        }
    } else {
        let (p, q) = strip(text, ws, s, e);
        let n = units(text, ws, p, q);
        let (u0, _) = unit(text, ws, e - 1);
        let surname = &text[ws[u0].start..ws[e - 1].end];
        if (2..=4).contains(&n)
            && q == e
            && (surnames.contains(surname) || p > s && is_in(lexicon::HONORIFICS, ws[s].text))
            && ws[s..e].iter().all(|w| {
                runs::is_particle(w.text) || is_capitalised(w.text) && !is_all_caps(w.text)
            })
        {
            person_start = Some((s, None));
        }
    }
    if let Some((p0, title)) = person_start {
        let (p, q) = strip(text, ws, p0, e);
        if q > p {
            // A second person after `and` (`Ministers A B and C D`) is a
            // run of its own (see `runs::split_at_and`).
            return Reading::Person {
                name: span_text(p, q),
                full_name: units(text, ws, p, q) >= 2,
                title,
            };
        }
    }
    if head.is_some() {
        return Reading::BareTitle(None);
    }
    if is_in(lexicon::OFFICE_HEADS, ws[e - 1].text) {
        let mut t0 = s;
        while t0 < e - 1 && (lexicon::is_nationality(ws[t0].text) || ws[t0].text == "The") {
            t0 += 1;
        }
        return Reading::BareTitle(Some(span_text(t0, e)));
    }
    Reading::NotAPerson
}

/// The words of a name in `ws[p..q]`, particles left out and a hyphenated
/// or apostrophised surname (`Park-Hughes`, `O'Halloran`) counted once.
pub(super) fn units(text: &str, ws: &[Word<'_>], p: usize, q: usize) -> usize {
    (p..q)
        .filter(|&i| {
            let tight = i > p && matches!(&text[ws[i - 1].end..ws[i].start], "-" | "'" | "’");
            !(runs::is_particle(ws[i].text) || tight)
        })
        .count()
}

/// A rank before a name, spelled out or abbreviated (`Maj. Gen.`, `Vice
/// Adm.`, `Rear Admiral`, `Lt Col`): its words up to the last rank head,
/// as the index after them and the rank as written (full stops kept).
fn rank_title(text: &str, ws: &[Word<'_>], s: usize, e: usize) -> Option<(usize, String)> {
    let mut k = s;
    let mut last_head = None;
    while k < e && (is_in(lexicon::RANKS, ws[k].text) || is_in(lexicon::RANK_HEADS, ws[k].text)) {
        if is_in(lexicon::RANK_HEADS, ws[k].text) {
            last_head = Some(k);
        }
        k += 1;
    }
    let h = last_head?;
    let mut end = ws[h].end;
    if text[end..].starts_with('.') {
        end += 1;
    }
    Some((h + 1, runs::clean(&text[ws[s].start..end])))
}

/// Where the person begins after a title whose head word is at `h`: right
/// after it, or after the title's continuation (`of State for Consular
/// Affairs`, `for Trade and Investment`), which ends two words before the
/// run does (a person's given name and surname), or one (a surname alone).
/// `None` when nothing is left for a person.
fn title_end(ws: &[Word<'_>], h: usize, e: usize) -> Option<usize> {
    let connector = |i: usize| lexicon::TITLE_CONNECTORS.contains(&ws[i].text);
    if !connector(h + 1) {
        return Some(h + 1);
    }
    // The last connector of the continuation.
    let last = (h + 1..e).rev().find(|&i| connector(i))?;
    let rest: Vec<usize> = (last + 1..e)
        .filter(|&i| !runs::is_particle(ws[i].text))
        .collect();
    match rest.len() {
        // `Minister for Fisheries and Ocean Affairs`: a surname alone after
        // a long title cannot be told from the title's last word.
        0..=2 => None,
        _ => {
            // The person's first name word, with the particles before the
            // surname.
            let first = rest[rest.len() - 2];
            Some(first)
        }
    }
}

/// The words of a person's name from `p0` on, as `p..q`: honorifics,
/// decorations and ranks are not part of the name, unless stripping them
/// would leave a single word (`Gen Nakatani`); at most three name words
/// (particles such as `van der` not counted), stopping at words in capitals
/// and post-nominals.
fn strip(text: &str, ws: &[Word<'_>], p0: usize, e: usize) -> (usize, usize) {
    let name_words = |a: usize| (a..e).filter(|&i| !runs::is_particle(ws[i].text)).count();
    let mut p = p0;
    while p < e
        && (is_in(lexicon::HONORIFICS, ws[p].text)
            || is_in(lexicon::NAME_PREFIXES, ws[p].text)
            || is_in(lexicon::RANKS, ws[p].text)
            || is_in(lexicon::RANK_HEADS, ws[p].text))
        && name_words(p) > 2
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
    let mut count = 0;
    while q < e && (count < 3 || matches!(&text[ws[q - 1].end..ws[q].start], "-" | "'" | "’")) {
        let w = ws[q].text;
        if runs::is_particle(w) && q > p {
            q += 1;
            continue;
        }
        if !is_capitalised(w) || is_all_caps(w) || is_in(lexicon::POST_NOMINALS, w) {
            break;
        }
        let tight = q > p && matches!(&text[ws[q - 1].end..ws[q].start], "-" | "'" | "’");
        if !tight {
            count += 1;
        }
        q += 1;
    }
    // A name never ends in a particle.
    while q > p && runs::is_particle(ws[q - 1].text) {
        q -= 1;
    }
    (p, q)
}

/// A lower-case title just before a name (`prime minister Theresa May`,
/// `spokeswoman Hua Chunying`): the evidence that titles are sometimes not
/// capitalised.
fn lowercase_title_before(text: &str, ws: &[Word<'_>], s: usize) -> Option<String> {
    let lower_heads = |w: &str| lexicon::is_lower_office_head(w);
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
