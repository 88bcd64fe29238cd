//! The protocol handlers: `LanguageServer` for [`Backend`], and the
//! requests beyond the specification.

use std::sync::atomic::Ordering;

use serde::{Deserialize, Serialize};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::LanguageServer;

use super::config::Config;
use super::convert::{self, View};
use super::documents::OpenDocument;
use super::state::{converted, Backend, ClientCaps, Job};
use super::{actions, completion, hover};
use crate::text::Format;

impl Backend {
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
    /// Answers a request that the input reader ([`super::framing`]) dropped for its size.
    pub async fn message_too_large(&self, p: TooLargeParams) -> Result<()> {
        let msg = format!(
            "draftlint: a request of {} bytes is larger than the limit of {} bytes (set by {}); it was not read",
            p.bytes,
            p.limit,
            super::framing::MAX_MESSAGE_VAR
        );
        self.log(lsp::MessageType::ERROR, msg.clone()).await;
        Err(Error {
            code: ErrorCode::InvalidRequest,
            message: msg.into(),
            data: None,
        })
    }

    /// Logs a message that the input reader ([`super::framing`]) dropped.
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
        // A draft's findings depend on the drafts before it when they are
        // held to one another.
        let inter_file = self.state().config.workspace_consistency;
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
                    inter_file_dependencies: inter_file,
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
                watchers: [
                    "**/*.toml",
                    "**/{.vale.ini,_vale.ini}",
                    "**/*.{yml,yaml}",
                    "**/vocabularies/**/*.txt",
                ]
                .into_iter()
                .map(|g| lsp::FileSystemWatcher {
                    glob_pattern: lsp::GlobPattern::String(g.into()),
                    kind: None,
                })
                .collect(),
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
            let doc = OpenDocument::new(&d.text, d.version, &d.language_id);
            self.state().open(d.uri.clone(), doc);
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
                        if let Err(e) = doc.apply_change(change.range, &change.text, enc) {
                            problem = Some(format!(
                                "draftlint: ignored an edit to {}: {e}",
                                uri.as_str()
                            ));
                        }
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
        let held = self.state().close(&uri);
        let _ = self.0.jobs.send(Job::Clear(uri));
        // The drafts that were held to it are checked without it.
        if !held.is_empty() {
            let caps = self.state().caps;
            if caps.pull_diagnostics {
                if caps.diagnostic_refresh {
                    let _ = self.0.client.workspace_diagnostic_refresh().await;
                }
            } else {
                for u in held {
                    self.schedule(u);
                }
            }
        }
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
            self.recheck_open().await;
        } else {
            self.reload("settings changed").await;
        }
    }

    async fn did_change_watched_files(&self, params: lsp::DidChangeWatchedFilesParams) {
        // Rule files, and a Vale configuration with its styles and
        // vocabularies.
        let relevant = params.changes.iter().any(|c| {
            c.uri.to_file_path().is_some_and(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                p.extension()
                    .is_some_and(|e| e == "toml" || e == "yml" || e == "yaml")
                    || crate::vale::config::FILE_NAMES.contains(&name)
                    || (name.ends_with(".txt")
                        && p.components().any(|c| c.as_os_str() == "vocabularies"))
            })
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
        // The rules of the document's own Vale configuration.
        let vale = linted.engine.vale().cloned();
        Ok(hover::hover(&linted, view, offset, vale.as_deref()))
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
            let cursor = View::new(&doc.rope, st.enc)
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
        // Fix-all checks again with what the document was checked with:
        // the pack and its own Vale configuration.
        let engine = linted.engine.clone();
        let (format, pack) = {
            let st = self.state();
            let format = st.docs.get(&uri).map_or(Format::Markdown, |d| d.format);
            let pack = match &st.config.choice {
                crate::discover::Choice::Dir(p) => Some(p.clone()),
                crate::discover::Choice::Builtin => None,
            };
            (format, pack)
        };
        let Some(range) = linted.view(enc).offsets(params.range) else {
            return Err(invalid_params("range falls inside a character"));
        };
        let only = params.context.only;
        let actions = tokio::task::spawn_blocking(move || {
            // The house lists are the pack's own: none for the built-in pack.
            let house = pack.as_deref().and_then(actions::house_file);
            actions::code_actions(
                &uri,
                &linted,
                &engine,
                format,
                enc,
                range,
                only.as_deref(),
                house.as_ref(),
            )
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
