//! Counting observations and deciding what they prove.
//!
//! Every family learner tallies the forms it sees per document and asks
//! [`decide`] which form, if any, the house prefers. The policy is the same
//! for every family, so precision is tuned in one place. With the forms
//! ranked by documents, then occurrences:
//!
//! - **Enough evidence**: the top form is in at least
//!   [`MIN_DOCS_PREFERRED`] documents, or is seen at least
//!   [`MIN_SEEN_PREFERRED`] times while every rival is confined to fewer than
//!   [`MIN_DOCS_PREFERRED`] documents.
//! - **A clear win**: the top form is in more documents than any rival and
//!   seen at least as often as all rivals together, or it is seen at least
//!   [`DOMINANCE`] times as often as all rivals together. The second clause
//!   lets a form win within a tie of documents when the other form is a
//!   stray (`Mr Abe` four times against `Mr. Abe` once; `F-35` twice against
//!   `F35` once): a single observation never outweighs a repeated one.
//! - Both hold: [`Verdict::Preferred`]. Otherwise, if at least two forms are
//!   seen and the top two come from different sets of documents, the
//!   sources disagree: [`Verdict::Conflict`], which a family turns into a
//!   within-draft consistency rule, never a winner. Anything else (one form
//!   seen once, or every form inside the same documents) is
//!   [`Verdict::Insufficient`].
//!
//! Families where a choice is a matter of source, not of spelling, do not
//! use `decide` for it: a person's courtesy title (`Mrs May` / `Ms May`) seen
//! differently in different documents is always a conflict.

use std::collections::{BTreeMap, BTreeSet};

use crate::rules::Evidence;

pub const MIN_DOCS_PREFERRED: usize = 2;
pub const MIN_SEEN_PREFERRED: u32 = 2;
pub const DOMINANCE: u32 = 2;

/// How often one form was seen, and where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormStats {
    pub seen: u32,
    pub docs: BTreeSet<String>,
}

impl FormStats {
    pub fn add(&mut self, doc: &str) {
        self.seen += 1;
        // Documents are read in order, so the current one is usually last.
        if self.docs.last().is_some_and(|d| d == doc) {
            return;
        }
        if !self.docs.contains(doc) {
            self.docs.insert(doc.to_string());
        }
    }

    pub fn evidence(&self) -> Evidence {
        Evidence {
            seen: self.seen,
            documents: self.docs.iter().cloned().collect(),
        }
    }
}

/// Forms of one thing (spellings of a word, renderings of a name), keyed by
/// the exact form.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub forms: BTreeMap<String, FormStats>,
}

impl Tally {
    pub fn add(&mut self, form: &str, doc: &str) {
        self.forms.entry(form.to_string()).or_default().add(doc);
    }

    pub fn total_seen(&self) -> u32 {
        self.forms.values().map(|f| f.seen).sum()
    }

    pub fn all_docs(&self) -> BTreeSet<String> {
        self.forms
            .values()
            .flat_map(|f| f.docs.iter().cloned())
            .collect()
    }
}

/// What a tally proves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The house writes this form; the others are variants.
    Preferred(String),
    /// Sources disagree and neither form dominates.
    Conflict(Vec<String>),
    /// Too little evidence for any rule.
    Insufficient,
}

/// Decides a tally by the policy in the module documentation.
pub fn decide(tally: &Tally) -> Verdict {
    let mut ranked: Vec<(&String, &FormStats)> = tally.forms.iter().collect();
    // Most documents first, then most occurrences, then the form itself
    // (for determinism).
    ranked.sort_by(|a, b| {
        b.1.docs
            .len()
            .cmp(&a.1.docs.len())
            .then(b.1.seen.cmp(&a.1.seen))
            .then(a.0.cmp(b.0))
    });
    let Some(&(best, top)) = ranked.first() else {
        return Verdict::Insufficient;
    };
    let rest = &ranked[1..];
    let rest_seen: u32 = rest.iter().map(|(_, s)| s.seen).sum();
    let rest_max_docs = rest.iter().map(|(_, s)| s.docs.len()).max().unwrap_or(0);
    let enough = top.docs.len() >= MIN_DOCS_PREFERRED
        || (top.seen >= MIN_SEEN_PREFERRED && rest_max_docs < MIN_DOCS_PREFERRED);
    let wins = top.docs.len() > rest_max_docs && top.seen >= rest_seen
        || top.seen >= DOMINANCE * rest_seen.max(1) && top.seen > rest_seen;
    if enough && wins {
        return Verdict::Preferred(best.clone());
    }
    let contenders: Vec<String> = ranked
        .iter()
        .filter(|(_, s)| s.docs.len() >= MIN_DOCS_PREFERRED.min(top.docs.len()).max(1))
        .map(|(f, _)| (*f).clone())
        .collect();
    if contenders.len() >= 2 && ranked.iter().filter(|(_, s)| !s.docs.is_empty()).count() >= 2 {
        // Disagreement between different documents, not within one.
        let docs_of: Vec<&BTreeSet<String>> = ranked.iter().map(|(_, s)| &s.docs).collect();
        if docs_of.len() >= 2 && docs_of[0] != docs_of[1] {
            return Verdict::Conflict(contenders);
        }
    }
    Verdict::Insufficient
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(entries: &[(&str, &[&str])]) -> Tally {
        let mut t = Tally::default();
        for (form, docs) in entries {
            for d in *docs {
                t.add(form, d);
            }
        }
        t
    }

    #[test]
    fn majority_of_documents_wins() {
        let t = tally(&[
            ("cooperation", &["a", "a", "c", "e"]),
            ("co-operation", &["b", "d", "d", "d"]),
        ]);
        assert_eq!(decide(&t), Verdict::Preferred("cooperation".into()));
    }

    #[test]
    fn a_single_stray_observation_never_wins() {
        let t = tally(&[("Mr Abe", &["d", "d", "d", "d"]), ("Mr. Abe", &["b"])]);
        assert_eq!(decide(&t), Verdict::Preferred("Mr Abe".into()));
        let t = tally(&[("Mr. Abe", &["b"])]);
        assert_eq!(decide(&t), Verdict::Insufficient);
    }

    #[test]
    fn balanced_sources_are_a_conflict() {
        let t = tally(&[("Mrs May", &["b", "b", "c"]), ("Ms May", &["d", "d", "e"])]);
        assert!(matches!(decide(&t), Verdict::Conflict(_)));
    }

    #[test]
    fn within_one_document_is_not_evidence_across_documents() {
        let t = tally(&[("x", &["a"]), ("y", &["a"])]);
        assert_eq!(decide(&t), Verdict::Insufficient);
    }
}
