//! `draftlint lsp` driven over stdio by a small JSON-RPC client.

mod lsp_support;

use std::time::Duration;

use lsp_support::*;
use serde_json::{json, Value};

const PATTERN: &str = "pattern/custom";

fn of_code(diags: &[Value], code: &str) -> Vec<Value> {
    diags
        .iter()
        .filter(|d| d["code"] == code)
        .cloned()
        .collect()
}

fn range(d: &Value) -> ((u64, u64), (u64, u64)) {
    let r = &d["range"];
    (
        (
            r["start"]["line"].as_u64().unwrap(),
            r["start"]["character"].as_u64().unwrap(),
        ),
        (
            r["end"]["line"].as_u64().unwrap(),
            r["end"]["character"].as_u64().unwrap(),
        ),
    )
}

/// vscode-languageclient starts a stdio server as `draftlint lsp --stdio
/// --clientProcessId=N`; a server that rejects those never starts.
#[test]
fn starts_with_the_arguments_language_clients_pass() {
    for args in [
        &["lsp", "--stdio"][..],
        &["lsp", "--stdio", "--clientProcessId=4242"][..],
        &["lsp", "--clientProcessId", "4242", "--stdio"][..],
    ] {
        let ws = workspace();
        let mut c = Client::spawn_args(env!("CARGO_BIN_EXE_draftlint"), args);
        let init = c.initialize(Some(ws.path()), json!({}), Value::Null);
        assert!(
            init["capabilities"]["textDocumentSync"].is_object(),
            "{args:?}: {init}"
        );
        let uri = file_uri(&ws.path().join("draft.md"));
        c.open(&uri, "markdown", 1, "Ben wallace spoke.\n");
        let d = c.wait_for("diagnostics", |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str()
        });
        assert!(d["params"]["diagnostics"].is_array(), "{args:?}");
    }
}

#[test]
fn open_and_edit_non_ascii_text_with_utf16_ranges() {
    let ws = workspace();
    let (mut c, init) = Client::start(Some(ws.path()));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 2);
    let uri = file_uri(&ws.path().join("draft.md"));
    c.open(&uri, "markdown", 1, "😀 安倍 met HMS Argyle.\n");
    let ds = of_code(&c.diagnostics(&uri, 1), PATTERN);
    assert_eq!(ds.len(), 1, "{ds:?}");
    // "😀 安倍 met " is 10 UTF-16 units; "HMS Argyle" 10 more.
    assert_eq!(range(&ds[0]), ((0, 10), (0, 20)));
    assert_eq!(ds[0]["source"], "draftlint");
    assert_eq!(ds[0]["severity"], 2);

    // Insert "é😀 " (e + combining accent: 2 units, emoji: 2, space: 1)
    // after the emoji.
    c.change(&uri, 2, &[((0, 2), (0, 2), "e\u{301}😀 ")]);
    let ds = of_code(&c.diagnostics(&uri, 2), PATTERN);
    assert_eq!(range(&ds[0]), ((0, 15), (0, 25)));
    assert_eq!(c.text(&uri)["text"], "😀e\u{301}😀  安倍 met HMS Argyle.\n");

    // Fix it by hand: the finding goes.
    c.change(&uri, 3, &[((0, 24), (0, 25), "l")]);
    assert!(of_code(&c.diagnostics(&uri, 3), PATTERN).is_empty());
    assert!(c.shutdown().success());
}

#[test]
fn utf8_is_used_when_offered() {
    let ws = workspace();
    let mut c = Client::spawn();
    let init = c.initialize(
        Some(ws.path()),
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
        Value::Null,
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let uri = file_uri(&ws.path().join("d.md"));
    c.open(&uri, "markdown", 1, "😀 安倍 met HMS Argyle.\n");
    let ds = of_code(&c.diagnostics(&uri, 1), PATTERN);
    // 4 + 1 + 6 + 1 + 3 + 1 = 16 bytes before the name.
    assert_eq!(range(&ds[0]), ((0, 16), (0, 26)));
    c.change(&uri, 2, &[((0, 4), (0, 4), "é")]);
    let ds = of_code(&c.diagnostics(&uri, 2), PATTERN);
    assert_eq!(range(&ds[0]), ((0, 18), (0, 28)));
}

fn actions(c: &mut Client, uri: &str, d: &Value, only: Option<&[&str]>) -> Vec<Value> {
    let mut context = json!({"diagnostics": [d]});
    if let Some(only) = only {
        context["only"] = json!(only);
    }
    c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": d["range"], "context": context}),
    )
    .as_array()
    .unwrap()
    .clone()
}

