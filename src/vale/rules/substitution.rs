//! `extends: substitution`: a word or phrase the style replaces with
//! another (`utilise` → `use`).
//!
//! `swap` maps patterns to replacements; all keys are one alternation,
//! whole words unless `nonword: true`, case-blind with `ignorecase: true`.
//! A replacement may name the key's groups (`$1`) and offer alternatives
//! (`a|b`: two suggestions). `capitalize: true` gives the suggestion the
//! found text's leading capital. A match listed in `exceptions`, or an
//! accepted vocabulary term (unless `vocab: false`), is not flagged. The
//! message's first `%s` is the replacement, the second the text found, as
//! in Vale. The suggestions become the rule's fix: safe only when there is
//! one and the rule's `action` is `replace`.

use super::{excepted, Hit, Kind, Setup};
use crate::vale::pattern::Pattern;
use crate::vale::scan::Text;
use crate::vale::style::{ordered_map, Definition};
use crate::vale::vocab::Vocab;
use crate::vale::Problem;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Debug, Deserialize)]
struct Keys {
    #[serde(default, deserialize_with = "ordered_map")]
    swap: Vec<(String, String)>,
    #[serde(default)]
    ignorecase: bool,
    #[serde(default)]
    nonword: bool,
    #[serde(default)]
    capitalize: bool,
    #[serde(default)]
    exceptions: Vec<String>,
    #[serde(default = "yes")]
    vocab: bool,
}

fn yes() -> bool {
    true
}

struct Substitution {
    /// Every key in one alternation: finds the candidates.
    any: Pattern,
    /// Each key alone, anchored: says which key a candidate is.
    keys: Vec<(Pattern, String)>,
    exceptions: Vec<String>,
    ignorecase: bool,
    capitalize: bool,
    vocab: Option<Arc<Vocab>>,
}

pub fn compile(def: &Definition, setup: &Setup<'_>) -> Result<Box<dyn Kind>, Problem> {
    let keys: Keys = def.parse()?;
    if keys.swap.is_empty() {
        return Err(def.problem_at_key("extends", "a substitution rule needs a `swap` map"));
    }
    let flags = if keys.ignorecase { "(?i)" } else { "" };
    let alt: Vec<String> = keys.swap.iter().map(|(k, _)| format!("(?:{k})")).collect();
    let alt = alt.join("|");
    let source = if keys.nonword {
        format!("{flags}(?:{alt})")
    } else {
        format!(r"{flags}\b(?:{alt})\b")
    };
    let any = Pattern::new(&source).map_err(|e| def.problem_at_key("swap", e))?;
    let mut compiled = Vec::with_capacity(keys.swap.len());
    for (k, v) in keys.swap {
        let p = Pattern::new(&format!("{flags}^(?:{k})$"))
            .map_err(|e| def.problem_at_key("swap", e))?;
        compiled.push((p, v));
    }
    Ok(Box::new(Substitution {
        any,
        keys: compiled,
        exceptions: keys.exceptions,
        ignorecase: keys.ignorecase,
        capitalize: keys.capitalize,
        vocab: keys.vocab.then(|| setup.vocab.clone()),
    }))
}

/// `to` with `like`'s leading capital.
fn capitalized_like(to: &str, like: &str) -> String {
    let upper = like.chars().next().is_some_and(char::is_uppercase);
    let mut c = to.chars();
    match c.next() {
        Some(f) if upper => f.to_uppercase().chain(c).collect(),
        _ => to.to_string(),
    }
}

impl Kind for Substitution {
    fn is_local(&self) -> bool {
        true
    }

    fn patterns(&self) -> Vec<&Pattern> {
        vec![&self.any]
    }

    fn check(&self, text: &Text<'_, '_, '_>, out: &mut Vec<Hit>) {
        for (i, m) in text.find(&self.any).iter() {
            let b = &text.blocks[*i];
            let found = &b.text[m.clone()];
            if excepted(
                found,
                &self.exceptions,
                self.ignorecase,
                self.vocab.as_ref(),
            ) {
                continue;
            }
            let Some((found_at, to)) = self
                .keys
                .iter()
                .find_map(|(p, to)| p.captures(found).into_iter().next().map(|f| (f, to)))
            else {
                continue;
            };
            let suggestions: Vec<String> = to
                .split('|')
                .map(|s| found_at.expand(found, s.trim()))
                .map(|s| {
                    if self.capitalize {
                        capitalized_like(&s, found)
                    } else {
                        s
                    }
                })
                .filter(|s| s != found)
                .collect();
            if suggestions.is_empty() {
                // The key matched its own replacement (`e-mail: e-mail`
                // in a case-blind rule): nothing to change.
                continue;
            }
            out.push(Hit {
                range: b.source(m.clone()),
                args: vec![suggestions.join("' or '"), found.to_string()],
                suggestions,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::vale::testing::run_rule;

    #[test]
    fn swaps_a_word_with_its_replacement() {
        let rule = "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nignorecase: true\ncapitalize: true\nswap:\n  utilise: use\n  going forward: from now on|in future\n";
        assert_eq!(
            run_rule(rule, "Utilise it. Going forward, we utilise less.\n"),
            vec![
                "1:1:Test.Rule:Use 'Use' instead of 'Utilise'.",
                "1:13:Test.Rule:Use 'From now on' or 'In future' instead of 'Going forward'.",
                "1:31:Test.Rule:Use 'use' instead of 'utilise'.",
            ]
        );
    }

    #[test]
    fn groups_fill_the_replacement_and_exceptions_are_left() {
        let rule = "extends: substitution\nmessage: \"'%s', not '%s'\"\nswap:\n  '(\\w+)-operat(e|ion)': $1operat$2\nexceptions: [pre-operation]\n";
        assert_eq!(
            run_rule(rule, "co-operation and pre-operation\n"),
            vec!["1:1:Test.Rule:'cooperation', not 'co-operation'"]
        );
    }
}
