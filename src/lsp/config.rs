//! Which rule pack the server checks with, and reloading it.
//!
//! In order: the editor's `draftlint.rules` setting; `rules = "…"` in a
//! `draftlint.toml` at the workspace root; the root's `rules/` folder when it
//! looks like a pack (a `learned/` or `curated/` folder holding `.toml`
//! files); else the pack built into the binary. A reload that finds broken
//! rule files keeps the last good engine and reports the errors.

use std::path::{Path, PathBuf};

use super::convert::RawSettings;
use crate::engine::Engine;
use crate::rules::{RuleError, RulePack};

/// Where the rules come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    Dir(PathBuf),
    Builtin,
}

/// The pack the settings and workspace ask for.
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
    let manifest = root.join("draftlint.toml");
    if let Ok(text) = std::fs::read_to_string(&manifest) {
        let shown = manifest.display().to_string();
        let table: toml::Table = toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            RuleError {
                path: shown.clone(),
                line,
                column: None,
                message: e.message().trim().to_string(),
            }
        })?;
        match table.get("rules") {
            Some(toml::Value::String(dir)) => return Ok(Choice::Dir(root.join(dir))),
            Some(_) => {
                return Err(RuleError::at_text(
                    &shown,
                    &text,
                    "rules",
                    "`rules` must be a string: the rules folder, relative to this file",
                ))
            }
            None => {}
        }
    }
    let dir = root.join("rules");
    let has_toml = |sub: &str| {
        std::fs::read_dir(dir.join(sub)).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.path().extension().is_some_and(|x| x == "toml"))
        })
    };
    if has_toml("learned") || has_toml("curated") {
        return Ok(Choice::Dir(dir));
    }
    Ok(Choice::Builtin)
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
        assert_eq!(
            choose(Some(root), &none),
            Ok(Choice::Dir(root.join("style")))
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
