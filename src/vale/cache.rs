//! What a document's last Vale check made of each of its units, for the
//! next check of the same document.
//!
//! The server checks a draft on every keystroke, and a keystroke changes
//! one unit: a chunk of a Markdown draft as the incremental parse cuts it
//! (`Document::chunks`), a paragraph of a plain-text one
//! ([`ChunkCache::units`]). Most rule kinds read one block at a time (a
//! word list, a sentence's length, a heading's case:
//! [`Kind::is_local`]); their findings in a unit depend on nothing but the
//! unit. The document-wide kinds (consistency, conditional, metric) read
//! the draft as parts, one per block ([`Kind::gather`]), which they join
//! over the whole draft ([`Kind::conclude`]). So a unit seen before costs
//! a hash and a comparison of its text, its findings and parts are moved
//! to where it now is, and only the new units are read; the document-wide
//! rules then join every unit's parts, which are a few small values each.
//!
//! [`Kind::is_local`]: super::rules::Kind::is_local
//! [`Kind::gather`]: super::rules::Kind::gather
//! [`Kind::conclude`]: super::rules::Kind::conclude

use super::comments::Switches;
use super::rules::{Hit, Part};
use super::scope::{ChunkBlocks, ChunkCache, Scoped, Selector};
#[cfg(test)]
use super::ForFile;
use super::{Run, Selected, Vale};
use crate::diagnostic::Diagnostic;
use crate::text::Document;
use std::sync::{Arc, Weak};

/// A document's cache: valid for one loaded configuration, and for one set
/// of its rules (as the configuration applies to the document's path);
/// another starts it afresh.
#[derive(Default)]
pub struct Cache {
    owner: Weak<Vale>,
    /// The rules the units' findings were made by: each rule and its
    /// scope's place, in order (a finding names its rule by its place here).
    rules: Vec<(usize, usize)>,
    units: ChunkCache,
    /// How many units the last check found here (and did not read).
    pub(super) reused: usize,
}

/// What a check made of one unit: each rule's hits in it (ranges from the
/// unit's start), and each document-wide rule's parts of its blocks (ranges
/// as the draft was when they were made, the unit then starting at `at`).
struct Made {
    at: usize,
    hits: Vec<(usize, Hit)>,
    parts: Vec<(usize, Part)>,
}

/// What a check made of `unit`, if one has.
fn made(unit: &ChunkBlocks) -> Option<&Made> {
    unit.made.get().and_then(|m| m.downcast_ref::<Made>())
}

/// What one rule gave over the new units.
enum Gave {
    Hits(Vec<Hit>),
    /// (where the part's block starts, the part)
    Parts(Vec<(usize, Part)>),
}

impl Cache {
    /// This cache for `owner`'s checks (emptied if it was another's).
    pub(super) fn for_owner(&mut self, owner: &Arc<Vale>) -> &mut Cache {
        let owner = Arc::downgrade(owner);
        if !self.owner.ptr_eq(&owner) {
            *self = Cache {
                owner,
                ..Cache::default()
            };
        }
        self
    }

