//! `extends: spelling`: words no dictionary of the rule knows.
//!
//! The dictionaries are Hunspell `.aff`/`.dic` pairs: by default the
//! American English one draftlint embeds (Vale's default is en_US);
//! `dictionaries: [name, …]` reads `name.aff`/`name.dic` from `dicpath`
//! (relative to StylesPath; `config/dictionaries` when absent) instead of
//! it, or beside it with `append: true`. Each is parsed once when the
//! style loads. A word is not flagged when it is in an `ignore` file (one
//! word a line, relative to StylesPath), matches one of the `filters`
//! (regular expressions), is an accepted vocabulary term, or, unless
//! `custom: true`, matches Vale's default filters (mixed case such as
//! `MongoDB`, anything with a digit or other non-letter, all capitals).
//! Suggestions are offered as unsafe fixes: a dictionary's nearest word
//! is often not the one meant.
//!
//! `Vale.Spelling`, Vale's built-in rule for `BasedOnStyles = Vale`, is
//! [`builtin_spelling`].

use super::{Compiled, Hit, Kind, Outcome, Setup};
use crate::text::spell::{self, Dialect, Speller};
use crate::vale::config::Config;
use crate::vale::pattern::Pattern;
use crate::vale::scan::Text;
use crate::vale::style::{one_or_many, Definition};
use crate::vale::vocab::Vocab;
use crate::vale::Problem;
use serde::Deserialize;
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Default, Deserialize)]
struct Keys {
    dicpath: Option<String>,
    #[serde(default)]
    dictionaries: Vec<String>,
    #[serde(default)]
    append: bool,
    #[serde(default)]
    custom: bool,
    #[serde(default)]
    filters: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    ignore: Option<Vec<String>>,
}

/// Vale's default filters: words that are not checked unless `custom`.
const DEFAULT_FILTERS: &[&str] = &[r"[A-Z]{1}[a-z]+[A-Z]+\w+", r"[^a-zA-Z_']", r"^[A-Z]+$"];

enum Dict {
    Embedded(&'static Speller),
    Own(Box<spellbook::Dictionary>),
}

impl Dict {
    fn knows(&self, w: &str) -> bool {
        match self {
            Dict::Embedded(s) => s.knows(w),
            Dict::Own(d) => d.check(w),
        }
    }

