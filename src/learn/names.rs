//! Learning exact names, titles and roles.
//!
//! 1. **Candidates.** In each document's prose, maximal runs of capitalised
//!    words (joined by spaces or hyphens, allowing `of`, `and`, `for` inside)
//!    are read as names. A sentence's first word is dropped when the corpus
//!    also writes it in lower case (`Both`, `The`), so capitalisation by
//!    position is not mistaken for a name. Runs are classified: ships (a
//!    ship prefix), exercises (words in capitals), organisations (introduced
//!    with an acronym in brackets), documents, codes (`F-35`, `CSG21`), and
//!    people: two or three words after a title (`Foreign Secretary Philip
//!    Hammond`), or whose last word the corpus gives
//!    an honorific (`Mr Hammond`); a speech verb alone is not enough (`The
//!    Global Times said`). Titles are the capitalised run before a
//!    person that ends in an office word, with nationality words removed.
//! 2. **Tallies.** Every candidate's surface forms are then counted across
//!    the corpus, case-, hyphen- and space-insensitively, so that `F-35`
//!    and `F35`, or `National Security Council` and `national security
//!    council`, compete as forms of one name.
//! 3. **Decisions.** [`evidence::decide`](super::evidence::decide) picks the house form. Names of
//!    specific kinds (people, ships, exercises, codes, documents,
//!    organisations with acronyms) may rest on a single sighting when no
//!    other form competes; generic multi-word names need two sightings.
//!
//! Roles are `(person, title)` pairs with the dates of the documents that
//! show them: evidence for a period, not for all time.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use jiff::civil::Date;

use super::evidence::{decide, Tally, Verdict};
use super::{Corpus, CorpusDoc};
use crate::rules::{NameKind, NameRule, RoleRule, RuleFile, TitleRule};
use crate::text::lexicon::{self, is_in};
use crate::text::names::separator_variants;
use crate::text::words::{is_all_caps, is_capitalised, starts_sentence, words, Word};

/// Last words that mark an organisation.
const ORG_HEADS: &[&str] = &[
    "Force",
    "Forces",
    "Army",
    "Navy",
    "Council",
    "Ministry",
    "Department",
    "Agency",
    "Bank",
    "Union",
    "Party",
    "Office",
    "Group",
    "Command",
    "Corps",
    "Service",
    "Services",
    "Committee",
    "Commission",
    "Parliament",
    "Government",
    "Organisation",
    "Organization",
    "Alliance",
    "Nations",
    "Institute",
    "University",
];

/// Last words that mark a named document or agreement.
const DOC_HEADS: &[&str] = &[
    "Review",
    "Declaration",
    "Strategy",
    "Act",
    "Agreement",
    "Treaty",
    "Report",
    "Plan",
    "Paper",
    "Arrangement",
    "Framework",
    "Charter",
    "Convention",
    "Accord",
    "Memorandum",
    "Programme",
    "Program",
    "Initiative",
    "Partnership",
];

/// What the name learner found.
#[derive(Debug, Default)]
pub struct NamesLearned {
    /// Names, titles and roles.
    pub rules: RuleFile,
    /// Disagreements between sources, in words.
    pub conflicts: Vec<String>,
}

#[derive(Debug, Clone)]
struct Candidate {
    kind: NameKind,
    acronym: Option<String>,
}

