//! A style folder: `StylesPath/<Style>/*.yml`, one rule per file, named
//! `Style.File` as Vale names it.
//!
//! Each file is read once (inside the project: a style is user input like
//! a rule pack) and its shared keys parsed into [`Common`]; a rule kind
//! parses its own keys from the same text with [`Definition::parse`], so an
//! error anywhere says the file, line and column and what was expected.

use super::config::Config;
use super::{intern, Level, Problem, RuleInfo};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The keys every Vale rule may have.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Common {
    #[serde(default)]
    pub extends: String,
    #[serde(default)]
    pub message: String,
    pub description: Option<String>,
    pub link: Option<String>,
    pub level: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub scope: Option<Vec<String>>,
    pub action: Option<ActionDef>,
}

/// `action:` with its `name` and `params`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ActionDef {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub params: Vec<String>,
}

/// A key that Vale accepts as one string or a list of strings.
pub fn one_or_many<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<String>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(Option::<OneOrMany>::deserialize(d)?.map(|v| match v {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    }))
}

/// A YAML map of strings in the order the file writes it (a `swap` or
/// `either` map: the first key that matches wins, as in Vale).
pub fn ordered_map<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<(String, String)>, D::Error> {
    struct Visit;
    impl<'de> serde::de::Visitor<'de> for Visit {
        type Value = Vec<(String, String)>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a map of strings")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some((k, v)) = map.next_entry::<Scalar, Scalar>()? {
                out.push((k.0, v.0));
            }
            Ok(out)
        }
    }
    d.deserialize_map(Visit)
}

/// A YAML scalar read as its text (`1: one` has the key `1`).
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Any {
            S(String),
            I(i64),
            F(f64),
            B(bool),
        }
        Ok(Scalar(match Any::deserialize(d)? {
            Any::S(s) => s,
            Any::I(i) => i.to_string(),
            Any::F(f) => f.to_string(),
            Any::B(b) => b.to_string(),
        }))
    }
}

/// One rule file, read.
#[derive(Debug, Clone)]
pub struct Definition {
    pub style: String,
    /// The file name without `.yml`.
    pub name: String,
    pub path: PathBuf,
    pub source: String,
    pub common: Common,
}

impl Definition {
    /// Parses a rule file's text.
    pub fn from_source(
        style: &str,
        name: &str,
        path: &Path,
        source: String,
    ) -> Result<Definition, Problem> {
        let common: Common = parse_yaml(path, &source)?;
        let def = Definition {
            style: style.to_string(),
            name: name.to_string(),
            path: path.to_path_buf(),
            source,
            common,
        };
        if def.common.extends.is_empty() {
            return Err(Problem::new(path, 1, 1, "the rule has no `extends:` key"));
        }
        if let Some(l) = &def.common.level {
            if Level::parse(l).is_none() {
                return Err(def.problem_at_key(
                    "level",
                    format!("unknown level `{l}` (one of: suggestion, warning, error)"),
                ));
            }
        }
        Ok(def)
    }

    /// `Style.Rule`.
    pub fn code(&self) -> String {
        format!("{}.{}", self.style, self.name)
    }

    /// The rule file's own keys as `T` (a kind's definition).
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Problem> {
        parse_yaml(&self.path, &self.source)
    }

    /// A problem reported at top-level `key` (its line, or the file's
    /// first line when the key is absent).
    pub fn problem_at_key(&self, key: &str, message: impl Into<String>) -> Problem {
        let line = self
            .source
            .lines()
            .position(|l| {
                l.strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
            .map_or(1, |i| i + 1);
        Problem::new(&self.path, line, 1, message)
    }

    /// What the rule is, for hovers and `explain`.
    pub fn info(&self) -> RuleInfo {
        RuleInfo {
            code: intern(&self.code()),
            extends: self.common.extends.clone(),
            level: self
                .common
                .level
                .as_deref()
                .and_then(Level::parse)
                .unwrap_or(Level::Warning),
            message: self.common.message.clone(),
            description: self.common.description.clone(),
            link: self.common.link.clone(),
            path: self.path.clone(),
        }
    }
}

/// YAML as `T`, or a problem at the parser's line and column.
pub fn parse_yaml<T: DeserializeOwned>(path: &Path, source: &str) -> Result<T, Problem> {
    serde_norway::from_str::<T>(source).map_err(|e| {
        let (line, column) = e.location().map_or((1, 0), |l| (l.line(), l.column()));
        // The message says `at line L column C`; the location is the
        // problem's own.
        let text = e.to_string();
        let what = text.lines().next().unwrap_or("invalid YAML");
        static AT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r" at line \d+ column \d+").expect("location pattern")
        });
        let what = AT.replace_all(what, "");
        Problem::new(path, line, column, format!("invalid rule file: {what}"))
    })
}

/// Every rule of `style` under the configuration's `StylesPath`, sorted
/// by file name. A file that fails is reported and left out.
pub fn load_style(
    config: &Config,
    style: &str,
    root: Option<&Path>,
) -> (Vec<Definition>, Vec<Problem>) {
    let mut problems = Vec::new();
    let Some(dir) = config.style_dir(style, root, &mut problems) else {
        return (Vec::new(), problems);
    };
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
            .collect(),
        Err(e) => {
            problems.push(Problem::new(
                &dir,
                0,
                0,
                format!("cannot read the style: {e}"),
            ));
            return (Vec::new(), problems);
        }
    };
    files.sort();
    let mut defs = Vec::new();
    for path in files {
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let source = match crate::input::read::read_file(&path, &path.display().to_string()) {
            Ok((s, _)) => s,
            Err(e) => {
                problems.push(Problem::new(&path, 0, 0, e.message));
                continue;
            }
        };
        match Definition::from_source(style, name, &path, source) {
            Ok(d) => defs.push(d),
            Err(p) => problems.push(p),
        }
    }
    (defs, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_keys_and_errors_with_their_line() {
        let d = Definition::from_source(
            "Gov",
            "Avoid",
            Path::new("Gov/Avoid.yml"),
            "extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: error\nscope: [heading, paragraph]\ntokens:\n  - very\n".into(),
        )
        .unwrap();
        assert_eq!(d.code(), "Gov.Avoid");
        assert_eq!(
            d.common.scope.as_deref(),
            Some(&["heading".to_string(), "paragraph".to_string()][..])
        );
        assert_eq!(d.info().level, Level::Error);

        let bad = Definition::from_source(
            "Gov",
            "Bad",
            Path::new("Gov/Bad.yml"),
            "extends: existence\nlevel: loud\n".into(),
        )
        .unwrap_err();
        assert_eq!((bad.line, bad.message.contains("loud")), (2, true));

        let broken = Definition::from_source(
            "Gov",
            "Broken",
            Path::new("Gov/Broken.yml"),
            "extends: existence\ntokens: [a, b\n".into(),
        )
        .unwrap_err();
        assert!(broken.line >= 2, "{broken}");
    }
}
