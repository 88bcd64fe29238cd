//! `.vale.ini`: found as Vale finds it, parsed with every problem at its
//! line, and asked which styles and rules apply to a file.

use super::rules::Compiled;
use super::{Level, Problem};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The names Vale looks for, in order, in each folder from the draft's
/// upward.
pub const FILE_NAMES: &[&str] = &[".vale.ini", "_vale.ini", "vale.ini"];

/// A rule's switch in a section: off, on, or on at a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Switch {
    Off,
    On,
    Level(Level),
}

/// One glob section (`[*.md]`).
#[derive(Debug, Clone)]
pub struct Section {
    pub pattern: String,
    matcher: globset::GlobMatcher,
    pub based_on: Vec<String>,
    pub switches: Vec<(String, Switch)>,
}

/// A parsed `.vale.ini`.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file itself.
    pub path: PathBuf,
    /// `StylesPath`, resolved against the file's folder.
    pub styles_path: PathBuf,
    pub min_level: Level,
    pub vocab: Vec<String>,
    pub sections: Vec<Section>,
}

/// What applies to one file.
#[derive(Debug, Clone, Default)]
pub struct Applied {
    pub styles: Vec<String>,
    pub switches: HashMap<String, Switch>,
    pub min: Option<Level>,
}

impl Applied {
    pub fn is_empty(&self) -> bool {
        self.styles.is_empty() && self.switches.is_empty()
    }

    /// The byte ranges of `text` that `BlockIgnores`/`TokenIgnores` leave
    /// out for this file. (Placeholder with the agreed signature until the
    /// configuration reader implements those keys: nothing is ignored.)
    pub fn ignored(&self, _text: &str) -> Vec<std::ops::Range<usize>> {
        Vec::new()
    }

    pub fn min_level(&self) -> Level {
        self.min.unwrap_or(Level::Suggestion)
    }

    /// The level `rule` runs at here, or `None` when it is off.
    pub fn level_of(&self, rule: &Compiled) -> Option<Level> {
        let code = rule.info.code;
        match self.switches.get(code) {
            Some(Switch::Off) => None,
            Some(Switch::Level(l)) => Some(*l),
            Some(Switch::On) => Some(rule.info.level),
            None => {
                let style = code.split('.').next().unwrap_or_default();
                self.styles
                    .iter()
                    .any(|s| s == style)
                    .then_some(rule.info.level)
            }
        }
    }
}

impl Config {
    /// The configuration that applies to `file`: the first of
    /// [`FILE_NAMES`] in its folder or a folder above it, up to `root`.
    pub fn find(file: &Path, root: &Path) -> Option<PathBuf> {
        let mut dir = if file.is_dir() {
            Some(file)
        } else {
            file.parent()
        };
        while let Some(d) = dir {
            for name in FILE_NAMES {
                let p = d.join(name);
                if p.is_file() {
                    return Some(p);
                }
            }
            if d == root {
                break;
            }
            dir = d.parent();
        }
        None
    }

    /// Reads and parses `ini`. An unreadable file is the error; problems
    /// inside it come with the configuration that could be made of the rest.
    pub fn load(ini: &Path, _root: Option<&Path>) -> Result<(Config, Vec<Problem>), Problem> {
        let (text, _) = crate::input::read::read_file(ini, &ini.display().to_string())
            .map_err(|e| Problem::new(ini, 0, 0, e.message))?;
        Ok(Config::parse(ini, &text))
    }

    pub fn parse(ini: &Path, text: &str) -> (Config, Vec<Problem>) {
        let dir = ini.parent().unwrap_or(Path::new(""));
        let mut problems = Vec::new();
        let mut config = Config {
            path: ini.to_path_buf(),
            styles_path: dir.join("styles"),
            min_level: Level::Suggestion,
            vocab: Vec::new(),
            sections: Vec::new(),
        };
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            if let Some(pattern) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                match globset::GlobBuilder::new(pattern)
                    .literal_separator(false)
                    .build()
                {
                    Ok(g) => config.sections.push(Section {
                        pattern: pattern.to_string(),
                        matcher: g.compile_matcher(),
                        based_on: Vec::new(),
                        switches: Vec::new(),
                    }),
                    Err(e) => {
                        problems.push(Problem::new(ini, line_no, 1, format!("bad glob: {e}")))
                    }
                }
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                problems.push(Problem::new(ini, line_no, 1, "expected `key = value`"));
                continue;
            };
            let (key, value) = (key.trim(), value.trim());
            let list = || -> Vec<String> {
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            };
            match config.sections.last_mut() {
                None => match key {
                    "StylesPath" => config.styles_path = dir.join(value),
                    "MinAlertLevel" => match Level::parse(value) {
                        Some(l) => config.min_level = l,
                        None => problems.push(Problem::new(
                            ini,
                            line_no,
                            1,
                            format!("unknown level `{value}`"),
                        )),
                    },
                    "Vocab" => config.vocab = list(),
                    _ => {}
                },
                Some(section) => {
                    match key {
                        "BasedOnStyles" => section.based_on = list(),
                        _ if key.contains('.') => {
                            let switch = match value.to_ascii_uppercase().as_str() {
                                "NO" | "FALSE" | "OFF" => Switch::Off,
                                "YES" | "TRUE" | "ON" => Switch::On,
                                _ => {
                                    match Level::parse(value) {
                                        Some(l) => Switch::Level(l),
                                        None => {
                                            problems.push(Problem::new(ini, line_no, 1, format!("`{key}` takes YES, NO or a level, not `{value}`")));
                                            continue;
                                        }
                                    }
                                }
                            };
                            section.switches.push((key.to_string(), switch));
                        }
                        _ => {}
                    }
                }
            }
        }
        (config, problems)
    }

    /// Every style any section names.
    pub fn styles(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for s in &self.sections {
            for name in s.based_on.iter().chain(
                s.switches
                    .iter()
                    .filter_map(|(k, _)| k.split('.').next().map(|_| k)),
            ) {
                let style = name.split('.').next().unwrap_or(name).to_string();
                if !out.contains(&style) {
                    out.push(style);
                }
            }
        }
        out
    }

    /// The folder of `style` under `StylesPath`, when it exists.
    pub fn style_dir(
        &self,
        style: &str,
        _root: Option<&Path>,
        problems: &mut Vec<Problem>,
    ) -> Option<PathBuf> {
        let dir = self.styles_path.join(style);
        if dir.is_dir() {
            Some(dir)
        } else {
            problems.push(Problem::new(
                &self.path,
                0,
                0,
                format!("style `{style}` is not in {}", self.styles_path.display()),
            ));
            None
        }
    }

    /// What applies to `file`: every section whose glob matches it, later
    /// sections over earlier ones.
    pub fn for_path(&self, file: &Path) -> Applied {
        let name = file.file_name().map(Path::new).unwrap_or(file);
        let mut applied = Applied {
            min: Some(self.min_level),
            ..Applied::default()
        };
        for s in &self.sections {
            if s.matcher.is_match(file) || s.matcher.is_match(name) {
                for st in &s.based_on {
                    if !applied.styles.contains(st) {
                        applied.styles.push(st.clone());
                    }
                }
                for (k, v) in &s.switches {
                    applied.switches.insert(k.clone(), *v);
                }
            }
        }
        applied
    }
}
