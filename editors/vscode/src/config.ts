// The extension's configuration logic, kept free of the `vscode` module so
// that it runs (and is tested) in plain Node. `extension.ts` reads settings
// through VS Code and hands them here; everything that decides *what* to
// start and *what* to send the server lives in this file.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The language ids the server is started for. */
export const LANGUAGES = ["markdown", "plaintext"] as const;

/** The code-action kind the server offers for "apply every safe fix". */
export const FIX_ALL_KIND = "source.fixAll.draftlint";

/** The command that applies every safe fix in the active file. */
export const FIX_ALL_COMMAND = "draftlint.fixAll";

/** The `source` the server puts on its diagnostics. */
export const DIAGNOSTIC_SOURCE = "draftlint";

export const SEVERITIES = ["error", "warning", "information", "hint", "off"] as const;
export type SeverityName = (typeof SEVERITIES)[number];

export type TraceLevel = "off" | "messages" | "verbose";

/** The `draftlint.*` settings, normalised. */
export interface Settings {
  /** `draftlint.path`: the binary; empty means PATH, then the bundled one. */
  path: string;
  /** `draftlint.rulesPath`: the rules folder; empty means the workspace's own. */
  rulesPath: string;
  /** `draftlint.severity`: rule code (or family) to severity or "off". */
  severity: Record<string, SeverityName>;
  /** `draftlint.trace.server`. */
  trace: TraceLevel;
  /** Setting values that were ignored, in words, for a warning. */
  problems: string[];
}

/**
 * Reads and normalises the settings. `get(key)` returns the raw value of
 * `draftlint.<key>` (as `WorkspaceConfiguration.get` does), or undefined.
 */
export function readSettings(get: (key: string) => unknown): Settings {
  const problems: string[] = [];
  const str = (key: string): string => {
    const v = get(key);
    if (v === undefined || v === null) return "";
    if (typeof v !== "string") {
      problems.push(`draftlint.${key} must be a string`);
      return "";
    }
    return v.trim();
  };
  const severity: Record<string, SeverityName> = {};
  const raw = get("severity");
  if (raw !== undefined && raw !== null) {
    if (typeof raw !== "object" || Array.isArray(raw)) {
      problems.push("draftlint.severity must be an object of rule code to severity");
    } else {
      for (const [code, value] of Object.entries(raw as Record<string, unknown>)) {
        const v = typeof value === "string" ? normaliseSeverity(value) : undefined;
        if (v === undefined) {
          problems.push(
            `draftlint.severity: '${String(value)}' for ${code} is not one of ${SEVERITIES.join(", ")}`,
          );
        } else if (code.trim() === "") {
          problems.push("draftlint.severity: empty rule code");
        } else {
          severity[code.trim()] = v;
        }
      }
    }
  }
  const traceRaw = str("trace.server") || "off";
  let trace: TraceLevel = "off";
  if (traceRaw === "off" || traceRaw === "messages" || traceRaw === "verbose") {
    trace = traceRaw;
  } else {
    problems.push(`draftlint.trace.server: '${traceRaw}' is not off, messages or verbose`);
  }
  return { path: str("path"), rulesPath: str("rulesPath"), severity, trace, problems };
}

function normaliseSeverity(s: string): SeverityName | undefined {
  const v = s.trim().toLowerCase();
  if (v === "info") return "information";
  return (SEVERITIES as readonly string[]).includes(v) ? (v as SeverityName) : undefined;
}

/** `~` and `${workspaceFolder}` expanded; relative paths taken from `base`. */
export function expandPath(p: string, base: string | undefined, home = os.homedir()): string {
  let out = p;
  if (base !== undefined) out = out.split("${workspaceFolder}").join(base);
  if (out === "~") out = home;
  else if (out.startsWith("~/")) out = path.join(home, out.slice(2));
  if (!path.isAbsolute(out) && base !== undefined) out = path.join(base, out);
  return path.normalize(out);
}

export function isExecutableFile(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) return false;
    if (process.platform === "win32") return true;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The binary's file name on `platform`. */
export function binaryName(platform: NodeJS.Platform = process.platform): string {
  return platform === "win32" ? "draftlint.exe" : "draftlint";
}

