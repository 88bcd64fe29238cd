//! The engine: a rule pack compiled once, run on any number of drafts.

use crate::text::common::{common_prefix, common_suffix};
use crate::text::parallel::{parallelism, PARALLEL_MIN_BYTES};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Weak};

use jiff::civil::Date;

use crate::checks::{self, Check, Mention};
use crate::diagnostic::{code_matches, Applicability, Diagnostic, Severity};
use crate::rules::{RuleError, RulePack};
use crate::text::{Document, Format};

/// A compiled rule pack. Cheap to share between threads (`Arc` inside).
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
    /// A Vale configuration run beside the pack, as it applies to the
    /// draft's path ([`Engine::with_vale`]).
    vale: Option<Arc<crate::vale::ForFile>>,
}

struct Inner {
    pack: RulePack,
    checks: Vec<Box<dyn Check>>,
    /// Severity overrides from the pack, and from the editor's settings.
    overrides: Vec<(String, Option<Severity>)>,
}

impl Engine {
    /// Compiles `pack`. Families whose rules fail to compile are left out and
    /// reported; the engine still checks everything else.
    pub fn new(pack: RulePack) -> (Engine, Vec<RuleError>) {
        // The dictionary takes longest to get ready (~12 ms): start it
        // before the families compile, beside them.
        if let Some(d) = &pack.merged.dialect {
            crate::text::spell::warm(d.spelling);
        }
        let (checks, mut errors) = checks::build(&pack.merged);
        errors.extend(checks::unknown_severity_keys(&pack.files));
        let overrides = pack
            .merged
            .severity
            .iter()
            .map(|(code, sev)| (code.clone(), sev.severity()))
            .collect();
        (
            Engine {
                inner: Arc::new(Inner {
                    pack,
                    checks,
                    overrides,
                }),
                vale: None,
            },
            errors,
        )
    }

    /// The built-in pack, compiled.
    pub fn builtin() -> Engine {
        Engine::new(RulePack::builtin()).0
    }

    pub fn pack(&self) -> &RulePack {
        &self.inner.pack
    }

    /// A copy of this engine whose severities are further overridden
    /// (`None` turns a rule off), as an editor's settings ask.
    pub fn with_overrides(&self, extra: &[(String, Option<Severity>)]) -> Engine {
        let (checks, _) = checks::build(&self.inner.pack.merged);
        let mut overrides = self.inner.overrides.clone();
        overrides.extend(extra.iter().cloned());
        Engine {
            inner: Arc::new(Inner {
                pack: self.inner.pack.clone(),
                checks,
                overrides,
            }),
            vale: self.vale.clone(),
        }
    }

    /// This engine with `vale`'s styles run beside the pack, as they apply
    /// to a draft at `path` (Vale's glob sections): their findings go
    /// through the same last step (disable comments, `[severity]`,
    /// `[[accept]]`, sorting). Cheap: the compiled pack is shared.
    pub fn with_vale(&self, vale: &Arc<crate::vale::Vale>, path: &std::path::Path) -> Engine {
        Engine {
            inner: self.inner.clone(),
            vale: Some(Arc::new(crate::vale::ForFile::new(vale.clone(), path))),
        }
    }

    /// The Vale configuration this engine runs, if any.
    pub fn vale(&self) -> Option<&Arc<crate::vale::Vale>> {
        self.vale.as_ref().map(|v| &v.vale)
    }

    /// Checks `text` read as `format`.
    pub fn check(&self, text: &str, format: Format) -> Vec<Diagnostic> {
        let doc = Document::parse(text, format);
        self.check_document(&doc)
    }

    /// Checks a parsed document. Findings are sorted by position then code,
    /// with exact duplicates and suppressed ones removed.
    pub fn check_document(&self, doc: &Document<'_>) -> Vec<Diagnostic> {
        self.check_threads(doc, parallelism(), &Earlier::default())
            .0
    }

    /// [`Engine::check_document`] for a draft checked together with others
    /// (a press pack): each key a draft checked before it mentioned
    /// (`earlier`) is held to that draft's first form, unless this draft's
    /// own first mention agrees with it (then its findings point within
    /// this draft, as alone). Also returns this draft's mentions, for the
    /// drafts after it ([`Earlier::add`]).
    pub fn check_together(
        &self,
        doc: &Document<'_>,
        earlier: &Earlier,
    ) -> (Vec<Diagnostic>, Mentions) {
        self.check_threads(doc, parallelism(), earlier)
    }

