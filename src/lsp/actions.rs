//! Code actions: a quick fix per fix, fix-all, and disabling a rule on a line.

use std::collections::HashMap;
use std::ops::Range;

use tower_lsp_server::ls_types as lsp;

use super::documents::{rope_text, Linted};
use super::state::TRUNCATED;
use crate::engine::Engine;
use crate::fix::fix_all_edits;
use crate::text::{disable_next_line_comment, Encoding, Format};

/// The kind of the fix-all action (`editor.codeActionsOnSave` asks for it).
pub const FIX_ALL: &str = "source.fixAll.draftlint";

/// Whether a request limited to `only` kinds wants actions of `kind`.
fn wanted(only: Option<&[lsp::CodeActionKind]>, kind: &str) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|o| {
            let o = o.as_str();
            kind == o || kind.starts_with(&format!("{o}."))
        })
    })
}

fn edit(uri: &lsp::Uri, edits: Vec<lsp::TextEdit>) -> lsp::WorkspaceEdit {
    lsp::WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..lsp::WorkspaceEdit::default()
    }
}

/// The actions for the bytes `range` of a linted document.
pub fn code_actions(
    uri: &lsp::Uri,
    linted: &Linted,
    engine: &Engine,
    format: Format,
    enc: Encoding,
    range: Range<usize>,
    only: Option<&[lsp::CodeActionKind]>,
) -> Vec<lsp::CodeActionOrCommand> {
    let view = linted.view(enc);
    let rope = &linted.rope;
    let mut out = Vec::new();
    let quickfix = wanted(only, lsp::CodeActionKind::QUICKFIX.as_str());
    let mut disabled: Vec<(usize, &str)> = Vec::new();
    for d in &linted.diagnostics {
        let touches = d.range.start <= range.end && range.start <= d.range.end;
        // The note that findings were left out is no rule to disable.
        if !quickfix || !touches || d.code == TRUNCATED {
            continue;
        }
        let diag = view.diagnostic(d, uri);
        for (i, fix) in d.fixes.iter().enumerate() {
            out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: fix.title.clone(),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag.clone()]),
                edit: Some(edit(
                    uri,
                    fix.edits.iter().map(|e| view.text_edit(e)).collect(),
                )),
                is_preferred: Some(i == 0),
                ..lsp::CodeAction::default()
            }));
        }
        let line = rope.byte_to_line(d.range.start.min(rope.len_bytes()));
        if disabled.contains(&(line, d.code)) {
            continue;
        }
        disabled.push((line, d.code));
        let start = rope.line_to_byte(line);
        let indent: String = rope
            .line(line)
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let insert = format!("{indent}{}\n", disable_next_line_comment(d.code));
        out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
            title: format!("Disable {} for this line", d.code),
            kind: Some(lsp::CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diag]),
            edit: Some(edit(
                uri,
                vec![lsp::TextEdit::new(view.range(&(start..start)), insert)],
            )),
            ..lsp::CodeAction::default()
        }));
    }
    if wanted(only, FIX_ALL) {
        let text = rope_text(rope);
        let edits = fix_all_edits(&text, &linted.diagnostics, engine, format);
        if !edits.is_empty() {
            out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: "Fix all safe draftlint findings".into(),
                kind: Some(lsp::CodeActionKind::from(FIX_ALL)),
                edit: Some(edit(uri, edits.iter().map(|e| view.text_edit(e)).collect())),
                ..lsp::CodeAction::default()
            }));
        }
    }
    out
}
