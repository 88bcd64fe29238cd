//! Check families. One module per family; each defines its rules as
//! [`Rule`] statics (code, default severity, and the documentation
//! `draftlint explain` and editor hovers show) and a `build` that compiles a
//! [`Check`] once from a [`RulePack`](crate::rules::RulePack), run on every
//! draft. [`FAMILIES`] lists them all, once.

pub mod abbreviation;
pub mod date;
pub mod event;
pub mod honorific;
pub mod name;
pub mod pattern;
pub mod reference;
pub mod ship;
pub mod spelling;
pub mod title;

mod registry;

pub use crate::diagnostic::Rule;
pub use registry::{
    build, registry, rule_doc, unknown_code, unknown_directive_codes, unknown_severity_keys,
    Family, UnknownCode, DRAFTLINT_UNKNOWN_CODE, FAMILIES,
};

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

    /// [`Check::resolve`] when `first` is in another draft checked
    /// together with this one, named `draft` in messages (the engine marks
    /// the related span as that draft's).
    fn resolve_across(&self, first: &Mention, later: &Mention, _draft: &str) -> Option<Diagnostic> {
        self.resolve(first, later)
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

/// The helpers every family's unit tests use, so that they read like
/// examples (Harper's `assert_suggestion_result` and `assert_lint_count`):
/// a family compiled from the test's rules, text in, findings or the fixed
/// text out.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::fix::Which;
    use crate::rules::RuleFile;
    use crate::text::Format;

    /// One family compiled from a test's rules.
    pub(crate) struct Linter(Box<dyn Check>);

    /// Compiles `build` from `rules`; the test's rules must compile.
    pub(crate) fn linter(build: fn(&RuleFile) -> Built, rules: &RuleFile) -> Linter {
        match build(rules) {
            Ok(check) => Linter(check),
            Err(e) => panic!("the test's rules do not compile: {e:?}"),
        }
    }

    /// The findings in `text`, read as `format` and dated `date`, in the
    /// order the family reports them.
    pub(crate) fn lints_in(
        text: &str,
        linter: &Linter,
        format: Format,
        date: Option<DocDate>,
    ) -> Vec<Diagnostic> {
        let doc = Document::parse(text, format);
        let mut out = Vec::new();
        linter.0.run(&Context { doc: &doc, date }, &mut out);
        out
    }

    /// The findings in `text`, read as Markdown, undated.
    pub(crate) fn lints(text: &str, linter: &Linter) -> Vec<Diagnostic> {
        lints_in(text, linter, Format::Markdown, None)
    }

    /// The text each finding in `text` covers.
    pub(crate) fn flagged<'t>(text: &'t str, linter: &Linter) -> Vec<&'t str> {
        lints(text, linter)
            .into_iter()
            .map(|d| &text[d.range])
            .collect()
    }

    /// The code of each finding in `text`.
    pub(crate) fn codes(text: &str, linter: &Linter) -> Vec<&'static str> {
        lints(text, linter).iter().map(|d| d.code).collect()
    }

    /// What `--fix` (`Which::Safe`) or a fix-everything action makes of
    /// `text`.
    pub(crate) fn fixed(text: &str, linter: &Linter, which: Which) -> String {
        crate::fix::apply(text, &lints(text, linter), which)
    }

    /// `text` with the preferred fix of each of `found` applied, whatever
    /// its applicability: what a writer gets who accepts every suggestion.
    pub(crate) fn preferred_fixes_applied<'d>(
        text: &str,
        found: impl IntoIterator<Item = &'d Diagnostic>,
    ) -> String {
        let mut edits: Vec<crate::diagnostic::Edit> = found
            .into_iter()
            .filter_map(|d| d.fixes.first())
            .flat_map(|f| f.edits.iter().cloned())
            .collect();
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        crate::fix::apply_edits(text, &edits)
    }

    /// The family finds `count` things in `text`.
    #[track_caller]
    pub(crate) fn assert_lint_count(text: &str, linter: &Linter, count: usize) {
        let found = lints(text, linter);
        assert_eq!(found.len(), count, "in {text:?}: {found:#?}");
    }

    /// Accepting every suggestion in `text` gives `expected`.
    #[track_caller]
    pub(crate) fn assert_suggestion_result(text: &str, linter: &Linter, expected: &str) {
        let found = lints(text, linter);
        assert_eq!(
            preferred_fixes_applied(text, &found),
            expected,
            "in {text:?}: {found:#?}"
        );
    }
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use super::*;
    use crate::rules::{PackSource, RulePack};
    use crate::text::Format;
    use crate::Engine;

    /// Rules the built-in pack has no entries for (they come from a
    /// house's own curated files): the curated rule file their example is
    /// run with, added to the built-in pack. Their `what` names it.
    const EXAMPLE_RULES: &[(&str, &str)] = &[
        (
            "pattern/custom",
            "[[pattern]]\npattern = '\\bHMS Argyle\\b'\nreplacement = 'HMS Argyll'\nmessage = 'The ship is HMS Argyll'\n",
        ),
        (
            "honorific/rank",
            "[[rank]]\nrank = 'Captain'\nform = 'Capt.'\nseen = 3\ndocuments = ['a', 'b']\n\n[[rank]]\nrank = 'Commander'\nform = 'Cmdr.'\nseen = 2\ndocuments = ['a', 'b']\n",
        ),
        (
            "abbreviation/dots",
            "[[abbreviation]]\nform = 'U.S.'\nother = 'US'\nseen = 3\ndocuments = ['a', 'b']\n",
        ),
        (
            "reference/honorific",
            "[[name]]\nname = 'Ann Roe'\nkind = 'person'\nseen = 3\ndocuments = ['a', 'b']\n\n[[reference]]\nperson = 'Ann Roe'\nform = 'Dr'\nseen = 3\ndocuments = ['a', 'b']\n",
        ),
        (
            "reference/courtesy",
            "[[name]]\nname = 'Ann Roe'\nkind = 'person'\nseen = 3\ndocuments = ['a', 'b']\n\n[[reference]]\nperson = 'Ann Roe'\nform = 'Ms'\nseen = 3\ndocuments = ['a', 'b']\n",
        ),
        (
            "reference/first-name",
            "[[name]]\nname = 'Ann Roe'\nkind = 'person'\nseen = 3\ndocuments = ['a', 'b']\n\n[[reference]]\nperson = 'Ann Roe'\nform = 'Dr'\nseen = 3\ndocuments = ['a', 'b']\n",
        ),
        ("spelling/unknown", "[dialect]\nspelling = 'british'\n"),
        ("spelling/unknown-name", "[dialect]\nspelling = 'british'\n"),
        (
            "spelling/consistency",
            "[[spelling]]\npreferred = 'organise'\nvariants = ['organize']\nkind = 'consistency'\nseen = 4\ndocuments = ['a', 'b']\n",
        ),
    ];

    /// The built-in engine, with the curated rules `code`'s example needs.
    fn example_engine(code: &str) -> Engine {
        let Some((_, extra)) = EXAMPLE_RULES.iter().find(|(c, _)| *c == code) else {
            return Engine::builtin();
        };
        let mut sources: Vec<_> = RulePack::builtin()
            .files
            .into_iter()
            .map(|f| (f.path, f.disk_path, f.source))
            .collect();
        sources.push(("curated/example.toml".into(), None, extra.to_string()));
        let (pack, errors) = RulePack::from_sources(PackSource::Builtin, sources);
        assert_eq!(errors, [], "{code}");
        let (engine, errors) = Engine::new(pack);
        assert_eq!(errors, [], "{code}");
        engine
    }

    /// The bytes of `example` that the fix changes: the part between the
    /// longest common prefix and suffix of `example` and `fixed`.
    fn changed(example: &str, fixed: &str) -> Range<usize> {
        let prefix = example
            .char_indices()
            .zip(fixed.chars())
            .find(|((_, a), b)| a != b)
            .map_or(example.len().min(fixed.len()), |((i, _), _)| i);
        let suffix = example[prefix..]
            .chars()
            .rev()
            .zip(fixed[prefix..].chars().rev())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a.len_utf8())
            .sum::<usize>();
        prefix..example.len() - suffix
    }

    /// What is wrong with `rule`'s documented example: it must be flagged
    /// with the rule's code, from the first change the documented fix makes
    /// to the last; the preferred fixes of those findings together must
    /// give `fixed`, each with the documented applicability; or, when the
    /// rule documents no fix, it offers none.
    fn example_problem(rule: &Rule) -> Option<String> {
        let found = example_engine(rule.code).check(rule.example, Format::Markdown);
        let ours: Vec<&Diagnostic> = found.iter().filter(|d| d.code == rule.code).collect();
        let (Some(first), Some(last)) = (ours.first(), ours.last()) else {
            let codes: Vec<&str> = found.iter().map(|d| d.code).collect();
            return Some(format!("not flagged (found {codes:?})"));
        };
        let Some(fixed) = rule.fixed else {
            return ours
                .iter()
                .any(|d| !d.fixes.is_empty())
                .then(|| "documented without a fix, but has one".into());
        };
        let at = changed(rule.example, fixed);
        if !(first.range.start <= at.start && at.end <= last.range.end) {
            return Some(format!(
                "flagged at {:?}, but the fix changes {:?}",
                &rule.example[first.range.start..last.range.end],
                &rule.example[at]
            ));
        }
        for d in &ours {
            let Some(fix) = d.fixes.first() else {
                return Some(format!("no fix at {:?}", &rule.example[d.range.clone()]));
            };
            if Some(fix.applicability) != rule.applicability {
                return Some(format!(
                    "the fix at {:?} is {:?}, documented as {:?}",
                    &rule.example[d.range.clone()],
                    fix.applicability,
                    rule.applicability
                ));
            }
        }
        let result = testing::preferred_fixes_applied(rule.example, ours);
        (result != fixed).then(|| format!("the fixes give {result:?}"))
    }

    /// Every documented example is a test: what `explain` and hovers show
    /// is what the rules do.
    #[test]
    fn every_documented_example_is_flagged_and_fixed_as_documented() {
        let problems: Vec<String> = registry()
            .into_iter()
            .chain(rule_doc("draftlint/unknown-code"))
            .filter_map(|r| example_problem(r).map(|p| format!("{}: {p}", r.code)))
            .collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
