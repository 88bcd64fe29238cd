// The extension's configuration logic (dist/config.js, built from
// src/config.ts), and the manifest's agreement with the code.

"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const cfg = require("../dist/config.js");

const ROOT = path.join(__dirname, "..");

function settingsFrom(obj) {
  return cfg.readSettings((key) => obj[key]);
}

function tmp(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "draftlint-config-"));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function fakeExecutable(file) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, "#!/bin/sh\n");
  fs.chmodSync(file, 0o755);
  return file;
}

test("readSettings: defaults", () => {
  const s = settingsFrom({});
  assert.deepEqual(s, { path: "", rulesPath: "", severity: {}, trace: "off", problems: [] });
});

test("readSettings: severity overrides are normalised and bad entries reported", () => {
  const s = settingsFrom({
    severity: { "name/exact": "Warning", date: "off", "spelling/variant": "info", x: "loud", y: 3 },
    "trace.server": "verbose",
    path: "  /opt/draftlint  ",
  });
  assert.deepEqual(s.severity, { "name/exact": "warning", date: "off", "spelling/variant": "information" });
  assert.equal(s.trace, "verbose");
  assert.equal(s.path, "/opt/draftlint");
  assert.equal(s.problems.length, 2);
  assert.match(s.problems[0], /'loud' for x/);
});

test("readSettings: wrong types are reported, not thrown", () => {
  const s = settingsFrom({ path: 7, severity: ["a"], "trace.server": "loud" });
  assert.equal(s.path, "");
  assert.deepEqual(s.severity, {});
  assert.equal(s.trace, "off");
  assert.equal(s.problems.length, 3);
});

test("resolveServerPath: the setting wins, relative to the workspace folder", (t) => {
  const dir = tmp(t);
  const bin = fakeExecutable(path.join(dir, "tools", "draftlint"));
  fakeExecutable(path.join(dir, "onpath", "draftlint"));
  const r = cfg.resolveServerPath(settingsFrom({ path: "tools/draftlint" }), {
    extensionPath: path.join(dir, "ext"),
    workspaceFolder: dir,
    env: { PATH: path.join(dir, "onpath") },
  });
  assert.deepEqual(r, { ok: true, command: bin, source: "setting" });
  const r2 = cfg.resolveServerPath(settingsFrom({ path: "${workspaceFolder}/tools/draftlint" }), {
    extensionPath: path.join(dir, "ext"),
    workspaceFolder: dir,
    env: { PATH: "" },
  });
  assert.equal(r2.ok && r2.command, bin);
});

test("resolveServerPath: a wrong setting is an error, not a silent fallback", (t) => {
  const dir = tmp(t);
  fakeExecutable(path.join(dir, "onpath", "draftlint"));
  const r = cfg.resolveServerPath(settingsFrom({ path: "/nonexistent/draftlint" }), {
    extensionPath: dir,
    env: { PATH: path.join(dir, "onpath") },
  });
  assert.equal(r.ok, false);
  assert.match(r.message, /draftlint\.path/);
});

test("resolveServerPath: PATH before the bundled binary; non-executables skipped", (t) => {
  const dir = tmp(t);
  const ext = path.join(dir, "ext");
  const bundled = fakeExecutable(path.join(ext, "server", "draftlint"));
  const notExec = path.join(dir, "a", "draftlint");
  fs.mkdirSync(path.dirname(notExec));
  fs.writeFileSync(notExec, "");
  fs.chmodSync(notExec, 0o644);
  const onPath = fakeExecutable(path.join(dir, "b", "draftlint"));
  const env = { PATH: [path.join(dir, "a"), "", path.join(dir, "b")].join(":") };
  assert.deepEqual(cfg.resolveServerPath(settingsFrom({}), { extensionPath: ext, env }), {
    ok: true,
    command: onPath,
    source: "path",
  });
  assert.deepEqual(cfg.resolveServerPath(settingsFrom({}), { extensionPath: ext, env: { PATH: path.join(dir, "a") } }), {
    ok: true,
    command: bundled,
    source: "bundled",
  });
  const none = cfg.resolveServerPath(settingsFrom({}), { extensionPath: dir, env: {} });
  assert.equal(none.ok, false);
  assert.match(none.message, /server/);
});

