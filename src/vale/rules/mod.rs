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

    /// Does the kind read the whole draft as parts, one per block
    /// ([`Kind::gather`] and [`Kind::conclude`])? A document-wide kind
    /// that does is checked again after an edit from the parts of the
    /// blocks it did not change (`cache.rs`); its `check` must equal
    /// [`gathered`].
    fn gathers(&self) -> bool {
        false
    }

    /// What each block of `text` gives towards the kind's findings, as
    /// (the block's place in `text.blocks`, its part), in order; blocks
    /// that give nothing may be left out. A part depends only on its block
    /// (its ranges are the draft's, where the block was when gathered).
    fn gather(&self, _text: &Text<'_, '_, '_>, _out: &mut Vec<(usize, Part)>) {}

    /// The hits of the parts of every block the rule's scope selects, in
    /// document order, each with how far its block has moved in the draft
    /// since it was gathered.
    fn conclude(&self, _parts: &[(isize, &Part)], _out: &mut Vec<Hit>) {}

    /// The parts of consecutive blocks (one unit's, `cache.rs`), joined
    /// where the kind can: fewer to keep and to conclude over, and the
    /// same conclusion.
    fn fold(&self, parts: Vec<Part>) -> Vec<Part> {
        parts
    }
}

/// What a document-wide kind keeps of one block ([`Kind::gather`]); each
/// kind reads back its own.
pub type Part = Box<dyn std::any::Any + Send + Sync>;

/// A kind's check as its parts: every block gathered, then concluded.
pub fn gathered(kind: &dyn Kind, text: &Text<'_, '_, '_>, out: &mut Vec<Hit>) {
    let mut parts = Vec::new();
    kind.gather(text, &mut parts);
    let parts: Vec<(isize, &Part)> = parts.iter().map(|(_, p)| (0, p)).collect();
    kind.conclude(&parts, out);
}

/// `range` moved `by` bytes.
pub fn moved(range: &Range<usize>, by: isize) -> Range<usize> {
    range.start.wrapping_add_signed(by)..range.end.wrapping_add_signed(by)
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
    /// `edit`: the matched text changed in place.
    Edit(EditStep),
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
            "edit" => Action::Edit(
                EditStep::parse(&a.params).map_err(|m| def.problem_at_key("action", m))?,
            ),
            // `spellings` asks for the dictionaries' suggestions, which the
            // kind gives (a spelling rule's); a Tengo script is not run.
            // Neither is a replacement to offer as written.
            "suggest"
                if a.params
                    .iter()
                    .any(|p| p == "spellings" || p.ends_with(".tengo")) =>
            {
                Action::Suggest(Vec::new())
            }
            "suggest" | "" => Action::Suggest(a.params.clone()),
            other => {
                return Err(def.problem_at_key(
                    "action",
                    format!("unknown action `{other}` (one of: replace, remove, edit, suggest)"),
                ))
            }
        })
    }
}

/// What `action: edit` does to the matched text, by its first param.
#[derive(Debug, Clone)]
pub enum EditStep {
    /// `regex`, pattern, replacement: every match of the pattern replaced
    /// (`$1` names its groups).
    Regex(regex::Regex, String),
    /// `trim_left`, `trim_right`, `trim`: the characters of the set taken
    /// off the start, the end or both.
    TrimLeft(String),
    TrimRight(String),
    Trim(String),
    /// `truncate`, separator: the text before the first separator.
    Truncate(String),
    /// `split`, separator, index: the index-th piece.
    Split(String, usize),
    /// `remove`, characters: the text without any of them (as the
    /// Microsoft style's heading punctuation rule writes it).
    Remove(String),
}

impl PartialEq for EditStep {
    fn eq(&self, other: &EditStep) -> bool {
        use EditStep::*;
        match (self, other) {
            (Regex(a, x), Regex(b, y)) => a.as_str() == b.as_str() && x == y,
            (TrimLeft(a), TrimLeft(b))
            | (TrimRight(a), TrimRight(b))
            | (Trim(a), Trim(b))
            | (Truncate(a), Truncate(b))
            | (Remove(a), Remove(b)) => a == b,
            (Split(a, i), Split(b, j)) => a == b && i == j,
            _ => false,
        }
    }
}

impl Eq for EditStep {}

impl EditStep {
    const KINDS: &'static str = "regex, trim_left, trim_right, trim, truncate, split, remove";

    fn parse(params: &[String]) -> Result<EditStep, String> {
        let arg = |i: usize| {
            params.get(i).cloned().ok_or_else(|| {
                format!(
                    "`edit` `{}` needs {i} parameter{} after it",
                    params[0],
                    if i == 1 { "" } else { "s" }
                )
            })
        };
        let Some(kind) = params.first() else {
            return Err(format!(
                "`edit` needs its kind first (one of: {})",
                Self::KINDS
            ));
        };
        Ok(match kind.as_str() {
            "regex" => {
                let re = regex::Regex::new(&arg(1)?)
                    .map_err(|e| format!("`edit` `regex`: invalid pattern: {e}"))?;
                EditStep::Regex(re, arg(2)?)
            }
            "trim_left" => EditStep::TrimLeft(arg(1)?),
            "trim_right" => EditStep::TrimRight(arg(1)?),
            "trim" => EditStep::Trim(arg(1)?),
            "truncate" => EditStep::Truncate(arg(1)?),
            "split" => {
                let index = arg(2)?;
                let index = index.trim().parse().map_err(|_| {
                    format!("`edit` `split`: the index `{index}` is not a whole number")
                })?;
                EditStep::Split(arg(1)?, index)
            }
            "remove" => EditStep::Remove(arg(1)?),
            other => {
                return Err(format!(
                    "unknown `edit` kind `{other}` (one of: {})",
                    Self::KINDS
                ))
            }
        })
    }

