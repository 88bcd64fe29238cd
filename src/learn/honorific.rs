//! Learning how honorifics are written, and whom the sources disagree on.
//!
//! - **Full stops.** Every contracted honorific directly before a
//!   capitalised name (`Mr Abe`, `Mr. Abe`, `Dr Fox`; see
//!   [`mention_at`]) is counted as written with or without a full stop, per
//!   document, and [`decide`] picks the house habit: `Mr. Abe` once against
//!   `Mr Abe` and `Mr Hammond` in other documents gives "no full stop". A
//!   house whose documents write `Mr.` learns the reverse.
//! - **Ranks.** Every rank or abbreviated title before a name (`Capt.
//!   Alvarez`, `Lt Cdr Kowalczyk`, `Rear Adm. Harrington`; see
//!   [`rank_at`]) is counted per rank as written (`Capt.`, `Capt`,
//!   `Captain`), and [`decide`] picks the house's form for each rank shown
//!   consistently: contractions and truncations are learned apart, since a
//!   house may write `Mr` and `Prof.`; a rank the corpus writes only one way
//!   has that form.
//! - **Conflicts.** A surname given different courtesy titles in different
//!   documents (`Mrs May` in one source, `Ms May` in another) is recorded as
//!   a [`HonorificConflict`]. It is never decided by counts: a person's
//!   honorific is a matter of each source's style, so a draft may use
//!   either, but only one (the check `honorific/consistency`). `Mr` against
//!   `Mrs` is not a conflict: that is usually two people.

use std::collections::{BTreeMap, BTreeSet};

use super::evidence::{decide, FormStats, Tally, Verdict, MIN_DOCS_PREFERRED};
use super::Corpus;
use crate::rules::{HonorificConflict, HonorificRule, RankRule, RuleFile};
use crate::text::honorifics::{interchangeable, mention_at, rank_at, CONTRACTED};
use crate::text::lexicon::{rank_of, COURTESY_TITLES, HONORIFICS};
use crate::text::words::words;

const WITH: &str = "with a full stop";
const WITHOUT: &str = "without a full stop";

