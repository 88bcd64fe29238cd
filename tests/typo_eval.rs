//! Planted-typo evaluation (issue #11): what drafters mistype, planted at
//! random into copies of approved documents, and how much of it the
//! built binary finds.
//!
//! For each corpus (the seeds, and each test house's `approved/` folder):
//!
//! 1. `draftlint learn` the corpus into a temporary pack, once;
//! 2. plant typos into copies of its documents (`typo_eval/plant.rs`): for
//!    each document and each kind, up to [`PER_DOC`] typos in different
//!    sentences, each recorded with its byte range in the planted copy, its
//!    kind and the text it replaced. The kinds are misspelt name words
//!    (a transposition, a dropped or a doubled letter in a surname, a
//!    distinctive word of a learned name, an acronym), the same in ordinary
//!    lower-case words of five letters or more (never where the change
//!    gives another word the dictionary or the corpus knows), a compound
//!    of the house spaced or hyphenated or closed, a word with a
//!    British/American counterpart in the other dialect, and a multi-word
//!    name split by a line break with one word's case changed;
//! 3. `draftlint check --format json` the unplanted and planted copies
//!    with the corpus's own pack, in one run, and score:
//!    - **found**: a finding (error, warning or information) overlaps the
//!      plant; **fix right**: one such finding's preferred fix writes back
//!      the original (for a name split by a line break, with the break
//!      kept where it was);
//!    - **false alarms**: errors and warnings on the unplanted approved
//!      documents (per 10,000 words of prose), and errors and warnings in
//!      the planted copies that overlap no plant and are not on the
//!      unplanted document.
//!
//! The report is an insta snapshot, so every change in recall or false
//! alarms is reviewed in the diff; `--nocapture` also prints each plant
//! and what found it. The precision gate (at most one error or warning per
//! 10,000 words on each corpus's own approved documents) is asserted in
//! its own test. Reproduce with `cargo test --test typo_eval -- --nocapture`.

#[path = "typo_eval/plant.rs"]
mod plant;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use draftlint::Format;
use plant::{Doc, House, Kind, Plant};
use serde::Deserialize;

const BIN: &str = env!("CARGO_BIN_EXE_draftlint");

/// Plants per document and kind (fewer where a document has fewer places).
const PER_DOC: usize = 3;

/// At most this many errors and warnings per 10,000 words of a corpus's
/// own approved documents, checked with the pack learned from them.
const GATE_PER_10K: f64 = 1.0;

/// MARKED: corpora whose approved documents are over the precision gate
/// on main (2026-12-01), so the gate's assertion is turned round for them:
/// it fails as soon as one of them passes, to have it taken off this list.
/// - seeds: one `date/format` finding, `8th January`, in a corpus of 2,263
///   words (so any one finding is over the gate). The other seeds write
///   their dates without ordinals, so this is the corpus disagreeing with
///   itself in date style, which the form match of `disagreements` cannot
///   see (the fix's exact date is written nowhere else).
const OVER_THE_GATE_ON_MAIN: &[&str] = &["seeds"];

/// One finding, as `check --format json` reports it, with byte offsets.
struct Finding {
    code: String,
    severity: String,
    range: Range<usize>,
    /// The edits of the preferred fix, as byte ranges and replacements.
    fix: Vec<(Range<usize>, String)>,
}

impl Finding {
    fn alarms(&self) -> bool {
        matches!(self.severity.as_str(), "error" | "warning")
    }
    fn counts(&self) -> bool {
        self.alarms() || self.severity == "information"
    }
}

/// One kind's figures.
#[derive(Default, Clone, Copy)]
struct Row {
    planted: usize,
    /// Overlapped by an error, warning or information.
    found: usize,
    /// Overlapped by an error or warning (what fails a CI run).
    alarmed: usize,
    /// With a preferred fix that writes the original back.
    fixed: usize,
}

impl std::ops::Add for Row {
    type Output = Row;
    fn add(self, o: Row) -> Row {
        Row {
            planted: self.planted + o.planted,
            found: self.found + o.found,
            alarmed: self.alarmed + o.alarmed,
            fixed: self.fixed + o.fixed,
        }
    }
}

