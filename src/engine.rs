//! The engine: a rule pack compiled once, run on any number of drafts.

use std::sync::Arc;

use crate::checks::{self, Check, Context};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{RuleError, RulePack};
use crate::text::meta::document_date;
use crate::text::{Document, Format};

/// A compiled rule pack. Cheap to share between threads (`Arc` inside).
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
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
        let (checks, errors) = checks::build(&pack.merged);
        let overrides = pack
            .merged
            .severity
            .iter()
            .map(|(code, sev)| (code.clone(), Severity::parse(sev)))
            .collect();
        (
            Engine {
                inner: Arc::new(Inner {
                    pack,
                    checks,
                    overrides,
                }),
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
        }
    }

    /// Checks `text` read as `format`.
    pub fn check(&self, text: &str, format: Format) -> Vec<Diagnostic> {
        let doc = Document::parse(text, format);
        self.check_document(&doc)
    }

    /// Checks a parsed document. Findings are sorted by position then code,
    /// with exact duplicates and suppressed ones removed.
    pub fn check_document(&self, doc: &Document<'_>) -> Vec<Diagnostic> {
        let cx = Context {
            doc,
            date: document_date(doc.text, doc.front_matter.clone()),
        };
        let mut out = Vec::new();
        for check in &self.inner.checks {
            check.run(&cx, &mut out);
        }
        out.retain_mut(|d| {
            if doc.is_suppressed(d.code, d.range.start) {
                return false;
            }
            // Later overrides win.
            match self
                .inner
                .overrides
                .iter()
                .rev()
                .find(|(code, _)| code == d.code || d.code.starts_with(&format!("{code}/")))
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