/// Learns this family's rules from `corpus`.
pub fn learn(corpus: &Corpus) -> (RuleFile, Vec<String>) {
    let mut stops = Tally::default();
    // Surname → courtesy title → where.
    let mut people: BTreeMap<String, BTreeMap<String, FormStats>> = BTreeMap::new();
    // Rank → form as written → where.
    let mut ranks: BTreeMap<&'static str, Tally> = BTreeMap::new();
    for doc in &corpus.docs {
        for (_, slice) in doc.prose_slices() {
            for w in words(slice, 0).filter(|w| rank_of(w.text).is_some()) {
                if let Some(r) = rank_at(slice, w.start, w.end) {
                    ranks.entry(r.rank).or_default().add(&r.form(), &doc.id);
                }
            }
            for w in words(slice, 0).filter(|w| HONORIFICS.contains(&w.text)) {
                let Some(m) = mention_at(slice, w.start, w.end) else {
                    continue;
                };
                if CONTRACTED.contains(&m.title) {
                    stops.add(if m.full_stop { WITH } else { WITHOUT }, &doc.id);
                }
                if COURTESY_TITLES.contains(&m.title) {
                    people
                        .entry(m.surname.to_string())
                        .or_default()
                        .entry(m.title.to_string())
                        .or_default()
                        .add(&doc.id);
                }
            }
        }
    }
    let mut file = RuleFile::default();
    let mut notes = Vec::new();
    let stats = |f: &str| stops.forms.get(f).cloned().unwrap_or_default();
    match decide(&stops) {
        Verdict::Preferred(form) => {
            let other = if form == WITH { WITHOUT } else { WITH };
            file.honorifics = Some(HonorificRule {
                full_stop: form == WITH,
                evidence: stats(&form).evidence(),
                other_seen: stats(other).seen,
                other_documents: stats(other).docs.into_iter().collect(),
            });
        }
        Verdict::Conflict(_) => notes.push(format!(
            "honorifics: written with a full stop in {} and without in {}; no rule learned",
            docs_list(&stats(WITH)),
            docs_list(&stats(WITHOUT))
        )),
        Verdict::Insufficient => {}
    }
    for (rank, tally) in &ranks {
        match decide(tally) {
            // One document is not a house habit.
            Verdict::Preferred(form) if tally.forms[&form].docs.len() < MIN_DOCS_PREFERRED => {}
            Verdict::Preferred(form) => file.ranks.push(RankRule {
                rank: rank.to_string(),
                evidence: tally.forms[&form].evidence(),
                others: tally
                    .forms
                    .iter()
                    .filter(|(f, _)| **f != form)
                    .map(|(f, s)| (f.clone(), s.seen))
                    .collect(),
                form,
            }),
            Verdict::Conflict(forms) => notes.push(format!(
                "{rank}: written {} before names; no rule learned",
                forms
                    .iter()
                    .map(|f| format!("'{f}' in {}", docs_list(&tally.forms[f])))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Verdict::Insufficient => {}
        }
    }
    for (surname, titles) in &people {
        let in_conflict: Vec<&String> = titles
            .keys()
            .filter(|t| titles.keys().any(|u| interchangeable(t, u)))
            .collect();
        let documents: BTreeSet<&String> = in_conflict
            .iter()
            .flat_map(|t| titles[*t].docs.iter())
            .collect();
        if in_conflict.len() < 2 || documents.len() < 2 {
            // One title, or a disagreement within a single document.
            continue;
        }
        let described: Vec<String> = in_conflict
            .iter()
            .map(|t| format!("'{t}' in {}", docs_list(&titles[*t])))
            .collect();
        notes.push(format!(
            "{surname}: {}; a draft may use either honorific, but only one",
            described.join(", ")
        ));
        file.honorific_conflicts.push(HonorificConflict {
            person: surname.clone(),
            forms: in_conflict.into_iter().cloned().collect(),
            documents: documents.into_iter().cloned().collect(),
        });
    }
    (file, notes)
}

fn docs_list(s: &FormStats) -> String {
    s.docs.iter().cloned().collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learned(texts: &[(&str, &str)]) -> (RuleFile, Vec<String>) {
        learn(&Corpus::from_texts(texts.iter().copied()))
    }

    #[test]
    fn one_stray_full_stop_is_outvoted() {
        let (file, _) = learned(&[
            ("a.txt", "Mr. Abe said so."),
            ("b.txt", "Mr Hammond arrived. Mr Hammond spoke."),
            (
                "c.txt",
                "Mr Abe agreed. Mr Abe said. Mr Abe told them. Mr Abe left.",
            ),
        ]);
        let rule = file.honorifics.expect("a rule");
        assert!(!rule.full_stop);
        assert_eq!(rule.evidence.documents, ["b", "c"]);
        assert_eq!(rule.evidence.seen, 6);
        assert_eq!(rule.other_seen, 1);
    }

    #[test]
    fn a_house_that_writes_mr_dot_learns_it() {
        let (file, _) = learned(&[
            ("a.txt", "Mr. Abe said so. Dr. Fox agreed."),
            ("b.txt", "Mrs. Clinton arrived."),
            ("c.txt", "Mr Abe agreed."),
        ]);
        assert!(file.honorifics.unwrap().full_stop);
    }

    #[test]
    fn one_document_is_not_a_house_habit() {
        let (file, _) = learned(&[("a.txt", "Mr. Abe said so."), ("b.txt", "Nothing.")]);
        assert!(file.honorifics.is_none());
    }

    #[test]
    fn mrs_and_ms_may_in_different_sources_is_a_conflict_not_a_winner() {
        let (file, notes) = learned(&[
            ("001.txt", "Mrs May arrived. Mrs May spoke. Mrs May left."),
            ("003.txt", "Ms May toured the carrier."),
            ("004.txt", "Theresa May said in May that she may go."),
        ]);
        assert_eq!(
            file.honorific_conflicts,
            [HonorificConflict {
                person: "May".into(),
                forms: vec!["Mrs".into(), "Ms".into()],
                documents: vec!["001".into(), "003".into()],
            }]
        );
        assert_eq!(
            notes,
            ["May: 'Mrs' in 001, 'Ms' in 003; a draft may use either honorific, but only one"]
        );
    }

    #[test]
    fn two_people_and_one_document_are_not_conflicts() {
        let (file, _) = learned(&[
            ("a.txt", "Mr Smith and Mrs Smith arrived."),
            ("b.txt", "Mrs Smith spoke."),
            ("c.txt", "Ms Jones and Mrs Jones met."),
        ]);
        assert!(file.honorific_conflicts.is_empty());
    }

    #[test]
    fn each_rank_is_learned_as_the_house_writes_it() {
        let (file, _) = learned(&[
            (
                "a.txt",
                "Rear Adm. Jo Hale met Lt. Cmdr. Ann Roe. Later Adm. Hale spoke.",
            ),
            ("b.txt", "said Capt. Ben Ortiz, with Lt. Cmdr. Ann Roe."),
            (
                "c.txt",
                "Capt. Ortiz and Adm. Hale agreed; Capt Ortiz left.",
            ),
        ]);
        let got: Vec<(&str, &str, u32)> = file
            .ranks
            .iter()
            .map(|r| (r.rank.as_str(), r.form.as_str(), r.evidence.seen))
            .collect();
        assert_eq!(
            got,
            [
                ("Admiral", "Adm.", 3),
                ("Captain", "Capt.", 2),
                ("Commander", "Cmdr.", 2),
                ("Lieutenant", "Lt.", 2),
            ]
        );
        assert_eq!(file.ranks[1].others["Capt"], 1);
    }

    #[test]
    fn a_british_house_learns_ranks_without_full_stops() {
        let (file, _) = learned(&[
            ("a.txt", "Lt Cdr Ann Roe and Lt Col Ben Ortiz arrived."),
            ("b.txt", "Lt Cdr Roe said so. Lt Col Ortiz agreed."),
        ]);
        let got: Vec<(&str, &str)> = file
            .ranks
            .iter()
            .map(|r| (r.rank.as_str(), r.form.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Colonel", "Col"),
                ("Commander", "Cdr"),
                ("Lieutenant", "Lt")
            ]
        );
    }

    #[test]
    fn words_that_only_look_like_ranks_are_not_counted() {
        let (file, _) = learned(&[
            (
                "a.txt",
                "Secretary General Ann Roe spoke. Amartya Sen Foundation. Gen Z.",
            ),
            (
                "b.txt",
                "Attorney General Ben Ortiz agreed. He met the general. Capt. The end.",
            ),
        ]);
        assert!(file.ranks.is_empty(), "{:?}", file.ranks);
        let (file, _) = learned(&[
            ("a.txt", "Commodore Ann Roe spoke. Commodore Roe left."),
            ("b.txt", "Nothing here."),
        ]);
        assert!(file.ranks.is_empty(), "one document: {:?}", file.ranks);
    }

    #[test]
    fn seeds_learn_no_full_stop_and_the_may_conflict() {
        let (corpus, errors) = Corpus::read(&["seeds".into()]);
        assert!(errors.is_empty());
        let (file, notes) = learn(&corpus);
        let rule = file.honorifics.expect("a rule");
        assert!(!rule.full_stop);
        assert_eq!(rule.other_seen, 1);
        assert_eq!(file.honorific_conflicts.len(), 1);
        let c = &file.honorific_conflicts[0];
        assert_eq!(c.person, "May");
        assert_eq!(c.forms, ["Mrs", "Ms"]);
        assert_eq!(notes.len(), 1);
        assert!(file.ranks.is_empty(), "{:?}", file.ranks);
    }
}
