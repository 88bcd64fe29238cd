//! Latency of `draftlint lsp` from `didChange` to the `publishDiagnostics`
//! for that version (push), or to the answer of the `textDocument/diagnostic`
//! request sent right after it (pull, as Neovim 0.11 and VS Code ask when
//! offered), on a 1 MB Markdown draft, measured by a client process over
//! stdio; and the server's resident memory.
//!
//! The same again with a Vale style of 500 rules in the workspace
//! (`benches/vale_style`), which the server runs beside the house style.
//!
//! Run with `cargo bench --bench lsp` (it starts the release binary).

#[path = "../tests/lsp_support/mod.rs"]
mod lsp_support;
// The style generator; `benches/vale.rs` uses the rest of it.
#[allow(dead_code)]
#[path = "vale_style/mod.rs"]
mod vale_style;

use std::time::{Duration, Instant};

use lsp_support::*;
use serde_json::{json, Value};

const EDITS: usize = 300;

/// A realistic draft: news-release paragraphs with names, titles, dates,
/// lists and headings, a few misspelt ship names, repeated to `bytes`.
fn draft(bytes: usize, misspelt: bool) -> String {
    let paras = [
        "The Type 23 frigate HMS Argyll sailed from Plymouth on 8 January 2016 to join Exercise Joint Warrior in the North Sea, alongside ships from 12 nations.",
        "Speaking aboard, the Foreign Secretary, Philip Hammond, said the deployment showed the UK's commitment to co-operation with its allies in the Asia-Pacific region.",
        "- 安倍晋三 met the Prime Minister, Theresa May, at Downing Street 😀.\n- The Japan Maritime Self-Defense Force (JMSDF) will host the next exercise.\n- Further details: https://www.gov.uk/government/news",
        "## Background\n\nThe ship's company of 185 completed operational sea training in 2015 and will return to Devonport in the summer.",
        "Commander Tom Tredray, the Commanding Officer of HMS Argyle, said: \"This is a great opportunity for my team.\"",
        "Commander Tom Tredray, the Commanding Officer of HMS Argyll, said: \"This is a great opportunity for my team.\"",
        "Published 31 August 2017. The Defence Secretary, Michael Fallon, visited the ship on Tuesday 5 September 2017.",
    ];
    let mut text = String::from("# Royal Navy deployment\n\n");
    let mut i = 0;
    while text.len() < bytes {
        let p = paras[i % paras.len()];
        if p.contains("Argyle") != misspelt && p.contains("Tredray") {
            i += 1;
            continue;
        }
        text.push_str(p);
        text.push_str("\n\n");
        i += 1;
    }
    text
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else to parse.
    // A draft as drafts are: a handful of findings in 1 MB.
    let few = draft(1_000_000, false);
    // A pathological one: a misspelt name every sixth paragraph.
    let many = draft(1_000_000, true);
    for mode in [Mode::Push, Mode::Pull] {
        run("few findings", &few, Some(40), mode, None);
        run("many findings", &many, None, mode, None);
    }
    run(
        "few findings, the GOV.UK Vale style of tests/vale/govuk",
        &few,
        Some(40),
        Mode::Push,
        Some(Style::GovUk),
    );
    run(
        "few findings, a 500-rule Vale style",
        &few,
        Some(40),
        Mode::Push,
        Some(Style::Generated),
    );
}

/// A Vale style in the workspace.
#[derive(Clone, Copy)]
enum Style {
    /// The plain-English style of the tests (12 rules and a vocabulary).
    GovUk,
    /// The 500 rules of `cargo bench --bench vale`.
    Generated,
}

/// `from` copied into `to`, folders and all.
fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    /// `didChange` → `publishDiagnostics` for that version.
    Push,
    /// `didChange`, then `textDocument/diagnostic` → its answer.
    Pull,
}

