//! Loading and reloading the rule pack, and telling the user about it:
//! where the rules came from, each problem as a message (a few as pop-ups)
//! and as a diagnostic on its rule file, and problems with the settings.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use tower_lsp_server::ls_types as lsp;

use super::config;
use super::convert;
use super::state::Backend;
use crate::rules::RuleError;

/// How many rule problems are shown as pop-ups; the rest are counted in one
/// more (and all are logged).
const MAX_POPUPS: usize = 5;

impl Backend {
    /// Logs every problem with the editor's settings, and shows each one
    /// (an unknown severity key, say) once per session: settings are sent
    /// again on every change, and the same pop-up each time would be noise.
    pub(super) async fn settings_problems(&self, problems: &[String]) {
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
    pub(super) async fn reload(&self, why: &str) {
        let _guard = self.0.reload_lock.lock().await;
        let errors = self.load_rules().await;
        self.report(errors, why).await;
        self.recheck_open().await;
    }

    /// Has every open document checked again with the engine now in use:
    /// asks a pulling client to pull again (when it can be asked), or
    /// queues each document for the push worker.
    pub(super) async fn recheck_open(&self) {
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
    pub(super) async fn load_rules(&self) -> Vec<RuleError> {
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
    pub(super) async fn report(&self, errors: Vec<RuleError>, why: &str) {
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
}
