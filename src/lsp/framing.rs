//! The server's transport: reading framed JSON-RPC messages from the
//! client, each body parsed exactly once, and writing the server's.
//!
//! tower-lsp-server's own [`tower_lsp_server::Server`] reads with a codec
//! that answers one malformed frame with a parse error and then stops
//! reading input altogether, and buffers a message of any size; so a filter
//! in front of it used to check every body (parsing it as a request, then
//! as a response) before the codec parsed it once more: up to three parses
//! of a 1 MB `didChange`. Here the body is parsed once, into the message
//! the service is handed, and [`serve`] drives [`LspService`] and its
//! [`ClientSocket`] as `Server::serve` does (the same concurrency limit,
//! requests started in the order they came, so text changes apply in the
//! client's order).

use futures::channel::mpsc;
use futures::{future, stream, FutureExt, SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt,
};
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::{ClientSocket, LanguageServer, LspService};
use tower_service::Service;

/// The request the input reader hands the server in place of a request
/// too large to read, so that the client gets an error for its id.
pub const TOO_LARGE: &str = "draftlint/messageTooLarge";

/// The notification the input reader hands the server in place of any
/// other message it dropped, so that the client's log says why.
pub const DROPPED: &str = "draftlint/messageDropped";

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
pub fn max_message() -> usize {
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

/// One message from the client, as tower-lsp-server reads them (its own
/// `Message` is private): a response to a request of the server's, or a
/// request or notification.
#[derive(Debug, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Message {
    Response(Response),
    Request(Request),
}

/// How many requests the service works on at once (`Server`'s default).
const MAX_CONCURRENCY: usize = 4;

/// How many requests may wait for the service before reading stops.
const QUEUE: usize = 100;

/// Serves `service` over `input` and `output` until the client exits or
/// the input ends: what `tower_lsp_server::Server::serve` does, over
/// [`Reader`].
pub async fn serve<S, R, W>(
    input: R,
    output: W,
    max: usize,
    mut service: LspService<S>,
    socket: ClientSocket,
) where
    S: LanguageServer,
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let (client_requests, mut client_responses) = socket.split();
    let (client_requests, client_abort) = stream::abortable(client_requests);
    let (mut responses_tx, responses_rx) = mpsc::channel::<Message>(0);
    let (mut tasks_tx, tasks_rx) = mpsc::channel(QUEUE);

    // The service's answers, as they complete.
    let process_tasks = tasks_rx
        .buffer_unordered(MAX_CONCURRENCY)
        .filter_map(future::ready)
        .map(|r| Ok(Message::Response(r)))
        .forward(responses_tx.clone());

    // Answers and the server's own requests, to the client.
    let print_output = async {
        let mut output = output;
        let mut out = stream::select(responses_rx, client_requests.map(Message::Request));
        while let Some(msg) = out.next().await {
            if !write_message(&mut output, &msg).await {
                break;
            }
        }
    };

    let read_input = async {
        let mut reader = Reader::new(tokio::io::BufReader::with_capacity(1 << 16, input), max);
        while let Some(msg) = reader.next().await {
            match msg {
                Message::Request(req) => {
                    if future::poll_fn(|cx| service.poll_ready(cx)).await.is_err() {
                        break;
                    }
                    // The server must exit right after `exit`; some clients
                    // never close its input, so stop reading there.
                    let exit = req.method() == "exit";
                    let task = service.call(req).map(|r| r.unwrap_or(None));
                    if tasks_tx.send(task).await.is_err() || exit {
                        break;
                    }
                }
                Message::Response(res) => {
                    if client_responses.send(res).await.is_err() {
                        break;
                    }
                }
            }
        }
        tasks_tx.disconnect();
        responses_tx.disconnect();
        client_abort.abort();
    };

    futures::join!(process_tasks.map(|_| ()), print_output, read_input);
}

/// Writes one framed message; `false` when the output is gone.
async fn write_message<W: AsyncWrite + Unpin>(out: &mut W, msg: &Message) -> bool {
    let Ok(body) = serde_json::to_vec(msg) else {
        return true;
    };
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(&body);
    out.write_all(&frame).await.is_ok() && out.flush().await.is_ok()
}

/// A message made by the reader itself (a dropped message's stand-in).
fn made(json: &str) -> Option<Message> {
    serde_json::from_str(json).ok()
}

/// Reads framed messages from the client.
pub struct Reader<R> {
    input: R,
    max: usize,
    /// The headers of the message being read so far (a dropped header line
    /// is reported between two of them): its `Content-Length`, and how
    /// many header lines came.
    len: Option<u64>,
    headers: usize,
}

impl<R: AsyncBufRead + Unpin> Reader<R> {
    /// Reads `input`, keeping no message longer than `max` bytes.
    pub fn new(input: R, max: usize) -> Reader<R> {
        Reader {
            input,
            max,
            len: None,
            headers: 0,
        }
    }

