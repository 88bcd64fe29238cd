//! `extends: conditional`: a use that needs something else in the draft —
//! typically an acronym used without being spelt out. Every match of
//! `first` whose group 1 (or whole match) is not among the group-1 texts
//! that `second` matches anywhere in the draft, nor in `exceptions`, is
//! flagged; `%s` is that text.

use super::{Hit, Kind, Setup};
use crate::vale::pattern::Pattern;
use crate::vale::scan::Text;
use crate::vale::style::Definition;
use crate::vale::Problem;
use serde::Deserialize;
use std::collections::HashSet;

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

impl Kind for Conditional {
    fn captures(&self) -> Vec<&Pattern> {
        vec![&self.first, &self.second]
    }

    fn check(&self, text: &Text<'_, '_, '_>, out: &mut Vec<Hit>) {
        let blocks = text.blocks;
        let defined_in = text.captures(&self.second);
        let mut defined: HashSet<&str> = HashSet::new();
        for (i, found) in defined_in.iter() {
            defined.extend(found.iter().map(|f| key(&blocks[*i].text, f)));
        }
        for (i, found) in text.captures(&self.first).iter() {
            let b = &blocks[*i];
            for f in found.iter() {
                let k = key(&b.text, f);
                if defined.contains(k) || self.exceptions.iter().any(|e| e == k) {
                    continue;
                }
                out.push(Hit {
                    range: b.source(f.range.clone()),
                    args: vec![k.to_string()],
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
