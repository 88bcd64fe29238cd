//! The workspace's Vale configurations in the language server (issue 13):
//! each document checked with the nearest `.vale.ini` above it inside the
//! workspace, as `draftlint check` chooses, run beside the house style; its
//! rules' descriptions and links in hovers, their actions as code actions,
//! a change to a rule file reloaded, and a broken style reported without
//! the server going down or the other configurations stopping.

mod lsp_support;

use std::path::Path;

use lsp_support::{apply_edits, file_uri, Client};
use serde_json::{json, Value};

fn vale(diags: &[Value]) -> Vec<&Value> {
    of_style(diags, "House")
}

/// The findings of the Vale style `style`.
fn of_style<'a>(diags: &'a [Value], style: &str) -> Vec<&'a Value> {
    diags
        .iter()
        .filter(|d| {
            d["code"]
                .as_str()
                .is_some_and(|c| c.starts_with(&format!("{style}.")))
        })
        .collect()
}

/// Writes `text` at `path` under `root`, making its folders.
fn write(root: &Path, path: &str, text: &str) {
    let p = root.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A substitution rule with a description.
fn substitution(description: &str, swaps: &[(&str, &str)]) -> String {
    let swaps: String = swaps
        .iter()
        .map(|(from, to)| format!("  {from}: {to}\n"))
        .collect();
    format!(
        "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\ndescription: {description}\naction:\n  name: replace\nswap:\n{swaps}"
    )
}

/// The message the server shows whose text contains every one of `words`.
fn shown(c: &mut Client, what: &str, words: &[&str]) -> String {
    let m = c.wait_for(what, |m| {
        m["method"] == "window/showMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|t| words.iter().all(|w| t.contains(w)))
    });
    m["params"]["message"].as_str().unwrap().to_string()
}

fn hover_text(c: &mut Client, uri: &str, line: u32, character: u32) -> String {
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    );
    hover["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// A monorepo: the docs and their `.vale.ini` live in `docs/`; nothing at
/// the root. A draft under `docs/` is checked with it; one at the root,
/// and one outside the workspace (beside an ini of its own), are not.
#[test]
fn a_subfolder_ini_governs_the_documents_below_it() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    write(
        &ws,
        "docs/.vale.ini",
        "StylesPath = styles\n[*.md]\nBasedOnStyles = House\n",
    );
    write(
        &ws,
        "docs/styles/House/Plain.yml",
        &substitution("Plain English.", &[("utilise", "use")]),
    );
    // Outside the workspace, an ini and a style of its own.
    let outside = tmp.path().join("elsewhere");
    write(
        &outside,
        ".vale.ini",
        "StylesPath = styles\n[*.md]\nBasedOnStyles = House\n",
    );
    write(
        &outside,
        "styles/House/Plain.yml",
        &substitution("Outside.", &[("utilise", "use")]),
    );
    let (mut c, _) = Client::start(Some(&ws));
    let text = "We utilise it.\n";
    let docs = file_uri(&ws.join("docs/guide/a.md"));
    c.open(&docs, "markdown", 1, text);
    let diags = c.diagnostics(&docs, 1);
    let [d] = vale(&diags)[..] else {
        panic!("{diags:#?}")
    };
    assert_eq!(d["code"], "House.Plain");
    assert!(hover_text(&mut c, &docs, 0, 5).contains("Plain English."));

    let root = file_uri(&ws.join("b.md"));
    c.open(&root, "markdown", 1, text);
    let diags = c.diagnostics(&root, 1);
    assert!(vale(&diags).is_empty(), "{diags:#?}");
    assert!(!hover_text(&mut c, &root, 0, 5).contains("Plain English."));

    let away = file_uri(&outside.join("c.md"));
    c.open(&away, "markdown", 1, text);
    let diags = c.diagnostics(&away, 1);
    assert!(vale(&diags).is_empty(), "{diags:#?}");
    // A path that climbs out of the workspace through `..` gets none.
    let climbing = format!("{}/docs/../../elsewhere/d.md", file_uri(&ws));
    c.open(&climbing, "markdown", 1, text);
    let diags = c.diagnostics(&climbing, 1);
    assert!(vale(&diags).is_empty(), "{diags:#?}");
    assert!(c.shutdown().success());
}

/// A root ini and a `docs/` ini with different styles: each document gets
/// its own configuration's findings, hovers and fixes (fix-all checks
/// again with the document's own styles); a broken `docs/` style is
/// reported at its file, line and column, and the root's keeps working.
#[test]
fn each_document_gets_its_own_ini() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path();
    write(
        ws,
        ".vale.ini",
        "StylesPath = styles\n[*.md]\nBasedOnStyles = Root\n",
    );
    write(
        ws,
        "styles/Root/Plain.yml",
        &substitution("Root English.", &[("utilise", "use")]),
    );
    write(
        ws,
        "docs/_vale.ini",
        "StylesPath = styles\n[*.md]\nBasedOnStyles = Docs\n",
    );
    // Its fix gives a word its next round flags again.
    write(
        ws,
        "docs/styles/Docs/Plain.yml",
        &substitution("Docs English.", &[("utilise", "use"), ("use", "employ")]),
    );
    let (mut c, _) = Client::start(Some(ws));
    let text = "We utilise it.\n";
    let root = file_uri(&ws.join("a.md"));
    let docs = file_uri(&ws.join("docs/b.md"));
    c.open(&root, "markdown", 1, text);
    c.open(&docs, "markdown", 1, text);
    let at_root = c.diagnostics(&root, 1);
    let in_docs = c.diagnostics(&docs, 1);
    assert_eq!(of_style(&at_root, "Root").len(), 1, "{at_root:#?}");
    assert!(of_style(&at_root, "Docs").is_empty(), "{at_root:#?}");
    assert_eq!(of_style(&in_docs, "Docs").len(), 1, "{in_docs:#?}");
    assert!(of_style(&in_docs, "Root").is_empty(), "{in_docs:#?}");

    let md = hover_text(&mut c, &docs, 0, 5);
    assert!(md.contains("Docs English.") && !md.contains("Root"), "{md}");
    let md = hover_text(&mut c, &root, 0, 5);
    assert!(md.contains("Root English.") && !md.contains("Docs"), "{md}");

    let fix_all = |c: &mut Client, uri: &str| -> String {
        let actions = c.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri},
                   "range": {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}},
                   "context": {"diagnostics": [], "only": ["source.fixAll.draftlint"]}}),
        );
        let all = actions
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["kind"] == "source.fixAll.draftlint")
            .unwrap_or_else(|| panic!("{actions:#}"));
        let edits = all["edit"]["changes"][uri].as_array().unwrap();
        apply_edits(text, edits, false)
    };
    assert_eq!(fix_all(&mut c, &root), "We use it.\n");
    assert_eq!(fix_all(&mut c, &docs), "We employ it.\n");

    // The docs' style breaks: reported at its place; the root's still runs.
    let rule = ws.join("docs/styles/Docs/Plain.yml");
    std::fs::write(&rule, "extends: existence\ntokens: [\"(unclosed\"]\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&rule), "type": 2}]}),
    );
    let msg = shown(
        &mut c,
        "the docs style's problem",
        &["Plain.yml", "invalid pattern"],
    );
    assert!(msg.contains("docs/styles/Docs/Plain.yml:2:1"), "{msg}");
    let on_file = c.wait_for("the problem on the style file", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == file_uri(&rule)
    });
    assert_eq!(
        on_file["params"]["diagnostics"].as_array().unwrap().len(),
        1
    );
    c.change(&root, 2, &[((0, 0), (0, 0), "Now ")]);
    let at_root = c.diagnostics(&root, 2);
    assert_eq!(of_style(&at_root, "Root").len(), 1, "{at_root:#?}");
    // The docs keep their last good style, as a broken pack's last good
    // rules are kept.
    c.change(&docs, 2, &[((0, 0), (0, 0), "Now ")]);
    let in_docs = c.diagnostics(&docs, 2);
    assert_eq!(of_style(&in_docs, "Docs").len(), 1, "{in_docs:#?}");

    // Mended: the problem is cleared from the style file.
    std::fs::write(&rule, substitution("Docs English.", &[("utilise", "use")])).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&rule), "type": 2}]}),
    );
    c.wait_for("the style file cleared", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == file_uri(&rule)
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(Vec::is_empty)
    });
    assert!(c.shutdown().success());
}

