//! Random edit sequences sent through the protocol leave the server's text
//! equal to the client's.

mod lsp_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use lsp_support::*;
use proptest::prelude::*;
use serde_json::json;

/// One server for every case (starting one per case would dominate).
fn server() -> &'static Mutex<Client> {
    static SERVER: OnceLock<Mutex<Client>> = OnceLock::new();
    SERVER.get_or_init(|| {
        let ws = Box::leak(Box::new(workspace()));
        Mutex::new(Client::start(Some(ws.path())).0)
    })
}

/// The project's own pack with the test pattern and a consistency rule
/// (whose findings depend on text anywhere in the document).
fn rich_workspace() -> &'static std::path::Path {
    static WS: OnceLock<tempfile::TempDir> = OnceLock::new();
    WS.get_or_init(|| {
        let ws = workspace();
        let rules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        for sub in ["learned", "curated"] {
            for e in std::fs::read_dir(rules.join(sub)).unwrap().flatten() {
                let to = ws.path().join("rules").join(sub).join(e.file_name());
                std::fs::copy(e.path(), to).unwrap();
            }
        }
        std::fs::write(
            ws.path().join("rules/curated/c.toml"),
            "[[spelling]]\npreferred = \"organise\"\nvariants = [\"organize\"]\nkind = \"consistency\"\nseen = 3\ndocuments = [\"a\", \"b\"]\n",
        )
        .unwrap();
        ws
    })
    .path()
}

/// A push server and a pull server in [`rich_workspace`].
fn push_server() -> &'static Mutex<Client> {
    static SERVER: OnceLock<Mutex<Client>> = OnceLock::new();
    SERVER.get_or_init(|| Mutex::new(Client::start(Some(rich_workspace())).0))
}

fn pull_server() -> &'static Mutex<Client> {
    static SERVER: OnceLock<Mutex<Client>> = OnceLock::new();
    SERVER.get_or_init(|| {
        let ws = rich_workspace();
        let mut c = Client::spawn();
        let init = c.initialize(
            Some(ws),
            json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}),
            serde_json::Value::Null,
        );
        assert!(init["capabilities"]["diagnosticProvider"].is_object());
        Mutex::new(c)
    })
}

fn pull(c: &mut Client, uri: &str) -> Vec<serde_json::Value> {
    let r = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(r["kind"], "full");
    r["items"].as_array().unwrap().clone()
}

/// The byte offset of a UTF-16 position as the specification reads it:
/// past the end of a line is its end, past the last line is the end of the
/// text, and inside a surrogate pair is an error.
fn model_offset(text: &str, line: u32, col: u32) -> Result<usize, ()> {
    let mut start = 0;
    for _ in 0..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return Ok(text.len()),
        }
    }
    let mut end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    if end > start && text.as_bytes()[end - 1] == b'\r' && end < text.len() {
        end -= 1;
    }
    let mut units = 0u32;
    for (i, c) in text[start..end].char_indices() {
        if units == col {
            return Ok(start + i);
        }
        if units + c.len_utf16() as u32 > col {
            return Err(());
        }
        units += c.len_utf16() as u32;
    }
    Ok(end)
}

fn piece() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "",
        "a",
        "HMS Argyle",
        " ",
        "\n",
        "\r\n",
        "\n\n",
        "😀",
        "👩‍👩‍👧",
        "安倍晋三",
        "e\u{301}",
        "𝕏",
        "```\n",
        "<!--",
        "-->",
        "# ",
        "- ",
        "é",
    ])
    .prop_map(str::to_string)
}

/// An edit as the client sends it: raw (line, UTF-16 column) pairs, some of
/// them past the end or inside a character.
fn edit() -> impl Strategy<Value = ((u32, u32), (u32, u32), String)> {
    let pos = (0u32..12, 0u32..40);
    (
        pos.clone(),
        pos,
        prop::collection::vec(piece(), 0..4).prop_map(|v| v.concat()),
    )
}