    /// Whether holding a draft with `mentions` to `earlier` gives other
    /// findings than checking it alone: some key's first mention in it
    /// disagrees with the first form of a draft before it. (When not, the
    /// draft's findings alone are its findings together.)
    pub fn differs_together(&self, mentions: &Mentions, earlier: &Earlier) -> bool {
        if earlier.is_empty()
            || !mentions.from(self)
            || !earlier.owner.ptr_eq(&Arc::downgrade(&self.inner))
        {
            return false;
        }
        let checks = &self.inner.checks;
        checks
            .iter()
            .zip(&mentions.by_check)
            .enumerate()
            .any(|(i, (check, ms))| {
                let Some(firsts) = earlier.firsts.get(i) else {
                    return false;
                };
                let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
                ms.iter().any(|m| {
                    seen.insert(&m.key)
                        && firsts.get(&m.key).is_some_and(|(_, name, first)| {
                            check.resolve_across(first, m, name).is_some()
                        })
                })
            })
    }

    /// [`Engine::check_document`] on at most `threads` threads, held to
    /// `earlier`.
    fn check_threads(
        &self,
        doc: &Document<'_>,
        threads: usize,
        earlier: &Earlier,
    ) -> (Vec<Diagnostic>, Mentions) {
        let checks = &self.inner.checks;
        let groups = region_groups(&doc.prose, threads);
        let (out, mentions) = if groups.len() <= 1 {
            self.check_regions(doc, &doc.prose)
        } else {
            // A long draft is checked in contiguous runs of regions on
            // several threads. Each run's findings and mentions are in text
            // order, so joining them in run order gives exactly what one
            // thread would.
            // A thread the system will not start is run here instead.
            std::thread::scope(|s| {
                let runs: Vec<_> = groups
                    .iter()
                    .map(|&g| {
                        std::thread::Builder::new()
                            .spawn_scoped(s, move || self.check_regions(doc, g))
                            .map_err(|_| g)
                    })
                    .collect();
                let mut out = Vec::new();
                let mut mentions: Vec<Vec<Mention>> = vec![Vec::new(); checks.len()];
                for run in runs {
                    let (o, m) = match run {
                        Ok(thread) => match thread.join() {
                            Ok(r) => r,
                            Err(panic) => std::panic::resume_unwind(panic),
                        },
                        Err(g) => self.check_regions(doc, g),
                    };
                    out.extend(o);
                    for (all, m) in mentions.iter_mut().zip(m) {
                        all.extend(m);
                    }
                }
                (out, mentions)
            })
        };
        let out = self.fold(doc, &mentions, earlier, out, None);
        (out, self.mentions(mentions))
    }

    fn mentions(&self, by_check: Vec<Vec<Mention>>) -> Mentions {
        Mentions {
            owner: Arc::downgrade(&self.inner),
            by_check,
        }
    }

    /// Folds each family's mentions into its document-wide findings (each
    /// key's first mention sets the form; see [`Engine::check_together`]
    /// for `earlier`), then finishes.
    fn fold(
        &self,
        doc: &Document<'_>,
        mentions: &[Vec<Mention>],
        earlier: &Earlier,
        mut out: Vec<Diagnostic>,
        vale: Option<&mut crate::vale::Cache>,
    ) -> Vec<Diagnostic> {
        enum Against<'m> {
            Own(&'m Mention),
            Other(usize, &'m str, &'m Mention),
        }
        let owned = earlier.owner.ptr_eq(&Arc::downgrade(&self.inner));
        for (i, (check, ms)) in self.inner.checks.iter().zip(mentions).enumerate() {
            let firsts = earlier.firsts.get(i).filter(|_| owned);
            let mut reference: HashMap<&str, Against<'_>> = HashMap::new();
            for m in ms {
                let found = match reference.get(&*m.key) {
                    Some(Against::Own(f)) => check.resolve(f, m),
                    Some(Against::Other(doc, name, f)) => {
                        check.resolve_across(f, m, name).map(|d| elsewhere(d, *doc))
                    }
                    None => {
                        // The first mention in this draft.
                        let other =
                            firsts
                                .and_then(|f| f.get(&*m.key))
                                .and_then(|(doc, name, f)| {
                                    let d = check.resolve_across(f, m, name)?;
                                    Some((Against::Other(*doc, name, f), elsewhere(d, *doc)))
                                });
                        let (r, d) = match other {
                            Some((r, d)) => (r, Some(d)),
                            None => (Against::Own(m), None),
                        };
                        reference.insert(&m.key, r);
                        d
                    }
                };
                out.extend(found);
            }
        }
        self.finish(doc, out, vale)
    }

