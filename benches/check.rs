//! Check throughput of the built-in pack.
//!
//! `cargo bench --bench check`. The draft is generated: press-release
//! sentences with the names, titles, dates, links and code spans the
//! checks look at (some right, some wrong), in headed sections with lists,
//! varied by a fixed pseudo-random sequence so it is the same every run.
//! 100 KB and 1 MB show whether time grows linearly with size.

use divan::counter::BytesCount;
use divan::Bencher;
use draftlint::{Engine, Format};

fn main() {
    divan::main();
}

const SENTENCES: &[&str] = &[
    "Prime Minister Theresa May will announce a significant step up in co-operation with Japan on 31 August 2017.",
    "The Foreign Secretary, Boris Johnson, met Mr. Kishida in Tokyo on Friday 9th January 2016.",
    "HMS Argyle will deploy to the Asia-Pacific region next December, joining the Japan Maritime Self-Defense Force.",
    "See the [joint declaration](https://www.gov.uk/government/news/uk-japan-joint-declaration) and run `draftlint check` before publishing.",
    "Defence Secretary Sir Michael Fallon said the Tokyo Olympics and the 2019 Rugby World Cup would be kept secure.",
    "首相 安倍晋三 welcomed the agreement 🇬🇧🇯🇵 on 12 January 2016, calling it a new chapter.",
    "Foreign secretary Philip Hammond will travel to Singapore on January 12, 2016 for talks on maritime security.",
    "The two countries will strengthen cooperation on aviation security and tackling violent extremism.",
    "Mrs May is expected to visit the Japanese National Security Council, becoming only the second foreign leader to do so.",
    "Contact the press office at press.office@example.gov.uk or on 020 7946 0000 for further information.",
    "The Royal Navy frigate HMS Argyll is due to arrive in 2018 as part of a wider programme of joint exercises.",
    "North Korea's missile launch over Japan on 29 August 2017 was condemned by the UN Security Council.",
];

const HEADINGS: &[&str] = &[
    "## Defence co-operation with Japan",
    "## Notes to editors",
    "## Security and prosperity partnership",
];

const ITEMS: &[&str] = &[
    "- UK troops will exercise with the Japan Ground Self-Defense Force in 2018.",
    "- A review follows on 31 September 2017.",
    "- Code such as `HMS Argyle` and <!-- HMS Argyle --> is not prose.",
];

/// A Markdown draft of at least `size` bytes.
fn draft(size: usize) -> String {
    let mut out = String::with_capacity(size + 1024);
    out.push_str("---\ndate: 2017-08-31\n---\n# Defence collaboration with Japan to increase\n\n");
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |n: usize| {
        // xorshift64: deterministic, and good enough to vary the text.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    while out.len() < size {
        out.push_str(HEADINGS[next(HEADINGS.len())]);
        out.push_str("\n\n");
        for _ in 0..2 + next(3) {
            for i in 0..3 + next(3) {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(SENTENCES[next(SENTENCES.len())]);
            }
            out.push_str("\n\n");
        }
        for _ in 0..1 + next(3) {
            out.push_str(ITEMS[next(ITEMS.len())]);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// Checking a draft of 100 KB and of 1 MB with the built-in pack.
#[divan::bench(args = [100_000, 1_000_000], sample_count = 20)]
fn check_builtin(bencher: Bencher, size: usize) {
    let engine = Engine::builtin();
    let text = draft(size);
    assert!(
        !engine.check(&text, Format::Markdown).is_empty(),
        "the draft should give the checks work to do"
    );
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| engine.check(divan::black_box(&text), Format::Markdown));
}

/// Parsing the draft alone (prose regions, directives), to see how much of
/// a check is Markdown parsing.
#[divan::bench(args = [1_000_000], sample_count = 20)]
fn parse_only(bencher: Bencher, size: usize) {
    let text = draft(size);
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        draftlint::Document::parse(divan::black_box(&text), Format::Markdown)
            .prose
            .len()
    });
}

/// Start-up: compiling the built-in pack (parse the TOML, build every check).
#[divan::bench(sample_count = 50)]
fn engine_builtin() -> Engine {
    Engine::builtin()
}

