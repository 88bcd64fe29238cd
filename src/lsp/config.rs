//! Which rule pack the server checks with, and reloading it.
//!
//! The choice is the library's [`crate::discover`], shared with the command
//! line: the editor's `draftlint.rules` setting (any folder: the user chose
//! it); else what the workspace names (`draftlint.toml`, a `rules/` folder),
//! which must lie inside the workspace; else the pack built into the binary.
//! A reload that finds broken rule files keeps the last good engine and
//! reports the errors.
//!
//! Vale styles run beside the pack: each document is checked with the
//! nearest `.vale.ini` or `_vale.ini` above it inside the workspace, found
//! as `draftlint check` finds it ([`crate::vale::config::Config::find`]).
//! Each ini is a [`ValeSlot`], loaded on first need and shared by every
//! document under it; a reload drops them all, to be loaded again on need.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::settings::RawSettings;
pub use crate::discover::Choice;
use crate::discover::{self, inside};
use crate::engine::Engine;
use crate::rules::RuleError;
use crate::vale::Vale;
use std::sync::Arc;

/// The pack the settings and workspace ask for (see [`discover::choose`]).
pub fn choose(root: Option<&Path>, settings: &RawSettings) -> Result<Choice, RuleError> {
    discover::choose(root, settings.rules.as_deref().map(Path::new)).map(|d| d.choice)
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
    /// `workspace-consistency` in the workspace's draftlint.toml.
    pub workspace_consistency: bool,
}

/// One Vale configuration of the workspace (a `.vale.ini` or `_vale.ini`),
/// loaded by the first check that needs it (others that need it meanwhile
/// wait for that load) and kept until the next reload.
pub struct ValeSlot {
    pub ini: PathBuf,
    /// The workspace: nothing outside it is read because the ini says so.
    root: PathBuf,
    /// The configuration from this ini that last loaded without problems,
    /// before the reload that made this slot: a load with problems keeps
    /// it, as a broken pack keeps the last good engine.
    last_good: Option<Arc<Vale>>,
    loaded: OnceLock<ValeLoaded>,
}

struct ValeLoaded {
    /// What documents under the ini are checked with.
    vale: Option<Arc<Vale>>,
    /// What the next reload's slot keeps as its `last_good`.
    good: Option<Arc<Vale>>,
}

impl ValeSlot {
    fn new(ini: PathBuf, root: PathBuf, last_good: Option<Arc<Vale>>) -> ValeSlot {
        ValeSlot {
            ini,
            root,
            last_good,
            loaded: OnceLock::new(),
        }
    }

    /// The configuration, loaded if nobody has yet; with the problems of
    /// the load when this call made it (so they are reported once per
    /// load). With problems, the partly loaded configuration is used the
    /// first time, the last good one after a reload.
    pub fn get(&self) -> (Option<Arc<Vale>>, Option<Vec<RuleError>>) {
        let mut problems = None;
        let loaded = self.loaded.get_or_init(|| {
            let (vale, found) = Vale::load(&self.ini, Some(&self.root));
            let vale = vale.map(Arc::new);
            let loaded = if found.is_empty() {
                ValeLoaded {
                    vale: vale.clone(),
                    good: vale,
                }
            } else {
                ValeLoaded {
                    vale: self.last_good.clone().or(vale),
                    good: self.last_good.clone(),
                }
            };
            problems = Some(found.into_iter().map(vale_problem).collect());
            loaded
        });
        (loaded.vale.clone(), problems)
    }

    /// The loaded configuration's rules that need a program draftlint
    /// does not run (`script`, `sequence`), as the words that say so.
    pub fn unsupported(&self) -> Vec<String> {
        let Some(vale) = self.loaded.get().and_then(|l| l.vale.as_ref()) else {
            return Vec::new();
        };
        vale.unsupported
            .iter()
            .map(|(code, why)| format!("Vale rule {code} is not run: {why}"))
            .collect()
    }

    /// `base` with this configuration as it applies to `path`, and the
    /// problems of the load if this call made it.
    pub fn engine_for(&self, base: &Engine, path: &Path) -> (Engine, Option<Vec<RuleError>>) {
        let (vale, problems) = self.get();
        let engine = match vale {
            Some(v) => base.with_vale(&v, path),
            None => base.clone(),
        };
        (engine, problems)
    }

    /// What the slot made on the next reload keeps as the last good
    /// configuration.
    fn carried(&self) -> Option<Arc<Vale>> {
        match self.loaded.get() {
            Some(l) => l.good.clone(),
            None => self.last_good.clone(),
        }
    }
}

/// A Vale configuration's problem as a rule problem (file:line:column).
fn vale_problem(p: crate::vale::Problem) -> RuleError {
    RuleError {
        path: p.path.display().to_string(),
        line: (p.line > 0).then_some(p.line),
        column: (p.column > 0).then_some(p.column),
        message: p.message,
    }
}

