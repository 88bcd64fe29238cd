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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

/// A titled set of edits that together fix one finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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

/// A place elsewhere that explains a finding (for consistency rules: the
/// earlier form the draft, or a draft checked with it, already used).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Related {
    pub range: Range<usize>,
    pub message: String,
    /// The draft `range` is in when it is another one checked together
    /// with this (see [`crate::engine::Earlier`]): the number the front end
    /// gave it. `None`: this finding's own draft.
    pub document: Option<usize>,
}

/// A rule: its code, its default severity and its documentation, in the
/// sections Ruff writes (what it does, why, an example, fix safety).
///
/// Every rule is a `static` in its family's file, listed once in
/// [`crate::checks::FAMILIES`]; findings are made from it with
/// [`Diagnostic::new`], so a code is written in one place only.
#[derive(Debug)]
pub struct Rule {
    /// `family/name`; the family is the part before the `/`.
    pub code: &'static str,
    /// The severity of its findings unless the family grades them or the
    /// pack or the editor overrides it.
    pub severity: Severity,
    /// One line.
    pub summary: &'static str,
    /// What it flags.
    pub what: &'static str,
    /// Why it matters to the house.
    pub why: &'static str,
    /// A draft line that is flagged (run through the built-in rules by a test).
    pub example: &'static str,
    /// What the preferred fix makes of `example`; `None` when the rule
    /// offers no fix there.
    pub fixed: Option<&'static str>,
    /// When the fix may be applied without looking.
    pub fix_safety: &'static str,
    /// The applicability of the preferred fix on `example`; `None` when
    /// there is no fix.
    pub applicability: Option<Applicability>,
}

impl Rule {
    /// The family part of the code (`name` for `name/exact`).
    pub fn family(&self) -> &'static str {
        family_of(self.code)
    }

    /// The documentation as Markdown, for `explain` and hovers.
    pub fn to_markdown(&self) -> String {
        let fixed = match self.fixed {
            Some(f) => format!("becomes\n\n    {f}"),
            None => "has no automatic fix.".to_string(),
        };
        format!(
            "## {} — {}\n\n**What it does.** {}\n\n**Why.** {}\n\n**Example.**\n\n    {}\n\n{fixed}\n\n**Fix safety.** {}\n",
            self.code, self.summary, self.what, self.why, self.example, self.fix_safety
        )
    }
}

/// The family part of a code (`name` for `name/exact`, `name` for `name`).
pub fn family_of(code: &str) -> &str {
    code.split_once('/').map_or(code, |(f, _)| f)
}

/// Whether `key` selects `code`: the code itself (`date/weekday`) or its
/// family (`date`). The one matcher behind `[severity]` keys in rule files,
/// the editor's severity settings and disable comments, so that all three
/// read a key the same way.
pub fn code_matches(key: &str, code: &str) -> bool {
    code.strip_prefix(key).is_some_and(|rest| {
        rest.is_empty() || rest.starts_with('/') || (rest.starts_with('.') && is_vale_code(code))
    }) && !key.is_empty()
}

/// Is `code` a Vale rule's name (`Style.Rule`, `write-good.Weasel`) rather
/// than a draftlint code (`family/rule`)? A Vale style's name selects its
/// rules as a family does (`write-good` selects `write-good.Weasel`).
pub fn is_vale_code(code: &str) -> bool {
    !code.contains('/') && code.contains('.') && !code.starts_with('.') && !code.ends_with('.')
}

/// A finding: what is wrong, where, why, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    /// A finding of `rule` at `range`: the code and the default severity
    /// come from the rule, so that neither is ever written at a call site.
    pub fn new(rule: &'static Rule, range: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::note(rule.code, rule.severity, range, message)
    }

    /// A message that no rule makes: a front end's own note, such as the
    /// language server's "findings were left out". Check families use
    /// [`Diagnostic::new`] with their rule instead, so that every code they
    /// report is registered and documented.
    pub fn note(
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

    /// The same finding at another severity than its rule's default (a
    /// family that grades its findings, such as a near-miss name).
    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
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
            document: None,
        });
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_selects_its_code_or_its_family_only() {
        assert!(code_matches("date/weekday", "date/weekday"));
        assert!(code_matches("date", "date/weekday"));
        assert!(!code_matches("dat", "date/weekday"));
        assert!(!code_matches("date/week", "date/weekday"));
        assert!(!code_matches("date/", "date/weekday"));
        assert!(!code_matches("date/weekday/x", "date/weekday"));
        assert!(!code_matches("", "date/weekday"));
        assert_eq!(family_of("name/exact"), "name");
        assert_eq!(family_of("name"), "name");
    }
}
