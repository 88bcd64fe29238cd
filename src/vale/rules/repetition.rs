//! `extends: repetition`: the same token twice in a row ("the the"). The
//! tokens are the rule's `tokens` patterns; with `alpha: true` only
//! alphabetic tokens count; `ignorecase: true` compares case-blind. The
//! finding covers both tokens and the space between; `%s` is the token.

use super::{Hit, Kind, Setup};
use crate::vale::pattern::Pattern;
use crate::vale::scan::Text;
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
    fn is_local(&self) -> bool {
        true
    }

    fn patterns(&self) -> Vec<&Pattern> {
        vec![&self.tokens]
    }

    fn check(&self, text: &Text<'_, '_, '_>, out: &mut Vec<Hit>) {
        // Pairs of neighbouring tokens alike in any case, white space
        // between: what every rule with these tokens starts from.
        let pairs = text.derived(&self.tokens, "repeated pairs", |found| {
            found
                .windows(2)
                .filter_map(|w| {
                    let ((pi, p), (i, m)) = (&w[0], &w[1]);
                    let b = &text.blocks[*i];
                    let alike = pi == i
                        && p.end < m.start
                        && b.text[p.end..m.start].chars().all(char::is_whitespace)
                        && same_in_any_case(&b.text[p.clone()], &b.text[m.clone()]);
                    alike.then(|| (*i, p.clone(), m.clone()))
                })
                .collect::<Vec<_>>()
        });
        // The token after a repeat starts afresh: "the the the" is one.
        let mut taken: Option<(usize, usize)> = None;
        for (i, p, m) in pairs.iter() {
            if taken == Some((*i, p.start)) {
                continue;
            }
            let b = &text.blocks[*i];
            let (before, tok) = (&b.text[p.clone()], &b.text[m.clone()]);
            if !self.ignorecase && before != tok {
                continue;
            }
            // With `alpha`, only words repeat.
            if self.alpha && !(is_alphabetic(tok) && is_alphabetic(before)) {
                continue;
            }
            out.push(Hit {
                range: b.source(p.start..m.end),
                args: vec![tok.to_string()],
                suggestions: vec![before.to_string()],
            });
            taken = Some((*i, m.start));
        }
    }
}

fn same_in_any_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a == b || a.to_lowercase() == b.to_lowercase()
}

fn is_alphabetic(tok: &str) -> bool {
    if tok.is_ascii() {
        tok.bytes().all(|b| b.is_ascii_alphabetic())
    } else {
        tok.chars().all(char::is_alphabetic)
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

    /// The rule as first written: every token tested for `alpha` before
    /// it is compared with the one before, paragraph by paragraph.
    fn reference(text: &str, alpha: bool, ignorecase: bool) -> Vec<(usize, usize)> {
        let re = regex::Regex::new(r"[^\s.,;:!?]+").unwrap();
        let mut out = Vec::new();
        let mut prev: Option<std::ops::Range<usize>> = None;
        for m in re.find_iter(text).map(|m| m.range()) {
            if prev
                .as_ref()
                .is_some_and(|p| text[p.end..m.start].contains("\n\n"))
            {
                prev = None;
            }
            let tok = &text[m.clone()];
            if alpha && !tok.chars().all(char::is_alphabetic) {
                prev = None;
                continue;
            }
            if let Some(p) = prev.take() {
                let between = &text[p.end..m.start];
                let same = if ignorecase {
                    text[p.clone()].to_lowercase() == tok.to_lowercase()
                } else {
                    &text[p.clone()] == tok
                };
                if same && !between.is_empty() && between.chars().all(char::is_whitespace) {
                    out.push((p.start, m.end));
                    continue;
                }
            }
            prev = Some(m);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn finds_what_the_rule_as_first_written_finds(
            words in proptest::collection::vec("(the|The|THE|10|a1|é|É|x)", 0..30),
            seps in proptest::collection::vec("( |  |, |\n\n)", 30),
            alpha in proptest::bool::ANY,
            ignorecase in proptest::bool::ANY,
        ) {
            let mut text = String::new();
            for (w, s) in words.iter().zip(&seps) {
                text.push_str(w);
                text.push_str(s);
            }
            let rule = format!(
                "extends: repetition\nmessage: \"%s\"\nalpha: {alpha}\nignorecase: {ignorecase}\ntokens: ['[^\\s.,;:!?]+']\n"
            );
            let doc = crate::Document::parse(&text, crate::Format::PlainText);
            let got: Vec<(usize, usize)> = crate::vale::testing::run_rule_ranges(&rule, &doc);
            proptest::prop_assert_eq!(got, reference(&text, alpha, ignorecase));
        }
    }
}
