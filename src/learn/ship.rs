//! Learning whether the house writes an article before a ship's prefix
//! (`the HMS Argyll` or `HMS Argyll`).
//!
//! Every prefix of [`SHIP_ARTICLE_PREFIXES`] directly followed by a
//! capitalised word (the ship's name) is counted, per document, as written
//! after `the` or not, and [`decide`] picks the house habit. A learned
//! `[ships]` table is a convention table that replaces the built-in one, so
//! it is written complete: every prefix, whether the corpus shows it or not.

use super::evidence::{decide, Tally, Verdict, MIN_DOCS_PREFERRED};
use super::Corpus;
use crate::rules::ShipConventions;
use crate::text::lexicon::SHIP_ARTICLE_PREFIXES;
use crate::text::words::{is_capitalised, words};

const WITH: &str = "with an article";
const WITHOUT: &str = "without an article";

/// The learned `[ships]` table, or `None` when the corpus shows no habit;
/// and notes for the reviewer.
pub fn learn(corpus: &Corpus) -> (Option<ShipConventions>, Vec<String>) {
    let mut tally = Tally::default();
    for doc in &corpus.docs {
        for (_, slice) in doc.prose_slices() {
            let ws: Vec<_> = words(slice, 0).collect();
            for (i, w) in ws.iter().enumerate() {
                if !SHIP_ARTICLE_PREFIXES.contains(&w.text) {
                    continue;
                }
                let Some(name) = ws.get(i + 1) else {
                    continue;
                };
                let between = &slice[w.end..name.start];
                if !is_blank(between) || !is_capitalised(name.text) {
                    continue;
                }
                let article = i
                    .checked_sub(1)
                    .map(|j| ws[j])
                    .filter(|p| is_blank(&slice[p.end..w.start]))
                    .is_some_and(|p| p.text == "the" || p.text == "The");
                tally.add(if article { WITH } else { WITHOUT }, &doc.id);
            }
        }
    }
    let stats = |f: &str| tally.forms.get(f).cloned().unwrap_or_default();
    match decide(&tally) {
        Verdict::Preferred(form) if stats(&form).docs.len() >= MIN_DOCS_PREFERRED => {
            let other = if form == WITH { WITHOUT } else { WITH };
            let evidence = stats(&form).evidence();
            (
                Some(ShipConventions {
                    prefixes: SHIP_ARTICLE_PREFIXES
                        .iter()
                        .map(|p| p.to_string())
                        .collect(),
                    article: form == WITH,
                    seen: evidence.seen,
                    documents: evidence.documents,
                    other_seen: stats(other).seen,
                }),
                Vec::new(),
            )
        }
        Verdict::Conflict(_) => (
            None,
            vec![format!(
                "ship prefixes: written with an article in {} and without in {}; no rule learned",
                docs_list(&stats(WITH).docs),
                docs_list(&stats(WITHOUT).docs)
            )],
        ),
        _ => (None, Vec::new()),
    }
}

/// Blanks and at most one line break between two words.
fn is_blank(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| matches!(c, ' ' | '\t' | '\u{a0}' | '\n' | '\r'))
        && s.matches('\n').count() <= 1
}

fn docs_list(docs: &std::collections::BTreeSet<String>) -> String {
    docs.iter().cloned().collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learned(texts: &[(&str, &str)]) -> Option<ShipConventions> {
        learn(&Corpus::from_texts(texts.iter().copied())).0
    }

    #[test]
    fn a_house_that_never_writes_the_learns_no_article() {
        let ships = learned(&[
            ("a.txt", "HMS Argyll sailed. The crew of HMS Argyll waved."),
            (
                "b.txt",
                "USS Tidewater (LPD 31) arrived, and the Tidewater left.",
            ),
            ("c.txt", "Sailors from the USS Tidewater spoke."),
        ])
        .expect("a table");
        assert!(!ships.article);
        assert_eq!((ships.seen, ships.other_seen), (3, 1));
        assert_eq!(ships.documents, ["a", "b"]);
        // Complete: every prefix, not only those the corpus shows.
        assert!(ships.prefixes.iter().any(|p| p == "HMAS"));
        assert_eq!(ships.prefixes.len(), SHIP_ARTICLE_PREFIXES.len());
    }

    #[test]
    fn a_house_that_writes_the_learns_the_article() {
        let ships = learned(&[
            ("a.txt", "the USS Tidewater sailed. The USS Ocracoke too."),
            ("b.txt", "Crews of the\nUSS Tidewater waved."),
        ])
        .expect("a table");
        assert!(ships.article);
    }

    #[test]
    fn no_ships_or_one_document_teach_nothing() {
        assert!(learned(&[("a.txt", "HMS Argyll. HMS Argyll."), ("b.txt", "No ships.")]).is_none());
        assert!(learned(&[("a.txt", "The SAS and the ITS met."), ("b.txt", "HMS docs")]).is_none());
    }

    #[test]
    fn the_built_in_prefixes_are_the_lexicons() {
        let text = include_str!("../../rules/curated/ships.toml");
        let file = crate::rules::parse_rule_file("ships.toml", text).expect("parses");
        assert_eq!(file.ships.expect("a table").prefixes, SHIP_ARTICLE_PREFIXES);
    }
}
