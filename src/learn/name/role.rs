//! Titles (the case a title takes before a name) and roles (a person with a
//! title, over the dated period the corpus shows).

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;

use super::RoleSighting;
use crate::learn::evidence::{decide, Tally, Verdict};
use crate::learn::Corpus;
use crate::rules::{Evidence, NameKind, NameRule, RoleRule, TitleRule};
use crate::text::words::is_capitalised;

/// The titles the house capitalises, sorted: the form the evidence prefers,
/// or the one capitalised form seen when no lower-case rival was.
pub(super) fn titles(title_case: &BTreeMap<String, Tally>) -> Vec<TitleRule> {
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
    titles
}

/// Roles from the sightings, each with the dates of the documents that show
/// it (`from` the earliest, `until` the latest). A surname alone (`Prime
/// Minister Abe`) is resolved to the one full name among `people` that ends
/// in it; only people kept as names hold roles; the title takes the house's
/// case.
pub(super) fn roles(
    corpus: &Corpus,
    sightings: Vec<RoleSighting>,
    people: &[String],
    names: &[NameRule],
    titles: &[TitleRule],
) -> Vec<RoleRule> {
    let by_surname = |s: &str| -> Option<String> {
        let mut hits = people.iter().filter(|p| p.rsplit(' ').next() == Some(s));
        let first = hits.next()?;
        hits.next().is_none().then(|| first.clone())
    };
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
    for (person, title, doc) in sightings {
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
    roles
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
                evidence: Evidence {
                    seen,
                    documents: docs.into_iter().collect(),
                },
            }
        })
        .collect()
}