/** The first `name` on `envPath` that is an executable file. */
export function findOnPath(
  name: string,
  envPath: string | undefined,
  platform: NodeJS.Platform = process.platform,
  isExecutable: (p: string) => boolean = isExecutableFile,
): string | undefined {
  if (!envPath) return undefined;
  const sep = platform === "win32" ? ";" : ":";
  for (const dir of envPath.split(sep)) {
    if (dir === "") continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export type ServerSource = "setting" | "path" | "bundled";

export type ServerResolution =
  | { ok: true; command: string; source: ServerSource }
  | { ok: false; message: string };

export interface ResolveOptions {
  /** The extension's install folder; the bundled binary is `server/draftlint` in it. */
  extensionPath: string;
  /** The first workspace folder, for relative `draftlint.path` values. */
  workspaceFolder?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  isExecutable?: (p: string) => boolean;
}

/**
 * Which binary to start: `draftlint.path` when set (and then only that: a
 * wrong setting is an error, not a silent fallback), else `draftlint` on
 * PATH, else the one bundled in the extension's `server/` folder.
 */
export function resolveServerPath(settings: Settings, opts: ResolveOptions): ServerResolution {
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? process.env;
  const isExec = opts.isExecutable ?? isExecutableFile;
  const name = binaryName(platform);
  if (settings.path !== "") {
    const p = expandPath(settings.path, opts.workspaceFolder);
    if (isExec(p)) return { ok: true, command: p, source: "setting" };
    return {
      ok: false,
      message: `draftlint.path is set to '${settings.path}', but ${p} is not an executable file.`,
    };
  }
  const onPath = findOnPath(name, env.PATH ?? env.Path, platform, isExec);
  if (onPath !== undefined) return { ok: true, command: onPath, source: "path" };
  const bundled = path.join(opts.extensionPath, "server", name);
  if (isExec(bundled)) return { ok: true, command: bundled, source: "bundled" };
  return {
    ok: false,
    message:
      "Cannot find the draftlint binary: set draftlint.path, put draftlint on PATH, " +
      `or place it at ${bundled}.`,
  };
}

/** The `rules` entry of a workspace's `draftlint.toml`, resolved, if any. */
export function workspaceRulesPath(workspaceFolder: string | undefined): string | undefined {
  if (workspaceFolder === undefined) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(path.join(workspaceFolder, "draftlint.toml"), "utf8");
  } catch {
    return undefined;
  }
  // Top-level `rules = "…"` (before any table header). A full TOML parser
  // is not worth a dependency for one key; the server reads the file itself.
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*\[/.test(line)) break;
    const m = /^\s*rules\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)')\s*(?:#.*)?$/.exec(line);
    if (m) {
      const value = m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : m[2];
      return path.resolve(workspaceFolder, value);
    }
  }
  return undefined;
}

/**
 * What the server is given, both as `initializationOptions` and (under
 * `settings.draftlint`) in `workspace/didChangeConfiguration`. Only keys that
 * are set are sent, so the server's own defaults (the workspace's
 * `draftlint.toml`, then the built-in pack) apply otherwise.
 */
export interface ServerOptions {
  rulesPath?: string;
  /**
   * The same folder under the key the server reads today (`src/lsp/convert.rs`
   * reads `rules`; the editors' contract says `rulesPath`). Sent until the
   * server reads `rulesPath`; then drop it.
   */
  rules?: string;
  severity: Record<string, SeverityName>;
}

export function serverOptions(settings: Settings, workspaceFolder: string | undefined): ServerOptions {
  const out: ServerOptions = { severity: { ...settings.severity } };
  if (settings.rulesPath !== "") {
    out.rulesPath = expandPath(settings.rulesPath, workspaceFolder);
    out.rules = out.rulesPath;
  }
  return out;
}

/** The `workspace/didChangeConfiguration` params for these settings. */
export function didChangeConfigurationParams(
  settings: Settings,
  workspaceFolder: string | undefined,
): { settings: { draftlint: ServerOptions } } {
  return { settings: { draftlint: serverOptions(settings, workspaceFolder) } };
}

/**
 * The rules folder in use, as the server chooses it: the setting, else the
 * workspace's `draftlint.toml`, else a `rules/` folder that looks like a
 * pack, else the built-in pack.
 */
export interface Pack {
  /** Absolute folder, or undefined for the built-in pack. */
  dir?: string;
  /** Where the choice came from. */
  from: "setting" | "draftlint.toml" | "rules/" | "built-in";
}

/** The workspace's `rules/` folder, if it looks like a pack (has `learned/` or `curated/`). */
export function workspaceRulesFolder(workspaceFolder: string | undefined): string | undefined {
  if (workspaceFolder === undefined) return undefined;
  const dir = path.join(workspaceFolder, "rules");
  const isDir = (p: string) => {
    try {
      return fs.statSync(p).isDirectory();
    } catch {
      return false;
    }
  };
  return isDir(path.join(dir, "learned")) || isDir(path.join(dir, "curated")) ? dir : undefined;
}