    /// Every family over `regions` (a run of `doc.prose`): the findings,
    /// unsorted, and each family's mentions in text order.
    fn check_regions(
        &self,
        doc: &Document<'_>,
        regions: &[Range<usize>],
    ) -> (Vec<Diagnostic>, Vec<Vec<Mention>>) {
        let date = doc.date.as_ref().map(|d| d.date);
        let checks = &self.inner.checks;
        let mut out = Vec::new();
        let mut mentions: Vec<Vec<Mention>> = vec![Vec::new(); checks.len()];
        // One family at a time over every region, so that its automata stay
        // hot in the cache (interleaving families per region is twice as
        // slow on a 1 MB draft). Findings are sorted in `finish`.
        for (check, m) in checks.iter().zip(&mut mentions) {
            for r in regions {
                check.region(&doc.text[r.clone()], r.start, date, &mut out, m);
            }
        }
        (out, mentions)
    }

    /// [`Engine::check_document`], re-running the checks only on prose
    /// regions whose text `cache` has not seen (with this engine and the
    /// same document date); the findings of the others are reused, shifted
    /// to where the region now is. The result is the same.
    pub fn check_incremental(&self, doc: &Document<'_>, cache: &mut CheckCache) -> Vec<Diagnostic> {
        self.check_incremental_together(doc, cache, &Earlier::default())
            .0
    }

    /// [`Engine::check_incremental`] held to `earlier`, as
    /// [`Engine::check_together`]: only the fold is redone for a draft whose
    /// text the cache has seen, so a draft is checked again cheaply when a
    /// draft before it changes.
    pub fn check_incremental_together(
        &self,
        doc: &Document<'_>,
        cache: &mut CheckCache,
        earlier: &Earlier,
    ) -> (Vec<Diagnostic>, Mentions) {
        let date = doc.date.as_ref().map(|d| d.date);
        let checks = &self.inner.checks;
        let owner = Arc::downgrade(&self.inner);
        if !cache.owner.ptr_eq(&owner) || cache.date != date {
            *cache = CheckCache {
                owner,
                date,
                ..CheckCache::default()
            };
        }
        // Regions wholly inside the text both ends share with the last
        // document checked are found by position, without hashing.
        let (old, new) = (cache.text.as_bytes(), doc.text.as_bytes());
        let prefix = common_prefix(old, new);
        let suffix = common_suffix(&old[prefix..], &new[prefix..]);
        let (new_tail, old_tail) = (new.len() - suffix, old.len() - suffix);
        let mut previous = std::mem::take(&mut cache.previous);
        // The old ranges looked for only ever increase, so a cursor finds
        // them; each is taken from `previous` at most once.
        let mut next = 0;
        let mut by_range = |r: Range<usize>| {
            while next < previous.len() && previous[next].0.start < r.start {
                next += 1;
            }
            match previous.get_mut(next) {
                Some((p, f)) if *p == r => f.take(),
                _ => None,
            }
        };
        let mut out = Vec::new();
        let mut mentions: Vec<Vec<Mention>> = vec![Vec::new(); checks.len()];
        let mut current = Vec::with_capacity(doc.prose.len());
        for (base, region) in doc.prose_slices() {
            let range = base..base + region.len();
            let known = if range.end <= prefix {
                by_range(range.clone())
            } else if range.start >= new_tail {
                by_range(range.start - new_tail + old_tail..range.end - new_tail + old_tail)
            } else {
                None
            };
            let found = match known.or_else(|| cache.regions.get(region).cloned()) {
                Some(f) => f,
                None => {
                    let mut f = RegionFindings::default();
                    for (i, check) in checks.iter().enumerate() {
                        let mut m = Vec::new();
                        check.region(region, 0, date, &mut f.diagnostics, &mut m);
                        f.mentions.extend(m.into_iter().map(|m| (i, m)));
                    }
                    let f = Arc::new(f);
                    cache.regions.insert(region.into(), f.clone());
                    f
                }
            };
            out.extend(found.diagnostics.iter().map(|d| shifted(d, base)));
            for (i, m) in &found.mentions {
                mentions[*i].push(m.shifted(base));
            }
            current.push((range, Some(found)));
        }
        drop(previous);
        // Forget regions the document no longer has (only `regions` holds
        // them) once they are as many as those it has.
        if cache.regions.len() > 2 * current.len() + 64 {
            cache.regions.retain(|_, f| Arc::strong_count(f) > 1);
        }
        cache.previous = current;
        cache.text.clear();
        cache.text.push_str(doc.text);
        let out = self.fold(doc, &mentions, earlier, out, Some(&mut cache.vale));
        (out, self.mentions(mentions))
    }

