//! `extends: capitalization`: a heading (or any scope) written in the
//! wrong case style. `match` is `$title`, `$sentence`, `$lower`, `$upper`
//! or a pattern the whole text must match. `$title` follows `style: AP`
//! (short words of up to three letters lower case, the default) or
//! `Chicago` (articles, conjunctions and prepositions lower case, whatever
//! their length); the first and last words are always capitalised.
//! `$sentence` capitalises the first word and after an `indicators`
//! character (`:` by default). Words in `exceptions`, acronyms, and words
//! with a capital inside (`iPhone`) keep their own case. A text is flagged
//! when fewer than `threshold` of its words follow the style (0.8 when the
//! rule does not say: a name in a sentence-case heading is not a slip).
//! A `prefix` pattern at the start is left out of the check (`a. This
//! heading`); accepted vocabulary terms keep their case (unless `vocab:
//! false`). The first `%s` is the text, the second the text in the
//! style's case, which is also offered as a fix: unsafe (a case change in a
//! heading is for the drafter to confirm) unless the rule's `action` is
//! `replace`.

use super::{excepted, Hit, Kind, Setup};
use crate::vale::pattern::Pattern;
use crate::vale::scan::Text;
use crate::vale::style::Definition;
use crate::vale::vocab::Vocab;
use crate::vale::Problem;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Debug, Deserialize)]
struct Keys {
    #[serde(rename = "match")]
    target: String,
    #[serde(default)]
    style: Option<String>,
    #[serde(default)]
    exceptions: Vec<String>,
    #[serde(default)]
    indicators: Option<Vec<String>>,
    #[serde(default)]
    threshold: Option<f64>,
    #[serde(default)]
    prefix: Option<String>,
    #[serde(default = "yes")]
    vocab: bool,
}

fn yes() -> bool {
    true
}

enum Target {
    Title { chicago: bool },
    Sentence,
    Lower,
    Upper,
    Pattern(Pattern),
}

struct Capitalization {
    target: Target,
    exceptions: Vec<String>,
    indicators: Vec<char>,
    threshold: Option<f64>,
    /// A start the case is not checked in (`a. `), matched at the start.
    prefix: Option<Pattern>,
    /// The accepted vocabulary's terms keep their case, unless `vocab:
    /// false`.
    vocab: Option<Arc<Vocab>>,
}

pub fn compile(def: &Definition, setup: &Setup<'_>) -> Result<Box<dyn Kind>, Problem> {
    let keys: Keys = def.parse()?;
    let target = match keys.target.as_str() {
        "$title" => Target::Title {
            chicago: match keys.style.as_deref() {
                None | Some("AP") => false,
                Some("Chicago") => true,
                Some(other) => {
                    return Err(def.problem_at_key(
                        "style",
                        format!("unknown title style `{other}` (one of: AP, Chicago)"),
                    ))
                }
            },
        },
        "$sentence" => Target::Sentence,
        "$lower" => Target::Lower,
        "$upper" => Target::Upper,
        p => Target::Pattern(
            Pattern::new(&format!("^(?:{p})$")).map_err(|e| def.problem_at_key("match", e))?,
        ),
    };
    let indicators = keys
        .indicators
        .unwrap_or_else(|| vec![":".into()])
        .iter()
        .filter_map(|s| s.chars().next())
        .collect();
    let prefix = keys
        .prefix
        .map(|p| Pattern::new(&format!("^(?:{p})")).map_err(|e| def.problem_at_key("prefix", e)))
        .transpose()?;
    Ok(Box::new(Capitalization {
        target,
        exceptions: keys.exceptions,
        indicators,
        threshold: keys.threshold,
        prefix,
        vocab: (keys.vocab && !setup.vocab.is_empty()).then(|| setup.vocab.clone()),
    }))
}

/// The share of words that must follow the style when the rule sets no
/// `threshold`.
const DEFAULT_THRESHOLD: f64 = 0.8;

/// Words a title leaves in lower case (AP: those of three letters or
/// fewer; Chicago: all of them).
const MINOR: &[&str] = &[
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "as", "at", "by", "in", "of",
    "off", "on", "per", "to", "up", "via", "vs", "with", "from", "into", "onto", "over", "upon",
    "about", "after", "under", "between", "through", "without", "within", "against", "among",
];

fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// A word whose case is its own: an acronym, a word with a capital inside,
/// a number.
fn keeps_own_case(w: &str) -> bool {
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    letters.is_empty()
        || (letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()))
        || letters.iter().skip(1).any(|c| c.is_uppercase())
}

impl Capitalization {
    /// How many of `text`'s words follow the style, of how many, and
    /// `text` with every word in the style's case (each word's first letter
    /// for `$title` and `$sentence`, all of it for `$lower` and `$upper`).
    fn conforming(&self, text: &str) -> (usize, usize, String) {
        // Each whitespace-separated token: where it starts, and its word
        // (the token without the punctuation around it).
        let tokens: Vec<(usize, &str)> = text
            .split_whitespace()
            .map(|t| (t.as_ptr() as usize - text.as_ptr() as usize, t))
            .collect();
        let last = tokens.iter().rposition(|(_, t)| !word_of(t).is_empty());
        let mut expected = String::with_capacity(text.len());
        let mut copied = 0;
        let mut good = 0;
        let mut counted = 0;
        for (i, &(at, t)) in tokens.iter().enumerate() {
            let w = word_of(t);
            if w.is_empty() {
                continue;
            }
            if excepted(w, &self.exceptions, false, self.vocab.as_ref()) || keeps_own_case(w) {
                continue;
            }
            counted += 1;
            let after_indicator = i > 0
                && tokens[i - 1]
                    .1
                    .chars()
                    .last()
                    .is_some_and(|c| self.indicators.contains(&c));
            // Whether the first letter should be a capital.
            let capital = match &self.target {
                Target::Lower | Target::Upper | Target::Pattern(_) => None,
                Target::Sentence => Some(i == 0 || after_indicator),
                Target::Title { chicago } => {
                    let lower = w.to_lowercase();
                    let minor = MINOR.contains(&lower.as_str()) && (*chicago || lower.len() <= 3);
                    Some(i == 0 || Some(i) == last || !minor || after_indicator)
                }
            };
            let fixed = match (&self.target, capital) {
                (Target::Lower, _) => w.to_lowercase(),
                (Target::Upper, _) => w.to_uppercase(),
                (_, Some(true)) => with_first(w, char::to_uppercase),
                (_, Some(false)) => with_first(w, char::to_lowercase),
                (_, None) => w.to_string(),
            };
            let ok = match (&self.target, capital) {
                (Target::Lower, _) => !w.chars().any(char::is_uppercase),
                (Target::Upper, _) => !w.chars().any(char::is_lowercase),
                (_, Some(capital)) => is_capitalised(w) == capital,
                (_, None) => true,
            };
            good += usize::from(ok);
            let word_at = at + (w.as_ptr() as usize - t.as_ptr() as usize);
            expected.push_str(&text[copied..word_at]);
            expected.push_str(&fixed);
            copied = word_at + w.len();
        }
        expected.push_str(&text[copied..]);
        (good, counted, expected)
    }
}

/// A token without the punctuation around it.
fn word_of(t: &str) -> &str {
    t.trim_matches(|c: char| !c.is_alphanumeric())
}

/// `w` with its first character mapped by `case`.
fn with_first<I: Iterator<Item = char>>(w: &str, case: impl Fn(char) -> I) -> String {
    let mut chars = w.chars();
    match chars.next() {
        Some(f) => case(f).chain(chars).collect(),
        None => String::new(),
    }
}

impl Kind for Capitalization {
    fn is_local(&self) -> bool {
        true
    }

