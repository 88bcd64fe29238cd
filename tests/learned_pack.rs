//! The default pack's `learned/` is exactly what `draftlint learn seeds/`
//! writes, and a leave-one-out run shows what the learner catches on an
//! approved document it has not seen.

use std::path::{Path, PathBuf};

use draftlint::learn::{self, Corpus};
use draftlint::rules::{PackSource, RulePack};
use draftlint::text::{Document, Encoding};
use draftlint::{Engine, Format};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `learned` files plus the project's curated rules, as one pack.
fn pack_with_curated(learned: &learn::Learned) -> RulePack {
    let mut sources: Vec<(String, Option<PathBuf>, String)> = learned
        .files
        .iter()
        .map(|(n, t)| (format!("learned/{n}"), None, t.clone()))
        .collect();
    for entry in std::fs::read_dir(root().join("rules/curated")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let name = format!("curated/{}", path.file_name().unwrap().to_string_lossy());
            sources.push((name, None, std::fs::read_to_string(&path).unwrap()));
        }
    }
    let (pack, errors) = RulePack::from_sources(PackSource::Builtin, sources);
    assert!(errors.is_empty(), "{errors:?}");
    pack
}

#[test]
fn rules_learned_is_what_learn_seeds_writes() {
    let (corpus, errors) = Corpus::read(&[root().join("seeds")]);
    assert!(errors.is_empty(), "{errors:?}");
    let learned = learn::learn(&corpus);
    let dir = root().join("rules/learned");
    if std::env::var_os("DRAFTLINT_BLESS").is_some() {
        learn::write_pack(&learned, &dir).unwrap();
    }
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let expected: Vec<String> = learned.files.keys().cloned().collect();
    assert_eq!(
        on_disk, expected,
        "rules/learned/ holds other files than learn writes"
    );
    for (name, text) in &learned.files {
        let disk = std::fs::read_to_string(dir.join(name)).unwrap();
        assert!(
            &disk == text,
            "rules/learned/{name} is stale: run `cargo run -- learn seeds --out rules/learned` (or DRAFTLINT_BLESS=1 cargo test --test learned_pack) and review the diff"
        );
    }
}

#[test]
fn leave_one_out() {
    let (corpus, _) = Corpus::read(&[root().join("seeds")]);
    let mut report = String::new();
    for held_out in &corpus.docs {
        let rest = Corpus {
            docs: corpus
                .docs
                .iter()
                .filter(|d| d.id != held_out.id)
                .cloned()
                .collect(),
        };
        let learned = learn::learn(&rest);
        let (engine, errors) = Engine::new(pack_with_curated(&learned));
        assert!(errors.is_empty(), "{errors:?}");
        let text = &held_out.text;
        let doc = Document::parse(text, Format::PlainText);
        report.push_str(&format!(
            "== {} (learned from the other {})\n",
            held_out.id,
            rest.docs.len()
        ));
        for d in engine.check_document(&doc) {
            let at = doc
                .lines()
                .to_line_col(text, d.range.start, Encoding::Scalar);
            let fix = d
                .fixes
                .first()
                .map(|f| format!(" -> '{}' ({:?})", f.edits[0].replacement, f.applicability))
                .unwrap_or_default();
            report.push_str(&format!(
                "{}:{} {} '{}'{fix}\n",
                at.line + 1,
                at.col + 1,
                d.code,
                &text[d.range.clone()]
            ));
        }
    }
    insta::assert_snapshot!(report);
}