    fn suggest(&self, w: &str, out: &mut Vec<String>) {
        match self {
            Dict::Embedded(s) => out.extend(s.suggestions(w, 3, false)),
            Dict::Own(d) => {
                let mut found = Vec::new();
                d.suggest(w, &mut found);
                out.extend(found.into_iter().take(3));
            }
        }
    }
}

struct Spelling {
    dicts: Vec<Dict>,
    filters: Vec<Pattern>,
    ignored: HashSet<String>,
    vocab: Arc<Vocab>,
}

pub fn compile(def: &Definition, setup: &Setup<'_>) -> Result<Box<dyn Kind>, Problem> {
    let keys: Keys = def.parse()?;
    let styles = &setup.config.styles_path;
    let mut dicts = Vec::new();
    if keys.dictionaries.is_empty() || keys.append {
        let s = spell::speller(Dialect::American).ok_or_else(|| {
            def.problem_at_key("extends", "the embedded en_US dictionary failed to load")
        })?;
        dicts.push(Dict::Embedded(s));
    }
    let dir = match &keys.dicpath {
        Some(p) => confined(def, setup, inside(styles, p), "dicpath")?,
        None => styles.join("config").join("dictionaries"),
    };
    for name in &keys.dictionaries {
        let read = |ext: &str| -> Result<String, Problem> {
            let path = confined(
                def,
                setup,
                Ok(dir.join(format!("{name}.{ext}"))),
                "dictionaries",
            )?;
            crate::input::read::read_file(&path, &path.display().to_string())
                .map(|(s, _)| s)
                .map_err(|e| {
                    def.problem_at_key(
                        "dictionaries",
                        format!("dictionary `{name}`: {}", e.message),
                    )
                })
        };
        let (aff, dic) = (read("aff")?, read("dic")?);
        let d = spellbook::Dictionary::new(&aff, &dic).map_err(|e| {
            def.problem_at_key(
                "dictionaries",
                format!("dictionary `{name}` ({}): {e}", dir.display()),
            )
        })?;
        dicts.push(Dict::Own(Box::new(d)));
    }
    let mut filters = Vec::new();
    let defaults = if keys.custom {
        &[][..]
    } else {
        DEFAULT_FILTERS
    };
    for f in defaults
        .iter()
        .copied()
        .chain(keys.filters.iter().map(String::as_str))
    {
        filters.push(
            Pattern::new(f).map_err(|e| def.problem_at_key("filters", format!("`{f}`: {e}")))?,
        );
    }
    let mut ignored = HashSet::new();
    for file in keys.ignore.iter().flatten() {
        let path = confined(def, setup, inside(styles, file), "ignore")?;
        let (text, _) = crate::input::read::read_file(&path, &path.display().to_string())
            .map_err(|e| def.problem_at_key("ignore", e.message))?;
        for w in text
            .lines()
            .map(str::trim)
            .filter(|w| !w.is_empty() && !w.starts_with('#'))
        {
            ignored.insert(w.to_string());
            ignored.insert(w.to_lowercase());
        }
    }
    Ok(Box::new(Spelling {
        dicts,
        filters,
        ignored,
        vocab: setup.vocab.clone(),
    }))
}

/// `p` under the styles folder: a relative path that does not climb out of
/// it (a style is user input; nothing outside the project is read because
/// a rule says so).
/// `path` (already within StylesPath as written) with its links resolved,
/// when it stays inside the project: a link in a style folder does not
/// make draftlint read elsewhere.
fn confined(
    def: &Definition,
    setup: &Setup<'_>,
    path: Result<PathBuf, String>,
    key: &str,
) -> Result<PathBuf, Problem> {
    let path = path.map_err(|m| def.problem_at_key(key, m))?;
    setup.config.confine(&path, key).map_err(|_| {
        def.problem_at_key(
            key,
            format!(
                "`{}` points outside the project; nothing there is read",
                path.display()
            ),
        )
    })
}

fn inside(styles: &Path, p: &str) -> Result<PathBuf, String> {
    let rel = Path::new(p);
    if rel.is_absolute()
        || rel
            .components()
            .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
    {
        return Err(format!(
            "`{p}`: a path must be relative to StylesPath and stay inside it"
        ));
    }
    Ok(styles.join(rel))
}

impl Spelling {
    fn skips(&self, w: &str) -> bool {
        self.ignored.contains(w)
            || self.ignored.contains(&w.to_lowercase())
            || self.filters.iter().any(|f| !f.find_iter(w).is_empty())
            || self.vocab.accepts(w)
            || self.dicts.iter().any(|d| d.knows(w))
    }
}

impl Kind for Spelling {
    fn is_local(&self) -> bool {
        true
    }

