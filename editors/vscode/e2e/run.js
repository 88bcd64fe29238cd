#!/usr/bin/env node
// End-to-end test of the built .vsix in a real VS Code: code-server (VS Code
// 1.100.3 in a browser) installs the extension, headless Chromium (Debian's,
// driven by playwright-core) plays the user. The Node tests in ../test drive
// the server through the protocol layer only; this is the test that would
// have caught the extension never starting its server (issue 8).
//
//   DRAFTLINT_BIN=target/debug/draftlint node editors/vscode/e2e/run.js [draftlint.vsix]
//
// Environment: DRAFTLINT_BIN (required), DRAFTLINT_VSIX (default
// ../draftlint.vsix), CHROMIUM (default /usr/bin/chromium), E2E_OUT (the
// folder for screenshots and logs; default a new temporary folder).
// Prints "ok - …" / "not ok - …" per test and last "e2e: N passed, N failed".
// Nothing is skipped: a missing code-server, chromium or binary is a failure.

"use strict";

const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const http = require("node:http");
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");

const HERE = __dirname;
const FIXTURES = path.join(HERE, "..", "test", "fixtures");
/** Every wait is bounded by this; a step that takes longer fails with what was on screen. */
const STEP_MS = 60_000;
const VIEWPORT = { width: 1000, height: 600 };

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A test failure: reported by its message (no stack: the message says where). */
function problem(message) {
  const e = new Error(message);
  e.expected = true;
  return e;
}

function fail(message) {
  throw problem(message);
}

