//! The tower-lsp backend: protocol handlers, the lint worker, reloading.
//!
//! Ordering. Text changes are applied to the rope inside the notification
//! handler before it first yields, so they apply in the order the client
//! sent them. Linting runs on one worker task that takes the newest text of
//! a document, lints it on a blocking thread, and publishes the result only
//! if no newer version has arrived meanwhile (a newer lint is then already
//! queued) and no newer version has been published. So published versions
//! only ever increase.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use ropey::Rope;
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::{Client, LanguageServer};

use super::config::{self, Config};
use super::convert::{self, View};
use super::documents::{rope_text, Documents, Linted, OpenDocument};
use super::{actions, completion, hover};
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::{CheckCache, Engine};
use crate::rules::RuleError;
use crate::text::chunks::Chunks;
use crate::text::{Encoding, Format};

/// What the lint worker is asked to do, in order.
enum Job {
    Lint(lsp::Uri),
    /// The document was closed: clear its diagnostics.
    Clear(lsp::Uri),
}

/// What the client can do, as far as the server cares.
#[derive(Debug, Default, Clone, Copy)]
struct ClientCaps {
    watch_registration: bool,
    pull_diagnostics: bool,
    diagnostic_refresh: bool,
}

struct State {
    enc: Encoding,
    caps: ClientCaps,
    docs: Documents,
    config: Config,
    /// The newest version published per document.
    published: HashMap<lsp::Uri, i32>,
    /// Each open document's incremental state (see [`Backend::current`]).
    incremental: HashMap<lsp::Uri, Shared>,
    /// Settings problems already shown to the user.
    warned: HashSet<String>,
    /// Rule files that have diagnostics published on them.
    broken_files: HashSet<lsp::Uri>,
    /// Problems found loading the rules during `initialize`, reported once
    /// the client is initialized.
    startup_errors: Vec<RuleError>,
}

pub struct Inner {
    client: Client,
    state: Mutex<State>,
    jobs: mpsc::UnboundedSender<Job>,
    shutdown: AtomicBool,
    reload_lock: tokio::sync::Mutex<()>,
}

/// The language server. Cheap to clone.
#[derive(Clone)]
pub struct Backend(Arc<Inner>);

/// A text snapshot taken for linting.
struct Snapshot {
    version: i32,
    generation: u64,
    /// A clone of the document's rope: O(1), its nodes shared.
    rope: Rope,
    edits: Vec<(Range<usize>, usize)>,
    reset: bool,
    format: Format,
    engine: Engine,
    enc: Encoding,
}

impl Backend {
    /// Creates the backend and starts its lint worker (must be called
    /// inside a tokio runtime).
    pub fn new(client: Client) -> Backend {
        let (tx, rx) = mpsc::unbounded_channel();
        let inner = Arc::new(Inner {
            client,
            state: Mutex::new(State {
                enc: Encoding::Utf16,
                caps: ClientCaps::default(),
                docs: Documents::default(),
                config: Config::new(None, Default::default()),
                published: HashMap::new(),
                incremental: HashMap::new(),
                warned: HashSet::new(),
                broken_files: HashSet::new(),
                startup_errors: Vec::new(),
            }),
            jobs: tx,
            shutdown: AtomicBool::new(false),
            reload_lock: tokio::sync::Mutex::new(()),
        });
        tokio::spawn(worker(Arc::downgrade(&inner), rx));
        Backend(inner)
    }

