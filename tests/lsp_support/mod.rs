//! A small LSP test client: starts `draftlint lsp`, speaks JSON-RPC over its
//! stdio, and waits for messages with a timeout so that a hung server fails
//! a test instead of hanging it.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// One ranged change: start `(line, col)`, end `(line, col)`, new text.
pub type Change<'a> = ((u32, u32), (u32, u32), &'a str);

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    /// Messages received but not yet consumed.
    backlog: VecDeque<Value>,
    next_id: i64,
}

impl Client {
    /// Starts the server (not yet initialized).
    pub fn spawn() -> Client {
        Client::spawn_with(env!("CARGO_BIN_EXE_draftlint"))
    }

    pub fn spawn_with(exe: &str) -> Client {
        Client::spawn_args(exe, &["lsp"])
    }

    /// Starts `exe` with these arguments, as an editor's client would.
    pub fn spawn_args(exe: &str, args: &[&str]) -> Client {
        Client::spawn_env(exe, args, &[])
    }

    /// Starts `exe` with these arguments and extra environment variables.
    pub fn spawn_env(exe: &str, args: &[&str], env: &[(&str, &str)]) -> Client {
        let mut child = Command::new(exe)
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start draftlint lsp");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(msg) = read_frame(&mut r) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            rx,
            backlog: VecDeque::new(),
            next_id: 1,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Writes raw bytes to the server (for malformed input).
    pub fn write_raw(&mut self, bytes: &[u8]) {
        let w = self.stdin.as_mut().expect("stdin open");
        w.write_all(bytes).unwrap();
        w.flush().unwrap();
    }

    pub fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).unwrap();
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(&body);
        self.write_raw(&frame);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its id without waiting.
    pub fn request_async(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// The whole response (`result` or `error`) to request `id`.
    pub fn response(&mut self, id: i64) -> Value {
        self.wait_for(&format!("response to request {id}"), |m| {
            m.get("id") == Some(&json!(id)) && m.get("method").is_none()
        })
    }

    /// Sends a request and returns its `result`; panics on an error.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.request_async(method, params);
        let r = self.response(id);
        if let Some(e) = r.get("error") {
            panic!("{method} failed: {e}");
        }
        r["result"].clone()
    }

    /// The next message matching `pred`, from the backlog or the server.
    /// Requests from the server are answered (with `null`) on the way.
    pub fn wait_for(&mut self, what: &str, mut pred: impl FnMut(&Value) -> bool) -> Value {
        self.wait_for_within(what, TIMEOUT, &mut pred)
            .unwrap_or_else(|| panic!("timed out waiting for {what}; backlog: {:?}", self.backlog))
    }

    pub fn wait_for_within(
        &mut self,
        _what: &str,
        timeout: Duration,
        pred: &mut dyn FnMut(&Value) -> bool,
    ) -> Option<Value> {
        if let Some(i) = self.backlog.iter().position(&mut *pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(m) => {
                    if m.get("method").is_some() && m.get("id").is_some() {
                        // A request from the server: answer it.
                        let id = m["id"].clone();
                        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
                    }
                    if pred(&m) {
                        return Some(m);
                    }
                    self.backlog.push_back(m);
                }
                Err(RecvTimeoutError::Timeout) => return None,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// Every message received so far (without waiting), consumed.
    pub fn drain(&mut self) -> Vec<Value> {
        while let Ok(m) = self.rx.try_recv() {
            self.backlog.push_back(m);
        }
        self.backlog.drain(..).collect()
    }

    /// `initialize` + `initialized`; returns the initialize result.
    pub fn initialize(
        &mut self,
        root: Option<&Path>,
        capabilities: Value,
        options: Value,
    ) -> Value {
        let root_uri = root.map(file_uri);
        let folders = root_uri
            .as_ref()
            .map(|u| json!([{"uri": u, "name": "root"}]))
            .unwrap_or(Value::Null);
        let r = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "workspaceFolders": folders,
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        self.notify("initialized", json!({}));
        r
    }

    /// A plain UTF-16 client with watched-file registration.
    pub fn start(root: Option<&Path>) -> (Client, Value) {
        let mut c = Client::spawn();
        let r = c.initialize(
            root,
            json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
            Value::Null,
        );
        // Rules are loaded once initialized; wait until the server says so.
        c.wait_for("rules loaded", |m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains("rules from"))
        });
        (c, r)
    }