/// Editing the style file of a subfolder's configuration reloads it, for
/// the documents under that subfolder.
#[test]
fn editing_a_subfolder_style_reloads_it() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path();
    write(
        ws,
        "docs/.vale.ini",
        "StylesPath = styles\n[*.md]\nBasedOnStyles = House\n",
    );
    let rule = ws.join("docs/styles/House/Plain.yml");
    write(
        ws,
        "docs/styles/House/Plain.yml",
        &substitution("Plain English.", &[("utilise", "use")]),
    );
    let (mut c, _) = Client::start(Some(ws));
    let uri = file_uri(&ws.join("docs/a.md"));
    c.open(&uri, "markdown", 1, "We utilise it.\n");
    let diags = c.diagnostics(&uri, 1);
    assert_eq!(vale(&diags).len(), 1, "{diags:#?}");
    std::fs::write(
        &rule,
        "extends: existence\nmessage: \"Avoid '%s'.\"\ntokens: [we]\nignorecase: true\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&rule), "type": 2}]}),
    );
    c.wait_for("the reloaded rule's finding", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri.as_str()
            && vale(m["params"]["diagnostics"].as_array().unwrap())
                .iter()
                .any(|d| d["message"] == "Avoid 'We'.")
    });
    assert!(c.shutdown().success());
}

