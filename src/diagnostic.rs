//! Diagnostics as plain data.
//!
//! Every front end (terminal, JSON, language server) renders the same
//! [`Diagnostic`]. Spans are byte offsets into the UTF-8 document; conversion
//! to lines and columns happens at the edge (see [`crate::text::LineIndex`]).

use serde::Serialize;
use std::ops::Range;

/// How loud a finding is. `Error` and `Warning` are for text an editor would
/// change; `Information` and `Hint` are advice.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    #[serde(alias = "info")]
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "information" | "info" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// Whether a fix may be applied without a person looking at it.
///
/// `--fix` and the editor's `source.fixAll` apply only [`Applicability::Safe`]
/// fixes; the others are offered one at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// The replacement is what the house style requires, with nothing to judge.
    Safe,
    /// Probably right, but a person should confirm (for example a near-miss
    /// name that might be a different entity).
    Unsafe,
    /// Shown as a suggestion only, never applied in bulk.
    DisplayOnly,
}

/// One replacement of a byte range.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

/// A titled set of edits that together fix one finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix that replaces `range` with `replacement`, titled
    /// "Replace with '…'".
    pub fn replace(
        range: Range<usize>,
        replacement: impl Into<String>,
        applicability: Applicability,
    ) -> Fix {
        let replacement = replacement.into();
        Fix {
            title: if replacement.is_empty() {
                "Remove".to_string()
            } else {
                format!("Replace with '{replacement}'")
            },
            applicability,
            edits: vec![Edit { range, replacement }],
        }
    }
}

/// A place elsewhere in the same document that explains a finding (for
/// consistency rules: the earlier form the draft already used).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Related {
    pub range: Range<usize>,
    pub message: String,
}

/// A finding: what is wrong, where, why, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Diagnostic {
    /// Byte range in the document text.
    pub range: Range<usize>,
    /// Rule code such as `name/exact`; see [`crate::checks::registry`].
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Fixes, the preferred one first.
    pub fixes: Vec<Fix>,
    /// The evidence behind the rule, in words (which corpus documents
    /// support it), when the rule was learned.
    pub evidence: Option<String>,
    pub related: Vec<Related>,
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        severity: Severity,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            range,
            code,
            severity,
            message: message.into(),
            fixes: Vec::new(),
            evidence: None,
            related: Vec::new(),
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fixes.push(fix);
        self
    }

    pub fn with_evidence(mut self, evidence: impl Into<String>) -> Diagnostic {
        self.evidence = Some(evidence.into());
        self
    }

    pub fn with_related(mut self, range: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.related.push(Related {
            range,
            message: message.into(),
        });
        self
    }
}