/// Start-up plus one small (1 KB) draft: roughly what an editor save or a
/// pre-commit hook on one file costs.
#[divan::bench(sample_count = 50)]
fn builtin_and_check_1kb(bencher: Bencher) {
    let text = draft(1_000);
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        Engine::builtin()
            .check(divan::black_box(&text), Format::Markdown)
            .len()
    });
}

/// The approved documents in `seeds/`, as `(id, text)`.
fn seeds() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("seeds/")
        .map(|e| {
            let p = e.expect("seed").path();
            let id = p.file_stem().expect("stem").to_string_lossy().into_owned();
            (id, std::fs::read_to_string(&p).expect("seed text"))
        })
        .collect();
    out.sort();
    out
}

/// A realistic draft: the approved documents' paragraphs in a fixed
/// shuffled order, with a departure (`co-operation`, `HMS Argyle`,
/// `Mr. Abe`, a wrong weekday) in about one paragraph in eight.
fn realistic_draft(size: usize) -> String {
    let paragraphs: Vec<String> = seeds()
        .into_iter()
        .flat_map(|(_, t)| t.split("\n\n").map(str::to_string).collect::<Vec<_>>())
        .filter(|p| !p.trim().is_empty())
        .collect();
    let departures = [
        "Prime Minister Teresa May met Mr. Abe to discuss co-operation.",
        "HMS Argyle will join the Vigilant Isles exercise on Friday 9 January 2016.",
    ];
    let mut out = String::from("---\ndate: 2017-08-31\n---\n# UK and Japan\n\n");
    let mut i = 0usize;
    while out.len() < size {
        let p = if i % 8 == 7 {
            departures[i % 2]
        } else {
            paragraphs[(i * 7) % paragraphs.len()].as_str()
        };
        out.push_str(p);
        out.push_str("\n\n");
        i += 1;
    }
    out
}

/// Checking a realistic 1 MB draft with the built-in pack.
#[divan::bench(args = [1_000_000], sample_count = 20)]
fn check_realistic(bencher: Bencher, size: usize) {
    let engine = Engine::builtin();
    let text = realistic_draft(size);
    assert!(!engine.check(&text, Format::Markdown).is_empty());
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| engine.check(divan::black_box(&text), Format::Markdown));
}

/// The built-in pack with spelling on: `[dialect] spelling = "british"`
/// and the seeds' vocabulary (`learned/words.toml`), as the built-in pack
/// will be once its `[dialect]` is learned.
fn engine_with_spelling() -> Engine {
    use draftlint::rules::{PackSource, RulePack};
    let mut sources: Vec<_> = RulePack::builtin()
        .files
        .into_iter()
        .map(|f| (f.path, f.disk_path, f.source))
        .collect();
    let dir = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"));
    let (learned, _) = draftlint::learn::learn_dirs(&[dir]).expect("the seeds");
    if !sources.iter().any(|(p, _, _)| p == "learned/words.toml") {
        sources.push((
            "learned/words.toml".into(),
            None,
            learned.files["words.toml"].clone(),
        ));
    }
    sources.push((
        "curated/dialect.toml".into(),
        None,
        "[dialect]\nspelling = \"british\"\n".into(),
    ));
    let (pack, errors) = RulePack::from_sources(PackSource::Builtin, sources);
    assert!(errors.is_empty(), "{errors:?}");
    Engine::new(pack).0
}

/// Checking a realistic 1 MB draft with spelling on, the check's table of
/// known words warm (as in the language server, which keeps its engine).
#[divan::bench(args = [1_000_000], sample_count = 20)]
fn check_realistic_spelling(bencher: Bencher, size: usize) {
    let engine = engine_with_spelling();
    let text = realistic_draft(size);
    assert!(!engine.check(&text, Format::Markdown).is_empty());
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| engine.check(divan::black_box(&text), Format::Markdown));
}

/// The same with a fresh engine each time (the engine's build not timed):
/// what one `draftlint check` of the draft pays, every word looked up once.
#[divan::bench(args = [1_000_000], sample_count = 20)]
fn check_realistic_spelling_cold(bencher: Bencher, size: usize) {
    let text = realistic_draft(size);
    bencher
        .counter(BytesCount::of_str(&text))
        .with_inputs(engine_with_spelling)
        .bench_local_values(|engine| engine.check(divan::black_box(&text), Format::Markdown));
}