    /// Whether `shutdown` was received (the exit code depends on it).
    pub fn shutdown_requested(&self) -> bool {
        self.0.shutdown.load(Ordering::SeqCst)
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock must not take the server down.
        self.0.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn schedule(&self, uri: lsp::Uri) {
        let _ = self.0.jobs.send(Job::Lint(uri));
    }

    async fn log(&self, typ: lsp::MessageType, msg: impl Into<String>) {
        self.0.client.log_message(typ, msg.into()).await;
    }

    /// The lint result for the current version of `uri`, computing it when
    /// nobody has yet. Push (the worker), pull (`textDocument/diagnostic`),
    /// hover and code actions all come here, so each document has one
    /// incremental state, and its edits are applied to it in order: the
    /// document's lock is taken before its edits are, and held until the
    /// state that absorbed them is back. `None` for documents that are not
    /// open, or not drafts.
    async fn current(&self, uri: &lsp::Uri) -> Option<(Arc<Linted>, Encoding)> {
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
            let engine = st.config.engine.clone();
            let enc = st.enc;
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
                enc,
            }
        };
        let enc = snap.enc;
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
            });
            let linted = lint(&snap, &mut state.chunks, &mut state.cache);
            (linted, state)
        })
        .await;
        let linted = match result {
            Ok((linted, state)) => {
                *guard = Some(state);
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
        let mut st = self.state();
        let same = st
            .incremental
            .get(uri)
            .is_some_and(|s| Arc::ptr_eq(s, &shared));
        if let Some(doc) = st.docs.get_mut(uri).filter(|_| same) {
            if doc.version == linted.version {
                doc.linted = Some(linted.clone());
            }
        }
        Some((linted, enc))
    }

    /// Logs every problem with the editor's settings, and shows each one
    /// (an unknown severity key, say) once per session: settings are sent
    /// again on every change, and the same pop-up each time would be noise.
    async fn settings_problems(&self, problems: &[String]) {
        for p in problems {
            let msg = format!("draftlint: {p}");
            self.log(lsp::MessageType::WARNING, msg.clone()).await;
            if self.state().warned.insert(p.clone()) {
                self.0
                    .client
                    .show_message(lsp::MessageType::WARNING, msg)
                    .await;
            }
        }
    }

    /// Reloads the rule pack, reports problems, and re-checks open drafts.
    async fn reload(&self, why: &str) {
        let _guard = self.0.reload_lock.lock().await;
        let errors = self.load_rules().await;
        self.report(errors, why).await;
        let (uris, caps) = {
            let st = self.state();
            (st.docs.uris().cloned().collect::<Vec<_>>(), st.caps)
        };
        if caps.pull_diagnostics {
            if caps.diagnostic_refresh {
                let _ = self.0.client.workspace_diagnostic_refresh().await;
            }
        } else {
            for uri in uris {
                self.schedule(uri);
            }
        }
    }

    /// Loads the pack the settings and workspace ask for and installs it
    /// (unless it is broken and a good one is in use); returns the problems.
    async fn load_rules(&self) -> Vec<RuleError> {
        let (root, settings) = {
            let st = self.state();
            (st.config.root.clone(), st.config.settings.clone())
        };
        match tokio::task::spawn_blocking(move || config::load(root.as_deref(), &settings)).await {
            Ok(loaded) => self.state().config.install(loaded),
            Err(e) => vec![RuleError::new(
                "rules",
                format!("loading rules failed: {e}"),
            )],
        }
    }

    /// Says where the rules came from; shows each problem, and publishes it
    /// on its rule file (clearing files that are fine again).
    async fn report(&self, errors: Vec<RuleError>, why: &str) {
        let (enc, old_broken, source) = {
            let mut st = self.state();
            let old = std::mem::take(&mut st.broken_files);
            let source = match &st.config.choice {
                config::Choice::Dir(d) => d.display().to_string(),
                config::Choice::Builtin => "built-in rules".to_string(),
            };
            (st.enc, old, source)
        };
        self.log(
            lsp::MessageType::INFO,
            format!("draftlint: rules from {source} ({why})"),
        )
        .await;
        let mut by_file: HashMap<lsp::Uri, Vec<lsp::Diagnostic>> = HashMap::new();
        let root = self.state().config.root.clone();
        for (i, e) in errors.iter().enumerate() {
            let shown = format!("draftlint: {}", convert::shown_rule_error(e));
            self.log(lsp::MessageType::ERROR, shown.clone()).await;
            if i < MAX_POPUPS {
                self.0
                    .client
                    .show_message(lsp::MessageType::ERROR, shown)
                    .await;
            } else if i == MAX_POPUPS {
                self.0
                    .client
                    .show_message(
                        lsp::MessageType::ERROR,
                        format!(
                            "draftlint: {} more problems with the rules (see the output log)",
                            errors.len() - MAX_POPUPS
                        ),
                    )
                    .await;
            }
            let path = PathBuf::from(&e.path);
            if path.is_file() {
                let Some(uri) = lsp::Uri::from_file_path(&path) else {
                    continue;
                };
                // Only files of the workspace, or that the editor has open,
                // get diagnostics: rules the user named elsewhere are theirs
                // to look at, not the editor's to open.
                let open = self.state().docs.get(&uri).is_some();
                if open || config::in_workspace(root.as_deref(), &path) {
                    let text = std::fs::read_to_string(&path).ok();
                    by_file
                        .entry(uri)
                        .or_default()
                        .push(convert::rule_error_diagnostic(e, text.as_deref(), enc));
                }
            }
        }
        let now: HashSet<lsp::Uri> = by_file.keys().cloned().collect();
        for uri in old_broken.difference(&now) {
            self.0
                .client
                .publish_diagnostics(uri.clone(), Vec::new(), None)
                .await;
        }
        for (uri, diags) in by_file {
            self.0.client.publish_diagnostics(uri, diags, None).await;
        }
        self.state().broken_files = now;
    }

    /// `draftlint/documentText`: the server's copy of a document, for tests
    /// that check incremental sync. Returns `null` for unknown documents.
    pub async fn document_text(&self, params: DocumentTextParams) -> Result<Option<DocumentText>> {
        let st = self.state();
        Ok(st
            .docs
            .get(&params.text_document.uri)
            .map(|d| DocumentText {
                version: d.version,
                text: d.rope.to_string(),
            }))
    }
}

