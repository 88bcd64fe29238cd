//! Finding and reading the drafts to check.
//!
//! Every problem with one input (missing, unreadable, not a regular file,
//! too large, binary, not UTF-8) is a [`Problem`] for that input alone: it
//! is reported and the run goes on with the others.

use std::fs::FileType;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::output::{io_message, Problem};
use crate::fix::Stamp;
use crate::text::Format;

/// The largest input read, in bytes. A draft is a few hundred kilobytes; a
/// bound keeps a wrong argument (a disk image, a log) from taking all the
/// memory there is.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

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
            Ok(m) if m.is_file() => out.push(Ok(Input::File(path.clone()))),
            // Not opened at all: opening a FIFO waits for a writer, and a
            // device such as /dev/zero never ends.
            Ok(m) => out.push(Err(not_regular(&path.display().to_string(), m.file_type()))),
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

/// `PATH: not a regular file (a FIFO), skipped` and the like.
fn not_regular(shown: &str, ft: FileType) -> Problem {
    let mut kind = if ft.is_dir() { "a folder" } else { "" };
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            kind = "a FIFO";
        } else if ft.is_socket() {
            kind = "a socket";
        } else if ft.is_char_device() {
            kind = "a character device";
        } else if ft.is_block_device() {
            kind = "a block device";
        }
    }
    let message = if kind.is_empty() {
        "not a regular file, skipped".to_string()
    } else {
        format!("not a regular file ({kind}), skipped")
    };
    Problem::new(shown, message)
}

/// An input's text, and for a file what the file was when it was read (for
/// writing fixes back safely).
#[derive(Debug)]
pub struct Text {
    pub text: String,
    pub stamp: Option<Stamp>,
}

/// Reads an input as UTF-8 text, at most [`MAX_INPUT_BYTES`] of it.
pub fn read(input: &Input) -> Result<Text, Problem> {
    let shown = input.display();
    let cannot =
        |e: std::io::Error| Problem::new(&shown, format!("cannot read: {}", io_message(&e)));
    let too_large = || {
        Problem::new(
            &shown,
            format!(
                "larger than {} MiB, skipped",
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
        )
    };
    let (bytes, stamp) = match input {
        Input::File(p) => {
            let file = std::fs::File::open(p).map_err(cannot)?;
            // Looked at again through the handle: the path may have been
            // replaced by something else since it was collected.
            let meta = file.metadata().map_err(cannot)?;
            if !meta.is_file() {
                return Err(not_regular(&shown, meta.file_type()));
            }
            if meta.len() > MAX_INPUT_BYTES {
                return Err(too_large());
            }
            let bytes = read_capped(&file, MAX_INPUT_BYTES)
                .map_err(cannot)?
                .ok_or_else(too_large)?;
            (bytes, Some(Stamp::of(&meta)))
        }
        Input::Stdin => {
            let bytes = read_capped(std::io::stdin().lock(), MAX_INPUT_BYTES)
                .map_err(cannot)?
                .ok_or_else(too_large)?;
            (bytes, None)
        }
    };
    Ok(Text {
        text: decode(&shown, bytes)?,
        stamp,
    })
}

/// Everything `r` gives, or `None` if that is more than `limit` bytes (read
/// no further than one byte past it).
fn read_capped(r: impl Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::new();
    r.take(limit.saturating_add(1)).read_to_end(&mut buf)?;
    Ok((buf.len() as u64 <= limit).then_some(buf))
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
    fn reading_stops_one_byte_past_the_limit() {
        assert_eq!(read_capped(&b"abcd"[..], 4).unwrap().unwrap(), b"abcd");
        assert!(read_capped(&b"abcde"[..], 4).unwrap().is_none());
        // An endless reader (standard input fed from /dev/zero) ends too.
        assert!(read_capped(std::io::repeat(b'x'), 1024).unwrap().is_none());
    }

    #[test]
    fn empty_is_text() {
        assert_eq!(decode("a.md", Vec::new()).unwrap(), "");
    }
}
