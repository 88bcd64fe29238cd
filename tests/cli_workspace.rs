//! Consistency across drafts checked together (issue 12, "Consistency
//! across a workspace"): with `--workspace-consistency` or
//! `workspace-consistency = true` in draftlint.toml, a person's honorific
//! and a spelling the house allows both ways are held, across the drafts of
//! a run, to the first draft's form (in the order `check` reports files),
//! and the finding points at that draft in every output format.

mod cli_support;

use cli_support::{run_in, tempdir_with};

/// A pack whose approved documents wrote `organise` and `organize` alike:
/// either will do, but one per draft (a `spelling/consistency` rule).
const PACK: &str = "[[spelling]]\npreferred = \"organise\"\nvariants = [\"organize\"]\nkind = \"consistency\"\nseen = 4\ndocuments = [\"a\", \"b\"]\nvariants_seen = 3\n";

/// The first draft of a press pack, and a second that writes the same
/// person and word the other way (each consistent by itself).
const FIRST: &str = "# Talks\n\nMs Lindqvist will organise the visit.\n";
const SECOND: &str = "# Visit\n\nMrs Lindqvist spoke. They organize it well.\n";

/// `path:line:col: severity[code]` of each concise finding line.
fn findings(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter(|l| l.contains("]: "))
        .map(|l| l.split("]: ").next().unwrap().to_string() + "]")
        .collect()
}

fn pack_dir(config: Option<&str>) -> tempfile::TempDir {
    let mut files = vec![
        ("rules/curated/house.toml", PACK),
        ("pack/a.md", FIRST),
        ("pack/b.md", SECOND),
    ];
    if let Some(c) = config {
        files.push(("draftlint.toml", c));
    }
    tempdir_with(&files)
}

#[test]
fn two_files_named_together_are_held_to_the_first() {
    let dir = pack_dir(None);
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--rules",
            "rules",
            "--workspace-consistency",
            "pack/a.md",
            "pack/b.md",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stdout.contains(
            "pack/b.md:3:1: warning[honorific/consistency]: 'Mrs Lindqvist' here, but 'Ms Lindqvist' in pack/a.md: give one person one honorific."
        ),
        "{}",
        r.transcript()
    );
    assert!(
        r.stdout
            .contains("'organize' here, but 'organise' in pack/a.md"),
        "{}",
        r.transcript()
    );
    // The note names the other file and where in it.
    assert!(
        r.stdout
            .contains("= note: 'Ms Lindqvist' first used here (pack/a.md:3:1)"),
        "{}",
        r.transcript()
    );
    assert!(
        r.stdout
            .contains("= note: 'organise' first used here (pack/a.md:3:19)"),
        "{}",
        r.transcript()
    );
    // Named the other way round, the other file is the reference.
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--rules",
            "rules",
            "--workspace-consistency",
            "--format",
            "concise",
            "pack/b.md",
            "pack/a.md",
        ],
    );
    assert_eq!(
        findings(&r.stdout),
        [
            "pack/a.md:3:1: warning[honorific/consistency]",
            "pack/a.md:3:19: warning[spelling/consistency]"
        ],
        "{}",
        r.transcript()
    );
    // Each by itself, both are clean.
    let r = run_in(
        dir.path(),
        &["check", "--rules", "rules", "pack/a.md", "pack/b.md"],
    );
    assert_eq!(r.code, 0, "{}", r.transcript());
}

#[test]
fn a_folder_with_the_key_on_is_checked_together_in_walk_order() {
    let dir = pack_dir(Some("rules = \"rules\"\nworkspace-consistency = true\n"));
    // A third draft that agrees with the first, and one that disables the
    // rule on its line: neither is flagged.
    std::fs::write(
        dir.path().join("pack/c.md"),
        "Ms Lindqvist returns. We organise.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("pack/d.md"),
        "<!-- draftlint-disable-next-line honorific/consistency -->\nMrs Lindqvist, again.\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["check", "--format", "concise", "pack"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert_eq!(
        findings(&r.stdout),
        [
            "pack/b.md:3:1: warning[honorific/consistency]",
            "pack/b.md:3:27: warning[spelling/consistency]"
        ],
        "{}",
        r.transcript()
    );
    // The same output every time.
    for _ in 0..3 {
        let again = run_in(dir.path(), &["check", "--format", "concise", "pack"]);
        assert_eq!(again.stdout, r.stdout);
    }
    // The command line turns it off for a run.
    let off = run_in(dir.path(), &["check", "--no-workspace-consistency", "pack"]);
    assert_eq!(off.code, 0, "{}", off.transcript());
}