    /// How many units it holds.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `doc`'s units, each the same as at the last check where its text is
    /// (and what it holds made by `runs`).
    pub(super) fn units(
        &mut self,
        doc: &Document<'_>,
        applied: &super::config::Applied,
        runs: &[Run<'_>],
    ) -> &[(usize, Arc<ChunkBlocks>)] {
        let rules: Vec<(usize, usize)> = runs
            .iter()
            .map(|(rule, _, at)| (std::ptr::from_ref(*rule) as usize, *at))
            .collect();
        if rules != self.rules {
            // What the units hold was made by other rules.
            self.rules = rules;
            self.units.clear();
        }
        self.units.units(doc, applied)
    }

    /// Runs `runs` (block-local and gathering rules) over the `units` of
    /// `doc` ([`Cache::units`] for the same runs) the cache has not seen,
    /// and adds to `out` their findings in every unit.
    /// Returns how many units it found here (and did not read).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn check(
        vale: &Vale,
        doc: &Document<'_>,
        units: &[(usize, Arc<ChunkBlocks>)],
        switches: &Switches,
        scopes: &[&Selector],
        runs: &[Run<'_>],
        out: &mut Vec<Diagnostic>,
    ) -> usize {
        let missing: Vec<(usize, Arc<ChunkBlocks>)> = units
            .iter()
            .filter(|(_, u)| made(u).is_none())
            .cloned()
            .collect();
        if !missing.is_empty() {
            read(vale, doc, &missing, scopes, runs);
        }
        let mut parts: Vec<Vec<(isize, &Part)>> = runs.iter().map(|_| Vec::new()).collect();
        for (start, unit) in units {
            let Some(m) = made(unit) else {
                continue;
            };
            for (ri, hit) in &m.hits {
                let (rule, level, _) = runs[*ri];
                let mut hit = hit.clone();
                hit.range = hit.range.start + start..hit.range.end + start;
                if switches.is_off(rule.info.code, hit.range.start) {
                    continue;
                }
                out.push(rule.diagnostic(level, hit, doc));
            }
            let by = *start as isize - m.at as isize;
            for (ri, p) in &m.parts {
                parts[*ri].push((by, p));
            }
        }
        let mut hits = Vec::new();
        for ((rule, level, _), parts) in runs.iter().zip(&parts) {
            if !rule.kind.gathers() || rule.kind.is_local() {
                continue;
            }
            rule.kind.conclude(parts, &mut hits);
            for hit in hits.drain(..) {
                if !switches.is_off(rule.info.code, hit.range.start) {
                    out.push(rule.diagnostic(*level, hit, doc));
                }
            }
        }
        units.len() - missing.len()
    }
}

/// Reads the `missing` units (each with where it now starts) with every
/// rule of `runs`, at once, and keeps in each what they made of it.
fn read(
    vale: &Vale,
    doc: &Document<'_>,
    missing: &[(usize, Arc<ChunkBlocks>)],
    scopes: &[&Selector],
    runs: &[Run<'_>],
) {
    let scoped = Scoped::of_units(doc, missing);
    let selected = Selected::new(&scoped, scopes);
    let bytes = missing.iter().map(|(_, u)| u.len()).sum();
    let gave = vale.each_rule(&selected, runs, bytes, |(rule, _, _), text| {
        if rule.kind.is_local() {
            let mut hits = Vec::new();
            rule.kind.check(text, &mut hits);
            Gave::Hits(hits)
        } else {
            let mut parts = Vec::new();
            rule.kind.gather(text, &mut parts);
            Gave::Parts(
                parts
                    .into_iter()
                    .map(|(i, p)| (text.blocks[i].source_offset(0), p))
                    .collect(),
            )
        }
    });
    // Each hit and part is the unit's it starts in.
    let starts: Vec<usize> = missing.iter().map(|(s, _)| *s).collect();
    let unit_of = |at: usize| starts.partition_point(|&s| s <= at).saturating_sub(1);
    let mut made: Vec<Made> = starts
        .iter()
        .map(|&at| Made {
            at,
            hits: Vec::new(),
            parts: Vec::new(),
        })
        .collect();
    for (ri, gave) in gave.into_iter().enumerate() {
        match gave {
            Gave::Hits(hits) => {
                for mut hit in hits {
                    let u = unit_of(hit.range.start);
                    let from = starts[u];
                    hit.range = hit.range.start - from..hit.range.end - from;
                    made[u].hits.push((ri, hit));
                }
            }
            Gave::Parts(parts) => {
                for (at, p) in parts {
                    made[unit_of(at)].parts.push((ri, p));
                }
            }
        }
    }
    for m in &mut made {
        // Each rule's parts of the unit, joined where its kind can.
        let mut by_rule: Vec<(usize, Vec<Part>)> = Vec::new();
        for (ri, p) in std::mem::take(&mut m.parts) {
            match by_rule.last_mut() {
                Some((r, ps)) if *r == ri => ps.push(p),
                _ => by_rule.push((ri, vec![p])),
            }
        }
        for (ri, ps) in by_rule {
            m.parts
                .extend(runs[ri].0.kind.fold(ps).into_iter().map(|p| (ri, p)));
        }
    }
    for ((_, unit), m) in missing.iter().zip(made) {
        // A unit is in `missing` once: its text is the cache's key.
        let _ = unit.made.set(Box::new(m));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Format;
    use std::path::Path;

    fn style(name: &str) -> Arc<Vale> {
        let ini = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/vale")
            .join(name)
            .join(".vale.ini");
        let (vale, problems) = Vale::load(&ini, ini.parent());
        assert!(
            problems.iter().all(|p| p.message.contains("script")),
            "{problems:?}"
        );
        Arc::new(vale.unwrap())
    }

    fn govuk() -> Arc<Vale> {
        style("govuk")
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Every kind, the document-wide ones joined from their parts:
        /// a check after random edits, parsed by chunks and cached, finds
        /// what a fresh check of the same text finds.
        #[test]
        fn a_cached_check_after_random_edits_is_a_fresh_check(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "# A Heading In Title Case\n\n", "## Second level\n\n",
                "The Joint Expeditionary Force (JEF) met the JEF and NATO. In order to leverage it.\n\n",
                "The adviser spoke. The advisor wrote it twice twice.\n\n",
                "- a list item that utilises the JMSDF\n", "- item\n\n", "> a quoted advisor\n\n",
                "<!-- vale off -->\n\n", "<!-- vale on -->\n\n", "Short.\n", "\n\n",
                "```\ncode JEF\n```\n\n", "| a | JEF |\n|---|---|\n| c | d |\n\n", "word ",
            ]), 1..20),
            edits in proptest::collection::vec((0usize..600, 0usize..6, proptest::sample::select(vec![
                "", "e", "\n\n", "# ", "- ", "> ", "```\n", "JEF ", "adviser ", "(JEF) ", "Ünï. ",
            ])), 1..6),
            plain in proptest::bool::ANY,
            which in 0usize..3,
        ) {
            let vale = style(["govuk", "kinds", "metric"][which]);
            let (format, path) = if plain {
                (Format::PlainText, Path::new("draft.txt"))
            } else {
                (Format::Markdown, Path::new("draft.md"))
            };
            let mut text: String = parts.concat();
            let mut chunks = crate::text::chunks::Chunks::new(format, text.len());
            let mut cache = Cache::default();
            for (at, del, insert) in std::iter::once((0, 0, "")).chain(edits) {
                chunks.edit_text(&mut text, at, del, insert);
                let style = ForFile::new(Arc::clone(&vale), path);
                let doc = chunks.document(&text);
                let cached = style.check_cached(&doc, &mut cache);
                let fresh = style.check(&Document::parse(&text, format));
                proptest::prop_assert_eq!(sorted(cached), sorted(fresh), "{:?}", text);
            }
        }
    }