/// The diagnostics for `version` of `uri`, the way `mode` gets them.
fn diagnostics(c: &mut Client, mode: Mode, uri: &str, version: i32) -> Vec<Value> {
    match mode {
        Mode::Push => c.diagnostics(uri, version),
        Mode::Pull => {
            let r = c.request(
                "textDocument/diagnostic",
                json!({"textDocument": {"uri": uri}}),
            );
            r["items"].as_array().unwrap().clone()
        }
    }
}

fn run(name: &str, text: &str, findings: Option<usize>, mode: Mode, vale: Option<Style>) {
    let mut text = text.to_string();
    if let Some(n) = findings {
        // Sprinkle `n` misspellings through the draft.
        let step = text.len() / n;
        for k in (1..=n).rev() {
            let mut at = k * step;
            while !text.is_char_boundary(at) {
                at += 1;
            }
            if let Some(nl) = text[at..].find("\n\n") {
                text.insert_str(at + nl, " HMS Argyle");
            }
        }
    }
    let ws = workspace();
    match vale {
        Some(Style::Generated) => {
            vale_style::style(ws.path(), 500, vale_style::Lists::Plain);
        }
        Some(Style::GovUk) => {
            let govuk =
                std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vale/govuk"));
            std::fs::copy(govuk.join(".vale.ini"), ws.path().join(".vale.ini")).unwrap();
            copy_dir(&govuk.join("styles"), &ws.path().join("styles"));
        }
        None => {}
    }
    let mut c = match mode {
        Mode::Push => Client::start(Some(ws.path())).0,
        Mode::Pull => {
            let mut c = Client::spawn();
            c.initialize(
                Some(ws.path()),
                json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}),
                Value::Null,
            );
            c
        }
    };
    let uri = file_uri(&ws.path().join("draft.md"));
    let lines = text.lines().count() as u32;
    let t = Instant::now();
    c.open(&uri, "markdown", 1, &text);
    let first = diagnostics(&mut c, mode, &uri, 1);
    let open_time = t.elapsed();

    // Typing: characters inserted at a cursor that moves through the
    // document, with now and then a new line or a deleted character.
    let mut samples = Vec::with_capacity(EDITS);
    let mut diag_count = 0;
    let mut line = 0u32;
    for k in 0..EDITS {
        let version = k as i32 + 2;
        if k % 10 == 0 {
            line = (line + lines / 7 + 3) % lines;
            while text
                .lines()
                .nth(line as usize)
                .is_some_and(|l| l.is_empty())
            {
                line = (line + 1) % lines;
            }
        }
        let col = (k % 10) as u32;
        let t = Instant::now();
        match k % 25 {
            24 => c.change(&uri, version, &[((line, col), (line, col + 1), "")]),
            12 => c.change(&uri, version, &[((line, col), (line, col), "\n")]),
            _ => c.change(&uri, version, &[((line, col), (line, col), "e")]),
        }
        let ds = diagnostics(&mut c, mode, &uri, version);
        samples.push(t.elapsed());
        diag_count = ds.len();
    }
    let rss = rss_kb(c.pid());
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let what = match mode {
        Mode::Push => "didChange → publishDiagnostics",
        Mode::Pull => "didChange → textDocument/diagnostic answered",
    };
    println!(
        "draftlint lsp ({mode:?}), {name}: {what}, {} KB draft, {EDITS} edits",
        text.len() / 1024
    );
    println!(
        "  open (first diagnostics): {:.1} ms, {} diagnostics",
        ms(open_time),
        first.len()
    );
    println!("  diagnostics per publish:  {diag_count}");
    println!(
        "  p50 {:.2} ms   p90 {:.2} ms   p99 {:.2} ms   max {:.2} ms",
        ms(percentile(&samples, 0.5)),
        ms(percentile(&samples, 0.9)),
        ms(percentile(&samples, 0.99)),
        ms(*samples.last().unwrap())
    );
    match rss {
        Some(kb) => println!("  server resident memory: {:.1} MB", kb as f64 / 1024.0),
        None => println!("  server resident memory: unknown"),
    }
    let _ = c.shutdown();
}