static DOC: AtomicUsize = AtomicUsize::new(0);

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    #[test]
    fn server_text_follows_random_edits(
        start in prop::collection::vec(piece(), 0..30).prop_map(|v| v.concat()),
        batches in prop::collection::vec(prop::collection::vec(edit(), 1..4), 1..8),
    ) {
        let mut c = server().lock().unwrap_or_else(|e| e.into_inner());
        let uri = format!("file:///props/{}.md", DOC.fetch_add(1, Ordering::SeqCst));
        c.open(&uri, "markdown", 1, &start);
        let mut model = start.clone();
        let mut version = 1;
        for batch in batches {
            version += 1;
            let mut changes = Vec::new();
            for ((sl, sc), (el, ec), text) in batch {
                let (a, b) = match (model_offset(&model, sl, sc), model_offset(&model, el, ec)) {
                    (Ok(a), Ok(b)) => (a.min(b), a.max(b)),
                    // The server refuses a change that splits a character.
                    _ => (usize::MAX, usize::MAX),
                };
                if a != usize::MAX {
                    model.replace_range(a..b, &text);
                }
                changes.push(json!({"range": {"start": {"line": sl, "character": sc},
                                              "end": {"line": el, "character": ec}}, "text": text}));
            }
            c.notify("textDocument/didChange", json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": changes,
            }));
        }
        let got = c.text(&uri);
        prop_assert_eq!(got["text"].as_str().unwrap(), model.as_str());
        prop_assert_eq!(got["version"].as_i64().unwrap(), version as i64);
        // And it still lints the result.
        c.diagnostics(&uri, version);
        c.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    }
}

/// Pieces that make findings of every kind, including the document-wide
/// consistency rules, which depend on text far from an edit.
fn finding_piece() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "HMS Argyle",
        "HMS Argyll",
        " ",
        "\n",
        "\n\n",
        "co-operation ",
        "cooperation ",
        "Mr. Ben wallace ",
        "Mr Ben Wallace ",
        "Tuesday 8 January 2016 ",
        "😀",
        "```\n",
        "# ",
        "the Foreign secretary ",
        "organise ",
        "organize ",
        "Mrs. Theresa May ",
        "Mrs Theresa May ",
    ])
    .prop_map(str::to_string)
}

/// A ranged change at byte offsets of the model, as a UTF-16 LSP change.
fn change_at(text: &str, a: usize, b: usize, new: &str) -> serde_json::Value {
    let (sl, sc) = position(text, a);
    let (el, ec) = position(text, b);
    json!({"range": {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}}, "text": new})
}

static PULL_DOC: AtomicUsize = AtomicUsize::new(0);

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Issue 8: pull diagnostics come from the same incremental state as
    /// pushed ones. After every batch of edits the pulled diagnostics equal
    /// the pushed ones for that version, and both equal a fresh check of
    /// the same text.
    #[test]
    fn pulled_diagnostics_equal_pushed_ones_across_edits(
        start in prop::collection::vec(finding_piece(), 10..60).prop_map(|v| v.concat()),
        batches in prop::collection::vec(
            prop::collection::vec((any::<prop::sample::Index>(), 0usize..16,
                prop::collection::vec(finding_piece(), 0..3).prop_map(|v| v.concat())), 1..4),
            1..8),
    ) {
        let mut push = push_server().lock().unwrap_or_else(|e| e.into_inner());
        let mut pulled = pull_server().lock().unwrap_or_else(|e| e.into_inner());
        let n = PULL_DOC.fetch_add(1, Ordering::SeqCst);
        let uri = format!("file:///props/pull-{n}.md");
        push.open(&uri, "markdown", 1, &start);
        pulled.open(&uri, "markdown", 1, &start);
        prop_assert_eq!(push.diagnostics(&uri, 1), pull(&mut pulled, &uri));
        let mut model = start.clone();
        for (k, batch) in batches.into_iter().enumerate() {
            let version = k as i32 + 2;
            let mut changes = Vec::new();
            for (a, len, text) in batch {
                // Mostly small edits, as typing makes, anywhere.
                let bounds: Vec<usize> = model.char_indices().map(|(i, _)| i).chain([model.len()]).collect();
                let x = bounds[a.index(bounds.len())];
                let y = bounds.iter().copied().find(|&b| b >= x + len).unwrap_or(model.len());
                changes.push(change_at(&model, x, y, &text));
                model.replace_range(x..y, &text);
            }
            for c in [&mut *push, &mut *pulled] {
                c.notify("textDocument/didChange", json!({
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": changes,
                }));
            }
            let pushed = push.diagnostics(&uri, version);
            prop_assert_eq!(&pushed, &pull(&mut pulled, &uri), "version {}: {:?}", version, model);
        }
        // Reopened, the final text is checked from scratch.
        let last = pull(&mut pulled, &uri);
        pulled.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
        pulled.open(&uri, "markdown", 1, &model);
        prop_assert_eq!(&last, &pull(&mut pulled, &uri));
        for c in [&mut *push, &mut *pulled] {
            c.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
        }
    }
}
