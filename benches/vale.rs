//! A Vale style of 500 rules over a realistic 1 MB draft (issue 13: under
//! 50 ms).
//!
//! `cargo bench --bench vale`. The style is generated into a temporary
//! folder, in the proportions a team's styles have: word lists first
//! (existence and substitution rules, four in five), then occurrence,
//! repetition, consistency, conditional, capitalization and metric rules.
//! The draft is the approved paragraphs of the seeds repeated to 1 MB, as
//! in `benches/check.rs`.
//!
//! Two styles:
//! - `plain`: the word lists are plain-English words to avoid (GOV.UK's
//!   and the like, with their inflections), some of which the seeds use,
//!   and one token in 32 is a word of the seeds. The word lists flag about
//!   one word in seventeen; with the sentence-length and acronym rules,
//!   which say the same of the same sentences twenty and ten times, the
//!   style makes 25,000 findings in the draft's 170,000 words. This is the
//!   target.
//! - `dense`: every word-list token is a word of the seeds, so that the
//!   lists flag most of the draft's distinct words (a finding for nearly
//!   every word: 180,000 in the megabyte). A stress test of the findings'
//!   cost, not a style anyone writes.

use divan::counter::BytesCount;
use divan::Bencher;
use draftlint::vale::Vale;
use draftlint::{Document, Engine, Format};
use std::path::Path;

#[path = "vale_style/mod.rs"]
mod vale_style;
use vale_style::{seeds, style, Lists};

fn main() {
    divan::main();
}

fn realistic_draft(size: usize) -> String {
    let paragraphs: Vec<String> = seeds()
        .iter()
        .flat_map(|t| t.split("\n\n").map(str::to_string).collect::<Vec<_>>())
        .filter(|p| !p.trim().is_empty())
        .collect();
    let mut out = String::from("# UK and Japan\n\n");
    let mut i = 0usize;
    while out.len() < size {
        out.push_str(&paragraphs[(i * 7) % paragraphs.len()]);
        out.push_str("\n\n");
        i += 1;
    }
    out
}

fn loaded(n: usize, lists: Lists) -> (tempfile::TempDir, Vale) {
    let dir = tempfile::tempdir().unwrap();
    let ini = style(dir.path(), n, lists);
    let (vale, problems) = Vale::load(&ini, Some(dir.path()));
    assert!(problems.is_empty(), "{problems:?}");
    let vale = vale.unwrap();
    assert_eq!(vale.rules.len(), n);
    (dir, vale)
}

fn vale_alone(bencher: Bencher, n: usize, lists: Lists, findings: std::ops::Range<usize>) {
    let (_dir, vale) = loaded(n, lists);
    let text = realistic_draft(1_000_000);
    let doc = Document::parse(&text, Format::Markdown);
    let found = vale.check(Path::new("draft.md"), &doc);
    assert!(
        findings.contains(&found.len()),
        "the style finds {} (expected {findings:?})",
        found.len()
    );
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| vale.check(Path::new("draft.md"), divan::black_box(&doc)));
}

/// The plain-English style alone over a parsed 1 MB draft: target < 50 ms.
#[divan::bench(args = [500], sample_count = 20)]
fn vale_500_rules_1mb(bencher: Bencher, n: usize) {
    // 25,000 findings in the draft's 170,000 words, two in three from
    // the sentence-length and acronym rules, which say the same of the
    // same sentences twenty and ten times over.
    vale_alone(bencher, n, Lists::Plain, 5_000..60_000);
}

/// The dense style (a finding for nearly every word): the findings' cost.
#[divan::bench(args = [500], sample_count = 10)]
fn vale_500_rules_1mb_dense(bencher: Bencher, n: usize) {
    vale_alone(bencher, n, Lists::Dense, 100_000..300_000);
}

/// The whole check of the same draft: the built-in house style and the
/// plain-English style together, parse included.
#[divan::bench(args = [500], sample_count = 10)]
fn house_and_vale_1mb(bencher: Bencher, n: usize) {
    let (_dir, vale) = loaded(n, Lists::Plain);
    let vale = std::sync::Arc::new(vale);
    let engine = Engine::builtin().with_vale(&vale, Path::new("draft.md"));
    let text = realistic_draft(1_000_000);
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| engine.check(divan::black_box(&text), Format::Markdown));
}

/// What the server does on a keystroke: the house style and the
/// plain-English style over the 1 MB draft checked again after a
/// one-letter edit, with the document's cache (each round edits one
/// paragraph of the last one checked; the Markdown parse, which the server
/// makes incrementally by chunks, is not timed). Against the full check
/// above.
#[divan::bench(args = [500], sample_count = 20)]
fn house_and_vale_1mb_keystroke(bencher: Bencher, n: usize) {
    let (_dir, vale) = loaded(n, Lists::Plain);
    keystroke(bencher, vale);
}

/// The same with the GOV.UK plain-English style of the tests
/// (`tests/vale/govuk`: 12 rules and a vocabulary), a team's real size.
#[divan::bench(sample_count = 20)]
fn house_and_govuk_1mb_keystroke(bencher: Bencher) {
    let ini = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vale/govuk/.vale.ini"
    ));
    let (vale, problems) = Vale::load(ini, ini.parent());
    assert!(problems.is_empty(), "{problems:?}");
    keystroke(bencher, vale.unwrap());
}

fn keystroke(bencher: Bencher, vale: Vale) {
    let vale = std::sync::Arc::new(vale);
    let engine = Engine::builtin().with_vale(&vale, Path::new("draft.md"));
    let text = realistic_draft(1_000_000);
    let mut at = text.len() / 2;
    while !text.is_char_boundary(at) {
        at += 1;
    }
    let mut edited = text.clone();
    edited.insert(at, 'e');
    // Parsed as the server parses: chunk by chunk, the edit re-parsing
    // one chunk.
    let mut chunks = draftlint::text::chunks::Chunks::new(Format::Markdown, text.len());
    let before = chunks.document(&text);
    chunks.edit(at..at, 1);
    let docs = [before, chunks.document(&edited)];
    let mut cache = draftlint::engine::CheckCache::default();
    let first = engine.check_incremental(&docs[0], &mut cache);
    assert_eq!(first, engine.check(&text, Format::Markdown));
    let mut round = 0;
    bencher.bench_local(|| {
        round += 1;
        engine.check_incremental(divan::black_box(&docs[round % 2]), &mut cache)
    });
}

/// Loading and compiling the 500 rules.
#[divan::bench(args = [500], sample_count = 10)]
fn load_500_rules(bencher: Bencher, n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let ini = style(dir.path(), n, Lists::Plain);
    bencher.bench(|| Vale::load(divan::black_box(&ini), Some(dir.path())));
}
