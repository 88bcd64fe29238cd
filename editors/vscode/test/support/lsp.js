// A small LSP client for the tests, on the protocol layer that
// vscode-languageclient itself is built on (vscode-languageserver-protocol
// over vscode-jsonrpc's stream reader and writer). It starts the real
// `draftlint lsp`, speaks for the editor, and applies edits the way an
// editor would (UTF-16 positions).

"use strict";

const { spawn } = require("node:child_process");
const { PassThrough } = require("node:stream");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { pathToFileURL, fileURLToPath } = require("node:url");
const {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  ShutdownRequest,
  ExitNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidChangeConfigurationNotification,
  PublishDiagnosticsNotification,
  CodeActionRequest,
  CodeActionResolveRequest,
  ExecuteCommandRequest,
  ConfigurationRequest,
  RegistrationRequest,
  UnregistrationRequest,
  WorkDoneProgressCreateRequest,
  ApplyWorkspaceEditRequest,
  ShowMessageRequest,
} = require("vscode-languageserver-protocol/node");

const FIXTURES = path.join(__dirname, "..", "fixtures");

const TIMEOUT_MS = Number(process.env.DRAFTLINT_TEST_TIMEOUT_MS || 15000);

/** The binary under test: $DRAFTLINT_BIN, required. */
function serverBinary() {
  const bin = process.env.DRAFTLINT_BIN;
  if (!bin) throw new Error("set DRAFTLINT_BIN to the draftlint binary to test (editors/test.sh does)");
  if (!fs.existsSync(bin)) throw new Error(`DRAFTLINT_BIN=${bin} does not exist`);
  return path.resolve(bin);
}

/** A fresh temporary folder holding a copy of `fixtures/<name>` (or empty). */
function tempWorkspace(t, fixture) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "draftlint-vscode-"));
  if (fixture) fs.cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function fixtureText(name) {
  return fs.readFileSync(path.join(FIXTURES, name), "utf8");
}

function uriOf(p) {
  return pathToFileURL(p).href;
}

/** Offset in a JS (UTF-16) string of an LSP position. */
function offsetAt(text, pos) {
  let line = 0;
  let i = 0;
  while (line < pos.line) {
    const nl = text.indexOf("\n", i);
    if (nl < 0) return text.length;
    i = nl + 1;
    line += 1;
  }
  const end = text.indexOf("\n", i);
  const lineEnd = end < 0 ? text.length : end;
  return Math.min(i + pos.character, lineEnd);
}

/** Applies LSP TextEdits (non-overlapping, any order) to `text`. */
function applyTextEdits(text, edits) {
  const spans = edits
    .map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  for (let k = 1; k < spans.length; k++) {
    if (spans[k].end > spans[k - 1].start) throw new Error(`overlapping edits: ${JSON.stringify(edits)}`);
  }
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.newText + out.slice(s.end);
  return out;
}

/** The TextEdits a WorkspaceEdit makes to `uri` (from `changes` or `documentChanges`). */
function editsFor(edit, uri) {
  const out = [];
  if (edit && edit.changes && edit.changes[uri]) out.push(...edit.changes[uri]);
  if (edit && Array.isArray(edit.documentChanges)) {
    for (const dc of edit.documentChanges) {
      if (dc.textDocument && dc.textDocument.uri === uri) out.push(...dc.edits);
      else if (dc.kind) throw new Error(`unexpected resource operation in fix: ${JSON.stringify(dc)}`);
    }
  }
  return out;
}

class Session {
  /**
   * Starts `draftlint lsp` in `cwd` and initialises it.
   * options: { rootDir, initializationOptions, configuration }
   */
  static async start(t, options = {}) {
    const s = new Session(options);
    t.after(() => s.dispose());
    await s.initialize();
    return s;
  }