fn edits_of(action: &Value, uri: &str) -> Vec<Value> {
    action["edit"]["changes"][uri].as_array().unwrap().clone()
}

#[test]
fn quick_fix_and_disable_comment() {
    let ws = workspace();
    let (mut c, _) = Client::start(Some(ws.path()));
    let uri = file_uri(&ws.path().join("d.md"));
    let text = "# Report\n\n安倍 met the crew of 😀 HMS Argyle today.\n";
    c.open(&uri, "markdown", 1, text);
    let d = of_code(&c.diagnostics(&uri, 1), PATTERN).remove(0);
    let acts = actions(&mut c, &uri, &d, None);
    let fix = acts
        .iter()
        .find(|a| a["title"] == "Replace with 'HMS Argyll'")
        .expect("quick fix");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    let fixed = apply_edits(text, &edits_of(fix, &uri), false);
    assert_eq!(
        fixed,
        "# Report\n\n安倍 met the crew of 😀 HMS Argyll today.\n"
    );

    let disable = acts
        .iter()
        .find(|a| a["title"] == format!("Disable {PATTERN} for this line"))
        .expect("disable action");
    let disabled = apply_edits(text, &edits_of(disable, &uri), false);
    assert_eq!(
        disabled,
        format!(
            "# Report\n\n<!-- draftlint-disable-next-line {PATTERN} -->\n安倍 met the crew of 😀 HMS Argyle today.\n"
        )
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": disabled}]}),
    );
    assert!(of_code(&c.diagnostics(&uri, 2), PATTERN).is_empty());
}

#[test]
fn fix_all_equals_the_library_fix() {
    let ws = workspace();
    let (mut c, _) = Client::start(Some(ws.path()));
    let uri = file_uri(&ws.path().join("d.md"));
    let text =
        "HMS Argyle sailed.\n\n- 😀 HMS Argyle again\n- `HMS Argyle` in code\n\nAnd HMS Argyle.\n";
    c.open(&uri, "markdown", 1, text);
    let ds = c.diagnostics(&uri, 1);
    assert_eq!(of_code(&ds, PATTERN).len(), 3);
    let all = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0]["kind"], "source.fixAll.draftlint");
    let fixed = apply_edits(text, &edits_of(&all[0], &uri), false);

    let (pack, errs) = draftlint::RulePack::load_dir(&ws.path().join("rules")).unwrap();
    assert!(errs.is_empty());
    let (engine, _) = draftlint::Engine::new(pack);
    let diags = engine.check(text, draftlint::Format::Markdown);
    let want = draftlint::fix::apply(text, &diags, draftlint::fix::Which::Safe);
    assert_eq!(fixed, want);
    assert!(fixed.contains("- `HMS Argyle` in code"));
    assert_eq!(fixed.matches("HMS Argyll").count(), 3);
}

#[test]
fn hover_explains_the_finding() {
    let ws = workspace();
    let (mut c, _) = Client::start(Some(ws.path()));
    let uri = file_uri(&ws.path().join("d.md"));
    c.open(&uri, "markdown", 1, "安倍 met HMS Argyle.\n");
    c.diagnostics(&uri, 1);
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 9}}),
    );
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.contains("The ship is HMS Argyll"), "{md}");
    assert!(md.contains("pattern/custom"), "{md}");
    assert!(md.contains("**Why.**"), "{md}");
    assert_eq!(h["range"]["start"]["character"], 7);
    // Nothing flagged there: no hover.
    let none = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
    );
    assert!(
        none.is_null()
            || !none["contents"]["value"]
                .as_str()
                .unwrap_or("")
                .contains("pattern/custom")
    );
}

