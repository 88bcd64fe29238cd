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
            let at = doc.lines.to_line_col(text, d.range.start, Encoding::Scalar);
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
            if code.starts_with("spelling/") || code.starts_with("honorific/") {
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
