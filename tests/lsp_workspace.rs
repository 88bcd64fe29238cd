//! Consistency across the open drafts (issue 12): with
//! `workspace-consistency = true` in the workspace's draftlint.toml, each
//! open draft is held to the open drafts before it (by URI) — a person's
//! honorific as the first writes it — with `relatedInformation` pointing
//! into the other document; editing or closing the first changes the
//! second's findings.

mod lsp_support;

use lsp_support::{file_uri, Client};
use serde_json::Value;

fn consistency(diags: &[Value]) -> Vec<&Value> {
    diags
        .iter()
        .filter(|d| d["code"] == "honorific/consistency")
        .collect()
}

fn workspace(on: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("draftlint.toml"),
        format!("workspace-consistency = {on}\n"),
    )
    .unwrap();
    dir
}

#[test]
fn the_second_open_draft_is_held_to_the_first_and_follows_its_edits() {
    let dir = workspace(true);
    let a = file_uri(&dir.path().join("a.md"));
    let b = file_uri(&dir.path().join("b.md"));
    let (mut c, init) = Client::start(Some(dir.path()));
    assert_eq!(
        init["capabilities"]["diagnosticProvider"],
        Value::Null,
        "a pushing client"
    );
    c.open(&a, "markdown", 1, "Ms Lindqvist opened the talks.\n");
    assert!(consistency(&c.diagnostics(&a, 1)).is_empty());
    c.open(&b, "markdown", 1, "Later, Mrs Lindqvist spoke.\n");
    let diags = c.diagnostics(&b, 1);
    let [d] = consistency(&diags)[..] else {
        panic!("{diags:#?}")
    };
    assert_eq!(
        d["range"],
        serde_json::json!({"start": {"line": 0, "character": 7}, "end": {"line": 0, "character": 10}})
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("'Ms Lindqvist' in a.md"),
        "{d}"
    );
    let related = &d["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], a.as_str());
    assert_eq!(
        related["location"]["range"],
        serde_json::json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 12}})
    );

    // Editing the first draft to agree with the second clears the second
    // (b itself is unchanged: it is republished at its version).
    c.change(&a, 2, &[((0, 0), (0, 2), "Mrs")]);
    c.diagnostics(&a, 2);
    let diags = c.wait_for("b republished without the finding", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == b.as_str()
            && consistency(m["params"]["diagnostics"].as_array().unwrap()).is_empty()
    });
    assert_eq!(diags["params"]["version"], 1);

    // Back to `Ms`, where the reference moved: found again, pointing at
    // the new text.
    c.change(&a, 3, &[((0, 0), (0, 0), "Today ")]);
    c.diagnostics(&a, 3);
    c.change(&a, 4, &[((0, 6), (0, 9), "Ms")]);
    c.diagnostics(&a, 4);
    let m = c.wait_for("b flagged again", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == b.as_str()
            && !consistency(m["params"]["diagnostics"].as_array().unwrap()).is_empty()
    });
    let diags = m["params"]["diagnostics"].as_array().unwrap();
    let d = consistency(diags)[0];
    assert_eq!(
        d["relatedInformation"][0]["location"]["range"]["start"],
        serde_json::json!({"line": 0, "character": 6})
    );

    // Closing the first draft removes the finding from the second.
    c.notify(
        "textDocument/didClose",
        serde_json::json!({"textDocument": {"uri": a}}),
    );
    c.wait_for("b republished alone", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == b.as_str()
            && consistency(m["params"]["diagnostics"].as_array().unwrap()).is_empty()
    });
    c.shutdown();
}

#[test]
fn suppressions_apply_and_the_key_off_keeps_drafts_apart() {
    // Off (as by default): each draft alone.
    let dir = workspace(false);
    let a = file_uri(&dir.path().join("a.md"));
    let b = file_uri(&dir.path().join("b.md"));
    let (mut c, _) = Client::start(Some(dir.path()));
    c.open(&a, "markdown", 1, "Ms Lindqvist opened the talks.\n");
    c.diagnostics(&a, 1);
    c.open(&b, "markdown", 1, "Later, Mrs Lindqvist spoke.\n");
    assert!(consistency(&c.diagnostics(&b, 1)).is_empty());
    c.shutdown();

    // On, with the second draft's own disable comment.
    let dir = workspace(true);
    let a = file_uri(&dir.path().join("a.md"));
    let b = file_uri(&dir.path().join("b.md"));
    let (mut c, _) = Client::start(Some(dir.path()));
    c.open(&a, "markdown", 1, "Ms Lindqvist opened the talks.\n");
    c.diagnostics(&a, 1);
    c.open(
        &b,
        "markdown",
        1,
        "<!-- draftlint-disable-next-line honorific/consistency -->\nLater, Mrs Lindqvist spoke.\n",
    );
    assert!(consistency(&c.diagnostics(&b, 1)).is_empty());
    // The first draft is never held to the second.
    c.change(&a, 2, &[((0, 30), (0, 30), " Ms Lindqvist agreed.")]);
    assert!(consistency(&c.diagnostics(&a, 2)).is_empty());
    c.shutdown();
}

#[test]
fn a_pulling_client_is_told_the_second_draft_changed() {
    let dir = workspace(true);
    let a = file_uri(&dir.path().join("a.md"));
    let b = file_uri(&dir.path().join("b.md"));
    let mut c = Client::spawn();
    let init = c.initialize(
        Some(dir.path()),
        serde_json::json!({
            "textDocument": {"diagnostic": {"dynamicRegistration": false}},
            "workspace": {"diagnostics": {"refreshSupport": true}}
        }),
        Value::Null,
    );
    // A draft's findings depend on other drafts.
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["interFileDependencies"],
        true
    );
    let pull = |c: &mut Client, uri: &str| -> Vec<Value> {
        let r = c.request(
            "textDocument/diagnostic",
            serde_json::json!({"textDocument": {"uri": uri}}),
        );
        r["items"].as_array().unwrap().clone()
    };
    c.open(&a, "markdown", 1, "Ms Lindqvist opened the talks.\n");
    assert!(consistency(&pull(&mut c, &a)).is_empty());
    c.open(&b, "markdown", 1, "Later, Mrs Lindqvist spoke.\n");
    let items = pull(&mut c, &b);
    let [d] = consistency(&items)[..] else {
        panic!("{items:#?}")
    };
    assert_eq!(d["relatedInformation"][0]["location"]["uri"], a.as_str());
    // The first draft agrees now: the client is asked to pull again, and
    // the second is clean.
    c.change(&a, 2, &[((0, 0), (0, 2), "Mrs")]);
    assert!(consistency(&pull(&mut c, &a)).is_empty());
    c.wait_for("a refresh request", |m| {
        m["method"] == "workspace/diagnostic/refresh"
    });
    assert!(consistency(&pull(&mut c, &b)).is_empty());
    c.shutdown();
}
