//! Positions end to end: lone carriage returns, byte-order marks and very
//! long lines, through the CLI, the library's fixes and the language server.

mod lsp_support;

use std::process::Command;

use draftlint::fix::{fix_until_stable, Which};
use draftlint::{Engine, Format};
use lsp_support::Client;
use serde_json::{json, Value};

/// `draftlint check --format json` on a file holding `text`.
fn check_json(name: &str, text: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_draftlint"))
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `(code, line, column)` of every finding, in output order.
fn starts(v: &Value) -> Vec<(String, u64, u64)> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["start"]["line"].as_u64().unwrap(),
                d["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_cli_counts_columns_after_a_byte_order_mark() {
    let v = check_json("bom.md", "\u{feff}Mr. Abe met HMS Argyle.\n");
    let found = starts(&v);
    assert!(
        found.contains(&("honorific/full-stop".into(), 1, 1)),
        "{found:?}"
    );
    assert!(found.contains(&("name/exact".into(), 1, 13)), "{found:?}");
}

#[test]
fn the_cli_ends_lines_at_a_lone_carriage_return() {
    let v = check_json(
        "cr.md",
        "Intro\r\rMr. Abe met\rHMS Argyle.\r\r\nThe HMS Argyle\n",
    );
    let found = starts(&v);
    assert!(
        found.contains(&("honorific/full-stop".into(), 3, 1)),
        "{found:?}"
    );
    assert!(found.contains(&("name/exact".into(), 4, 1)), "{found:?}");
    assert!(found.contains(&("name/exact".into(), 6, 5)), "{found:?}");
}

#[test]
fn fixing_text_with_a_byte_order_mark_keeps_it() {
    let engine = Engine::builtin();
    for format in [Format::Markdown, Format::PlainText] {
        let text = "\u{feff}Mr. Abe met HMS Argyle.\n";
        let found = engine.check(text, format);
        assert!(!found.is_empty());
        let fixed = fix_until_stable(&engine, text, format, found, Which::SafeAndUnsafe);
        assert_eq!(fixed.text, "\u{feff}Mr Abe met HMS Argyll.\n", "{format:?}");
    }
}

#[test]
fn a_long_line_with_many_findings_completes_with_exact_columns() {
    // One 1 MB line; every sentence has a finding at a known column. Before
    // the line index each finding counted characters from the line start:
    // 6 s for this in a release build.
    let sentence = "安倍 met HMS Argyle in Tokyo. ";
    let n = 1_000_000 / sentence.len();
    let text = sentence.repeat(n);
    let v = check_json("long.md", &text);
    let cols: Vec<u64> = starts(&v)
        .into_iter()
        .filter(|(code, line, _)| code == "name/exact" && *line == 1)
        .map(|(_, _, c)| c)
        .collect();
    let per = sentence.chars().count() as u64;
    let want: Vec<u64> = (0..n as u64).map(|k| k * per + 8).collect();
    assert_eq!(cols.len(), want.len());
    assert!(cols == want, "first columns {:?}", &cols[..5]);
}

#[test]
fn the_server_applies_edits_after_a_lone_carriage_return_where_the_client_does() {
    let (mut c, _) = Client::start(None);
    let uri = "file:///cr.md";
    c.open(uri, "markdown", 1, "Intro\rBen wallace\r");
    c.diagnostics(uri, 1);
    c.change(uri, 2, &[((1, 0), (1, 0), "HMS Argyle met ")]);
    // Past the end of a line ended by a lone CR: before the CR.
    c.change(uri, 3, &[((0, 99), (0, 99), ".")]);
    let d = c.diagnostics(uri, 3);
    assert_eq!(
        c.text(uri),
        json!({"version": 3, "text": "Intro.\rHMS Argyle met Ben wallace\r"})
    );
    let argyle = d
        .iter()
        .find(|d| d["code"] == "name/exact")
        .unwrap_or_else(|| panic!("{d:?}"));
    assert_eq!(
        argyle["range"],
        json!({"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 10}})
    );
    assert!(c.shutdown().success());
}
