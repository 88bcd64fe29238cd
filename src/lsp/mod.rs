//! The language server: a thin front end over [`crate::Engine`].
//!
//! `draftlint lsp` speaks the Language Server Protocol over stdio. The
//! engine never sees an LSP type: [`convert`] holds every conversion
//! (positions in the negotiated encoding, diagnostics, edits, settings).
//!
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
pub mod handlers;
pub mod hover;
pub mod reload;
pub mod settings;
pub mod state;
pub mod worker;

use serde_json::json;
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt,
};
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::{LspService, Server};

/// The largest message accepted unless `DRAFTLINT_MAX_MESSAGE_BYTES` says
/// otherwise: a 10 MB draft, JSON-escaped, fits easily; a client that sends
/// more is broken or hostile, and buffering it could exhaust memory.
pub const DEFAULT_MAX_MESSAGE: usize = 64 << 20;

/// The longest header line kept. Real headers (`Content-Length: N`,
/// `Content-Type: …`) are a few dozen bytes; a longer line is read through
/// and dropped, never buffered whole (a "line" with no newline could be
/// gigabytes long).
pub const MAX_HEADER_LINE: usize = 8 << 10;

/// The environment variable that sets the largest message, in bytes.
pub const MAX_MESSAGE_VAR: &str = "DRAFTLINT_MAX_MESSAGE_BYTES";

/// The message size limit: [`MAX_MESSAGE_VAR`] when it holds a positive
/// number, else [`DEFAULT_MAX_MESSAGE`] (with a warning if it was set but
/// unusable, so that a typo is not silently ignored).
fn max_message() -> usize {
    match std::env::var(MAX_MESSAGE_VAR) {
        Err(_) => DEFAULT_MAX_MESSAGE,
        Ok(v) => match v.trim().parse::<usize>() {
            Ok(n) if n > 0 => n,
            _ => {
                eprintln!(
                    "draftlint lsp: ignored {MAX_MESSAGE_VAR}={v:?} (expected a positive number of bytes); using {DEFAULT_MAX_MESSAGE}"
                );
                DEFAULT_MAX_MESSAGE
            }
        },
    }
}

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
            .custom_method(handlers::TOO_LARGE, state::Backend::message_too_large)
            .custom_method(handlers::DROPPED, state::Backend::message_dropped)
            .finish();
        let backend = service.inner().clone();
        let (input, filtered) = tokio::io::duplex(1 << 16);
        tokio::spawn(filter_input(tokio::io::stdin(), input, max_message()));
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

/// One header line, as [`read_header_line`] read it.
#[derive(Debug, PartialEq, Eq)]
enum HeaderLine {
    /// The input ended.
    Eof,
    /// A line of at most [`MAX_HEADER_LINE`] bytes (its terminator kept).
    Line(Vec<u8>),
    /// A longer line, read through to its end (or to the end of input)
    /// and thrown away; its length.
    TooLong(u64),
}

