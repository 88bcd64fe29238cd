//! Learning a house style from a corpus of approved documents.
//!
//! [`Corpus::read`] reads the documents; each family learner (one module
//! each) turns observations into rules, keeping only what the evidence
//! supports; [`write_pack`] writes the rule files atomically.

pub mod corpus;
pub mod evidence;
pub mod honorifics;
pub mod spelling;

pub use corpus::{Corpus, CorpusDoc};

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// A problem reading the corpus or writing rules: which file, what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for LearnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for LearnError {}

/// What `learn` found, per kind, for the summary it prints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub documents: usize,
    pub dated_documents: usize,
    /// Rule counts by kind (`names`, `titles`, `roles`, `spellings`, …).
    pub counts: BTreeMap<&'static str, usize>,
    /// Disagreements between sources that became consistency rules, in words.
    pub conflicts: Vec<String>,
}

/// The learned pack: file name (relative to the output folder, e.g.
/// `names.toml`) to its full text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Learned {
    pub files: BTreeMap<String, String>,
    pub summary: Summary,
}

/// Reads every `*.md`, `*.markdown` and `*.txt` below `dirs` and learns from
/// them. Files that cannot be read are returned as errors and skipped; an
/// empty corpus is an error.
pub fn learn_dirs(dirs: &[PathBuf]) -> Result<(Learned, Vec<LearnError>), LearnError> {
    let _ = dirs;
    Err(LearnError {
        path: PathBuf::new(),
        message: "learning is not built yet".into(),
    })
}

/// Writes `learned` into `out` (created if missing), replacing its previous
/// contents only once every file is written: files go to a temporary folder
/// beside `out`, which is then renamed into place.
pub fn write_pack(learned: &Learned, out: &Path) -> Result<(), LearnError> {
    let _ = (learned, out);
    Err(LearnError {
        path: out.to_path_buf(),
        message: "writing is not built yet".into(),
    })
}
