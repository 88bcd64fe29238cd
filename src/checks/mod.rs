//! Check families. One module per family; each exports `RULES` (the
//! documentation `draftlint explain` and editor hovers show) and a `Check`
//! built once from a [`RulePack`](crate::rules::RulePack) and run on every draft.

pub mod dates;
pub mod events;
pub mod honorifics;
pub mod names;
pub mod patterns;
pub mod ships;
pub mod spelling;
pub mod titles;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{RuleError, RuleFile};
use crate::text::meta::DocDate;
use crate::text::Document;

/// What a check sees of one draft.
pub struct Context<'a> {
    pub doc: &'a Document<'a>,
    /// The date the draft speaks from, if it states one.
    pub date: Option<DocDate>,
}

/// A compiled check family.
pub trait Check: Send + Sync {
    /// Appends this family's findings for `cx.doc` to `out`, in any order.
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>);
}

/// Documentation of one rule code, in fixed sections as Ruff writes them.
#[derive(Debug, Clone, Copy)]
pub struct RuleDoc {
    /// `family/name`.
    pub code: &'static str,
    /// One line.
    pub summary: &'static str,
    pub severity: Severity,
    /// What it flags.
    pub what: &'static str,
    /// Why it matters to the house.
    pub why: &'static str,
    /// A draft line that is flagged, and what the fix gives.
    pub example: &'static str,
    pub fixed: &'static str,
    /// When the fix may be applied without looking.
    pub fix_safety: &'static str,
}

impl RuleDoc {
    /// The documentation as Markdown, for `explain` and hovers.
    pub fn to_markdown(&self) -> String {
        format!(
            "## {} — {}\n\n**What it does.** {}\n\n**Why.** {}\n\n**Example.**\n\n    {}\n\nbecomes\n\n    {}\n\n**Fix safety.** {}\n",
            self.code, self.summary, self.what, self.why, self.example, self.fixed, self.fix_safety
        )
    }
}

/// Every rule code draftlint knows, sorted by code.
pub fn registry() -> Vec<&'static RuleDoc> {
    let mut all: Vec<&'static RuleDoc> = [
        dates::RULES,
        events::RULES,
        honorifics::RULES,
        names::RULES,
        patterns::RULES,
        ships::RULES,
        spelling::RULES,
        titles::RULES,
    ]
    .into_iter()
    .flatten()
    .collect();
    all.sort_by_key(|r| r.code);
    all
}

/// The documentation of one code.
pub fn rule_doc(code: &str) -> Option<&'static RuleDoc> {
    registry().into_iter().find(|r| r.code == code)
}

/// Builds every family from the merged rules. A family whose rules do not
/// compile is left out and its errors returned.
pub fn build(rules: &RuleFile) -> (Vec<Box<dyn Check>>, Vec<RuleError>) {
    let mut checks: Vec<Box<dyn Check>> = Vec::new();
    let mut errors = Vec::new();
    let mut add = |r: Result<Box<dyn Check>, Vec<RuleError>>| match r {
        Ok(c) => checks.push(c),
        Err(mut e) => errors.append(&mut e),
    };
    add(names::build(rules));
    add(titles::build(rules));
    add(spelling::build(rules));
    add(honorifics::build(rules));
    add(events::build(rules));
    add(dates::build(rules));
    add(ships::build(rules));
    add(patterns::build(rules));
    (checks, errors)
}
