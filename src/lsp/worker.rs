//! The lint worker: lints open documents as they change and pushes the
//! results (`textDocument/publishDiagnostics`).
//!
//! Ordering. Text changes are applied to the rope inside the notification
//! handler before it first yields, so they apply in the order the client
//! sent them. Linting runs on one worker task that takes the newest text of
//! a document, lints it on a blocking thread, and publishes the result only
//! if no newer version has arrived meanwhile (a newer lint is then already
//! queued) and no newer version has been published. So published versions
//! only ever increase.

use std::collections::HashSet;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, Weak};

use tokio::sync::mpsc;
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::Client;

use super::state::{converted, Backend, Inner, Job, State};

impl Backend {
    /// Creates the backend and starts its lint worker (must be called
    /// inside a tokio runtime).
    pub fn new(client: Client) -> Backend {
        let (tx, rx) = mpsc::unbounded_channel();
        let inner = Arc::new(Inner {
            client,
            state: Mutex::new(State::new()),
            jobs: tx,
            shutdown: AtomicBool::new(false),
            reload_lock: tokio::sync::Mutex::new(()),
        });
        tokio::spawn(worker(Arc::downgrade(&inner), rx));
        Backend(inner)
    }
}

/// Lints documents as they change and publishes the results, one at a time.
async fn worker(inner: Weak<Inner>, mut rx: mpsc::UnboundedReceiver<Job>) {
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
        if doc.version != version
            || doc.stamp != linted.stamp
            || st.published.get(uri).is_some_and(|&v| v > version)
        {
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
