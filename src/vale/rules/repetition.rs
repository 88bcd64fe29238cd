//! `extends: repetition`: the same token twice in a row ("the the"). The
//! tokens are the rule's `tokens` patterns; with `alpha: true` only
//! alphabetic tokens count; `ignorecase: true` compares case-blind. The
//! finding covers both tokens and the space between; `%s` is the token.

use super::{Hit, Kind, Setup};
use crate::vale::pattern::Pattern;
use crate::vale::scope::Block;
use crate::vale::style::Definition;
use crate::vale::Problem;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Keys {
    #[serde(default)]
    tokens: Vec<String>,
    #[serde(default)]
    alpha: bool,
    #[serde(default)]
    ignorecase: bool,
}

struct Repetition {
    tokens: Pattern,
    alpha: bool,
    ignorecase: bool,
}

pub fn compile(def: &Definition, _setup: &Setup<'_>) -> Result<Box<dyn Kind>, Problem> {
    let keys: Keys = def.parse()?;
    if keys.tokens.is_empty() {
        return Err(def.problem_at_key("extends", "a repetition rule needs `tokens`"));
    }
    let flags = if keys.ignorecase { "(?i)" } else { "" };
    let tokens = Pattern::new(&format!("{flags}(?:{})", keys.tokens.join("|")))
        .map_err(|e| def.problem_at_key("tokens", e))?;
    Ok(Box::new(Repetition {
        tokens,
        alpha: keys.alpha,
        ignorecase: keys.ignorecase,
    }))
}

impl Kind for Repetition {
    fn check(&self, blocks: &[Block<'_>], out: &mut Vec<Hit>) {
        for b in blocks {
            let mut prev: Option<std::ops::Range<usize>> = None;
            for m in self.tokens.find_iter(&b.text) {
                let tok = &b.text[m.clone()];
                if self.alpha && !tok.chars().all(char::is_alphabetic) {
                    prev = None;
                    continue;
                }
                if let Some(p) = prev.take() {
                    let before = &b.text[p.clone()];
                    let between = &b.text[p.end..m.start];
                    let same = if self.ignorecase {
                        before.to_lowercase() == tok.to_lowercase()
                    } else {
                        before == tok
                    };
                    // Only white space between: "the the", not "the. The".
                    if same && !between.is_empty() && between.chars().all(char::is_whitespace) {
                        out.push(Hit {
                            range: b.source(p.start..m.end),
                            args: vec![tok.to_string()],
                            suggestions: vec![before.to_string()],
                        });
                        continue;
                    }
                }
                prev = Some(m);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::vale::testing::run_rule;

    #[test]
    fn flags_a_word_written_twice() {
        let rule = "extends: repetition\nmessage: \"'%s' is repeated.\"\nalpha: true\nignorecase: true\ntokens: ['[^\\s\\.]+']\n";
        assert_eq!(
            run_rule(
                rule,
                "We met the The minister. Ten. Ten is fine, 10 10 too.\n"
            ),
            vec!["1:8:Test.Rule:'The' is repeated."]
        );
    }
}