/** Polls `probe` until it returns something truthy; fails with `what` and the last value seen. */
async function waitFor(what, probe, timeoutMs = STEP_MS) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = `(error: ${e.message.split("\n")[0]})`;
    }
    if (Date.now() > deadline) fail(`timed out after ${timeoutMs / 1000}s waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await sleep(250);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on("error", () => resolve(0));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(0);
    });
  });
}

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** The files under `dir` (recursively) whose name matches `re`. */
function findFiles(dir, re, out = []) {
  let entries = [];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findFiles(p, re, out);
    else if (re.test(e.name)) out.push(p);
  }
  return out;
}

/** code-server process groups still running: ended on any exit, so none outlives the test. */
const live = new Set();
process.on("exit", () => {
  for (const pid of live) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(130));

const tail = (text, n) => text.split("\n").slice(-n).join("\n");
const indent = (text) => text.replace(/^/gm, "    ");

// --- The machine: code-server, its profile, the browser --------------------

class Machine {
  constructor(out, bin, vsix) {
    this.out = out;
    this.bin = bin;
    this.vsix = vsix;
    this.codeServer = path.join(HERE, "node_modules", ".bin", "code-server");
    this.chromium = process.env.CHROMIUM || "/usr/bin/chromium";
    this.extensions = path.join(out, "extensions");
    this.shots = path.join(out, "screenshots");
    fs.mkdirSync(this.shots, { recursive: true });
    // XDG folders in the scratch folder, so that nothing lands in $HOME.
    const xdg = path.join(out, "xdg");
    this.env = {
      ...process.env,
      XDG_CONFIG_HOME: path.join(xdg, "config"),
      XDG_DATA_HOME: path.join(xdg, "data"),
      XDG_CACHE_HOME: path.join(xdg, "cache"),
      XDG_STATE_HOME: path.join(xdg, "state"),
    };
  }

  /** Fails now, with what to do, if code-server, chromium or the inputs are missing. */
  checkInputs() {
    for (const [what, file, hint] of [
      ["code-server", this.codeServer, "run `npm ci` in editors/vscode/e2e (see .ci/run for the settings it needs)"],
      ["chromium", this.chromium, "apt-get install chromium"],
      ["the draftlint binary", this.bin, "cargo build"],
      ["the .vsix", this.vsix, "npm run package in editors/vscode"],
    ]) {
      if (!fs.existsSync(file)) fail(`${what} not found at ${file}: ${hint}`);
    }
  }

  /** `code-server --install-extension` into a fresh extensions folder. */
  installExtension() {
    const r = spawnSync(
      this.codeServer,
      ["--extensions-dir", this.extensions, "--user-data-dir", path.join(this.out, "install-profile"), "--install-extension", this.vsix],
      { env: this.env, encoding: "utf8", timeout: STEP_MS },
    );
    const said = `${r.stdout}${r.stderr}`;
    if (r.status !== 0 || !/successfully installed/i.test(said)) {
      fail(`code-server --install-extension ${this.vsix} failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ""}):\n${indent(said)}`);
    }
    const installed = fs.readdirSync(this.extensions).filter((d) => d.startsWith("draftlint.draftlint-"));
    if (installed.length !== 1) fail(`expected one draftlint extension in ${this.extensions}, found ${installed}`);
    return installed[0];
  }

  /**
   * One VS Code session on `folder`: a fresh user-data-dir with the user
   * settings a test run needs, code-server on a free 127.0.0.1 port, and a
   * fresh Chromium profile. `stop()` ends both.
   */
  async session(name, folder) {
    const dir = path.join(this.out, name);
    const userData = path.join(dir, "user-data");
    writeJson(path.join(userData, "User", "settings.json"), {
      "security.workspace.trust.enabled": false,
      "workbench.startupEditor": "none",
      "workbench.tips.enabled": false,
      "workbench.welcomePage.walkthroughs.openOnInstall": false,
      "telemetry.telemetryLevel": "off",
      "update.mode": "none",
      "extensions.autoCheckUpdates": false,
      "extensions.autoUpdate": false,
      "extensions.ignoreRecommendations": true,
      "files.autoSave": "off",
      "editor.lightbulb.enabled": "on",
      "editor.hover.delay": 300,
      "editor.minimap.enabled": false,
      "chat.commandCenter.enabled": false,
      "workbench.colorTheme": "Default Light Modern",
    });
    const port = await freePort();
    const log = path.join(dir, "code-server.log");
    const logFd = fs.openSync(log, "w");
    const child = spawn(
      this.codeServer,
      [
        "--bind-addr", `127.0.0.1:${port}`,
        "--auth", "none",
        "--user-data-dir", userData,
        "--extensions-dir", this.extensions,
        "--disable-telemetry",
        "--disable-update-check",
        "--disable-workspace-trust",
        "--disable-getting-started-override",
        folder,
      ],
      { env: this.env, stdio: ["ignore", logFd, logFd], detached: true },
    );
    fs.closeSync(logFd);
    live.add(child.pid);
    let exited = null;
    child.on("exit", (code, signal) => {
      exited = { code, signal };
      live.delete(child.pid);
    });
    const base = `http://127.0.0.1:${port}`;
    const s = new Session(this, name, dir, folder, userData, log, child);
    try {
      await waitFor(`code-server to listen on ${base}`, async () => {
        if (exited) fail(`code-server exited (${JSON.stringify(exited)}):\n${indent(tail(fs.readFileSync(log, "utf8"), 30))}`);
        return (await httpStatus(`${base}/healthz`)) === 200;
      });
      const { chromium } = require("playwright-core");
      s.context = await chromium.launchPersistentContext(path.join(dir, "chromium-profile"), {
        executablePath: this.chromium,
        headless: true,
        viewport: VIEWPORT,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
        timeout: STEP_MS,
      });
      s.page = s.context.pages()[0] ?? (await s.context.newPage());
      s.page.setDefaultTimeout(STEP_MS);
      await s.page.goto(`${base}/?folder=${encodeURIComponent(folder)}`, { timeout: STEP_MS });
      await s.page.locator(".monaco-workbench").waitFor({ state: "visible", timeout: STEP_MS });
    } catch (e) {
      await s.stop();
      throw e;
    }
    return s;
  }
}

