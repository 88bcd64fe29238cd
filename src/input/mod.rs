//! Finding and reading the files draftlint works on: drafts (`check`),
//! approved documents (`learn`) and rule files (the pack loader).
//!
//! One walker ([`walk`]), one reader ([`read`]) and one decoder
//! ([`decode`]), so that the three agree on which files they see and say the
//! same thing, in the same words, about a file they cannot use. Every
//! problem is an [`InputError`] for that one file: callers report it and go
//! on with the others.

pub mod decode;
pub mod read;
pub mod walk;

use std::fmt;
use std::io;

pub use decode::decode;
pub use read::{read_file, read_stdin, MAX_INPUT_BYTES};
pub use walk::{walk, Wanted};

/// A file that could not be found, read or decoded: which file, where in it
/// when that is known, and what is wrong. Shown as `path:line:column:
/// message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The path as the user will recognise it (`<stdin>` for standard input).
    pub path: String,
    /// 1-based, when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl InputError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError {
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{l}:{c}: {}", self.path, self.message),
            (Some(l), None) => write!(f, "{}:{l}: {}", self.path, self.message),
            _ => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for InputError {}

/// An I/O error in words, without the `(os error N)` suffix.
pub fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "is a folder, not a file".to_string(),
        io::ErrorKind::NotADirectory => "not a folder".to_string(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

/// `path` with symbolic links and `..` resolved, if it exists and lies
/// inside `canonical_root` (itself already resolved): the one test of the
/// workspace boundary, for rule packs and Vale styles alike.
pub fn inside(
    canonical_root: &std::path::Path,
    path: &std::path::Path,
) -> Option<std::path::PathBuf> {
    path.canonicalize()
        .ok()
        .filter(|p| p.starts_with(canonical_root))
}
