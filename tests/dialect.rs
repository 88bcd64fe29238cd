//! The house's dialect and its variant families, learned from each test
//! house and the seeds, and held to the precision gate: on a house's own
//! approved documents, checked with the pack learned from them, these
//! findings number at most one per 10,000 words.

use std::path::{Path, PathBuf};

use draftlint::learn::{self, Corpus};
use draftlint::rules::{PackSource, RulePack};
use draftlint::text::spell::Dialect;
use draftlint::{Diagnostic, Engine, Format};

const HOUSES: &[&str] = &[
    "seeds",
    "tests/houses/harborview/approved",
    "tests/houses/federal-agency/approved",
    "tests/houses/island-council/approved",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn learned(dir: &str) -> learn::Learned {
    let (corpus, errors) = Corpus::read(&[root().join(dir)]);
    assert!(errors.is_empty(), "{errors:?}");
    learn::learn(&corpus)
}

fn engine(learned: &learn::Learned) -> Engine {
    let sources = learned
        .files
        .iter()
        .map(|(n, t)| (format!("learned/{n}"), None, t.clone()))
        .collect();
    let (pack, errors) = RulePack::from_sources(PackSource::Builtin, sources);
    assert!(errors.is_empty(), "{errors:?}");
    let (engine, errors) = Engine::new(pack);
    assert!(errors.is_empty(), "{errors:?}");
    engine
}

fn dialect_of(learned: &learn::Learned) -> draftlint::rules::DialectRule {
    let text = &learned.files["spellings.toml"];
    let file = draftlint::rules::parse_rule_file("spellings.toml", text).unwrap();
    file.dialect.expect("a learned [dialect]")
}

fn format_of(path: &Path) -> Format {
    match path.extension().and_then(|e| e.to_str()) {
        Some("md") | Some("markdown") => Format::Markdown,
        _ => Format::PlainText,
    }
}

/// The variants of house compounds the corpus never showed varied: the
/// learned spelling rules with no variant seen.
fn unseen_variants(learned: &learn::Learned) -> Vec<String> {
    let text = &learned.files["spellings.toml"];
    let file = draftlint::rules::parse_rule_file("spellings.toml", text).unwrap();
    file.spellings
        .iter()
        .filter(|r| r.variants_seen == 0)
        .flat_map(|r| r.families().flat_map(|(_, vs)| vs.to_vec()))
        .collect()
}

/// A finding of this helper's families: the house's dialect applied to a
/// word, or a variant of a house compound the corpus never showed varied.
fn is_new(d: &Diagnostic, text: &str, unseen: &[String]) -> bool {
    let found = text[d.range.clone()].to_lowercase().replace('\n', " ");
    d.code == "spelling/variant"
        && (d.message.starts_with("This house writes") || unseen.contains(&found))
}

#[test]
fn an_american_house_is_american_and_flags_british_words() {
    let l = learned("tests/houses/harborview/approved");
    let d = dialect_of(&l);
    assert_eq!(d.spelling, Dialect::American);
    assert_eq!(d.other_seen, 0, "{d:?}");
    let text = "The mayor thanked every neighbourhood for its favour and its colour. E-mail the non-profit.\n";
    let unseen = unseen_variants(&l);
    let found: Vec<(String, String)> = engine(&l)
        .check(text, Format::Markdown)
        .into_iter()
        .filter(|d| is_new(d, text, &unseen))
        .map(|d| {
            (
                text[d.range.clone()].to_string(),
                d.fixes[0].edits[0].replacement.clone(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("neighbourhood".to_string(), "neighborhood".to_string()),
            ("favour".to_string(), "favor".to_string()),
            ("colour".to_string(), "color".to_string()),
            ("E-mail".to_string(), "Email".to_string()),
            ("non-profit".to_string(), "nonprofit".to_string()),
        ]
    );
}

#[test]
fn the_seeds_are_british_and_the_island_house_is_oxford() {
    let seeds = dialect_of(&learned("seeds"));
    assert_eq!(seeds.spelling, Dialect::British);
    let island = dialect_of(&learned("tests/houses/island-council/approved"));
    assert_eq!(island.spelling, Dialect::British);
    assert_eq!(island.endings, Some(draftlint::rules::Endings::Ize));
    let federal = dialect_of(&learned("tests/houses/federal-agency/approved"));
    assert_eq!(federal.spelling, Dialect::American);
}

#[test]
fn on_its_own_approved_documents_a_house_gets_at_most_one_new_warning_per_10000_words() {
    for dir in HOUSES {
        let l = learned(dir);
        let engine = engine(&l);
        let unseen = unseen_variants(&l);
        let mut words = 0usize;
        let mut found = Vec::new();
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            words += text.split_whitespace().count();
            for d in engine.check(&text, format_of(&path)) {
                if is_new(&d, &text, &unseen) {
                    found.push(format!(
                        "{}: '{}': {}",
                        path.display(),
                        &text[d.range.clone()],
                        d.message
                    ));
                }
            }
        }
        assert!(words > 1000, "{dir}: {words} words");
        assert!(
            found.len() * 10_000 <= words,
            "{dir}: {} new findings in {words} words:\n{}",
            found.len(),
            found.join("\n")
        );
    }
}
