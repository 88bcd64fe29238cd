//! Where output goes, in which colours, and with which exit status.
//!
//! Commands write to an [`Out`] and return `io::Result`, so a write error
//! (above all a closed pipe) travels up to `main` instead of panicking as
//! `println!` would. Colour is decided once per stream by `anstream`: on a
//! terminal only, never with `NO_COLOR`, always with `--color always`.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anstream::AutoStream;
use anstyle::{AnsiColor, Style};

/// How a run ended. Ordered so that the worst wins: `a.max(b)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// No findings.
    Clean,
    /// Findings.
    Findings,
    /// A usage, rule or input error.
    Error,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> ExitCode {
        ExitCode::from(match s {
            Status::Clean => 0,
            Status::Findings => 1,
            Status::Error => 2,
        })
    }
}

/// A buffered, colour-aware writer on standard output or standard error.
pub type Out = AutoStream<Box<dyn Write>>;

/// Standard output, buffered.
pub fn stdout() -> Out {
    let choice = AutoStream::choice(&io::stdout());
    AutoStream::new(Box::new(BufWriter::new(io::stdout().lock())), choice)
}

/// Standard error, buffered (flush before exiting).
pub fn stderr() -> Out {
    let choice = AutoStream::choice(&io::stderr());
    AutoStream::new(Box::new(BufWriter::new(io::stderr().lock())), choice)
}

/// Prints `error: message` on standard error. Failures to write to standard
/// error are ignored: there is nowhere left to report them.
pub fn error(message: &str) {
    let mut err = anstream::stderr().lock();
    let _ = writeln!(err, "{}", error_line(&Palette::colored(), message));
}

/// Prints `warning: message` on standard error (a note that does not fail
/// the run).
pub fn warning(message: &str) {
    let mut err = anstream::stderr().lock();
    let _ = writeln!(
        err,
        "{}: {message}",
        paint(Palette::colored().warning, "warning")
    );
}

/// `error: message`, styled.
pub fn error_line(p: &Palette, message: &str) -> String {
    format!("{}: {message}", paint(p.error, "error"))
}

/// A rule or input error: which file, where, what. Printed as
/// `error: path:line:column: message`, or in the JSON `errors` array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    /// 1-based, when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.path)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl From<&crate::rules::RuleError> for Problem {
    fn from(e: &crate::rules::RuleError) -> Problem {
        Problem {
            path: e.path.clone(),
            line: e.line,
            column: e.column,
            message: e.message.clone(),
        }
    }
}

/// An I/O error in words (the library's, so that CLI and library agree).
pub use crate::input::io_message;

/// The styles of every part of the output. [`Palette::plain`] renders no
/// escape codes at all (for tests); [`Palette::colored`] is stripped again
/// by `anstream` where colour is not wanted.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub error: Style,
    pub warning: Style,
    pub info: Style,
    pub hint: Style,
    pub path: Style,
    pub code: Style,
    pub gutter: Style,
    pub fix: Style,
    pub emphasis: Style,
}

impl Palette {
    #[cfg(test)]
    pub fn plain() -> Palette {
        let s = Style::new();
        Palette {
            error: s,
            warning: s,
            info: s,
            hint: s,
            path: s,
            code: s,
            gutter: s,
            fix: s,
            emphasis: s,
        }
    }

    pub fn colored() -> Palette {
        let fg = |c: AnsiColor| Style::new().fg_color(Some(c.into()));
        Palette {
            error: fg(AnsiColor::Red).bold(),
            warning: fg(AnsiColor::Yellow).bold(),
            info: fg(AnsiColor::Blue).bold(),
            hint: fg(AnsiColor::Cyan).bold(),
            path: Style::new().bold(),
            code: fg(AnsiColor::Red),
            gutter: fg(AnsiColor::Blue).bold(),
            fix: fg(AnsiColor::Cyan).bold(),
            emphasis: Style::new().bold(),
        }
    }

    pub fn severity(&self, s: crate::Severity) -> Style {
        match s {
            crate::Severity::Error => self.error,
            crate::Severity::Warning => self.warning,
            crate::Severity::Information => self.info,
            crate::Severity::Hint => self.hint,
        }
    }
}

/// `text` in `style`.
pub fn paint(style: Style, text: &str) -> String {
    if style == Style::new() {
        text.to_string()
    } else {
        format!("{style}{text}{style:#}")
    }
}

/// `n problem` or `n problems`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
