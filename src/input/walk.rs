//! The one file walker: which files below a folder draftlint looks at.
//!
//! Built on the `ignore` crate (ripgrep's walker), so that a folder is
//! walked as the user's other tools walk it: hidden files and folders are
//! skipped, and so is `node_modules/`; for drafts and corpus documents,
//! `.gitignore`, `.ignore` and git's exclude files are respected (inside a
//! git repository or not). Files come in sorted order, so that output and
//! learned rules do not depend on the order the file system lists them.
//!
//! Only what is found by walking is filtered: a folder named by the user is
//! walked even if it is ignored itself, and a file the user names is used
//! whatever its extension and whatever the ignore files say (callers do not
//! walk files; as ripgrep and ruff do).

use std::path::{Path, PathBuf};

use super::{io_message, InputError};

/// Which files a walk is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// Drafts to check, or approved documents to learn from: `*.md`,
    /// `*.markdown`, `*.txt` (any case). Ignore files are respected;
    /// symbolic links to files are followed (a broken one is an error).
    Documents,
    /// A rule pack's `*.toml` files. Ignore files are not read: a pack is
    /// what its folder holds, and a `.gitignore`d `learned/` (generated, so
    /// often ignored) must still load. No symbolic link is followed, so that
    /// a pack in a workspace cannot make the server read files outside it.
    RuleFiles,
}

impl Wanted {
    /// Whether a file found by walking is one of these.
    pub fn matches(self, path: &Path) -> bool {
        let ext = path.extension().and_then(|e| e.to_str());
        match self {
            Wanted::Documents => ext.is_some_and(|e| {
                ["md", "markdown", "txt"]
                    .iter()
                    .any(|x| x.eq_ignore_ascii_case(e))
            }),
            Wanted::RuleFiles => ext == Some("toml"),
        }
    }
}

/// The folders never walked into, whatever the ignore files say: installed
/// packages hold thousands of READMEs that are nobody's drafts.
const SKIPPED_FOLDERS: &[&str] = &["node_modules"];

/// The wanted files below `dir`, in sorted order, and the problems met on
/// the way (a folder that cannot be read, a broken link), in the order met.
pub fn walk(dir: &Path, wanted: Wanted) -> Vec<Result<PathBuf, InputError>> {
    let respect_ignores = wanted == Wanted::Documents;
    let mut builder = ignore::WalkBuilder::new(dir);
    builder
        .standard_filters(respect_ignores)
        // Hidden entries are skipped in every walk.
        .hidden(true)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(|e| {
            !(e.depth() > 0
                && e.file_type().is_some_and(|t| t.is_dir())
                && e.file_name()
                    .to_str()
                    .is_some_and(|n| SKIPPED_FOLDERS.contains(&n)))
        });
    let mut out = Vec::new();
    for entry in builder.build() {
        let entry = match entry {
            Ok(entry) => entry,
            // A problem in an ignore file (a pattern `ignore` cannot read):
            // that file belongs to other tools, and its other lines apply.
            Err(ignore::Error::Partial(_)) => continue,
            Err(e) => {
                out.push(Err(walk_error(dir, &e)));
                continue;
            }
        };
        let Some(ft) = entry.file_type() else {
            continue;
        };
        if !wanted.matches(entry.path()) {
            continue;
        }
        if ft.is_file() {
            out.push(Ok(entry.into_path()));
        } else if ft.is_symlink() && wanted == Wanted::Documents {
            // Links to files are followed; a link to nowhere is an error.
            // Links to folders are not followed (no cycles).
            match std::fs::metadata(entry.path()) {
                Ok(m) if m.is_file() => out.push(Ok(entry.into_path())),
                Ok(_) => {}
                Err(e) => out.push(Err(InputError::new(
                    entry.path().display().to_string(),
                    format!("broken symbolic link: {}", io_message(&e)),
                ))),
            }
        }
    }
    out
}

/// `FOLDER: cannot read folder: permission denied` and the like.
fn walk_error(dir: &Path, e: &ignore::Error) -> InputError {
    fn parts<'a>(e: &'a ignore::Error, path: &mut Option<&'a Path>) -> &'a ignore::Error {
        match e {
            ignore::Error::WithPath { path: p, err } => {
                path.get_or_insert(p);
                parts(err, path)
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                parts(err, path)
            }
            other => other,
        }
    }
    let mut path = None;
    let inner = parts(e, &mut path);
    let message = match inner {
        ignore::Error::Io(io) => format!("cannot read folder: {}", io_message(io)),
        ignore::Error::Loop { .. } => "cannot read folder: a symbolic link loop".to_string(),
        other => format!("cannot read folder: {other}"),
    };
    InputError::new(path.unwrap_or(dir).display().to_string(), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(dir: &Path, wanted: Wanted) -> Vec<String> {
        walk(dir, wanted)
            .into_iter()
            .map(|r| match r {
                Ok(p) => p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
                Err(e) => format!("error: {e}"),
            })
            .collect()
    }

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn ignored_hidden_and_installed_files_are_skipped() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(root, "b.md", "");
        write(root, "a.TXT", "");
        write(root, "notes.rs", "");
        write(root, "build/out.md", "");
        write(root, "drafts/c.markdown", "");
        write(root, "drafts/.d.md", "");
        write(root, ".hidden/e.md", "");
        write(root, "node_modules/pkg/README.md", "");
        write(root, "skip.md", "");
        write(root, ".gitignore", "build/\n");
        write(root, ".ignore", "skip.md\n");
        assert_eq!(
            found(root, Wanted::Documents),
            ["a.TXT", "b.md", "drafts/c.markdown"]
        );
    }

    #[test]
    fn a_named_folder_is_walked_even_if_ignored() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(root, ".gitignore", "node_modules/\nbuild/\n");
        write(root, "build/a.md", "");
        assert_eq!(found(&root.join("build"), Wanted::Documents), ["a.md"]);
    }

    #[test]
    fn rule_files_ignore_no_ignore_file_but_skip_hidden() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(root, ".gitignore", "learned/\n");
        write(root, "learned/names.toml", "");
        write(root, "curated/a.toml", "");
        write(root, "curated/a.md", "");
        write(root, ".git/x.toml", "");
        assert_eq!(
            found(root, Wanted::RuleFiles),
            ["curated/a.toml", "learned/names.toml"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_to_files_are_followed_for_documents_only() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(root, "real/a.md", "");
        write(root, "real/r.toml", "");
        std::fs::create_dir(root.join("w")).unwrap();
        std::os::unix::fs::symlink(root.join("real/a.md"), root.join("w/link.md")).unwrap();
        std::os::unix::fs::symlink(root.join("real/r.toml"), root.join("w/link.toml")).unwrap();
        std::os::unix::fs::symlink(root.join("nowhere.md"), root.join("w/broken.md")).unwrap();
        std::os::unix::fs::symlink(root.join("real"), root.join("w/folder")).unwrap();
        let docs = found(&root.join("w"), Wanted::Documents);
        assert_eq!(docs.len(), 2, "{docs:?}");
        assert!(
            docs[0].starts_with("error: ") && docs[0].contains("broken.md: broken symbolic link")
        );
        assert_eq!(docs[1], "link.md");
        assert!(found(&root.join("w"), Wanted::RuleFiles).is_empty());
    }
}
