//! Which rule pack a workspace asks for: one answer for the command line and
//! the language server.
//!
//! In order: a folder the user named (the editor's `draftlint.rulesPath`
//! setting; the command line's `--rules` never gets here); `rules = "…"` in
//! a `draftlint.toml` at the root; the root's `rules/` folder when it looks
//! like a pack (a `learned/` or `curated/` folder holding `.toml` files);
//! else the pack built into the binary. The server's root is its workspace
//! folder; the command line's is the nearest ancestor of the current folder
//! holding a `draftlint.toml`, else the current folder ([`cli_root`]).
//!
//! What the user names may be any folder (the user chose it). What the
//! workspace names must resolve, symbolic links included, to a folder inside
//! the root: a repository someone else wrote must not make draftlint read,
//! show or publish files from elsewhere on the machine.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::config::Config;
pub use crate::config::MANIFEST;
use crate::rules::{RuleError, RulePack};

/// Where the rules come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    Dir(PathBuf),
    Builtin,
}

/// Why that pack: what `draftlint rules` and the server's log say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The user named the folder (the editor setting or `--rules`).
    Named,
    /// `rules = "…"` in the root's `draftlint.toml`.
    Manifest,
    /// The root's `rules/` folder looks like a pack.
    RulesFolder,
    /// Nothing names a pack.
    Nothing,
}

/// The pack chosen, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovered {
    pub choice: Choice,
    pub reason: Reason,
}

impl Discovered {
    /// A folder the user named, with no discovery at all.
    pub fn named(dir: PathBuf) -> Discovered {
        Discovered {
            choice: Choice::Dir(dir),
            reason: Reason::Named,
        }
    }

    fn builtin() -> Discovered {
        Discovered {
            choice: Choice::Builtin,
            reason: Reason::Nothing,
        }
    }
}

impl fmt::Display for Reason {
    /// `from draftlint.toml` and the like: the words after the pack's name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Reason::Named => "named by the user",
            Reason::Manifest => "from draftlint.toml",
            Reason::RulesFolder => "the rules/ folder at the root looks like a pack",
            Reason::Nothing => "no draftlint.toml or pack-like rules/ folder at the root",
        })
    }
}

/// The root the command line discovers from: the nearest ancestor of `cwd`
/// (itself included) holding a `draftlint.toml`, else `cwd` itself. As
/// cargo and ruff find their manifests, so that `draftlint check` run in a
/// subfolder uses the project's rules.
pub fn cli_root(cwd: &Path) -> PathBuf {
    cwd.ancestors()
        .find(|dir| dir.join(MANIFEST).symlink_metadata().is_ok())
        .unwrap_or(cwd)
        .to_path_buf()
}

pub use crate::input::inside;

pub use crate::config::quoted;

/// Reads the `draftlint.toml` at `root`, if there is one: it must resolve
/// to a file inside the root (what a repository holds must not make
/// draftlint read elsewhere). Every key is checked ([`Config::parse`]).
pub fn read_manifest(root: &Path) -> Result<Option<Config>, Vec<RuleError>> {
    let manifest = root.join(MANIFEST);
    if manifest.symlink_metadata().is_err() {
        return Ok(None);
    }
    let shown = manifest.display().to_string();
    let real = root.canonicalize().ok().and_then(|r| inside(&r, &manifest));
    let Some(real) = real else {
        return Err(vec![RuleError::new(
            shown,
            "draftlint.toml links to a file outside the workspace; it was not read",
        )]);
    };
    Config::read(&real, &shown, root).map(Some)
}

/// The pack the root asks for, or `named` (relative to the root) when the
/// user named one.
///
/// What the root says (`draftlint.toml`, a `rules/` folder) may come from
/// anyone who can put files in a repository, so it may only name folders
/// inside the root: the path is resolved (symbolic links included) and
/// refused, with one error quoting the setting and nothing read, when it
/// leads outside. Of several errors in `draftlint.toml`, the first.
pub fn choose(root: Option<&Path>, named: Option<&Path>) -> Result<Discovered, RuleError> {
    if let Some(p) = named {
        return Ok(Discovered::named(match root {
            Some(r) if p.is_relative() => r.join(p),
            _ => p.to_path_buf(),
        }));
    }
    let Some(root) = root else {
        return Ok(Discovered::builtin());
    };
    let config = read_manifest(root).map_err(|mut e| e.swap_remove(0))?;
    choose_with(root, config.as_ref())
}

