//! `extends: consistency`: two ways of writing one thing (`advisor` and
//! `adviser`) in one draft. `either` maps one form to the other (both are
//! patterns); the form the draft uses first sets it, and each later use of
//! the other form is flagged (`%s` is the form found). The scope is the
//! whole draft unless the rule narrows it.

use super::{Hit, Kind, Setup};
use crate::vale::pattern::Pattern;
use crate::vale::scan::Text;
use crate::vale::style::{ordered_map, Definition};
use crate::vale::Problem;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Keys {
    #[serde(default, deserialize_with = "ordered_map")]
    either: Vec<(String, String)>,
    #[serde(default)]
    ignorecase: bool,
    #[serde(default)]
    nonword: bool,
}

struct Consistency {
    pairs: Vec<(Pattern, Pattern)>,
}

pub fn compile(def: &Definition, _setup: &Setup<'_>) -> Result<Box<dyn Kind>, Problem> {
    let keys: Keys = def.parse()?;
    if keys.either.is_empty() {
        return Err(def.problem_at_key("extends", "a consistency rule needs an `either` map"));
    }
    let flags = if keys.ignorecase { "(?i)" } else { "" };
    let wrap = |p: &str| {
        let src = if keys.nonword {
            format!("{flags}(?:{p})")
        } else {
            format!(r"{flags}\b(?:{p})\b")
        };
        Pattern::new(&src).map_err(|e| def.problem_at_key("either", e))
    };
    let mut pairs = Vec::new();
    for (a, b) in &keys.either {
        pairs.push((wrap(a)?, wrap(b)?));
    }
    Ok(Box::new(Consistency { pairs }))
}

impl Kind for Consistency {
    fn patterns(&self) -> Vec<&Pattern> {
        self.pairs.iter().flat_map(|(a, b)| [a, b]).collect()
    }

    fn check(&self, text: &Text<'_, '_, '_>, out: &mut Vec<Hit>) {
        let blocks = text.blocks;
        for (a, b) in &self.pairs {
            // (draft offset, block, range in block, which form)
            let mut seen = Vec::new();
            for (form, p) in [(0, a), (1, b)] {
                for (i, m) in text.find(p).iter() {
                    seen.push((blocks[*i].source_offset(m.start), *i, m.clone(), form));
                }
            }
            seen.sort_by_key(|s| s.0);
            let Some(&(_, _, _, first)) = seen.first() else {
                continue;
            };
            for (_, i, m, form) in seen {
                if form != first {
                    let blk = &blocks[i];
                    out.push(Hit {
                        range: blk.source(m.clone()),
                        args: vec![blk.text[m].to_string()],
                        suggestions: Vec::new(),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::vale::testing::run_rule;

    #[test]
    fn the_first_form_sets_the_draft() {
        let rule = "extends: consistency\nmessage: \"Inconsistent spelling of '%s'.\"\nignorecase: true\neither:\n  advisor: adviser\n  '(?:e-mail)': email\n";
        assert_eq!(
            run_rule(
                rule,
                "The adviser wrote.\n\nThe advisor, by email; an adviser again. Advisors too.\n"
            ),
            vec!["3:5:Test.Rule:Inconsistent spelling of 'advisor'."]
        );
    }
}
