//! Applying fixes to text.
//!
//! The CLI's `--fix` and the language server's `source.fixAll` both call
//! [`apply`], so the two give exactly the same text.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::engine::Engine;
use crate::text::Format;

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// Only fixes marked safe (`--fix`, fix-all).
    Safe,
    /// Safe and unsafe fixes (`--unsafe-fixes`).
    SafeAndUnsafe,
}

/// The edits of the first applicable fix of each diagnostic, in order, with
/// any fix that overlaps an earlier one dropped (its finding stays for the
/// next round).
pub fn collect_edits(diagnostics: &[Diagnostic], which: Which) -> Vec<Edit> {
    collect_fixes(diagnostics, which).0
}

/// As [`collect_edits`], with how many fixes the edits carry out.
///
/// Linear after sorting: fixes are taken in order of their first edit, and
/// one is dropped if any of its edits starts before the end of what is
/// already taken (or inserts where another insertion already is).
pub fn collect_fixes(diagnostics: &[Diagnostic], which: Which) -> (Vec<Edit>, usize) {
    let wanted = |f: &Fix| match which {
        Which::Safe => f.applicability == Applicability::Safe,
        Which::SafeAndUnsafe => f.applicability != Applicability::DisplayOnly,
    };
    let mut fixes: Vec<&Fix> = diagnostics
        .iter()
        .filter_map(|d| d.fixes.iter().find(|f| wanted(f)))
        .filter(|f| !f.edits.is_empty())
        .collect();
    fixes.sort_by_key(|f| f.edits.iter().map(|e| e.range.start).min().unwrap_or(0));
    let mut edits: Vec<Edit> = Vec::new();
    let mut taken_end = 0usize;
    let mut last_insert: Option<usize> = None;
    let mut count = 0;
    for fix in fixes {
        let mut sorted: Vec<&Edit> = fix.edits.iter().collect();
        sorted.sort_by_key(|e| (e.range.start, e.range.end));
        let inner_overlap = sorted.windows(2).any(|p| p[1].range.start < p[0].range.end);
        let overlaps = inner_overlap
            || sorted.iter().any(|e| {
                e.range.start < taken_end
                    || (e.range.is_empty() && last_insert == Some(e.range.start))
            });
        if overlaps {
            continue;
        }
        for e in sorted {
            taken_end = taken_end.max(e.range.end);
            if e.range.is_empty() {
                last_insert = Some(e.range.start);
            }
            edits.push(e.clone());
        }
        count += 1;
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    (edits, count)
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

/// Applies the chosen fixes of `diagnostics` to `text`, once.
pub fn apply(text: &str, diagnostics: &[Diagnostic], which: Which) -> String {
    apply_edits(text, &collect_edits(diagnostics, which))
}

/// Rounds of fixing before giving up: a fix can uncover another finding, and
/// fixes that overlap wait for the next round (as ruff does).
pub const MAX_FIX_ROUNDS: usize = 10;

/// What [`fix_until_stable`] produced.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The text with every round of fixes applied.
    pub text: String,
    /// The findings that remain in `text`.
    pub diagnostics: Vec<Diagnostic>,
    /// How many fixes were applied, over all rounds.
    pub applied: usize,
    /// How many rounds changed the text.
    pub rounds: usize,
}

/// Applies fixes, checks again, and repeats until nothing changes or
/// [`MAX_FIX_ROUNDS`] is reached. `diagnostics` are the findings in `text`.
/// Both `draftlint check --fix` and the editor's fix-all call this, so they
/// give exactly the same text.
pub fn fix_until_stable(
    engine: &Engine,
    text: &str,
    format: Format,
    diagnostics: Vec<Diagnostic>,
    which: Which,
) -> Fixed {
    let mut out = Fixed {
        text: text.to_string(),
        diagnostics,
        applied: 0,
        rounds: 0,
    };
    while out.rounds < MAX_FIX_ROUNDS {
        let (edits, count) = collect_fixes(&out.diagnostics, which);
        if edits.is_empty() {
            break;
        }
        let next = apply_edits(&out.text, &edits);
        if next == out.text {
            break;
        }
        out.text = next;
        out.applied += count;
        out.rounds += 1;
        out.diagnostics = engine.check(&out.text, format);
    }
    out
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
