//! `--format github`: GitHub Actions workflow commands, which the runner
//! turns into annotations on the pull request's changed lines:
//!
//! ```text
//! ::error file=drafts/a.md,line=3,col=19,endLine=3,endColumn=29,title=draftlint name/exact::'HMS Argyle' is not how the house writes it
//! ```
//!
//! Errors are `::error`, warnings `::warning`, information and hints
//! `::notice`. Lines and columns are 1-based, columns in Unicode scalar
//! values as in the other formats, the end exclusive. Values are escaped as
//! the runner unescapes them: `%`, `\r` and `\n` everywhere, and `:` and
//! `,` too in properties.

use super::output::Problem;
use super::render::position;
use crate::diagnostic::Diagnostic;
use crate::text::LineIndex;
use crate::Severity;

/// The command for a severity.
fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "notice",
    }
}

/// A message, escaped as GitHub's runner expects.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// A property value (`file=`, `title=`), escaped as GitHub's runner expects.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One finding as a workflow command line.
pub fn diagnostic(path: &str, text: &str, lines: &LineIndex, d: &Diagnostic) -> String {
    let (line, col) = position(text, lines, d.range.start);
    let (end_line, end_col) = position(text, lines, d.range.end);
    format!(
        "::{} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}\n",
        command(d.severity),
        escape_property(path),
        escape_property(&format!("draftlint {}", d.code)),
        escape_data(&d.message),
    )
}

/// A rule or input error as a workflow `::error`, on its file (and line)
/// when known.
pub fn problem(p: &Problem) -> String {
    let mut props = format!("file={}", escape_property(&p.path));
    if let Some(l) = p.line {
        props.push_str(&format!(",line={l}"));
        if let Some(c) = p.column {
            props.push_str(&format!(",col={c}"));
        }
    }
    format!(
        "::error {props},title=draftlint::{}\n",
        escape_data(&p.message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_and_properties_are_escaped() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A".to_string());
    }

    #[test]
    fn severities_map_to_commands() {
        let text = "Mr Abe\nsaid.";
        let lines = LineIndex::new(text);
        for (s, c) in [
            (Severity::Error, "::error "),
            (Severity::Warning, "::warning "),
            (Severity::Information, "::notice "),
            (Severity::Hint, "::notice "),
        ] {
            let d = Diagnostic::note("honorific/full-stop", s, 0..2, "Write 'Mr.'");
            let line = diagnostic("a, b.md", text, &lines, &d);
            assert!(line.starts_with(c), "{line}");
            assert_eq!(
                line.trim_start_matches(c),
                "file=a%2C b.md,line=1,col=1,endLine=1,endColumn=3,\
                 title=draftlint honorific/full-stop::Write 'Mr.'\n"
            );
        }
    }
}