#[test]
fn completion_offers_canonical_names() {
    let ws = workspace();
    let (mut c, init) = Client::start(Some(ws.path()));
    assert!(init["capabilities"]["completionProvider"].is_object());
    let uri = file_uri(&ws.path().join("d.md"));
    c.open(&uri, "markdown", 1, "😀 The frigate HMS Ar");
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 21}}),
    );
    let items = r["items"].as_array().unwrap();
    let argyll = items
        .iter()
        .find(|i| i["label"] == "HMS Argyll")
        .unwrap_or_else(|| panic!("{items:?}"));
    // Replaces "HMS Ar", which starts after "😀 The frigate " (15 units).
    assert_eq!(argyll["textEdit"]["range"]["start"]["character"], 15);
    assert_eq!(argyll["textEdit"]["range"]["end"]["character"], 21);

    c.change(&uri, 2, &[((0, 21), (0, 21), "gyll in Exercise ")]);
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 38}}),
    );
    let labels: Vec<&str> = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"Exercise Joint Warrior"), "{labels:?}");
}

#[test]
fn rules_reload_when_files_change() {
    let ws = workspace();
    let (mut c, _) = Client::start(Some(ws.path()));
    let uri = file_uri(&ws.path().join("d.md"));
    c.open(&uri, "markdown", 1, "We utilise HMS Argyle.\n");
    assert_eq!(of_code(&c.diagnostics(&uri, 1), PATTERN).len(), 1);
    write_rules(
        ws.path(),
        &format!("{PATTERN_RULES}\n[[pattern]]\npattern = '\\butilise\\b'\nreplacement = 'use'\nmessage = 'Say use'\n"),
    );
    let rule_uri = file_uri(&ws.path().join("rules/curated/p.toml"));
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": rule_uri, "type": 2}]}),
    );
    let ds = c.diagnostics(&uri, 1);
    let ds = c
        .wait_for_within("two findings", Duration::from_secs(10), &mut |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && of_code(m["params"]["diagnostics"].as_array().unwrap(), PATTERN).len() == 2
        })
        .map(|m| m["params"]["diagnostics"].as_array().unwrap().clone())
        .unwrap_or(ds);
    assert_eq!(of_code(&ds, PATTERN).len(), 2, "{ds:?}");
}

#[test]
fn a_broken_rule_file_is_reported_and_the_last_good_rules_kept() {
    let ws = workspace();
    let (mut c, _) = Client::start(Some(ws.path()));
    let uri = file_uri(&ws.path().join("d.md"));
    c.open(&uri, "markdown", 1, "HMS Argyle.\n");
    assert_eq!(of_code(&c.diagnostics(&uri, 1), PATTERN).len(), 1);
    let rule_path = ws.path().join("rules/curated/p.toml");
    std::fs::write(
        &rule_path,
        "[[pattern]]\npattern = 'Argyle'\nmessage = 'x'\n\n[[pattern]]\npattern = 'co-(operat'\nmessage = 'y'\n",
    )
    .unwrap();
    let rule_uri = file_uri(&rule_path);
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": rule_uri, "type": 2}]}),
    );
    let msg = c.wait_for("showMessage", |m| m["method"] == "window/showMessage");
    assert_eq!(msg["params"]["type"], 1);
    let text = msg["params"]["message"].as_str().unwrap();
    assert!(text.contains("p.toml:6"), "{text}");
    let on_file = c.wait_for("diagnostic on the rule file", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == rule_uri
    });
    let d = &on_file["params"]["diagnostics"][0];
    assert_eq!(d["range"]["start"]["line"], 5);
    assert!(d["message"].as_str().unwrap().contains("does not compile"));
    // Still checking with the last good rules, and still answering.
    c.change(&uri, 2, &[((0, 0), (0, 0), "The ")]);
    let ds = of_code(&c.diagnostics(&uri, 2), PATTERN);
    assert_eq!(ds.len(), 1);
    assert_eq!(ds[0]["message"], "The ship is HMS Argyll");

    // Repaired: the rule file's diagnostics are cleared.
    std::fs::write(&rule_path, PATTERN_RULES).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": rule_uri, "type": 2}]}),
    );
    let cleared = c.wait_for("cleared rule file", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == rule_uri
            && m["params"]["diagnostics"].as_array().unwrap().is_empty()
    });
    assert!(cleared.is_object());
}