    fn check(&self, text: &Text<'_, '_, '_>, out: &mut Vec<Hit>) {
        for b in text.blocks {
            let text = b.text.trim();
            if text.is_empty() {
                continue;
            }
            // The case is checked after the prefix (`a. This heading`).
            let checked = match self
                .prefix
                .as_ref()
                .and_then(|p| p.find_iter(text).first().cloned())
            {
                Some(m) if m.start == 0 => &text[m.end..],
                _ => text,
            };
            let mut expected = None;
            let wrong = match &self.target {
                Target::Pattern(p) => !p.is_match(checked),
                _ => {
                    let (good, counted, fixed) = self.conforming(checked);
                    expected = Some(fixed);
                    // A name in a sentence-case heading (`Talks with
                    // Japan`) is one word in five: the default share
                    // leaves room for it.
                    counted > 0
                        && (good as f64 / counted as f64)
                            < self.threshold.unwrap_or(DEFAULT_THRESHOLD)
                }
            };
            if wrong {
                let start = b.text.len() - b.text.trim_start().len();
                // The expected form, prefix and all: the second `%s`, and
                // the fix (unsafe unless the rule's action is `replace`).
                let expected =
                    expected.map(|e| format!("{}{e}", &text[..text.len() - checked.len()]));
                let mut args = vec![text.to_string()];
                args.extend(expected.clone());
                out.push(Hit {
                    range: b.source(start..start + text.len()),
                    args,
                    suggestions: expected.into_iter().filter(|e| e != text).collect(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::vale::testing::run_rule;

    #[test]
    fn title_case_headings() {
        let rule = "extends: capitalization\nmessage: \"'%s' should be in title case.\"\nscope: heading\nmatch: $title\nexceptions: [iPhone]\n";
        assert_eq!(
            run_rule(
                rule,
                "# The Defence Review and the Future\n\n## The defence review\n\n## A Plan for NATO\n"
            ),
            vec!["3:4:Test.Rule:'The defence review' should be in title case."]
        );
    }

    #[test]
    fn sentence_case_headings() {
        let rule = "extends: capitalization\nmessage: \"'%s' should be in sentence case.\"\nscope: heading\nmatch: $sentence\n";
        assert_eq!(
            run_rule(
                rule,
                "# Defence review: Next steps\n\n## new partners\n\n## UK And Japan Agree New Plan\n\n## Talks with Japan on trade\n"
            ),
            vec![
                "3:4:Test.Rule:'new partners' should be in sentence case.",
                "5:4:Test.Rule:'UK And Japan Agree New Plan' should be in sentence case.",
            ]
        );
    }

    #[test]
    fn chicago_lowers_long_prepositions() {
        let rule = "extends: capitalization\nmessage: \"%s\"\nscope: heading\nmatch: $title\nstyle: Chicago\n";
        assert_eq!(
            run_rule(rule, "# Talks Between Allies\n"),
            vec!["1:3:Test.Rule:Talks Between Allies"]
        );
        let ap = "extends: capitalization\nmessage: \"%s\"\nscope: heading\nmatch: $title\n";
        assert!(run_rule(ap, "# Talks Between Allies\n").is_empty());
    }

    #[test]
    fn a_prefix_is_left_out_and_accepted_terms_keep_their_case() {
        use crate::vale::testing::run_rule_with;
        let rule = "extends: capitalization\nmessage: \"'%s'\"\nscope: heading\nmatch: $sentence\nthreshold: 1\nprefix: '[a-z]\\.\\s'\n";
        let md = crate::Format::Markdown;
        assert!(run_rule_with(rule, &[], "# a. Talks in Tokyo\n", md).len() == 1);
        // Were the prefix checked, `a.` would be a first word in lower case.
        assert!(run_rule_with(rule, &[], "# a. Talks in tokyo\n", md).is_empty());
        assert!(run_rule_with(rule, &["Tokyo"], "# a. Talks in Tokyo\n", md).is_empty());
    }

    #[test]
    fn the_second_percent_s_is_the_text_in_the_style_s_case() {
        let rule = "extends: capitalization\nmessage: \"'%s' should be '%s'.\"\nscope: heading\nmatch: $title\nthreshold: 1\n";
        assert_eq!(
            run_rule(rule, "# Talks with the UK on (defence) cooperation\n"),
            vec!["1:3:Test.Rule:'Talks with the UK on (defence) cooperation' should be 'Talks With the UK on (Defence) Cooperation'."]
        );
        let rule = "extends: capitalization\nmessage: \"'%s' should be '%s'.\"\nscope: heading\nmatch: $sentence\nthreshold: 1\nprefix: '[a-z]\\.\\s'\n";
        assert_eq!(
            run_rule(rule, "# a. Talks In Tokyo: Next Steps\n"),
            vec!["1:3:Test.Rule:'a. Talks In Tokyo: Next Steps' should be 'a. Talks in tokyo: Next steps'."]
        );
    }
}
