//! Learning how the house refers to a person after the first mention.
//!
//! For every person the names learner found (a name of kind person of two
//! or more words, `Angela Whitcombe`), the corpus is searched for the rest
//! of the name after the first name (`Whitcombe`, `bin Rashid`) standing
//! alone: the honorific directly before it (`Ms.`, `Dr`) is counted per
//! document, and [`decide`] picks the house's reference for that person.
//! How often the first name stands alone outside quotations is counted too,
//! so that a draft's `Karim said` can be judged against a house that never
//! writes it. Only what the corpus shows consistently becomes a rule.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};

use super::evidence::{decide, Tally, Verdict, MIN_DOCS_PREFERRED, MIN_SEEN_PREFERRED};
use super::Corpus;
use crate::rules::{NameKind, NameRule, ReferenceRule};
use crate::text::honorifics::{first_alone, honorific_before, split_person};
use crate::text::words::{is_capitalised, is_whole_word, words};

/// Learns the later-reference rules of the people in `names`.
pub fn learn(corpus: &Corpus, names: &[NameRule]) -> Vec<ReferenceRule> {
    let people: Vec<(&str, &str, &str)> = names
        .iter()
        .filter(|n| n.kind == NameKind::Person)
        .filter_map(|n| split_person(&n.name).map(|(f, r)| (n.name.as_str(), f, r)))
        .collect();
    if people.is_empty() {
        return Vec::new();
    }
    // Pattern i is person i's rest; pattern n + i their first name.
    let patterns: Vec<&str> = people
        .iter()
        .map(|p| p.2)
        .chain(people.iter().map(|p| p.1))
        .collect();
    let Ok(finder) = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&patterns)
    else {
        return Vec::new();
    };
    let n = people.len();
    let mut tallies: Vec<Tally> = vec![Tally::default(); n];
    let mut alone: Vec<u32> = vec![0; n];
    // A first name shared by two people is never judged alone.
    let mut firsts: HashMap<&str, usize> = HashMap::new();
    for p in &people {
        *firsts.entry(p.1).or_default() += 1;
    }
    // Words the corpus writes in lower case: a first name that is also a
    // word (`Grant`, `Will`) is never judged alone.
    let mut lower: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for doc in &corpus.docs {
        for (_, slice) in doc.prose_slices() {
            lower.extend(
                words(slice, 0)
                    .map(|w| w.text)
                    .filter(|w| !is_capitalised(w)),
            );
            for m in finder.find_overlapping_iter(slice) {
                let (s, e) = (m.start(), m.end());
                if !is_whole_word(slice, s, e) {
                    continue;
                }
                let i = m.pattern().as_usize();
                if i < n {
                    let (_, first, _) = people[i];
                    if slice[..s].trim_end().ends_with(first) {
                        continue; // the full name
                    }
                    if let Some((title, _)) = honorific_before(slice, s) {
                        tallies[i].add(title, &doc.id);
                    }
                } else if first_alone(slice, s, e, people[i - n].2) {
                    alone[i - n] += 1;
                }
            }
        }
    }
    let mut out = Vec::new();
    for (i, tally) in tallies.iter().enumerate() {
        let Verdict::Preferred(form) = decide(tally) else {
            continue;
        };
        let stats = &tally.forms[&form];
        // One honorific only, with or without a full stop: where the
        // sources give a person two (`Mrs May`, `Ms May`), either is theirs.
        let title = form.trim_end_matches('.');
        let one_title = tally.forms.keys().all(|f| f.trim_end_matches('.') == title);
        if stats.seen < MIN_SEEN_PREFERRED || stats.docs.len() < MIN_DOCS_PREFERRED || !one_title {
            continue;
        }
        out.push(ReferenceRule {
            person: people[i].0.to_string(),
            evidence: stats.evidence(),
            others: tally
                .forms
                .iter()
                .filter(|(f, _)| **f != form)
                .map(|(f, s)| (f.clone(), s.seen))
                .collect(),
            // Unknown when the first name is shared: never judged.
            first_name_alone: if firsts[people[i].1] > 1
                || lower.contains(people[i].1.to_lowercase().as_str())
            {
                u32::MAX
            } else {
                alone[i]
            },
            form,
        });
    }
    out.sort_by(|a, b| a.person.cmp(&b.person));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Evidence;

    fn person(name: &str) -> NameRule {
        NameRule {
            name: name.into(),
            kind: NameKind::Person,
            acronym: None,
            evidence: Evidence::default(),
            rivals: Vec::new(),
        }
    }

    fn learned(texts: &[(&str, &str)], names: &[&str]) -> Vec<ReferenceRule> {
        let names: Vec<NameRule> = names.iter().map(|n| person(n)).collect();
        learn(&Corpus::from_texts(texts.iter().copied()), &names)
    }

    #[test]
    fn the_house_reference_for_a_person_is_learned() {
        let rules = learned(
            &[
                ("a.txt", "Karim bin Rashid spoke. Dr bin Rashid said so."),
                ("b.txt", "Dr bin Rashid agreed. “Karim knows,” she said."),
                ("c.txt", "Angela Whitcombe spoke. Ms. Whitcombe left."),
                (
                    "d.txt",
                    "Later that day, Ms. Whitcombe agreed with the council.",
                ),
            ],
            &["Karim bin Rashid", "Angela Whitcombe"],
        );
        let got: Vec<(&str, &str, u32, u32)> = rules
            .iter()
            .map(|r| {
                (
                    r.person.as_str(),
                    r.form.as_str(),
                    r.evidence.seen,
                    r.first_name_alone,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Angela Whitcombe", "Ms.", 2, 0),
                ("Karim bin Rashid", "Dr", 2, 0)
            ]
        );
    }

    #[test]
    fn first_names_alone_are_counted_outside_quotations_only() {
        let rules = learned(
            &[
                ("a.txt", "Ann Roe spoke. Ms Roe left. Ann said so."),
                ("b.txt", "Ms Roe agreed. \"Ann is right,\" he said."),
            ],
            &["Ann Roe"],
        );
        assert_eq!(rules[0].first_name_alone, 1);
    }

    #[test]
    fn a_first_name_that_is_also_a_word_is_never_judged() {
        let rules = learned(
            &[
                ("a.txt", "Grant Roe spoke. Ms Roe left."),
                ("b.txt", "Ms Roe agreed to the grant."),
            ],
            &["Grant Roe"],
        );
        assert_eq!(rules[0].first_name_alone, u32::MAX);
    }

    #[test]
    fn a_person_the_sources_give_two_honorifics_has_no_rule() {
        let rules = learned(
            &[
                ("a.txt", "Theresa May spoke. Mrs May left. Mrs May."),
                ("b.txt", "Ms May agreed. Ms May. Ms May. Ms May."),
            ],
            &["Theresa May"],
        );
        assert!(rules.is_empty(), "{rules:?}");
    }

    #[test]
    fn a_name_cut_short_is_not_a_person_to_refer_to() {
        let rules = learned(
            &[
                ("a.txt", "Ms. O'Connell spoke."),
                ("b.txt", "Ms. O'Connell left."),
            ],
            &["Kathleen O"],
        );
        assert!(rules.is_empty(), "{rules:?}");
    }

    #[test]
    fn one_mention_or_no_honorific_teaches_nothing() {
        assert!(learned(&[("a.txt", "Ann Roe spoke. Ms Roe left.")], &["Ann Roe"]).is_empty());
        assert!(
            learned(
                &[("a.txt", "Ann Roe spoke. Ms Roe left. Ms Roe.")],
                &["Ann Roe"]
            )
            .is_empty(),
            "one document is not a house habit"
        );
        assert!(learned(&[("a.txt", "Ann Roe spoke. Roe left. Roe.")], &["Ann Roe"]).is_empty());
    }
}
