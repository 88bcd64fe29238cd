//! The language server: a thin front end over [`crate::Engine`].
//!
//! `draftlint lsp` speaks the Language Server Protocol over stdio. The
//! engine never sees an LSP type: [`convert`] holds every conversion
//! (positions in the negotiated encoding, diagnostics, edits, settings).
//!
//! - [`documents`]: open documents as ropes, edited in place.
//! - [`incremental`]: re-parsing only the chunks of a draft an edit touched.
//! - [`config`]: finding and reloading the rule pack.
//! - [`server`]: the handlers, and the worker that lints and publishes.
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
pub mod hover;
pub mod incremental;
pub mod server;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::{LspService, Server};

/// The largest message accepted (a 10 MB draft, JSON-escaped, fits easily).
const MAX_MESSAGE: usize = 256 << 20;

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
        let (service, socket) = LspService::build(server::Backend::new)
            .custom_method("draftlint/documentText", server::Backend::document_text)
            .finish();
        let backend = service.inner().clone();
        let (input, filtered) = tokio::io::duplex(1 << 16);
        tokio::spawn(filter_input(input));
        Server::new(filtered, tokio::io::stdout(), socket)
            .serve(service)
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

/// Copies well-formed JSON-RPC messages from standard input to `out`, and
/// drops (and logs) anything else.
///
/// tower-lsp answers one malformed frame with a parse error and then stops
/// reading input altogether; a client's bad frame must not end the session.
async fn filter_input(mut out: tokio::io::DuplexStream) {
    let mut input = tokio::io::BufReader::new(tokio::io::stdin());
    loop {
        let mut len: Option<usize> = None;
        let mut headers = 0;
        loop {
            let mut line = Vec::new();
            match input.read_until(b'\n', &mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if headers > 0 {
                    break;
                }
                continue;
            }
            headers += 1;
            if let Some((name, value)) = line.split_once(':') {
                if name.trim().eq_ignore_ascii_case("content-length") {
                    len = value.trim().parse().ok();
                }
            }
        }
        let Some(len) = len.filter(|&n| n <= MAX_MESSAGE) else {
            eprintln!("draftlint lsp: dropped a message without a usable Content-Length");
            continue;
        };
        let mut body = vec![0; len];
        if input.read_exact(&mut body).await.is_err() {
            return;
        }
        let ok = serde_json::from_slice::<Request>(&body).is_ok()
            || serde_json::from_slice::<Response>(&body).is_ok();
        if !ok {
            let shown = String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned();
            eprintln!("draftlint lsp: dropped a malformed message: {shown}");
            continue;
        }
        let header = format!("Content-Length: {len}\r\n\r\n");
        if out.write_all(header.as_bytes()).await.is_err() || out.write_all(&body).await.is_err() {
            return;
        }
    }
}