export function rulePack(settings: Settings, workspaceFolder: string | undefined): Pack {
  if (settings.rulesPath !== "") {
    return { dir: expandPath(settings.rulesPath, workspaceFolder), from: "setting" };
  }
  const ws = workspaceRulesPath(workspaceFolder);
  if (ws !== undefined) return { dir: ws, from: "draftlint.toml" };
  const folder = workspaceRulesFolder(workspaceFolder);
  if (folder !== undefined) return { dir: folder, from: "rules/" };
  return { from: "built-in" };
}

/** A short name for the pack: relative to the workspace when inside it. */
export function packLabel(pack: Pack, workspaceFolder: string | undefined): string {
  if (pack.dir === undefined) return "built-in rules";
  if (workspaceFolder !== undefined) {
    const rel = path.relative(workspaceFolder, pack.dir);
    if (rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel)) return rel.split(path.sep).join("/");
  }
  return pack.dir;
}

/** The status bar text: pack and number of findings. */
export function statusText(label: string, findings: number | undefined): string {
  if (findings === undefined) return `$(checklist) draftlint: ${label}`;
  const noun = findings === 1 ? "finding" : "findings";
  return `$(checklist) draftlint: ${label} · ${findings} ${noun}`;
}

/**
 * Where the server is, as the status bar reports it: no binary to start
 * (`missing`), being started or restarted after a crash (`starting`), up
 * (`running`), or started and gone (`stopped`: it exited, crashed too often
 * for the client to restart it, or never answered `initialize`).
 */
export type ServerState = "missing" | "starting" | "running" | "stopped";

/** The command that reveals the *draftlint* output channel. */
export const SHOW_OUTPUT_COMMAND = "draftlint.showOutput";

/** What the status bar item shows, and what clicking it does. */
export interface StatusView {
  text: string;
  tooltip: string;
  /** The command a click runs. */
  command: string;
  /** Whether to use the error background (`statusBarItem.errorBackground`). */
  error: boolean;
}

/**
 * The status bar for a server state. A findings count is shown only while
 * the server runs: diagnostics left behind by a dead server are not news,
 * and "0 findings" from a server that never started was the lie users saw
 * when the client could not start it. When the server is missing or
 * stopped, the item is red and a click opens the output channel, where
 * the reason was logged; `detail` (that reason, in words) goes in the tooltip.
 */
export function statusView(
  state: ServerState,
  label: string,
  findings: number | undefined,
  detail?: string,
): StatusView {
  const why = detail !== undefined && detail !== "" ? `${detail}\n` : "";
  const recover = "Click to open the draftlint output. Fix draftlint.path, then run 'draftlint: Restart Server'.";
  switch (state) {
    case "running":
      return {
        text: statusText(label, findings),
        tooltip: `draftlint: ${label}. Click to apply all safe fixes.`,
        command: FIX_ALL_COMMAND,
        error: false,
      };
    case "starting":
      return {
        text: "$(sync~spin) draftlint: starting…",
        tooltip: "draftlint: starting the language server. Click to open the draftlint output.",
        command: SHOW_OUTPUT_COMMAND,
        error: false,
      };
    case "missing":
      return {
        text: "$(error) draftlint: server not found",
        tooltip: `${why}${recover}`,
        command: SHOW_OUTPUT_COMMAND,
        error: true,
      };
    case "stopped":
      return {
        text: "$(error) draftlint: server not running",
        tooltip: `${why}${recover}`,
        command: SHOW_OUTPUT_COMMAND,
        error: true,
      };
  }
}

/**
 * Where `learn` writes: the pack's `learned/` folder. With no pack folder
 * configured, `rules/learned` in the workspace, which the server then picks
 * up as the workspace's pack.
 */
export function learnTarget(pack: Pack, workspaceFolder: string | undefined): string | undefined {
  const dir = pack.dir ?? (workspaceFolder !== undefined ? path.join(workspaceFolder, "rules") : undefined);
  return dir === undefined ? undefined : path.join(dir, "learned");
}

/** The arguments of `draftlint learn` for a corpus folder and an output folder. */
export function learnArgs(corpusDir: string, outDir: string): string[] {
  return ["learn", corpusDir, "--out", outDir];
}

/** Whether `initialize`'s result says the server has a command by this name. */
export function serverHasCommand(capabilities: unknown, command: string): boolean {
  const caps = capabilities as { executeCommandProvider?: { commands?: unknown } } | undefined;
  const cmds = caps?.executeCommandProvider?.commands;
  return Array.isArray(cmds) && cmds.includes(command);
}

/** The command a server may offer to reload rules from disk, if it offers one. */
export function reloadCommand(capabilities: unknown): string | undefined {
  const caps = capabilities as { executeCommandProvider?: { commands?: unknown } } | undefined;
  const cmds = caps?.executeCommandProvider?.commands;
  if (!Array.isArray(cmds)) return undefined;
  return cmds.find((c): c is string => typeof c === "string" && /^draftlint\..*reload/i.test(c));
}