/// `learn` on a 10 MB corpus: the seeds repeated under distinct ids.
#[divan::bench(sample_count = 3)]
fn learn_10mb(bencher: Bencher) {
    let seeds = seeds();
    let mut docs = Vec::new();
    let mut total = 0;
    while total < 10_000_000 {
        let (id, text) = &seeds[docs.len() % seeds.len()];
        total += text.len();
        docs.push((format!("{id}_{}.txt", docs.len()), text.clone()));
    }
    let corpus =
        draftlint::learn::Corpus::from_texts(docs.iter().map(|(a, b)| (a.as_str(), b.as_str())));
    bencher.counter(BytesCount::new(total)).bench(|| {
        draftlint::learn::learn(divan::black_box(&corpus))
            .files
            .len()
    });
}

/// `n` distinct names as a department's learned pack might hold them:
/// people (some with a middle name), ships with their prefixes,
/// organisations with the acronyms the corpus introduces, exercises in
/// capitals and codes, built from syllables by a fixed pseudo-random
/// sequence (the same every run).
fn generated_names(n: usize) -> Vec<draftlint::rules::NameRule> {
    use draftlint::rules::{Evidence, NameKind, NameRule};
    const FIRST: &[&str] = &[
        "Aiko", "Ben", "Carys", "Dominic", "Emeka", "Fumio", "Grace", "Hiro", "Imran", "Jade",
        "Kenji", "Layla", "Mark", "Nadia", "Owen", "Priti", "Rhys", "Sakura", "Tomasz", "Yuki",
    ];
    const SYL: &[&str] = &[
        "ka", "to", "mi", "ra", "ne", "shi", "wa", "ber", "lan", "mor", "dell", "ton", "fair",
        "gan", "ric", "ley", "ven", "sto", "haw", "quin", "dor", "ash", "bel", "cor",
    ];
    const WORDS: &[&str] = &[
        "Maritime",
        "Defence",
        "Security",
        "Cooperation",
        "Council",
        "Agency",
        "Office",
        "Development",
        "Research",
        "Trade",
        "Foreign",
        "National",
        "Joint",
        "Space",
        "Cyber",
        "Health",
        "Energy",
        "Strategic",
        "Partnership",
        "Forces",
        "Command",
        "Institute",
    ];
    const SHIPS: &[&str] = &["HMS", "RFA", "USS", "HMNZS", "HMAS"];
    // xorshift64, as in `draft`.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |k: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % k as u64) as usize
    };
    fn word(next: &mut impl FnMut(usize) -> usize, syllables: usize) -> String {
        let mut w = String::new();
        for _ in 0..syllables {
            w.push_str(SYL[next(SYL.len())]);
        }
        let mut c = w.chars();
        let first = c.next().unwrap().to_ascii_uppercase();
        format!("{first}{}", c.as_str())
    }
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let roll = next(100);
        let (name, kind, acronym) = if roll < 50 {
            let mut name = FIRST[next(FIRST.len())].to_string();
            if next(4) == 0 {
                name.push(' ');
                name.push_str(&word(&mut next, 2));
            }
            name.push(' ');
            name.push_str(&{
                let k = 2 + next(2);
                word(&mut next, k)
            });
            (name, NameKind::Person, None)
        } else if roll < 65 {
            let mut name = SHIPS[next(SHIPS.len())].to_string();
            for _ in 0..1 + next(2) {
                name.push(' ');
                name.push_str(&{
                    let k = 2 + next(2);
                    word(&mut next, k)
                });
            }
            (name, NameKind::Ship, None)
        } else if roll < 85 {
            let mut parts = vec![word(&mut next, 2)];
            for _ in 0..2 + next(3) {
                parts.push(WORDS[next(WORDS.len())].to_string());
            }
            let acronym: String = parts.iter().map(|p| p.chars().next().unwrap()).collect();
            (parts.join(" "), NameKind::Organisation, Some(acronym))
        } else if roll < 95 {
            let name = format!("{} {}", word(&mut next, 3), word(&mut next, 2)).to_uppercase();
            (name, NameKind::Exercise, None)
        } else {
            let letters = word(&mut next, 1).to_uppercase();
            let name = if next(2) == 0 {
                format!("{letters}-{}", next(1000))
            } else {
                format!("{letters}{}", next(100))
            };
            (name, NameKind::Code, None)
        };
        if seen.insert(name.clone()) {
            out.push(NameRule {
                name,
                kind,
                acronym,
                evidence: Evidence {
                    seen: 2 + next(20) as u32,
                    documents: vec![format!("{:03}_doc", next(900))],
                },
                rivals: Vec::new(),
            });
        }
    }
    out
}

