//! Vale's rule kinds, one module per `extends:` value, and what every rule
//! shares: its name, level, message, link, scope and action.
//!
//! A kind compiles its own keys from the rule's YAML (`compile` in each
//! module) into a [`Kind`], which reports [`Hit`]s over the blocks of text
//! its rule's scope selects. [`Compiled::diagnostic`] turns a hit into a
//! finding: the message with its `%s` filled in, the level, and the rule's
//! `action` as fixes.

pub mod capitalization;
pub mod conditional;
pub mod consistency;
pub mod existence;
pub mod metric;
pub mod occurrence;
pub mod repetition;
pub mod spelling;
pub mod substitution;

use super::config::Config;
use super::pattern::Pattern;
use super::scan::Text;
use super::scope::Selector;
use super::style::Definition;
use super::vocab::Vocab;
use super::{Level, Problem, RuleInfo};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::text::Document;
use std::ops::Range;
use std::sync::Arc;

/// One finding of a kind, before it becomes a [`Diagnostic`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Hit {
    /// Byte range in the draft (`Block::source` maps a block's own offsets).
    pub range: Range<usize>,
    /// What fills the message's `%s`, in order.
    pub args: Vec<String>,
    /// Replacements the kind proposes (a substitution's swap, a spelling
    /// suggestion); the rule's `action` decides what becomes of them.
    pub suggestions: Vec<String>,
}

/// A compiled rule kind.
pub trait Kind: Send + Sync {
    /// The hits in `text`: the draft's blocks as this rule's scope selects
    /// them, in document order, with the searches of them that rules
    /// share. Kinds that count across a document (consistency,
    /// conditional) see every block of the draft at once.
    fn check(&self, text: &Text<'_, '_, '_>, out: &mut Vec<Hit>);

    /// The patterns the kind searches with through [`Text::find`] and
    /// [`Text::blocks_with`]: known before a draft, they are searched for
    /// together (see `scan.rs`).
    fn patterns(&self) -> Vec<&Pattern> {
        Vec::new()
    }

    /// Does the kind read one block at a time, so that its findings in a
    /// block depend on that block alone (see `cache.rs`)?
    fn is_local(&self) -> bool {
        false
    }

    /// The patterns the kind reads with their groups, through
    /// [`Text::captures`].
    fn captures(&self) -> Vec<&Pattern> {
        Vec::new()
    }

    /// Does the kind read the scope's readability counts ([`Text::counts`])?
    fn reads_counts(&self) -> bool {
        false
    }
}

/// What compiling a definition gave.
pub enum Outcome {
    Rule(Box<Compiled>),
    /// A kind that needs a program draftlint does not run (`script`,
    /// `sequence`): reported once per run, by rule name.
    Unsupported(String),
}

/// What a kind's compiler gets besides the rule's own definition.
pub struct Setup<'a> {
    pub config: &'a Config,
    pub vocab: &'a Arc<Vocab>,
}

type Compile = fn(&Definition, &Setup<'_>) -> Result<Box<dyn Kind>, Problem>;

/// Every kind draftlint runs, by its `extends:` name.
pub static KINDS: &[(&str, Compile)] = &[
    ("existence", existence::compile),
    ("substitution", substitution::compile),
    ("occurrence", occurrence::compile),
    ("repetition", repetition::compile),
    ("consistency", consistency::compile),
    ("conditional", conditional::compile),
    ("capitalization", capitalization::compile),
    ("metric", metric::compile),
    ("spelling", spelling::compile),
];

/// Kinds Vale has that need an external program.
pub static UNSUPPORTED: &[(&str, &str)] = &[
    (
        "script",
        "runs a Tengo script, which draftlint does not run",
    ),
    (
        "sequence",
        "needs part-of-speech tagging, which draftlint does not do",
    ),
];

/// Compiles one rule definition.
pub fn compile(def: &Definition, config: &Config, vocab: &Arc<Vocab>) -> Result<Outcome, Problem> {
    let extends = def.common.extends.as_str();
    if let Some((_, why)) = UNSUPPORTED.iter().find(|(k, _)| *k == extends) {
        return Ok(Outcome::Unsupported(format!("`extends: {extends}` {why}")));
    }
    let Some((_, compile)) = KINDS.iter().find(|(k, _)| *k == extends) else {
        let known: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
        return Err(def.problem_at_key(
            "extends",
            format!(
                "unknown rule kind `{extends}` (one of: {})",
                known.join(", ")
            ),
        ));
    };
    let kind = compile(def, &Setup { config, vocab })?;
    Ok(Outcome::Rule(Box::new(Compiled {
        info: def.info(),
        scope: Selector::parse(def.common.scope.as_deref().unwrap_or(&[]))
            .map_err(|m| def.problem_at_key("scope", m))?,
        action: Action::from_def(def)?,
        kind,
    })))
}

/// What a rule's `action:` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    None,
    /// `replace`: the params, or else the kind's suggestions.
    Replace(Vec<String>),
    /// `remove`: delete the matched text.
    Remove,
    /// `suggest` and anything else: offered, never applied in bulk.
    Suggest(Vec<String>),
}

