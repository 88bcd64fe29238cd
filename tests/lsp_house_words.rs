//! The editor's "Add 'X' to house words" action on an unknown word: it
//! appends a `[[word]]` to the pack's curated house file (never a learned
//! one), and once the pack reloads the word is known.

mod lsp_support;

use std::time::Duration;

use lsp_support::*;
use serde_json::{json, Value};

fn unknown(diags: &[Value]) -> Vec<Value> {
    diags
        .iter()
        .filter(|d| {
            d["code"]
                .as_str()
                .is_some_and(|c| c.starts_with("spelling/unknown"))
        })
        .cloned()
        .collect()
}

fn actions(c: &mut Client, uri: &str, d: &Value) -> Vec<Value> {
    c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}),
    )
    .as_array()
    .unwrap()
    .clone()
}

#[test]
fn an_unknown_word_is_added_to_the_house_words_and_the_finding_goes() {
    let ws = workspace();
    // A British house: the dictionary is on.
    std::fs::write(
        ws.path().join("rules/curated/dialect.toml"),
        "[dialect]\nspelling = \"british\"\n",
    )
    .unwrap();
    let (mut c, _) = Client::start(Some(ws.path()));
    let uri = file_uri(&ws.path().join("d.md"));
    c.open(
        &uri,
        "markdown",
        1,
        "We met Envoy Quarrington’s team on zorblat work.\n",
    );
    let found = unknown(&c.diagnostics(&uri, 1));
    let codes: Vec<&str> = found.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        ["spelling/unknown-name", "spelling/unknown"],
        "{found:?}"
    );

    let house = ws.path().join("rules/curated/house.toml");
    let house_uri = file_uri(&house);
    // The name (without its possessive): the house file is created with it.
    let acts = actions(&mut c, &uri, &found[0]);
    let add = acts
        .iter()
        .find(|a| a["title"] == "Add 'Quarrington' to house words")
        .unwrap_or_else(|| panic!("no add-word action in {acts:?}"));
    let ops = add["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(ops[0]["kind"], "create", "{ops:?}");
    assert_eq!(ops[0]["uri"], house_uri.as_str());
    let created = ops[1]["edits"][0]["newText"].as_str().unwrap();
    assert!(
        created.ends_with("[[word]]\nword = \"Quarrington\"\n"),
        "{created}"
    );
    assert!(!add.to_string().contains("learned"), "{add}");

    // The ordinary word, appended to a house file that exists.
    std::fs::write(&house, created).unwrap();
    let acts = actions(&mut c, &uri, &found[1]);
    let add = acts
        .iter()
        .find(|a| a["title"] == "Add 'zorblat' to house words")
        .expect("add-word action");
    let edits = add["edit"]["changes"][house_uri.as_str()]
        .as_array()
        .unwrap();
    let after = apply_edits(created, edits, false);
    assert!(
        after.ends_with("word = \"Quarrington\"\n\n[[word]]\nword = \"zorblat\"\n"),
        "{after}"
    );

    // Saved, the pack reloads and both findings are gone.
    std::fs::write(&house, &after).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": house_uri, "type": 2}]}),
    );
    let gone = c.wait_for_within("no unknown word", Duration::from_secs(10), &mut |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && unknown(m["params"]["diagnostics"].as_array().unwrap()).is_empty()
    });
    assert!(gone.is_some(), "the house words are still flagged");
    assert!(c.shutdown().success());
}

/// The server's resident memory with a 1 MB draft open and spelling on
/// (printed, not asserted: `cargo test --release --test lsp_house_words --
/// --ignored --nocapture`).
#[test]
#[ignore = "a measurement; run with --ignored --nocapture"]
fn memory_with_a_megabyte_draft_and_spelling_on() {
    let ws = workspace();
    std::fs::write(
        ws.path().join("rules/curated/dialect.toml"),
        "[dialect]\nspelling = \"british\"\n",
    )
    .unwrap();
    let para = "The Type 23 frigate HMS Argyll sailed from Plymouth on 8 January 2016 to \
                join Exercise Joint Warrior in the North Sea, alongside ships from 12 nations \
                and the Japan Maritime Self-Defense Force; the Foreign Secretary recieved \
                the crew and praised their co-operation.\n\n";
    let text = para.repeat(1_000_000 / para.len() + 1);
    let (mut c, _) = Client::start(Some(ws.path()));
    let uri = file_uri(&ws.path().join("d.md"));
    c.open(&uri, "markdown", 1, &text);
    let ds = c.diagnostics(&uri, 1);
    println!(
        "{} findings; server resident memory: {:?} KB",
        ds.len(),
        rss_kb(c.pid())
    );
    assert!(c.shutdown().success());
}
