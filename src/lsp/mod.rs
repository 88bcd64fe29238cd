//! The language server: a thin front end over [`crate::Engine`].
//!
//! `draftlint lsp` speaks the Language Server Protocol over stdio. The
//! engine never sees an LSP type: [`convert`] holds every conversion
//! (positions in the negotiated encoding, diagnostics, edits, settings).
//!
//! - [`framing`]: reading and writing framed messages, each parsed once.
//! - [`documents`]: open documents as ropes, edited in place.
//! - [`config`]: finding and reloading the rule pack; [`settings`]: the
//!   editor's settings.
//! - [`state`]: what the server keeps, and each document's lint result.
//! - [`worker`]: the worker that lints and pushes diagnostics.
//! - [`reload`]: loading the rule pack, reporting its problems.
//! - [`handlers`]: the protocol handlers.
//! - [`actions`], [`hover`], [`completion`]: the editor features.
//!
//! Diagnostics are pushed (`textDocument/publishDiagnostics`, with the
//! version they were computed for) unless the client declares support for
//! pull diagnostics, in which case the server advertises
//! `diagnosticProvider` and answers `textDocument/diagnostic` instead (so a
//! client never shows both). `textDocument/diagnostic` is answered either way.
//!
//! One request beyond the specification, for tests: `draftlint/documentText`
//! with `{ "textDocument": { "uri": … } }` returns `{ "version", "text" }`,
//! the server's copy of an open document (or `null`).

pub mod actions;
pub mod completion;
pub mod config;
pub mod convert;
pub mod documents;
pub mod framing;
pub mod handlers;
pub mod hover;
pub mod reload;
pub mod settings;
pub mod state;
pub mod worker;

use tower_lsp_server::LspService;

/// Runs the server on standard input and output until the client exits.
///
/// Exits 0 after `shutdown` then `exit`, and 1 when `exit` (or the end of
/// input) comes without `shutdown`, as the specification asks.
pub fn run() -> std::process::ExitCode {
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("draftlint lsp: cannot start: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let clean = rt.block_on(async {
        let (service, socket) = LspService::build(state::Backend::new)
            .custom_method("draftlint/documentText", state::Backend::document_text)
            .custom_method(framing::TOO_LARGE, state::Backend::message_too_large)
            .custom_method(framing::DROPPED, state::Backend::message_dropped)
            .finish();
        let backend = service.inner().clone();
        framing::serve(
            tokio::io::stdin(),
            tokio::io::stdout(),
            framing::max_message(),
            service,
            socket,
        )
        .await;
        backend.shutdown_requested()
    });
    // Reading stdin blocks a thread that would keep the runtime from
    // shutting down; do not wait for it.
    rt.shutdown_background();
    if clean {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::from(1)
    }
}
