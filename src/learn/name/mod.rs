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

use std::collections::{BTreeMap, HashMap, HashSet};

use super::evidence::Tally;
use super::Corpus;
use crate::rules::{NameKind, RuleFile};
use crate::text::lexicon;
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
        // Prose, not lines: hard wraps joined, offsets unchanged.
        let text = doc.joined_text();
        for r in &doc.prose {
            let ws: Vec<Word<'_>> = words(&text[r.clone()], r.start).collect();
            let parts: Vec<std::ops::Range<usize>> = runs::runs(&text, &ws)
                .into_iter()
                .flat_map(|run| runs::split_at_and(&ws, run))
                .collect();
            for (i, part) in parts.iter().enumerate() {
                let bare = analyse_run(
                    &text,
                    &doc.id,
                    &ws,
                    part.clone(),
                    &lower_vocab,
                    &surnames,
                    &mut obs,
                );
                if let (Some(title), Some(next)) = (bare, parts.get(i + 1)) {
                    if let Some(name) = apposition(&text, &ws, part.end, next.clone()) {
                        obs.candidate(name.clone(), NameKind::Person);
                        obs.roles.push((name, title, doc.id.clone()));
                    }
                }
            }
        }
        for (code, _) in runs::codes(doc) {
            obs.candidate(code, NameKind::Code);
        }
    }
    obs.roles = drop_shortened_titles(std::mem::take(&mut obs.roles));
    for (_, title, doc) in &obs.roles {
        obs.title_case
            .entry(title.to_lowercase())
            .or_default()
            .add(title, doc);
    }
    obs
}

/// Whether a past qualifier (`former`, `then`, `then-`, `outgoing`)
/// stands just before `at`.
fn past_qualified(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '-']);
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    before.len() < at && lexicon::PAST_QUALIFIERS.contains(&word.to_lowercase().as_str())
}

/// Leaves out a sighting whose title is the end of a longer title the same
/// document gives the same person (`Chief Okafor` after `Police Chief
/// Daniel Okafor`): a shortened later reference, not a title of its own. A
/// role is the whole title.
fn drop_shortened_titles(sightings: Vec<RoleSighting>) -> Vec<RoleSighting> {
    fn surname(p: &str) -> &str {
        p.rsplit(' ').next().unwrap_or(p)
    }
    let lower: Vec<String> = sightings.iter().map(|(_, t, _)| t.to_lowercase()).collect();
    // The sightings of each person by surname in each document: only those
    // are compared (comparing every pair made a 10 MB corpus quadratic).
    let mut groups: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, (p, _, d)) in sightings.iter().enumerate() {
        groups.entry((d.as_str(), surname(p))).or_default().push(i);
    }
    let mut keep = vec![true; sightings.len()];
    for group in groups.values() {
        for &i in group {
            let suffix = format!(" {}", lower[i]);
            keep[i] = !group.iter().any(|&j| {
                sightings[j].1.len() > sightings[i].1.len() && lower[j].ends_with(&suffix)
            });
        }
    }
    sightings
        .into_iter()
        .zip(keep)
        .filter_map(|(s, k)| k.then_some(s))
        .collect()
}