    pub fn open(&mut self, uri: &str, language: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}}),
        );
    }

    /// One ranged change: `((line, col), (line, col), text)`.
    pub fn change(&mut self, uri: &str, version: i32, edits: &[Change<'_>]) {
        let changes: Vec<Value> = edits
            .iter()
            .map(|((sl, sc), (el, ec), t)| {
                json!({"range": {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}}, "text": t})
            })
            .collect();
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// The diagnostics published for `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i32) -> Vec<Value> {
        let m = self.wait_for(&format!("diagnostics for {uri} v{version}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// The server's copy of a document (`draftlint/documentText`).
    pub fn text(&mut self, uri: &str) -> Value {
        self.request(
            "draftlint/documentText",
            json!({"textDocument": {"uri": uri}}),
        )
    }

    /// `shutdown` then `exit`; the exit status.
    pub fn shutdown(mut self) -> ExitStatus {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.wait()
    }

    pub fn wait(&mut self) -> ExitStatus {
        drop(self.stdin.take());
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            assert!(Instant::now() < deadline, "server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_frame(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; len?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Applies LSP text edits (UTF-16 or UTF-8 positions) to `text`, as a
/// client would: all positions refer to the text before any edit.
pub fn apply_edits(text: &str, edits: &[Value], utf8: bool) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let a = offset(text, &e["range"]["start"], utf8);
            let b = offset(text, &e["range"]["end"], utf8);
            (a, b, e["newText"].as_str().unwrap().to_string())
        })
        .collect();
    spans.sort_by_key(|s| (s.0, s.1));
    let mut out = String::new();
    let mut pos = 0;
    for (a, b, t) in spans {
        assert!(a >= pos, "overlapping edits");
        out.push_str(&text[pos..a]);
        out.push_str(&t);
        pos = b;
    }
    out.push_str(&text[pos..]);
    out
}

/// Where each line of `text` starts and where its content ends, as LSP
/// counts lines: `\n`, `\r\n` and a lone `\r` each end one.
pub fn line_spans(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        let next = match b[i] {
            b'\n' => i + 1,
            b'\r' if b.get(i + 1) == Some(&b'\n') => i + 2,
            b'\r' => i + 1,
            _ => {
                i += 1;
                continue;
            }
        };
        out.push((start, i));
        start = next;
        i = next;
    }
    out.push((start, b.len()));
    out
}

/// The byte offset of an LSP position in `text` (a line past the last is
/// the end of the text; a column past the end of its line, the end of the
/// line).
pub fn offset(text: &str, pos: &Value, utf8: bool) -> usize {
    let line = pos["line"].as_u64().unwrap() as usize;
    let col = pos["character"].as_u64().unwrap() as usize;
    let Some(&(start, end)) = line_spans(text).get(line) else {
        return text.len();
    };
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        if units >= col {
            return start + i;
        }
        units += if utf8 { c.len_utf8() } else { c.len_utf16() };
    }
    end
}

/// The UTF-16 position of byte `offset` in `text`.
pub fn position(text: &str, offset: usize) -> (u32, u32) {
    let spans = line_spans(text);
    let line = spans
        .iter()
        .rposition(|&(start, _)| start <= offset)
        .unwrap_or(0);
    let start = spans[line].0;
    let col: usize = text[start..offset].chars().map(char::len_utf16).sum();
    (line as u32, col as u32)
}

/// How many of `msgs` are log messages containing `needle`.
pub fn logged(msgs: &[Value], needle: &str) -> usize {
    msgs.iter()
        .filter(|m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains(needle))
        })
        .count()
}

/// The resident set size of a process, in kB.
pub fn rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// A workspace with a rules folder holding one curated pattern
/// (`HMS Argyle` → `HMS Argyll`) and one learned name.
pub fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_rules(dir.path(), PATTERN_RULES);
    std::fs::create_dir_all(dir.path().join("rules/learned")).unwrap();
    std::fs::write(dir.path().join("rules/learned/names.toml"), NAME_RULES).unwrap();
    dir
}

pub fn write_rules(root: &Path, text: &str) {
    std::fs::create_dir_all(root.join("rules/curated")).unwrap();
    std::fs::write(root.join("rules/curated/p.toml"), text).unwrap();
}

pub const PATTERN_RULES: &str = "[[pattern]]\npattern = '\\bHMS Argyle\\b'\nreplacement = 'HMS Argyll'\nmessage = 'The ship is HMS Argyll'\n";

pub const NAME_RULES: &str = "[[name]]\nname = \"HMS Argyll\"\nkind = \"ship\"\nseen = 3\ndocuments = [\"000_a\", \"001_b\"]\n\n[[name]]\nname = \"Exercise Joint Warrior\"\nkind = \"exercise\"\nseen = 2\ndocuments = [\"000_a\"]\n";
