//! `extends: occurrence`: a scope with too many (`max`) or too few
//! (`min`) matches of `token` — a sentence of more than 25 words, a title
//! longer than 70 characters. The finding covers the whole scope (each
//! sentence, heading or paragraph the rule's scope selects); `%s` is the
//! count.

use super::{Hit, Kind, Setup};
use crate::vale::pattern::Pattern;
use crate::vale::scan::Text;
use crate::vale::style::Definition;
use crate::vale::Problem;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Keys {
    token: String,
    max: Option<usize>,
    min: Option<usize>,
    #[serde(default)]
    ignorecase: bool,
}

struct Occurrence {
    token: Pattern,
    max: Option<usize>,
    min: Option<usize>,
}

pub fn compile(def: &Definition, _setup: &Setup<'_>) -> Result<Box<dyn Kind>, Problem> {
    let keys: Keys = def.parse()?;
    if keys.max.is_none() && keys.min.is_none() {
        return Err(def.problem_at_key("extends", "an occurrence rule needs `max` or `min`"));
    }
    let flags = if keys.ignorecase { "(?i)" } else { "" };
    let token = Pattern::new(&format!("{flags}{}", keys.token))
        .map_err(|e| def.problem_at_key("token", e))?;
    Ok(Box::new(Occurrence {
        token,
        max: keys.max,
        min: keys.min,
    }))
}

impl Kind for Occurrence {
    fn is_local(&self) -> bool {
        true
    }

    fn patterns(&self) -> Vec<&Pattern> {
        vec![&self.token]
    }

    fn check(&self, text: &Text<'_, '_, '_>, out: &mut Vec<Hit>) {
        let counts = text.derived(&self.token, "matches per block", |found| {
            let mut counts = vec![0usize; text.blocks.len()];
            for (i, _) in found {
                counts[*i] += 1;
            }
            counts
        });
        for (b, &n) in text.blocks.iter().zip(counts.iter()) {
            let over = self.max.is_some_and(|m| n > m);
            let under = self.min.is_some_and(|m| n < m);
            if over || under {
                let text = b.text.trim_end();
                let start = b.text.len() - b.text.trim_start().len();
                out.push(Hit {
                    range: b.source(start..text.len().max(start)),
                    args: vec![n.to_string()],
                    suggestions: Vec::new(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::vale::testing::run_rule;

    #[test]
    fn flags_a_sentence_over_the_limit() {
        let rule = "extends: occurrence\nmessage: \"Try to keep sentences short (%s words).\"\nscope: sentence\nmax: 5\ntoken: '\\b(\\w+)\\b'\n";
        assert_eq!(
            run_rule(
                rule,
                "Short one here. This one has far more than five words in it.\n"
            ),
            vec!["1:17:Test.Rule:Try to keep sentences short (10 words)."]
        );
    }

    #[test]
    fn flags_a_heading_under_the_minimum() {
        let rule =
            "extends: occurrence\nmessage: \"Too short.\"\nscope: heading\nmin: 2\ntoken: '\\w+'\n";
        assert_eq!(
            run_rule(rule, "# Update\n\n# Two words\n"),
            vec!["1:3:Test.Rule:Too short."]
        );
    }
}
