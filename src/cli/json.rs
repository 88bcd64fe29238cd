//! `--format json`: one JSON document for the whole run.
//!
//! ```json
//! {"version": 1,
//!  "diagnostics": [{"path", "code", "severity", "message", "start", "end",
//!                   "fixes": [{"title", "applicability", "edits": [...]}],
//!                   "evidence", "related": [{"path"?, "start", "end", "message"}]}],
//!  "errors": [{"path", "line"?, "column"?, "message"}],
//!  "summary": {"problems", "fixable", "fixed", "errors"}}
//! ```
//!
//! Lines and columns are 1-based; columns count Unicode scalar values; `end`
//! is exclusive. `evidence` is `null` when the rule has none. A related
//! span has a `path` when it is in another draft (drafts checked together). The shape is
//! versioned: fields may be added, never changed. Fields are written in the
//! order above (structs, not maps), so the output reads well too.

use serde::Serialize;

use super::output::Problem;
use super::render::{position, Elsewhere};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::text::LineIndex;

/// The format version in `"version"`.
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct Document {
    pub version: u32,
    pub diagnostics: Vec<JsonDiagnostic>,
    pub errors: Vec<JsonError>,
    pub summary: Counts,
}

/// Counts for the `"summary"` object.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    pub problems: usize,
    pub fixable: usize,
    pub fixed: usize,
    pub errors: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    pub path: String,
    pub code: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub start: Position,
    pub end: Position,
    pub fixes: Vec<JsonFix>,
    pub evidence: Option<String>,
    pub related: Vec<JsonRelated>,
}

#[derive(Debug, Serialize)]
pub struct JsonFix {
    pub title: String,
    pub applicability: &'static str,
    pub edits: Vec<JsonEdit>,
}

#[derive(Debug, Serialize)]
pub struct JsonEdit {
    pub start: Position,
    pub end: Position,
    pub replacement: String,
}

#[derive(Debug, Serialize)]
pub struct JsonRelated {
    /// The draft it is in, when another than the finding's (drafts checked
    /// together: `workspace-consistency`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub start: Position,
    pub end: Position,
    pub message: String,
}

#[derive(Debug, Serialize)]
pub struct JsonError {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    pub message: String,
}

fn pos(text: &str, lines: &LineIndex, offset: usize) -> Position {
    let (line, column) = position(text, lines, offset);
    Position { line, column }
}

pub fn applicability(a: Applicability) -> &'static str {
    match a {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
        Applicability::DisplayOnly => "display-only",
    }
}

/// One finding, with positions resolved against `text`.
pub fn diagnostic(
    path: &str,
    text: &str,
    lines: &LineIndex,
    d: &Diagnostic,
    elsewhere: &Elsewhere,
) -> JsonDiagnostic {
    JsonDiagnostic {
        path: path.to_string(),
        code: d.code,
        severity: d.severity.as_str(),
        message: d.message.clone(),
        start: pos(text, lines, d.range.start),
        end: pos(text, lines, d.range.end),
        fixes: d
            .fixes
            .iter()
            .map(|f| JsonFix {
                title: f.title.clone(),
                applicability: applicability(f.applicability),
                edits: f
                    .edits
                    .iter()
                    .map(|e| JsonEdit {
                        start: pos(text, lines, e.range.start),
                        end: pos(text, lines, e.range.end),
                        replacement: e.replacement.clone(),
                    })
                    .collect(),
            })
            .collect(),
        evidence: d.evidence.clone(),
        related: d
            .related
            .iter()
            .map(|r| match elsewhere.get(r) {
                Some(p) => JsonRelated {
                    path: Some(p.path.clone()),
                    start: Position {
                        line: p.start.0,
                        column: p.start.1,
                    },
                    end: Position {
                        line: p.end.0,
                        column: p.end.1,
                    },
                    message: r.message.clone(),
                },
                None => JsonRelated {
                    path: None,
                    start: pos(text, lines, r.range.start),
                    end: pos(text, lines, r.range.end),
                    message: r.message.clone(),
                },
            })
            .collect(),
    }
}

pub fn error(p: &Problem) -> JsonError {
    JsonError {
        path: p.path.clone(),
        line: p.line,
        column: p.column,
        message: p.message.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Severity};

    #[test]
    fn positions_are_one_based_scalar_columns() {
        let text = "安倍晋三 met\nthe 😀 HMS Argyle.";
        let start = text.find("HMS").unwrap();
        let d = Diagnostic::note("name/exact", Severity::Error, start..start + 10, "m").with_fix(
            Fix::replace(start..start + 10, "HMS Argyll", Applicability::Safe),
        );
        let lines = LineIndex::new(text);
        let v = serde_json::to_value(diagnostic("a.md", text, &lines, &d, &Elsewhere::default()))
            .unwrap();
        assert_eq!(v["start"], serde_json::json!({"line": 2, "column": 7}));
        assert_eq!(v["end"], serde_json::json!({"line": 2, "column": 17}));
        assert_eq!(v["fixes"][0]["edits"][0]["start"], v["start"]);
        assert_eq!(v["fixes"][0]["applicability"], "safe");
        assert!(v["evidence"].is_null());
    }

    #[test]
    fn errors_leave_out_unknown_positions() {
        let p = Problem::new("a.md", "binary file, skipped");
        assert_eq!(
            serde_json::to_string(&error(&p)).unwrap(),
            r#"{"path":"a.md","message":"binary file, skipped"}"#
        );
    }

    #[test]
    fn columns_follow_lone_carriage_returns_and_skip_a_byte_order_mark() {
        let text = "\u{feff}Mr. Abe\rMr. Abe";
        let lines = LineIndex::new(text);
        let second = text.rfind("Mr.").unwrap();
        for (at, line, column) in [(3, 1, 1), (7, 1, 5), (second, 2, 1), (second + 3, 2, 4)] {
            let d = Diagnostic::note("honorific/full-stop", Severity::Warning, at..at, "m");
            let v =
                serde_json::to_value(diagnostic("a.md", text, &lines, &d, &Elsewhere::default()))
                    .unwrap();
            assert_eq!(
                v["start"],
                serde_json::json!({"line": line, "column": column})
            );
        }
    }
}