/// The pack `config` (the root's `draftlint.toml`, already read, or none)
/// and the root's folders ask for; see [`choose`].
pub fn choose_with(root: &Path, config: Option<&Config>) -> Result<Discovered, RuleError> {
    let Ok(canonical_root) = root.canonicalize() else {
        return Ok(Discovered::builtin());
    };
    if let Some((config, (value, at))) = config.and_then(|c| c.rules.as_ref().map(|r| (c, r))) {
        let at = *at;
        let toml::Value::String(dir) = value else {
            return Err(config.error_at(
                at,
                "`rules` must be a string: the rules folder, relative to this file".into(),
            ));
        };
        return match inside(&canonical_root, &root.join(dir)) {
            Some(dir) if dir.is_dir() => Ok(Discovered {
                choice: Choice::Dir(dir),
                reason: Reason::Manifest,
            }),
            _ => Err(config.error_at(
                at,
                format!(
                    "rules = {} is not a folder inside the workspace; a workspace may only name rules inside it (--rules, or the editor setting draftlint.rulesPath, may point anywhere)",
                    quoted(dir)
                ),
            )),
        };
    }
    let dir = root.join("rules");
    if dir.symlink_metadata().is_err() {
        return Ok(Discovered::builtin());
    }
    let Some(dir) = inside(&canonical_root, &dir) else {
        return Err(RuleError::new(
            dir.display().to_string(),
            "the workspace's rules folder links outside the workspace; it was not read",
        ));
    };
    // (A `learned/` that links outside is not looked into: loading would
    // skip it anyway, as the pack loader follows no links below its root.)
    let has_toml = |sub: &str| {
        inside(&canonical_root, &dir.join(sub)).is_some_and(|sub| {
            std::fs::read_dir(sub).is_ok_and(|entries| {
                entries
                    .flatten()
                    .any(|e| e.path().extension().is_some_and(|x| x == "toml"))
            })
        })
    };
    if has_toml("learned") || has_toml("curated") {
        return Ok(Discovered {
            choice: Choice::Dir(dir),
            reason: Reason::RulesFolder,
        });
    }
    Ok(Discovered::builtin())
}

/// Loads the pack `choice` names: the built-in pack, or a folder layered on
/// the built-in curated conventions ([`RulePack::load_layered`]). The one
/// loader of the command line and the language server, so that both check
/// with the same rules. Errors as [`RulePack::load_dir`].
pub fn load(choice: &Choice) -> Result<(RulePack, Vec<RuleError>), RuleError> {
    match choice {
        Choice::Builtin => Ok((RulePack::builtin(), Vec::new())),
        Choice::Dir(dir) => RulePack::load_layered(dir),
    }
}

/// `path` as seen from `base` (`../rules`, `rules`), for messages: both are
/// resolved first; `path` itself when they share no ancestor.
pub fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let (Ok(path_c), Ok(base_c)) = (path.canonicalize(), base.canonicalize()) else {
        return path.to_path_buf();
    };
    let common = path_c
        .components()
        .zip(base_c.components())
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return path.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in base_c.components().skip(common) {
        out.push("..");
    }
    for c in path_c.components().skip(common) {
        out.push(c);
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cli_root_is_the_nearest_folder_with_a_manifest() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("a/b/c")).unwrap();
        assert_eq!(cli_root(&root.join("a/b/c")), root.join("a/b/c"));
        std::fs::write(root.join("a/draftlint.toml"), "").unwrap();
        assert_eq!(cli_root(&root.join("a/b/c")), root.join("a"));
        assert_eq!(cli_root(&root.join("a")), root.join("a"));
        std::fs::write(root.join("a/b/draftlint.toml"), "").unwrap();
        assert_eq!(cli_root(&root.join("a/b/c")), root.join("a/b"));
    }

    #[test]
    fn manifest_errors_point_at_the_value() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::write(root.join(MANIFEST), "# é\nrules = 3\n").unwrap();
        let e = choose(Some(root), None).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(9)), "{e}");
        assert!(e.message.contains("must be a string"), "{e}");
        std::fs::write(root.join(MANIFEST), "\nrules = [1,\n").unwrap();
        let e = choose(Some(root), None).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(12)), "{e}");
        std::fs::write(
            root.join(MANIFEST),
            "fail-on = \"error\"\n  rules = \"../up\"\n",
        )
        .unwrap();
        let e = choose(Some(root), None).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(11)), "{e}");
    }

    #[test]
    fn a_manifest_that_is_not_text_is_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::write(root.join(MANIFEST), b"rules = \"a\xffb\"\n").unwrap();
        let e = choose(Some(root), None).unwrap_err().to_string();
        assert!(
            e.ends_with("draftlint.toml:1:11: invalid UTF-8 at byte 10, skipped"),
            "{e}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_manifest_that_is_a_fifo_is_not_opened() {
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join(MANIFEST);
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here: nothing to test
        }
        let e = choose(Some(tmp.path()), None).unwrap_err().to_string();
        assert!(e.ends_with("not a regular file (a FIFO), skipped"), "{e}");
    }

    #[test]
    fn reasons_are_given() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        assert_eq!(choose(Some(root), None).unwrap().reason, Reason::Nothing);
        std::fs::create_dir_all(root.join("rules/learned")).unwrap();
        std::fs::write(root.join("rules/learned/names.toml"), "").unwrap();
        assert_eq!(
            choose(Some(root), None).unwrap().reason,
            Reason::RulesFolder
        );
        std::fs::write(root.join(MANIFEST), "rules = \"rules\"\n").unwrap();
        assert_eq!(choose(Some(root), None).unwrap().reason, Reason::Manifest);
        let named = choose(Some(root), Some(Path::new("x"))).unwrap();
        assert_eq!(named, Discovered::named(root.join("x")));
    }

    #[test]
    fn relative_paths_for_messages() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("docs/sub")).unwrap();
        std::fs::create_dir_all(root.join("rules")).unwrap();
        assert_eq!(
            relative_to(&root.join("rules"), &root.join("docs/sub")),
            Path::new("../../rules")
        );
        assert_eq!(relative_to(&root.join("rules"), root), Path::new("rules"));
        assert_eq!(relative_to(root, root), Path::new("."));
    }
}
