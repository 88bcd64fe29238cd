//! The final decisions on names: every candidate's surface forms counted
//! across the corpus, and the house form chosen from them.

use std::collections::{BTreeMap, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::Candidate;
use crate::learn::evidence::{decide, Tally, Verdict};
use crate::learn::Corpus;
use crate::rules::{FormCount, NameKind, NameRule};
use crate::text::names::separator_variants;

/// The names the evidence supports, sorted, and the disagreements between
/// sources that kept a name out, in words.
pub(super) fn names(
    corpus: &Corpus,
    candidates: &BTreeMap<String, Candidate>,
) -> (Vec<NameRule>, Vec<String>) {
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
        let rivals = tally
            .forms
            .iter()
            .filter(|(f, s)| **f != preferred && s.seen > 0)
            .map(|(f, s)| FormCount {
                form: f.clone(),
                evidence: s.evidence(),
            })
            .collect();
        names.push(NameRule {
            name: preferred,
            kind: cand.kind,
            acronym: cand.acronym.clone(),
            evidence: stats.evidence(),
            rivals,
        });
    }
    names.sort_by(|a, b| a.name.cmp(&b.name));
    (names, conflicts)
}

/// A name's skeleton: lower case, letters and digits only.
pub fn skeleton(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
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
        for (_, joined) in doc.joined_prose() {
            // Prose is read across hard wraps: a line break inside a name
            // counts as the space it stands for.
            let slice = joined.as_str();
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
