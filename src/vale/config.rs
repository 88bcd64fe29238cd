//! `.vale.ini`: found as Vale finds it, parsed with every problem at its
//! line and column, and asked which styles and rules apply to a file.
//!
//! The file is INI: global keys first (`StylesPath`, `MinAlertLevel`,
//! `Vocab`, `Packages`, …), then glob sections (`[*]`, `[*.md]`,
//! `[*.{md,txt}]`, `[docs/**/*.md]`) with `BasedOnStyles`, rule switches
//! (`Style.Rule = NO`, `= YES`, `= error`), `BlockIgnores` and
//! `TokenIgnores`. Every section whose glob matches a file applies to it,
//! later ones over earlier ones. The configuration is user input: paths it
//! names are read only inside the project ([`Config::confined`]).

use super::pattern::Pattern;
use super::rules::Compiled;
use super::{Level, Problem};
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The names Vale looks for, in order, in each folder from the draft's
/// upward.
pub const FILE_NAMES: &[&str] = &[".vale.ini", "_vale.ini"];

/// Global keys draftlint reads.
const GLOBAL_KEYS: &[&str] = &["StylesPath", "MinAlertLevel", "Vocab", "Packages"];
/// Global keys Vale has that change nothing here (said once, as a note).
const GLOBAL_IGNORED: &[&str] = &[
    "IgnoredScopes",
    "SkippedScopes",
    "IgnoredClasses",
    "WordTemplate",
    "NLPEndpoint",
];
/// Section keys draftlint reads besides rule switches.
const SECTION_KEYS: &[&str] = &["BasedOnStyles", "BlockIgnores", "TokenIgnores"];
/// Section keys Vale has that change nothing here.
const SECTION_IGNORED: &[&str] = &["Transform", "Lang", "CommentDelimiters"];

/// A rule's (or a style's) switch in a section: off, on, or on at a level.
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
    /// `None` for a glob that did not parse: it matches nothing.
    matcher: Option<globset::GlobMatcher>,
    pub based_on: Vec<String>,
    pub switches: Vec<(String, Switch)>,
    pub block_ignores: Vec<Pattern>,
    pub token_ignores: Vec<Pattern>,
    /// The line of `BasedOnStyles`, for problems about a style.
    based_on_line: usize,
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
    pub packages: Vec<String>,
    pub sections: Vec<Section>,
    /// `[formats]`: an extension read as another (`mdx = md`).
    pub formats: Vec<(String, String)>,
    /// The line of each global key, for problems about its value.
    lines: Vec<(String, usize)>,
    /// The project it was loaded for: nothing outside it is read.
    root: Option<PathBuf>,
}

/// What applies to one file.
#[derive(Debug, Clone, Default)]
pub struct Applied {
    pub styles: Vec<String>,
    pub switches: HashMap<String, Switch>,
    pub min: Option<Level>,
    pub block_ignores: Vec<Pattern>,
    pub token_ignores: Vec<Pattern>,
}

impl Applied {
    pub fn is_empty(&self) -> bool {
        self.styles.is_empty() && !self.switches.values().any(|s| *s != Switch::Off)
    }

    pub fn min_level(&self) -> Level {
        self.min.unwrap_or(Level::Suggestion)
    }

    /// The level `rule` runs at here, or `None` when it is off. A rule's
    /// own switch wins over its style's, which wins over `BasedOnStyles`.
    pub fn level_of(&self, rule: &Compiled) -> Option<Level> {
        let code = rule.info.code;
        let style = code.split('.').next().unwrap_or_default();
        let switch = self.switches.get(code).or_else(|| self.switches.get(style));
        match switch {
            Some(Switch::Off) => None,
            Some(Switch::Level(l)) => Some(*l),
            Some(Switch::On) => Some(rule.info.level),
            None => self
                .styles
                .iter()
                .any(|s| s == style)
                .then_some(rule.info.level),
        }
    }

    /// The byte ranges of `text` that `BlockIgnores` (whole blocks, across
    /// lines) and `TokenIgnores` (inline) leave out, sorted and merged.
    pub fn ignored(&self, text: &str) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::new();
        for p in self.block_ignores.iter().chain(&self.token_ignores) {
            out.extend(p.find_iter(text));
        }
        out.sort_by_key(|r| r.start);
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(out.len());
        for r in out {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        merged
    }
}

