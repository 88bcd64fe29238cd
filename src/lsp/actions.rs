//! Code actions: a quick fix per fix, fix-all, and disabling a rule on a line.

use std::collections::HashMap;
use std::ops::Range;

use tower_lsp_server::ls_types as lsp;

use super::convert::View;
use super::documents::Linted;
use crate::diagnostic::Edit;
use crate::engine::Engine;
use crate::fix::{collect_edits, fix_until_stable, Which};
use crate::text::{disable_next_line_comment, Format};

/// The edits that turn `text` into what `draftlint check --fix` writes:
/// safe fixes applied, the text checked again, until nothing changes. One
/// round (the usual case) gives the fixes' own edits; more give one edit
/// spanning everything that changed.
pub fn fix_all_edits(
    text: &str,
    diagnostics: &[crate::Diagnostic],
    engine: &Engine,
    format: Format,
) -> Vec<Edit> {
    let first = collect_edits(diagnostics, Which::Safe);
    if first.is_empty() {
        return first;
    }
    let done = fix_until_stable(engine, text, format, diagnostics.to_vec(), Which::Safe);
    if done.rounds <= 1 {
        return first;
    }
    let fixed = done.text;
    // One edit from the first difference to the last.
    let prefix = text
        .char_indices()
        .zip(fixed.chars())
        .find(|((_, a), b)| a != b)
        .map_or(text.len().min(fixed.len()), |((i, _), _)| i);
    let mut suffix = 0;
    for (a, b) in text[prefix..]
        .chars()
        .rev()
        .zip(fixed[prefix..].chars().rev())
    {
        if a != b {
            break;
        }
        suffix += a.len_utf8();
    }
    vec![Edit {
        range: prefix..text.len() - suffix,
        replacement: fixed[prefix..fixed.len() - suffix].to_string(),
    }]
}

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
    view: View<'_>,
    range: Range<usize>,
    only: Option<&[lsp::CodeActionKind]>,
) -> Vec<lsp::CodeActionOrCommand> {
    let mut out = Vec::new();
    let quickfix = wanted(only, lsp::CodeActionKind::QUICKFIX.as_str());
    let mut disabled: Vec<(usize, &str)> = Vec::new();
    for d in &linted.diagnostics {
        let touches = d.range.start <= range.end && range.start <= d.range.end;
        // The note that findings were left out is no rule to disable.
        if !quickfix || !touches || d.code == super::server::TRUNCATED {
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
        let line = linted.lines.line_of(d.range.start);
        if disabled.contains(&(line, d.code)) {
            continue;
        }
        disabled.push((line, d.code));
        let start = linted.lines.line_start(line).unwrap_or(0);
        let indent: String = linted.text[start..]
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
        let edits = fix_all_edits(&linted.text, &linted.diagnostics, engine, format);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::apply_edits;
    use crate::rules::{PackSource, RulePack};

    #[test]
    fn fix_all_goes_round_like_check_fix() {
        let rules = "[[pattern]]\npattern = '\\bHMS Argyle\\b'\nreplacement = 'HMS Argyll'\nmessage = 'a'\n\n[[pattern]]\npattern = '\\bthe HMS Argyll\\b'\nreplacement = 'HMS Argyll'\nmessage = 'b'\n";
        let (pack, errs) = RulePack::from_sources(
            PackSource::Builtin,
            vec![("curated/p.toml".into(), None, rules.into())],
        );
        assert!(errs.is_empty(), "{errs:?}");
        let engine = Engine::new(pack).0;
        let text = "😀 We saw the HMS Argyle today.\n";
        let ds = engine.check(text, Format::Markdown);
        let edits = fix_all_edits(text, &ds, &engine, Format::Markdown);
        assert_eq!(apply_edits(text, &edits), "😀 We saw HMS Argyll today.\n");
        assert_eq!(edits.len(), 1);
        let one = "HMS Argyle and HMS Argyle.";
        let ds = engine.check(one, Format::Markdown);
        assert_eq!(fix_all_edits(one, &ds, &engine, Format::Markdown).len(), 2);
    }
}
