//! Planted-error evaluation on the test houses in `tests/houses/`.
//!
//! For each house: `draftlint learn` its `approved/` folder, `draftlint
//! check` every draft against the learned pack, and score the findings
//! against the hand-written `drafts/expected.toml`:
//!
//! - **found**: a planted departure that a finding (error, warning or
//!   information) overlaps; **fix right**: one of those findings' preferred
//!   fix turns exactly the planted text into the manifest's `fix`;
//! - **false alarm**: an error or warning that overlaps no planted
//!   departure (in a clean draft, any error or warning);
//! - **leave-one-out**: each approved document checked against the pack
//!   learned from the others. It is approved, so every error or warning on
//!   it is a false alarm.
//!
//! The report per house is an insta snapshot, so a change in recall or in
//! false alarms is seen and reviewed in the diff. Reproduce the figures with
//! `cargo test --test house_eval -- --nocapture`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

const BIN: &str = env!("CARGO_BIN_EXE_draftlint");

#[derive(Deserialize)]
struct Manifest {
    #[serde(default)]
    planted: Vec<Planted>,
    #[serde(default)]
    clean: Vec<Clean>,
}

#[derive(Deserialize)]
struct Planted {
    draft: String,
    text: String,
    line: usize,
    family: String,
    fix: Option<String>,
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Deserialize)]
struct Clean {
    draft: String,
}

/// One finding, as `check --format json` reports it, with byte offsets.
struct Finding {
    code: String,
    severity: String,
    range: std::ops::Range<usize>,
    /// The edits of the preferred fix, as byte ranges and replacements.
    fix: Vec<(std::ops::Range<usize>, String)>,
}

impl Finding {
    fn alarms(&self) -> bool {
        matches!(self.severity.as_str(), "error" | "warning")
    }
    fn counts(&self) -> bool {
        self.alarms() || self.severity == "information"
    }
}

/// Byte offset of a 1-based line and 1-based column in Unicode scalar
/// values (the CLI's positions).
fn offset(text: &str, line: u64, column: u64) -> usize {
    let mut start = 0;
    for _ in 1..line {
        start += text[start..]
            .find('\n')
            .map_or(text.len() - start, |i| i + 1);
    }
    let rest = &text[start..];
    start
        + rest
            .char_indices()
            .nth(column as usize - 1)
            .map_or(rest.len(), |(i, _)| i)
}