// --- One VS Code window, and what a user does in it -------------------------

class Session {
  constructor(machine, name, dir, folder, userData, log, child) {
    Object.assign(this, { machine, name, dir, folder, userData, log, child });
    this.shot = 0;
  }

  async stop() {
    try {
      await this.context?.close();
    } catch {
      // Already gone.
    }
    try {
      process.kill(-this.child.pid, "SIGTERM");
    } catch {
      // Already gone.
    }
    // The browser profile is only bulk; the logs and screenshots stay.
    fs.rmSync(path.join(this.dir, "chromium-profile"), { recursive: true, force: true });
  }

  async screenshot(label) {
    this.shot += 1;
    const file = path.join(this.machine.shots, `${this.name}-${String(this.shot).padStart(2, "0")}-${label}.png`);
    try {
      await this.page.screenshot({ path: file, timeout: 10_000 });
    } catch (e) {
      return `(no screenshot: ${e.message.split("\n")[0]})`;
    }
    return file;
  }

  /** One step: logged, screenshotted after; on failure, what was on screen. */
  async step(label, fn) {
    const t0 = Date.now();
    try {
      const v = await fn();
      const file = await this.screenshot(label);
      console.log(`    # ${this.name}: ${label} (${((Date.now() - t0) / 1000).toFixed(1)}s) ${path.basename(file)}`);
      return v;
    } catch (e) {
      const file = await this.screenshot(`${label}-FAILED`);
      e.message = `${this.name}: ${label}: ${e.message}\n  screenshot: ${file}\n${indent(await this.onScreen())}`;
      e.expected = true;
      throw e;
    }
  }

  /** What a person would look at to see why a step failed. */
  async onScreen() {
    const parts = [];
    const grab = async (what, fn) => {
      try {
        parts.push(`${what}: ${JSON.stringify(await fn())}`);
      } catch (e) {
        parts.push(`${what}: (${e.message.split("\n")[0]})`);
      }
    };
    await grab("status bar", () => this.statusItems());
    await grab("notifications", () => this.page.locator(".notification-toast").allInnerTexts());
    await grab("problems", () => this.problemRows());
    await grab("editor", () => this.editorText());
    await grab("hover", () => this.page.locator(".monaco-hover:visible").allInnerTexts());
    await grab("menu", () => this.page.locator(".action-widget:visible, .context-view:visible").allInnerTexts());
    for (const f of findFiles(path.join(this.userData, "logs"), /draftlint|exthost\.log$/)) {
      parts.push(`${path.relative(this.dir, f)}:\n${indent(tail(fs.readFileSync(f, "utf8"), 25))}`);
    }
    parts.push(`code-server log (${this.log}):\n${indent(tail(fs.readFileSync(this.log, "utf8"), 15))}`);
    return parts.join("\n");
  }

  async statusItems() {
    return this.page.locator("#workbench\\.parts\\.statusbar .statusbar-item").allInnerTexts();
  }

  /** The draftlint status bar item's text, or undefined while there is none. */
  async draftlintStatus() {
    const texts = await this.statusItems();
    return texts.map((t) => t.trim()).find((t) => t.startsWith("draftlint:"));
  }

  async waitStatus(what, re) {
    return waitFor(`the status bar to say ${what} (${re})`, async () => {
      const t = await this.draftlintStatus();
      return t !== undefined && re.test(t) ? t : false;
    });
  }

  /** The editor's visible lines, as text (Monaco renders spaces as U+00A0). */
  async editorText() {
    const lines = await this.page
      .locator(".editor-group-container .monaco-editor .view-lines .view-line")
      .evaluateAll((els) =>
        els
          .map((el) => ({ top: parseFloat(el.style.top) || 0, text: el.textContent }))
          .sort((a, b) => a.top - b.top)
          .map((l) => l.text.replace(/\u00a0/g, " ")),
      );
    return lines.join("\n");
  }

