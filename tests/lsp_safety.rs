//! Hostile and oversized input to `draftlint lsp` (issue 7): the server
//! neither dies, nor grows without bound, nor reads or shows what lies
//! outside its workspace.

mod lsp_support;

use lsp_support::*;
use serde_json::json;

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
