// The protocol layer vscode-languageclient uses, driving the real
// `draftlint lsp` ($DRAFTLINT_BIN) as the extension would: diagnostics
// arrive, a quick fix applies, fix-all applies every safe fix, settings
// reach the server.

"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { Session, fixtureText, offsetAt, tempWorkspace, FIXTURES } = require("./support/lsp");

const FIX_ALL = "source.fixAll.draftlint";

/** The text a diagnostic covers. */
function covered(text, d) {
  return text.slice(offsetAt(text, d.range.start), offsetAt(text, d.range.end));
}

function assertWellFormed(diags) {
  for (const d of diags) {
    assert.equal(d.source, "draftlint", `source of ${JSON.stringify(d)}`);
    assert.ok(typeof d.code === "string" && d.code.length > 0, `code of ${JSON.stringify(d)}`);
    assert.ok([1, 2, 3, 4].includes(d.severity), `severity of ${JSON.stringify(d)}`);
    assert.ok(typeof d.message === "string" && d.message.length > 0, `message of ${JSON.stringify(d)}`);
  }
}

// Findings of the fixture pack's pattern rule (by its message, so that the
// built-in pack's own HMS Argyle finding is not mistaken for it).
const SHIP_MESSAGE = "The ship is HMS Argyll.";
const argyles = (text) => (diags) =>
  diags.filter((d) => covered(text, d).includes("HMS Argyle") && d.message.includes(SHIP_MESSAGE));
const cfg = require("../dist/config.js");

/** initializationOptions exactly as the extension builds them from its settings. */
function extensionOptions(settings, folder) {
  return cfg.serverOptions(cfg.readSettings((k) => settings[k]), folder);
}

async function openDraft(t, opts = {}) {
  const ws = tempWorkspace(t, "workspace");
  const file = path.join(ws, "draft.md");
  fs.copyFileSync(path.join(FIXTURES, "draft.md"), file);
  const s = await Session.start(t, { rootDir: ws, ...opts });
  const uri = await s.open(file);
  const text = s.text(uri);
  // Both HMS Argyle and the ordinal date are flagged.
  const diags = await s.diagnosticsFor(
    uri,
    (ds) => argyles(text)(ds).length === 2 && ds.some((d) => covered(text, d).includes("8th")),
    "the two HMS Argyle findings and the date finding",
  );
  return { s, ws, file, uri, text, diags };
}

test("with no workspace config the server starts on the built-in pack and publishes diagnostics", async (t) => {
  const ws = tempWorkspace(t);
  const file = path.join(ws, "draft.md");
  fs.copyFileSync(path.join(FIXTURES, "draft.md"), file);
  const s = await Session.start(t, { rootDir: ws });
  const caps = s.initializeResult.capabilities;
  assert.ok(caps.textDocumentSync !== undefined, "advertises textDocumentSync");
  assert.ok(caps.codeActionProvider, "advertises codeActionProvider");
  const uri = await s.open(file);
  const diags = await s.diagnosticsFor(uri);
  assert.ok(Array.isArray(diags));
  assertWellFormed(diags);
  const exit = await s.shutdown();
  assert.deepEqual(exit, { code: 0, signal: null }, "exits 0 after shutdown and exit");
});

test("a plain-text draft is checked too", async (t) => {
  const ws = tempWorkspace(t, "workspace");
  const file = path.join(ws, "draft.txt");
  fs.copyFileSync(path.join(FIXTURES, "draft.md"), file);
  const s = await Session.start(t, { rootDir: ws });
  const uri = await s.open(file, "plaintext");
  const diags = await s.diagnosticsFor(uri, (ds) => argyles(s.text(uri))(ds).length === 2, "HMS Argyle findings");
  assertWellFormed(diags);
});

test("diagnostics from the workspace's draftlint.toml arrive with code, source, severity and range", async (t) => {
  const { s, text, diags } = await openDraft(t);
  assertWellFormed(diags);
  const ships = argyles(text)(diags);
  assert.deepEqual(
    ships.map((d) => covered(text, d)),
    ["HMS Argyle", "HMS Argyle"],
    "the ranges cover exactly the departures (UTF-16 columns after ’ and –)",
  );
  assert.deepEqual(
    ships.map((d) => d.range.start.line),
    [2, 5],
  );
  assert.equal(ships[0].code, ships[1].code, "one rule, one code");
  const caps = s.initializeResult.capabilities.codeActionProvider;
  if (typeof caps === "object" && Array.isArray(caps.codeActionKinds)) {
    assert.ok(caps.codeActionKinds.includes("quickfix"), `kinds: ${caps.codeActionKinds}`);
    assert.ok(
      caps.codeActionKinds.some((k) => FIX_ALL === k || FIX_ALL.startsWith(`${k}.`)),
      `kinds cover ${FIX_ALL}: ${caps.codeActionKinds}`,
    );
  }
});

test("a quick fix applies", async (t) => {
  const { s, uri, text, diags } = await openDraft(t);
  const target = argyles(text)(diags).find((d) => d.range.start.line === 5);
  const actions = await s.codeActions(uri, target.range, [target]);
  const quick = actions.filter((a) => typeof a.kind === "string" && a.kind.startsWith("quickfix"));
  assert.ok(quick.length > 0, `a quickfix is offered: ${JSON.stringify(actions)}`);
  // Other quick fixes (such as "disable for this line") may be offered too.
  const fix = quick.find((a) => a.title.includes("HMS Argyll"));
  assert.ok(fix, `a quick fix titled with the replacement: ${quick.map((a) => a.title)}`);
  const before = s.publishes(uri);
  await s.applyEdit(uri, await s.resolvedEdit(fix));
  assert.equal(s.text(uri), fixtureText("draft.quickfix.md"));
  const after = await s.nextDiagnostics(uri, before);
  assert.equal(argyles(s.text(uri))(after).length, 1, "the fixed finding is gone, the other stays");
});

