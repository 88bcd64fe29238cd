//! The workspace's Vale configuration in the language server (issue 13):
//! picked up at the workspace root, run beside the house style, its rules'
//! descriptions and links in hovers, their actions as code actions, a
//! change to a rule file reloaded, and a broken style reported without the
//! server going down.

mod lsp_support;

use lsp_support::{file_uri, Client};
use serde_json::{json, Value};

fn vale(diags: &[Value]) -> Vec<&Value> {
    diags
        .iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with("House.")))
        .collect()
}

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |p: &str, t: &str| {
        let p = dir.path().join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, t).unwrap();
    };
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