/// A corpus's figures.
struct Scored {
    name: String,
    documents: usize,
    words: usize,
    rows: BTreeMap<Kind, Row>,
    /// Errors and warnings on the unplanted documents whose fix writes a
    /// form no approved document of the corpus uses: false alarms.
    baseline: Vec<String>,
    /// Errors and warnings on the unplanted documents where the corpus
    /// disagrees with itself: the fix writes a form other approved
    /// documents use, and the pack took the majority. Listed for review,
    /// not counted against the gate.
    disagreements: Vec<String>,
    /// Errors and warnings in planted copies overlapping no plant and not
    /// on the unplanted document, described.
    stray: Vec<String>,
    /// Errors and warnings in planted copies that are also on the
    /// unplanted document.
    stray_seen: usize,
    /// What the planter read from the corpus.
    planted_from: String,
    /// One line per plant.
    detail: Vec<String>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The corpora: the seeds, then each test house's approved folder.
fn corpora() -> Vec<(String, PathBuf)> {
    let mut out = vec![("seeds".to_string(), root().join("seeds"))];
    let mut houses: Vec<PathBuf> = fs::read_dir(root().join("tests/houses"))
        .expect("tests/houses")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("approved").is_dir())
        .collect();
    houses.sort();
    for h in houses {
        let name = h.file_name().unwrap().to_string_lossy().to_string();
        out.push((name, h.join("approved")));
    }
    out
}

fn read_docs(dir: &Path) -> Vec<Doc> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .expect("corpus folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x == "md" || x == "txt" || x == "markdown")
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| Doc {
            name: p.file_name().unwrap().to_string_lossy().to_string(),
            text: fs::read_to_string(&p).expect("document reads"),
            format: Format::from_path(&p),
        })
        .collect()
}