/// Learns names, titles and roles from `corpus`.
pub fn learn(corpus: &Corpus) -> NamesLearned {
    let lower_vocab = lowercase_vocabulary(corpus);
    let surnames = honorific_surnames(corpus);

    let mut candidates: BTreeMap<String, Candidate> = BTreeMap::new();
    // (person, title) -> documents
    let mut role_obs: Vec<(String, String, String)> = Vec::new();
    let mut title_case: BTreeMap<String, Tally> = BTreeMap::new();

    for doc in &corpus.docs {
        for (base, slice) in doc.prose_slices() {
            let ws: Vec<Word<'_>> = words(slice, base).collect();
            for run in runs(&doc.text, &ws) {
                for part in split_at_and(&ws, run) {
                    analyse_run(
                        doc,
                        &ws,
                        part,
                        &lower_vocab,
                        &surnames,
                        &mut candidates,
                        &mut role_obs,
                        &mut title_case,
                    );
                }
            }
        }
        for (code, _) in codes(doc) {
            candidates.entry(code).or_insert(Candidate {
                kind: NameKind::Code,
                acronym: None,
            });
        }
    }

    // People known by full name, so `Prime Minister Abe` can be resolved.
    let people: Vec<String> = candidates
        .iter()
        .filter(|(_, c)| c.kind == NameKind::Person)
        .map(|(n, _)| n.clone())
        .collect();
    let by_surname = |s: &str| -> Option<String> {
        let mut hits = people.iter().filter(|p| p.rsplit(' ').next() == Some(s));
        let first = hits.next()?;
        hits.next().is_none().then(|| first.clone())
    };

    // Tally every surface form of every candidate.
    let tallies = tally_forms(corpus, candidates.keys().map(String::as_str));
    let mut names = Vec::new();
    let mut conflicts = Vec::new();
    let mut seen_forms: HashSet<String> = HashSet::new();
    for (key, tally) in &tallies {
        let Some((canonical_guess, cand)) = candidates.iter().find(|(n, _)| &skeleton(n) == key)
        else {
            continue;
        };
        let specific = matches!(
            cand.kind,
            NameKind::Person
                | NameKind::Ship
                | NameKind::Exercise
                | NameKind::Code
                | NameKind::Document
        ) || cand.acronym.is_some();
        let verdict = decide(tally);
        let preferred = match verdict {
            Verdict::Preferred(p) => p,
            Verdict::Insufficient if specific && tally.forms.len() == 1 => canonical_guess.clone(),
            Verdict::Conflict(forms) => {
                conflicts.push(format!(
                    "name: sources disagree on {}",
                    forms
                        .iter()
                        .map(|f| format!("'{f}'"))
                        .collect::<Vec<_>>()
                        .join(" / ")
                ));
                continue;
            }
            _ => continue,
        };
        // A form in lower case is never a name's canonical form.
        if !preferred
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            || !seen_forms.insert(preferred.clone())
        {
            continue;
        }
        let stats = &tally.forms[&preferred];
        names.push(NameRule {
            name: preferred,
            kind: cand.kind,
            acronym: cand.acronym.clone(),
            evidence: stats.evidence(),
        });
    }
    names.sort_by(|a, b| a.name.cmp(&b.name));

    // Titles: the case a title takes before a name.
    let mut titles = Vec::new();
    for tally in title_case.values() {
        if let Verdict::Preferred(t) = decide(tally) {
            if is_capitalised(&t) {
                titles.push(TitleRule {
                    evidence: tally.forms[&t].evidence(),
                    title: t,
                });
            }
        } else if let Some((t, s)) = tally.forms.iter().find(|(t, _)| is_capitalised(t)) {
            // One sighting, no lower-case rival: still a title the house writes.
            if tally.forms.len() == 1 {
                titles.push(TitleRule {
                    title: t.clone(),
                    evidence: s.evidence(),
                });
            }
        }
    }
    titles.sort_by(|a, b| a.title.cmp(&b.title));

    // Roles, with the dated period the corpus supports.
    let dates: BTreeMap<&str, Option<Date>> = corpus
        .docs
        .iter()
        .map(|d| (d.id.as_str(), d.date))
        .collect();
    let mut roles: BTreeMap<(String, String), (u32, BTreeSet<String>)> = BTreeMap::new();
    let known_names: BTreeSet<&str> = names
        .iter()
        .filter(|n| n.kind == NameKind::Person)
        .map(|n| n.name.as_str())
        .collect();
    for (person, title, doc) in role_obs {
        let person = if person.contains(' ') {
            Some(person)
        } else {
            by_surname(&person)
        };
        let Some(person) = person.filter(|p| known_names.contains(p.as_str())) else {
            continue;
        };
        let title = titles
            .iter()
            .find(|t| t.title.eq_ignore_ascii_case(&title))
            .map_or(title, |t| t.title.clone());
        if !is_capitalised(&title) {
            continue;
        }
        let e = roles.entry((person, title)).or_default();
        e.0 += 1;
        e.1.insert(doc);
    }
    let roles = roles
        .into_iter()
        .map(|((person, role), (seen, docs))| {
            let dated: Vec<Date> = docs
                .iter()
                .filter_map(|d| dates.get(d.as_str()).copied().flatten())
                .collect();
            RoleRule {
                person,
                role,
                from: dated.iter().min().copied(),
                until: dated.iter().max().copied(),
                evidence: crate::rules::Evidence {
                    seen,
                    documents: docs.into_iter().collect(),
                },
            }
        })
        .collect();

    NamesLearned {
        rules: RuleFile {
            names,
            titles,
            roles,
            ..RuleFile::default()
        },
        conflicts,
    }
}

