//! Hostile and oversized input to `draftlint lsp` (issue 7): the server
//! neither dies, nor grows without bound, nor reads or shows what lies
//! outside its workspace.

mod lsp_support;

use lsp_support::*;
use serde_json::{json, Value};

/// The server still answers: a round trip through `draftlint/documentText`.
fn alive(c: &mut Client) {
    assert!(c.text("file:///nowhere/alive.md").is_null());
}

/// Item 5: completion after multibyte text sliced inside a character and
/// the server exited.
#[test]
fn completion_after_multibyte_text() {
    let (mut c, _) = Client::start(None);
    let uri = "file:///tmp/draftlint-safety/emoji.md";
    c.open(uri, "markdown", 1, "😀😀😀😀 X\n安倍晋三安倍晋 \n");
    // UTF-16: four emoji are 8 units, then " X".
    for (line, col) in [(0, 10), (0, 9), (1, 8), (1, 7), (0, 0)] {
        let r = c.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": col}}),
        );
        assert!(r["items"].is_array(), "{r}");
    }
    alive(&mut c);
    assert!(c.shutdown().success());
}

/// Sends `total` bytes of `fill` in 1 MB pieces, and returns the largest
/// resident set the server reached meanwhile, in kB.
fn send_filler(c: &mut Client, fill: u8, total: usize) -> u64 {
    let chunk = vec![fill; 1 << 20];
    let mut peak = 0;
    let mut sent = 0;
    while sent < total {
        let n = chunk.len().min(total - sent);
        c.write_raw(&chunk[..n]);
        sent += n;
        if (sent >> 20) % 8 == 0 {
            peak = peak.max(rss_kb(c.pid()).unwrap_or(0));
        }
    }
    peak.max(rss_kb(c.pid()).unwrap_or(0))
}

/// How much the server may grow while a client floods it: far less than
/// the 100 MB sent (it used to hold all of it).
const GROWTH_KB: u64 = 40 * 1024;

/// Item 7: a 100 MB header line with no newline used to be buffered whole.
#[test]
fn a_huge_header_line_is_not_buffered() {
    let (mut c, _) = Client::start(None);
    alive(&mut c);
    let base = rss_kb(c.pid()).expect("/proc/PID/status");
    c.write_raw(b"Content-Length: 10");
    let peak = send_filler(&mut c, b'7', 100 << 20);
    assert!(
        peak < base + GROWTH_KB,
        "resident memory grew from {base} kB to {peak} kB"
    );
    // The line ends; the header block ends; the session goes on.
    c.write_raw(b"\r\n\r\n");
    alive(&mut c);
    let log = c.wait_for("the drop logged", |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("header line of"))
    });
    assert_eq!(log["params"]["type"], 1, "{log}");
    assert!(c.shutdown().success());
}

/// Item 7: a message larger than the limit (64 MiB by default) is read
/// through without being kept, and the request is answered with an error.
#[test]
fn an_oversized_message_is_skipped_and_answered() {
    let (mut c, _) = Client::start(None);
    alive(&mut c);
    let base = rss_kb(c.pid()).expect("/proc/PID/status");
    let head = r#"{"jsonrpc":"2.0","id":77,"method":"textDocument/hover","params":{"pad":""#;
    let tail = r#""}}"#;
    let total = 100 << 20;
    c.write_raw(format!("Content-Length: {total}\r\n\r\n{head}").as_bytes());
    let peak = send_filler(&mut c, b'x', total - head.len() - tail.len());
    c.write_raw(tail.as_bytes());
    assert!(
        peak < base + GROWTH_KB,
        "resident memory grew from {base} kB to {peak} kB"
    );
    let r = c.response(77);
    assert_eq!(r["error"]["code"], -32600, "{r}");
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("DRAFTLINT_MAX_MESSAGE_BYTES"),
        "{r}"
    );
    alive(&mut c);
    assert!(c.shutdown().success());
}