fn learn(corpus: &Path, pack: &Path) {
    let out = Command::new(BIN)
        .arg("learn")
        .arg(corpus)
        .arg("--out")
        .arg(pack.join("learned"))
        .output()
        .expect("draftlint runs");
    assert!(
        out.status.success(),
        "learn {} failed: {}",
        corpus.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[derive(Deserialize, Default)]
struct NamesFile {
    #[serde(default)]
    name: Vec<NameEntry>,
}
#[derive(Deserialize)]
struct NameEntry {
    name: String,
}
#[derive(Deserialize, Default)]
struct EventsFile {
    #[serde(default)]
    event: Vec<EventEntry>,
}
#[derive(Deserialize)]
struct EventEntry {
    event: String,
}

/// The names (and event names) the learned pack lists.
fn learned_names(pack: &Path) -> Vec<String> {
    let read = |file: &str| fs::read_to_string(pack.join("learned").join(file)).ok();
    let mut out = Vec::new();
    if let Some(text) = read("names.toml") {
        let names: NamesFile = toml::from_str(&text).expect("names.toml parses");
        out.extend(names.name.into_iter().map(|n| n.name));
    }
    if let Some(text) = read("events.toml") {
        let events: EventsFile = toml::from_str(&text).expect("events.toml parses");
        out.extend(events.event.into_iter().map(|e| e.event));
    }
    out.sort();
    out.dedup();
    out
}

/// Byte offsets of line starts.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Byte offset of a 1-based line and 1-based column in Unicode scalar
/// values (the CLI's positions).
fn offset(text: &str, starts: &[usize], line: u64, column: u64) -> usize {
    let start = starts.get(line as usize - 1).copied().unwrap_or(text.len());
    let rest = &text[start..];
    start
        + rest
            .char_indices()
            .nth(column as usize - 1)
            .map_or(rest.len(), |(i, _)| i)
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// `draftlint check --format json` on `dir` with `pack`: the findings of
/// each file, by its path relative to `dir`.
fn check(pack: &Path, dir: &Path) -> BTreeMap<PathBuf, Vec<Finding>> {
    let out = Command::new(BIN)
        .args(["check", "--color", "never", "--format", "json", "--rules"])
        .arg(pack)
        .arg(dir)
        .output()
        .expect("draftlint runs");
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "check {} exited {code:?}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    assert_eq!(json["errors"].as_array().map(Vec::len), Some(0), "{json}");
    let mut texts: BTreeMap<PathBuf, (String, Vec<usize>)> = BTreeMap::new();
    let mut by_file: BTreeMap<PathBuf, Vec<Finding>> = BTreeMap::new();
    for d in json["diagnostics"].as_array().expect("diagnostics") {
        let path = PathBuf::from(d["path"].as_str().expect("path"));
        let rel = path
            .strip_prefix(dir)
            .unwrap_or_else(|_| panic!("{} is not under {}", path.display(), dir.display()))
            .to_path_buf();
        let (text, starts) = texts.entry(rel.clone()).or_insert_with(|| {
            let text = fs::read_to_string(&path).expect("checked file reads");
            let starts = line_starts(&text);
            (text, starts)
        });
        let pos = |p: &serde_json::Value| {
            offset(
                text,
                starts,
                p["line"].as_u64().expect("line"),
                p["column"].as_u64().expect("column"),
            )
        };
        let fix = d["fixes"]
            .as_array()
            .and_then(|f| f.first())
            .map(|f| {
                f["edits"]
                    .as_array()
                    .expect("edits")
                    .iter()
                    .map(|e| {
                        (
                            pos(&e["start"])..pos(&e["end"]),
                            e["replacement"].as_str().expect("replacement").to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        by_file.entry(rel).or_default().push(Finding {
            code: d["code"].as_str().expect("code").to_string(),
            severity: d["severity"].as_str().expect("severity").to_string(),
            range: pos(&d["start"])..pos(&d["end"]),
            fix,
        });
    }
    by_file
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Whether applying `edits` to `text` gives `text` with `range` replaced
/// by `want`.
fn fixes_to(
    text: &str,
    edits: &[(Range<usize>, String)],
    range: &Range<usize>,
    want: &str,
) -> bool {
    if edits.is_empty() {
        return false;
    }
    let mut edits = edits.to_vec();
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut fixed = text.to_string();
    for (r, s) in edits {
        if r.end > fixed.len() || !fixed.is_char_boundary(r.start) || !fixed.is_char_boundary(r.end)
        {
            return false;
        }
        fixed.replace_range(r, &s);
    }
    let mut expected = text.to_string();
    expected.replace_range(range.clone(), want);
    fixed == expected
}

/// The flagged text as the finding's preferred fix writes it, if the fix
/// edits only inside the flagged span.
fn fixed_form(text: &str, f: &Finding) -> Option<String> {
    if f.fix.is_empty()
        || f.fix
            .iter()
            .any(|(r, _)| r.start < f.range.start || r.end > f.range.end)
    {
        return None;
    }
    let mut edits = f.fix.clone();
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut form = text.get(f.range.clone())?.to_string();
    for (r, s) in edits {
        let r = r.start - f.range.start..r.end - f.range.start;
        form.get(r.clone())?;
        form.replace_range(r, &s);
    }
    Some(form)
}

/// Whether `form` occurs in `text` as whole words (not inside a longer
/// word: `Mr` is not in `Mrs`).
fn contains_word(text: &str, form: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric();
    !form.is_empty()
        && text.match_indices(form).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + form.len()..].chars().next();
            let joined_before = form.starts_with(is_word) && before.is_some_and(is_word);
            let joined_after = form.ends_with(is_word) && after.is_some_and(is_word);
            !joined_before && !joined_after
        })
}

/// Where an offset of a planted copy (outside every plant) stands in the
/// unplanted document.
fn unplanted_offset(plants: &[Plant], at: usize) -> usize {
    let mut shift: isize = 0;
    for p in plants {
        if p.span.end <= at {
            shift += p.span.len() as isize - p.source.len() as isize;
        }
    }
    (at as isize - shift) as usize
}

fn quoted(text: &str) -> String {
    format!("{text:?}")
}

fn evaluate(name: &str, dir: &Path) -> Scored {
    let docs = read_docs(dir);
    let tmp = tempfile::tempdir().expect("temp dir");
    let pack = tmp.path().join("pack");
    learn(dir, &pack);
    let names = learned_names(&pack);
    let house = House::new(name, &docs, &names);

    // The unplanted copies and one planted copy per kind and document,
    // checked in one run.
    let checked = tmp.path().join("check");
    let original = checked.join("original");
    fs::create_dir_all(&original).expect("folder");
    let mut planted: Vec<(Kind, usize, String, Vec<Plant>)> = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        fs::write(original.join(&doc.name), &doc.text).expect("copy writes");
        for kind in Kind::ALL {
            let (text, plants) = house.plant(doc, kind, PER_DOC);
            if plants.is_empty() {
                continue;
            }
            // The record is right: each span holds what was planted, and
            // writing back the originals gives the approved document.
            let mut undone = text.clone();
            for p in plants.iter().rev() {
                assert_eq!(&text[p.span.clone()], p.planted);
                undone.replace_range(p.span.clone(), &p.original);
            }
            assert_eq!(undone, doc.text, "{name} {} {}", doc.name, kind.as_str());
            let folder = checked.join(kind.as_str());
            fs::create_dir_all(&folder).expect("folder");
            fs::write(folder.join(&doc.name), &text).expect("planted copy writes");
            planted.push((kind, i, text, plants));
        }
    }
    let mut findings = check(&pack, &checked);
    let none = Vec::new();

    let mut baseline = Vec::new();
    let mut disagreements = Vec::new();
    for doc in &docs {
        let found = findings
            .get(&Path::new("original").join(&doc.name))
            .unwrap_or(&none);
        for f in found.iter().filter(|f| f.alarms()) {
            let line = format!(
                "{}:{} {} {}",
                doc.name,
                line_of(&doc.text, f.range.start),
                f.code,
                quoted(&doc.text[f.range.clone()])
            );
            match fixed_form(&doc.text, f) {
                Some(form) if docs.iter().any(|d| contains_word(&d.text, &form)) => {
                    disagreements.push(format!("{line} -> {}", quoted(&form)));
                }
                _ => baseline.push(line),
            }
        }
    }

    let mut rows: BTreeMap<Kind, Row> = BTreeMap::new();
    let mut stray = Vec::new();
    let mut stray_seen = 0;
    let mut detail = Vec::new();
    for (kind, i, text, plants) in &planted {
        let doc = &docs[*i];
        let rel = Path::new(kind.as_str()).join(&doc.name);
        let found = findings.remove(&rel).unwrap_or_default();
        let unplanted = findings
            .get(&Path::new("original").join(&doc.name))
            .unwrap_or(&none);
        let row = rows.entry(*kind).or_default();
        for p in plants {
            row.planted += 1;
            let hits: Vec<&Finding> = found
                .iter()
                .filter(|f| f.counts() && overlaps(&f.range, &p.span))
                .collect();
            let fixed = hits
                .iter()
                .any(|f| fixes_to(text, &f.fix, &p.span, &p.want));
            if !hits.is_empty() {
                row.found += 1;
            }
            if hits.iter().any(|f| f.alarms()) {
                row.alarmed += 1;
            }
            if fixed {
                row.fixed += 1;
            }
            let outcome = if hits.is_empty() {
                "missed".to_string()
            } else {
                let codes: Vec<&str> = hits.iter().map(|f| f.code.as_str()).collect();
                format!(
                    "found by {}{}",
                    codes.join(", "),
                    if fixed { ", fix right" } else { "" }
                )
            };
            detail.push(format!(
                "{name} {} {}:{} {} -> {}: {outcome}",
                p.kind.as_str(),
                doc.name,
                line_of(&doc.text, p.source.start),
                quoted(&p.original),
                quoted(&p.planted)
            ));
        }
        for f in found.iter().filter(|f| f.alarms()) {
            if plants.iter().any(|p| overlaps(&f.range, &p.span)) {
                continue;
            }
            let at = unplanted_offset(plants, f.range.start)..unplanted_offset(plants, f.range.end);
            if unplanted
                .iter()
                .any(|u| u.alarms() && u.code == f.code && u.range == at)
            {
                stray_seen += 1;
                continue;
            }
            stray.push(format!(
                "{} {}:{} {} {}",
                kind.as_str(),
                doc.name,
                line_of(text, f.range.start),
                f.code,
                quoted(&text[f.range.clone()])
            ));
        }
    }

    let dialect = house.dialect.map_or("none", |d| d.as_str());
    let compounds: Vec<&str> = house.compounds.keys().map(String::as_str).collect();
    let planted_from = format!(
        "{name}: {} name words and acronyms, {} multi-word names; dialect {dialect}; compounds: {}",
        house.name_words.len(),
        house.multi_word_names.len(),
        if compounds.is_empty() {
            "none".to_string()
        } else {
            compounds.join(", ")
        }
    );
    Scored {
        name: name.to_string(),
        documents: docs.len(),
        words: docs.iter().map(plant::prose_words).sum(),
        rows,
        baseline,
        disagreements,
        stray,
        stray_seen,
        planted_from,
        detail,
    }
}

/// Every corpus evaluated once per test run (the tests share it).
fn evaluation() -> &'static [Scored] {
    static RESULT: OnceLock<Vec<Scored>> = OnceLock::new();
    RESULT.get_or_init(|| {
        let corpora = corpora();
        std::thread::scope(|s| {
            let handles: Vec<_> = corpora
                .iter()
                .map(|(name, dir)| s.spawn(move || evaluate(name, dir)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a corpus is evaluated"))
                .collect()
        })
    })
}

fn per_10k(alarms: usize, words: usize) -> f64 {
    alarms as f64 * 10_000.0 / words.max(1) as f64
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "–".to_string()
    } else {
        format!("{:.0}%", 100.0 * part as f64 / whole as f64)
    }
}

fn render(all: &[Scored]) -> String {
    let mut r = String::new();
    let _ = writeln!(
        r,
        "Planted typos: up to {PER_DOC} per document and kind, never two in one sentence.\n\
         found: an error, warning or information overlaps the plant (found/planted per corpus);\n\
         as error or warning: an error or warning does (what fails `check` in CI);\n\
         fix right: a finding's preferred fix writes back the original.\n"
    );
    let _ = write!(
        r,
        "| kind | planted | found | as error or warning | fix right |"
    );
    for c in all {
        let _ = write!(r, " {} |", c.name);
    }
    let _ = write!(r, "\n| --- | ---: | ---: | ---: | ---: |");
    for _ in all {
        let _ = write!(r, " ---: |");
    }
    let _ = writeln!(r);
    let line = |r: &mut String, label: &str, of: &dyn Fn(&Scored) -> Row| {
        let t = all.iter().map(of).fold(Row::default(), |a, b| a + b);
        let _ = write!(
            r,
            "| {label} | {} | {} ({}) | {} ({}) | {} ({}) |",
            t.planted,
            t.found,
            percent(t.found, t.planted),
            t.alarmed,
            percent(t.alarmed, t.planted),
            t.fixed,
            percent(t.fixed, t.planted)
        );
        for c in all {
            let row = of(c);
            let _ = write!(r, " {}/{} |", row.found, row.planted);
        }
        let _ = writeln!(r);
    };
    for kind in Kind::ALL {
        line(&mut r, kind.as_str(), &|c: &Scored| {
            c.rows.get(&kind).copied().unwrap_or_default()
        });
    }
    line(&mut r, "all", &|c: &Scored| {
        c.rows.values().fold(Row::default(), |a, b| a + *b)
    });
    let _ = writeln!(r);

    let _ = writeln!(
        r,
        "False alarms (errors and warnings), each corpus checked with its own pack. \
         A finding whose fix writes a form other approved documents of the corpus use \
         is the corpus disagreeing with itself (the pack took the majority): listed, \
         not counted as a false alarm.\n\n\
         | corpus | documents | words | false alarms on the approved documents | per 10,000 words | corpus disagreements | new in planted copies |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for c in all {
        let _ = writeln!(
            r,
            "| {} | {} | {} | {} | {:.1} | {} | {} |",
            c.name,
            c.documents,
            c.words,
            c.baseline.len(),
            per_10k(c.baseline.len(), c.words),
            c.disagreements.len(),
            c.stray.len()
        );
    }
    let _ = writeln!(r, "\nFalse alarms on the approved documents:");
    for c in all {
        for line in &c.baseline {
            let _ = writeln!(r, "  {} {line}", c.name);
        }
    }
    let _ = writeln!(r, "Corpus disagreements on the approved documents:");
    for c in all {
        for line in &c.disagreements {
            let _ = writeln!(r, "  {} {line}", c.name);
        }
    }
    let _ = writeln!(
        r,
        "New in the planted copies (overlapping no plant, not on the unplanted document):"
    );
    for c in all {
        for line in &c.stray {
            let _ = writeln!(r, "  {} {line}", c.name);
        }
    }
    let seen: usize = all.iter().map(|c| c.stray_seen).sum();
    let _ = writeln!(
        r,
        "(and {seen} in the planted copies that the unplanted documents have too)\n\nPlanted from:"
    );
    for c in all {
        let _ = writeln!(r, "  {}", c.planted_from);
    }
    r
}

#[test]
fn planted_typos_found_and_false_alarms() {
    let all = evaluation();
    for c in all {
        for line in &c.detail {
            println!("{line}");
        }
    }
    let report = render(all);
    println!("{report}");
    // The figures mean something only if something was planted of each
    // kind the planter can plant without the variants data.
    for kind in Kind::ALL {
        let planted: usize = all
            .iter()
            .map(|c| c.rows.get(&kind).map_or(0, |r| r.planted))
            .sum();
        if kind != Kind::DialectSwap {
            assert!(planted >= 10, "only {planted} {} planted", kind.as_str());
        }
    }
    insta::assert_snapshot!("report", report);
}

/// The precision gate of #11: at most one error or warning per 10,000
/// words on each corpus's own approved documents, checked with the pack
/// learned from them, not counting the corpus's disagreements with itself
/// (findings whose fix writes a form other approved documents use; the
/// snapshot lists them). Corpora over it on main are listed (and
/// explained) in `OVER_THE_GATE_ON_MAIN`.
#[test]
fn precision_gate_on_the_approved_documents() {
    let mut wrong = Vec::new();
    for c in evaluation() {
        let rate = per_10k(c.baseline.len(), c.words);
        let over = rate > GATE_PER_10K;
        let listed = OVER_THE_GATE_ON_MAIN.contains(&c.name.as_str());
        if over && !listed {
            wrong.push(format!(
                "{}: {} errors and warnings in {} words ({rate:.1} per 10,000):\n    {}",
                c.name,
                c.baseline.len(),
                c.words,
                c.baseline.join("\n    ")
            ));
        } else if listed && !over {
            wrong.push(format!(
                "{} now passes the gate ({rate:.1} per 10,000 words): take it off OVER_THE_GATE_ON_MAIN",
                c.name
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The scorer's own pieces: positions, fixes and the mapping of a planted
/// copy's offsets back to the unplanted document.
#[test]
fn scoring_reads_positions_fixes_and_shifts_right() {
    let text = "Ré one\nMargarte\nEllison said.";
    let starts = line_starts(text);
    assert_eq!(offset(text, &starts, 1, 2), 1);
    assert_eq!(offset(text, &starts, 1, 3), 3); // after the two-byte é
    assert_eq!(offset(text, &starts, 2, 1), text.find("Margarte").unwrap());
    let span = text.find("Margarte").unwrap()..text.find(" said").unwrap();
    // A fix that joins the lines does not restore a split name; one that
    // keeps the break does.
    let joined = vec![(span.clone(), "Margaret Ellison".to_string())];
    let kept = vec![(span.clone(), "Margaret\nEllison".to_string())];
    assert!(!fixes_to(text, &joined, &span, "Margaret\nEllison"));
    assert!(fixes_to(text, &kept, &span, "Margaret\nEllison"));
    // The same text written by two edits, and no fix at all.
    let m = span.start;
    let two = vec![(m + 6..m + 8, "et".to_string())];
    assert!(fixes_to(text, &two, &(m..m + 8), "Margaret"));
    assert!(!fixes_to(text, &[], &(m..m + 8), "Margarte"));

    let plant = |span: Range<usize>, source: Range<usize>| Plant {
        kind: Kind::WordDrop,
        span,
        source,
        original: String::new(),
        planted: String::new(),
        want: String::new(),
    };
    // `abcdef` -> `abXXdf` (one byte longer at 2..5, for 2..4).
    let plants = [plant(2..5, 2..4)];
    assert_eq!(unplanted_offset(&plants, 1), 1);
    assert_eq!(unplanted_offset(&plants, 5), 4);
    assert_eq!(unplanted_offset(&plants, 6), 5);
}
