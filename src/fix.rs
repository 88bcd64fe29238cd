//! Applying fixes to text.
//!
//! The CLI's `--fix` and the language server's `source.fixAll` both call
//! [`apply`], so the two give exactly the same text.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// Only fixes marked safe (`--fix`, fix-all).
    Safe,
    /// Safe and unsafe fixes (`--unsafe-fixes`).
    SafeAndUnsafe,
}

/// The edits of the first applicable fix of each diagnostic, in order, with
/// any edit that overlaps an earlier one dropped (its finding stays for the
/// next run).
pub fn collect_edits(diagnostics: &[Diagnostic], which: Which) -> Vec<Edit> {
    let wanted = |f: &Fix| match which {
        Which::Safe => f.applicability == Applicability::Safe,
        Which::SafeAndUnsafe => f.applicability != Applicability::DisplayOnly,
    };
    let mut fixes: Vec<&Fix> = diagnostics
        .iter()
        .filter_map(|d| d.fixes.iter().find(|f| wanted(f)))
        .collect();
    fixes.sort_by_key(|f| f.edits.iter().map(|e| e.range.start).min().unwrap_or(0));
    let mut edits: Vec<Edit> = Vec::new();
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    for fix in fixes {
        let overlaps = fix.edits.iter().any(|e| {
            taken.iter().any(|t| {
                e.range.start < t.end && t.start < e.range.end
                    || (e.range.start == e.range.end && e.range.start == t.start)
            })
        });
        if overlaps {
            continue;
        }
        for e in &fix.edits {
            taken.push(e.range.clone());
            edits.push(e.clone());
        }
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    edits
}

/// `text` with `edits` (sorted, disjoint, on character boundaries) applied.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in edits {
        if e.range.start < pos
            || e.range.end > text.len()
            || !text.is_char_boundary(e.range.start)
            || !text.is_char_boundary(e.range.end)
        {
            continue;
        }
        out.push_str(&text[pos..e.range.start]);
        out.push_str(&e.replacement);
        pos = e.range.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Applies the chosen fixes of `diagnostics` to `text`.
pub fn apply(text: &str, diagnostics: &[Diagnostic], which: Which) -> String {
    apply_edits(text, &collect_edits(diagnostics, which))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Severity};

    fn diag(range: std::ops::Range<usize>, rep: &str, app: Applicability) -> Diagnostic {
        Diagnostic::new("name/exact", Severity::Error, range.clone(), "x")
            .with_fix(Fix::replace(range, rep, app))
    }

    #[test]
    fn applies_safe_fixes_and_skips_overlaps() {
        let text = "the HMS Argyle sails";
        let ds = vec![
            diag(0..4, "", Applicability::Safe),
            diag(4..14, "HMS Argyll", Applicability::Safe),
            diag(8..14, "Argyll!", Applicability::Safe),
            diag(15..20, "SAILS", Applicability::Unsafe),
        ];
        assert_eq!(apply(text, &ds, Which::Safe), "HMS Argyll sails");
        assert_eq!(apply(text, &ds, Which::SafeAndUnsafe), "HMS Argyll SAILS");
    }
}
