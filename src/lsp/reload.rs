//! Loading and reloading the rule pack, and telling the user about it:
//! where the rules came from, each problem as a message (a few as pop-ups)
//! and as a diagnostic on its rule file, and problems with the settings.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use tower_lsp_server::ls_types as lsp;

use super::config::{self, ValeSlot};
use super::convert;
use super::state::Backend;
use crate::rules::RuleError;

/// How many rule problems are shown as pop-ups; the rest are counted in one
/// more (and all are logged).
const MAX_POPUPS: usize = 5;

impl Backend {
    /// Logs every problem with the editor's settings (or a warning about a
    /// Vale rule that is not run), and shows each one (an unknown severity
    /// key, say) once per session: settings are sent again on every
    /// change, and the same pop-up each time would be noise.
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
            Ok(loaded) => {
                let mut st = self.state();
                let errors = st.config.install(loaded);
                // Under the same lock as the install: what the dropped Vale
                // configurations reported goes with them, and no problem
                // of a configuration loaded after it is lost.
                st.drop_vale_problems();
                errors
            }
            Err(e) => vec![RuleError::new(
                "rules",
                format!("loading rules failed: {e}"),
            )],
        }
    }

    /// Says where the rules came from; shows each problem, and publishes it
    /// on its rule file (clearing files that are fine again). A reload
    /// drops every Vale configuration, and their problems with them
    /// ([`super::state::State::drop_vale_problems`]): each is reported
    /// again when it is loaded again; those files are published here.
    pub(super) async fn report(&self, errors: Vec<RuleError>, why: &str) {
        let source = match &self.state().config.choice {
            config::Choice::Dir(d) => d.display().to_string(),
            config::Choice::Builtin => "built-in rules".to_string(),
        };
        self.log(
            lsp::MessageType::INFO,
            format!("draftlint: rules from {source} ({why})"),
        )
        .await;
        self.show_problems(&errors).await;
        let by_file = self.problem_diagnostics(&errors);
        let touched: HashSet<lsp::Uri> = {
            let mut st = self.state();
            let mut touched = std::mem::take(&mut st.unpublished_problems);
            for (uri, by) in st.rule_problems.iter_mut() {
                if by.remove(&None).is_some() {
                    touched.insert(uri.clone());
                }
            }
            for (uri, diags) in by_file {
                touched.insert(uri.clone());
                st.rule_problems.entry(uri).or_default().insert(None, diags);
            }
            touched
        };
        self.publish_problems(touched).await;
    }

    /// Reports the problems of loading the Vale configuration `slot` (once
    /// per load, when a check first needed it), as [`Backend::report`]
    /// does a pack's, replacing what its last load reported. Nothing when
    /// a reload has dropped it meanwhile: its successor reports.
    pub(super) async fn report_vale(&self, slot: &Arc<ValeSlot>, errors: Vec<RuleError>) {
        if !self.state().config.is_current(slot) {
            return;
        }
        self.log(
            lsp::MessageType::INFO,
            format!("draftlint: Vale configuration {}", slot.ini.display()),
        )
        .await;
        self.show_problems(&errors).await;
        // A rule that is left out is said once per session, as `check`
        // says it once per run.
        self.settings_problems(&slot.unsupported()).await;
        let by_file = self.problem_diagnostics(&errors);
        let touched = {
            let mut st = self.state();
            if !st.config.is_current(slot) {
                return;
            }
            let source = Some(slot.ini.clone());
            let mut touched = HashSet::new();
            for (uri, by) in st.rule_problems.iter_mut() {
                if by.remove(&source).is_some() {
                    touched.insert(uri.clone());
                }
            }
            for (uri, diags) in by_file {
                touched.insert(uri.clone());
                st.rule_problems
                    .entry(uri)
                    .or_default()
                    .insert(source.clone(), diags);
            }
            touched
        };
        self.publish_problems(touched).await;
    }

    /// Logs every problem and shows the first few as pop-ups.
    async fn show_problems(&self, errors: &[RuleError]) {
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
        }
    }

    /// The problems as diagnostics on their files. Only files of the
    /// workspace, or that the editor has open, get them: rules the user
    /// named elsewhere are theirs to look at, not the editor's to open.
    fn problem_diagnostics(&self, errors: &[RuleError]) -> HashMap<lsp::Uri, Vec<lsp::Diagnostic>> {
        let (enc, root) = {
            let st = self.state();
            (st.enc, st.config.root.clone())
        };
        let mut by_file: HashMap<lsp::Uri, Vec<lsp::Diagnostic>> = HashMap::new();
        for e in errors {
            let path = PathBuf::from(&e.path);
            if !path.is_file() {
                continue;
            }
            let Some(uri) = lsp::Uri::from_file_path(&path) else {
                continue;
            };
            let open = self.state().docs.get(&uri).is_some();
            if open || config::in_workspace(root.as_deref(), &path) {
                let text = std::fs::read_to_string(&path).ok();
                by_file
                    .entry(uri)
                    .or_default()
                    .push(convert::rule_error_diagnostic(e, text.as_deref(), enc));
            }
        }
        by_file
    }

    /// Publishes the rule problems now kept on each of `uris` (none: the
    /// file is cleared). Two Vale configurations that share a style report
    /// its problem once.
    async fn publish_problems(&self, uris: HashSet<lsp::Uri>) {
        let published: Vec<(lsp::Uri, Vec<lsp::Diagnostic>)> = {
            let mut st = self.state();
            st.rule_problems.retain(|_, by| {
                by.retain(|_, d| !d.is_empty());
                !by.is_empty()
            });
            uris.into_iter()
                .map(|uri| {
                    let mut diags: Vec<lsp::Diagnostic> = Vec::new();
                    if let Some(by) = st.rule_problems.get(&uri) {
                        // The pack's first, then each ini's in path order.
                        let mut sources: Vec<_> = by.keys().collect();
                        sources.sort();
                        for s in sources {
                            for d in &by[s] {
                                if !diags.contains(d) {
                                    diags.push(d.clone());
                                }
                            }
                        }
                    }
                    (uri, diags)
                })
                .collect()
        };
        for (uri, diags) in published {
            self.0.client.publish_diagnostics(uri, diags, None).await;
        }
    }
}