  constructor(options) {
    this.options = options;
    this.bin = serverBinary();
    this.stderr = "";
    this.diagnostics = new Map(); // uri -> latest params
    this.publishCount = new Map(); // uri -> number of publishes
    this.waiters = [];
    this.appliedEdits = [];
    this.configuration = options.configuration ?? {};
    this.configurationRequests = [];
    this.proc = spawn(this.bin, ["lsp"], {
      cwd: options.rootDir ?? os.tmpdir(),
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.exited = new Promise((resolve) => {
      this.proc.on("exit", (code, signal) => {
        this.exitCode = code;
        this.exitSignal = signal;
        this.notify();
        resolve({ code, signal });
      });
    });
    // Writing to a server that died raises EPIPE here; the death itself is
    // reported (with stderr) by whatever was waiting on the server.
    this.proc.stdin.on("error", () => {});
    this.proc.stderr.setEncoding("utf8");
    this.proc.stderr.on("data", (d) => {
      this.stderr += d;
    });
    // Messages go through a pipe, so that writing to a server that has died
    // is not an (unhandled) EPIPE inside vscode-jsonrpc: the death is
    // reported, with stderr, by whatever was waiting on the server.
    const toServer = new PassThrough();
    toServer.pipe(this.proc.stdin);
    this.conn = createProtocolConnection(
      new StreamMessageReader(this.proc.stdout),
      new StreamMessageWriter(toServer),
    );
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p);
      this.publishCount.set(p.uri, (this.publishCount.get(p.uri) ?? 0) + 1);
      this.notify();
    });
    // What an editor answers to the requests a server may send.
    this.conn.onRequest(ConfigurationRequest.type, (p) => {
      this.configurationRequests.push(p);
      return p.items.map((item) => (item.section === "draftlint" || !item.section ? this.configuration : null));
    });
    this.conn.onRequest(RegistrationRequest.type, () => null);
    this.conn.onRequest(UnregistrationRequest.type, () => null);
    this.conn.onRequest(WorkDoneProgressCreateRequest.type, () => null);
    this.conn.onRequest(ShowMessageRequest.type, () => null);
    this.conn.onRequest(ApplyWorkspaceEditRequest.type, (p) => {
      this.appliedEdits.push(p.edit);
      this.notify();
      return { applied: true };
    });
    this.conn.onNotification(() => {});
    this.conn.onError(() => {});
    this.conn.listen();
  }

  notify() {
    for (const w of [...this.waiters]) w();
  }

  /** Resolves once `pred()` is truthy; rejects after the timeout or if the server dies. */
  waitFor(what, pred, timeoutMs = TIMEOUT_MS) {
    return new Promise((resolve, reject) => {
      const check = () => {
        let v;
        try {
          v = pred();
        } catch (e) {
          done();
          reject(e);
          return;
        }
        if (v) {
          done();
          resolve(v);
        } else if (this.exitCode !== undefined || this.exitSignal) {
          done();
          reject(new Error(`server exited (${this.exitCode ?? this.exitSignal}) while waiting for ${what}\n${this.stderrTail()}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.stderrTail()}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
      };
      this.waiters.push(check);
      check();
    });
  }

  stderrTail() {
    const tail = this.stderr.split("\n").slice(-20).join("\n");
    return tail ? `server stderr:\n${tail}` : "(server wrote nothing to stderr)";
  }

  /** Sends a request; fails with the server's stderr if it dies or does not answer. */
  async request(type, params) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer to ${type.method} within ${TIMEOUT_MS} ms\n${this.stderrTail()}`)),
        TIMEOUT_MS,
      );
    });
    const died = this.exited.then(({ code, signal }) => {
      throw new Error(`server exited (${code ?? signal}) before answering ${type.method}\n${this.stderrTail()}`);
    });
    const answer = this.conn.sendRequest(type, params).catch(async (e) => {
      // A write to a dead server fails first; report the death instead.
      await Promise.race([died, new Promise((r) => setTimeout(r, 500))]);
      throw e;
    });
    try {
      return await Promise.race([answer, timeout, died]);
    } finally {
      clearTimeout(timer);
      died.catch(() => {});
    }
  }

  async initialize() {
    const root = this.options.rootDir;
    const params = {
      processId: process.pid,
      clientInfo: { name: "draftlint-node-tests", version: "0" },
      rootUri: root ? uriOf(root) : null,
      workspaceFolders: root ? [{ uri: uriOf(root), name: path.basename(root) }] : null,
      capabilities: {
        general: { positionEncodings: ["utf-16"] },
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: true },
          applyEdit: true,
          executeCommand: { dynamicRegistration: false },
          workspaceFolders: true,
        },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
          codeAction: {
            dynamicRegistration: false,
            isPreferredSupport: true,
            dataSupport: true,
            resolveSupport: { properties: ["edit"] },
            codeActionLiteralSupport: {
              codeActionKind: { valueSet: ["", "quickfix", "refactor", "source", "source.fixAll"] },
            },
          },
          hover: { contentFormat: ["markdown", "plaintext"] },
          completion: { completionItem: { snippetSupport: false } },
        },
        window: { workDoneProgress: false },
      },
      trace: "off",
    };
    if (this.options.initializationOptions !== undefined) {
      params.initializationOptions = this.options.initializationOptions;
    }
    this.initializeResult = await this.request(InitializeRequest.type, params);
    await this.conn.sendNotification(InitializedNotification.type, {});
    return this.initializeResult;
  }

  /** Opens a file (read from disk) in the server, as an editor does. */
  async open(file, languageId = "markdown") {
    const uri = uriOf(file);
    const text = fs.readFileSync(file, "utf8");
    this.docs = this.docs ?? new Map();
    this.docs.set(uri, { text, version: 1 });
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
    return uri;
  }

  text(uri) {
    return this.docs.get(uri).text;
  }

  /** Replaces the document's text (full sync) and tells the server. */
  async change(uri, text) {
    const doc = this.docs.get(uri);
    doc.version += 1;
    doc.text = text;
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: doc.version },
      contentChanges: [{ text }],
    });
  }

  /** Applies a WorkspaceEdit to our copy of the document and sends the change. */
  async applyEdit(uri, edit) {
    const edits = editsFor(edit, uri);
    if (edits.length === 0) throw new Error(`edit changes nothing in ${uri}: ${JSON.stringify(edit)}`);
    await this.change(uri, applyTextEdits(this.text(uri), edits));
  }

  /** Waits for diagnostics on `uri` that satisfy `pred` (default: any publish). */
  async diagnosticsFor(uri, pred = () => true, what = "diagnostics", timeoutMs = TIMEOUT_MS) {
    const p = await this.waitFor(`${what} for ${uri}`, () => {
      const d = this.diagnostics.get(uri);
      return d && pred(d.diagnostics, d) ? d : undefined;
    }, timeoutMs);
    return p.diagnostics;
  }

  /** Waits for a publish after `since` publishes (to see the result of a change). */
  async nextDiagnostics(uri, since, pred = () => true) {
    const p = await this.waitFor(`new diagnostics for ${uri}`, () => {
      const d = this.diagnostics.get(uri);
      return (this.publishCount.get(uri) ?? 0) > since && d && pred(d.diagnostics) ? d : undefined;
    });
    return p.diagnostics;
  }

  publishes(uri) {
    return this.publishCount.get(uri) ?? 0;
  }

  async codeActions(uri, range, diagnostics, only) {
    const context = { diagnostics };
    if (only) context.only = only;
    const actions = (await this.request(CodeActionRequest.type, { textDocument: { uri }, range, context })) ?? [];
    return actions;
  }

  /** The action's edit, resolving it first if the server defers it. */
  async resolvedEdit(action) {
    if (action.edit) return action.edit;
    if (action.command && !action.kind && typeof action.command === "string") {
      throw new Error(`a Command where a CodeAction was expected: ${JSON.stringify(action)}`);
    }
    const provider = this.initializeResult.capabilities.codeActionProvider;
    if (provider && provider.resolveProvider) {
      const resolved = await this.request(CodeActionResolveRequest.type, action);
      if (resolved.edit) return resolved.edit;
    }
    if (action.command) {
      const before = this.appliedEdits.length;
      await this.request(ExecuteCommandRequest.type, action.command);
      await this.waitFor("workspace/applyEdit from the command", () => this.appliedEdits.length > before);
      return this.appliedEdits[this.appliedEdits.length - 1];
    }
    throw new Error(`code action has no edit: ${JSON.stringify(action)}`);
  }

  async changeConfiguration(draftlintSettings) {
    this.configuration = draftlintSettings;
    await this.conn.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { draftlint: draftlintSettings },
    });
  }

  /** shutdown + exit; resolves to the exit code. */
  async shutdown() {
    await this.request(ShutdownRequest.type, undefined);
    await this.conn.sendNotification(ExitNotification.type);
    const timer = new Promise((resolve) => setTimeout(() => resolve("timeout"), 5000).unref());
    const r = await Promise.race([this.exited, timer]);
    this.shutDown = true;
    return r;
  }

  dispose() {
    try {
      this.conn.dispose();
    } catch {
      // already closed
    }
    if (this.exitCode === undefined && !this.exitSignal) this.proc.kill();
  }
}

module.exports = {
  FIXTURES,
  Session,
  applyTextEdits,
  editsFor,
  fixtureText,
  offsetAt,
  serverBinary,
  tempWorkspace,
  uriOf,
  fileURLToPath,
};
