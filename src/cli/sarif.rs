//! `--format sarif`: one SARIF 2.1.0 log for the run, for code scanning
//! (GitHub's, Azure DevOps') and SARIF viewers.
//!
//! The log has one run. Its `tool.driver.rules` documents every rule
//! draftlint knows (summary, what it flags, the whole documentation as
//! Markdown help, the default level), and each result points at its rule
//! by `ruleId` and `ruleIndex`. Regions are 1-based with an exclusive end;
//! columns count UTF-16 code units, as `columnKind` says (the SARIF default,
//! and what GitHub reads). Paths under the working directory are relative
//! URIs with `/` separators against `%SRCROOT%`; others are `file:` URIs.
//! Fixes become `fixes` with `artifactChanges`; rule and input errors are
//! `toolExecutionNotifications` of the run's invocation.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::output::Problem;
use super::render::{position_in, Elsewhere};
use crate::checks::{registry, rule_doc};
use crate::diagnostic::{Diagnostic, Rule};
use crate::text::{Encoding, LineIndex};
use crate::Severity;

/// The SARIF level of a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

/// The results of a run, gathered file by file, written at the end.
pub struct Log {
    rules: Vec<&'static Rule>,
    results: Vec<Value>,
    notifications: Vec<Value>,
    cwd: Option<PathBuf>,
}

impl Default for Log {
    fn default() -> Self {
        Self::new()
    }
}

impl Log {
    pub fn new() -> Log {
        let mut rules = registry();
        rules.extend(rule_doc("draftlint/unknown-code"));
        Log {
            rules,
            results: Vec::new(),
            notifications: Vec::new(),
            cwd: std::env::current_dir().ok(),
        }
    }

    /// An artifact location for `path` as shown in the other formats.
    fn location(&self, path: &str) -> Value {
        let p = Path::new(path);
        if p.is_absolute() {
            if let Some(rel) = self.cwd.as_deref().and_then(|c| p.strip_prefix(c).ok()) {
                return json!({"uri": uri_path(rel), "uriBaseId": "%SRCROOT%"});
            }
            return json!({"uri": format!("file://{}", absolute_uri_path(p))});
        }
        json!({"uri": uri_path(p), "uriBaseId": "%SRCROOT%"})
    }

    /// Adds the findings of one file; positions are resolved against `text`.
    pub fn file(
        &mut self,
        path: &str,
        text: &str,
        lines: &LineIndex,
        diagnostics: &[Diagnostic],
        elsewhere: &Elsewhere,
    ) {
        let artifact = self.location(path);
        for d in diagnostics {
            let region = |r: &std::ops::Range<usize>| {
                let (sl, sc) = position_in(text, lines, r.start, Encoding::Utf16);
                let (el, ec) = position_in(text, lines, r.end, Encoding::Utf16);
                json!({"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec})
            };
            let mut result = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": {"text": d.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": region(&d.range),
                    }
                }],
            });
            if let Some(i) = self.rules.iter().position(|r| r.code == d.code) {
                result["ruleIndex"] = json!(i);
            }
            if !d.related.is_empty() {
                result["relatedLocations"] = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(id, r)| {
                        let (artifact, region) = match elsewhere.get(r) {
                            Some(p) => (
                                self.location(&p.path),
                                json!({
                                    "startLine": p.start_utf16.0,
                                    "startColumn": p.start_utf16.1,
                                    "endLine": p.end_utf16.0,
                                    "endColumn": p.end_utf16.1,
                                }),
                            ),
                            None => (artifact.clone(), region(&r.range)),
                        };
                        json!({
                            "id": id,
                            "message": {"text": r.message},
                            "physicalLocation": {
                                "artifactLocation": artifact,
                                "region": region,
                            }
                        })
                    })
                    .collect();
            }
            if !d.fixes.is_empty() {
                result["fixes"] = d
                    .fixes
                    .iter()
                    .map(|f| {
                        json!({
                            "description": {"text": f.title},
                            "artifactChanges": [{
                                "artifactLocation": artifact,
                                "replacements": f.edits.iter().map(|e| json!({
                                    "deletedRegion": region(&e.range),
                                    "insertedContent": {"text": e.replacement},
                                })).collect::<Vec<_>>(),
                            }],
                            "properties": {
                                "applicability": super::json::applicability(f.applicability),
                            },
                        })
                    })
                    .collect();
            }
            if let Some(e) = &d.evidence {
                result["properties"] = json!({"evidence": e});
            }
            self.results.push(result);
        }
    }

    /// Adds a rule or input error.
    pub fn problem(&mut self, p: &Problem) {
        let mut n = json!({"level": "error", "message": {"text": p.message}});
        let mut physical = json!({"artifactLocation": self.location(&p.path)});
        if let Some(line) = p.line {
            physical["region"] = match p.column {
                Some(c) => json!({"startLine": line, "startColumn": c}),
                None => json!({"startLine": line}),
            };
        }
        n["locations"] = json!([{"physicalLocation": physical}]);
        self.notifications.push(n);
    }

    /// The whole log.
    pub fn finish(self) -> Value {
        let rules: Vec<Value> = self.rules.iter().map(|r| descriptor(r)).collect();
        let mut run = json!({
            "tool": {"driver": {
                "name": "draftlint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": self.notifications.is_empty(),
                "toolExecutionNotifications": self.notifications,
            }],
            "columnKind": "utf16CodeUnits",
            "results": self.results,
        });
        if let Some(cwd) = &self.cwd {
            let mut base = absolute_uri_path(cwd);
            if !base.ends_with('/') {
                base.push('/');
            }
            run["originalUriBaseIds"] = json!({"%SRCROOT%": {"uri": format!("file://{base}")}});
        }
        json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [run],
        })
    }
}