/// A person in apposition right after a title (`The Minister for Fisheries
/// and Ocean Affairs, Åsa Lindqvist, said`): two or three name words between
/// commas (or before the sentence's end), with no office word among them.
fn apposition(
    text: &str,
    ws: &[Word<'_>],
    title_end: usize,
    next: std::ops::Range<usize>,
) -> Option<String> {
    if next.start != title_end || next.end > ws.len() {
        return None;
    }
    let gap = &text[ws[title_end - 1].end..ws[next.start].start];
    if !matches!(gap, ", " | ",\n") {
        return None;
    }
    let after = &text[ws[next.end - 1].end..];
    if !(after.starts_with(',') || after.starts_with(". ") || after.starts_with(".\n")) {
        return None;
    }
    let names = &ws[next.clone()];
    let fits = (2..=3).contains(&person::units(text, ws, next.start, next.end))
        && names.iter().all(|w| {
            runs::is_particle(w.text)
                || crate::text::words::is_capitalised(w.text)
                    && !crate::text::words::is_all_caps(w.text)
                    && !lexicon::is_in(lexicon::OFFICE_HEADS, w.text)
                    && !lexicon::is_in(lexicon::HONORIFICS, w.text)
                    && !lexicon::is_in(lexicon::RANKS, w.text)
                    && !lexicon::ORG_HEADS.contains(&w.text)
                    && !lexicon::DOC_HEADS.contains(&w.text)
        });
    fits.then(|| runs::clean(&text[names[0].start..names[names.len() - 1].end]))
}

/// What one run of capitalised words names, if anything: a ship or an
/// exercise, else a person (with a title), else another kind of name. A
/// run that is all title gives the title back, for a person in apposition.
fn analyse_run(
    text: &str,
    doc_id: &str,
    ws: &[Word<'_>],
    run: std::ops::Range<usize>,
    lower_vocab: &HashSet<String>,
    surnames: &HashSet<String>,
    obs: &mut Observations,
) -> Option<String> {
    let run = runs::trim(text, ws, run, lower_vocab)?;
    if kind::ship_or_exercise(text, ws, run.clone(), obs) {
        return None;
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
            // `former Mayor X`, `then-Governor X`: not a role for the
            // document's date.
            let past = past_qualified(text, ws[run.start].start)
                || lexicon::PAST_QUALIFIERS.contains(&ws[run.start].text.to_lowercase().as_str());
            if let Some(title) = title.filter(|_| !past) {
                // A plural title (`Ministers A B and C D`) is no one's role;
                // `Minister for Ocean Affairs` is one.
                let last = title.rsplit(' ').next().unwrap_or_default();
                let plural = last.strip_suffix('s').is_some_and(|one| {
                    !last.ends_with("ss") && lexicon::is_in(lexicon::OFFICE_HEADS, one)
                });
                if !plural {
                    obs.roles.push((name, title, doc_id.to_string()));
                }
            }
        }
        // A bare title (`the Foreign Secretary said`) is not a name.
        person::Reading::BareTitle(title) => return title,
        person::Reading::NotAPerson => kind::other_name(text, ws, run, obs),
    }
    None
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

    fn roles_of(l: &NamesLearned) -> Vec<(&str, &str)> {
        l.rules
            .roles
            .iter()
            .map(|r| (r.person.as_str(), r.role.as_str()))
            .collect()
    }

    fn has(n: &[(&str, NameKind)], name: &str) -> bool {
        n.iter().any(|(x, _)| *x == name)
    }

    #[test]
    fn apostrophes_hyphens_and_particles_are_inside_names() {
        let l = learn_texts(&[
            ("a.txt", "Board Chair Niamh O'Dwyer opened the meeting. Ms. O'Dwyer thanked staff. Registrar Clara Fitz-Simmons agreed."),
            ("b.txt", "Commissioner Hendrik van der Meer spoke. Mr van der Meer left. Envoy Faisal bin Tariq and Envoy Lotte de Wit met Dr Ebba af Sandberg, who praised Ms. Fitz-Simmons."),
            ("c.txt", "The Fitz Gallery opened. Later Registrar Clara Fitz-Simmons spoke to José Núñez-Ortiz. Mr. Núñez-Ortiz agreed."),
        ]);
        let n = names(&l);
        for want in [
            "Niamh O'Dwyer",
            "Clara Fitz-Simmons",
            "Hendrik van der Meer",
            "Faisal bin Tariq",
            "Lotte de Wit",
            "José Núñez-Ortiz",
        ] {
            assert!(n.contains(&(want, NameKind::Person)), "{want}: {n:?}");
        }
        // No truncated or honorific-led forms.
        for bad in [
            "Niamh O",
            "O'Dwyer",
            "Fitz-Simmons",
            "Mr van der Meer",
            "Ms. O'Dwyer",
        ] {
            assert!(!has(&n, bad), "{bad}: {n:?}");
        }
        let r = roles_of(&l);
        assert!(r.contains(&("Niamh O'Dwyer", "Board Chair")), "{r:?}");
        assert!(
            r.contains(&("Hendrik van der Meer", "Commissioner")),
            "{r:?}"
        );
    }

    #[test]
    fn a_place_stays_a_place_when_a_surname_shares_a_word() {
        let l = learn_texts(&[
            (
                "a.txt",
                "Crews cleared Ashby Green on Monday. Residents of Ashby Green met.",
            ),
            (
                "b.txt",
                "Director Mara Green-Lowe spoke. Ms. Green-Lowe said crews would return.",
            ),
        ]);
        let n = names(&l);
        assert!(!n.contains(&("Ashby Green", NameKind::Person)), "{n:?}");
        assert!(n.contains(&("Mara Green-Lowe", NameKind::Person)), "{n:?}");
    }

    #[test]
    fn long_titles_qualifiers_and_ranks_are_never_part_of_a_name() {
        let l = learn_texts(&[
            ("a.txt", "Town Administrator Oskar Brandt spoke first. Water and Sewer Director Ines Kohl agreed.\n\nAssistant Secretary of State for Maritime Affairs Helena Ruiz arrived. Minister for Ports and Harbours Tomas Berg met her."),
            ("b.txt", "Acting Fire Marshal Leo Grant said crews were ready. Interim Harbor Chief Ana Soto agreed. Harbor Chief Rui Costa spoke later, and Chief Costa left."),
            ("c.txt", "Maj. Gen. Carla Voss spoke. Vice Adm. Pieter Claes and Lt Col Amir Haddad attended, as did Rear Admiral Joan Pike. Ms. Claire Dunn MP and Mr Ravi Shah KC arrived."),
        ]);
        let n = names(&l);
        for want in [
            "Oskar Brandt",
            "Ines Kohl",
            "Helena Ruiz",
            "Tomas Berg",
            "Leo Grant",
            "Ana Soto",
            "Rui Costa",
            "Carla Voss",
            "Pieter Claes",
            "Amir Haddad",
            "Joan Pike",
        ] {
            assert!(n.contains(&(want, NameKind::Person)), "{want}: {n:?}");
        }
        for (_, kind) in &n {
            assert_eq!(*kind, NameKind::Person, "{n:?}");
        }
        let r = roles_of(&l);
        for want in [
            ("Oskar Brandt", "Town Administrator"),
            ("Ines Kohl", "Water and Sewer Director"),
            (
                "Helena Ruiz",
                "Assistant Secretary of State for Maritime Affairs",
            ),
            ("Tomas Berg", "Minister for Ports and Harbours"),
            ("Leo Grant", "Acting Fire Marshal"),
            ("Ana Soto", "Interim Harbor Chief"),
            ("Rui Costa", "Harbor Chief"),
            ("Carla Voss", "Maj. Gen."),
            ("Pieter Claes", "Vice Adm."),
            ("Joan Pike", "Rear Admiral"),
        ] {
            assert!(r.contains(&want), "{want:?}: {r:?}");
        }
        // `Harbor Chief` does not also yield `Chief`.
        assert!(!r.iter().any(|(_, t)| *t == "Chief"), "{r:?}");
    }

    #[test]
    fn a_person_in_apposition_holds_the_title_before_them() {
        let l = learn_texts(&[(
            "a.txt",
            "The Minister for Ports and Harbours, Tomas Berg, opened the quay. Mr Berg spoke.",
        )]);
        assert!(
            roles_of(&l).contains(&("Tomas Berg", "Minister for Ports and Harbours")),
            "{:?}",
            roles_of(&l)
        );
    }

    #[test]
    fn a_name_split_by_a_line_break_is_one_name() {
        let l = learn_texts(&[
            ("a.txt", "The plan was approved by Harbor Director Mira\nSolberg-Lund on Tuesday, and Ms. Solberg-Lund said so.\n"),
            ("b.txt", "Harbor Director Mira Solberg-Lund spoke again.\n"),
        ]);
        let n = names(&l);
        assert!(
            n.contains(&("Mira Solberg-Lund", NameKind::Person)),
            "{n:?}"
        );
        assert!(!n.iter().any(|(x, _)| x.contains('\n')), "{n:?}");
        let t: Vec<&str> = l.rules.titles.iter().map(|t| t.title.as_str()).collect();
        assert!(!t.iter().any(|x| x.contains('\n')), "{t:?}");
        let person = l
            .rules
            .names
            .iter()
            .find(|x| x.name == "Mira Solberg-Lund")
            .unwrap();
        assert_eq!(person.evidence.documents.len(), 2, "{person:?}");
    }

    #[test]
    fn a_new_document_changes_only_the_rules_it_bears_on() {
        let base: Vec<(String, String)> = (1..=6)
            .map(|i| {
                (
                    format!("d{i}.md"),
                    format!("Crews from the Harbour Works Agency (HWA) repaired {i} pumps. Depot Manager Ola Brekke said the work was done.\n\nMedia contact: Office of Communications, press@example.org\n"),
                )
            })
            .collect();
        let learn_all = |docs: &[(String, String)]| {
            learn(&Corpus::from_texts(
                docs.iter().map(|(a, b)| (a.as_str(), b.as_str())),
            ))
        };
        let before = learn_all(&base);
        let mut more = base.clone();
        more.push((
            "d7.md".into(),
            "The new office will open in June, said Mayor Ines Dahl. The office has staff.\n"
                .into(),
        ));
        let after = learn_all(&more);
        let set = |l: &NamesLearned| -> Vec<(String, NameKind)> {
            l.rules
                .names
                .iter()
                .map(|n| (n.name.clone(), n.kind))
                .collect()
        };
        let (b, a) = (set(&before), set(&after));
        assert!(
            b.contains(&("Office of Communications".into(), NameKind::Other)),
            "{b:?}"
        );
        // Nothing learned before is lost or changes kind.
        for n in &b {
            assert!(a.contains(n), "{n:?} lost: {a:?}");
        }
        // What is new comes from the new document only.
        let new: Vec<&(String, NameKind)> = a.iter().filter(|n| !b.contains(n)).collect();
        assert!(
            new.iter().all(|(n, _)| more[6].1.contains(n.as_str())),
            "{new:?}"
        );
        assert_eq!(before.rules.roles.len() + 1, after.rules.roles.len());
    }

    #[test]
    fn datelines_and_section_headings_are_not_names() {
        let doc = |place: &str| {
            format!("{place} — The port reopened on Monday.\n\nNotes to editors\n\nThe port handles ferries.\n\nMedia contacts\n\nPress Desk, press@example.org\n")
        };
        let a = doc("PORTLAND, Ore.");
        let b = doc("Ravnsby, 24 February 2026 –");
        let c = doc("SALEM, Ore. (Jan. 8, 2026)");
        let l = learn_texts(&[("a.md", &a), ("b.md", &b), ("c.md", &c)]);
        let n = names(&l);
        for bad in [
            "PORTLAND",
            "Ore",
            "Ravnsby",
            "Notes to editors",
            "Media contacts",
            "SALEM",
        ] {
            assert!(!n.iter().any(|(x, _)| x.contains(bad)), "{bad}: {n:?}");
        }
    }

    #[test]
    fn a_former_title_is_not_a_role() {
        let l = learn_texts(&[
            ("a.md", "---\ndate: 2026-03-01\n---\nMayor Ines Dahl spoke, and former Mayor Ola Brekke agreed. Then-Governor Rita Vale wrote.\n"),
            ("b.md", "---\ndate: 2026-04-01\n---\nMayor Ines Dahl spoke again with Ola Brekke.\n"),
        ]);
        let r = roles_of(&l);
        assert!(r.contains(&("Ines Dahl", "Mayor")), "{r:?}");
        assert!(
            !r.iter()
                .any(|(p, _)| *p == "Ola Brekke" || *p == "Rita Vale"),
            "{r:?}"
        );
    }
}
