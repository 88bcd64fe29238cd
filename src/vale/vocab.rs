//! Vocabularies: `StylesPath/config/vocabularies/NAME/accept.txt` and
//! `reject.txt` (and the older `StylesPath/Vocab/NAME/`), one term a line,
//! `#` comments. A term is a pattern, matched whole and case-sensitively
//! unless it starts with `(?i)`.
//!
//! As Vale documents them: an accepted term is never a misspelling or a
//! substitution, and with the built-in `Vale` style on (`BasedOnStyles =
//! Vale`) `Vale.Terms` holds the term's case (`Javascript` for
//! `JavaScript`, a safe fix) and `Vale.Avoid` flags every rejected term.

use super::config::Config;
use super::pattern::Pattern;
use super::rules::{Action, Compiled, Hit, Kind};
use super::scan::Text;
use super::scope::Selector;
use super::{intern, Level, Problem, RuleInfo};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One term.
#[derive(Debug, Clone)]
struct Term {
    text: String,
    /// The term anchored, for "is this word the term?".
    whole: Pattern,
    /// The term anywhere in prose, case-blind for `Vale.Terms`.
    find: Pattern,
}

/// The accepted and rejected terms of the vocabularies a configuration names.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    accept: Vec<Term>,
    reject: Vec<Term>,
    /// Where the first term came from, for `Vale.Terms`' documentation.
    files: Vec<PathBuf>,
}

impl Vocab {
    /// The vocabularies `config` names under its `StylesPath`.
    pub fn load(config: &Config, root: Option<&Path>, problems: &mut Vec<Problem>) -> Arc<Vocab> {
        let mut v = Vocab::default();
        for name in &config.vocab {
            let candidates = [
                config
                    .styles_path
                    .join("config")
                    .join("vocabularies")
                    .join(name),
                config.styles_path.join("Vocab").join(name),
            ];
            let Some(dir) = candidates.iter().find(|d| d.is_dir()) else {
                problems.push(Problem::new(
                    &config.path,
                    config.line_of("Vocab"),
                    1,
                    format!("vocabulary `{name}` is not in {}", candidates[0].display()),
                ));
                continue;
            };
            let dir = match config.confined(dir, root, "Vocab") {
                Ok(d) => d,
                Err(p) => {
                    problems.push(p);
                    continue;
                }
            };
            for (file, list) in [("accept.txt", &mut v.accept), ("reject.txt", &mut v.reject)] {
                let path = dir.join(file);
                if !path.is_file() {
                    continue;
                }
                match crate::input::read::read_file(&path, &path.display().to_string()) {
                    Ok((text, _)) => {
                        list.extend(parse_terms(&path, &text, problems));
                        v.files.push(path);
                    }
                    Err(e) => problems.push(Problem::new(&path, 0, 0, e.message)),
                }
            }
        }
        Arc::new(v)
    }

    /// A vocabulary from lists of terms (tests, and terms given in code).
    pub fn from_terms(accept: &[&str], reject: &[&str]) -> Vocab {
        let mut problems = Vec::new();
        let p = Path::new("<vocab>");
        Vocab {
            accept: parse_terms(p, &accept.join("\n"), &mut problems),
            reject: parse_terms(p, &reject.join("\n"), &mut problems),
            files: Vec::new(),
        }
    }

    /// Is `word` an accepted term?
    pub fn accepts(&self, word: &str) -> bool {
        self.accept.iter().any(|t| t.whole.is_match(word))
    }

    pub fn is_empty(&self) -> bool {
        self.accept.is_empty() && self.reject.is_empty()
    }