#[test]
fn pull_diagnostics_for_clients_that_prefer_them() {
    let ws = workspace();
    let mut c = Client::spawn();
    let init = c.initialize(
        Some(ws.path()),
        json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}),
        Value::Null,
    );
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["identifier"],
        "draftlint"
    );
    let uri = file_uri(&ws.path().join("d.md"));
    c.open(&uri, "markdown", 1, "HMS Argyle.\n");
    c.change(&uri, 2, &[((0, 0), (0, 0), "😀 ")]);
    let r = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(r["kind"], "full");
    let items = of_code(r["items"].as_array().unwrap(), PATTERN);
    assert_eq!(range(&items[0]), ((0, 3), (0, 13)));
}

#[test]
fn versions_only_increase_and_the_last_one_is_published() {
    let ws = workspace();
    let (mut c, _) = Client::start(Some(ws.path()));
    let uri = file_uri(&ws.path().join("d.md"));
    let mut text = "HMS Argyle.\n\n".repeat(2000);
    c.open(&uri, "markdown", 1, &text);
    for v in 2..=200 {
        c.change(&uri, v, &[((0, 0), (0, 0), "x ")]);
        text.insert_str(0, "x ");
    }
    let last = c.diagnostics(&uri, 200);
    assert_eq!(of_code(&last, PATTERN).len(), 2000);
    let mut seen = vec![];
    for m in c.drain() {
        if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
            seen.push(m["params"]["version"].as_i64().unwrap());
        }
    }
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert!(seen.iter().all(|&v| v <= 200));
    assert_eq!(c.text(&uri)["text"], text);
}

#[test]
fn lifecycle_unknown_methods_and_unknown_documents() {
    let mut c = Client::spawn();
    // Before initialize: requests are refused.
    let id = c.request_async("textDocument/hover", json!({}));
    assert_eq!(c.response(id)["error"]["code"], -32002);
    c.initialize(None, json!({}), Value::Null);
    let id = c.request_async("draftlint/noSuchThing", json!({}));
    assert_eq!(c.response(id)["error"]["code"], -32601);
    // Unknown notifications are ignored.
    c.notify("$/noSuchNotification", json!({}));
    c.notify("draftlint/noSuchNotification", json!({}));
    // Documents never opened: nothing to say, but an answer.
    let uri = "file:///nowhere/never.md";
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
    );
    assert!(h.is_null());
    let a = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": []}}),
    );
    assert!(a.is_null());
    c.change(uri, 2, &[((0, 0), (0, 0), "x")]);
    assert!(c.text(uri).is_null());
    // Wrong parameter types: an error, and the server carries on.
    let id = c.request_async("textDocument/hover", json!({"textDocument": 5}));
    assert_eq!(c.response(id)["error"]["code"], -32602);
    // Cancelling a finished request is harmless.
    c.notify("$/cancelRequest", json!({"id": id}));
    assert!(c.text(uri).is_null());
    assert!(c.shutdown().success());

    // exit without shutdown: exit code 1.
    let mut c = Client::spawn();
    c.initialize(None, json!({}), Value::Null);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait().code(), Some(1));
}