test("resolveServerPath: Windows names and separators", () => {
  const seen = [];
  const r = cfg.resolveServerPath(settingsFrom({}), {
    extensionPath: "/ext",
    platform: "win32",
    env: { Path: "/x;/y" },
    isExecutable: (p) => {
      seen.push(p);
      return p === path.join("/y", "draftlint.exe");
    },
  });
  assert.deepEqual(r, { ok: true, command: path.join("/y", "draftlint.exe"), source: "path" });
  assert.deepEqual(seen, [path.join("/x", "draftlint.exe"), path.join("/y", "draftlint.exe")]);
});

test("serverOptions: rulesPath resolved against the workspace, severity passed through", () => {
  const s = settingsFrom({ rulesPath: "house/rules", severity: { date: "off" } });
  assert.deepEqual(cfg.serverOptions(s, "/ws"), {
    rulesPath: path.join("/ws", "house", "rules"),
    rules: path.join("/ws", "house", "rules"),
    severity: { date: "off" },
  });
  assert.deepEqual(cfg.serverOptions(settingsFrom({}), "/ws"), { severity: {} }, "unset keys are left to the server");
  assert.equal(cfg.serverOptions(settingsFrom({ rulesPath: "~/r" }), undefined).rulesPath, path.join(os.homedir(), "r"));
  assert.deepEqual(cfg.didChangeConfigurationParams(s, "/ws"), { settings: { draftlint: cfg.serverOptions(s, "/ws") } });
});

test("rulePack and packLabel: setting, then draftlint.toml, then rules/, then built-in", (t) => {
  const ws = tmp(t);
  assert.deepEqual(cfg.rulePack(settingsFrom({}), ws), { from: "built-in" });
  assert.equal(cfg.packLabel({ from: "built-in" }, ws), "built-in rules");
  fs.mkdirSync(path.join(ws, "rules"));
  assert.deepEqual(cfg.rulePack(settingsFrom({}), ws), { from: "built-in" }, "an empty rules/ is not a pack");
  fs.mkdirSync(path.join(ws, "rules", "curated"));
  const fromFolder = cfg.rulePack(settingsFrom({}), ws);
  assert.deepEqual(fromFolder, { dir: path.join(ws, "rules"), from: "rules/" });
  assert.equal(cfg.packLabel(fromFolder, ws), "rules");
  fs.writeFileSync(path.join(ws, "draftlint.toml"), '# house rules\nrules = "style/rules" # the pack\n\n[other]\nrules = "no"\n');
  const fromToml = cfg.rulePack(settingsFrom({}), ws);
  assert.deepEqual(fromToml, { dir: path.join(ws, "style", "rules"), from: "draftlint.toml" });
  assert.equal(cfg.packLabel(fromToml, ws), "style/rules");
  const fromSetting = cfg.rulePack(settingsFrom({ rulesPath: "/elsewhere/pack" }), ws);
  assert.deepEqual(fromSetting, { dir: "/elsewhere/pack", from: "setting" });
  assert.equal(cfg.packLabel(fromSetting, ws), "/elsewhere/pack");
  fs.writeFileSync(path.join(ws, "draftlint.toml"), "rules = 'lit'\n");
  assert.equal(cfg.workspaceRulesPath(ws), path.join(ws, "lit"));
  fs.writeFileSync(path.join(ws, "draftlint.toml"), "[section]\nrules = \"x\"\n");
  assert.equal(cfg.workspaceRulesPath(ws), undefined);
});

test("statusText shows the pack and the count of findings", () => {
  assert.equal(cfg.statusText("rules", 0), "$(checklist) draftlint: rules · 0 findings");
  assert.equal(cfg.statusText("rules", 1), "$(checklist) draftlint: rules · 1 finding");
  assert.equal(cfg.statusText("built-in rules", undefined), "$(checklist) draftlint: built-in rules");
});