/// A name's skeleton: lower case, letters and digits only.
pub fn skeleton(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Lower-case words the corpus uses, to tell a sentence-initial capital from
/// a name.
fn lowercase_vocabulary(corpus: &Corpus) -> HashSet<String> {
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

/// Surnames the corpus gives an honorific (`Mr Hammond`, `Ms May`).
fn honorific_surnames(corpus: &Corpus) -> HashSet<String> {
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

/// Runs of name-like words: index ranges into `ws`.
fn runs(text: &str, ws: &[Word<'_>]) -> Vec<std::ops::Range<usize>> {
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

#[allow(clippy::too_many_arguments)]
fn analyse_run(
    doc: &CorpusDoc,
    ws: &[Word<'_>],
    run: std::ops::Range<usize>,
    lower_vocab: &HashSet<String>,
    surnames: &HashSet<String>,
    candidates: &mut BTreeMap<String, Candidate>,
    role_obs: &mut Vec<(String, String, String)>,
    title_case: &mut BTreeMap<String, Tally>,
) {
    let text = doc.text.as_str();
    let mut s = run.start;
    let e = run.end;
    // Drop a capital that only marks the start of a sentence, unless an
    // office word follows (`Prime Minister`, `Foreign Secretary`).
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
        return;
    }
    // Page debris glued to a sentence (`Japan.Government Opportunities`).
    if ws[s].start > 0 && text[..ws[s].start].ends_with(|c: char| c == '.' || c.is_alphanumeric()) {
        return;
    }
    let toks: Vec<&str> = ws[s..e].iter().map(|w| w.text).collect();
    let span_text = |a: usize, b: usize| &text[ws[a].start..ws[b - 1].end];

    // Ships.
    if is_in(lexicon::SHIP_PREFIXES, toks[0]) && toks.len() >= 2 {
        let end = (s + 4).min(e);
        candidates
            .entry(span_text(s, end).to_string())
            .or_insert(Candidate {
                kind: NameKind::Ship,
                acronym: None,
            });
        return;
    }
    // Exercises and other names written in capitals.
    let caps: Vec<bool> = toks
        .iter()
        .map(|t| is_all_caps(t) && t.chars().count() >= 4)
        .collect();
    if caps.len() >= 2 && caps.iter().all(|&c| c) {
        candidates
            .entry(span_text(s, e).to_string())
            .or_insert(Candidate {
                kind: NameKind::Exercise,
                acronym: None,
            });
        return;
    }

    // People and titles.
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
        // Honorifics, decorations and ranks are not part of the name, unless
        // stripping them would leave a single word (`Gen Nakatani`).
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
        if q > p {
            let person = span_text(p, q).to_string();
            if q - p >= 2 {
                candidates.entry(person.clone()).or_insert(Candidate {
                    kind: NameKind::Person,
                    acronym: None,
                });
            }
            if let Some(title) = title {
                if !title.ends_with('s') || title.ends_with("ss") {
                    title_case
                        .entry(title.to_lowercase())
                        .or_default()
                        .add(&title, &doc.id);
                    role_obs.push((person, title, doc.id.clone()));
                }
            }
            // A second person after `and` (`Ministers A B and C D`).
            return;
        }
    }
    if head.is_some() || is_in(lexicon::OFFICE_HEADS, ws[e - 1].text) {
        // A bare title (`the Foreign Secretary said`) is not a name.
        return;
    }

    // Other names: two or more words, not starting with a nationality word.
    let mut s2 = s;
    while s2 < e && lexicon::is_nationality(ws[s2].text) && !is_all_caps(ws[s2].text) {
        s2 += 1;
    }
    let content = (s2..e)
        .filter(|&i| !lexicon::NAME_CONNECTORS.contains(&ws[i].text))
        .count();
    if !(2..=7).contains(&content) {
        return;
    }
    let mut name = span_text(s2, e).to_string();
    let last = ws[e - 1].text;
    let mut acronym = acronym_after(text, ws[e - 1].end, &ws[s2..e]);
    if acronym.is_none() && s2 > s {
        // The acronym may count the nationality word (`Japanese Ground
        // Self-Defense Forces (JGSDF)`).
        acronym = acronym_after(text, ws[e - 1].end, &ws[s..e]);
        if acronym.is_some() {
            name = span_text(s, e).to_string();
        }
    }
    let kind = if acronym.is_some() || ORG_HEADS.contains(&last) {
        NameKind::Organisation
    } else if DOC_HEADS.contains(&last) && content >= 3 {
        NameKind::Document
    } else {
        NameKind::Other
    };
    let entry = candidates.entry(name).or_insert(Candidate {
        kind,
        acronym: None,
    });
    if acronym.is_some() {
        entry.acronym = acronym;
        entry.kind = NameKind::Organisation;
    }
}

/// Splits a run at `and`/`&` (`Britain and Japan`, `Defence Secretary Ben
/// Wallace and Foreign Secretary Dominic Raab`), unless the whole run names
/// one document or organisation (`Strategic Defence and Security Review`).
fn split_at_and(ws: &[Word<'_>], run: std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
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

/// Codes such as `F-35`, `CSG21`, `B-1B`, `G7` in a document's prose.
fn codes(doc: &CorpusDoc) -> Vec<(String, usize)> {
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

/// Counts every surface form of each name across the corpus.
fn tally_forms<'a>(
    corpus: &Corpus,
    names: impl Iterator<Item = &'a str>,
) -> BTreeMap<String, Tally> {
    let mut patterns: Vec<String> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for n in names {
        let key = skeleton(n);
        for v in separator_variants(n) {
            if seen.insert(v.to_lowercase()) {
                patterns.push(v);
                keys.push(key.clone());
            }
        }
    }
    let mut out: BTreeMap<String, Tally> = BTreeMap::new();
    if patterns.is_empty() {
        return out;
    }
    let ac: AhoCorasick = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
        .expect("name automaton");
    for doc in &corpus.docs {
        for (_, slice) in doc.prose_slices() {
            for m in ac.find_iter(slice) {
                if !crate::text::words::is_name_boundary(slice, m.start(), m.end()) {
                    continue;
                }
                let form = &slice[m.range()];
                // A sentence-initial capital says nothing about case.
                out.entry(keys[m.pattern().as_usize()].clone())
                    .or_default()
                    .add(form, &doc.id);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learn_texts(texts: &[(&str, &str)]) -> NamesLearned {
        learn(&Corpus::from_texts(texts.iter().copied()))
    }

    fn names(l: &NamesLearned) -> Vec<(&str, NameKind)> {
        l.rules
            .names
            .iter()
            .map(|n| (n.name.as_str(), n.kind))
            .collect()
    }

    #[test]
    fn people_titles_and_roles() {
        let l = learn_texts(&[
            ("a.txt", "Foreign Secretary Philip Hammond has arrived in Tokyo. Mr Hammond will meet officials."),
            ("b.txt", "In London, Defence Secretary Ben Wallace said the plan was sound. Later Foreign Secretary Philip Hammond spoke."),
        ]);
        let n = names(&l);
        assert!(n.contains(&("Philip Hammond", NameKind::Person)), "{n:?}");
        assert!(n.contains(&("Ben Wallace", NameKind::Person)), "{n:?}");
        let roles: Vec<(&str, &str)> = l
            .rules
            .roles
            .iter()
            .map(|r| (r.person.as_str(), r.role.as_str()))
            .collect();
        assert!(
            roles.contains(&("Philip Hammond", "Foreign Secretary")),
            "{roles:?}"
        );
        assert!(
            roles.contains(&("Ben Wallace", "Defence Secretary")),
            "{roles:?}"
        );
        let titles: Vec<&str> = l.rules.titles.iter().map(|t| t.title.as_str()).collect();
        assert!(titles.contains(&"Foreign Secretary"), "{titles:?}");
    }

    #[test]
    fn ships_exercises_organisations_and_codes() {
        let l = learn_texts(&[
            ("a.txt", "The deployment of HMS Argyll was agreed. The VIGILANT ISLES exercise series continues. The Japan Maritime Self-Defense Forces (JMSDF) trained with the F-35 and the F-35 again."),
            ("b.txt", "Then HMS Argyll sailed to Japan with an F35 on board."),
        ]);
        let n = names(&l);
        assert!(n.contains(&("HMS Argyll", NameKind::Ship)), "{n:?}");
        assert!(n.contains(&("VIGILANT ISLES", NameKind::Exercise)), "{n:?}");
        assert!(
            n.contains(&("Japan Maritime Self-Defense Forces", NameKind::Organisation)),
            "{n:?}"
        );
        assert!(n.contains(&("F-35", NameKind::Code)), "{n:?}");
        assert!(!n.iter().any(|(x, _)| *x == "F35"), "{n:?}");
        let jmsdf = l
            .rules
            .names
            .iter()
            .find(|x| x.name.starts_with("Japan Maritime"))
            .unwrap();
        assert_eq!(jmsdf.acronym.as_deref(), Some("JMSDF"));
    }

    #[test]
    fn sentence_capitals_and_one_off_phrases_are_not_names() {
        let l = learn_texts(&[
            ("a.txt", "Both leaders met. Apart from security, trade matters. The Global Times said so. both sides agreed, apart from one."),
            ("b.txt", "Nothing else here."),
        ]);
        assert!(names(&l).is_empty(), "{:?}", names(&l));
    }

    #[test]
    fn generic_names_need_two_sightings_and_case_is_decided_by_documents() {
        let l = learn_texts(&[
            (
                "a.txt",
                "She attended the National Security Council in Tokyo.",
            ),
            ("b.txt", "He spoke at the National Security Council again."),
            ("c.txt", "He addressed his national security council."),
        ]);
        assert!(
            names(&l).contains(&("National Security Council", NameKind::Organisation)),
            "{:?}",
            names(&l)
        );
    }
}