impl Action {
    fn from_def(def: &Definition) -> Result<Action, Problem> {
        let Some(a) = &def.common.action else {
            return Ok(Action::None);
        };
        Ok(match a.name.as_str() {
            "replace" => Action::Replace(a.params.clone()),
            "remove" => Action::Remove,
            "suggest" | "edit" | "" => Action::Suggest(a.params.clone()),
            other => {
                return Err(def.problem_at_key(
                    "action",
                    format!("unknown action `{other}` (one of: replace, remove, edit, suggest)"),
                ))
            }
        })
    }
}

/// A rule ready to run.
pub struct Compiled {
    pub info: RuleInfo,
    pub scope: Selector,
    pub action: Action,
    pub kind: Box<dyn Kind>,
}

impl Compiled {
    /// The finding for `hit` at `level`.
    pub fn diagnostic(&self, level: Level, hit: Hit, doc: &Document<'_>) -> Diagnostic {
        let matched = doc.text.get(hit.range.clone()).unwrap_or_default();
        let message = format_message(&self.info.message, &hit.args, matched);
        let mut d = Diagnostic::note(self.info.code, level.severity(), hit.range.clone(), message);
        d.fixes = self.fixes(&hit);
        d
    }

    fn fixes(&self, hit: &Hit) -> Vec<Fix> {
        let (options, replace): (&[String], bool) = match &self.action {
            Action::None => (&hit.suggestions, false),
            Action::Replace(p) if p.is_empty() => (&hit.suggestions, true),
            Action::Replace(p) => (p, true),
            Action::Suggest(p) if p.is_empty() => (&hit.suggestions, false),
            Action::Suggest(p) => (p, false),
            Action::Remove => {
                return vec![Fix {
                    title: "Remove".into(),
                    applicability: Applicability::Unsafe,
                    edits: vec![Edit {
                        range: hit.range.clone(),
                        replacement: String::new(),
                    }],
                }]
            }
        };
        let applicability = if replace && options.len() == 1 {
            Applicability::Safe
        } else {
            Applicability::Unsafe
        };
        options
            .iter()
            .map(|s| Fix::replace(hit.range.clone(), s.clone(), applicability))
            .collect()
    }
}

/// Vale's messages are Go format strings: each `%s` takes the next
/// argument, the matched text when the kind gave none; `%%` is a `%`.
pub fn format_message(template: &str, args: &[String], matched: &str) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut next = 0;
    let mut rest = template;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        if let Some(t) = tail.strip_prefix('s') {
            out.push_str(args.get(next).map_or(matched, String::as_str));
            next += 1;
            rest = t;
        } else if let Some(t) = tail.strip_prefix('%') {
            out.push('%');
            rest = t;
        } else {
            out.push('%');
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_fill_each_percent_s_in_turn() {
        let args = vec!["use".to_string(), "utilise".to_string()];
        assert_eq!(
            format_message("Use '%s' instead of '%s'.", &args, "x"),
            "Use 'use' instead of 'utilise'."
        );
        assert_eq!(format_message("Avoid '%s'.", &[], "very"), "Avoid 'very'.");
        assert_eq!(format_message("100%% sure: %d", &[], "x"), "100% sure: %d");
    }
}
