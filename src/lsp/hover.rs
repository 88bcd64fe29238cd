//! Hover on a flagged span: what the rule wants, why, and the evidence.

use tower_lsp_server::ls_types as lsp;

use super::convert::View;
use super::documents::Linted;
use crate::checks::rule_doc;

/// The hover for byte `offset`, if a finding covers it.
/// A Vale rule's finding shows the rule's description and link from its
/// style (`vale`).
pub fn hover(
    linted: &Linted,
    view: View<'_>,
    offset: usize,
    vale: Option<&crate::vale::Vale>,
) -> Option<lsp::Hover> {
    let hits: Vec<_> = linted
        .diagnostics
        .iter()
        .filter(|d| d.range.start <= offset && offset <= d.range.end)
        .collect();
    let first = hits.first()?;
    let mut md = String::new();
    for d in &hits {
        if !md.is_empty() {
            md.push_str("\n---\n\n");
        }
        md.push_str(&format!("**{}** `{}`\n\n", d.message, d.code));
        if let Some(doc) = rule_doc(d.code) {
            md.push_str(&format!(
                "{}.\n\n**What it wants.** {}\n\n**Why.** {}\n\n",
                doc.summary, doc.what, doc.why
            ));
        }
        if let Some(info) = vale.and_then(|v| v.info(d.code)) {
            md.push_str(&format!(
                "Vale rule ({}, {}).\n\n",
                info.extends,
                info.path.display()
            ));
            if let Some(desc) = &info.description {
                md.push_str(&format!("{}\n\n", desc.trim()));
            }
            if let Some(link) = &info.link {
                md.push_str(&format!("[More]({link})\n\n"));
            }
        }
        if let Some(e) = &d.evidence {
            md.push_str(&format!("**Evidence.** {e}\n\n"));
        }
        if let Some(fix) = d.fixes.first() {
            md.push_str(&format!("**Fix.** {}\n", fix.title));
        }
    }
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: md.trim_end().to_string(),
        }),
        range: Some(view.range(&first.range)),
    })
}
