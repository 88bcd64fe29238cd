//! `draftlint.toml`: the project's settings, one parser for the command
//! line and the language server.
//!
//! ```toml
//! rules = "rules"                 # the pack folder, relative to this file
//! include = ["drafts/**/*.md"]    # what a walked folder yields (default: every draft)
//! exclude = ["archive/**"]        # and what it never yields
//! fail-on = "error"               # the least severity that fails a run
//! select = ["name", "date"]       # only these codes or families
//! ignore = ["date/relative"]      # never these
//! workspace-consistency = true    # hold drafts checked together to one another
//!
//! [severity]                      # on top of the pack's own [severity]
//! date = "warning"
//! "date/relative" = "off"
//! ```
//!
//! Every key is checked: an unknown key, a value of the wrong type, a glob
//! that does not parse or a code that names no rule is an error at its
//! file, line and column, with the valid codes suggested.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ignore::overrides::{Override as Globs, OverrideBuilder};
use toml::Spanned;

use crate::checks;
use crate::diagnostic::Severity;
use crate::rules::{Override, RuleError};

/// The file name searched for.
pub const MANIFEST: &str = "draftlint.toml";

/// The file as written; every value keeps its place for messages.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    rules: Option<Spanned<toml::Value>>,
    include: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    severity: Option<BTreeMap<Spanned<String>, Spanned<Override>>>,
    fail_on: Option<Spanned<Override>>,
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    workspace_consistency: Option<bool>,
}

/// A `draftlint.toml`, read and checked.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file, as named in messages.
    pub shown: String,
    /// The folder holding it: what `rules`, `include` and `exclude` are
    /// relative to.
    pub dir: PathBuf,
    /// Its text, for pointing at a value ([`Config::error_at`]).
    pub text: String,
    /// `rules = "…"`, unchecked (the caller resolves it: see
    /// [`crate::discover`]), with the byte offset of the value.
    pub rules: Option<(toml::Value, usize)>,
    /// `include` and `exclude` compiled against `dir`; `None` when neither
    /// is set.
    files: Option<Globs>,
    /// `[severity]`, family keys before their codes' (the later key wins).
    pub severity: Vec<(String, Option<Severity>)>,
    /// `fail-on`.
    pub fail_on: Option<Severity>,
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    /// `workspace-consistency`: whether the document-wide consistency rules
    /// also hold across the drafts checked together (off by default).
    pub workspace_consistency: Option<bool>,
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

/// The 1-based line and column (in characters) of byte `offset` of `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// An error at byte `offset` of `text`, in the file shown as `shown`.
pub fn error_at(shown: &str, text: &str, offset: usize, message: String) -> RuleError {
    let (line, column) = line_col(text, offset);
    RuleError {
        path: shown.to_string(),
        line: Some(line),
        column: Some(column),
        message,
    }
}

/// The nearest folder from `dir` upwards (itself included) holding a
/// `draftlint.toml`: that file.
pub fn find(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(MANIFEST))
        .find(|f| f.symlink_metadata().is_ok())
}

impl Config {
    /// Reads the file at `path` (already resolved), named `shown` in
    /// messages; `dir` is the folder its paths are relative to. Read as
    /// every input is (see [`crate::input`]): a FIFO is not opened, text
    /// that is not UTF-8 is reported where it goes wrong.
    pub fn read(path: &Path, shown: &str, dir: &Path) -> Result<Config, Vec<RuleError>> {
        match path.metadata() {
            Ok(m) if !m.is_file() => {
                return Err(vec![
                    crate::input::read::not_regular(shown, m.file_type()).into()
                ])
            }
            _ => {}
        }
        let (text, _) = crate::input::read_file(path, shown).map_err(|e| vec![e.into()])?;
        Config::parse(&text, shown, dir)
    }

