//! Code actions: a quick fix per fix, fix-all, disabling a rule on a line,
//! and the house-list actions (a name, a word, a form never flagged) that
//! append to the pack's curated file.

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

/// The pack's own curated file that house-list actions write to
/// (`curated/house.toml`): never a learned file, which `learn` rewrites.
pub struct HouseFile {
    pub uri: lsp::Uri,
    /// Its text on disk; `None` when it does not exist yet.
    pub text: Option<String>,
}

/// The file of the pack folder `pack` that house-list actions edit.
pub fn house_file(pack: &std::path::Path) -> Option<HouseFile> {
    let path = pack.join("curated").join("house.toml");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        // Unreadable or not UTF-8: not a file to append to.
        Err(_) => return None,
    };
    Some(HouseFile {
        uri: lsp::Uri::from_file_path(&path)?,
        text,
    })
}

/// `entry` appended to the house file: a text edit at its end, or the file
/// created with it. The user sees the edit, saves it or undoes it.
fn append_to_house(house: &HouseFile, entry: &str, enc: Encoding) -> lsp::WorkspaceEdit {
    let Some(text) = &house.text else {
        let create = lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Create(lsp::CreateFile {
            uri: house.uri.clone(),
            options: Some(lsp::CreateFileOptions {
                overwrite: Some(false),
                ignore_if_exists: Some(true),
            }),
            annotation_id: None,
        }));
        let insert = lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
            text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                uri: house.uri.clone(),
                version: None,
            },
            edits: vec![lsp::OneOf::Left(lsp::TextEdit::new(
                lsp::Range::default(),
                format!("# The house's own rules, kept by hand (see the README's \"Rule packs\").\n\n{entry}"),
            ))],
        });
        return lsp::WorkspaceEdit {
            document_changes: Some(lsp::DocumentChanges::Operations(vec![create, insert])),
            ..lsp::WorkspaceEdit::default()
        };
    };
    // The end of the file in the client's units.
    let line = text.matches('\n').count();
    let last = &text[text.rfind('\n').map_or(0, |i| i + 1)..];
    let character = match enc {
        Encoding::Utf8 => last.len(),
        Encoding::Utf16 => last.encode_utf16().count(),
        Encoding::Scalar => last.chars().count(),
    };
    let end = lsp::Position::new(line as u32, character as u32);
    let sep = if text.is_empty() || text.ends_with("\n\n") {
        ""
    } else if text.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    edit(
        &house.uri,
        vec![lsp::TextEdit::new(
            lsp::Range::new(end, end),
            format!("{sep}{entry}"),
        )],
    )
}

/// `s` as a TOML string.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The actions for the bytes `range` of a linted document.
#[allow(clippy::too_many_arguments)]
pub fn code_actions(
    uri: &lsp::Uri,
    linted: &Linted,
    engine: &Engine,
    format: Format,
    enc: Encoding,
    range: Range<usize>,
    only: Option<&[lsp::CodeActionKind]>,
    house: Option<&HouseFile>,
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
        // The house's own lists: the flagged text allowed, or a name.
        let found = (d.range.end <= rope.len_bytes() && !d.range.is_empty())
            .then(|| rope.byte_slice(d.range.clone()).to_string());
        if let (Some(house), Some(found)) =
            (house, found.filter(|f| f.trim() == f && f.len() <= 200))
        {
            let form = toml_string(&found);
            if d.code == "name/exact" {
                out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: format!("Add '{found}' to house names"),
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diag.clone()]),
                    edit: Some(append_to_house(
                        house,
                        &format!("[[name]]\nname = {form}\nkind = \"other\"\n"),
                        enc,
                    )),
                    ..lsp::CodeAction::default()
                }));
            }
            if d.code == "spelling/unknown" || d.code == "spelling/unknown-name" {
                // Known from then on in any draft, in every case the
                // dictionary allows for it.
                out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: format!("Add '{found}' to house words"),
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diag.clone()]),
                    edit: Some(append_to_house(
                        house,
                        &format!("[[word]]\nword = {form}\n"),
                        enc,
                    )),
                    ..lsp::CodeAction::default()
                }));
            }
            out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: format!("Never flag '{found}'"),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag.clone()]),
                edit: Some(append_to_house(
                    house,
                    &format!("[[accept]]\nform = {form}\n"),
                    enc,
                )),
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
