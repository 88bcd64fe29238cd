// The VS Code side: starts `draftlint lsp` through vscode-languageclient and
// wires commands and the status bar. Decisions (which binary, what options,
// what the status bar says) are made in `config.ts`, which is tested in Node.

import { execFile } from "node:child_process";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";

import {
  DIAGNOSTIC_SOURCE,
  FIX_ALL_KIND,
  LANGUAGES,
  type Settings,
  didChangeConfigurationParams,
  learnArgs,
  learnTarget,
  packLabel,
  readSettings,
  reloadCommand,
  resolveServerPath,
  rulePack,
  type ServerState,
  serverOptions,
  statusView,
} from "./config";

let client: LanguageClient | undefined;
let command: string | undefined;
let status: vscode.StatusBarItem;
let output: vscode.OutputChannel;
/** The server's state as the status bar reports it, and why, in words. */
let serverState: ServerState = "starting";
let stateDetail = "";

function setState(state: ServerState, detail = ""): void {
  serverState = state;
  stateDetail = detail;
  updateStatus();
}

function workspaceFolder(): string | undefined {
  const f = vscode.workspace.workspaceFolders?.[0];
  return f?.uri.scheme === "file" ? f.uri.fsPath : undefined;
}

function settings(): Settings {
  const cfg = vscode.workspace.getConfiguration("draftlint");
  const s = readSettings((key) => cfg.get(key));
  for (const p of s.problems) output.appendLine(`settings: ${p}`);
  return s;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("draftlint");
  status = vscode.window.createStatusBarItem("draftlint.status", vscode.StatusBarAlignment.Left, 50);
  status.name = "draftlint";
  context.subscriptions.push(output, status);

  context.subscriptions.push(
    vscode.commands.registerCommand("draftlint.fixAll", fixAll),
    vscode.commands.registerCommand("draftlint.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("draftlint.learn", learn),
    vscode.commands.registerCommand("draftlint.restart", restart),
    vscode.languages.onDidChangeDiagnostics(() => updateStatus()),
    vscode.window.onDidChangeActiveTextEditor(() => updateStatus()),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration("draftlint")) return;
      if (e.affectsConfiguration("draftlint.path")) {
        await restart();
        return;
      }
      if (client?.isRunning()) {
        await client.sendNotification(
          DidChangeConfigurationNotification.type,
          didChangeConfigurationParams(settings(), workspaceFolder()),
        );
      }
      updateStatus();
    }),
  );
  await start(context.extensionPath);
  context.subscriptions.push({ dispose: () => void client?.stop().catch(() => undefined) });
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  try {
    await c?.stop();
  } catch {
    // A client whose server never started (or already stopped) cannot be stopped.
  }
}

let extensionPath = "";

async function start(extPath = extensionPath): Promise<void> {
  extensionPath = extPath;
  const s = settings();
  const folder = workspaceFolder();
  const resolved = resolveServerPath(s, { extensionPath, workspaceFolder: folder });
  if (!resolved.ok) {
    command = undefined;
    output.appendLine(resolved.message);
    void vscode.window.showErrorMessage(resolved.message);
    setState("missing", resolved.message);
    return;
  }
  command = resolved.command;
  output.appendLine(`starting ${command} lsp (from ${resolved.source})`);
  setState("starting");

  const server: ServerOptions = {
    command,
    args: ["lsp"],
    transport: TransportKind.stdio,
    options: folder !== undefined ? { cwd: folder } : undefined,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: "file", language },
      { scheme: "untitled", language },
    ]),
    initializationOptions: serverOptions(s, folder),
    outputChannel: output,
    middleware: {
      workspace: {
        // Answer `workspace/configuration` for our section with resolved
        // values (absolute rulesPath), the same shape as initializationOptions.
        configuration: async (params, token, next) => {
          const raw = await next(params, token);
          if (!Array.isArray(raw)) return raw;
          return params.items.map((item, i) =>
            item.section === "draftlint"
              ? serverOptions(settings(), item.scopeUri ? folderFor(item.scopeUri) : folder)
              : raw[i],
          );
        },
      },
    },
  };
  const c = new LanguageClient("draftlint", "draftlint", server, clientOptions);
  client = c;
  // The client restarts a crashed server a few times, then gives up and
  // stays stopped; follow it, so the status bar never shows a dead server's
  // findings. Events from a client we have since replaced are ignored.
  c.onDidChangeState((e) => {
    if (client !== c) return;
    if (e.newState === State.Running) setState("running");
    else if (e.newState === State.Starting) setState("starting");
    else setState("stopped", `The server (${server.command}) exited; the draftlint output says why.`);
  });
  try {
    await c.start();
  } catch (e) {
    const msg = `draftlint: the server did not start: ${String(e)}`;
    output.appendLine(msg);
    void vscode.window.showErrorMessage(msg);
  }
  if (client !== c) return;
  if (c.isRunning()) setState("running");
  else if (c.state === State.Stopped) {
    setState("stopped", `The server (${server.command}) did not start; the draftlint output says why.`);
  }
}