    /// `matched` edited; `None` when the edit has nothing to give (a
    /// `split` index past the last piece).
    pub fn apply(&self, matched: &str) -> Option<String> {
        let set = |s: &str, c: char| s.contains(c);
        Some(match self {
            EditStep::Regex(re, to) => re.replace_all(matched, to.as_str()).into_owned(),
            EditStep::TrimLeft(s) => matched.trim_start_matches(|c| set(s, c)).to_string(),
            EditStep::TrimRight(s) => matched.trim_end_matches(|c| set(s, c)).to_string(),
            EditStep::Trim(s) => matched.trim_matches(|c| set(s, c)).to_string(),
            EditStep::Truncate(sep) if sep.is_empty() => matched.to_string(),
            EditStep::Truncate(sep) => matched.split(sep.as_str()).next()?.to_string(),
            EditStep::Split(sep, _) if sep.is_empty() => return None,
            EditStep::Split(sep, i) => matched.split(sep.as_str()).nth(*i)?.to_string(),
            EditStep::Remove(s) => matched.chars().filter(|&c| !set(s, c)).collect(),
        })
    }
}

/// Whether `found` is one of a rule's `exceptions` (case-blind with
/// `ignorecase`) or a term of the accepted vocabulary, which Vale adds to
/// every rule's exceptions (`vocab` is `None` with `vocab: false`).
pub(super) fn excepted(
    found: &str,
    exceptions: &[String],
    ignorecase: bool,
    vocab: Option<&Arc<Vocab>>,
) -> bool {
    exceptions.iter().any(|e| {
        if ignorecase {
            e.eq_ignore_ascii_case(found)
        } else {
            e == found
        }
    }) || vocab.is_some_and(|v| v.accepts(found))
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
        d.fixes = self.fixes(&hit, matched);
        d
    }

    fn fixes(&self, hit: &Hit, matched: &str) -> Vec<Fix> {
        let edited;
        let (options, replace): (&[String], bool) = match &self.action {
            // An edit is computed, never the rule's own words: offered, not
            // applied in bulk.
            Action::Edit(step) => {
                edited = step
                    .apply(matched)
                    .filter(|e| e != matched)
                    .map(|e| vec![e])
                    .unwrap_or_default();
                (&edited, false)
            }
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

    fn step(params: &[&str]) -> Result<EditStep, String> {
        EditStep::parse(&params.iter().map(|p| p.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn edits_change_the_matched_text_as_vale_documents_them() {
        let cases: &[(&[&str], &str, Option<&str>)] = &[
            (
                &["regex", r"([a-z]+)_([a-z]+)", "$1-$2"],
                "snake_case",
                Some("snake-case"),
            ),
            (&["trim_right", ".?!"], "heading!?", Some("heading")),
            (&["trim_left", " "], "  Two", Some("Two")),
            (&["trim", "*"], "**bold**", Some("bold")),
            (&["truncate", " "], "very much", Some("very")),
            (&["split", "/", "1"], "and/or", Some("or")),
            (&["split", "/", "5"], "and/or", None),
            (&["remove", ".?!"], "e.", Some("e")),
        ];
        for (params, matched, want) in cases {
            let got = step(params).unwrap().apply(matched);
            assert_eq!(got.as_deref(), *want, "{params:?} on {matched}");
        }
    }

    #[test]
    fn a_bad_edit_is_an_error_that_says_what() {
        assert!(step(&[]).unwrap_err().contains("needs its kind"));
        assert!(step(&["regex", "("])
            .unwrap_err()
            .contains("invalid pattern"));
        assert!(step(&["regex", "a"])
            .unwrap_err()
            .contains("needs 2 parameters"));
        assert!(step(&["split", " ", "x"])
            .unwrap_err()
            .contains("not a whole number"));
        assert!(step(&["reverse"])
            .unwrap_err()
            .contains("unknown `edit` kind"));
    }

    #[test]
    fn an_edit_is_offered_as_an_unsafe_fix_of_the_match() {
        let rule = "extends: existence\nmessage: \"'%s'\"\nnonword: true\naction:\n  name: edit\n  params: [regex, '([a-z]+)_([a-z]+)', '$1-$2']\ntokens: ['[a-z]+_[a-z]+']\n";
        let doc = crate::Document::parse("Use snake_case here.\n", crate::Format::Markdown);
        let found =
            crate::vale::testing::vale_of(rule, &[]).check(std::path::Path::new("d.md"), &doc);
        assert_eq!(found.len(), 1);
        let fix = &found[0].fixes[0];
        assert_eq!(fix.applicability, Applicability::Unsafe);
        assert_eq!(fix.edits[0].replacement, "snake-case");
        assert_eq!(&doc.text[fix.edits[0].range.clone()], "snake_case");
    }

    #[test]
    fn a_suggest_action_naming_a_script_or_spellings_is_not_offered_as_words() {
        for params in ["[spellings]", "[CamelToSnake.tengo]"] {
            let rule = format!("extends: existence\nmessage: \"'%s'\"\naction:\n  name: suggest\n  params: {params}\ntokens: [utilise]\n");
            let doc = crate::Document::parse("We utilise it.\n", crate::Format::Markdown);
            let found =
                crate::vale::testing::vale_of(&rule, &[]).check(std::path::Path::new("d.md"), &doc);
            assert_eq!(found.len(), 1);
            assert!(found[0].fixes.is_empty(), "{params}: {:?}", found[0].fixes);
        }
    }
}
