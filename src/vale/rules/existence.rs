//! `extends: existence`: flags every match of its tokens.
//!
//! The tokens are one alternation, whole words unless `nonword: true`,
//! case-blind with `ignorecase: true`; `raw` is a pattern written whole
//! (with `append: true` the tokens follow it). A match that is one of the
//! `exceptions` is not flagged, nor an accepted vocabulary term (unless the
//! rule says `vocab: false`), as Vale adds the vocabulary to every rule's
//! exceptions. The message's `%s` is the matched text.

use super::{excepted, Hit, Kind, Setup};
use crate::vale::pattern::Pattern;
use crate::vale::scan::Text;
use crate::vale::style::Definition;
use crate::vale::vocab::Vocab;
use crate::vale::Problem;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Debug, Default, Deserialize)]
struct Keys {
    #[serde(default)]
    tokens: Vec<String>,
    #[serde(default)]
    raw: Vec<String>,
    #[serde(default)]
    ignorecase: bool,
    #[serde(default)]
    nonword: bool,
    #[serde(default)]
    append: bool,
    #[serde(default)]
    exceptions: Vec<String>,
    #[serde(default = "yes")]
    vocab: bool,
}

fn yes() -> bool {
    true
}

struct Existence {
    pattern: Pattern,
    exceptions: Vec<String>,
    ignorecase: bool,
    /// The accepted vocabulary, unless the rule says `vocab: false`.
    vocab: Option<Arc<Vocab>>,
}

pub fn compile(def: &Definition, setup: &Setup<'_>) -> Result<Box<dyn Kind>, Problem> {
    let keys: Keys = def.parse()?;
    if keys.tokens.is_empty() && keys.raw.is_empty() {
        return Err(def.problem_at_key("extends", "an existence rule needs `tokens` or `raw`"));
    }
    let mut source = String::new();
    if keys.ignorecase {
        source.push_str("(?i)");
    }
    let raw: String = keys.raw.concat();
    let tokens = (!keys.tokens.is_empty()).then(|| {
        let alt = keys.tokens.join("|");
        if keys.nonword {
            format!("(?:{alt})")
        } else {
            format!(r"\b(?:{alt})\b")
        }
    });
    match (raw.is_empty(), tokens) {
        (true, Some(t)) => source.push_str(&t),
        (false, Some(t)) if keys.append => {
            source.push_str(&raw);
            source.push_str(&t);
        }
        (false, Some(t)) => {
            source.push_str(&format!("(?:{raw})|{t}"));
        }
        (_, None) => source.push_str(&raw),
    }
    let pattern = Pattern::new(&source)
        .map_err(|e| def.problem_at_key(if keys.raw.is_empty() { "tokens" } else { "raw" }, e))?;
    Ok(Box::new(Existence {
        pattern,
        exceptions: keys.exceptions,
        ignorecase: keys.ignorecase,
        vocab: (keys.vocab && !setup.vocab.is_empty()).then(|| setup.vocab.clone()),
    }))
}

impl Kind for Existence {
    fn is_local(&self) -> bool {
        true
    }

    fn patterns(&self) -> Vec<&Pattern> {
        vec![&self.pattern]
    }

    fn check(&self, text: &Text<'_, '_, '_>, out: &mut Vec<Hit>) {
        for (i, m) in text.find(&self.pattern).iter() {
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
            out.push(Hit {
                range: b.source(m.clone()),
                args: vec![found.to_string()],
                suggestions: Vec::new(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::vale::testing::run_rule;

    #[test]
    fn flags_each_token_as_a_whole_word() {
        let rule = "extends: existence\nmessage: \"Avoid '%s'.\"\nignorecase: true\ntokens:\n  - very\n  - utilise\n";
        let hits = run_rule(rule, "It is Very good to utilise, not every utiliser.\n");
        assert_eq!(
            hits,
            vec![
                "1:7:Test.Rule:Avoid 'Very'.",
                "1:20:Test.Rule:Avoid 'utilise'."
            ]
        );
    }

    #[test]
    fn exceptions_are_not_flagged() {
        let rule =
            "extends: existence\nmessage: \"'%s'\"\ntokens: ['\\w+ly']\nexceptions: [only]\n";
        assert_eq!(
            run_rule(rule, "only quickly\n"),
            vec!["1:6:Test.Rule:'quickly'"]
        );
    }

    #[test]
    fn accepted_vocabulary_terms_are_exceptions_unless_the_rule_says_not() {
        use crate::vale::testing::run_rule_with;
        let rule = "extends: existence\nmessage: \"'%s'\"\ntokens: ['[A-Z]{4,}']\n";
        let draft = "The JMSDF and NATO met.\n";
        assert_eq!(
            run_rule_with(rule, &["JMSDF"], draft, crate::Format::Markdown),
            vec!["1:15:Test.Rule:'NATO'"]
        );
        let strict = format!("{rule}vocab: false\n");
        assert_eq!(
            run_rule_with(&strict, &["JMSDF"], draft, crate::Format::Markdown).len(),
            2
        );
    }
}