#[test]
fn bad_input_never_takes_the_server_down() {
    let ws = workspace();
    let (mut c, _) = Client::start(Some(ws.path()));
    let uri = file_uri(&ws.path().join("d.md"));
    c.open(&uri, "markdown", 1, "a😀b\nHMS Argyle\n");
    c.diagnostics(&uri, 1);

    // Malformed frames: bad JSON, bodies that are not JSON-RPC, bad headers.
    c.write_raw(b"Content-Length: 9\r\n\r\n{not json");
    c.write_raw(b"Content-Length: 2\r\n\r\n[]");
    c.write_raw(b"Content-Length: 2\r\n\r\n42");
    c.write_raw(b"Content-Length: 3\r\n\r\n\xff\xfe\xfd");
    c.write_raw(b"Content-Length: x\r\n\r\n");
    c.write_raw(b"Content-Type: text/html\r\n\r\n");
    c.write_raw(b"Content-Length: 2\r\nContent-Type: application/json; charset=latin1\r\n\r\n{}");
    // Edits past the end of the document and of a line clamp.
    c.change(
        &uri,
        2,
        &[((0, 99), (0, 99), "!"), ((99, 0), (99, 5), "END")],
    );
    // An edit splitting the emoji's surrogate pair is refused (logged).
    c.change(&uri, 3, &[((0, 2), (0, 2), "X")]);
    let t = c.text(&uri);
    assert_eq!(t["text"], "a😀b!\nHMS Argyle\nEND");
    assert_eq!(t["version"], 3);
    c.diagnostics(&uri, 3);

    // A thousand edits in a burst.
    let mut model = t["text"].as_str().unwrap().to_string();
    for v in 4..1004 {
        c.change(&uri, v, &[((0, 0), (0, 0), "é")]);
        model.insert(0, 'é');
    }
    assert_eq!(c.text(&uri)["text"], model);
    c.diagnostics(&uri, 1003);

    // A 10 MB document (few findings, so that the test measures size, not
    // the volume of diagnostics).
    let mut big =
        "The frigate HMS Argyll sailed from Portsmouth on 8 January 2016.\n\n".repeat(160_000);
    big.push_str("HMS Argyle\n");
    assert!(big.len() > 10_000_000);
    let big_uri = file_uri(&ws.path().join("big.md"));
    c.open(&big_uri, "markdown", 1, &big);
    assert_eq!(of_code(&c.diagnostics(&big_uri, 1), PATTERN).len(), 1);
    c.change(&big_uri, 2, &[((5, 0), (5, 0), "HMS Argyle ")]);
    assert_eq!(of_code(&c.diagnostics(&big_uri, 2), PATTERN).len(), 2);
    assert!(c.shutdown().success());
}

/// Issue 8: a pull after a small edit re-checks only what the edit touched,
/// as a push does, instead of the whole document. Measured as a ratio to
/// the first pull (a full check), so that the machine's speed cancels out.
#[test]
fn pull_diagnostics_are_incremental() {
    let ws = workspace();
    let mut c = Client::spawn();
    c.initialize(
        Some(ws.path()),
        json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}),
        Value::Null,
    );
    let uri = file_uri(&ws.path().join("big.md"));
    let para = "The frigate HMS Argyll sailed from Portsmouth on 8 January 2016 with the Foreign Secretary aboard.\n\n";
    let mut text = para.repeat(6_000);
    text.push_str("HMS Argyle\n");
    let pull = |c: &mut Client| -> (Duration, usize) {
        let t = std::time::Instant::now();
        let r = c.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        );
        (
            t.elapsed(),
            of_code(r["items"].as_array().unwrap(), PATTERN).len(),
        )
    };
    c.open(&uri, "markdown", 1, &text);
    let (full, n) = pull(&mut c);
    assert_eq!(n, 1);
    let mut times = Vec::new();
    for v in 2..=12 {
        c.change(&uri, v, &[((4, 0), (4, 0), "HMS Argyle ")]);
        let (t, n) = pull(&mut c);
        assert_eq!(n, v as usize);
        times.push(t);
    }
    times.sort();
    let median = times[times.len() / 2];
    assert!(
        median * 4 < full,
        "a pull after an edit took {median:?}, the first (full) one {full:?}"
    );
}

