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