    /// Adds the Vale styles' findings (by block from `vale_cache`, when the
    /// document was checked before), applies suppressions and severity
    /// overrides, sorts and de-duplicates.
    fn finish(
        &self,
        doc: &Document<'_>,
        mut out: Vec<Diagnostic>,
        vale_cache: Option<&mut crate::vale::Cache>,
    ) -> Vec<Diagnostic> {
        out.extend(checks::unknown_directive_codes(doc));
        if let Some(vale) = &self.vale {
            out.extend(match vale_cache {
                Some(cache) => vale.check_cached(doc, cache),
                None => vale.check(doc),
            });
        }
        let accepts = &self.inner.pack.merged.accepts;
        out.retain_mut(|d| {
            if doc.is_suppressed(d.code, d.range.start) {
                return false;
            }
            // The house allows this text as written.
            if !accepts.is_empty() {
                let found = doc.text.get(d.range.clone());
                if accepts.iter().any(|a| found == Some(a.form.as_str())) {
                    return false;
                }
            }
            // Later overrides win.
            match self
                .inner
                .overrides
                .iter()
                .rev()
                .find(|(key, _)| code_matches(key, d.code))
            {
                Some((_, None)) => false,
                Some((_, Some(sev))) => {
                    d.severity = *sev;
                    true
                }
                None => true,
            }
        });
        out.sort_by(|a, b| {
            (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
        });
        out.dedup_by(|a, b| a.range == b.range && a.code == b.code);
        out
    }
}

/// `d` moved `by` bytes later: its span, its fixes' edits, its related spans.
fn shifted(d: &Diagnostic, by: usize) -> Diagnostic {
    let mut d = d.clone();
    let shift = |r: &mut Range<usize>| *r = r.start + by..r.end + by;
    shift(&mut d.range);
    for f in &mut d.fixes {
        for e in &mut f.edits {
            shift(&mut e.range);
        }
    }
    for r in &mut d.related {
        shift(&mut r.range);
    }
    d
}

/// `d`, a finding against a form in draft `doc`: its related spans are
/// that draft's, and its fixes are never applied in bulk (`--fix`, fix-all):
/// which of two drafts sets the form is only the order they are checked in,
/// so a person chooses.
fn elsewhere(mut d: Diagnostic, doc: usize) -> Diagnostic {
    for r in &mut d.related {
        r.document = Some(doc);
    }
    for f in &mut d.fixes {
        f.applicability = Applicability::DisplayOnly;
    }
    d
}

/// One draft's mentions for document-wide rules (each family's, in text
/// order), as [`Engine::check_together`] returns them: what the drafts
/// checked after it are held to.
#[derive(Clone, Default)]
pub struct Mentions {
    owner: Weak<Inner>,
    by_check: Vec<Vec<Mention>>,
}

impl Mentions {
    /// Whether `engine` found them (an engine's keys mean nothing to
    /// another's).
    fn from(&self, engine: &Engine) -> bool {
        self.owner.ptr_eq(&Arc::downgrade(&engine.inner))
    }

    /// Whether `self` and `other` set the same first forms: if so, the
    /// drafts after this one are held to the same forms either way.
    pub fn same_firsts(&self, other: &Mentions) -> bool {
        self.owner.ptr_eq(&other.owner)
            && self.by_check.len() == other.by_check.len()
            && self
                .by_check
                .iter()
                .zip(&other.by_check)
                .all(|(a, b)| firsts(a) == firsts(b))
    }