    fn sorted(mut d: Vec<Diagnostic>) -> Vec<(usize, usize, &'static str, String)> {
        d.sort_by(|a, b| (a.range.start, a.code).cmp(&(b.range.start, b.code)));
        d.into_iter()
            .map(|d| (d.range.start, d.range.end, d.code, d.message))
            .collect()
    }

    #[test]
    fn a_document_checked_again_after_edits_finds_what_a_fresh_check_finds() {
        let vale = govuk();
        let mut draft = String::from("# Talks with Japan\n\n");
        for i in 0..40 {
            draft.push_str(&format!(
                "In order to deliver paragraph {i}, we will leverage the key agenda going forward. The JMSDF met.\n\n- A list item that is far too long to read in order to facilitate it.\n\n"
            ));
        }
        let mut cache = Cache::default();
        // Parsed as the server parses, chunk by chunk.
        let mut chunks = crate::text::chunks::Chunks::new(Format::Markdown, draft.len());
        let edits = [
            (30, "utilise "),
            (200, "in order to "),
            (0, "## A New Heading In Title Case\n\n"),
            (500, "\n\n"),
            (900, "<!-- vale off -->\n\n"),
            (1500, "The"),
        ];
        for (round, (at, insert)) in edits.into_iter().enumerate() {
            // The server makes the configuration for the path anew for
            // every check: the cache holds across.
            let style = ForFile::new(Arc::clone(&vale), Path::new("draft.md"));
            let doc = chunks.document(&draft);
            assert!(doc.chunks.is_some());
            let cached = style.check_cached(&doc, &mut cache);
            let fresh = style.check(&Document::parse(&draft, Format::Markdown));
            assert!(!fresh.is_empty());
            assert_eq!(sorted(cached), sorted(fresh));
            // Every chunk is a unit, kept for the next check with what
            // the rules made of it; one edit changes a chunk or two.
            assert!(cache.len() > 80, "{}", cache.len());
            if round > 0 {
                assert!(
                    cache.reused + 3 >= cache.len(),
                    "{} of {}",
                    cache.reused,
                    cache.len()
                );
            }
            let mut at = at.min(draft.len());
            while !draft.is_char_boundary(at) {
                at += 1;
            }
            draft.insert_str(at, insert);
            chunks.edit(at..at, insert.len());
        }
        assert!(!cache.is_empty());
    }
}
