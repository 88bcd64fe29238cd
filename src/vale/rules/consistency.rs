//! `extends: consistency`: two ways of writing one thing (`advisor` and
//! `adviser`) in one draft. `either` maps one form to the other (both are
//! patterns); the form the draft uses first sets it, and each later use of
//! the other form is flagged (`%s` is the form found). The scope is the
//! whole draft unless the rule narrows it.

use super::{gathered, moved, Hit, Kind, Part, Setup};
use crate::vale::pattern::Pattern;
use crate::vale::scan::Text;
use crate::vale::style::{ordered_map, Definition};
use crate::vale::Problem;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;

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

    fn gathers(&self) -> bool {
        true
    }

    fn check(&self, text: &Text<'_, '_, '_>, out: &mut Vec<Hit>) {
        gathered(self, text, out);
    }

    fn gather(&self, text: &Text<'_, '_, '_>, out: &mut Vec<(usize, Part)>) {
        let blocks = text.blocks;
        let mut seen: BTreeMap<usize, Seen> = BTreeMap::new();
        for (pair, (a, b)) in self.pairs.iter().enumerate() {
            for (form, p) in [(0, a), (1, b)] {
                for (i, m) in text.find(p).iter() {
                    let blk = &blocks[*i];
                    seen.entry(*i).or_default().0.push(Use {
                        pair,
                        form,
                        range: blk.source(m.clone()),
                        text: blk.text[m.clone()].to_string(),
                    });
                }
            }
        }
        out.extend(seen.into_iter().map(|(i, s)| (i, Box::new(s) as Part)));
    }

    fn conclude(&self, parts: &[(isize, &Part)], out: &mut Vec<Hit>) {
        for pair in 0..self.pairs.len() {
            // (draft offset, use, how far it moved)
            let mut seen: Vec<(usize, &Use, isize)> = parts
                .iter()
                .filter_map(|(by, p)| Some((*by, p.downcast_ref::<Seen>()?)))
                .flat_map(|(by, s)| {
                    s.0.iter()
                        .filter(|u| u.pair == pair)
                        .map(move |u| (u.range.start.wrapping_add_signed(by), u, by))
                })
                .collect();
            seen.sort_by_key(|s| s.0);
            let Some(&(_, first, _)) = seen.first() else {
                continue;
            };
            let first = first.form;
            for (_, u, by) in seen {
                if u.form != first {
                    out.push(Hit {
                        range: moved(&u.range, by),
                        args: vec![u.text.clone()],
                        suggestions: Vec::new(),
                    });
                }
            }
        }
    }
}

/// One use of either form in a block.
struct Use {
    pair: usize,
    /// 0 for the map's key, 1 for its value.
    form: u8,
    range: Range<usize>,
    text: String,
}

/// The uses of a block.
#[derive(Default)]
struct Seen(Vec<Use>);

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