/// Reads one line, holding at most [`MAX_HEADER_LINE`] bytes of it.
async fn read_header_line<R: AsyncBufRead + Unpin>(input: &mut R) -> HeaderLine {
    let mut line = Vec::new();
    let mut dropped: u64 = 0;
    loop {
        let buf = match input.fill_buf().await {
            Ok(b) => b,
            Err(_) => return HeaderLine::Eof,
        };
        if buf.is_empty() {
            return match (dropped, line.is_empty()) {
                (0, true) => HeaderLine::Eof,
                (0, false) => HeaderLine::Line(line),
                (n, _) => HeaderLine::TooLong(n),
            };
        }
        let (take, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        if dropped == 0 && line.len() + take <= MAX_HEADER_LINE {
            line.extend_from_slice(&buf[..take]);
        } else {
            dropped += (line.len() + take) as u64;
            line = Vec::new();
        }
        input.consume(take);
        if done {
            return if dropped > 0 {
                HeaderLine::TooLong(dropped)
            } else {
                HeaderLine::Line(line)
            };
        }
    }
}

/// What [`skip_body`] learnt of a message it threw away: enough to answer
/// a request with an error.
#[derive(Debug, Default, PartialEq, Eq)]
struct Skipped {
    /// The raw JSON of the top-level `"id"` (a number or a string).
    id: Option<String>,
    /// Whether it has a top-level `"method"` (a request, not a response).
    method: bool,
}

/// Finds the top-level `"id"` and `"method"` of a JSON object read a piece
/// at a time, in constant memory: a tokenizer that follows strings and
/// nesting depth and remembers only short top-level keys and the id.
#[derive(Debug, Default)]
struct IdScanner {
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// At depth 1, whether the next string is a key.
    key_next: bool,
    /// The key being read, or the last one read (at most 16 bytes).
    key: Vec<u8>,
    reading_key: bool,
    /// The raw id value being read.
    id: Option<Vec<u8>>,
    reading_id: bool,
    method: bool,
    broken: bool,
}

impl IdScanner {
    const MAX_ID: usize = 256;

    fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if self.broken {
                return;
            }
            if self.in_string {
                if self.reading_key && self.key.len() < 16 {
                    self.key.push(b);
                }
                if self.reading_id {
                    self.push_id(b);
                }
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                    if self.reading_key {
                        self.key.pop();
                        self.reading_key = false;
                        if self.key == b"method" {
                            self.method = true;
                        }
                    }
                    self.reading_id = false;
                }
                continue;
            }
            match b {
                b'"' => {
                    self.in_string = true;
                    if self.depth == 1 && self.key_next {
                        self.key.clear();
                        self.reading_key = true;
                        self.key_next = false;
                    } else if self.depth == 1 && self.key == b"id" && self.id.is_none() {
                        self.id = Some(vec![b'"']);
                        self.reading_id = true;
                    }
                }
                b'{' | b'[' => {
                    self.end_id();
                    self.depth += 1;
                    if self.depth == 1 {
                        self.key_next = b == b'{';
                    }
                }
                b'}' | b']' => {
                    self.end_id();
                    self.depth = self.depth.saturating_sub(1);
                }
                b',' if self.depth == 1 => {
                    self.end_id();
                    self.key_next = true;
                    self.key.clear();
                }
                b':' => {}
                b' ' | b'\t' | b'\r' | b'\n' => self.end_id(),
                _ if self.depth == 1 && self.key == b"id" && !self.key_next => match &self.id {
                    None => {
                        self.id = Some(vec![b]);
                        self.reading_id = true;
                    }
                    Some(_) if self.reading_id => self.push_id(b),
                    Some(_) => {}
                },
                _ => {}
            }
        }
    }

    fn push_id(&mut self, b: u8) {
        if let Some(id) = &mut self.id {
            if id.len() >= Self::MAX_ID {
                self.broken = true;
            } else {
                id.push(b);
            }
        }
    }

    /// Ends a bare (number) id at a delimiter.
    fn end_id(&mut self) {
        if !self.in_string {
            self.reading_id = false;
        }
    }

    fn finish(self) -> Skipped {
        let id = self
            .id
            .filter(|_| !self.broken)
            .and_then(|raw| String::from_utf8(raw).ok())
            .filter(|raw| {
                serde_json::from_str::<serde_json::Value>(raw)
                    .is_ok_and(|v| v.is_number() || v.is_string())
            });
        Skipped {
            id,
            method: self.method,
        }
    }
}

/// Reads and throws away `len` bytes, a buffer at a time; `None` if the
/// input ends first.
async fn skip_body<R: AsyncBufRead + Unpin>(input: &mut R, len: u64) -> Option<Skipped> {
    let mut left = len;
    let mut scanner = IdScanner::default();
    while left > 0 {
        let buf = input.fill_buf().await.ok()?;
        if buf.is_empty() {
            return None;
        }
        let n = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        scanner.feed(&buf[..n]);
        input.consume(n);
        left -= n as u64;
    }
    Some(scanner.finish())
}

/// Writes one framed message to the server.
async fn forward<W: AsyncWrite + Unpin>(out: &mut W, body: &[u8]) -> bool {
    let header = format!("Content-Length: {}\r\n\r\n", body.len());
    out.write_all(header.as_bytes()).await.is_ok() && out.write_all(body).await.is_ok()
}