  /** Rows of the Problems panel: each row's text, marker rows only. */
  async problemRows() {
    return this.page
      .locator(".markers-panel .monaco-list-row")
      .evaluateAll((rows) =>
        rows.filter((r) => r.querySelector(".marker-message-details, .marker-source, .marker-code")).map((r) => r.innerText.replace(/\s+/g, " ").trim()),
      );
  }

  async runCommand(title) {
    const { page } = this;
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible" });
    await input.fill(`>${title}`);
    const row = page.locator(".quick-input-widget .monaco-list-row", { hasText: title }).first();
    await row.waitFor({ state: "visible" });
    await page.keyboard.press("Enter");
    await page.locator(".quick-input-widget").waitFor({ state: "hidden" });
  }

  async openFile(name) {
    const { page } = this;
    await page.locator(".monaco-workbench").click({ position: { x: 500, y: 300 } }).catch(() => {});
    await page.keyboard.press("Control+P");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible" });
    await input.fill(name);
    await page.locator(".quick-input-widget .monaco-list-row", { hasText: name }).first().waitFor({ state: "visible" });
    await page.keyboard.press("Enter");
    await page.locator(`.tabs-container .tab[aria-label^="${name}"]`).waitFor({ state: "visible" });
    await waitFor(`${name} to show in the editor`, async () => (await this.editorText()).includes("Royal Navy"));
  }

  /** The screen position of the `nth` occurrence of `text` in the editor (middle of it). */
  async positionOf(text, nth = 0) {
    const box = await this.page.evaluate(
      ({ text, nth }) => {
        const lines = [...document.querySelectorAll(".editor-group-container .monaco-editor .view-lines .view-line")].sort(
          (a, b) => (parseFloat(a.style.top) || 0) - (parseFloat(b.style.top) || 0),
        );
        let seen = 0;
        for (const line of lines) {
          const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
          // Text may be split over spans: search the line's text, then map back.
          const nodes = [];
          let all = "";
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            nodes.push({ node: n, at: all.length });
            all += n.textContent.replace(/\u00a0/g, " ");
          }
          let from = 0;
          for (;;) {
            const i = all.indexOf(text, from);
            if (i < 0) break;
            if (seen++ === nth) {
              const locate = (off) => {
                let k = nodes.length - 1;
                while (k > 0 && nodes[k].at > off) k--;
                return [nodes[k].node, off - nodes[k].at];
              };
              const range = document.createRange();
              range.setStart(...locate(i));
              range.setEnd(...locate(i + text.length - 1));
              const r = range.getBoundingClientRect();
              return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
            }
            from = i + 1;
          }
        }
        return null;
      },
      { text, nth },
    );
    if (box === null) fail(`'${text}' (occurrence ${nth + 1}) is not in the editor`);
    return box;
  }

  async save() {
    await this.page.keyboard.press("Control+S");
  }
}

/** Waits until `file` on disk holds exactly `expected`; fails with a diff-like report. */
async function waitForDisk(file, expected) {
  try {
    await waitFor(`${file} to hold the expected text`, () => fs.readFileSync(file, "utf8") === expected, 15_000);
  } catch {
    const got = fs.readFileSync(file, "utf8");
    fail(`${file} on disk is not the expected text.\n  expected: ${JSON.stringify(expected)}\n  got:      ${JSON.stringify(got)}`);
  }
}