    /// Parses `text`, the file shown as `shown` in folder `dir`.
    pub fn parse(text: &str, shown: &str, dir: &Path) -> Result<Config, Vec<RuleError>> {
        let raw: Raw = toml::from_str(text).map_err(|e| {
            let message = e.message().trim().to_string();
            vec![match e.span() {
                Some(span) => error_at(shown, text, span.start, message),
                None => RuleError::new(shown.to_string(), message),
            }]
        })?;
        let mut errors = Vec::new();
        let at = |offset: usize, message: String| error_at(shown, text, offset, message);

        let codes = |list: Option<Vec<Spanned<String>>>, key: &str, errors: &mut Vec<RuleError>| {
            list.map(|list| {
                list.into_iter()
                    .filter_map(|code| match checks::unknown_code(code.get_ref()) {
                        None => Some(code.into_inner()),
                        Some(why) => {
                            errors.push(at(
                                code.span().start,
                                format!(
                                    "unknown rule code or family {} in `{key}` ({why})",
                                    quoted(code.get_ref())
                                ),
                            ));
                            None
                        }
                    })
                    .collect::<Vec<_>>()
            })
        };
        let select = codes(raw.select, "select", &mut errors);
        let ignore = codes(raw.ignore, "ignore", &mut errors);

        let mut severity = Vec::new();
        for (key, value) in raw.severity.unwrap_or_default() {
            if let Some(why) = checks::unknown_code(key.get_ref()) {
                errors.push(at(
                    key.span().start,
                    format!(
                        "unknown rule code or family {} in [severity] ({why})",
                        quoted(key.get_ref())
                    ),
                ));
                continue;
            }
            severity.push((key.into_inner(), value.into_inner().severity()));
        }

        let fail_on = match raw.fail_on {
            None => None,
            Some(v) => match v.get_ref() {
                Override::To(s) => Some(*s),
                Override::Off => {
                    errors.push(at(
                        v.span().start,
                        "`fail-on` must be error, warning, information or hint (use \
                         --exit-zero for a run that never fails)"
                            .to_string(),
                    ));
                    None
                }
            },
        };

        let files = if raw.include.is_none() && raw.exclude.is_none() {
            None
        } else {
            let mut b = OverrideBuilder::new(dir);
            // Excludes are added last: a path both include and exclude
            // match is excluded (the last matching glob wins).
            let globs = raw
                .include
                .into_iter()
                .flatten()
                .map(|g| (g, ""))
                .chain(raw.exclude.into_iter().flatten().map(|g| (g, "!")));
            for (glob, prefix) in globs {
                let bad = glob.get_ref().starts_with('!');
                let added = if bad {
                    Err(format!(
                        "{}: write excluded paths in `exclude`, without the `!`",
                        quoted(glob.get_ref())
                    ))
                } else {
                    b.add(&format!("{prefix}{}", glob.get_ref()))
                        .map(|_| ())
                        .map_err(|e| format!("{} is not a glob: {e}", quoted(glob.get_ref())))
                };
                if let Err(message) = added {
                    errors.push(at(glob.span().start, message));
                }
            }
            match b.build() {
                Ok(g) => Some(g),
                Err(e) => {
                    errors.push(RuleError::new(shown.to_string(), e.to_string()));
                    None
                }
            }
        };

        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Config {
            shown: shown.to_string(),
            dir: dir.to_path_buf(),
            text: text.to_string(),
            rules: raw.rules.map(|v| {
                let start = v.span().start;
                (v.into_inner(), start)
            }),
            files,
            severity,
            fail_on,
            select,
            ignore,
            workspace_consistency: raw.workspace_consistency,
        })
    }

    /// An error at byte `offset` of this file.
    pub fn error_at(&self, offset: usize, message: String) -> RuleError {
        error_at(&self.shown, &self.text, offset, message)
    }

    /// Whether `include` and `exclude` let through the file at `path`
    /// (absolute, and as `dir` is written: both resolved, or neither).
    pub fn selects(&self, path: &Path) -> bool {
        self.files
            .as_ref()
            .is_none_or(|g| !g.matched(path, false).is_ignore())
    }

    /// Whether `include` or `exclude` is set.
    pub fn filters_files(&self) -> bool {
        self.files.is_some()
    }
}

/// The severity overrides that keep only `select` (when given) and drop
/// `ignore`: `(code, None)` pairs to append after every other override.
pub fn selection(select: Option<&[String]>, ignore: &[String]) -> Vec<(String, Option<Severity>)> {
    let mut out: Vec<(String, Option<Severity>)> = Vec::new();
    if let Some(select) = select {
        for rule in checks::registry() {
            if !select
                .iter()
                .any(|k| crate::diagnostic::code_matches(k, rule.code))
            {
                out.push((rule.code.to_string(), None));
            }
        }
    }
    out.extend(ignore.iter().map(|k| (k.clone(), None)));
    out
}