/// Copies well-formed JSON-RPC messages from `input` to `out`, and drops
/// (and logs) anything else.
///
/// tower-lsp answers one malformed frame with a parse error and then stops
/// reading input altogether; a client's bad frame must not end the session.
/// Nothing the client sends is held in memory beyond [`MAX_HEADER_LINE`]
/// per header line and `max` per message: a longer header line is read
/// through and dropped, and a message whose `Content-Length` exceeds `max`
/// is read through without being kept. A dropped request (its id found on
/// the way through) is answered with an error, by handing the server a
/// `draftlint/messageTooLarge` request with the same id; any other dropped
/// message becomes a `draftlint/messageDropped` notification, which the
/// server logs to the client.
async fn filter_input<R, W>(input: R, mut out: W, max: usize)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut input = tokio::io::BufReader::with_capacity(1 << 16, input);
    loop {
        let mut len: Option<u64> = None;
        let mut headers = 0;
        loop {
            let line = match read_header_line(&mut input).await {
                HeaderLine::Eof => return,
                HeaderLine::Line(l) => l,
                HeaderLine::TooLong(n) => {
                    eprintln!(
                        "draftlint lsp: dropped a header line of {n} bytes (the limit is {MAX_HEADER_LINE})"
                    );
                    let note = json!({"jsonrpc": "2.0", "method": handlers::DROPPED,
                        "params": {"reason": format!("a header line of {n} bytes (the limit is {MAX_HEADER_LINE})")}});
                    if !forward(&mut out, note.to_string().as_bytes()).await {
                        return;
                    }
                    continue;
                }
            };
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
        let Some(len) = len else {
            eprintln!("draftlint lsp: dropped a message without a usable Content-Length");
            continue;
        };
        if len > max as u64 {
            let Some(skipped) = skip_body(&mut input, len).await else {
                return;
            };
            eprintln!(
                "draftlint lsp: dropped a message of {len} bytes (the limit is {max}, set by {MAX_MESSAGE_VAR})"
            );
            let params = json!({"bytes": len, "limit": max});
            let msg = match skipped {
                Skipped {
                    id: Some(id),
                    method: true,
                } => format!(
                    r#"{{"jsonrpc":"2.0","id":{id},"method":"{}","params":{params}}}"#,
                    handlers::TOO_LARGE
                ),
                _ => json!({"jsonrpc": "2.0", "method": handlers::DROPPED,
                    "params": {"reason": format!("a message of {len} bytes (the limit is {max}, set by {MAX_MESSAGE_VAR})")}})
                .to_string(),
            };
            if !forward(&mut out, msg.as_bytes()).await {
                return;
            }
            continue;
        }
        let mut body = vec![0; len as usize];
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
        if !forward(&mut out, &body).await {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    /// Runs the filter over `input`; the bodies it passes on.
    fn filtered(input: &[u8], max: usize) -> Vec<serde_json::Value> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let mut out = Vec::new();
        rt.block_on(filter_input(input, &mut out, max));
        let mut msgs = Vec::new();
        let mut rest = &out[..];
        while let Some(i) = rest.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = std::str::from_utf8(&rest[..i]).unwrap();
            let len: usize = head["Content-Length: ".len()..].parse().unwrap();
            let body = &rest[i + 4..i + 4 + len];
            msgs.push(serde_json::from_slice(body).unwrap());
            rest = &rest[i + 4 + len..];
        }
        assert!(rest.is_empty());
        msgs
    }

    fn scan(body: &str) -> Skipped {
        let mut s = IdScanner::default();
        // A byte at a time, as the worst split of reads would give it.
        for b in body.as_bytes() {
            s.feed(std::slice::from_ref(b));
        }
        s.finish()
    }

    #[test]
    fn the_scanner_finds_top_level_ids_only() {
        let req = |id: &str| Skipped {
            id: Some(id.to_string()),
            method: true,
        };
        assert_eq!(
            scan(r#"{"jsonrpc":"2.0","id":7,"method":"x","params":{}}"#),
            req("7")
        );
        assert_eq!(
            scan(r#"{ "method" : "x", "params": {"id": 99, "t": "\"id\": 5"}, "id" : "a\"b" }"#),
            req(r#""a\"b""#)
        );
        assert_eq!(
            scan(r#"{"params":["id",{"id":1}],"method":"m","id":-3}"#),
            req("-3")
        );
        // A response, a notification, an id that is not a number or string.
        assert!(!scan(r#"{"id":1,"result":null}"#).method);
        assert_eq!(scan(r#"{"method":"m","params":{"id":1}}"#).id, None);
        assert_eq!(scan(r#"{"method":"m","id":{"a":1}}"#).id, None);
        assert_eq!(scan(r#"{"method":"m","id":null}"#).id, None);
        assert_eq!(scan("not json at all").id, None);
    }

    #[test]
    fn an_overlong_header_line_is_dropped_and_the_next_message_passes() {
        let mut input = vec![b'x'; 5 * MAX_HEADER_LINE];
        input.extend_from_slice(b"\r\n\r\n");
        input.extend(frame(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#));
        // Just under the limit is still a header.
        input.extend_from_slice(&vec![b' '; MAX_HEADER_LINE - 2]);
        input.extend_from_slice(b"\r\n");
        input.extend(frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#));
        let msgs = filtered(&input, 1 << 20);
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert_eq!(msgs[0]["method"], handlers::DROPPED);
        assert!(msgs[0]["params"]["reason"]
            .as_str()
            .unwrap()
            .contains(&format!("{} bytes", 5 * MAX_HEADER_LINE + 2)));
        assert_eq!(msgs[1]["id"], 1);
        assert_eq!(msgs[2]["id"], 2);
    }

    #[test]
    fn an_oversized_message_is_skipped_and_answered() {
        let pad = "y".repeat(10_000);
        let mut input = frame(&format!(
            r#"{{"jsonrpc":"2.0","method":"textDocument/hover","id":"big","params":{{"pad":"{pad}"}}}}"#
        ));
        input.extend(frame(&format!(
            r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"pad":"{pad}"}}}}"#
        )));
        input.extend(frame(r#"{"jsonrpc":"2.0","id":3,"method":"shutdown"}"#));
        let msgs = filtered(&input, 5_000);
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert_eq!(msgs[0]["method"], handlers::TOO_LARGE);
        assert_eq!(msgs[0]["id"], "big");
        assert_eq!(msgs[0]["params"]["limit"], 5_000);
        assert_eq!(msgs[1]["method"], handlers::DROPPED);
        assert_eq!(msgs[2]["id"], 3);
    }

    #[test]
    fn a_body_cut_short_ends_the_input() {
        let mut input = b"Content-Length: 100\r\n\r\n{\"id\":1".to_vec();
        assert!(filtered(&input, 10).is_empty());
        input.truncate(25);
        assert!(filtered(&input, 1000).is_empty());
    }
}