    /// The keys this draft mentions, each family's.
    pub fn keys(&self) -> impl Iterator<Item = (usize, &str)> {
        self.by_check
            .iter()
            .enumerate()
            .flat_map(|(i, ms)| ms.iter().map(move |m| (i, &*m.key)))
    }

    /// Whether the two drafts mention a key in common.
    pub fn share_a_key(&self, other: &Mentions) -> bool {
        let mine: std::collections::HashSet<(usize, &str)> = self.keys().collect();
        other.keys().any(|k| mine.contains(&k))
    }
}

impl std::fmt::Debug for Mentions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.by_check.iter().flatten())
            .finish()
    }
}

/// Each key's first mention, with its form, in text order.
fn firsts(ms: &[Mention]) -> Vec<(&str, &str)> {
    let mut seen = std::collections::HashSet::new();
    ms.iter()
        .filter(|m| seen.insert(&*m.key))
        .map(|m| (&*m.key, &*m.form))
        .collect()
}

/// The drafts checked so far, in order, as the document-wide rules see
/// them: each key's first mention and the draft it is in (by the number
/// and name the front end gave it). What [`Engine::check_together`] holds
/// the next draft to.
#[derive(Default)]
pub struct Earlier {
    owner: Weak<Inner>,
    /// Per family: key → (draft, its name, the mention).
    firsts: Vec<HashMap<Box<str>, Reference>>,
}

/// A key's first mention in the drafts checked so far: the draft's number
/// and name, and the mention.
type Reference = (usize, Box<str>, Mention);

impl Earlier {
    /// Nothing checked yet.
    pub fn is_empty(&self) -> bool {
        self.firsts.iter().all(|f| f.is_empty())
    }

    /// Adds the draft numbered `doc`, named `name` in messages, after those
    /// added so far; returns the mentions it is now the reference for (the
    /// first of each key no draft before it mentioned), for a front end
    /// that must say where they are once the draft's text is gone. Mentions
    /// from another engine than the drafts before it replace those.
    pub fn add<'m>(&mut self, doc: usize, name: &str, mentions: &'m Mentions) -> Vec<&'m Mention> {
        if !self.owner.ptr_eq(&mentions.owner) {
            *self = Earlier {
                owner: mentions.owner.clone(),
                firsts: Vec::new(),
            };
        }
        if self.firsts.len() < mentions.by_check.len() {
            self.firsts
                .resize_with(mentions.by_check.len(), HashMap::new);
        }
        let mut new = Vec::new();
        for (firsts, ms) in self.firsts.iter_mut().zip(&mentions.by_check) {
            for m in ms {
                if !firsts.contains_key(&m.key) {
                    firsts.insert(m.key.clone(), (doc, name.into(), m.clone()));
                    new.push(m);
                }
            }
        }
        new
    }
}

/// What one prose region's text gave, relative to the region's start.
#[derive(Default)]
struct RegionFindings {
    diagnostics: Vec<Diagnostic>,
    /// Mentions for document-wide rules, with the index of their check.
    mentions: Vec<(usize, Mention)>,
}

/// The findings of the prose regions an engine has checked, by the
/// regions' text, for [`Engine::check_incremental`]. One per open document;
/// it forgets everything when the engine or the document's date changes,
/// and regions no longer in the document as it goes.
#[derive(Default)]
pub struct CheckCache {
    owner: Weak<Inner>,
    date: Option<Date>,
    /// Keyed by the region's text: every check hashes every prose region, a
    /// megabyte in all, so with a quick non-cryptographic hash (the keys are
    /// the user's own text; a collision costs only a comparison).
    regions: HashMap<Box<str>, Arc<RegionFindings>, rustc_hash::FxBuildHasher>,
    /// The last document checked: its text, and its regions' findings in
    /// order.
    text: String,
    /// (`None` where a region was taken while checking.)
    previous: Vec<(Range<usize>, Option<Arc<RegionFindings>>)>,
    /// The Vale styles' findings by block.
    vale: crate::vale::Cache,
}

impl std::fmt::Debug for CheckCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckCache")
            .field("date", &self.date)
            .field("regions", &self.regions.len())
            .finish()
    }
}

impl CheckCache {
    /// How many regions' findings it holds.
    pub fn len(&self) -> usize {
        self.regions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }
}