#[test]
fn the_example_draft_finds_the_documented_departures() {
    let path = root().join("examples/draft.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let found: Vec<(String, String)> = Engine::builtin()
        .check(&text, Format::from_path(Path::new(&path)))
        .into_iter()
        .map(|d| (d.code.to_string(), text[d.range].to_string()))
        .collect();
    for (code, span) in [
        ("name/exact", "Teresa May"),
        ("name/exact", "HMS Argyle"),
        ("name/exact", "Vigilant Isles"),
        ("name/exact", "Japan Maritime Self-Defence Forces"),
        ("name/exact", "F35"),
        ("name/exact", "CSG 21"),
        ("title/case", "foreign secretary"),
        ("title/role", "Defence Secretary"),
        ("event/year", "2019"),
    ] {
        assert!(
            found.iter().any(|(c, s)| c == code && s == span),
            "missing {code} on '{span}' in {found:#?}"
        );
    }
    // Proper names keep their own spelling, and code is never checked.
    assert!(
        !found
            .iter()
            .any(|(_, s)| s.contains("Self-Defense Force") || s.contains("Department of Defense")),
        "{found:#?}"
    );
    assert_eq!(
        found.iter().filter(|(_, s)| s == "HMS Argyle").count(),
        1,
        "{found:#?}"
    );
}

/// The spelling and honorific learners and their checks together, on the
/// seed corpus: checked against the rules learned from themselves, the
/// seeds show only their true variants (the minority forms the house
/// outvotes). The rules go through their TOML file, as `learn` writes them.
#[test]
fn seeds_checked_against_their_own_rules_flag_only_true_variants() {
    let (corpus, errors) = Corpus::read(&[root().join("seeds")]);
    assert!(errors.is_empty(), "{errors:?}");
    let (mut rules, _) = learn::spelling::learn(&corpus);
    let (h, _) = learn::honorific::learn(&corpus);
    rules.honorifics = h.honorifics;
    rules.honorific_conflicts = h.honorific_conflicts;
    let text = toml::to_string(&rules).unwrap();
    let (pack, errors) = RulePack::from_sources(
        PackSource::Builtin,
        vec![("learned.toml".into(), None, text)],
    );
    assert!(errors.is_empty(), "{errors:?}");
    let (engine, errors) = Engine::new(pack);
    assert!(errors.is_empty(), "{errors:?}");
    let mut found = Vec::new();
    for doc in &corpus.docs {
        let d = Document::parse(&doc.text, doc.format);
        for x in engine.check_document(&d) {
            let code = x.code.to_string();
            // Variants, not the dictionary: this pack has no names or
            // house words, so every name would be an unknown word.
            let variant = code.starts_with("spelling/") && !code.starts_with("spelling/unknown");
            if variant || code.starts_with("honorific/") {
                found.push(format!("{} {code} {}", &doc.id[..3], &doc.text[x.range]));
            }
        }
    }
    assert_eq!(
        found,
        [
            "000 spelling/variant counter terrorism",
            "001 honorific/full-stop Mr.",
            "001 spelling/variant co-operation",
            "003 spelling/variant co-operate",
            "003 spelling/variant co-operate",
            "003 spelling/variant cybersecurity",
            "003 spelling/variant co-operate",
            "003 spelling/variant co-operation",
        ]
    );
}

// A learned pack is layered on the built-in curated conventions: the
// command line and the server both load it through `discover::load`, so a
// pack that states no `[dates]` or `[ships]` of its own still checks dates
// and ship prefixes, unless it switches the built-in part off.

mod lsp_support;

const BIN: &str = env!("CARGO_BIN_EXE_draftlint");

/// Three approved documents of a small house, none stating a convention.
const APPROVED: [&str; 3] = [
    "# Harbour works\n\nThe Port Authority said on Monday that Morwenna Tregear will lead the harbour works.\n",
    "# New pontoon\n\nMorwenna Tregear of the Port Authority opened the pontoon last week.\n",
    "# Dredging\n\nThe Port Authority thanked Morwenna Tregear for the dredging plan yesterday.\n",
];

/// A draft with a date that is not in the calendar, a weekday its date does
/// not fall on, and an article before a ship prefix.
const DRAFT: &str = "# Visit\n\nMorwenna Tregear will meet the HMS Argyll on 30 February 2027.\nThe ship left on Friday 9 January 2016.\n";

/// A workspace whose `rules/learned/` is what `learn` writes from
/// [`APPROVED`], plus `extra` files below `rules/`. The approved documents
/// write no full date and name no ship, so the learned pack has no `[dates]`
/// or `[ships]` table of its own: what date and ship checks it has come
/// from the built-in layer.
fn learned_workspace(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let ws = tempfile::tempdir().unwrap();
    let corpus = ws.path().join("approved");
    std::fs::create_dir_all(&corpus).unwrap();
    for (i, text) in APPROVED.iter().enumerate() {
        std::fs::write(corpus.join(format!("doc{i}.md")), text).unwrap();
    }
    let out = std::process::Command::new(BIN)
        .arg("learn")
        .arg(&corpus)
        .arg("--out")
        .arg(ws.path().join("rules/learned"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (rel, text) in extra {
        let path = ws.path().join("rules").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    std::fs::write(ws.path().join("draft.md"), DRAFT).unwrap();
    ws
}

/// `(code, 0-based line, 0-based column, message)` of what `check` finds in
/// `draft.md`, run in `ws` with `args`.
fn cli_findings(ws: &Path, args: &[&str]) -> Vec<(String, u64, u64, String)> {
    let out = std::process::Command::new(BIN)
        .current_dir(ws)
        .args(["check", "--color", "never", "--format", "json"])
        .args(args)
        .arg("draft.md")
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["errors"].as_array().map(Vec::len), Some(0), "{json}");
    let mut found: Vec<_> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["start"]["line"].as_u64().unwrap() - 1,
                d["start"]["column"].as_u64().unwrap() - 1,
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

fn codes(found: &[(String, u64, u64, String)]) -> Vec<&str> {
    let mut codes: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    codes.dedup();
    codes
}

#[test]
fn a_learned_pack_keeps_the_built_in_date_and_ship_checks() {
    let ws = learned_workspace(&[]);
    let learned = std::fs::read_dir(ws.path().join("rules/learned")).unwrap();
    for file in learned {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
        assert!(
            !text.contains("[dates]") && !text.contains("[ships]"),
            "{text}"
        );
    }
    let found = cli_findings(ws.path(), &["--rules", "rules"]);
    let codes = codes(&found);
    for code in ["date/invalid", "date/weekday", "ship/article"] {
        assert!(codes.contains(&code), "no {code} in {found:#?}");
    }
    // The library's own loader gives the same pack.
    let (pack, errors) =
        draftlint::discover::load(&draftlint::discover::Choice::Dir(ws.path().join("rules")))
            .unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(pack.merged.dates.is_some() && pack.merged.ships.is_some());
}

#[test]
fn a_pack_that_switches_the_built_in_off_has_no_date_or_ship_checks() {
    let ws = learned_workspace(&[("curated/house.toml", "[builtin]\nuse = false\n")]);
    let found = cli_findings(ws.path(), &["--rules", "rules"]);
    assert!(
        found
            .iter()
            .all(|f| !f.0.starts_with("date/") && !f.0.starts_with("ship/")),
        "{found:#?}"
    );
    let ws = learned_workspace(&[("curated/house.toml", "[builtin]\noff = [\"ships\"]\n")]);
    let codes_found = cli_findings(ws.path(), &["--rules", "rules"]);
    let codes = codes(&codes_found);
    assert!(codes.contains(&"date/invalid"), "{codes_found:#?}");
    assert!(!codes.contains(&"ship/article"), "{codes_found:#?}");
}

#[test]
fn a_learned_dates_table_replaces_the_built_in_one() {
    // Hand-written, as `learn` will write one: weekdays are not checked.
    let ws = learned_workspace(&[(
        "learned/dates.toml",
        "[dates]\nstyle = \"gov.uk\"\ncheck_weekday = false\n",
    )]);
    let found = cli_findings(ws.path(), &["--rules", "rules"]);
    let codes = codes(&found);
    assert!(codes.contains(&"date/invalid"), "{found:#?}");
    assert!(!codes.contains(&"date/weekday"), "{found:#?}");
    assert!(codes.contains(&"ship/article"), "{found:#?}");
}

#[test]
fn the_server_and_the_command_line_give_a_learned_pack_the_same_findings() {
    use lsp_support::{file_uri, Client};
    let ws = learned_workspace(&[]);
    // Both discover the workspace's rules/ folder.
    let cli = cli_findings(ws.path(), &[]);
    assert_eq!(cli, cli_findings(ws.path(), &["--rules", "rules"]));
    assert!(codes(&cli).contains(&"date/invalid"), "{cli:#?}");
    let (mut c, _) = Client::start(Some(ws.path()));
    let uri = file_uri(&ws.path().join("draft.md"));
    c.open(&uri, "markdown", 1, DRAFT);
    let mut server: Vec<_> = c
        .diagnostics(&uri, 1)
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["character"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    server.sort();
    assert_eq!(server, cli);
    c.shutdown();
}