/// The limit is configurable; a notification over it is dropped (and
/// logged), a request over it answered with an error, and smaller ones
/// work as before.
#[test]
fn the_message_limit_is_configurable() {
    let mut c = Client::spawn_env(
        env!("CARGO_BIN_EXE_draftlint"),
        &["lsp"],
        &[("DRAFTLINT_MAX_MESSAGE_BYTES", "100000")],
    );
    c.initialize(None, json!({}), Value::Null);
    let big = "HMS Argyle. ".repeat(20_000);
    let small = "HMS Argyle. ".repeat(2_000);
    c.open("file:///tmp/draftlint-safety/big.md", "markdown", 1, &big);
    c.open(
        "file:///tmp/draftlint-safety/small.md",
        "markdown",
        1,
        &small,
    );
    assert!(c.text("file:///tmp/draftlint-safety/big.md").is_null());
    assert_eq!(
        c.text("file:///tmp/draftlint-safety/small.md")["text"],
        small
    );
    let id = c.request_async(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///x.md"}, "position": {"line": 0, "character": 0}, "pad": big}),
    );
    assert_eq!(c.response(id)["error"]["code"], -32600);
    alive(&mut c);
    assert!(c.shutdown().success());
}

const SECRET: &str = "SECRET-7f3a9c";

/// A folder outside the workspace holding a pack: one usable rule (flags
/// `Zanzibar`) and one broken file full of a secret.
fn outside_pack(dir: &std::path::Path) {
    std::fs::create_dir_all(dir.join("curated")).unwrap();
    std::fs::write(
        dir.join("curated/a.toml"),
        "[[pattern]]\npattern = 'Zanzibar'\nmessage = 'outside rule'\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("curated/secret.toml"),
        format!("# api_token = \"{SECRET}\"\n[[pattern]]\npattern = '{SECRET}('\nmessage = '{SECRET}'\ntoken = \"{SECRET}\"\n"),
    )
    .unwrap();
}

/// Everything the server says while it starts in `root` (with `options`)
/// and checks one draft there.
fn session(root: &std::path::Path, options: Value) -> Vec<Value> {
    let mut c = Client::spawn();
    c.initialize(
        Some(root),
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
        options,
    );
    let mut seen = vec![c.wait_for("rules loaded", |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("rules from"))
    })];
    let uri = file_uri(&root.join("draft.md"));
    c.open(&uri, "markdown", 1, "Zanzibar.\n");
    seen.push(c.wait_for("the draft's diagnostics", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str()
    }));
    alive(&mut c);
    std::thread::sleep(std::time::Duration::from_millis(300));
    seen.extend(c.drain());
    seen
}

fn shown(msgs: &[Value]) -> Vec<String> {
    msgs.iter()
        .filter(|m| m["method"] == "window/showMessage")
        .map(|m| m["params"]["message"].as_str().unwrap().to_string())
        .collect()
}

fn published_outside(msgs: &[Value], root: &std::path::Path) -> Vec<String> {
    let inside = file_uri(root);
    msgs.iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .map(|m| m["params"]["uri"].as_str().unwrap().to_string())
        .filter(|u| !u.starts_with(&inside))
        .collect()
}

fn flagged_by_outside_rule(msgs: &[Value]) -> bool {
    msgs.iter().any(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["message"] == "outside rule")
    })
}

/// Item 12: a workspace's draftlint.toml, or its rules/ folder, naming
/// rules outside the workspace is refused with one message quoting the
/// setting; nothing outside is read, shown or published.
#[test]
fn workspace_rules_outside_the_workspace_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("outside");
    outside_pack(&outside);
    let absolute = outside.display().to_string();
    for (setting, link) in [
        (Some("../outside"), None),
        (Some(absolute.as_str()), None),
        (Some("inner/link"), Some("inner/link")),
        (None, Some("rules")),
    ] {
        let root = tmp.path().join("ws");
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("inner")).unwrap();
        if let Some(l) = link {
            std::os::unix::fs::symlink(&outside, root.join(l)).unwrap();
        }
        if let Some(s) = setting {
            std::fs::write(root.join("draftlint.toml"), format!("rules = {s:?}\n")).unwrap();
        }
        let msgs = session(&root, Value::Null);
        let case = format!("{setting:?} {link:?}");
        let all = serde_json::to_string(&msgs).unwrap();
        assert!(!all.contains(SECRET), "{case}: {all}");
        let popups = shown(&msgs);
        assert_eq!(popups.len(), 1, "{case}: {popups:?}");
        assert!(
            popups[0].contains("outside the workspace")
                || popups[0].contains("not a folder inside the workspace"),
            "{case}: {popups:?}"
        );
        if let Some(s) = setting {
            assert!(popups[0].contains(&format!("{s:?}")), "{case}: {popups:?}");
        }
        assert!(published_outside(&msgs, &root).is_empty(), "{case}: {all}");
        assert!(!flagged_by_outside_rule(&msgs), "{case}");
    }
}

