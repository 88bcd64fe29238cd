//! Which rule pack the server checks with, and reloading it.
//!
//! In order: the editor's `draftlint.rules` setting; `rules = "…"` in a
//! `draftlint.toml` at the workspace root; the root's `rules/` folder when it
//! looks like a pack (a `learned/` or `curated/` folder holding `.toml`
//! files); else the pack built into the binary. A reload that finds broken
//! rule files keeps the last good engine and reports the errors.
//!
//! The editor's setting may name any folder (the user chose it). What the
//! workspace names must resolve, symbolic links included, to a folder inside
//! the workspace: a repository someone else wrote must not make the server
//! read, show or publish files from elsewhere on the machine.

use std::path::{Path, PathBuf};

use super::settings::RawSettings;
use crate::engine::Engine;
use crate::rules::{RuleError, RulePack};

/// Where the rules come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    Dir(PathBuf),
    Builtin,
}

/// `path` with symbolic links and `..` resolved, if it exists and lies
/// inside `canonical_root` (itself already resolved).
fn inside(canonical_root: &Path, path: &Path) -> Option<PathBuf> {
    path.canonicalize()
        .ok()
        .filter(|p| p.starts_with(canonical_root))
}

/// `value` as TOML would quote it, cut to 80 characters: what a message may
/// show of a setting (never the files it names).
pub fn quoted(value: &str) -> String {
    const MAX: usize = 80;
    let cut: String = value.chars().take(MAX).collect();
    let more = if value.chars().count() > MAX {
        "…"
    } else {
        ""
    };
    format!("{:?}{more}", cut)
}

/// The one key of `draftlint.toml` the server reads; others are left for
/// other tools.
#[derive(serde::Deserialize)]
struct Manifest {
    rules: Option<toml::Spanned<toml::Value>>,
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The pack the settings and workspace ask for.
///
/// The editor's setting is the user's own choice and may name any folder.
/// What the workspace says (`draftlint.toml`, a `rules/` folder) may come
/// from anyone who can put files in a repository, so it may only name
/// folders inside the workspace: the path is resolved (symbolic links
/// included) and refused, with one error quoting the setting and nothing
/// read, when it leads outside.
pub fn choose(root: Option<&Path>, settings: &RawSettings) -> Result<Choice, RuleError> {
    if let Some(rules) = &settings.rules {
        let p = PathBuf::from(rules);
        return Ok(Choice::Dir(match root {
            Some(r) if p.is_relative() => r.join(p),
            _ => p,
        }));
    }
    let Some(root) = root else {
        return Ok(Choice::Builtin);
    };
    let Ok(canonical_root) = root.canonicalize() else {
        return Ok(Choice::Builtin);
    };
    let manifest = root.join("draftlint.toml");
    if manifest.symlink_metadata().is_ok() {
        let shown = manifest.display().to_string();
        let Some(real) = inside(&canonical_root, &manifest) else {
            return Err(RuleError::new(
                shown,
                "draftlint.toml links to a file outside the workspace; it was not read",
            ));
        };
        if let Ok(text) = std::fs::read_to_string(&real) {
            let m: Manifest = toml::from_str(&text).map_err(|e| RuleError {
                path: shown.clone(),
                line: e.span().map(|s| line_of(&text, s.start)),
                column: None,
                message: e.message().trim().to_string(),
            })?;
            if let Some(value) = m.rules {
                let line = Some(line_of(&text, value.span().start));
                let toml::Value::String(dir) = value.get_ref() else {
                    return Err(RuleError {
                        path: shown,
                        line,
                        column: None,
                        message:
                            "`rules` must be a string: the rules folder, relative to this file"
                                .into(),
                    });
                };
                return match inside(&canonical_root, &root.join(dir)) {
                    Some(dir) if dir.is_dir() => Ok(Choice::Dir(dir)),
                    _ => Err(RuleError {
                        path: shown,
                        line,
                        column: None,
                        message: format!(
                            "rules = {} is not a folder inside the workspace; a workspace may only name rules inside it (the editor setting draftlint.rulesPath may point anywhere)",
                            quoted(dir)
                        ),
                    }),
                };
            }
        }
    }
    let dir = root.join("rules");
    if dir.symlink_metadata().is_err() {
        return Ok(Choice::Builtin);
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
        return Ok(Choice::Dir(dir));
    }
    Ok(Choice::Builtin)
}

/// Whether `path` lies inside the workspace at `root` (symbolic links
/// resolved), so that the server may publish diagnostics on it.
pub fn in_workspace(root: Option<&Path>, path: &Path) -> bool {
    root.and_then(|r| r.canonicalize().ok())
        .is_some_and(|r| inside(&r, path).is_some())
}

/// The outcome of loading a pack.
pub struct Loaded {
    /// `None` when nothing could be loaded at all.
    pub engine: Option<Engine>,
    pub errors: Vec<RuleError>,
    pub choice: Choice,
}

/// Loads and compiles the pack the settings and workspace ask for.
pub fn load(root: Option<&Path>, settings: &RawSettings) -> Loaded {
    let mut errors = Vec::new();
    let choice = match choose(root, settings) {
        Ok(c) => c,
        Err(e) => {
            errors.push(e);
            return Loaded {
                engine: None,
                errors,
                choice: Choice::Builtin,
            };
        }
    };
    let pack = match &choice {
        Choice::Builtin => Some(RulePack::builtin()),
        Choice::Dir(dir) => match RulePack::load_dir(dir) {
            Ok((pack, errs)) => {
                errors.extend(errs);
                Some(pack)
            }
            Err(e) => {
                errors.push(e);
                None
            }
        },
    };
    let engine = pack.map(|pack| {
        let (engine, errs) = Engine::new(pack);
        errors.extend(errs);
        engine
    });
    Loaded {
        engine,
        errors,
        choice,
    }
}

/// The engine in use and what it was built from.
pub struct Config {
    pub root: Option<PathBuf>,
    pub settings: RawSettings,
    /// The last good pack's engine, without the editor's overrides.
    base: Option<Engine>,
    /// `base` with the editor's severity overrides: what drafts are checked with.
    pub engine: Engine,
    /// Bumped whenever `engine` changes, so old lint results are redone.
    pub generation: u64,
    pub choice: Choice,
}

impl Config {
    pub fn new(root: Option<PathBuf>, settings: RawSettings) -> Config {
        Config {
            root,
            settings,
            base: None,
            engine: Engine::builtin(),
            generation: 0,
            choice: Choice::Builtin,
        }
    }