#[test]
fn the_key_off_or_absent_checks_each_draft_alone() {
    for config in [
        "rules = \"rules\"\nworkspace-consistency = false\n",
        "rules = \"rules\"\n",
    ] {
        let dir = pack_dir(Some(config));
        let r = run_in(dir.path(), &["check", "pack"]);
        assert_eq!(r.code, 0, "{config}: {}", r.transcript());
        assert!(
            r.stdout.contains("No problems found."),
            "{}",
            r.transcript()
        );
        // The flag turns it on for a run.
        let on = run_in(
            dir.path(),
            &[
                "check",
                "--workspace-consistency",
                "--format",
                "concise",
                "pack",
            ],
        );
        assert_eq!(findings(&on.stdout).len(), 2, "{}", on.transcript());
    }
}

#[test]
fn a_bad_value_for_the_key_is_an_error_at_its_place() {
    let dir = pack_dir(Some("rules = \"rules\"\nworkspace-consistency = \"yes\"\n"));
    let r = run_in(dir.path(), &["check", "pack"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    let config = dir.path().join("draftlint.toml");
    assert!(
        r.stderr.contains(&format!(
            "{}:2:25: invalid type: string \"yes\", expected a boolean",
            config.display()
        )) || r
            .stderr
            .contains("draftlint.toml:2:25: invalid type: string \"yes\", expected a boolean"),
        "{}",
        r.transcript()
    );
}

#[test]
fn json_and_sarif_name_the_other_file_in_related_locations() {
    let dir = pack_dir(Some("rules = \"rules\"\nworkspace-consistency = true\n"));
    let r = run_in(dir.path(), &["check", "--format", "json", "pack"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 2, "{}", r.stdout);
    let honorific = &diags[0];
    assert_eq!(honorific["path"], "pack/b.md");
    assert_eq!(honorific["code"], "honorific/consistency");
    assert_eq!(
        honorific["related"],
        serde_json::json!([{
            "path": "pack/a.md",
            "start": {"line": 3, "column": 1},
            "end": {"line": 3, "column": 13},
            "message": "'Ms Lindqvist' first used here"
        }])
    );
    // Not applied by --fix: which draft comes first is only their order.
    assert_eq!(honorific["fixes"][0]["applicability"], "display-only");
    let spelling = &diags[1];
    assert_eq!(spelling["related"][0]["path"], "pack/a.md");
    assert_eq!(
        spelling["related"][0]["start"],
        serde_json::json!({"line": 3, "column": 19})
    );

    let r = run_in(dir.path(), &["check", "--format", "sarif", "pack"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "{}", r.stdout);
    let related = &results[0]["relatedLocations"][0]["physicalLocation"];
    assert_eq!(related["artifactLocation"]["uri"], "pack/a.md");
    assert_eq!(
        related["region"],
        serde_json::json!({"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 13})
    );
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "pack/b.md"
    );
}

#[test]
fn fix_leaves_the_cross_draft_findings_to_a_person() {
    let dir = pack_dir(Some("rules = \"rules\"\nworkspace-consistency = true\n"));
    let r = run_in(dir.path(), &["check", "--fix", "pack"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("pack/b.md")).unwrap(),
        SECOND
    );
    assert!(
        r.stdout
            .contains("Found 2 problems (0 fixed, 2 remaining)."),
        "{}",
        r.transcript()
    );
}

#[test]
fn drafts_under_different_configurations_are_not_held_to_each_other() {
    let dir = pack_dir(Some("rules = \"rules\"\nworkspace-consistency = true\n"));
    // b.md now has a draftlint.toml of its own (the nearest wins).
    std::fs::create_dir_all(dir.path().join("pack/other")).unwrap();
    std::fs::rename(
        dir.path().join("pack/b.md"),
        dir.path().join("pack/other/b.md"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("pack/other/draftlint.toml"),
        "workspace-consistency = true\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["check", "--format", "concise", "pack"]);
    assert!(
        !r.stdout.contains("honorific/consistency"),
        "{}",
        r.transcript()
    );
}