    fn check(&self, text: &Text<'_, '_, '_>, out: &mut Vec<Hit>) {
        for b in text.blocks {
            for w in spell::spelling_words(&b.text, 0) {
                if self.skips(w.text) {
                    continue;
                }
                let mut suggestions = Vec::new();
                for d in &self.dicts {
                    d.suggest(w.text, &mut suggestions);
                }
                suggestions.dedup();
                suggestions.truncate(3);
                out.push(Hit {
                    range: b.source(w.start..w.end),
                    args: vec![w.text.to_string()],
                    suggestions,
                });
            }
        }
    }
}

/// `Vale.Spelling`: Vale's built-in spelling rule (the embedded en_US
/// dictionary, the default filters, the configuration's accepted terms),
/// which a section with `BasedOnStyles = Vale` runs.
pub fn builtin_spelling(config: &Config, vocab: &Arc<Vocab>) -> Result<Compiled, Problem> {
    let def = Definition::from_source(
        "Vale",
        "Spelling",
        Path::new("Vale/Spelling.yml"),
        "extends: spelling\nmessage: \"Did you really mean '%s'?\"\nlevel: error\n".into(),
    )?;
    match super::compile(&def, config, vocab)? {
        Outcome::Rule(c) => Ok(*c),
        Outcome::Unsupported(why) => Err(Problem::new(&def.path, 0, 0, why)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vale::testing::run_rule;

    #[test]
    fn flags_words_the_default_dictionary_does_not_know_with_suggestions() {
        let rule = "extends: spelling\nmessage: \"Did you really mean '%s'?\"\n";
        assert_eq!(
            run_rule(
                rule,
                "The goverment will recieve it. MongoDB and NATO and F35 are fine.\n"
            ),
            vec![
                "1:5:Test.Rule:Did you really mean 'goverment'?",
                "1:20:Test.Rule:Did you really mean 'recieve'?",
            ]
        );
    }

    #[test]
    fn custom_drops_the_default_filters_and_filters_skip_words() {
        let custom = "extends: spelling\nmessage: \"'%s'\"\ncustom: true\n";
        let caps = "GOVERMENTS here.\n";
        assert_eq!(run_rule(custom, caps), vec!["1:1:Test.Rule:'GOVERMENTS'"]);
        let plain = "extends: spelling\nmessage: \"'%s'\"\n";
        assert!(
            run_rule(plain, caps).is_empty(),
            "all capitals: a default filter"
        );
        let filtered = "extends: spelling\nmessage: \"'%s'\"\nfilters: ['[pP]y.*\\b']\n";
        assert!(run_rule(filtered, "Pyxlr and pyqt\n").is_empty());
    }

    #[test]
    fn a_missing_dictionary_or_a_bad_filter_is_a_problem_at_its_key() {
        let (config, _) = Config::parse(Path::new("/nowhere/.vale.ini"), "[*]\n");
        let problem = |yaml: &str| {
            let def = Definition::from_source("T", "R", Path::new("T/R.yml"), yaml.into()).unwrap();
            match super::super::compile(&def, &config, &Arc::new(Vocab::default())) {
                Err(p) => p,
                Ok(_) => panic!("compiled: {yaml}"),
            }
        };
        let p = problem("extends: spelling\nmessage: x\ndictionaries: [en_none]\n");
        assert_eq!(p.line, 3, "{p}");
        assert!(p.message.contains("en_none"), "{p}");
        let p = problem("extends: spelling\nmessage: x\nfilters: ['(']\n");
        assert_eq!(p.line, 3, "{p}");
        let p = problem("extends: spelling\nmessage: x\ndicpath: ../../etc\ndictionaries: [a]\n");
        assert!(p.message.contains("inside"), "{p}");
    }

    #[test]
    fn builtin_spelling_is_named_vale_spelling() {
        let (config, _) = Config::parse(Path::new(".vale.ini"), "[*]\nBasedOnStyles = Vale\n");
        let c = builtin_spelling(&config, &Arc::new(Vocab::default())).unwrap();
        assert_eq!(c.info.code, "Vale.Spelling");
        assert_eq!(c.info.level, crate::vale::Level::Error);
    }

    #[test]
    fn accepted_terms_and_paths_outside_the_styles_are_handled() {
        let vocab = Vocab::from_terms(&["Draftlint", "(?i)kubectl"], &[]);
        let hit = |w: &str| vocab.accepts(w);
        assert!(hit("Draftlint") && !hit("draftlint") && hit("KUBECTL") && !hit("Draftlints"));
        assert!(inside(Path::new("styles"), "../secret").is_err());
        assert!(inside(Path::new("styles"), "/etc").is_err());
        assert_eq!(
            inside(Path::new("styles"), "dicts").unwrap(),
            Path::new("styles/dicts")
        );
    }
}
