//! Learning exact names, titles and roles.
//!
//! 1. **Candidates.** In each document's prose, maximal runs of capitalised
//!    words (joined by spaces or hyphens, allowing `of`, `and`, `for` inside)
//!    are read as names (`runs.rs`). A sentence's first word is dropped when
//!    the corpus also writes it in lower case (`Both`, `The`), so
//!    capitalisation by position is not mistaken for a name. Runs are
//!    classified (`kind.rs`): ships (a ship prefix), exercises (words in
//!    capitals), organisations (introduced with an acronym in brackets),
//!    documents, codes (`F-35`, `CSG21`), and people (`person.rs`): two or
//!    three words after a title (`Foreign Secretary Philip Hammond`), or
//!    whose last word the corpus gives an honorific (`Mr Hammond`); a speech
//!    verb alone is not enough (`The Global Times said`). Titles are the
//!    capitalised run before a person that ends in an office word, with
//!    nationality words removed.
//! 2. **Tallies.** Every candidate's surface forms are then counted across
//!    the corpus, case-, hyphen- and space-insensitively, so that `F-35`
//!    and `F35`, or `National Security Council` and `national security
//!    council`, compete as forms of one name (`decide.rs`).
//! 3. **Decisions.** [`evidence::decide`](super::evidence::decide) picks the
//!    house form. Names of specific kinds (people, ships, exercises, codes,
//!    documents, organisations with acronyms) may rest on a single sighting
//!    when no other form competes; generic multi-word names need two
//!    sightings.
//!
//! Roles are `(person, title)` pairs with the dates of the documents that
//! show them: evidence for a period, not for all time (`role.rs`).

mod decide;
mod kind;
mod person;
mod role;
mod runs;

use std::collections::{BTreeMap, HashSet};

use super::evidence::Tally;
use super::{Corpus, CorpusDoc};
use crate::rules::{NameKind, RuleFile};
use crate::text::words::{words, Word};

pub use decide::skeleton;

/// What the name learner found.
#[derive(Debug, Default)]
pub struct NamesLearned {
    /// Names, titles and roles.
    pub rules: RuleFile,
    /// Disagreements between sources, in words.
    pub conflicts: Vec<String>,
}

/// A name seen in the corpus, before its forms are tallied.
#[derive(Debug, Clone)]
struct Candidate {
    kind: NameKind,
    acronym: Option<String>,
}

/// A person seen with a title: `(person, title, document id)`. The person
/// may be a surname alone (`Prime Minister Abe`), resolved later.
type RoleSighting = (String, String, String);

/// What reading every run of the corpus observed.
#[derive(Debug, Default)]
struct Observations {
    candidates: BTreeMap<String, Candidate>,
    roles: Vec<RoleSighting>,
    /// Lower-cased title to the forms it is written in before a name.
    title_case: BTreeMap<String, Tally>,
}

impl Observations {
    /// Records a name of `kind` (the first kind it was seen as wins).
    fn candidate(&mut self, name: String, kind: NameKind) -> &mut Candidate {
        self.candidates.entry(name).or_insert(Candidate {
            kind,
            acronym: None,
        })
    }
}

/// Learns names, titles and roles from `corpus`.
pub fn learn(corpus: &Corpus) -> NamesLearned {
    let obs = observe(corpus);
    let people: Vec<String> = obs
        .candidates
        .iter()
        .filter(|(_, c)| c.kind == NameKind::Person)
        .map(|(n, _)| n.clone())
        .collect();
    let (names, conflicts) = decide::names(corpus, &obs.candidates);
    let titles = role::titles(&obs.title_case);
    let roles = role::roles(corpus, obs.roles, &people, &names, &titles);
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

/// Reads every run of capitalised words in the corpus's prose, and every
/// code.
fn observe(corpus: &Corpus) -> Observations {
    let lower_vocab = runs::lowercase_vocabulary(corpus);
    let surnames = person::honorific_surnames(corpus);
    let mut obs = Observations::default();
    for doc in &corpus.docs {
        for (base, slice) in doc.prose_slices() {
            let ws: Vec<Word<'_>> = words(slice, base).collect();
            for run in runs::runs(&doc.text, &ws) {
                for part in runs::split_at_and(&ws, run) {
                    analyse_run(doc, &ws, part, &lower_vocab, &surnames, &mut obs);
                }
            }
        }
        for (code, _) in runs::codes(doc) {
            obs.candidate(code, NameKind::Code);
        }
    }
    obs
}

/// What one run of capitalised words names, if anything: a ship or an
/// exercise, else a person (with a title), else another kind of name.
fn analyse_run(
    doc: &CorpusDoc,
    ws: &[Word<'_>],
    run: std::ops::Range<usize>,
    lower_vocab: &HashSet<String>,
    surnames: &HashSet<String>,
    obs: &mut Observations,
) {
    let text = doc.text.as_str();
    let Some(run) = runs::trim(text, ws, run, lower_vocab) else {
        return;
    };
    if kind::ship_or_exercise(text, ws, run.clone(), obs) {
        return;
    }
    match person::read(text, ws, run.clone(), surnames) {
        person::Reading::Person {
            name,
            full_name,
            title,
        } => {
            if full_name {
                obs.candidate(name.clone(), NameKind::Person);
            }
            if let Some(title) = title {
                // A plural title (`Ministers A B and C D`) is no one's role.
                if !title.ends_with('s') || title.ends_with("ss") {
                    obs.title_case
                        .entry(title.to_lowercase())
                        .or_default()
                        .add(&title, &doc.id);
                    obs.roles.push((name, title, doc.id.clone()));
                }
            }
        }
        // A bare title (`the Foreign Secretary said`) is not a name.
        person::Reading::BareTitle => {}
        person::Reading::NotAPerson => kind::other_name(text, ws, run, obs),
    }
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
