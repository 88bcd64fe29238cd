//! What the server keeps, and each open document's lint result.
//!
//! [`Backend`] holds the settings and rule pack ([`Config`]), the open
//! documents, and per document the incremental state (parsed chunks and
//! the check cache) that pushed and pulled diagnostics, hover and code
//! actions all share through [`Backend::current`]. The other parts of the
//! server are in [`super::worker`] (pushing), [`super::reload`] (rule
//! packs and settings) and [`super::handlers`] (the protocol).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use ropey::Rope;
use tokio::sync::mpsc;
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::Client;

use super::config::{Config, ValeSlot};
use super::documents::{rope_text, Documents, Linted, OpenDocument};
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::{CheckCache, Earlier, Engine, Mentions};
use crate::rules::RuleError;
use crate::text::chunks::Chunks;
use crate::text::{Encoding, Format};

/// What the lint worker is asked to do, in order.
pub(super) enum Job {
    Lint(lsp::Uri),
    /// The document was closed: clear its diagnostics.
    Clear(lsp::Uri),
}

/// What the client can do, as far as the server cares.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct ClientCaps {
    pub watch_registration: bool,
    pub pull_diagnostics: bool,
    pub diagnostic_refresh: bool,
}

pub(super) struct State {
    pub enc: Encoding,
    pub caps: ClientCaps,
    pub docs: Documents,
    pub config: Config,
    /// The newest version published per document.
    pub published: HashMap<lsp::Uri, i32>,
    /// Each open document's incremental state (see [`Backend::current`]).
    incremental: HashMap<lsp::Uri, Shared>,
    /// Settings problems already shown to the user.
    pub warned: HashSet<String>,
    /// The rule problems published on each file, by who found them
    /// (`None`: the pack; an ini's path: that Vale configuration's load).
    pub rule_problems: HashMap<lsp::Uri, HashMap<Option<PathBuf>, Vec<lsp::Diagnostic>>>,
    /// Files whose rule problems changed and are not yet published.
    pub unpublished_problems: HashSet<lsp::Uri>,
    /// Problems found loading the rules during `initialize`, reported once
    /// the client is initialized.
    pub startup_errors: Vec<RuleError>,
}

impl State {
    pub(super) fn new() -> State {
        State {
            enc: Encoding::Utf16,
            caps: ClientCaps::default(),
            docs: Documents::default(),
            config: Config::new(None, Default::default()),
            published: HashMap::new(),
            incremental: HashMap::new(),
            warned: HashSet::new(),
            rule_problems: HashMap::new(),
            unpublished_problems: HashSet::new(),
            startup_errors: Vec::new(),
        }
    }

    /// Forgets what the Vale configurations' loads reported (a reload
    /// dropped them), marking those files to be published again.
    pub(super) fn drop_vale_problems(&mut self) {
        for (uri, by) in &mut self.rule_problems {
            let before = by.len();
            by.retain(|source, _| source.is_none());
            if by.len() != before {
                self.unpublished_problems.insert(uri.clone());
            }
        }
    }

    /// Opens (or reopens) a document, with a fresh incremental state and
    /// nothing published yet.
    pub(super) fn open(&mut self, uri: lsp::Uri, doc: OpenDocument) {
        // The ini above it is looked for again: one written since it was
        // last open counts even for a client that watches no files.
        if let Some(path) = uri.to_file_path() {
            self.config.forget_ini_of(&path);
        }
        self.published.remove(&uri);
        self.incremental.insert(uri.clone(), Shared::default());
        self.docs.open(uri, doc);
    }

    /// Forgets a closed document and its incremental state; returns the
    /// open drafts that were held to it, to check again.
    pub(super) fn close(&mut self, uri: &lsp::Uri) -> Vec<lsp::Uri> {
        let closed = self.docs.close(uri);
        self.incremental.remove(uri);
        let mentions = closed
            .as_ref()
            .and_then(|d| d.linted.as_ref())
            .and_then(|l| l.mentions.as_ref());
        self.held_after(uri, mentions, None)
    }

    /// The open drafts before `uri` in the workspace's order (by URI) that
    /// have mentions from the engine in use, each with its last lint result:
    /// what `uri` is held to. None without workspace consistency.
    fn earlier_than(&self, uri: &lsp::Uri) -> Vec<(lsp::Uri, Arc<Linted>)> {
        if !self.config.workspace_consistency {
            return Vec::new();
        }
        let generation = self.config.generation;
        let mut out: Vec<(lsp::Uri, Arc<Linted>)> = self
            .docs
            .uris()
            .filter(|u| u.as_str() < uri.as_str())
            .filter_map(|u| {
                let doc = self.docs.get(u).filter(|d| d.is_draft())?;
                let l = doc.linted.as_ref()?;
                (l.generation == generation && l.mentions.is_some()).then(|| (u.clone(), l.clone()))
            })
            .collect();
        out.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        out
    }