/// `a, b, c` split at commas outside brackets, braces and parentheses
/// (a pattern's `{1,3}` stays whole), each part trimmed.
fn split_list(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut start, mut escaped) = (0i32, 0, false);
    for (i, c) in value.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth <= 0 => {
                out.push(value[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(value[start..].trim().to_string());
    out.retain(|s| !s.is_empty());
    out
}

impl Config {
    /// The configuration that applies to `file`: the first of
    /// [`FILE_NAMES`] in its folder or a folder above it, never above
    /// `root`. The one lookup of both front ends: the command line's
    /// `root` is the current folder, the server's the workspace.
    ///
    /// A `file` that reaches outside `root` through `..` gets none, and
    /// an ini that is a link to outside `root` is not used (nor is any
    /// ini above it): nothing outside is read because a draft lies below
    /// it.
    pub fn find(file: &Path, root: &Path) -> Option<PathBuf> {
        if let Ok(below) = file.strip_prefix(root) {
            if below
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
            {
                return None;
            }
        }
        let mut dir = if file.is_dir() {
            Some(file)
        } else {
            file.parent()
        };
        while let Some(d) = dir {
            if !d.starts_with(root) && !d.as_os_str().is_empty() {
                break;
            }
            for name in FILE_NAMES {
                let p = d.join(name);
                if p.is_file() {
                    let real_root = if root.as_os_str().is_empty() {
                        Path::new(".").canonicalize()
                    } else {
                        root.canonicalize()
                    };
                    let inside = real_root
                        .ok()
                        .and_then(|r| crate::input::inside(&r, &p))
                        .is_some();
                    return inside.then_some(p);
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
    /// inside it come with the configuration made of the rest.
    pub fn load(ini: &Path, root: Option<&Path>) -> Result<(Config, Vec<Problem>), Problem> {
        let (text, _) = crate::input::read::read_file(ini, &ini.display().to_string())
            .map_err(|e| Problem::new(ini, 0, 0, e.message))?;
        let (mut config, mut problems) = Config::parse(ini, &text);
        config.root = root.map(Path::to_path_buf);
        if let Err(p) = config.confined(&config.styles_path, root, "StylesPath") {
            problems.push(p);
            let mut config = config;
            // Nothing outside the project is read: no styles at all.
            config.styles_path = PathBuf::new();
            return Ok((config, problems));
        }
        for p in &config.packages {
            let name = p.rsplit('/').next().unwrap_or(p).trim_end_matches(".zip");
            if !config.styles_path.join(name).is_dir() {
                problems.push(Problem::new(
                    &config.path,
                    config.line_of("Packages"),
                    1,
                    format!(
                        "package `{name}` would be downloaded by `vale sync`; draftlint does not \
                         download: unpack it under StylesPath ({})",
                        config.shown_styles_path()
                    ),
                ));
            }
        }
        Ok((config, problems))
    }

    /// Parses the text of a `.vale.ini` at `ini`.
    pub fn parse(ini: &Path, text: &str) -> (Config, Vec<Problem>) {
        let dir = ini.parent().unwrap_or(Path::new(""));
        let mut problems = Vec::new();
        let mut config = Config {
            path: ini.to_path_buf(),
            styles_path: dir.join("styles"),
            min_level: Level::Suggestion,
            vocab: Vec::new(),
            packages: Vec::new(),
            sections: Vec::new(),
            formats: Vec::new(),
            lines: Vec::new(),
            root: None,
        };
        let mut in_formats = false;
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let indent = raw.len() - raw.trim_start().len();
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            let problem = |col: usize, m: String| Problem::new(ini, line_no, col + 1, m);
            if line.starts_with('[') {
                let Some(pattern) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) else {
                    problems.push(problem(indent, "a section name ends with `]`".into()));
                    continue;
                };
                in_formats = pattern == "formats";
                if in_formats {
                    continue;
                }
                match globset::GlobBuilder::new(pattern)
                    .literal_separator(false)
                    .build()
                {
                    Ok(g) => config.sections.push(Section {
                        pattern: pattern.to_string(),
                        matcher: Some(g.compile_matcher()),
                        based_on: Vec::new(),
                        switches: Vec::new(),
                        block_ignores: Vec::new(),
                        token_ignores: Vec::new(),
                        based_on_line: line_no,
                    }),
                    Err(e) => {
                        problems.push(problem(
                            indent + 1,
                            format!("bad glob `{pattern}`: {}", e.kind()),
                        ));
                        // Keys below belong to no section: skip them.
                        config.sections.push(Section {
                            pattern: pattern.to_string(),
                            matcher: None,
                            based_on: Vec::new(),
                            switches: Vec::new(),
                            block_ignores: Vec::new(),
                            token_ignores: Vec::new(),
                            based_on_line: line_no,
                        });
                    }
                }
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                problems.push(problem(indent, "expected `key = value`".into()));
                continue;
            };
            let (key, value) = (key.trim(), value.trim());
            let eq = line.find('=').unwrap_or(0);
            let after = &line[eq + 1..];
            let value_col = indent + eq + 1 + (after.len() - after.trim_start().len());
            if in_formats {
                config.formats.push((key.to_string(), value.to_string()));
                continue;
            }
            let Some(section) = config.sections.last_mut() else {
                config.lines.push((key.to_string(), line_no));
                match key {
                    "StylesPath" => config.styles_path = dir.join(value),
                    "MinAlertLevel" => match Level::parse(value) {
                        Some(l) => config.min_level = l,
                        None => problems.push(problem(
                            value_col,
                            format!("unknown level `{value}` (one of: suggestion, warning, error)"),
                        )),
                    },
                    "Vocab" => config.vocab = split_list(value),
                    "Packages" => config.packages = split_list(value),
                    _ if GLOBAL_IGNORED.contains(&key) => {}
                    _ => problems.push(problem(
                        indent,
                        format!(
                            "unknown key `{key}` (global keys: {})",
                            GLOBAL_KEYS.join(", ")
                        ),
                    )),
                }
                continue;
            };
            match key {
                "BasedOnStyles" => {
                    section.based_on = split_list(value);
                    section.based_on_line = line_no;
                }
                "BlockIgnores" | "TokenIgnores" => {
                    for p in split_list(value) {
                        let pattern = if key == "BlockIgnores" && !p.starts_with("(?") {
                            // A block runs across lines.
                            format!("(?ms){p}")
                        } else {
                            p.clone()
                        };
                        match Pattern::new(&pattern) {
                            Ok(c) if key == "BlockIgnores" => section.block_ignores.push(c),
                            Ok(c) => section.token_ignores.push(c),
                            Err(e) => problems.push(problem(value_col, format!("{key}: {e}"))),
                        }
                    }
                }
                _ if SECTION_IGNORED.contains(&key) => {}
                _ if key.contains('.') || is_style_name(key) => {
                    let switch = match value.to_ascii_uppercase().as_str() {
                        "NO" | "FALSE" | "OFF" => Switch::Off,
                        "YES" | "TRUE" | "ON" => Switch::On,
                        _ => match Level::parse(value) {
                            Some(l) => Switch::Level(l),
                            None => {
                                problems.push(problem(value_col, format!("`{key}` takes YES, NO or a level (suggestion, warning, error), not `{value}`")));
                                continue;
                            }
                        },
                    };
                    section.switches.push((key.to_string(), switch));
                }
                _ => problems.push(problem(
                    indent,
                    format!(
                        "unknown key `{key}` (section keys: {}, or Style.Rule = YES|NO|level)",
                        SECTION_KEYS.join(", ")
                    ),
                )),
            }
        }
        (config, problems)
    }

    /// `StylesPath` as the configuration writes it (relative to its folder).
    pub fn shown_styles_path(&self) -> String {
        let dir = self.path.parent().unwrap_or(Path::new(""));
        self.styles_path
            .strip_prefix(dir)
            .unwrap_or(&self.styles_path)
            .display()
            .to_string()
    }

    /// [`Config::confined`] to the project this configuration was loaded
    /// for (a style's dictionaries and ignore files).
    pub fn confine(&self, path: &Path, key: &str) -> Result<PathBuf, Problem> {
        self.confined(path, self.root.as_deref(), key)
    }

    /// The line of global `key`, for problems about its value (1 when absent).
    pub fn line_of(&self, key: &str) -> usize {
        self.lines
            .iter()
            .find(|(k, _)| k == key)
            .map_or(1, |(_, l)| *l)
    }

    /// `path` resolved, links included, when it is inside `root` (any path
    /// when there is no root); otherwise a problem at `key`, and nothing
    /// may be read from it.
    pub fn confined(
        &self,
        path: &Path,
        root: Option<&Path>,
        key: &str,
    ) -> Result<PathBuf, Problem> {
        let Some(root) = root else {
            return Ok(path.to_path_buf());
        };
        let outside = || {
            Problem::new(
                &self.path,
                self.line_of(key),
                1,
                format!(
                    "`{key}` points outside the project ({}); nothing there is read",
                    path.display()
                ),
            )
        };
        let root = root.canonicalize().map_err(|_| outside())?;
        match crate::input::inside(&root, path) {
            Some(real) => Ok(real),
            None if path.exists() => Err(outside()),
            // Not there (yet): judge the path as written, `..` resolved
            // lexically against its nearest existing parent.
            None => {
                let mut probe = path.to_path_buf();
                while !probe.exists() {
                    if !probe.pop() {
                        return Err(outside());
                    }
                }
                match probe.canonicalize() {
                    Ok(real)
                        if real.starts_with(&root)
                            && !path
                                .components()
                                .any(|c| c == std::path::Component::ParentDir) =>
                    {
                        Ok(path.to_path_buf())
                    }
                    _ => Err(outside()),
                }
            }
        }
    }

    /// Every style any section names, in the order first named (the
    /// built-in `Vale` style has no folder).
    pub fn styles(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for s in &self.sections {
            let named = s.based_on.iter().map(String::as_str).chain(
                s.switches
                    .iter()
                    .filter(|(_, v)| *v != Switch::Off)
                    .map(|(k, _)| k.split('.').next().unwrap_or(k)),
            );
            for style in named {
                if style != "Vale" && !out.iter().any(|o| o == style) {
                    out.push(style.to_string());
                }
            }
        }
        out
    }

    /// The folder of `style` under `StylesPath`, when it exists inside the
    /// project.
    pub fn style_dir(
        &self,
        style: &str,
        root: Option<&Path>,
        problems: &mut Vec<Problem>,
    ) -> Option<PathBuf> {
        if self.styles_path.as_os_str().is_empty() {
            return None; // StylesPath was refused
        }
        let dir = self.styles_path.join(style);
        if !dir.is_dir() {
            let line = self
                .sections
                .iter()
                .find(|s| s.based_on.iter().any(|b| b == style))
                .map_or(0, |s| s.based_on_line);
            problems.push(Problem::new(
                &self.path,
                line,
                0,
                format!(
                    "style `{style}` is not in StylesPath ({})",
                    self.shown_styles_path()
                ),
            ));
            return None;
        }
        match self.confined(&dir, root, "StylesPath") {
            Ok(d) => Some(d),
            Err(p) => {
                problems.push(p);
                None
            }
        }
    }

    /// What applies to `file`: every section whose glob matches its path
    /// from the configuration's folder (or its name), later sections over
    /// earlier ones.
    pub fn for_path(&self, file: &Path) -> Applied {
        let dir = self.path.parent().unwrap_or(Path::new(""));
        let rel = file.strip_prefix(dir).unwrap_or(file);
        let name = file.file_name().map(Path::new).unwrap_or(file);
        let mut applied = Applied {
            min: Some(self.min_level),
            ..Applied::default()
        };
        // `[formats]`: `mdx = md` reads `a.mdx` as `a.md` for the globs.
        let aliased = file.extension().and_then(|e| e.to_str()).and_then(|e| {
            self.formats
                .iter()
                .find(|(from, _)| from == e)
                .map(|(_, to)| (rel.with_extension(to), name.with_extension(to)))
        });
        for s in &self.sections {
            let Some(m) = &s.matcher else { continue };
            let hit = m.is_match(rel)
                || m.is_match(name)
                || aliased
                    .as_ref()
                    .is_some_and(|(r, n)| m.is_match(r) || m.is_match(n));
            if !hit {
                continue;
            }
            if !s.based_on.is_empty() {
                applied.styles.clone_from(&s.based_on);
            }
            for (k, v) in &s.switches {
                applied.switches.insert(k.clone(), *v);
            }
            applied
                .block_ignores
                .extend(s.block_ignores.iter().cloned());
            applied
                .token_ignores
                .extend(s.token_ignores.iter().cloned());
        }
        applied
    }
}

/// A style's switch (`write-good = NO`): a bare name with a capital or a
/// hyphen, as style folders are named.
fn is_style_name(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        && !SECTION_KEYS.contains(&key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Config, Vec<String>) {
        let (c, p) = Config::parse(Path::new("/p/.vale.ini"), text);
        (c, p.iter().map(|p| p.to_string()).collect())
    }

    #[test]
    fn sections_apply_in_order_and_switches_win() {
        let (c, problems) = parse(
            "StylesPath = styles\nMinAlertLevel = warning\nVocab = House, Names\n\n[*]\nBasedOnStyles = Vale, GovUK\n\n[*.{md,txt}]\nGovUK.Passive = NO\nGovUK.Avoid = error\n\n[notes/*.md]\nBasedOnStyles = GovUK\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(c.styles_path, Path::new("/p/styles"));
        assert_eq!(c.vocab, ["House", "Names"]);
        assert_eq!(c.styles(), ["GovUK"]);
        let a = c.for_path(Path::new("/p/drafts/a.md"));
        assert_eq!(a.styles, ["Vale", "GovUK"]);
        assert_eq!(a.min_level(), Level::Warning);
        assert_eq!(a.switches.get("GovUK.Passive"), Some(&Switch::Off));
        assert_eq!(
            a.switches.get("GovUK.Avoid"),
            Some(&Switch::Level(Level::Error))
        );
        assert_eq!(c.for_path(Path::new("/p/notes/b.md")).styles, ["GovUK"]);
        assert!(c.for_path(Path::new("/p/a.rst")).switches.is_empty());
    }

    #[test]
    fn problems_say_where_and_what_and_the_rest_loads() {
        let (c, problems) = parse(
            "MinAlertLevel = loud\nStylePath = styles\n[*]\nBasedOnStyles = A\nA.Rule = maybe\nnot a pair\n[*.{md]\nTokenIgnores = (unclosed\n",
        );
        assert_eq!(c.sections[0].based_on, ["A"]);
        assert_eq!(problems.len(), 6, "{problems:#?}");
        assert!(
            problems[0].starts_with("/p/.vale.ini:1:17: unknown level `loud`"),
            "{}",
            problems[0]
        );
        assert!(
            problems[1].starts_with("/p/.vale.ini:2:1: unknown key `StylePath`"),
            "{}",
            problems[1]
        );
        assert!(problems[2].contains(":5:") && problems[2].contains("maybe"));
        assert!(problems[3].contains(":6:1: expected `key = value`"));
        assert!(
            problems[4].contains(":7:2: bad glob `*.{md`"),
            "{}",
            problems[4]
        );
        assert!(problems[5].contains(":8:16: TokenIgnores: invalid pattern `(unclosed`"));
    }

    /// The nearest ini above a draft, never above the root: not through
    /// `..`, and not one that is a link to outside.
    #[test]
    fn find_stays_inside_the_root() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ws");
        let outside = tmp.path().join("out");
        std::fs::create_dir_all(root.join("docs/deep")).unwrap();
        std::fs::create_dir_all(root.join("notes")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(root.join(".vale.ini"), "").unwrap();
        std::fs::write(root.join("docs/_vale.ini"), "").unwrap();
        std::fs::write(outside.join(".vale.ini"), "").unwrap();
        let find = |f: &str| Config::find(&root.join(f), &root);
        assert_eq!(find("docs/deep/a.md"), Some(root.join("docs/_vale.ini")));
        assert_eq!(find("notes/a.md"), Some(root.join(".vale.ini")));
        assert_eq!(find("a.md"), Some(root.join(".vale.ini")));
        assert_eq!(find("../out/a.md"), None);
        assert_eq!(find("docs/../../out/a.md"), None);
        assert_eq!(Config::find(&outside.join("a.md"), &root), None);
        // A link to an ini outside is not read, nor one above it.
        std::os::unix::fs::symlink(outside.join(".vale.ini"), root.join("notes/.vale.ini"))
            .unwrap();
        assert_eq!(find("notes/a.md"), None);
    }

    #[test]
    fn lists_split_outside_brackets() {
        assert_eq!(
            split_list(r"a{1,3}, (b|c), \,d"),
            [r"a{1,3}", "(b|c)", r"\,d"]
        );
    }

    #[test]
    fn ignores_cover_blocks_and_tokens() {
        let (c, _) = parse("[*]\nBasedOnStyles = A\nBlockIgnores = ^\\{% raw %\\}.*?\\{% endraw %\\}\nTokenIgnores = \\$[^$]+\\$\n");
        let text = "Keep $x+1$ here.\n{% raw %}\nleave\n{% endraw %}\nafter";
        let a = c.for_path(Path::new("/p/a.md"));
        let got: Vec<&str> = a.ignored(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["$x+1$", "{% raw %}\nleave\n{% endraw %}"]);
    }
}
