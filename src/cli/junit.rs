//! `--format junit`: JUnit XML, which CI systems (GitLab, Jenkins, Azure
//! DevOps, CircleCI) show as a test report:
//!
//! ```xml
//! <testsuites name="draftlint" tests="2" failures="1" errors="0">
//!   <testsuite name="drafts/a.md" tests="1" failures="1" errors="0">
//!     <testcase name="name/exact" classname="drafts/a.md:3:19">
//!       <failure type="error" message="…">drafts/a.md:3:19: error[name/exact]: …</failure>
//!     </testcase>
//!   </testsuite>
//!   <testsuite name="drafts/b.md" tests="1" failures="0" errors="0">
//!     <testcase name="draftlint" classname="drafts/b.md"/>
//!   </testsuite>
//! </testsuites>
//! ```
//!
//! Each checked draft is a suite: one failing case per finding, or one
//! passing case when it has none. A file that could not be checked is a
//! suite with one case in error. Positions are 1-based, columns in Unicode
//! scalar values, as in the other formats.

use std::fmt::Write;

use super::output::Problem;
use super::render::position;
use crate::diagnostic::Diagnostic;
use crate::text::LineIndex;

/// The report, gathered and written at the end.
#[derive(Default)]
pub struct Log {
    suites: Vec<String>,
    tests: usize,
    failures: usize,
    errors: usize,
}

/// `s` escaped for XML text and attributes; characters XML 1.0 cannot hold
/// become U+FFFD.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c as u32, 0xFFFE | 0xFFFF) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

impl Log {
    pub fn new() -> Log {
        Log::default()
    }

    /// A checked draft and its findings.
    pub fn file(&mut self, path: &str, text: &str, lines: &LineIndex, diagnostics: &[Diagnostic]) {
        let p = escape(path);
        let mut suite = String::new();
        let n = diagnostics.len().max(1);
        let _ = writeln!(
            suite,
            "  <testsuite name=\"{p}\" tests=\"{n}\" failures=\"{}\" errors=\"0\">",
            diagnostics.len()
        );
        if diagnostics.is_empty() {
            let _ = writeln!(
                suite,
                "    <testcase name=\"draftlint\" classname=\"{p}\"/>"
            );
        }
        for d in diagnostics {
            let (line, col) = position(text, lines, d.range.start);
            let severity = d.severity.as_str();
            let _ = writeln!(
                suite,
                "    <testcase name=\"{}\" classname=\"{p}:{line}:{col}\">\n      <failure type=\"{severity}\" message=\"{}\">{p}:{line}:{col}: {severity}[{}]: {}</failure>\n    </testcase>",
                escape(d.code),
                escape(&d.message),
                escape(d.code),
                escape(&d.message),
            );
        }
        suite.push_str("  </testsuite>\n");
        self.suites.push(suite);
        self.tests += n;
        self.failures += diagnostics.len();
    }

    /// A file or setting that could not be used.
    pub fn problem(&mut self, problem: &Problem) {
        let p = escape(&problem.path);
        let message = escape(&problem.to_string());
        self.suites.push(format!(
            "  <testsuite name=\"{p}\" tests=\"1\" failures=\"0\" errors=\"1\">\n    <testcase name=\"draftlint\" classname=\"{p}\">\n      <error message=\"{message}\">{message}</error>\n    </testcase>\n  </testsuite>\n"
        ));
        self.tests += 1;
        self.errors += 1;
    }

    /// The whole document.
    pub fn finish(self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            out,
            "<testsuites name=\"draftlint\" tests=\"{}\" failures=\"{}\" errors=\"{}\">",
            self.tests, self.failures, self.errors
        );
        for s in self.suites {
            out.push_str(&s);
        }
        out.push_str("</testsuites>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\u{FFFD}"
        );
    }
}