    /// Installs a freshly loaded pack. With errors, the last good engine is
    /// kept (at start-up, when there is none, the partly loaded pack is used,
    /// as `draftlint check` would; failing that, the built-in one).
    pub fn install(&mut self, loaded: Loaded) -> Vec<RuleError> {
        let ok = loaded.errors.is_empty();
        match loaded.engine {
            Some(engine) if ok || self.base.is_none() => {
                self.base = Some(engine);
                self.choice = loaded.choice;
            }
            None if self.base.is_none() => self.base = Some(Engine::builtin()),
            _ => {}
        }
        self.rebuild();
        loaded.errors
    }

    /// Re-applies the editor's severity overrides to the base engine.
    pub fn rebuild(&mut self) {
        let base = self.base.clone().unwrap_or_else(Engine::builtin);
        self.engine = if self.settings.severity.is_empty() {
            base
        } else {
            base.with_overrides(&self.settings.severity)
        };
        self.generation += 1;
    }

    /// The folder whose files, when changed, call for a reload.
    pub fn watched_dir(&self) -> Option<&Path> {
        match &self.choice {
            Choice::Dir(d) => Some(d),
            Choice::Builtin => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_order() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let none = RawSettings::default();
        assert_eq!(choose(Some(root), &none), Ok(Choice::Builtin));
        std::fs::create_dir_all(root.join("rules/curated")).unwrap();
        assert_eq!(choose(Some(root), &none), Ok(Choice::Builtin));
        std::fs::write(root.join("rules/curated/p.toml"), "").unwrap();
        assert_eq!(
            choose(Some(root), &none),
            Ok(Choice::Dir(root.join("rules")))
        );
        std::fs::write(root.join("draftlint.toml"), "rules = \"style\"\n").unwrap();
        assert!(choose(Some(root), &none).is_err(), "no such folder");
        std::fs::create_dir(root.join("style")).unwrap();
        assert_eq!(
            choose(Some(root), &none),
            Ok(Choice::Dir(root.canonicalize().unwrap().join("style")))
        );
        let s = RawSettings {
            rules: Some("other".into()),
            ..RawSettings::default()
        };
        assert_eq!(choose(Some(root), &s), Ok(Choice::Dir(root.join("other"))));
        std::fs::write(root.join("draftlint.toml"), "\nrules = [\n").unwrap();
        let e = choose(Some(root), &none).unwrap_err();
        assert!(
            e.path.ends_with("draftlint.toml") && e.line.is_some(),
            "{e}"
        );
    }

    /// Issue 7 item 12: a workspace names rules outside itself.
    #[test]
    fn a_workspace_may_not_name_rules_outside_it() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside");
        std::fs::create_dir_all(outside.join("curated")).unwrap();
        std::fs::write(outside.join("curated/p.toml"), "token = \"SECRET-123\"\n").unwrap();
        let root = tmp.path().join("ws");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("sub/link")).unwrap();
        let none = RawSettings::default();
        let long = format!("../{}", "x".repeat(200));
        for value in [
            "../outside".to_string(),
            outside.display().to_string(),
            "sub/link".to_string(),
            "sub/../../outside".to_string(),
            long.clone(),
        ] {
            std::fs::write(
                root.join("draftlint.toml"),
                format!("# a comment naming rules\n\nrules = {value:?}\n"),
            )
            .unwrap();
            let e = choose(Some(&root), &none).unwrap_err();
            let shown = e.to_string();
            assert_eq!(e.line, Some(3), "{shown}");
            assert!(
                shown.contains("not a folder inside the workspace"),
                "{shown}"
            );
            assert!(!shown.contains("SECRET"), "{shown}");
            assert!(shown.len() < 400, "{shown}");
            let loaded = load(Some(&root), &none);
            assert_eq!(loaded.errors.len(), 1);
            assert_eq!(loaded.choice, Choice::Builtin);
        }
        // A folder inside, reached through `..`, is fine.
        std::fs::create_dir_all(root.join("style")).unwrap();
        std::fs::write(root.join("draftlint.toml"), "rules = \"sub/../style\"\n").unwrap();
        assert_eq!(
            choose(Some(&root), &none),
            Ok(Choice::Dir(root.canonicalize().unwrap().join("style")))
        );
        // A manifest, or the rules folder, that is a link to outside.
        std::fs::remove_file(root.join("draftlint.toml")).unwrap();
        std::fs::write(tmp.path().join("m.toml"), "rules = \"SECRET\"\n").unwrap();
        std::os::unix::fs::symlink(tmp.path().join("m.toml"), root.join("draftlint.toml")).unwrap();
        let e = choose(Some(&root), &none).unwrap_err().to_string();
        assert!(
            e.contains("outside the workspace") && !e.contains("SECRET"),
            "{e}"
        );
        std::fs::remove_file(root.join("draftlint.toml")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("rules")).unwrap();
        let e = choose(Some(&root), &none).unwrap_err().to_string();
        assert!(e.contains("outside the workspace"), "{e}");
        // Links below an inside rules folder are not followed: a rule file
        // linking to a file outside is not read.
        std::fs::remove_file(root.join("rules")).unwrap();
        std::fs::create_dir_all(root.join("rules/curated")).unwrap();
        std::fs::write(
            root.join("rules/curated/ok.toml"),
            "[[pattern]]\npattern = 'Argyle'\nmessage = 'm'\n",
        )
        .unwrap();
        std::os::unix::fs::symlink(
            outside.join("curated/p.toml"),
            root.join("rules/curated/evil.toml"),
        )
        .unwrap();
        std::os::unix::fs::symlink(&outside, root.join("rules/learned")).unwrap();
        let loaded = load(Some(&root), &none);
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        let pack = loaded.engine.unwrap();
        assert_eq!(pack.pack().files.len(), 1);
        // The editor's own setting may point anywhere.
        let s = RawSettings {
            rules: Some(outside.display().to_string()),
            ..RawSettings::default()
        };
        assert_eq!(choose(Some(&root), &s), Ok(Choice::Dir(outside.clone())));
        assert!(!in_workspace(Some(&root), &outside.join("curated/p.toml")));
        assert!(in_workspace(Some(&root), &root.join("style")));
    }

    #[test]
    fn a_broken_reload_keeps_the_last_good_engine() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("rules/curated")).unwrap();
        let file = root.join("rules/curated/p.toml");
        std::fs::write(
            &file,
            "[[pattern]]\npattern = 'Argyle'\nreplacement = 'Argyll'\nmessage = 'm'\n",
        )
        .unwrap();
        let mut c = Config::new(Some(root.to_path_buf()), RawSettings::default());
        assert!(c.install(load(Some(root), &c.settings)).is_empty());
        assert_eq!(c.engine.pack().merged.patterns.len(), 1);
        std::fs::write(&file, "[[pattern]]\npattern = 'Argyle(\nmessage = 'm'\n").unwrap();
        let errs = c.install(load(Some(root), &c.settings));
        assert_eq!(errs.len(), 1);
        assert_eq!(c.engine.pack().merged.patterns.len(), 1);
    }
}