/** The CLI's findings on a file: what the editor must show. */
function cliFindings(bin, file) {
  const r = spawnSync(bin, ["check", "--format", "json", path.basename(file)], { cwd: path.dirname(file), encoding: "utf8" });
  if (r.status !== 0 && r.status !== 1) fail(`draftlint check failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout).diagnostics;
}

function makeWorkspace(root, settings) {
  fs.mkdirSync(root, { recursive: true });
  fs.copyFileSync(path.join(FIXTURES, "draft.md"), path.join(root, "draft.md"));
  writeJson(path.join(root, ".vscode", "settings.json"), settings);
  return root;
}

// --- The tests --------------------------------------------------------------

/**
 * The user's path through the extension: findings in the Problems panel,
 * the evidence on hover, a quick fix from the light bulb, then Apply All
 * Safe Fixes, each saved and compared with the expected file on disk. The
 * draft is checked with the built-in pack (no draftlint.toml), so the names
 * carry evidence from the approved documents.
 */
async function testWorkingServer(m) {
  const ws = makeWorkspace(path.join(m.out, "ws-working"), { "draftlint.path": m.bin });
  const draft = path.join(ws, "draft.md");
  const expected = cliFindings(m.bin, draft);
  const names = expected.filter((d) => d.code === "name/exact" && d.evidence);
  if (expected.length === 0 || names.length < 2) fail(`the fixture should have two name/exact findings with evidence: ${JSON.stringify(expected)}`);
  const quickfixText = fs.readFileSync(path.join(FIXTURES, "draft.quickfix.md"), "utf8");
  const fixedText = fs.readFileSync(path.join(FIXTURES, "draft.fixed.md"), "utf8");

  const s = await m.session("working", ws);
  const { page } = s;
  try {
    await s.step("open-draft", () => s.openFile("draft.md"));

    const n = expected.length;
    await s.step("status-bar-count", () => s.waitStatus(`${n} findings`, new RegExp(`^draftlint: .* · ${n} findings?$`)));

    await s.step("problems-panel", async () => {
      await page.keyboard.press("Control+Shift+M");
      await page.locator(".markers-panel").waitFor({ state: "visible" });
      const rows = await waitFor(`${n} draftlint rows in the Problems panel`, async () => {
        const r = (await s.problemRows()).filter((t) => t.includes("draftlint"));
        return r.length === n ? r : false;
      });
      for (const d of expected) {
        if (!rows.some((r) => r.includes(d.message) && r.includes(d.code))) {
          fail(`no Problems row with '${d.message}' (${d.code}): ${JSON.stringify(rows)}`);
        }
      }
    });

    await s.step("hover-evidence", async () => {
      const at = await s.positionOf("Argyle", 0);
      await page.mouse.move(at.x - 30, at.y + 40);
      await page.mouse.move(at.x, at.y, { steps: 5 });
      const hover = page.locator(".monaco-hover:visible", { hasText: names[0].evidence });
      await hover.first().waitFor({ state: "visible" });
      const text = await hover.first().innerText();
      if (!text.includes(names[0].message)) fail(`the hover lacks the message '${names[0].message}': ${text}`);
    });

    await s.step("lightbulb-menu", async () => {
      // The hover may cover line 6: move away until it is gone.
      await page.mouse.move(150, 300);
      await page.locator(".monaco-hover:visible").first().waitFor({ state: "hidden" });
      // The cursor on the second HMS Argyle: its light bulb, then the menu.
      const at = await s.positionOf("Argyle", 1);
      await page.mouse.click(at.x, at.y);
      await page.mouse.move(at.x, at.y + 200);
      const bulb = page.locator(".editor-group-container .lightBulbWidget");
      await bulb.waitFor({ state: "visible" });
      await bulb.click();
      if ((await page.locator(".statusbar-item", { hasText: /^Ln 6,/ }).count()) === 0) {
        fail(`the cursor is not on line 6: ${JSON.stringify(await s.statusItems())}`);
      }
      const item = page.locator(".action-widget .monaco-list-row", { hasText: names[1].fixes[0].title });
      await item.first().waitFor({ state: "visible" });
    });
    // The README's picture: findings in the editor and the Problems panel, the quick-fix menu open.
    const readmeShot = path.join(m.shots, "readme.png");
    await page.screenshot({ path: readmeShot });

    await s.step("quick-fix-applied-and-saved", async () => {
      // The menu blocks the pointer until the mouse moves (VS Code's guard
      // against a stray click): move onto the item, then click it.
      const item = page.locator(".action-widget .monaco-list-row", { hasText: names[1].fixes[0].title }).first();
      const box = await item.boundingBox();
      if (box === null) fail("the quick-fix item has no box");
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 3, { steps: 3 });
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await item.click();
      await waitFor("the quick fix in the editor", async () => (await s.editorText()).includes("of HMS Argyll will"));
      await s.save();
      await waitForDisk(draft, quickfixText);
      await s.waitStatus(`${n - 1} findings`, new RegExp(` · ${n - 1} findings?$`));
    });

    await s.step("fix-all-and-saved", async () => {
      await s.runCommand("draftlint: Apply All Safe Fixes");
      await waitFor("every safe fix in the editor", async () => {
        const t = await s.editorText();
        return !t.includes("Argyle") && t.includes("8 January 2016");
      });
      await s.save();
      await waitForDisk(draft, fixedText);
      await s.waitStatus("0 findings", / · 0 findings$/);
      await waitFor("an empty Problems panel", async () => (await s.problemRows()).every((r) => !r.includes("draftlint")));
    });
    return readmeShot;
  } finally {
    await s.stop();
  }
}

/**
 * What a user sees when the server cannot run: a wrong draftlint.path, then a
 * binary that exits at once (as `draftlint lsp` did when the client passed
 * --stdio), then the right path again: the status bar must say so each
 * time, never show a count from a dead server, and recover on restart.
 */
async function testBrokenServer(m) {
  const ws = makeWorkspace(path.join(m.out, "ws-broken"), { "draftlint.path": path.join(m.out, "nonexistent", "draftlint") });
  const settingsFile = path.join(ws, ".vscode", "settings.json");
  const crashing = path.join(m.out, "crashing-draftlint");
  fs.writeFileSync(crashing, "#!/bin/sh\necho \"error: unexpected argument '$2' found\" >&2\nexit 2\n");
  fs.chmodSync(crashing, 0o755);
  const n = cliFindings(m.bin, path.join(ws, "draft.md")).length;

  const s = await m.session("broken", ws);
  const { page } = s;
  try {
    await s.step("open-draft", () => s.openFile("draft.md"));
    await s.step("status-server-not-found", async () => {
      await s.waitStatus("that the server is not found", /^draftlint: server not found$/);
    });
    await s.step("status-server-not-running", async () => {
      writeJson(settingsFile, { "draftlint.path": crashing });
      await s.waitStatus("that the server is not running", /^draftlint: server not running$/);
      // It stays so: the client gave up, and no count appears.
      await sleep(3000);
      const t = await s.draftlintStatus();
      if (t !== "draftlint: server not running") fail(`the status bar changed to '${t}'`);
    });
    await s.step("click-opens-output", async () => {
      await page.locator("#workbench\\.parts\\.statusbar .statusbar-item", { hasText: "draftlint: server not running" }).first().click();
      // The Output panel, on the draftlint channel, ending with the client's
      // last words on the server (their order varies between runs).
      const panel = page.locator("#workbench\\.parts\\.panel");
      await waitFor("the Output panel on the draftlint channel, saying the server exited", async () => {
        const channel = await panel
          .locator("select.monaco-select-box")
          .evaluateAll((els) => els.map((el) => el.options[el.selectedIndex]?.text));
        if (!channel.includes("draftlint")) return false;
        const texts = (await panel.locator(".monaco-editor .view-lines").allInnerTexts()).join("\n").replace(/\u00a0/g, " ");
        return ["Server process exited with code 2", "The draftlint server crashed", "unexpected argument '--stdio'"].some((t) =>
          texts.includes(t),
        );
      });
      const log = findFiles(path.join(s.userData, "logs"), /draftlint\.log$/).map((f) => fs.readFileSync(f, "utf8"));
      if (!log.some((t) => t.includes(`starting ${crashing} lsp`))) fail(`the draftlint output lacks 'starting ${crashing} lsp'`);
    });
    await s.step("restart-recovers", async () => {
      writeJson(settingsFile, { "draftlint.path": m.bin });
      await s.waitStatus(`${n} findings after the restart`, new RegExp(`^draftlint: .* · ${n} findings?$`));
    });
    await s.step("restart-command", async () => {
      const starts = () =>
        findFiles(path.join(s.userData, "logs"), /draftlint\.log$/)
          .map((f) => fs.readFileSync(f, "utf8"))
          .join("")
          .split(`starting ${m.bin} lsp`).length - 1;
      await waitFor("the first start in the draftlint output log", () => starts() === 1);
      await s.runCommand("draftlint: Restart Server");
      // The output log on disk is written lazily: poll it.
      await waitFor("a second start in the draftlint output log", () => starts() === 2);
      // The status bar's DOM lags the log, so the old "3 findings" may still
      // show: wait until it reads the count and keeps it for 2 s.
      const want = new RegExp(`^draftlint: .* · ${n} findings?$`);
      let since;
      await waitFor(`the status bar to settle on ${n} findings after Restart Server`, async () => {
        const t = await s.draftlintStatus();
        if (t === undefined || !want.test(t)) since = undefined;
        else since ??= Date.now();
        return since !== undefined && Date.now() - since >= 2000 ? t : false;
      });
    });
  } finally {
    await s.stop();
  }
}

async function main() {
  const bin = process.env.DRAFTLINT_BIN ? path.resolve(process.env.DRAFTLINT_BIN) : "";
  const vsix = path.resolve(process.argv[2] || process.env.DRAFTLINT_VSIX || path.join(HERE, "..", "draftlint.vsix"));
  const out = process.env.E2E_OUT ? path.resolve(process.env.E2E_OUT) : fs.mkdtempSync(path.join(os.tmpdir(), "draftlint-e2e-"));
  fs.mkdirSync(out, { recursive: true });
  console.log(`# vscode e2e: screenshots and logs in ${path.join(out, "screenshots")} (and ${out})`);
  let passed = 0;
  let failed = 0;
  const report = (name, e) => {
    if (e === undefined) {
      passed += 1;
      console.log(`ok - ${name} (${elapsed()})`);
    } else {
      failed += 1;
      console.log(`not ok - ${name} (${elapsed()})`);
      console.log(indent(e.expected ? e.message : e.stack || String(e)));
    }
  };
  const m = new Machine(out, bin, vsix);
  let ready = false;
  try {
    if (!bin) fail("set DRAFTLINT_BIN to the draftlint binary");
    m.checkInputs();
    const installed = m.installExtension();
    console.log(`# installed ${installed} (${elapsed()})`);
    ready = true;
    report("code-server installs the .vsix (and chromium is there)");
  } catch (e) {
    report("code-server installs the .vsix (and chromium is there)", e);
  }
  // E2E_ONLY=Broken (part of a test function's name) runs one test, for debugging.
  const only = process.env.E2E_ONLY;
  const tests = [
    ["real VS Code: diagnostics, hover evidence, light-bulb quick fix, Apply All Safe Fixes, saved to disk", testWorkingServer],
    ["real VS Code: a wrong or crashing server shows in the status bar, and a restart recovers", testBrokenServer],
  ].filter(([, fn]) => !only || fn.name.includes(only));
  if (tests.length === 0) report(`E2E_ONLY=${only} selects a test`, problem("no test matches"));
  for (const [name, fn] of tests) {
    if (!ready) {
      report(name, problem("not run: the setup above failed"));
      continue;
    }
    try {
      const v = await fn(m);
      if (typeof v === "string") console.log(`# README screenshot: ${v}`);
      report(name);
    } catch (e) {
      report(name, e);
    }
  }
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e) => {
  console.log(`not ok - e2e harness: ${e.stack || e}`);
  console.log("e2e: 0 passed, 1 failed");
  process.exit(1);
});