/// The request the input filter hands the server in place of a request
/// too large to read, so that the client gets an error for its id.
pub const TOO_LARGE: &str = "draftlint/messageTooLarge";

/// The notification the input filter hands the server in place of any
/// other message it dropped, so that the client's log says why.
pub const DROPPED: &str = "draftlint/messageDropped";

#[derive(Debug, Deserialize)]
pub struct TooLargeParams {
    pub bytes: u64,
    pub limit: u64,
}

#[derive(Debug, Deserialize)]
pub struct DroppedParams {
    pub reason: String,
}

impl Backend {
    /// Answers a request that the input filter dropped for its size.
    pub async fn message_too_large(&self, p: TooLargeParams) -> Result<()> {
        let msg = format!(
            "draftlint: a request of {} bytes is larger than the limit of {} bytes (set by {}); it was not read",
            p.bytes,
            p.limit,
            super::MAX_MESSAGE_VAR
        );
        self.log(lsp::MessageType::ERROR, msg.clone()).await;
        Err(Error {
            code: ErrorCode::InvalidRequest,
            message: msg.into(),
            data: None,
        })
    }

    /// Logs a message that the input filter dropped.
    pub async fn message_dropped(&self, p: DroppedParams) {
        self.log(
            lsp::MessageType::ERROR,
            format!("draftlint: dropped {} from the client", p.reason),
        )
        .await;
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentTextParams {
    pub text_document: lsp::TextDocumentIdentifier,
}

#[derive(Debug, Serialize)]
pub struct DocumentText {
    pub version: i32,
    pub text: String,
}

/// How many rule problems are shown as pop-ups; the rest are counted in one
/// more (and all are logged).
const MAX_POPUPS: usize = 5;

/// What is kept between lints of one document: its parsed chunks and the
/// findings of its prose regions. `None` until the first lint, and after a
/// failed one.
type Shared = Arc<tokio::sync::Mutex<Option<Incremental>>>;

#[derive(Debug)]
struct Incremental {
    chunks: Chunks,
    cache: CheckCache,
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
    let note = Diagnostic::new(
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
    let diagnostics = cap(snap.engine.check_incremental(&doc, cache));
    Linted {
        version: snap.version,
        generation: snap.generation,
        rope: snap.rope.clone(),
        diagnostics,
    }
}

/// [`to_lsp`], on a blocking thread when there are many (up to
/// [`MAX_PUBLISHED`] take milliseconds); a few are converted in place,
/// which saves the thread hop on every keystroke. `None` if it panicked.
async fn converted(
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
        .map(|d| view.diagnostic(d, uri))
        .collect()
}

/// Lints documents as they change and publishes the results, one at a time.
async fn worker(inner: std::sync::Weak<Inner>, mut rx: mpsc::UnboundedReceiver<Job>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while let Ok(j) = rx.try_recv() {
            batch.push(j);
        }
        let Some(inner) = inner.upgrade() else { return };
        let backend = Backend(inner);
        let mut done: HashSet<lsp::Uri> = HashSet::new();
        for job in batch {
            match job {
                Job::Clear(uri) => {
                    done.remove(&uri);
                    backend.state().published.remove(&uri);
                    backend
                        .0
                        .client
                        .publish_diagnostics(uri, Vec::new(), None)
                        .await;
                }
                Job::Lint(uri) => {
                    if done.insert(uri.clone()) {
                        lint_and_publish(&backend, &uri).await;
                    }
                }
            }
        }
    }
}

async fn lint_and_publish(backend: &Backend, uri: &lsp::Uri) {
    if backend.state().caps.pull_diagnostics {
        return;
    }
    let Some((linted, enc)) = backend.current(uri).await else {
        return;
    };
    let version = linted.version;
    {
        let st = backend.state();
        let Some(doc) = st.docs.get(uri) else {
            return;
        };
        // A newer version has arrived (its lint is queued), or has been
        // published already.
        if doc.version != version || st.published.get(uri).is_some_and(|&v| v > version) {
            return;
        }
    }
    let Some(diags) = converted(linted, enc, uri).await else {
        return;
    };
    {
        let mut st = backend.state();
        if st.published.get(uri).is_some_and(|&v| v > version) {
            return;
        }
        st.published.insert(uri.clone(), version);
    }
    backend
        .0
        .client
        .publish_diagnostics(uri.clone(), diags, Some(version))
        .await;
}

fn internal(msg: impl Into<String>) -> Error {
    Error {
        code: ErrorCode::InternalError,
        message: msg.into().into(),
        data: None,
    }
}

fn invalid_params(msg: impl Into<String>) -> Error {
    Error {
        code: ErrorCode::InvalidParams,
        message: msg.into().into(),
        data: None,
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: lsp::InitializeParams) -> Result<lsp::InitializeResult> {
        let enc = convert::negotiate_encoding(&params.capabilities);
        let caps = ClientCaps {
            watch_registration: params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            pull_diagnostics: params
                .capabilities
                .text_document
                .as_ref()
                .is_some_and(|t| t.diagnostic.is_some()),
            diagnostic_refresh: params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
        };
        #[allow(deprecated)]
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .map(|f| f.uri.clone())
            .or(params.root_uri.clone())
            .and_then(|u| u.to_file_path().map(|p| p.into_owned()));
        let settings = params
            .initialization_options
            .as_ref()
            .map(convert::settings)
            .unwrap_or_default();
        {
            let mut st = self.state();
            st.enc = enc;
            st.caps = caps;
            st.config = Config::new(root, settings);
        }
        // Load the rules before answering, so that the first drafts opened
        // are checked with them.
        let errors = self.load_rules().await;
        self.state().startup_errors = errors;
        let capabilities = lsp::ServerCapabilities {
            position_encoding: Some(convert::encoding_kind(enc)),
            text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
                lsp::TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                    ..Default::default()
                },
            )),
            hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
            completion_provider: Some(lsp::CompletionOptions {
                trigger_characters: Some(vec![" ".to_string()]),
                ..Default::default()
            }),
            code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
                lsp::CodeActionOptions {
                    code_action_kinds: Some(vec![
                        lsp::CodeActionKind::QUICKFIX,
                        lsp::CodeActionKind::from(actions::FIX_ALL),
                    ]),
                    resolve_provider: Some(false),
                    ..Default::default()
                },
            )),
            diagnostic_provider: caps.pull_diagnostics.then(|| {
                lsp::DiagnosticServerCapabilities::Options(lsp::DiagnosticOptions {
                    identifier: Some("draftlint".into()),
                    inter_file_dependencies: false,
                    workspace_diagnostics: false,
                    ..Default::default()
                })
            }),
            ..Default::default()
        };
        Ok(lsp::InitializeResult {
            capabilities,
            server_info: Some(lsp::ServerInfo {
                name: "draftlint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            ..Default::default()
        })
    }

    async fn initialized(&self, _: lsp::InitializedParams) {
        let problems = self.state().config.settings.problems.clone();
        self.settings_problems(&problems).await;
        let errors = std::mem::take(&mut self.state().startup_errors);
        self.report(errors, "start").await;
        if self.state().caps.watch_registration {
            let opts = lsp::DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![lsp::FileSystemWatcher {
                    glob_pattern: lsp::GlobPattern::String("**/*.toml".into()),
                    kind: None,
                }],
            };
            let reg = lsp::Registration {
                id: "draftlint-rules".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(opts).ok(),
            };
            if let Err(e) = self.0.client.register_capability(vec![reg]).await {
                self.log(
                    lsp::MessageType::WARNING,
                    format!("draftlint: cannot watch rule files: {e}"),
                )
                .await;
            }
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.0.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: lsp::DidOpenTextDocumentParams) {
        let d = params.text_document;
        {
            let mut st = self.state();
            st.published.remove(&d.uri);
            st.incremental.insert(d.uri.clone(), Shared::default());
            st.docs.open(
                d.uri.clone(),
                OpenDocument::new(&d.text, d.version, &d.language_id),
            );
        }
        self.schedule(d.uri);
    }

    async fn did_change(&self, params: lsp::DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let problem = {
            let mut st = self.state();
            let enc = st.enc;
            match st.docs.get_mut(&uri) {
                None => Some(format!(
                    "draftlint: change to a document that is not open: {}",
                    uri.as_str()
                )),
                Some(doc) => {
                    let mut problem = None;
                    for change in &params.content_changes {
                        let range = match change.range {
                            None => None,
                            Some(r) => match (View {
                                rope: &doc.rope,
                                enc,
                            })
                            .chars(r)
                            {
                                Ok(chars) => Some(chars),
                                Err(e) => {
                                    problem = Some(format!(
                                        "draftlint: ignored an edit to {}: {e}",
                                        uri.as_str()
                                    ));
                                    continue;
                                }
                            },
                        };
                        doc.replace(range, &change.text);
                    }
                    doc.version = params.text_document.version;
                    problem
                }
            }
        };
        self.schedule(uri);
        if let Some(p) = problem {
            self.log(lsp::MessageType::ERROR, p).await;
        }
    }

    async fn did_close(&self, params: lsp::DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        {
            let mut st = self.state();
            st.docs.close(&uri);
            st.incremental.remove(&uri);
        }
        let _ = self.0.jobs.send(Job::Clear(uri));
    }

    async fn did_change_configuration(&self, params: lsp::DidChangeConfigurationParams) {
        let settings = convert::settings(&params.settings);
        let problems = settings.problems.clone();
        // Installed before the first await, so that a change the client
        // sent after this notification is checked with these settings.
        let same_pack = {
            let mut st = self.state();
            let same = st.config.settings.rules == settings.rules;
            st.config.settings = settings;
            if same {
                st.config.rebuild();
            }
            same
        };
        self.settings_problems(&problems).await;
        if same_pack {
            let (uris, pull) = {
                let st = self.state();
                (st.docs.uris().cloned().collect::<Vec<_>>(), st.caps)
            };
            if pull.pull_diagnostics {
                if pull.diagnostic_refresh {
                    let _ = self.0.client.workspace_diagnostic_refresh().await;
                }
            } else {
                for u in uris {
                    self.schedule(u);
                }
            }
        } else {
            self.reload("settings changed").await;
        }
    }

    async fn did_change_watched_files(&self, params: lsp::DidChangeWatchedFilesParams) {
        let relevant = params.changes.iter().any(|c| {
            c.uri
                .to_file_path()
                .is_some_and(|p| p.extension().is_some_and(|e| e == "toml"))
        });
        if relevant {
            self.reload("rule files changed").await;
        }
    }

    async fn hover(&self, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
        let p = params.text_document_position_params;
        let Some((linted, enc)) = self.current(&p.text_document.uri).await else {
            return Ok(None);
        };
        let view = linted.view(enc);
        let offset = view
            .offset(p.position)
            .map_err(|e| invalid_params(e.to_string()))?;
        Ok(hover::hover(&linted, view, offset))
    }

    async fn completion(
        &self,
        params: lsp::CompletionParams,
    ) -> Result<Option<lsp::CompletionResponse>> {
        let p = params.text_document_position;
        let (before, line, start_col_of, pack_engine) = {
            let st = self.state();
            let Some(doc) = st.docs.get(&p.text_document.uri) else {
                return Ok(None);
            };
            let view = View {
                rope: &doc.rope,
                enc: st.enc,
            };
            let cursor = view
                .char_at(p.position)
                .map_err(|e| invalid_params(e.to_string()))?;
            let line = doc.rope.char_to_line(cursor);
            let line_start = doc.rope.line_to_char(line);
            let before: String = doc.rope.slice(line_start..cursor).to_string();
            (before, line as u32, st.enc, st.config.engine.clone())
        };
        // On a blocking thread, so that a bug in completion answers this
        // request with an error instead of taking the server down.
        let (before, found) = tokio::task::spawn_blocking(move || {
            let found = completion::complete(pack_engine.pack(), &before);
            (before, found)
        })
        .await
        .map_err(|e| internal(format!("completion failed: {e}")))?;
        // The cursor as the server resolved it: a position past the end of
        // its line or of the text is clamped, and an edit must end where the
        // text really ends, not at what the client sent.
        let end = lsp::Position::new(line, convert::columns(&before, start_col_of));
        let items: Vec<lsp::CompletionItem> = found
            .into_iter()
            .map(|c| {
                let col = convert::columns(&before[..c.start], start_col_of);
                let range = lsp::Range::new(lsp::Position::new(line, col), end);
                lsp::CompletionItem {
                    label: c.text.clone(),
                    detail: Some(c.detail),
                    kind: Some(lsp::CompletionItemKind::VALUE),
                    filter_text: Some(c.text.clone()),
                    sort_text: Some(format!("{}{}", c.rank, c.text)),
                    text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(
                        range, c.text,
                    ))),
                    ..Default::default()
                }
            })
            .collect();
        Ok(Some(lsp::CompletionResponse::List(lsp::CompletionList {
            is_incomplete: true,
            items,
        })))
    }

    async fn code_action(
        &self,
        params: lsp::CodeActionParams,
    ) -> Result<Option<lsp::CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some((linted, enc)) = self.current(&uri).await else {
            return Ok(None);
        };
        let (engine, format) = {
            let st = self.state();
            let format = st.docs.get(&uri).map_or(Format::Markdown, |d| d.format);
            (st.config.engine.clone(), format)
        };
        let Some(range) = linted.view(enc).offsets(params.range) else {
            return Err(invalid_params("range falls inside a character"));
        };
        let only = params.context.only;
        let actions = tokio::task::spawn_blocking(move || {
            actions::code_actions(&uri, &linted, &engine, format, enc, range, only.as_deref())
        })
        .await
        .map_err(|e| internal(format!("code actions failed: {e}")))?;
        Ok(Some(actions))
    }

    async fn diagnostic(
        &self,
        params: lsp::DocumentDiagnosticParams,
    ) -> Result<lsp::DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let items = match self.current(&uri).await {
            Some((linted, enc)) => converted(linted, enc, &uri)
                .await
                .ok_or_else(|| internal("converting diagnostics failed"))?,
            None => Vec::new(),
        };
        Ok(lsp::DocumentDiagnosticReportResult::Report(
            lsp::DocumentDiagnosticReport::Full(lsp::RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }
}