test("source.fixAll.draftlint applies every safe fix", async (t) => {
  const { s, uri, text } = await openDraft(t);
  const lines = text.split("\n").length;
  const whole = { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } };
  const actions = await s.codeActions(uri, whole, [], [FIX_ALL]);
  const all = actions.filter((a) => a.kind === FIX_ALL);
  assert.equal(all.length, 1, `one fix-all action: ${JSON.stringify(actions)}`);
  const before = s.publishes(uri);
  await s.applyEdit(uri, await s.resolvedEdit(all[0]));
  assert.equal(s.text(uri), fixtureText("draft.fixed.md"));
  const after = await s.nextDiagnostics(uri, before);
  const fixedText = s.text(uri);
  assert.equal(argyles(fixedText)(after).length, 0);
  assert.ok(!after.some((d) => covered(fixedText, d).includes("8 January 2016")), "the date is fine now");
});

async function rulesPathSession(t, initializationOptions, timeoutMs) {
  const ws = tempWorkspace(t); // no draftlint.toml
  const elsewhere = tempWorkspace(t, "pack");
  const file = path.join(ws, "draft.md");
  fs.copyFileSync(path.join(FIXTURES, "draft.pack.md"), file);
  const s = await Session.start(t, { rootDir: ws, initializationOptions: initializationOptions(elsewhere) });
  const uri = await s.open(file);
  const text = s.text(uri);
  const jmsdf = (ds) => ds.filter((d) => covered(text, d) === "Japanese Maritime Self Defence Force");
  const diags = await s.diagnosticsFor(uri, (ds) => jmsdf(ds).length === 1, "the pack's pattern finding", timeoutMs);
  return { s, uri, diags };
}

test("the rules folder the extension sends in initializationOptions is used", async (t) => {
  const { s, uri, diags } = await rulesPathSession(t, (dir) => extensionOptions({ rulesPath: dir }, undefined));
  assertWellFormed(diags);
  const whole = { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } };
  const actions = (await s.codeActions(uri, whole, [], [FIX_ALL])).filter((a) => a.kind === FIX_ALL);
  assert.equal(actions.length, 1);
  await s.applyEdit(uri, await s.resolvedEdit(actions[0]));
  assert.equal(s.text(uri), fixtureText("draft.pack.fixed.md"));
});

// The editors' contract names the setting `rulesPath`; the server reads
// `rules` today. The extension and the Neovim plugin send both until the
// server reads `rulesPath`; this test then passes and `todo` can go.
test("initializationOptions { rulesPath } alone chooses the rules folder", { todo: "server reads `rules`, not `rulesPath`" }, async (t) => {
  await rulesPathSession(t, (dir) => ({ rulesPath: dir }), 3000);
});

// The server lints with the built-in pack until its first reload finishes,
// so the first diagnostics of a draft can come from the wrong pack.
test("the first diagnostics published come from the configured pack", { todo: "server publishes built-in findings before the workspace pack loads" }, async (t) => {
  const ws = tempWorkspace(t, "workspace");
  const file = path.join(ws, "draft.md");
  fs.copyFileSync(path.join(FIXTURES, "draft.md"), file);
  const s = await Session.start(t, { rootDir: ws });
  const uri = await s.open(file);
  const first = await s.diagnosticsFor(uri);
  assert.equal(argyles(s.text(uri))(first).length, 2, `first publish: ${JSON.stringify(first.map((d) => d.code))}`);
});

test("severity overrides: from initializationOptions, then changed by didChangeConfiguration", async (t) => {
  // Learn the rule code from a first run, so the test does not hard-code it.
  const first = await openDraft(t);
  const code = argyles(first.text)(first.diags)[0].code;
  await first.s.shutdown();

  const { s, uri, text, diags } = await openDraft(t, {
    initializationOptions: extensionOptions({ severity: { [code]: "hint" } }, undefined),
  });
  const ships = argyles(text)(diags);
  assert.deepEqual(ships.map((d) => d.severity), [4, 4], "initializationOptions severity override applies");

  const before = s.publishes(uri);
  await s.changeConfiguration(cfg.didChangeConfigurationParams(cfg.readSettings((k) => (k === "severity" ? { [code]: "off" } : undefined)), undefined).settings.draftlint);
  const after = await s.nextDiagnostics(uri, before);
  assert.equal(argyles(text)(after).length, 0, `'off' silences ${code}: ${JSON.stringify(after)}`);
  assert.ok(after.some((d) => covered(text, d).includes("8th")), "other rules still report");
});

test("the learn command the extension runs writes a pack the server then loads", async (t) => {
  const { execFileSync } = require("node:child_process");
  const ws = tempWorkspace(t);
  const out = cfg.learnTarget({ from: "built-in" }, ws); // <ws>/rules/learned
  const args = cfg.learnArgs(path.join(FIXTURES, "corpus"), out);
  execFileSync(process.env.DRAFTLINT_BIN, args, { cwd: ws, stdio: "pipe", timeout: 30000 });
  const written = fs.readdirSync(out).filter((f) => f.endsWith(".toml"));
  assert.ok(written.length > 0, `learn wrote rule files into ${out}`);
  assert.deepEqual(cfg.rulePack(cfg.readSettings(() => undefined), ws), { dir: path.dirname(out), from: "rules/" });

  const file = path.join(ws, "draft.md");
  fs.copyFileSync(path.join(FIXTURES, "draft.md"), file);
  const s = await Session.start(t, { rootDir: ws });
  const uri = await s.open(file);
  assertWellFormed(await s.diagnosticsFor(uri));
});
