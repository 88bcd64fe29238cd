//! The drafts `check` is given: command-line paths expanded into inputs.
//!
//! Walking folders and reading files is the library's [`crate::input`];
//! this module only maps the command line onto it. Every problem with one
//! input (missing, unreadable, not a regular file, too large, binary, not
//! UTF-8) is a [`Problem`] for that input alone: it is reported and the run
//! goes on with the others.

use std::path::{Path, PathBuf};

use super::output::Problem;
use crate::fix::Stamp;
use crate::input::{self, InputError, Wanted};
use crate::text::Format;

/// One draft to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    /// Standard input, with the path `--stdin-filename` gave it.
    Stdin(Option<PathBuf>),
}

impl Input {
    /// The name shown in output.
    pub fn display(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin(Some(p)) => p.display().to_string(),
            Input::Stdin(None) => "<stdin>".to_string(),
        }
    }

    pub fn format(&self) -> Format {
        match self {
            Input::File(p) | Input::Stdin(Some(p)) => Format::from_path(p),
            Input::Stdin(None) => Format::Markdown,
        }
    }
}

impl From<InputError> for Problem {
    fn from(e: InputError) -> Problem {
        Problem {
            path: e.path,
            line: e.line,
            column: e.column,
            message: e.message,
        }
    }
}

/// An input, or the problem found while looking for inputs, in the order
/// they are to be reported.
pub type Found = Result<Input, Problem>;

/// Expands the command-line paths: files as given (whatever their extension
/// and whatever ignore files say), folders walked for drafts (see
/// [`input::walk`]), `-` standard input (once), named `stdin_name` if given.
/// `keep(path, named)` says whether a file is checked: `named` when it was
/// named on the command line, not found in a folder (`include`/`exclude`).
pub fn collect(
    paths: &[PathBuf],
    stdin_name: Option<&PathBuf>,
    mut keep: impl FnMut(&Path, bool) -> bool,
) -> Vec<Found> {
    let mut out = Vec::new();
    let mut stdin_seen = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if !stdin_seen {
                out.push(Ok(Input::Stdin(stdin_name.cloned())));
                stdin_seen = true;
            }
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => out.push(Err(Problem::new(
                path.display().to_string(),
                input::io_message(&e),
            ))),
            Ok(m) if m.is_dir() => out.extend(
                input::walk(path, Wanted::Documents)
                    .into_iter()
                    .filter(|r| r.as_ref().map_or(true, |p| keep(p, false)))
                    .map(|r| r.map(Input::File).map_err(Problem::from)),
            ),
            Ok(m) if m.is_file() => {
                if keep(path, true) {
                    out.push(Ok(Input::File(path.clone())));
                }
            }
            // Not opened at all: opening a FIFO waits for a writer, and a
            // device such as /dev/zero never ends.
            Ok(m) => out.push(Err(input::read::not_regular(
                &path.display().to_string(),
                m.file_type(),
            )
            .into())),
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

/// An input's text, and for a file what the file was when it was read (for
/// writing fixes back safely).
#[derive(Debug)]
pub struct Text {
    pub text: String,
    pub stamp: Option<Stamp>,
}

/// Reads an input as UTF-8 text, at most [`input::MAX_INPUT_BYTES`] of it.
pub fn read(found: &Input) -> Result<Text, Problem> {
    match found {
        Input::File(p) => {
            let (text, meta) = input::read_file(p, &found.display())?;
            Ok(Text {
                text,
                stamp: Some(Stamp::of(&meta)),
            })
        }
        Input::Stdin(_) => Ok(Text {
            text: input::read_stdin()?,
            stamp: None,
        }),
    }
}