/// The editor's own rules setting may point anywhere: those rules are used
/// and their problems shown (shortened), but no diagnostics are published
/// on files outside the workspace that the editor has not opened.
#[test]
fn the_editor_setting_may_name_rules_anywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("outside");
    outside_pack(&outside);
    let root = tmp.path().join("ws");
    std::fs::create_dir_all(&root).unwrap();
    let msgs = session(
        &root,
        json!({"draftlint": {"rulesPath": outside.display().to_string()}}),
    );
    assert!(flagged_by_outside_rule(&msgs), "{msgs:#?}");
    let popups = shown(&msgs);
    assert!(
        !popups.is_empty() && popups.iter().all(|p| p.contains("secret.toml")),
        "{popups:?}"
    );
    for p in &popups {
        assert!(!p.contains('\n') && p.chars().count() < 600, "{p}");
        assert!(
            !p.contains("api_token"),
            "a comment line of the file came back: {p}"
        );
    }
    assert!(published_outside(&msgs, &root).is_empty(), "{msgs:?}");
}

/// Item 11: at most 10,000 findings are published per document (the first
/// in document order), after one information diagnostic saying how many
/// were left out; pushed and pulled alike.
#[test]
fn published_findings_are_capped() {
    let ws = tempfile::tempdir().unwrap();
    write_rules(
        ws.path(),
        "[[pattern]]\npattern = '\\bzz\\b'\nmessage = 'zz found'\n",
    );
    // Five findings a paragraph: 12,500 in all.
    let text = "zz zz zz zz zz\n\n".repeat(2_500);
    let check = |diags: &[Value]| {
        assert_eq!(diags.len(), 10_001);
        let note = &diags[0];
        assert_eq!(note["code"], "draftlint/truncated");
        assert_eq!(note["severity"], 3);
        assert_eq!(note["range"]["start"], json!({"line": 0, "character": 0}));
        let msg = note["message"].as_str().unwrap();
        assert!(
            msg.contains("10000 of 12500") && msg.contains("2500 more"),
            "{msg}"
        );
        let found = &diags[1..];
        assert!(found.iter().all(|d| d["message"] == "zz found"));
        // The first 10,000 in document order: the 10,000th is the fifth
        // on line 3998.
        assert_eq!(
            found[0]["range"]["start"],
            json!({"line": 0, "character": 0})
        );
        assert_eq!(
            found[9_999]["range"]["start"],
            json!({"line": 3998, "character": 12})
        );
    };
    let (mut c, _) = Client::start(Some(ws.path()));
    let uri = file_uri(&ws.path().join("many.md"));
    c.open(&uri, "markdown", 1, &text);
    check(&c.diagnostics(&uri, 1));
    // An edit at the end changes nothing published but the note's count.
    c.change(&uri, 2, &[((5000, 0), (5000, 0), "zz")]);
    let d = c.diagnostics(&uri, 2);
    assert!(d[0]["message"].as_str().unwrap().contains("10000 of 12501"));
    // The note is not a rule to disable.
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": d[0]["range"], "context": {"diagnostics": []}}),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        !titles.iter().any(|t| t.contains("truncated")),
        "{titles:?}"
    );
    assert!(c.shutdown().success());

    let mut p = Client::spawn();
    p.initialize(
        Some(ws.path()),
        json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}),
        Value::Null,
    );
    p.open(&uri, "markdown", 1, &text);
    let r = p.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    check(r["items"].as_array().unwrap());
}

/// Item 12: a folder of broken rule files used to give one pop-up each
/// (40 and more); now five, then one that counts the rest. All are logged.
#[test]
fn many_broken_rule_files_make_few_popups() {
    let ws = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(ws.path().join("rules/curated")).unwrap();
    for k in 0..12 {
        std::fs::write(
            ws.path().join(format!("rules/curated/bad{k:02}.toml")),
            "[package]\nname = 'x'\n",
        )
        .unwrap();
    }
    let msgs = session(ws.path(), Value::Null);
    let popups = shown(&msgs);
    assert_eq!(popups.len(), 6, "{popups:?}");
    assert!(popups[5].contains("7 more problems"), "{popups:?}");
    let logged = logged(&msgs, "unknown field `package`");
    assert_eq!(logged, 12);
    // Each file in the workspace gets its diagnostic.
    let files = msgs
        .iter()
        .filter(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"].as_str().unwrap().contains("/bad")
        })
        .count();
    assert_eq!(files, 12);
}