test("statusView: a count only while the server runs; a dead or missing server is red and opens the output", () => {
  const running = cfg.statusView("running", "rules", 3);
  assert.deepEqual(running, {
    text: "$(checklist) draftlint: rules · 3 findings",
    tooltip: "draftlint: rules. Click to apply all safe fixes.",
    command: "draftlint.fixAll",
    error: false,
  });
  for (const state of ["starting", "stopped", "missing"]) {
    const v = cfg.statusView(state, "rules", 3, "why it stopped");
    assert.doesNotMatch(v.text, /finding|rules/, `${state}: no count and no pack from a server that is not up`);
    assert.equal(v.command, "draftlint.showOutput", `${state}: a click opens the output`);
  }
  const stopped = cfg.statusView("stopped", "rules", 0, "The server (/x/draftlint) exited.");
  assert.equal(stopped.text, "$(error) draftlint: server not running");
  assert.equal(stopped.error, true);
  assert.match(stopped.tooltip, /^The server \(\/x\/draftlint\) exited\.\n.*Restart Server/);
  const missing = cfg.statusView("missing", "rules", undefined, "draftlint.path is set to 'x'");
  assert.equal(missing.text, "$(error) draftlint: server not found");
  assert.equal(missing.error, true);
  assert.match(missing.tooltip, /draftlint\.path is set to 'x'/);
  const starting = cfg.statusView("starting", "rules", undefined);
  assert.equal(starting.error, false);
  assert.match(starting.text, /starting/);
});

test("package.json documents severity families that exist (date, not dates)", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const doc = pkg.contributes.configuration.properties["draftlint.severity"].markdownDescription;
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  // The server matches a key against a code, or a code's prefix before "/"
  // (src/engine.rs); its families are the built-in checks' prefixes.
  const families = ["date", "event", "honorific", "name", "ship", "spelling", "title"];
  for (const [where, text] of [["package.json", doc], ["README.md", readme]]) {
    const keys = [...text.matchAll(/\\?"([a-z-]+(?:\/[a-z-]+)?)\\?"\s*:\s*\\?"(?:error|warning|information|hint|off)\\?"/g)].map((m) => m[1]);
    assert.ok(keys.length > 0, `${where} gives a severity example`);
    for (const k of keys) {
      assert.ok(families.includes(k.split("/")[0]), `${where}: '${k}' is not a draftlint rule family`);
    }
  }
});

test("learn writes into the pack's learned/ folder", () => {
  assert.equal(cfg.learnTarget({ dir: "/ws/rules", from: "setting" }, "/ws"), path.join("/ws/rules", "learned"));
  assert.equal(cfg.learnTarget({ from: "built-in" }, "/ws"), path.join("/ws", "rules", "learned"));
  assert.equal(cfg.learnTarget({ from: "built-in" }, undefined), undefined);
  assert.deepEqual(cfg.learnArgs("/corpus", "/ws/rules/learned"), ["learn", "/corpus", "--out", "/ws/rules/learned"]);
});

test("reloadCommand finds the server's reload command, if it has one", () => {
  assert.equal(cfg.reloadCommand({ executeCommandProvider: { commands: ["draftlint.applyFix", "draftlint.reloadRules"] } }), "draftlint.reloadRules");
  assert.equal(cfg.reloadCommand({ executeCommandProvider: { commands: ["x.reload"] } }), undefined);
  assert.equal(cfg.reloadCommand({}), undefined);
  assert.equal(cfg.serverHasCommand({ executeCommandProvider: { commands: ["a"] } }, "a"), true);
});

