//! Stable re-learns: adding one approved document changes only the rules it
//! bears on. Each house is learned without one of its documents, then with
//! it, and every rule that differs between the two (added, removed, or with
//! other evidence) must have one of its forms in the added document.
//!
//! The spelling side is checked on every house; the names side (names,
//! titles, roles) is reported by `names_side_is_stable`, for the names
//! learner. (`[honorifics]` names no form, so this test cannot tell what
//! bears on it.)

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use draftlint::learn::{learn, Corpus};
use draftlint::rules::parse_rule_file;

/// Every rule of a learned pack as `(table, rule as TOML)`; a single table
/// (`[honorifics]`, `[spelling_policy]`) is one rule.
fn rules(corpus: &Corpus) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (name, text) in learn(corpus).files {
        let file = parse_rule_file(&name, &text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let value = toml::Value::try_from(&file).expect("a rule file serialises");
        let Some(table) = value.as_table() else {
            continue;
        };
        for (key, v) in table {
            match v {
                toml::Value::Array(items) => {
                    for item in items {
                        out.insert((key.clone(), item.to_string()));
                    }
                }
                other => {
                    out.insert((key.clone(), other.to_string()));
                }
            }
        }
    }
    out
}

/// The forms a rule names: its string values, document ids left out.
fn forms(rule: &str) -> Vec<String> {
    let value: toml::Value = toml::from_str(&format!("rule = {rule}")).expect("a rule re-parses");
    let mut out = Vec::new();
    fn walk(v: &toml::Value, key: &str, out: &mut Vec<String>) {
        match v {
            toml::Value::String(s) if key != "documents" && key != "kind" => out.push(s.clone()),
            toml::Value::Array(a) if key != "documents" => {
                a.iter().for_each(|x| walk(x, key, out));
            }
            toml::Value::Table(t) => t.iter().for_each(|(k, x)| walk(x, k, out)),
            _ => {}
        }
    }
    walk(&value, "rule", &mut out);
    out
}

/// The rules of `tables` that change when `added` joins the rest of `dir`,
/// and name no form found in it.
fn unrelated_changes(dir: &Path, added: &str, tables: &[&str]) -> Vec<String> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    all.sort();
    let without: Vec<PathBuf> = all
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n != added))
        .cloned()
        .collect();
    assert_eq!(
        without.len() + 1,
        all.len(),
        "{added} is in {}",
        dir.display()
    );
    // Read as prose: a form that a hard wrap splits across two lines is
    // still in the document.
    let text = std::fs::read_to_string(dir.join(added))
        .unwrap()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let before = rules(&Corpus::read(&without).0);
    let after = rules(&Corpus::read(&all).0);
    before
        .symmetric_difference(&after)
        .filter(|(table, _)| tables.contains(&table.as_str()))
        .filter(|(_, rule)| !forms(rule).iter().any(|f| text.contains(&f.to_lowercase())))
        .map(|(table, rule)| {
            let how = if before.contains(&(table.clone(), rule.clone())) {
                "lost or changed"
            } else {
                "gained or changed"
            };
            format!("{how}: [{table}] {rule}")
        })
        .collect()
}

fn house(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/houses")
        .join(name)
        .join("approved")
}

const SPELLING: &[&str] = &["spelling", "spelling_policy"];

#[test]
fn adding_a_document_changes_only_the_spellings_it_bears_on() {
    for (h, added) in [
        ("harborview", "2026-06-01-sustainability.md"),
        ("federal-agency", "2026-06-02-storm-sentinel-26-findings.md"),
        ("island-council", "2026-06-15-nafc-agreement.txt"),
        ("island-council", "2026-05-04-havblik-exercise.md"),
        ("federal-agency", "2026-05-11-storm-sentinel-26-begins.txt"),
    ] {
        let changed = unrelated_changes(&house(h), added, SPELLING);
        assert!(
            changed.is_empty(),
            "{h}: adding {added} changed rules it does not bear on:\n{}",
            changed.join("\n")
        );
    }
}

#[test]
fn names_side_is_stable() {
    let mut report = Vec::new();
    for (h, added) in [
        ("harborview", "2026-06-01-sustainability.md"),
        ("federal-agency", "2026-06-02-storm-sentinel-26-findings.md"),
        ("island-council", "2026-06-15-nafc-agreement.txt"),
    ] {
        for c in unrelated_changes(&house(h), added, &["name", "title", "role"]) {
            report.push(format!("{h} + {added}: {c}"));
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}