fn learn(corpus: &[PathBuf], out: &Path) {
    let status = Command::new(BIN)
        .arg("learn")
        .args(corpus)
        .arg("--out")
        .arg(out.join("learned"))
        .output()
        .expect("draftlint runs");
    assert!(
        status.status.success(),
        "learn failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

fn check(pack: &Path, draft: &Path) -> Vec<Finding> {
    let out = Command::new(BIN)
        .args(["check", "--color", "never", "--format", "json", "--rules"])
        .arg(pack)
        .arg(draft)
        .output()
        .expect("draftlint runs");
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "check {} exited {code:?}: {}",
        draft.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = fs::read_to_string(draft).expect("draft reads");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    assert_eq!(json["errors"].as_array().map(Vec::len), Some(0), "{json}");
    let pos = |p: &serde_json::Value| {
        offset(
            &text,
            p["line"].as_u64().expect("line"),
            p["column"].as_u64().expect("column"),
        )
    };
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| Finding {
            code: d["code"].as_str().expect("code").to_string(),
            severity: d["severity"].as_str().expect("severity").to_string(),
            range: pos(&d["start"])..pos(&d["end"]),
            fix: d["fixes"]
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
                .unwrap_or_default(),
        })
        .collect()
}

/// Where the planted `text` starts on its line, as a byte range in `draft`.
fn planted_range(draft: &str, p: &Planted) -> std::ops::Range<usize> {
    let line_start = offset(draft, p.line as u64, 1);
    let at = draft[line_start..]
        .find(&p.text)
        .unwrap_or_else(|| panic!("{}:{}: {:?} is not on its line", p.draft, p.line, p.text));
    let start = line_start + at;
    assert!(
        !draft[line_start..start].contains('\n'),
        "{}:{}: {:?} starts on a later line",
        p.draft,
        p.line,
        p.text
    );
    start..start + p.text.len()
}

fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Whether applying `edits` to `text` gives `text` with `range` replaced
/// by `want`.
fn fixes_to(
    text: &str,
    edits: &[(std::ops::Range<usize>, String)],
    range: &std::ops::Range<usize>,
    want: &str,
) -> bool {
    let mut edits = edits.to_vec();
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut fixed = text.to_string();
    for (r, s) in edits {
        fixed.replace_range(r, &s);
    }
    let mut expected = text.to_string();
    expected.replace_range(range.clone(), want);
    fixed == expected
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

fn evaluate(house: &Path) -> String {
    let name = house.file_name().unwrap().to_string_lossy().to_string();
    let tmp = tempfile::tempdir().expect("temp dir");
    let pack = tmp.path().join("pack");
    learn(&[house.join("approved")], &pack);
    let drafts = house.join("drafts");
    let manifest: Manifest =
        toml::from_str(&fs::read_to_string(drafts.join("expected.toml")).expect("manifest reads"))
            .expect("manifest parses");

    let mut missed = String::new();
    let mut alarms = String::new();
    let (mut found, mut fixed, mut planted_alarms, mut clean_alarms) = (0, 0, 0, 0);
    let mut per_family: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    let mut drafts_seen: Vec<&str> = manifest.planted.iter().map(|p| p.draft.as_str()).collect();
    drafts_seen.dedup();
    for draft_name in &drafts_seen {
        let path = drafts.join(draft_name);
        let text = fs::read_to_string(&path).expect("draft reads");
        let findings = check(&pack, &path);
        let planted: Vec<(&Planted, std::ops::Range<usize>)> = manifest
            .planted
            .iter()
            .filter(|p| p.draft == *draft_name)
            .map(|p| (p, planted_range(&text, p)))
            .collect();
        for (p, r) in &planted {
            let hits: Vec<&Finding> = findings
                .iter()
                .filter(|f| f.counts() && overlaps(&f.range, r))
                .collect();
            let fam = per_family.entry(p.family.as_str()).or_default();
            fam.1 += 1;
            if hits.is_empty() {
                let _ = writeln!(
                    missed,
                    "  {draft_name}:{} {} {:?}",
                    p.line, p.family, p.text
                );
                continue;
            }
            found += 1;
            fam.0 += 1;
            if let Some(want) = &p.fix {
                if hits.iter().any(|f| fixes_to(&text, &f.fix, r, want)) {
                    fixed += 1;
                }
            }
        }
        for f in findings.iter().filter(|f| f.alarms()) {
            if !planted.iter().any(|(_, r)| overlaps(&f.range, r)) {
                planted_alarms += 1;
                let _ = writeln!(
                    alarms,
                    "  {draft_name}:{} {} {:?}",
                    line_of(&text, f.range.start),
                    f.code,
                    &text[f.range.clone()]
                );
            }
        }
    }
    for c in &manifest.clean {
        let path = drafts.join(&c.draft);
        let text = fs::read_to_string(&path).expect("draft reads");
        for f in check(&pack, &path).iter().filter(|f| f.alarms()) {
            clean_alarms += 1;
            let _ = writeln!(
                alarms,
                "  {} (clean):{} {} {:?}",
                c.draft,
                line_of(&text, f.range.start),
                f.code,
                &text[f.range.clone()]
            );
        }
    }

    // Leave one out: each approved document against the others' pack.
    let approved: Vec<PathBuf> = {
        let mut v: Vec<PathBuf> = fs::read_dir(house.join("approved"))
            .expect("approved folder")
            .map(|e| e.expect("entry").path())
            .collect();
        v.sort();
        v
    };
    let mut loo = String::new();
    let mut loo_alarms = 0;
    for (i, doc) in approved.iter().enumerate() {
        let others = tempfile::tempdir().expect("temp dir");
        for (j, other) in approved.iter().enumerate() {
            if i != j {
                fs::copy(other, others.path().join(other.file_name().unwrap())).expect("copy");
            }
        }
        let pack = tmp.path().join(format!("loo{i}"));
        learn(&[others.path().to_path_buf()], &pack);
        let text = fs::read_to_string(doc).expect("doc reads");
        for f in check(&pack, doc).iter().filter(|f| f.alarms()) {
            loo_alarms += 1;
            let _ = writeln!(
                loo,
                "  {}:{} {} {:?}",
                doc.file_name().unwrap().to_string_lossy(),
                line_of(&text, f.range.start),
                f.code,
                &text[f.range.clone()]
            );
        }
    }

    let total = manifest.planted.len();
    let mut report = String::new();
    let _ = writeln!(
        report,
        "{name}: found {found}/{total} planted ({:.0}%), fix right {fixed}; false alarms: {planted_alarms} in planted drafts, {clean_alarms} in {} clean drafts; leave-one-out: {loo_alarms} in {} approved documents",
        100.0 * found as f64 / total.max(1) as f64,
        manifest.clean.len(),
        approved.len()
    );
    let _ = writeln!(report, "by family (found/planted):");
    for (fam, (f, t)) in &per_family {
        let _ = writeln!(report, "  {fam}: {f}/{t}");
    }
    let _ = writeln!(
        report,
        "missed:\n{missed}false alarms:\n{alarms}leave-one-out alarms:\n{loo}"
    );
    report
}

fn run(house: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/houses")
        .join(house);
    let report = evaluate(&dir);
    println!("{report}");
    insta::assert_snapshot!(house, report);
}

#[test]
fn harborview() {
    run("harborview");
}

#[test]
fn federal_agency() {
    run("federal-agency");
}

#[test]
fn island_council() {
    run("island-council");
}

/// Every manifest entry names a draft in its folder and text found on
/// its line, and every draft in the folder is listed: a wrong manifest
/// would make the figures above meaningless.
#[test]
fn manifests_match_their_drafts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/houses");
    for house in ["harborview", "federal-agency", "island-council"] {
        let drafts = root.join(house).join("drafts");
        let manifest: Manifest =
            toml::from_str(&fs::read_to_string(drafts.join("expected.toml")).unwrap()).unwrap();
        let mut listed: Vec<String> = manifest
            .planted
            .iter()
            .map(|p| p.draft.clone())
            .chain(manifest.clean.iter().map(|c| c.draft.clone()))
            .collect();
        listed.sort();
        listed.dedup();
        let mut present: Vec<String> = fs::read_dir(&drafts)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n != "expected.toml")
            .collect();
        present.sort();
        assert_eq!(listed, present, "{house}: drafts and manifest differ");
        const FAMILIES: &[&str] = &[
            "name",
            "title",
            "spelling",
            "honorific",
            "event",
            "date",
            "ship",
            "typo",
        ];
        for p in &manifest.planted {
            assert!(
                FAMILIES.contains(&p.family.as_str()),
                "{house}: {}",
                p.family
            );
            let text = fs::read_to_string(drafts.join(&p.draft)).unwrap();
            let r = planted_range(&text, p);
            let line_start = offset(&text, p.line as u64, 1);
            let line_end = text[line_start..]
                .find('\n')
                .map_or(text.len(), |i| line_start + i);
            assert_eq!(
                text[line_start..line_end]
                    .matches(p.text.split('\n').next().unwrap())
                    .count(),
                1,
                "{house} {}:{}: {:?} is not unique on its line",
                p.draft,
                p.line,
                p.text
            );
            assert_eq!(&text[r], p.text);
        }
    }
}
