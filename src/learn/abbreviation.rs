//! Learning whether the house writes abbreviations dotted or undotted
//! (`U.S.` or `US`, `UK` or `U.K.`), one rule per abbreviation of
//! [`DOTTED_ABBREVIATIONS`] that the corpus shows consistently.

use super::evidence::{decide, Tally, Verdict, MIN_DOCS_PREFERRED};
use super::Corpus;
use crate::rules::AbbreviationRule;
use crate::text::lexicon::{abbreviation_at, DOTTED_ABBREVIATIONS};

/// The learned rules, and notes where the corpus is divided.
pub fn learn(corpus: &Corpus) -> (Vec<AbbreviationRule>, Vec<String>) {
    let mut rules = Vec::new();
    let mut notes = Vec::new();
    for &(bare, dotted) in DOTTED_ABBREVIATIONS {
        let mut tally = Tally::default();
        for doc in &corpus.docs {
            for (_, slice) in doc.prose_slices() {
                for form in [bare, dotted] {
                    for _ in abbreviation_at(slice, form) {
                        tally.add(form, &doc.id);
                    }
                }
            }
        }
        let stats = |f: &str| tally.forms.get(f).cloned().unwrap_or_default();
        match decide(&tally) {
            Verdict::Preferred(form) if stats(&form).docs.len() >= MIN_DOCS_PREFERRED => {
                let other = if form == bare { dotted } else { bare };
                rules.push(AbbreviationRule {
                    evidence: stats(&form).evidence(),
                    other: other.to_string(),
                    other_seen: stats(other).seen,
                    form,
                });
            }
            Verdict::Conflict(_) => notes.push(format!(
                "{bare}: written '{bare}' {} times and '{dotted}' {} times; no rule learned",
                stats(bare).seen,
                stats(dotted).seen
            )),
            _ => {}
        }
    }
    (rules, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learned(texts: &[(&str, &str)]) -> Vec<AbbreviationRule> {
        learn(&Corpus::from_texts(texts.iter().copied())).0
    }

    #[test]
    fn a_dotted_house_and_an_undotted_one() {
        let rules = learned(&[
            ("a.txt", "The U.S. Navy and the U.S. Coast Guard."),
            ("b.txt", "She flew to the U.S. on Monday."),
        ]);
        assert_eq!(rules.len(), 1);
        assert_eq!(
            (rules[0].form.as_str(), rules[0].other.as_str()),
            ("U.S.", "US")
        );
        assert_eq!(rules[0].evidence.seen, 3);
        let rules = learned(&[
            ("a.txt", "The UK and the US agreed; the UN noted it."),
            ("b.txt", "UK ministers met US officials."),
        ]);
        let forms: Vec<&str> = rules.iter().map(|r| r.form.as_str()).collect();
        assert_eq!(forms, ["US", "UK"]);
    }

    #[test]
    fn words_and_longer_abbreviations_are_not_counted() {
        let rules = learned(&[
            ("a.txt", "USS Tidewater; the U.S.S.R.; USA; focus; BUS."),
            ("b.txt", "The USSR and USAID; U.S.A. and us."),
        ]);
        assert!(rules.is_empty(), "{rules:?}");
    }
}