    /// The next well-formed JSON-RPC message, dropping (and logging)
    /// anything else; `None` when the input ends.
    ///
    /// Nothing the client sends is held in memory beyond [`MAX_HEADER_LINE`]
    /// per header line and `max` per message: a longer header line is read
    /// through and dropped, and a message whose `Content-Length` exceeds
    /// `max` is read through without being kept. A dropped request (its id
    /// found on the way through) comes back as a `draftlint/messageTooLarge`
    /// request with the same id, which the server answers with an error;
    /// any other dropped message or header line becomes a
    /// `draftlint/messageDropped` notification, which the server logs to
    /// the client. A body that is no JSON-RPC message is logged and
    /// skipped: it must not end the session.
    pub async fn next(&mut self) -> Option<Message> {
        loop {
            loop {
                let line = match read_header_line(&mut self.input).await {
                    HeaderLine::Eof => return None,
                    HeaderLine::Line(l) => l,
                    HeaderLine::TooLong(n) => {
                        eprintln!(
                            "draftlint lsp: dropped a header line of {n} bytes (the limit is {MAX_HEADER_LINE})"
                        );
                        let note = json!({"jsonrpc": "2.0", "method": DROPPED,
                            "params": {"reason": format!("a header line of {n} bytes (the limit is {MAX_HEADER_LINE})")}});
                        // The rest of this message's headers come next time.
                        match made(&note.to_string()) {
                            Some(m) => return Some(m),
                            None => continue,
                        }
                    }
                };
                let line = String::from_utf8_lossy(&line);
                let line = line.trim_end_matches(['\r', '\n']);
                if line.is_empty() {
                    if self.headers > 0 {
                        break;
                    }
                    continue;
                }
                self.headers += 1;
                if let Some((name, value)) = line.split_once(':') {
                    if name.trim().eq_ignore_ascii_case("content-length") {
                        self.len = value.trim().parse().ok();
                    }
                }
            }
            self.headers = 0;
            let Some(len) = self.len.take() else {
                eprintln!("draftlint lsp: dropped a message without a usable Content-Length");
                continue;
            };
            let max = self.max;
            if len > max as u64 {
                let skipped = skip_body(&mut self.input, len).await?;
                eprintln!(
                    "draftlint lsp: dropped a message of {len} bytes (the limit is {max}, set by {MAX_MESSAGE_VAR})"
                );
                let params = json!({"bytes": len, "limit": max});
                let msg = match skipped {
                    Skipped {
                        id: Some(id),
                        method: true,
                    } => format!(
                        r#"{{"jsonrpc":"2.0","id":{id},"method":"{TOO_LARGE}","params":{params}}}"#
                    ),
                    _ => json!({"jsonrpc": "2.0", "method": DROPPED,
                        "params": {"reason": format!("a message of {len} bytes (the limit is {max}, set by {MAX_MESSAGE_VAR})")}})
                    .to_string(),
                };
                match made(&msg) {
                    Some(m) => return Some(m),
                    None => continue,
                }
            }
            let mut body = vec![0; len as usize];
            if self.input.read_exact(&mut body).await.is_err() {
                return None;
            }
            // The one parse of the body: into the message the service gets.
            match serde_json::from_slice::<Message>(&body) {
                Ok(msg) => return Some(msg),
                Err(_) => {
                    let shown = String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned();
                    eprintln!("draftlint lsp: dropped a malformed message: {shown}");
                }
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    /// Reads every message in `input`, as JSON.
    fn filtered(input: &[u8], max: usize) -> Vec<serde_json::Value> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let mut reader = Reader::new(input, max);
        let mut msgs = Vec::new();
        while let Some(m) = rt.block_on(reader.next()) {
            msgs.push(serde_json::to_value(&m).unwrap());
        }
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
        assert_eq!(msgs[0]["method"], DROPPED);
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
        assert_eq!(msgs[0]["method"], TOO_LARGE);
        assert_eq!(msgs[0]["id"], "big");
        assert_eq!(msgs[0]["params"]["limit"], 5_000);
        assert_eq!(msgs[1]["method"], DROPPED);
        assert_eq!(msgs[2]["id"], 3);
    }

    /// Each body is parsed once, into the message the service is handed: a
    /// request or notification, or a client's response; anything else is
    /// skipped and the next message still comes.
    #[test]
    fn each_body_becomes_the_message_the_service_gets() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let mut input = frame(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#);
        input.extend(frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
        input.extend(frame(r#"{"jsonrpc":"2.0","id":"c","result":null}"#));
        input.extend(frame("[1, 2"));
        input.extend(frame(r#"{"jsonrpc":"2.0","id":2,"method":7}"#));
        input.extend(frame(r#"{"jsonrpc":"2.0","id":3,"method":"shutdown"}"#));
        let mut reader = Reader::new(&input[..], 1 << 20);
        let mut kinds = Vec::new();
        while let Some(m) = rt.block_on(reader.next()) {
            kinds.push(match m {
                Message::Request(r) => format!("{} {:?}", r.method(), r.id()),
                Message::Response(r) => format!("response {:?}", r.id()),
            });
        }
        assert_eq!(
            kinds,
            [
                "shutdown Some(Number(1))",
                "exit None",
                "response String(\"c\")",
                "shutdown Some(Number(3))"
            ]
        );
    }

    #[test]
    fn a_body_cut_short_ends_the_input() {
        let mut input = b"Content-Length: 100\r\n\r\n{\"id\":1".to_vec();
        assert!(filtered(&input, 10).is_empty());
        input.truncate(25);
        assert!(filtered(&input, 1000).is_empty());
    }
}