function folderFor(uri: string): string | undefined {
  const f = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(uri));
  return f?.uri.scheme === "file" ? f.uri.fsPath : workspaceFolder();
}

async function restart(): Promise<void> {
  const old = client;
  client = undefined;
  if (old !== undefined) {
    // A client cannot be stopped while it is starting (it throws, and its
    // server would live on): let the start settle first, for a bounded time.
    if (old.state === State.Starting) {
      await Promise.race([old.start().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
    }
    try {
      await old.dispose();
    } catch {
      // Already gone (a client whose server never started cannot be stopped).
    }
  }
  await start();
}

function updateStatus(): void {
  const folder = workspaceFolder();
  const label = packLabel(rulePack(settings(), folder), folder);
  const doc = vscode.window.activeTextEditor?.document;
  let findings: number | undefined;
  if (serverState === "running" && doc !== undefined && (LANGUAGES as readonly string[]).includes(doc.languageId)) {
    findings = vscode.languages
      .getDiagnostics(doc.uri)
      .filter((d) => d.source === DIAGNOSTIC_SOURCE).length;
  }
  const view = statusView(serverState, label, findings, stateDetail);
  status.text = view.text;
  status.tooltip = view.tooltip;
  status.command = view.command;
  status.backgroundColor = view.error ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
  status.show();
}

/** Applies every safe fix in the active document (`source.fixAll.draftlint`). */
async function fixAll(): Promise<void> {
  if (serverState !== "running") {
    void vscode.window.showErrorMessage("draftlint: the server is not running, so there is nothing to fix with (see the draftlint output).");
    output.show(true);
    return;
  }
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined) return;
  const doc = editor.document;
  const whole = new vscode.Range(0, 0, doc.lineCount, 0);
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>(
      "vscode.executeCodeActionProvider",
      doc.uri,
      whole,
      FIX_ALL_KIND,
    )) ?? [];
  const ours = actions.filter((a) => a.kind?.value === FIX_ALL_KIND);
  if (ours.length === 0) {
    void vscode.window.showInformationMessage("draftlint: nothing to fix.");
    return;
  }
  for (const action of ours) {
    if (action.edit !== undefined) await vscode.workspace.applyEdit(action.edit);
    if (action.command !== undefined) {
      await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    }
  }
}

/** Re-learns the pack from a folder of approved documents the user picks. */
async function learn(): Promise<void> {
  const folder = workspaceFolder();
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: "Learn from these approved documents",
    defaultUri: folder !== undefined ? vscode.Uri.file(folder) : undefined,
  });
  if (picked === undefined || picked.length === 0) return;
  if (command === undefined) {
    void vscode.window.showErrorMessage("draftlint: no binary to learn with (see the draftlint output).");
    return;
  }
  const s = settings();
  const pack = rulePack(s, folder);
  const out = learnTarget(pack, folder);
  if (out === undefined) {
    void vscode.window.showErrorMessage("draftlint: open a folder, or set draftlint.rulesPath, to learn into.");
    return;
  }
  const args = learnArgs(picked[0].fsPath, out);
  output.appendLine(`${command} ${args.join(" ")}`);
  const bin = command;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: "draftlint: learning rules…" },
    () =>
      new Promise<{ code: number; text: string }>((resolve) => {
        execFile(bin, args, { cwd: folder, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
          const code = err === null ? 0 : typeof err.code === "number" ? err.code : 1;
          resolve({ code, text: `${stdout}${stderr}` });
        });
      }),
  );
  output.append(result.text);
  if (result.code !== 0) {
    void vscode.window.showErrorMessage(`draftlint learn failed (exit ${result.code}); see the draftlint output.`);
    return;
  }
  const reload = reloadCommand(client?.initializeResult?.capabilities);
  if (reload !== undefined && client?.isRunning()) {
    await client.sendRequest("workspace/executeCommand", { command: reload, arguments: [] });
  } else {
    await restart();
  }
  void vscode.window.showInformationMessage(`draftlint: learned rules into ${out}.`);
  updateStatus();
}
