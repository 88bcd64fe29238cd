//! A Vale style of 500 rules over a realistic 1 MB draft (issue 13: under
//! 50 ms).
//!
//! `cargo bench --bench vale`. The style is generated into a temporary
//! folder: existence and substitution rules over words the seed press
//! notices use (so they hit), plus occurrence, repetition, consistency,
//! conditional, capitalization and metric rules, in the proportions a
//! team's styles have (word lists first). The draft is the approved
//! paragraphs of the seeds repeated to 1 MB, as in `benches/check.rs`.

use divan::counter::BytesCount;
use divan::Bencher;
use draftlint::vale::Vale;
use draftlint::{Document, Engine, Format};
use std::path::{Path, PathBuf};

fn main() {
    divan::main();
}

fn seeds() -> Vec<String> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
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

/// The seeds' distinct lower-case words of four letters or more, sorted.
fn words() -> Vec<String> {
    let mut w: Vec<String> = seeds()
        .iter()
        .flat_map(|t| {
            t.split(|c: char| !c.is_alphabetic())
                .filter(|w| w.len() >= 4 && w.chars().all(|c| c.is_lowercase()))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    w.sort();
    w.dedup();
    w
}

/// A style of `n` rules in `dir`; returns its `.vale.ini`.
fn style(dir: &Path, n: usize) -> PathBuf {
    let styles = dir.join("styles/Big");
    std::fs::create_dir_all(&styles).unwrap();
    let words = words();
    let word = |i: usize| words[(i * 37) % words.len()].clone();
    for i in 0..n {
        let body = match i % 25 {
            // Word lists: four in five rules.
            0..=9 => format!(
                "extends: existence\nmessage: \"Avoid '%s'.\"\nignorecase: true\ntokens:\n  - {}\n  - {}\n  - {}\n  - {}xq\n",
                word(i * 4),
                word(i * 4 + 1),
                word(i * 4 + 2),
                word(i * 4 + 3)
            ),
            10..=19 => format!(
                "extends: substitution\nmessage: \"Use '%s' rather than '%s'.\"\nignorecase: true\nswap:\n  {}: {}x\n  {}: {}x\n  {}q: other\n",
                word(i * 3),
                word(i * 3),
                word(i * 3 + 1),
                word(i * 3 + 1),
                word(i * 3 + 2)
            ),
            20 => "extends: occurrence\nmessage: \"%s words.\"\nscope: sentence\nmax: 40\ntoken: '\\b\\w+\\b'\n".to_string(),
            21 => "extends: repetition\nmessage: \"'%s' twice.\"\nalpha: true\ntokens: ['[^\\s.,;:!?]+']\n".to_string(),
            22 => format!(
                "extends: consistency\nmessage: \"Inconsistent '%s'.\"\neither:\n  {}: {}s\n",
                word(i),
                word(i)
            ),
            23 => "extends: capitalization\nmessage: \"'%s'\"\nscope: heading\nmatch: $sentence\n".to_string(),
            _ => if i % 2 == 0 {
                "extends: conditional\nmessage: \"Define '%s'.\"\nfirst: '\\b([A-Z]{3,5})\\b'\nsecond: '(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3,5})\\)'\n".to_string()
            } else {
                "extends: metric\nmessage: \"Grade %s.\"\nformula: (0.39 * (words / sentences)) + (11.8 * (syllables / words)) - 15.59\ncondition: \"> 30\"\n".to_string()
            },
        };
        std::fs::write(styles.join(format!("R{i:03}.yml")), body).unwrap();
    }
    let ini = dir.join(".vale.ini");
    std::fs::write(&ini, "StylesPath = styles\n[*]\nBasedOnStyles = Big\n").unwrap();
    ini
}

fn loaded(n: usize) -> (tempfile::TempDir, Vale) {
    let dir = tempfile::tempdir().unwrap();
    let ini = style(dir.path(), n);
    let (vale, problems) = Vale::load(&ini, Some(dir.path()));
    assert!(problems.is_empty(), "{problems:?}");
    let vale = vale.unwrap();
    assert_eq!(vale.rules.len(), n);
    (dir, vale)
}

/// The Vale style alone over a parsed 1 MB draft: target < 50 ms.
#[divan::bench(args = [500], sample_count = 10)]
fn vale_500_rules_1mb(bencher: Bencher, n: usize) {
    let (_dir, vale) = loaded(n);
    let text = realistic_draft(1_000_000);
    let doc = Document::parse(&text, Format::Markdown);
    let found = vale.check(Path::new("draft.md"), &doc);
    assert!(found.len() > 100, "the style hits: {}", found.len());
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| vale.check(Path::new("draft.md"), divan::black_box(&doc)));
}

/// The whole check of the same draft: the built-in house style and the
/// Vale style together, parse included.
#[divan::bench(args = [500], sample_count = 10)]
fn house_and_vale_1mb(bencher: Bencher, n: usize) {
    let (_dir, vale) = loaded(n);
    let vale = std::sync::Arc::new(vale);
    let engine = Engine::builtin().with_vale(&vale, Path::new("draft.md"));
    let text = realistic_draft(1_000_000);
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| engine.check(divan::black_box(&text), Format::Markdown));
}

/// Loading and compiling the 500 rules.
#[divan::bench(args = [500], sample_count = 10)]
fn load_500_rules(bencher: Bencher, n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let ini = style(dir.path(), n);
    bencher.bench(|| Vale::load(divan::black_box(&ini), Some(dir.path())));
}