/// The built-in pack with `n` generated names added.
fn pack_with_names(n: usize) -> draftlint::RulePack {
    let mut pack = draftlint::RulePack::builtin();
    pack.merged.names.extend(generated_names(n));
    pack
}

/// A pack of 100,000 names: compiling it (every family) and checking one
/// small draft (the example draft), as `draftlint check` does for one file.
/// Peak memory: `/usr/bin/time -v target/release/deps/check-* names_100k`.
#[divan::bench(sample_count = 3)]
fn names_100k(bencher: Bencher) {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/draft.md"))
        .expect("examples/draft.md");
    bencher
        .with_inputs(|| pack_with_names(100_000))
        .bench_values(|pack| {
            let (engine, errors) = Engine::new(pack);
            assert!(errors.is_empty(), "{errors:?}");
            engine
                .check(divan::black_box(&text), Format::Markdown)
                .len()
        });
}

/// A draft of one line of `size` bytes (a pasted document with no line
/// breaks), a `name/exact` finding in every sentence: checking it and
/// turning every finding's span into the CLI's line and column, as the
/// human and JSON output do. Linear: columns come from one line index.
#[divan::bench(args = [1_000_000, 10_000_000], sample_count = 5)]
fn long_line(bencher: Bencher, size: usize) {
    let engine = Engine::builtin();
    let sentence = "首相 安倍晋三 met HMS Argyle in Tokyo on 12 January 2016. ";
    let text = sentence.repeat(size / sentence.len());
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        let found = engine.check(divan::black_box(&text), Format::Markdown);
        let lines = draftlint::text::LineIndex::new(&text);
        let mut last = 0;
        for d in &found {
            for at in [d.range.start, d.range.end] {
                let lc = lines.to_line_col(&text, at, draftlint::text::Encoding::Scalar);
                last = last.max(lc.col);
            }
        }
        assert!(found.len() > size / sentence.len() / 2);
        last
    });
}

/// 2,000 small drafts (a heading and a few sentences each, about 550 bytes)
/// in a temporary folder, generated once, checked as `draftlint check
/// FOLDER` checks them: the same walk, reading and checking on one thread
/// per core, results in file order (`draftlint::cli::check_paths`, the
/// scheduling `check` prints from). The pack is loaded once, outside.
#[cfg(feature = "cli")]
#[divan::bench(sample_count = 20)]
fn check_many_files(bencher: Bencher) {
    const DRAFTS: usize = 2_000;
    let dir = tempfile::tempdir().unwrap();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut bytes = 0;
    for i in 0..DRAFTS {
        let mut text = format!("# Draft {i}\n\n");
        for s in 0..3 + next(4) {
            if s > 0 {
                text.push(' ');
            }
            text.push_str(SENTENCES[next(SENTENCES.len())]);
        }
        text.push_str("\n\n");
        text.push_str(ITEMS[next(ITEMS.len())]);
        text.push('\n');
        bytes += text.len();
        // Some in sub-folders, as a press office files them.
        let folder = dir.path().join(format!("{:02}", i % 20));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(format!("draft-{i:04}.md")), text).unwrap();
    }
    let engine = Engine::builtin();
    let paths = [dir.path().to_path_buf()];
    // What is timed checks every draft and finds what they hold.
    let once = draftlint::cli::check_paths(&engine, &paths);
    assert_eq!(once.len(), DRAFTS);
    let findings: usize = once
        .iter()
        .map(|(p, r)| r.as_ref().unwrap_or_else(|e| panic!("{p}: {e}")).len())
        .sum();
    assert!(findings > DRAFTS, "{findings} findings");
    assert!(once.windows(2).all(|w| w[0].0 < w[1].0), "in file order");
    bencher
        .counter(BytesCount::new(bytes))
        .bench(|| draftlint::cli::check_paths(&engine, divan::black_box(&paths)));
}