/// Splits a command-line list (`name,date/weekday`) into codes, each
/// checked: `Err` names the first that selects no rule, with suggestions.
pub fn parse_codes(list: &str, flag: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for code in list.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        if let Some(why) = checks::unknown_code(code) {
            return Err(format!(
                "{flag}: unknown rule code or family {} ({why})",
                quoted(code)
            ));
        }
        out.push(code.to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<RuleError>> {
        Config::parse(text, "draftlint.toml", Path::new("/p"))
    }

    fn first_error(text: &str) -> String {
        parse(text).unwrap_err()[0].to_string()
    }

    #[test]
    fn every_key_is_read() {
        let c = parse(
            "rules = \"r\"\ninclude = [\"drafts/**\"]\nexclude = [\"drafts/old/**\"]\n\
             fail-on = \"hint\"\nselect = [\"date\"]\nignore = [\"date/relative\"]\n\
             workspace-consistency = true\n\
             [severity]\n\"date/relative\" = \"off\"\ndate = \"error\"\n",
        )
        .unwrap();
        assert_eq!(c.rules.as_ref().map(|r| r.1), Some(8));
        assert_eq!(c.fail_on, Some(Severity::Hint));
        assert_eq!(c.workspace_consistency, Some(true));
        assert_eq!(c.select.as_deref(), Some(&["date".to_string()][..]));
        assert_eq!(
            c.ignore.as_deref(),
            Some(&["date/relative".to_string()][..])
        );
        // The family before its code, so that the code's key wins.
        assert_eq!(
            c.severity,
            vec![
                ("date".to_string(), Some(Severity::Error)),
                ("date/relative".to_string(), None)
            ]
        );
        assert!(c.selects(Path::new("/p/drafts/a.md")));
        assert!(c.selects(Path::new("/p/drafts/x/a.md")));
        assert!(!c.selects(Path::new("/p/drafts/old/a.md")));
        assert!(!c.selects(Path::new("/p/notes/a.md")));
        let none = parse("").unwrap();
        assert!(none.selects(Path::new("/p/notes/a.md")) && !none.filters_files());
        let only_exclude = parse("exclude = [\"archive/**\"]").unwrap();
        assert!(only_exclude.selects(Path::new("/p/notes/a.md")));
        assert!(!only_exclude.selects(Path::new("/p/archive/2019/a.md")));
    }

    #[test]
    fn unknown_keys_and_wrong_types_point_at_themselves() {
        let e = first_error("rules = \"r\"\n\n  colour = \"red\"\n");
        assert!(
            e.starts_with("draftlint.toml:3:3: unknown field `colour`"),
            "{e}"
        );
        let e = first_error("include = \"drafts/**\"\n");
        assert!(e.starts_with("draftlint.toml:1:11: invalid type"), "{e}");
        let e = first_error("fail-on = \"loud\"\n");
        assert!(
            e.starts_with("draftlint.toml:1:11: unknown severity 'loud'"),
            "{e}"
        );
        let e = first_error("fail-on = \"off\"\n");
        assert!(
            e.starts_with("draftlint.toml:1:11: `fail-on` must be"),
            "{e}"
        );
        let e = first_error("fail-on = \"error\"\nworkspace-consistency = \"yes\"\n");
        assert!(
            e.starts_with("draftlint.toml:2:25: invalid type: string \"yes\", expected a boolean"),
            "{e}"
        );
        let e = first_error("[severity]\ndate = 3\n");
        assert!(e.starts_with("draftlint.toml:2:8:"), "{e}");
    }

    #[test]
    fn unknown_codes_are_errors_with_suggestions() {
        let errors =
            parse("select = [\"name\", \"dat\"]\nignore = [\"date/relativ\"]\n[severity]\n\"nmae\" = \"off\"\n")
                .unwrap_err();
        let errors: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(
            errors[0].starts_with(
                "draftlint.toml:1:19: unknown rule code or family \"dat\" in `select` (did you mean \"date\"?"
            ),
            "{errors:?}"
        );
        assert!(errors[1].starts_with("draftlint.toml:2:11:"), "{errors:?}");
        assert!(
            errors[1].contains("did you mean \"date/relative\"?"),
            "{errors:?}"
        );
        assert!(errors[2].starts_with("draftlint.toml:4:1:"), "{errors:?}");
        assert!(errors[2].contains("in [severity]"), "{errors:?}");
    }

    #[test]
    fn bad_globs_are_errors() {
        let e = first_error("include = [\"ok/**\", \"a/{b\"]\n");
        assert!(
            e.starts_with("draftlint.toml:1:21: \"a/{b\" is not a glob"),
            "{e}"
        );
        let e = first_error("exclude = [\"!archive/**\"]\n");
        assert!(e.starts_with("draftlint.toml:1:12:"), "{e}");
        assert!(e.contains("without the `!`"), "{e}");
    }

    #[test]
    fn selections_keep_and_drop() {
        let codes = |list: &str| parse_codes(list, "--select").unwrap();
        let off = selection(Some(&codes("date")), &codes("date/relative"));
        let off = |code: &str| {
            off.iter()
                .rev()
                .any(|(k, _)| crate::diagnostic::code_matches(k, code))
        };
        assert!(!off("date/format"));
        assert!(off("date/relative"));
        assert!(off("name/exact"));
        assert!(selection(None, &[]).is_empty());
        let e = parse_codes("name, dat", "--select").unwrap_err();
        assert!(
            e.starts_with("--select: unknown rule code or family \"dat\" (did you mean \"date\"?"),
            "{e}"
        );
    }
}