test("package.json declares every setting and command the code uses", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const props = Object.keys(pkg.contributes.configuration.properties).sort();
  assert.deepEqual(props, ["draftlint.path", "draftlint.rulesPath", "draftlint.severity", "draftlint.trace.server"]);
  const src = fs.readFileSync(path.join(ROOT, "src", "extension.ts"), "utf8");
  const registered = [...src.matchAll(/registerCommand\("([^"]+)"/g)].map((m) => m[1]).sort();
  const declared = pkg.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(registered, declared);
  assert.ok(declared.includes(cfg.FIX_ALL_COMMAND) && declared.includes(cfg.SHOW_OUTPUT_COMMAND), "the status bar's commands exist");
  assert.deepEqual(
    pkg.activationEvents.map((e) => e.replace("onLanguage:", "")).sort(),
    [...cfg.LANGUAGES].sort(),
  );
  const sevEnum = pkg.contributes.configuration.properties["draftlint.severity"].additionalProperties.enum;
  assert.deepEqual(sevEnum, [...cfg.SEVERITIES]);
  assert.equal(pkg.main, "./dist/extension.js");
  assert.ok(pkg.repository && pkg.repository.url, "vsce needs a repository field");
  assert.ok(fs.existsSync(path.join(ROOT, "LICENSE")), "vsce needs a LICENSE");
  assert.equal(pkg.dependencies["vscode-languageclient"].split(".")[0], "9", "9.x keeps older engines working");
});

test("the bundle loads with a stub vscode module and registers its commands on activate", async (t) => {
  // Enough of the vscode API for activate() to run with no server binary.
  const Module = require("node:module");
  const registered = [];
  const messages = [];
  const disposable = { dispose() {} };
  const item = { show() {}, hide() {}, dispose() {} };
  const stub = {
    window: {
      createOutputChannel: () => ({ appendLine() {}, append() {}, show() {}, dispose() {}, name: "draftlint" }),
      createStatusBarItem: () => item,
      showErrorMessage: (m) => {
        messages.push(m);
        return Promise.resolve(undefined);
      },
      showInformationMessage: () => Promise.resolve(undefined),
      onDidChangeActiveTextEditor: () => disposable,
      activeTextEditor: undefined,
    },
    commands: {
      registerCommand: (name) => {
        registered.push(name);
        return disposable;
      },
    },
    languages: { onDidChangeDiagnostics: () => disposable, getDiagnostics: () => [] },
    workspace: {
      workspaceFolders: undefined,
      getConfiguration: () => ({ get: (k) => (k === "path" ? "/nonexistent/draftlint" : undefined) }),
      onDidChangeConfiguration: () => disposable,
    },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ThemeColor: class {
      constructor(id) {
        this.id = id;
      }
    },
  };
  // vscode-languageclient subclasses vscode's classes (CompletionItem,
  // CodeAction, …) at load time: any name the stub lacks is an empty class.
  const classes = new Map();
  const vscode = new Proxy(stub, {
    get(target, name) {
      if (name in target) return target[name];
      if (typeof name !== "string" || name === "then" || name === "__esModule") return undefined;
      if (!classes.has(name)) classes.set(name, class {});
      return classes.get(name);
    },
  });
  const origLoad = Module._load;
  Module._load = function (request, ...rest) {
    if (request === "vscode") return vscode;
    return origLoad.call(this, request, ...rest);
  };
  t.after(() => {
    Module._load = origLoad;
  });
  const bundle = path.join(ROOT, "dist", "extension.js");
  delete require.cache[bundle];
  const ext = require(bundle);
  const context = { subscriptions: [], extensionPath: ROOT };
  await ext.activate(context);
  assert.deepEqual(registered.sort(), ["draftlint.fixAll", "draftlint.learn", "draftlint.restart", "draftlint.showOutput"]);
  assert.equal(messages.length, 1);
  assert.match(messages[0], /draftlint\.path/, "a missing binary is reported to the user");
  assert.equal(item.text, "$(error) draftlint: server not found");
  assert.equal(item.command, "draftlint.showOutput", "a click shows why");
  assert.equal(item.backgroundColor && item.backgroundColor.id, "statusBarItem.errorBackground");
  await ext.deactivate();
});