/// Loads and compiles the pack the settings and workspace ask for, with the
/// `[severity]` of the workspace's `draftlint.toml` laid on it (the
/// editor's severity settings go on top, in [`Config::rebuild`]).
pub fn load(root: Option<&Path>, settings: &RawSettings) -> Loaded {
    let mut errors = Vec::new();
    // The manifest is read once, by the parser the command line uses.
    let manifest = match root.map(discover::read_manifest).transpose() {
        Ok(m) => m.flatten(),
        Err(mut e) => {
            errors.push(e.swap_remove(0));
            return Loaded {
                engine: None,
                errors,
                choice: Choice::Builtin,
                workspace_consistency: false,
            };
        }
    };
    let chosen = match (settings.rules.as_deref(), root) {
        (Some(named), _) => discover::choose(root, Some(Path::new(named))),
        (None, Some(root)) => discover::choose_with(root, manifest.as_ref()),
        (None, None) => discover::choose(None, None),
    };
    let choice = match chosen.map(|d| d.choice) {
        Ok(c) => c,
        Err(e) => {
            errors.push(e);
            return Loaded {
                engine: None,
                errors,
                choice: Choice::Builtin,
                workspace_consistency: false,
            };
        }
    };
    let pack = match discover::load(&choice) {
        Ok((pack, errs)) => {
            errors.extend(errs);
            Some(pack)
        }
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let workspace_consistency = manifest
        .as_ref()
        .and_then(|m| m.workspace_consistency)
        .unwrap_or(false);
    let severity = manifest.map_or_else(Vec::new, |m| m.severity);
    let engine = pack.map(|pack| {
        let (engine, errs) = Engine::new(pack);
        errors.extend(errs);
        if severity.is_empty() {
            engine
        } else {
            engine.with_overrides(&severity)
        }
    });
    Loaded {
        engine,
        errors,
        choice,
        workspace_consistency,
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
    /// Whether the open drafts are held to one another (the workspace's
    /// `workspace-consistency`).
    pub workspace_consistency: bool,
    /// The Vale configurations met so far, by ini path.
    vales: HashMap<PathBuf, Arc<ValeSlot>>,
    /// Which ini each document path was found to have (`None`: none).
    found: HashMap<PathBuf, Option<PathBuf>>,
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
            workspace_consistency: false,
            vales: HashMap::new(),
            found: HashMap::new(),
        }
    }

    /// The Vale configuration for the draft at `path`: that of the
    /// nearest ini above it inside the workspace, as `draftlint check`
    /// chooses; none outside the workspace. Not loaded here (that is
    /// [`ValeSlot::engine_for`], on the thread that checks).
    pub fn vale_for(&mut self, path: Option<&Path>) -> Option<Arc<ValeSlot>> {
        let (root, path) = (self.root.as_deref()?, path?);
        let ini = match self.found.get(path) {
            Some(ini) => ini.clone(),
            None => {
                let ini = crate::vale::config::Config::find(path, root);
                self.found.insert(path.to_path_buf(), ini.clone());
                ini
            }
        }?;
        let slot = self
            .vales
            .entry(ini.clone())
            .or_insert_with(|| Arc::new(ValeSlot::new(ini, root.to_path_buf(), None)));
        Some(slot.clone())
    }

    /// Forgets which ini the document at `path` was found to have, so that
    /// its next check looks again (it is opened: an ini may have been
    /// written since, and not every client reports new files).
    pub fn forget_ini_of(&mut self, path: &Path) {
        self.found.remove(path);
    }

    /// Whether `slot` is the one in use for its ini (not one from before
    /// a reload).
    pub fn is_current(&self, slot: &Arc<ValeSlot>) -> bool {
        self.vales
            .get(&slot.ini)
            .is_some_and(|s| Arc::ptr_eq(s, slot))
    }

    /// Drops every Vale configuration, to be loaded again on need; each
    /// keeps its last good one for a load with problems.
    fn drop_vales(&mut self) {
        self.found.clear();
        let root = self.root.clone().unwrap_or_default();
        self.vales = std::mem::take(&mut self.vales)
            .into_iter()
            .map(|(ini, s)| {
                let slot = ValeSlot::new(ini.clone(), root.clone(), s.carried());
                (ini, Arc::new(slot))
            })
            .collect();
    }

    /// Installs a freshly loaded pack, and drops the Vale configurations. With errors, the last good engine is
    /// kept (at start-up, when there is none, the partly loaded pack is used,
    /// as `draftlint check` would; failing that, the built-in one).
    pub fn install(&mut self, loaded: Loaded) -> Vec<RuleError> {
        let ok = loaded.errors.is_empty();
        match loaded.engine {
            Some(engine) if ok || self.base.is_none() => {
                self.base = Some(engine);
                self.choice = loaded.choice;
                self.workspace_consistency = loaded.workspace_consistency;
            }
            None if self.base.is_none() => self.base = Some(Engine::builtin()),
            _ => {}
        }
        // The Vale configurations stand apart from the pack: reloaded
        // (on need) whether or not it is broken.
        self.drop_vales();
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

    /// Issue 12: the workspace's `[severity]` is honoured by the server,
    /// under the editor's own settings; its mistakes are reported.
    #[test]
    fn the_manifest_severity_is_honoured() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let draft = "It was Monday 3 January 2020.\n";
        let codes = |config: &Config| -> Vec<&'static str> {
            config
                .engine
                .check(draft, crate::Format::Markdown)
                .iter()
                .map(|d| d.code)
                .collect()
        };
        let none = RawSettings::default();
        let mut config = Config::new(Some(root.to_path_buf()), none.clone());
        assert!(config.install(load(Some(root), &none)).is_empty());
        assert!(codes(&config).contains(&"date/weekday"));
        std::fs::write(root.join("draftlint.toml"), "[severity]\ndate = \"off\"\n").unwrap();
        assert!(config.install(load(Some(root), &none)).is_empty());
        assert!(!codes(&config).contains(&"date/weekday"));
        std::fs::write(root.join("draftlint.toml"), "[severity]\ndat = \"off\"\n").unwrap();
        let errors = load(Some(root), &none).errors;
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].to_string().contains("did you mean \"date\"?"),
            "{}",
            errors[0]
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
        // The one file of the workspace's own, on the built-in layer.
        let own = |f: &&crate::rules::PackFile| f.layer != crate::rules::Layer::Builtin;
        assert_eq!(pack.pack().files.iter().filter(own).count(), 1);
        // The editor's own setting may point anywhere.
        let s = RawSettings {
            rules: Some(outside.display().to_string()),
            ..RawSettings::default()
        };
        assert_eq!(choose(Some(&root), &s), Ok(Choice::Dir(outside.clone())));
        assert!(!in_workspace(Some(&root), &outside.join("curated/p.toml")));
        assert!(in_workspace(Some(&root), &root.join("style")));
    }

    /// Issue 13: documents under one ini share its configuration, loaded
    /// once; a reload drops it, and a load with problems after a reload
    /// keeps the last good one (the first load uses what loaded).
    #[test]
    fn vale_configurations_by_ini() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("docs/styles/House")).unwrap();
        std::fs::write(
            root.join("docs/.vale.ini"),
            "StylesPath = styles\n[*.md]\nBasedOnStyles = House\n",
        )
        .unwrap();
        let rule = root.join("docs/styles/House/A.yml");
        let good = "extends: existence\nmessage: m\ntokens: [alpha]\n";
        std::fs::write(&rule, good).unwrap();
        let none = RawSettings::default();
        let mut c = Config::new(Some(root.to_path_buf()), none.clone());
        c.install(load(Some(root), &none));
        let a = c.vale_for(Some(&root.join("docs/a.md"))).unwrap();
        let b = c.vale_for(Some(&root.join("docs/sub/b.md"))).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert!(c.vale_for(Some(&root.join("c.md"))).is_none());
        assert!(c.vale_for(None).is_none());
        let (first, problems) = a.get();
        assert_eq!(problems.map(|p| p.len()), Some(0));
        // Loaded once: the second asker gets it, and no problems to report.
        let (second, problems) = b.get();
        assert!(problems.is_none());
        assert!(Arc::ptr_eq(
            first.as_ref().unwrap(),
            second.as_ref().unwrap()
        ));
        assert_eq!(first.as_ref().unwrap().rules.len(), 1);

        // Broken, then reloaded: the problem is reported, the good one kept.
        std::fs::write(&rule, "extends: existence\ntokens: [\"(x\"]\n").unwrap();
        c.install(load(Some(root), &none));
        let slot = c.vale_for(Some(&root.join("docs/a.md"))).unwrap();
        assert!(!Arc::ptr_eq(&slot, &a) && !c.is_current(&a) && c.is_current(&slot));
        let (kept, problems) = slot.get();
        let problems = problems.unwrap();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].path.ends_with("A.yml") && problems[0].line == Some(2));
        assert!(Arc::ptr_eq(kept.as_ref().unwrap(), first.as_ref().unwrap()));
        // A fresh server with the broken style uses what loaded of it.
        let mut fresh = Config::new(Some(root.to_path_buf()), none.clone());
        fresh.install(load(Some(root), &none));
        let (partial, _) = fresh.vale_for(Some(&root.join("docs/a.md"))).unwrap().get();
        assert!(partial.unwrap().rules.is_empty());
        // Mended: the new one is used.
        std::fs::write(
            &rule,
            "extends: existence\nmessage: m\ntokens: [alpha, beta]\n",
        )
        .unwrap();
        c.install(load(Some(root), &none));
        let (mended, problems) = c.vale_for(Some(&root.join("docs/a.md"))).unwrap().get();
        assert_eq!(problems.map(|p| p.len()), Some(0));
        assert!(!Arc::ptr_eq(
            mended.as_ref().unwrap(),
            first.as_ref().unwrap()
        ));
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