    /// The rules a vocabulary makes, `Vale.Terms` and `Vale.Avoid`, on with
    /// the built-in `Vale` style.
    pub fn rules(self: &Arc<Self>) -> Vec<Compiled> {
        let path = self.files.first().cloned().unwrap_or_default();
        let info = |name: &str, message: &str, description: &str| RuleInfo {
            code: intern(name),
            extends: "vocabulary".into(),
            level: Level::Error,
            message: message.into(),
            description: Some(description.into()),
            link: Some("https://vale.sh/docs/keys/vocab".into()),
            path: path.clone(),
        };
        let mut out = Vec::new();
        if !self.accept.is_empty() {
            out.push(Compiled {
                info: info(
                    "Vale.Terms",
                    "Use '%s' instead of '%s'.",
                    "A term of the style's vocabulary (accept.txt) written in another case.",
                ),
                scope: Selector::default(),
                action: Action::Replace(Vec::new()),
                kind: Box::new(Terms(self.clone())),
            });
        }
        if !self.reject.is_empty() {
            out.push(Compiled {
                info: info(
                    "Vale.Avoid",
                    "Avoid using '%s'.",
                    "A term the style's vocabulary rejects (reject.txt).",
                ),
                scope: Selector::default(),
                action: Action::None,
                kind: Box::new(Avoid(self.clone())),
            });
        }
        out
    }
}

fn parse_terms(path: &Path, text: &str, problems: &mut Vec<Problem>) -> Vec<Term> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let term = line.trim();
        if term.is_empty() || term.starts_with('#') {
            continue;
        }
        let (flags, body) = match term.strip_prefix("(?i)") {
            Some(b) => ("(?i)", b),
            None => ("", term),
        };
        let whole = Pattern::new(&format!("{flags}^(?:{body})$"));
        let find = Pattern::new(&format!(r"(?i)\b(?:{body})\b"));
        match (whole, find) {
            (Ok(whole), Ok(find)) => out.push(Term {
                text: term.to_string(),
                whole,
                find,
            }),
            (Err(e), _) | (_, Err(e)) => problems.push(Problem::new(path, i + 1, 1, e)),
        }
    }
    out
}

/// Is `term` a plain word (no pattern syntax), so that its case can be
/// held and offered as the fix?
fn is_literal(term: &str) -> bool {
    !term.contains([
        '\\', '[', ']', '(', ')', '|', '?', '*', '+', '{', '}', '^', '$', '.',
    ])
}

struct Terms(Arc<Vocab>);

impl Kind for Terms {
    fn is_local(&self) -> bool {
        true
    }

    fn patterns(&self) -> Vec<&Pattern> {
        self.0.accept.iter().map(|t| &t.find).collect()
    }

    fn check(&self, text: &Text<'_, '_, '_>, out: &mut Vec<Hit>) {
        for t in self.0.accept.iter().filter(|t| is_literal(&t.text)) {
            for (i, m) in text.find(&t.find).iter() {
                let b = &text.blocks[*i];
                let found = &b.text[m.clone()];
                // Another accepted term (`Go` and `GO`) is not a slip.
                if found == t.text || self.0.accepts(found) {
                    continue;
                }
                out.push(Hit {
                    range: b.source(m.clone()),
                    args: vec![t.text.clone(), found.to_string()],
                    suggestions: vec![t.text.clone()],
                });
            }
        }
    }
}

struct Avoid(Arc<Vocab>);

impl Kind for Avoid {
    fn is_local(&self) -> bool {
        true
    }

    fn patterns(&self) -> Vec<&Pattern> {
        self.0.reject.iter().map(|t| &t.find).collect()
    }

    fn check(&self, text: &Text<'_, '_, '_>, out: &mut Vec<Hit>) {
        for t in &self.0.reject {
            for (i, m) in text.find(&t.find).iter() {
                let b = &text.blocks[*i];
                let found = &b.text[m.clone()];
                if !t.whole.is_match(found) {
                    continue; // a case-sensitive term in another case
                }
                out.push(Hit {
                    range: b.source(m.clone()),
                    args: vec![found.to_string()],
                    suggestions: Vec::new(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_terms_match_whole_and_by_case() {
        let v = Vocab::from_terms(&["JavaScript", "(?i)nato"], &[]);
        assert!(v.accepts("JavaScript"));
        assert!(!v.accepts("Javascript"));
        assert!(v.accepts("NATO") && v.accepts("Nato"));
        assert!(!v.accepts("NATOs"));
    }
}
