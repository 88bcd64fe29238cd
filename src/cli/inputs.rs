//! Finding and reading the drafts to check.
//!
//! Every problem with one input (missing, unreadable, binary, not UTF-8) is
//! a [`Problem`] for that input alone: it is reported and the run goes on
//! with the others.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::output::{io_message, Problem};
use crate::text::Format;

/// Extensions of the files a folder is searched for.
const EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

/// One draft to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    /// The name shown in output.
    pub fn display(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "<stdin>".to_string(),
        }
    }

    pub fn format(&self) -> Format {
        match self {
            Input::File(p) => Format::from_path(p),
            Input::Stdin => Format::Markdown,
        }
    }
}

/// An input, or the problem found while looking for inputs, in the order
/// they are to be reported.
pub type Found = Result<Input, Problem>;

/// Expands the command-line paths: files as given (whatever their
/// extension), folders searched in sorted order for drafts, `-` standard
/// input (once).
pub fn collect(paths: &[PathBuf]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut stdin_seen = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if !stdin_seen {
                out.push(Ok(Input::Stdin));
                stdin_seen = true;
            }
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => out.push(Err(Problem::new(
                path.display().to_string(),
                io_message(&e),
            ))),
            Ok(m) if m.is_dir() => walk(path, &mut out),
            Ok(_) => out.push(Ok(Input::File(path.clone()))),
        }
    }
    // The same file named twice (or found twice) is checked once.
    let mut seen = std::collections::HashSet::new();
    out.retain(|f| match f {
        Ok(Input::File(p)) => seen.insert(p.clone()),
        _ => true,
    });
    out
}

fn is_draft(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

fn walk(dir: &Path, out: &mut Vec<Found>) {
    let hidden = |e: &walkdir::DirEntry| {
        e.depth() > 0 && e.file_name().to_str().is_some_and(|n| n.starts_with('.'))
    };
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !hidden(e))
    {
        match entry {
            Err(e) => {
                let path = e.path().unwrap_or(dir).display().to_string();
                let message = match e.io_error() {
                    Some(io) => format!("cannot read folder: {}", io_message(io)),
                    None => e.to_string(),
                };
                out.push(Err(Problem::new(path, message)));
            }
            Ok(entry) => {
                let ft = entry.file_type();
                if !is_draft(entry.path()) {
                    continue;
                }
                if ft.is_file() {
                    out.push(Ok(Input::File(entry.into_path())));
                } else if ft.is_symlink() {
                    // Follow links to files; a link to nowhere is an error.
                    // Links to folders are not followed (no cycles).
                    match std::fs::metadata(entry.path()) {
                        Ok(m) if m.is_file() => out.push(Ok(Input::File(entry.into_path()))),
                        Ok(_) => {}
                        Err(e) => out.push(Err(Problem::new(
                            entry.path().display().to_string(),
                            format!("broken symbolic link: {}", io_message(&e)),
                        ))),
                    }
                }
            }
        }
    }
}

/// Reads an input as UTF-8 text.
pub fn read(input: &Input) -> Result<String, Problem> {
    let shown = input.display();
    let bytes = match input {
        Input::File(p) => std::fs::read(p)
            .map_err(|e| Problem::new(&shown, format!("cannot read: {}", io_message(&e))))?,
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .map_err(|e| Problem::new(&shown, format!("cannot read: {}", io_message(&e))))?;
            buf
        }
    };
    decode(&shown, bytes)
}

/// Checks that `bytes` are text: no NUL bytes, valid UTF-8.
pub fn decode(shown: &str, bytes: Vec<u8>) -> Result<String, Problem> {
    if bytes.contains(&0) {
        return Err(Problem::new(shown, "binary file, skipped"));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = &e.as_bytes()[..at];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        // Valid up to `at`, so this slice is valid UTF-8.
        let column = std::str::from_utf8(&valid[line_start..]).map_or(0, |s| s.chars().count()) + 1;
        Problem {
            path: shown.to_string(),
            line: Some(line),
            column: Some(column),
            message: format!("invalid UTF-8 at byte {at}, skipped"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_the_byte_line_and_column() {
        let mut bytes = "first\nsé \u{1F600}x".as_bytes().to_vec();
        bytes.push(0xff);
        let e = decode("a.md", bytes).unwrap_err();
        assert_eq!(e.to_string(), "a.md:2:6: invalid UTF-8 at byte 15, skipped");
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let e = decode("a.txt", b"PK\x03\x04\x00\x00".to_vec()).unwrap_err();
        assert_eq!(e.to_string(), "a.txt: binary file, skipped");
    }

    #[test]
    fn empty_is_text() {
        assert_eq!(decode("a.md", Vec::new()).unwrap(), "");
    }
}