/// Issue 8: the documented severity key `"dates"` did nothing, silently.
/// An unknown code or family is now shown once (and logged every time it
/// is sent) with the nearest valid key; a family (`pattern`) works.
#[test]
fn unknown_severity_keys_are_reported_once() {
    let ws = workspace();
    let mut c = Client::spawn();
    c.initialize(
        Some(ws.path()),
        json!({}),
        json!({"draftlint": {"severity": {"patterns": "off"}}}),
    );
    let shown = c.wait_for("the warning", |m| m["method"] == "window/showMessage");
    assert_eq!(shown["params"]["type"], 2);
    let text = shown["params"]["message"].as_str().unwrap();
    assert!(
        text.contains("\"patterns\"") && text.contains("did you mean \"pattern\"?"),
        "{text}"
    );
    let uri = file_uri(&ws.path().join("d.md"));
    let draft = "We saw HMS Argyle.\n";
    c.open(&uri, "markdown", 1, draft);
    assert_eq!(of_code(&c.diagnostics(&uri, 1), PATTERN).len(), 1);

    // Sent again, with the family spelt right and a new mistake.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"draftlint": {"severity": {"patterns": "off", "pattern": "off", "title/cas": "hint"}}}}),
    );
    c.change(&uri, 2, &[((0, 0), (0, 0), " ")]);
    let ds = c.diagnostics(&uri, 2);
    assert!(of_code(&ds, PATTERN).is_empty(), "{ds:?}");
    // The new mistake is shown; the old one is not shown again.
    let mut msgs = vec![c.wait_for("the second warning", |m| {
        m["method"] == "window/showMessage"
    })];
    std::thread::sleep(Duration::from_millis(300));
    msgs.extend(c.drain());
    let popups: Vec<&str> = msgs
        .iter()
        .filter(|m| m["method"] == "window/showMessage")
        .map(|m| m["params"]["message"].as_str().unwrap())
        .collect();
    assert_eq!(popups.len(), 1, "{popups:?}");
    assert!(
        popups[0].contains("did you mean \"title/case\"?"),
        "{popups:?}"
    );
    let logged = logged(&msgs, "\"patterns\"");
    // Logged when first sent and again when sent again.
    assert_eq!(logged, 2, "{msgs:?}");
}

#[test]
fn house_list_actions_write_the_packs_curated_file_and_the_finding_goes() {
    let ws = workspace();
    let (mut c, _) = Client::start(Some(ws.path()));
    let uri = file_uri(&ws.path().join("d.md"));
    let text = "The 😀 HMS Argyle sailed.\n";
    c.open(&uri, "markdown", 1, text);
    let first = c.diagnostics(&uri, 1);
    let d = of_code(&first, PATTERN).remove(0);
    let house = ws.path().join("rules/curated/house.toml");
    let house_uri = file_uri(&house);

    // No house file yet: the action creates it, with the entry.
    let acts = actions(&mut c, &uri, &d, None);
    let never = acts
        .iter()
        .find(|a| a["title"] == "Never flag 'HMS Argyle'")
        .expect("never-flag action");
    let ops = never["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(ops[0]["kind"], "create", "{ops:?}");
    assert_eq!(ops[0]["uri"], house_uri.as_str());
    let created = ops[1]["edits"][0]["newText"].as_str().unwrap();
    assert!(
        created.ends_with("[[accept]]\nform = \"HMS Argyle\"\n"),
        "{created}"
    );
    // Learned files are never the target.
    assert!(!never.to_string().contains("learned"), "{never}");

    // A name's near miss can be made a house name of its own.
    let name = of_code(&first, "name/exact").remove(0);
    let acts = actions(&mut c, &uri, &name, None);
    let add = acts
        .iter()
        .find(|a| a["title"] == "Add 'HMS Argyle' to house names")
        .expect("add-name action");
    let ops = add["edit"]["documentChanges"].as_array().unwrap();
    let created = ops[1]["edits"][0]["newText"].as_str().unwrap();
    assert!(
        created.ends_with("[[name]]\nname = \"HMS Argyle\"\nkind = \"other\"\n"),
        "{created}"
    );

    // With the file there, the entry is appended at its end.
    std::fs::write(&house, "[[accept]]\nform = \"x\"").unwrap();
    let acts = actions(&mut c, &uri, &d, None);
    let never = acts
        .iter()
        .find(|a| a["title"] == "Never flag 'HMS Argyle'")
        .unwrap();
    let edits = never["edit"]["changes"][house_uri.as_str()]
        .as_array()
        .unwrap();
    let after = apply_edits("[[accept]]\nform = \"x\"", edits, false);
    assert_eq!(
        after,
        "[[accept]]\nform = \"x\"\n\n[[accept]]\nform = \"HMS Argyle\"\n"
    );

    // Saved, the pack reloads and the finding is gone.
    std::fs::write(&house, &after).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": house_uri, "type": 2}]}),
    );
    let gone = c.wait_for_within("no finding", Duration::from_secs(10), &mut |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && of_code(m["params"]["diagnostics"].as_array().unwrap(), PATTERN).is_empty()
    });
    assert!(gone.is_some(), "the accepted text is still flagged");
    assert!(c.shutdown().success());
}