/// A subfolder's ini whose `StylesPath` points outside the workspace is
/// refused at that key, and no style there is read.
#[test]
fn a_styles_path_outside_the_workspace_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    write(
        &tmp.path().join("outside"),
        "House/Plain.yml",
        &substitution("Outside.", &[("utilise", "use")]),
    );
    write(
        &ws,
        "docs/.vale.ini",
        "# the docs' styles\nStylesPath = ../../outside\n[*.md]\nBasedOnStyles = House\n",
    );
    let (mut c, _) = Client::start(Some(&ws));
    let uri = file_uri(&ws.join("docs/a.md"));
    c.open(&uri, "markdown", 1, "We utilise it.\n");
    let msg = shown(&mut c, "the StylesPath problem", &["StylesPath", "outside"]);
    assert!(msg.contains("docs/.vale.ini:2:1"), "{msg}");
    let diags = c.diagnostics(&uri, 1);
    assert!(vale(&diags).is_empty(), "{diags:#?}");
    let on_file = c.wait_for("the problem on the ini", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == file_uri(&ws.join("docs/.vale.ini"))
    });
    let d = &on_file["params"]["diagnostics"][0];
    assert_eq!(d["range"]["start"]["line"], 1, "{d}");
    // Reported once per load: checking again does not say it again.
    c.change(&uri, 2, &[((0, 0), (0, 0), "Now ")]);
    c.diagnostics(&uri, 2);
    let again = c.drain().into_iter().filter(|m| {
        m["method"] == "window/showMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|t| t.contains("StylesPath"))
    });
    assert_eq!(again.count(), 0);
    assert!(c.shutdown().success());
}

/// A rule that needs a program draftlint does not run (`script`) is
/// named in a warning once, as `draftlint check` names it once per run;
/// the style's other rules run.
#[test]
fn a_rule_that_is_not_run_is_named_once() {
    let ws = workspace();
    write(
        ws.path(),
        "styles/House/Tengo.yml",
        "extends: script
message: \"Scripted.\"\nscript: |\n  matches := []\n",
    );
    let (mut c, _) = Client::start(Some(ws.path()));
    let uri = file_uri(&ws.path().join("a.md"));
    c.open(&uri, "markdown", 1, "We utilise it.\n");
    let msg = shown(&mut c, "the warning", &["House.Tengo", "not run"]);
    assert!(msg.contains("Tengo script"), "{msg}");
    let diags = c.diagnostics(&uri, 1);
    assert_eq!(vale(&diags).len(), 1, "{diags:#?}");
    c.change(&uri, 2, &[((0, 0), (0, 0), "Now ")]);
    c.diagnostics(&uri, 2);
    let other = file_uri(&ws.path().join("b.md"));
    c.open(&other, "markdown", 1, "We utilise it too.\n");
    c.diagnostics(&other, 1);
    let again = c.drain().into_iter().filter(|m| {
        m["method"] == "window/showMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|t| t.contains("House.Tengo"))
    });
    assert_eq!(again.count(), 0);
    assert!(c.shutdown().success());
}