/// `regions` cut into at most `threads` contiguous runs of about equal
/// size, each at least [`PARALLEL_MIN_BYTES`] (so a short draft is one run).
fn region_groups(regions: &[Range<usize>], threads: usize) -> Vec<&[Range<usize>]> {
    let total: usize = regions.iter().map(|r| r.len()).sum();
    let runs = threads.min(total / PARALLEL_MIN_BYTES).max(1);
    if runs == 1 {
        return vec![regions];
    }
    let per = total.div_ceil(runs);
    let mut out = Vec::with_capacity(runs);
    let (mut start, mut size) = (0, 0);
    for (i, r) in regions.iter().enumerate() {
        size += r.len();
        if size >= per && out.len() + 1 < runs {
            out.push(&regions[start..=i]);
            (start, size) = (i + 1, 0);
        }
    }
    if start < regions.len() {
        out.push(&regions[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Evidence, Override, PatternRule, SpellingRule};
    use crate::text::Format;
    use proptest::prelude::*;

    #[test]
    fn a_long_draft_checked_on_several_threads_gives_what_one_thread_gives() {
        // Sections that introduce people in one run of regions and refer to
        // them in the next, so that mentions cross the cut between runs.
        let section = "## Talks\n\nForeign Secretary Philip Hammond met Mr. Kishida on Friday 9 January 2016 to discuss co-operation.\n\nPhilip said HMS Argyle would sail. Teresa May and Mrs May agreed.\n\n";
        let text = format!("---\ndate: 2016-01-08\n---\n{}", section.repeat(5_000));
        let doc = Document::parse(&text, Format::Markdown);
        assert!(
            region_groups(&doc.prose, 4).len() == 4,
            "the draft is long enough to split"
        );
        let engine = engine();
        let one = engine.check_threads(&doc, 1, &Earlier::default()).0;
        assert!(one.len() > 10_000, "{}", one.len());
        assert_eq!(engine.check_threads(&doc, 4, &Earlier::default()).0, one);
        assert_eq!(engine.check_threads(&doc, 3, &Earlier::default()).0, one);
    }

    #[test]
    fn region_runs_cover_every_region_once_in_order() {
        let regions: Vec<Range<usize>> = (0..1000).map(|i| i * 1000..i * 1000 + 900).collect();
        for threads in [1, 2, 3, 8] {
            let runs = region_groups(&regions, threads);
            assert_eq!(runs.len(), threads.min(900_000 / PARALLEL_MIN_BYTES));
            assert_eq!(runs.concat(), regions);
        }
        assert_eq!(
            region_groups(&regions[..10], 8).len(),
            1,
            "short prose is one run"
        );
        assert_eq!(region_groups(&[], 8), vec![&[] as &[Range<usize>]]);
    }

    /// The built-in pack, plus a spelling consistency rule, a pattern and a
    /// severity override, so that every kind of finding can occur.
    fn engine() -> Engine {
        let mut pack = RulePack::builtin();
        pack.merged.spellings.push(SpellingRule {
            preferred: "organise".into(),
            variants: vec!["organize".into()],
            kind: crate::rules::SpellingKind::Consistency,
            evidence: Evidence {
                seen: 4,
                documents: vec!["a".into(), "b".into()],
            },
            variants_seen: 2,
            forms: Vec::new(),
            generated: Vec::new(),
            rivals: Vec::new(),
        });
        pack.merged.patterns.push(PatternRule {
            pattern: r"\bvery (\w+)".into(),
            replacement: Some("$1".into()),
            message: "Drop 'very'.".into(),
            severity: None,
        });
        pack.merged
            .severity
            .insert("date/format".into(), Override::To(Severity::Hint));
        Engine::new(pack).0
    }

    fn fragment() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "\n",
            "\n\n",
            " ",
            "HMS Argyle",
            "HMS Argyll",
            "Commander Tom Tredray",
            "co-operation",
            "organise",
            "organize",
            "Organized",
            "Mrs May",
            "Ms May",
            "Mr. Smith",
            "Mx May",
            "8 January 2016",
            "Tuesday 5 September 2017",
            "next May",
            "Published 31 August 2017. ",
            "---\ndate: 2019-03-01\n---\n",
            "very good",
            "`code`",
            "```",
            "<!-- draftlint-disable-next-line -->\n",
            "<!-- draftlint-disable-next-line spelling -->\n",
            "- ",
            "# ",
            "😀",
            "安倍",
            "https://x.org/a",
            "the Foreign Secretary, Philip Hammond,",
            "the 2012 Olympics",
        ])
        .prop_map(str::to_string)
    }

    fn edit() -> impl Strategy<Value = (prop::sample::Index, prop::sample::Index, Vec<String>)> {
        (
            any::<prop::sample::Index>(),
            any::<prop::sample::Index>(),
            prop::collection::vec(fragment(), 0..4),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn incremental_checks_equal_a_full_check(
            start in prop::collection::vec(fragment(), 0..40),
            edits in prop::collection::vec(edit(), 1..10),
            plain in any::<bool>(),
        ) {
            let engine = engine();
            let format = if plain { Format::PlainText } else { Format::Markdown };
            let mut text: String = start.concat();
            let mut cache = CheckCache::default();
            let doc = Document::parse(&text, format);
            prop_assert_eq!(engine.check_incremental(&doc, &mut cache), engine.check_document(&doc));
            for (a, b, ins) in edits {
                let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
                let x = bounds[a.index(bounds.len())];
                let y = bounds[b.index(bounds.len())];
                let (x, y) = (x.min(y), x.max(y));
                text.replace_range(x..y, &ins.concat());
                let doc = Document::parse(&text, format);
                prop_assert_eq!(engine.check_incremental(&doc, &mut cache), engine.check_document(&doc), "{:?}", text);
            }
        }
    }

    /// Drafts checked together, in order, each held to those before it:
    /// each draft's findings.
    fn together(engine: &Engine, drafts: &[&str]) -> Vec<Vec<Diagnostic>> {
        let mut earlier = Earlier::default();
        let mut out = Vec::new();
        for (i, text) in drafts.iter().enumerate() {
            let doc = Document::parse(text, Format::Markdown);
            let (found, mentions) = engine.check_together(&doc, &earlier);
            // The cheap test never misses a difference.
            let alone = engine.check_document(&doc);
            if found != alone {
                assert!(engine.differs_together(&mentions, &earlier), "{text:?}");
            }
            earlier.add(i, &format!("draft{i}.md"), &mentions);
            // These tests are about consistency: a name the dictionary and
            // the pack do not know (`Lindqvist`) is its own, unrelated hint.
            out.push(
                found
                    .into_iter()
                    .filter(|d| d.code != "spelling/unknown-name")
                    .collect(),
            );
        }
        out
    }

    #[test]
    fn drafts_checked_together_are_held_to_the_first_drafts_forms() {
        let engine = engine();
        let first = "Ms Lindqvist spoke. We organise.\n";
        let second = "Later, Mrs Lindqvist said more. They organize it.\n";
        let found = together(&engine, &[first, second]);
        assert!(found[0].is_empty(), "{:?}", found[0]);
        let codes: Vec<&str> = found[1].iter().map(|d| d.code).collect();
        assert_eq!(codes, ["honorific/consistency", "spelling/consistency"]);
        let d = &found[1][0];
        assert_eq!(&second[d.range.clone()], "Mrs");
        assert!(
            d.message.contains("'Ms Lindqvist' in draft0.md"),
            "{}",
            d.message
        );
        let [r] = &d.related[..] else { panic!("{d:?}") };
        assert_eq!(r.document, Some(0));
        assert_eq!(&first[r.range.clone()], "Ms Lindqvist");
        // Never fixed in bulk: which draft is first is only their order.
        assert!(found[1]
            .iter()
            .flat_map(|d| &d.fixes)
            .all(|f| f.applicability == Applicability::DisplayOnly));
        // Alone, the second draft is consistent.
        assert!(engine
            .check(second, Format::Markdown)
            .iter()
            .all(|d| !d.code.ends_with("consistency")));
    }

    #[test]
    fn a_draft_that_agrees_at_first_keeps_its_own_reference() {
        let engine = engine();
        let first = "Ms Lindqvist spoke.\n";
        // Its first mention agrees with the first draft: the later one is
        // flagged against it, within the draft, as alone.
        let agrees = "Ms Lindqvist came.\n\nMrs Lindqvist left.\n";
        // Its first mention disagrees: that one is flagged against the
        // first draft, and the later one, which agrees, is not.
        let disagrees = "Mrs Lindqvist came.\n\nMs Lindqvist left.\n";
        let found = together(&engine, &[first, agrees, disagrees]);
        let [d] = &found[1][..] else {
            panic!("{:?}", found[1])
        };
        assert_eq!(d.range.start, agrees.find("Mrs").unwrap());
        assert_eq!(d.related[0].document, None);
        assert!(d.message.contains("earlier in this draft"));
        let [d] = &found[2][..] else {
            panic!("{:?}", found[2])
        };
        assert_eq!(d.range.start, 0);
        assert_eq!(d.related[0].document, Some(0));
        // Mr is another person, not a departure.
        let found = together(&engine, &["Mr Lindqvist spoke.\n", "Mrs Lindqvist came.\n"]);
        assert!(found[1].is_empty(), "{:?}", found[1]);
    }

    #[test]
    fn suppressions_hold_together_and_other_engines_mentions_are_not_mixed() {
        let engine = engine();
        let first = "Ms Lindqvist spoke.\n";
        let second = "<!-- draftlint-disable-next-line honorific -->\nMrs Lindqvist came.\n";
        let found = together(&engine, &[first, second]);
        assert!(found[1].is_empty(), "{:?}", found[1]);
        // The first draft's mentions from another engine hold nothing.
        let other = super::Engine::builtin();
        let doc = Document::parse(first, Format::Markdown);
        let (_, mentions) = other.check_together(&doc, &Earlier::default());
        let mut earlier = Earlier::default();
        earlier.add(0, "a.md", &mentions);
        let doc = Document::parse("Mrs Lindqvist came.\n", Format::Markdown);
        let (found, mine) = engine.check_together(&doc, &earlier);
        assert!(
            found.iter().all(|d| d.code == "spelling/unknown-name"),
            "{found:?}"
        );
        assert!(!engine.differs_together(&mine, &earlier));
    }

    #[test]
    fn an_incremental_check_together_equals_a_full_one() {
        let engine = engine();
        let first = Document::parse("Ms Lindqvist spoke. We organise.\n", Format::Markdown);
        let (_, mentions) = engine.check_together(&first, &Earlier::default());
        let mut earlier = Earlier::default();
        assert_eq!(earlier.add(0, "a.md", &mentions).len(), 2);
        let mut cache = CheckCache::default();
        for text in [
            "Mrs Lindqvist came.\n",
            "Mrs Lindqvist came. They organize.\n",
            "Ms Lindqvist came.\n",
        ] {
            let doc = Document::parse(text, Format::Markdown);
            let (a, ma) = engine.check_incremental_together(&doc, &mut cache, &earlier);
            let (b, mb) = engine.check_together(&doc, &earlier);
            assert_eq!(a, b, "{text:?}");
            assert!(ma.same_firsts(&mb) && ma.share_a_key(&mentions));
        }
    }

    #[test]
    fn reused_findings_move_with_their_region() {
        let engine = engine();
        let mut cache = CheckCache::default();
        let text =
            "Mrs May spoke.\n\nHMS Argyle sailed. We organize.\n\nMs May and the organise plan.\n";
        let doc = Document::parse(text, Format::Markdown);
        let first = engine.check_incremental(&doc, &mut cache);
        assert_eq!(first, engine.check_document(&doc));
        assert!(first.iter().any(|d| d.code == "honorific/consistency"));
        assert!(first.iter().any(|d| d.code == "spelling/consistency"));
        let regions = cache.len();
        let moved = format!("Intro.\n\n{text}");
        let doc = Document::parse(&moved, Format::Markdown);
        let second = engine.check_incremental(&doc, &mut cache);
        assert_eq!(second, engine.check_document(&doc));
        assert_eq!(cache.len(), regions + 1);
        let shown = |ds: &[Diagnostic], t: &str| -> Vec<(String, &'static str)> {
            ds.iter()
                .map(|d| (t[d.range.clone()].to_string(), d.code))
                .collect()
        };
        assert_eq!(shown(&first, text), shown(&second, &moved));
        // A new date forgets everything.
        let dated = format!("---\ndate: 2019-03-01\n---\n{moved}");
        let doc = Document::parse(&dated, Format::Markdown);
        assert_eq!(
            engine.check_incremental(&doc, &mut cache),
            engine.check_document(&doc)
        );
    }
}
