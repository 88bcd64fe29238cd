//! Check families. One module per family; each defines its rules as
//! [`Rule`] statics (code, default severity, and the documentation
//! `draftlint explain` and editor hovers show) and a `build` that compiles a
//! [`Check`] once from a [`RulePack`](crate::rules::RulePack), run on every
//! draft. [`FAMILIES`] lists them all, once.

pub mod date;
pub mod event;
pub mod honorific;
pub mod name;
pub mod pattern;
pub mod ship;
pub mod spelling;
pub mod title;

mod registry;

pub use crate::diagnostic::Rule;
pub use registry::{build, registry, rule_doc, unknown_code, Family, UnknownCode, FAMILIES};

use std::collections::HashMap;
use std::ops::Range;

use jiff::civil::Date;

use crate::diagnostic::Diagnostic;
use crate::rules::RuleError;
use crate::text::meta::DocDate;
use crate::text::Document;

/// What a check sees of one draft.
pub struct Context<'a> {
    pub doc: &'a Document<'a>,
    /// The date the draft speaks from, if it states one.
    pub date: Option<DocDate>,
}

/// A use of a form that a document-wide (consistency) rule counts: the
/// first mention of each key sets the form, later ones may be flagged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// What must be written one way (a rule, a surname).
    pub key: Box<str>,
    /// How this mention writes it.
    pub form: Box<str>,
    /// The text flagged when this mention differs from the first.
    pub range: Range<usize>,
    /// The text cited when this mention is the first.
    pub at: Range<usize>,
    /// The text found at `range`.
    pub found: Box<str>,
}

impl Mention {
    /// The same mention `by` bytes later.
    pub fn shifted(&self, by: usize) -> Mention {
        Mention {
            range: self.range.start + by..self.range.end + by,
            at: self.at.start + by..self.at.end + by,
            ..self.clone()
        }
    }
}

/// A compiled check family.
///
/// Every finding but the document-wide ones depends only on one prose
/// region and the document's date, so the engine may run [`Check::region`]
/// on the regions that changed only; the document-wide rules see the
/// regions' [`Mention`]s, in document order, through [`Check::resolve`].
pub trait Check: Send + Sync {
    /// Appends the findings in one prose region (`base` its offset in the
    /// document, which every range it reports is relative to plus `base`),
    /// and the mentions document-wide rules count, in text order.
    fn region(
        &self,
        region: &str,
        base: usize,
        date: Option<Date>,
        out: &mut Vec<Diagnostic>,
        mentions: &mut Vec<Mention>,
    );

    /// The finding, if any, for `later`, a mention of a key that `first`
    /// mentioned first.
    fn resolve(&self, _first: &Mention, _later: &Mention) -> Option<Diagnostic> {
        None
    }

    /// Appends this family's findings for `cx.doc` to `out`, in any order.
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let date = cx.date.as_ref().map(|d| d.date);
        let mut mentions = Vec::new();
        for (base, region) in cx.doc.prose_slices() {
            self.region(region, base, date, out, &mut mentions);
        }
        resolve_mentions(self, &mentions, out);
    }
}

/// Folds a document's mentions, in document order, into the findings of
/// its document-wide rules.
pub fn resolve_mentions<'m, C: Check + ?Sized>(
    check: &C,
    mentions: impl IntoIterator<Item = &'m Mention>,
    out: &mut Vec<Diagnostic>,
) {
    let mut first: HashMap<&str, &Mention> = HashMap::new();
    for m in mentions {
        match first.get(&*m.key) {
            None => {
                first.insert(&m.key, m);
            }
            Some(f) => out.extend(check.resolve(f, m)),
        }
    }
}

/// What a family's `build` returns: the compiled family, or every error in
/// its rules.
pub type Built = Result<Box<dyn Check>, Vec<RuleError>>;

/// Builds one family from `rules` and runs it over `text` read as
/// Markdown, dated `date`: what every family's unit tests do.
#[cfg(test)]
pub(crate) fn run_family(
    build: fn(&crate::rules::RuleFile) -> Built,
    rules: &crate::rules::RuleFile,
    text: &str,
    date: Option<DocDate>,
) -> Vec<Diagnostic> {
    let doc = Document::parse(text, crate::text::Format::Markdown);
    let mut out = Vec::new();
    build(rules)
        .expect("the test's rules compile")
        .run(&Context { doc: &doc, date }, &mut out);
    out
}