/// A rule's `reportingDescriptor`.
fn descriptor(r: &Rule) -> Value {
    json!({
        "id": r.code,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": r.what},
        "help": {
            "text": format!("{} {}", r.what, r.why),
            "markdown": r.to_markdown(),
        },
        "defaultConfiguration": {"level": level(r.severity)},
    })
}

/// A relative path as a URI reference: `/` between components, each
/// percent-encoded where URIs need it.
fn uri_path(p: &Path) -> String {
    p.components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(encode(&s.to_string_lossy())),
            std::path::Component::ParentDir => Some("..".to_string()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// An absolute path as the path part of a `file:` URI (`/home/a%20b/x.md`).
fn absolute_uri_path(p: &Path) -> String {
    let rel = uri_path(p);
    // Windows drive letters (`C:`) come through as a prefix component.
    let prefix = match p.components().next() {
        Some(std::path::Component::Prefix(pre)) => {
            format!("/{}", pre.as_os_str().to_string_lossy().replace('\\', "/"))
        }
        _ => String::new(),
    };
    format!("{prefix}/{rel}")
}

/// Percent-encodes all but RFC 3986's unreserved characters and a few
/// sub-delimiters that are safe in a path segment.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b'@' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            uri_path(Path::new("./drafts/a b/x#1.md")),
            "drafts/a%20b/x%231.md"
        );
        assert_eq!(uri_path(Path::new("../up/é.md")), "../up/%C3%A9.md");
        assert_eq!(absolute_uri_path(Path::new("/srv/a b")), "/srv/a%20b");
    }

    #[test]
    fn columns_count_utf16_code_units() {
        let text = "😀 HMS Argyle.";
        let lines = LineIndex::new(text);
        let start = text.find("HMS").unwrap();
        let d = Diagnostic::note("name/exact", Severity::Warning, start..start + 10, "m");
        let mut log = Log::new();
        log.file("a.md", text, &lines, &[d], &Elsewhere::default());
        let v = log.finish();
        let region = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
        // The emoji is two UTF-16 code units (one scalar value).
        assert_eq!(region["startColumn"], 4);
        assert_eq!(region["endColumn"], 14);
        assert_eq!(v["runs"][0]["columnKind"], "utf16CodeUnits");
    }
}