/// A `.vale.ini` written while the server runs, with no file-watching
/// notification and no settings change (a client that watches no
/// files), governs a draft opened after it.
#[test]
fn an_ini_written_later_counts_when_a_draft_is_opened() {
    let ws = tempfile::tempdir().unwrap();
    let (mut c, _) = Client::start(Some(ws.path()));
    let uri = file_uri(&ws.path().join("a.md"));
    c.open(&uri, "markdown", 1, "We utilise it.\n");
    let diags = c.diagnostics(&uri, 1);
    assert!(vale(&diags).is_empty(), "{diags:#?}");
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    let style = workspace();
    for f in [".vale.ini", "styles/House/Plain.yml"] {
        let text = std::fs::read_to_string(style.path().join(f)).unwrap();
        write(ws.path(), f, &text);
    }
    c.open(&uri, "markdown", 1, "We utilise it.\n");
    let diags = c.diagnostics(&uri, 1);
    assert_eq!(vale(&diags).len(), 1, "{diags:#?}");
    assert!(c.shutdown().success());
}

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |p: &str, t: &str| write(dir.path(), p, t);
    write(
        ".vale.ini",
        "StylesPath = styles\n[*.md]\nBasedOnStyles = House\n",
    );
    write(
        "styles/House/Plain.yml",
        "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\ndescription: Plain English.\nlink: https://example.invalid/plain\naction:\n  name: replace\nswap:\n  utilise: use\n",
    );
    dir
}

#[test]
fn a_vale_finding_with_its_hover_and_fix_and_a_reload() {
    let ws = workspace();
    let (mut c, _) = Client::start(Some(ws.path()));
    let uri = file_uri(&ws.path().join("d.md"));
    c.open(&uri, "markdown", 1, "We utilise it.\n");
    let diags = c.diagnostics(&uri, 1);
    let [d] = vale(&diags)[..] else {
        panic!("{diags:#?}")
    };
    assert_eq!(d["code"], "House.Plain");
    assert_eq!(d["message"], "Use 'use' instead of 'utilise'.");
    assert_eq!(
        d["range"],
        json!({"start": {"line": 0, "character": 3}, "end": {"line": 0, "character": 10}})
    );

    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 5}}),
    );
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains("Plain English.") && md.contains("https://example.invalid/plain"),
        "{md}"
    );

    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.contains("'use'")))
        .unwrap_or_else(|| panic!("{actions:#}"));
    assert_eq!(fix["edit"]["changes"][&uri][0]["newText"], "use");

    // The rule file changes: the server reloads it.
    let rule = ws.path().join("styles/House/Plain.yml");
    std::fs::write(
        &rule,
        "extends: existence\nmessage: \"Avoid '%s'.\"\ntokens: [we]\nignorecase: true\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&rule), "type": 2}]}),
    );
    let m = c.wait_for("the reloaded rule's finding", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri.as_str()
            && vale(m["params"]["diagnostics"].as_array().unwrap())
                .iter()
                .any(|d| d["message"] == "Avoid 'We'.")
    });
    assert!(m["params"]["diagnostics"].is_array());

    // A broken rule: reported, and the server stays up.
    std::fs::write(&rule, "extends: existence\ntokens: [\"(unclosed\"]\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&rule), "type": 2}]}),
    );
    let shown = c.wait_for("the rule's problem", |m| {
        m["method"] == "window/showMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|t| t.contains("Plain.yml") && t.contains("invalid pattern"))
    });
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains("Plain.yml:2:1"),
        "{shown}"
    );
    // The last good style is kept, as a broken rule pack's last good rules are.
    c.change(&uri, 2, &[((0, 0), (0, 0), "Now ")]);
    let diags = c.diagnostics(&uri, 2);
    assert!(
        vale(&diags).iter().any(|d| d["message"] == "Avoid 'We'."),
        "{diags:#?}"
    );
    assert!(c.shutdown().success());
}