    /// After the first forms of `uri` changed from those of `old` to those
    /// of `new`: the open drafts after it that mention a key either names,
    /// each marked to be checked again (its lint result is no longer
    /// current). Only these are re-checked, and only their fold is redone
    /// (their regions are cached), so an edit costs the others little.
    fn held_after(
        &mut self,
        uri: &lsp::Uri,
        old: Option<&Mentions>,
        new: Option<&Mentions>,
    ) -> Vec<lsp::Uri> {
        if !self.config.workspace_consistency
            || old.is_some_and(|o| new.is_some_and(|n| o.same_firsts(n)))
        {
            return Vec::new();
        }
        let later: Vec<lsp::Uri> = self
            .docs
            .uris()
            .filter(|u| u.as_str() > uri.as_str())
            .cloned()
            .collect();
        let mut out = Vec::new();
        for u in later {
            let Some(doc) = self.docs.get_mut(&u) else {
                continue;
            };
            let shares = doc
                .linted
                .as_ref()
                .and_then(|l| l.mentions.as_ref())
                .is_some_and(|m| [old, new].into_iter().flatten().any(|o| o.share_a_key(m)));
            if shares {
                doc.stamp += 1;
                out.push(u);
            }
        }
        out
    }
}

/// How a draft is named in another's messages: its path inside the
/// workspace, else its file name, else its URI.
fn draft_name(uri: &lsp::Uri, root: Option<&std::path::Path>) -> String {
    let Some(path) = uri.to_file_path() else {
        return uri.as_str().to_string();
    };
    if let Some(rel) = root.and_then(|r| path.strip_prefix(r).ok()) {
        return rel.display().to_string();
    }
    path.file_name().map_or_else(
        || uri.as_str().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

pub struct Inner {
    pub(super) client: Client,
    pub(super) state: Mutex<State>,
    pub(super) jobs: mpsc::UnboundedSender<Job>,
    pub(super) shutdown: AtomicBool,
    pub(super) reload_lock: tokio::sync::Mutex<()>,
}

/// The language server. Cheap to clone.
#[derive(Clone)]
pub struct Backend(pub(super) Arc<Inner>);

/// A text snapshot taken for linting.
struct Snapshot {
    version: i32,
    generation: u64,
    /// A clone of the document's rope: O(1), its nodes shared.
    rope: Rope,
    edits: Vec<(Range<usize>, usize)>,
    reset: bool,
    format: Format,
    /// The pack's engine; the document's Vale configuration is added on
    /// the checking thread (where it is loaded on first need).
    engine: Engine,
    vale: Option<Arc<ValeSlot>>,
    path: Option<PathBuf>,
    enc: Encoding,
    stamp: u64,
    /// With workspace consistency: the drafts before it, each with its
    /// name in messages and its last lint result.
    earlier: Option<Vec<(lsp::Uri, String, Arc<Linted>)>>,
}

impl Backend {
    /// Whether `shutdown` was received (the exit code depends on it).
    pub fn shutdown_requested(&self) -> bool {
        self.0.shutdown.load(Ordering::SeqCst)
    }

    pub(super) fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock must not take the server down.
        self.0.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn schedule(&self, uri: lsp::Uri) {
        let _ = self.0.jobs.send(Job::Lint(uri));
    }

    pub(super) async fn log(&self, typ: lsp::MessageType, msg: impl Into<String>) {
        self.0.client.log_message(typ, msg.into()).await;
    }

    /// The lint result for the current version of `uri`, computing it when
    /// nobody has yet. Push (the worker), pull (`textDocument/diagnostic`),
    /// hover and code actions all come here, so each document has one
    /// incremental state, and its edits are applied to it in order: the
    /// document's lock is taken before its edits are, and held until the
    /// state that absorbed them is back. `None` for documents that are not
    /// open, or not drafts.
    pub(super) async fn current(&self, uri: &lsp::Uri) -> Option<(Arc<Linted>, Encoding)> {
        let shared = {
            let st = self.state();
            let doc = st.docs.get(uri).filter(|d| d.is_draft())?;
            if let Some(l) = doc.current(st.config.generation) {
                return Some((l, st.enc));
            }
            st.incremental.get(uri)?.clone()
        };
        let mut guard = shared.clone().lock_owned().await;
        let snap = {
            let mut st = self.state();
            // Reopened meanwhile: this state belongs to the old document.
            if !st
                .incremental
                .get(uri)
                .is_some_and(|s| Arc::ptr_eq(s, &shared))
            {
                return None;
            }
            let generation = st.config.generation;
            let path = uri.to_file_path().map(|p| p.into_owned());
            let vale = st.config.vale_for(path.as_deref());
            let engine = st.config.engine.clone();
            let enc = st.enc;
            let earlier = st.config.workspace_consistency.then(|| {
                let root = st.config.root.as_deref();
                st.earlier_than(uri)
                    .into_iter()
                    .map(|(u, l)| {
                        let name = draft_name(&u, root);
                        (u, name, l)
                    })
                    .collect()
            });
            let doc = st.docs.get_mut(uri)?;
            if let Some(l) = doc.current(generation) {
                return Some((l, enc));
            }
            let (edits, reset) = doc.take_edits();
            Snapshot {
                version: doc.version,
                generation,
                rope: doc.rope.clone(),
                edits,
                reset,
                format: doc.format,
                engine,
                vale,
                path,
                enc,
                stamp: doc.stamp,
                earlier,
            }
        };
        let enc = snap.enc;
        let slot = snap.vale.clone();
        // Without a state (new, or lost to a failed check) start afresh.
        let state = guard.take();
        let result = tokio::task::spawn_blocking(move || {
            let mut snap = snap;
            snap.reset |= state
                .as_ref()
                .is_none_or(|s| s.chunks.format() != snap.format);
            let mut state = state.unwrap_or_else(|| Incremental {
                chunks: Chunks::new(snap.format, 0),
                cache: CheckCache::default(),
                engine: None,
            });
            let problems = state.engine_for(&mut snap);
            let linted = lint(&snap, &mut state.chunks, &mut state.cache);
            (linted, state, problems)
        })
        .await;
        let linted = match result {
            Ok((linted, state, problems)) => {
                *guard = Some(state);
                if let (Some(slot), Some(problems)) = (slot, problems) {
                    self.report_vale(&slot, problems).await;
                }
                Arc::new(linted)
            }
            Err(e) => {
                // A check panicked: the state is gone (`guard` stays empty,
                // so the next lint starts afresh). Say so.
                self.log(
                    lsp::MessageType::ERROR,
                    format!("draftlint: checking {} failed: {e}", uri.as_str()),
                )
                .await;
                return None;
            }
        };
        let (recheck, refresh) = {
            let mut st = self.state();
            let same = st
                .incremental
                .get(uri)
                .is_some_and(|s| Arc::ptr_eq(s, &shared));
            let mut old = None;
            let mut stored = false;
            if let Some(doc) = st.docs.get_mut(uri).filter(|_| same) {
                if doc.version == linted.version && doc.stamp == linted.stamp {
                    old = doc.linted.replace(linted.clone());
                    stored = true;
                }
            }
            let generation = st.config.generation;
            let old = old.filter(|o| o.generation == generation);
            let recheck = if stored && linted.generation == generation {
                st.held_after(
                    uri,
                    old.as_ref().and_then(|o| o.mentions.as_ref()),
                    linted.mentions.as_ref(),
                )
            } else {
                Vec::new()
            };
            (recheck, st.caps)
        };
        // The drafts held to this one are checked again: pushed by the
        // worker, or pulled again by a client that can be asked to.
        if !recheck.is_empty() {
            if refresh.pull_diagnostics {
                if refresh.diagnostic_refresh {
                    let client = self.0.client.clone();
                    tokio::spawn(async move {
                        let _ = client.workspace_diagnostic_refresh().await;
                    });
                }
            } else {
                for u in recheck {
                    self.schedule(u);
                }
            }
        }
        Some((linted, enc))
    }
}

/// What is kept between lints of one document: its parsed chunks and the
/// findings of its prose regions. `None` until the first lint, and after a
/// failed one.
type Shared = Arc<tokio::sync::Mutex<Option<Incremental>>>;

struct Incremental {
    chunks: Chunks,
    cache: CheckCache,
    /// The engine the document was last checked with, with its Vale
    /// configuration as it applies to the document, for the generation and
    /// configuration it was made for: kept, so that the Vale findings'
    /// cache (which belongs to that engine) serves the next check.
    engine: Option<(u64, Option<Arc<ValeSlot>>, Engine)>,
}

impl Incremental {
    /// Puts into `snap` the engine for its document: the pack's with the
    /// document's Vale configuration (loaded here on first need). Returns
    /// the problems of that load when this check made it.
    fn engine_for(&mut self, snap: &mut Snapshot) -> Option<Vec<RuleError>> {
        let same = |slot: &Option<Arc<ValeSlot>>| match (slot, &snap.vale) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        if let Some((generation, slot, engine)) = &self.engine {
            if *generation == snap.generation && same(slot) {
                snap.engine = engine.clone();
                return None;
            }
        }
        let mut problems = None;
        if let (Some(slot), Some(path)) = (&snap.vale, &snap.path) {
            let (engine, p) = slot.engine_for(&snap.engine, path);
            snap.engine = engine;
            problems = p;
        }
        self.engine = Some((snap.generation, snap.vale.clone(), snap.engine.clone()));
        problems
    }
}

/// The most findings published (pushed or pulled) for one document.
///
/// A 10 MB draft can hold half a million findings; converting, sending and
/// showing them all took half a minute and gigabytes, and nobody reads past
/// the first thousands. The first ones in document order are published,
/// after one information diagnostic that says how many were left out.
pub const MAX_PUBLISHED: usize = 10_000;

/// The code of the diagnostic that says findings were left out.
pub const TRUNCATED: &str = "draftlint/truncated";

/// Keeps the first [`MAX_PUBLISHED`] of `diagnostics` (sorted in document
/// order), and when it drops any puts first one that says how many.
fn cap(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let total = diagnostics.len();
    if total <= MAX_PUBLISHED {
        return diagnostics;
    }
    diagnostics.truncate(MAX_PUBLISHED);
    diagnostics.shrink_to_fit();
    let note = Diagnostic::note(
        TRUNCATED,
        Severity::Information,
        0..0,
        format!(
            "draftlint shows the first {MAX_PUBLISHED} of {total} findings in this document; {} more are left out (`draftlint check` lists them all)",
            total - MAX_PUBLISHED
        ),
    );
    diagnostics.insert(0, note);
    diagnostics
}

/// Lints a snapshot, re-parsing only the chunks its edits touched and
/// re-checking only the prose regions whose text `cache` has not seen.
fn lint(snap: &Snapshot, chunks: &mut Chunks, cache: &mut CheckCache) -> Linted {
    let text = rope_text(&snap.rope);
    if snap.reset || chunks.format() != snap.format {
        *chunks = Chunks::new(snap.format, text.len());
    } else {
        for (r, n) in &snap.edits {
            chunks.edit(r.clone(), *n);
        }
    }
    let doc = chunks.document(&text);
    let Some(before) = &snap.earlier else {
        let diagnostics = cap(snap.engine.check_incremental(&doc, cache));
        return Linted {
            version: snap.version,
            generation: snap.generation,
            rope: snap.rope.clone(),
            engine: snap.engine.clone(),
            diagnostics,
            stamp: snap.stamp,
            mentions: None,
            others: Vec::new(),
        };
    };
    // Held to the open drafts before it, by their cached mentions: none of
    // their text is read again.
    let mut earlier = Earlier::default();
    for (n, (_, name, l)) in before.iter().enumerate() {
        if let Some(m) = &l.mentions {
            earlier.add(n, name, m);
        }
    }
    let (diagnostics, mentions) = snap
        .engine
        .check_incremental_together(&doc, cache, &earlier);
    Linted {
        version: snap.version,
        generation: snap.generation,
        rope: snap.rope.clone(),
        engine: snap.engine.clone(),
        diagnostics: cap(diagnostics),
        stamp: snap.stamp,
        mentions: Some(mentions),
        others: before
            .iter()
            .map(|(u, _, l)| (u.clone(), l.rope.clone()))
            .collect(),
    }
}

/// [`to_lsp`], on a blocking thread when there are many (up to
/// [`MAX_PUBLISHED`] take milliseconds); a few are converted in place,
/// which saves the thread hop on every keystroke. `None` if it panicked.
pub(super) async fn converted(
    linted: Arc<Linted>,
    enc: Encoding,
    uri: &lsp::Uri,
) -> Option<Vec<lsp::Diagnostic>> {
    if linted.diagnostics.len() <= 256 {
        return Some(to_lsp(&linted, enc, uri));
    }
    let uri = uri.clone();
    tokio::task::spawn_blocking(move || to_lsp(&linted, enc, &uri))
        .await
        .ok()
}

/// A lint result's diagnostics as LSP publishes them.
fn to_lsp(linted: &Linted, enc: Encoding, uri: &lsp::Uri) -> Vec<lsp::Diagnostic> {
    let view = linted.view(enc);
    linted
        .diagnostics
        .iter()
        .map(|d| {
            let mut out = view.diagnostic(d, uri);
            // Spans in the drafts it is held to, in their own text.
            for r in &d.related {
                let Some((other, rope)) = r.document.and_then(|n| linted.others.get(n)) else {
                    continue;
                };
                let range = super::convert::View::new(rope, enc).range(&r.range);
                out.related_information.get_or_insert_with(Vec::new).push(
                    lsp::DiagnosticRelatedInformation {
                        location: lsp::Location::new(other.clone(), range),
                        message: r.message.clone(),
                    },
                );
            }
            out
        })
        .collect()
}
