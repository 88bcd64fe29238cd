//! `extends: conditional`: a use that needs something else in the draft —
//! typically an acronym used without being spelt out. Every match of
//! `first` whose group 1 (or whole match) is not among the group-1 texts
//! that `second` matches anywhere in the draft, nor in `exceptions`, is
//! flagged; `%s` is that text.

use super::{gathered, moved, Hit, Kind, Part, Setup};
use crate::vale::pattern::Pattern;
use crate::vale::scan::Text;
use crate::vale::style::Definition;
use crate::vale::Problem;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

#[derive(Debug, Deserialize)]
struct Keys {
    first: String,
    second: String,
    #[serde(default)]
    exceptions: Vec<String>,
    #[serde(default)]
    ignorecase: bool,
}

struct Conditional {
    first: Pattern,
    second: Pattern,
    exceptions: Vec<String>,
}

pub fn compile(def: &Definition, _setup: &Setup<'_>) -> Result<Box<dyn Kind>, Problem> {
    let keys: Keys = def.parse()?;
    let flags = if keys.ignorecase { "(?i)" } else { "" };
    let first = Pattern::new(&format!("{flags}{}", keys.first))
        .map_err(|e| def.problem_at_key("first", e))?;
    let second = Pattern::new(&format!("{flags}{}", keys.second))
        .map_err(|e| def.problem_at_key("second", e))?;
    Ok(Box::new(Conditional {
        first,
        second,
        exceptions: keys.exceptions,
    }))
}

/// Group 1 of a match, or the whole match when there is none.
fn key<'t>(text: &'t str, f: &crate::vale::pattern::Found) -> &'t str {
    let g = f
        .groups
        .get(1)
        .cloned()
        .flatten()
        .unwrap_or(f.range.clone());
    &text[g]
}

/// What a block gives: the texts `second` defines in it, and the uses of
/// `first` that are not exceptions.
#[derive(Default)]
struct Seen {
    defined: Vec<String>,
    used: Vec<(Range<usize>, String)>,
}

impl Kind for Conditional {
    fn captures(&self) -> Vec<&Pattern> {
        vec![&self.first, &self.second]
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
        for (i, found) in text.captures(&self.second).iter() {
            let s = seen.entry(*i).or_default();
            s.defined
                .extend(found.iter().map(|f| key(&blocks[*i].text, f).to_string()));
        }
        for (i, found) in text.captures(&self.first).iter() {
            let b = &blocks[*i];
            for f in found.iter() {
                let k = key(&b.text, f);
                if self.exceptions.iter().any(|e| e == k) {
                    continue;
                }
                let s = seen.entry(*i).or_default();
                s.used.push((b.source(f.range.clone()), k.to_string()));
            }
        }
        out.extend(seen.into_iter().map(|(i, s)| (i, Box::new(s) as Part)));
    }

    fn conclude(&self, parts: &[(isize, &Part)], out: &mut Vec<Hit>) {
        let parts: Vec<(isize, &Seen)> = parts
            .iter()
            .filter_map(|(by, p)| Some((*by, p.downcast_ref::<Seen>()?)))
            .collect();
        let defined: HashSet<&str> = parts
            .iter()
            .flat_map(|(_, s)| s.defined.iter().map(String::as_str))
            .collect();
        for (by, s) in parts {
            for (range, k) in &s.used {
                if defined.contains(k.as_str()) {
                    continue;
                }
                out.push(Hit {
                    range: moved(range, by),
                    args: vec![k.clone()],
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
    fn an_acronym_needs_its_definition() {
        let rule = "extends: conditional\nmessage: \"Spell out '%s' at first use.\"\nfirst: '\\b([A-Z]{3,5})\\b'\nsecond: '(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3,5})\\)'\nexceptions: [BBC]\n";
        assert_eq!(
            run_rule(
                rule,
                "The Joint Expeditionary Force (JEF) met. The JEF, the BBC and NATO.\n"
            ),
            vec!["1:63:Test.Rule:Spell out 'NATO' at first use."]
        );
    }
}
