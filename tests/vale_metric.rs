//! Vale's scopes, `metric` and `spelling` kinds over fixture styles: each
//! fixture folder's drafts, checked with its `.vale.ini`, as Vale's
//! `--output=line` prints the findings.

use draftlint::text::{Document, Format};
use draftlint::vale::{format_line, Vale};
use std::path::Path;

fn run(fixture: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vale")
        .join(fixture);
    let (vale, problems) = Vale::load(&root.join(".vale.ini"), Some(&root));
    assert!(problems.is_empty(), "{problems:?}");
    let vale = vale.expect("the configuration loads");
    let mut drafts: Vec<_> = std::fs::read_dir(root.join("drafts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    drafts.sort();
    let mut out = Vec::new();
    for path in drafts {
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = Document::parse(&text, Format::from_path(&path));
        let mut found = vale.check(&path, &doc);
        found.sort_by_key(|d| (d.range.start, d.code));
        let name = format!("drafts/{}", path.file_name().unwrap().to_string_lossy());
        for d in &found {
            out.push(format_line(&name, &doc, d));
        }
    }
    out.join("\n")
}

#[test]
fn metric_rules_flag_hard_drafts_once_on_their_first_body_line() {
    insta::assert_snapshot!(run("metric"));
}

#[test]
fn spelling_rules_read_their_own_dictionaries_ignore_files_and_filters() {
    insta::assert_snapshot!(run("spelling"));
}

#[test]
fn scopes_pick_the_blocks_vale_names() {
    insta::assert_snapshot!(run("scope"));
}
