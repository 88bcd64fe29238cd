//! The output formats for CI and tools (`--format sarif`, `github`,
//! `concise`), `--diff`, `--statistics`, `--quiet`, `--exit-zero`,
//! `--stdin-filename`, `--fail-on`, and the pre-commit hooks, all through
//! the binary. Findings come from `tests/fixtures/rules` (curated rules
//! only), as in `tests/cli.rs`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> PathBuf {
    root().join("tests/fixtures")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn transcript(&self) -> String {
        format!(
            "exit: {}\n----- stdout -----\n{}----- stderr -----\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }
}

fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_draftlint"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("COLUMNS", "100")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let run = Run {
        code: out.status.code().expect("exited normally"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

fn run(args: &[&str]) -> Run {
    run_in(&fixtures(), args, None)
}

/// A temporary folder holding `files`, with the fixture rules as `rules/`.
fn tempdir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let house = std::fs::read(fixtures().join("rules/curated/house.toml")).unwrap();
    std::fs::create_dir_all(dir.path().join("rules/curated")).unwrap();
    std::fs::write(dir.path().join("rules/curated/house.toml"), house).unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// A curated ship name, so that a misspelling split by a hard wrap is
/// quoted, line break and all, in the message.
const SHIP: &str =
    "[[name]]\nname = \"HMS Argyll\"\nkind = \"ship\"\nseen = 3\ndocuments = [\"a\", \"b\"]\n";

fn sarif_validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/schemas/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_valid_sarif(v: &serde_json::Value) {
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(v)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "not valid SARIF 2.1.0:\n{}",
        errors.join("\n")
    );
}

#[test]
fn the_schema_rejects_what_is_not_sarif() {
    // The validation below can fail: a log without `version`, or with a
    // region whose startLine is 0, is refused.
    let validator = sarif_validator();
    assert!(!validator.is_valid(&serde_json::json!({"runs": []})));
    let bad = serde_json::json!({"version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "x"}},
        "results": [{"message": {"text": "m"}, "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "a.md"}, "region": {"startLine": 0}}}]}]
    }]});
    assert!(!validator.is_valid(&bad));
}

#[test]
fn sarif_output_is_valid_sarif_with_rules_results_and_fixes() {
    let r = run(&["check", "--rules", "rules", "--format", "sarif", "drafts/"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    let mut v = r.json();
    assert_valid_sarif(&v);
    let run0 = &mut v["runs"][0];
    assert_eq!(run0["columnKind"], "utf16CodeUnits");
    // Every rule is documented, and every result points at its rule.
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap().clone();
    assert!(rules.len() >= 10, "{rules:?}");
    for rule in &rules {
        for key in ["shortDescription", "fullDescription", "help"] {
            assert!(
                !rule[key]["text"].as_str().unwrap().is_empty(),
                "{key} of {rule}"
            );
        }
        assert!(rule["help"]["markdown"]
            .as_str()
            .unwrap()
            .starts_with("## "));
        assert!(["error", "warning", "note"]
            .contains(&rule["defaultConfiguration"]["level"].as_str().unwrap()));
    }
    for result in run0["results"].as_array().unwrap() {
        let i = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], result["ruleId"]);
    }
    // The base is this machine's folder: checked, then left out of the snapshot.
    let base = run0["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        base.starts_with("file:///") && base.ends_with("/tests/fixtures/"),
        "{base}"
    );
    assert_eq!(run0["invocations"][0]["executionSuccessful"], true);
    insta::assert_json_snapshot!("sarif_results", run0["results"]);
}

#[test]
fn sarif_columns_are_utf16_code_units() {
    // Two regional indicators (a flag) are two scalar values and four UTF-16
    // code units: the JSON output says column 4, SARIF column 6.
    let dir = tempdir_with(&[]);
    let text = "🇬🇧 co-operation\n";
    let r = run_in(
        dir.path(),
        &["check", "--rules", "rules", "--format", "sarif", "-"],
        Some(text),
    );
    let v = r.json();
    assert_valid_sarif(&v);
    let region = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        region,
        &serde_json::json!({"startLine": 1, "startColumn": 6, "endLine": 1, "endColumn": 18})
    );
    let j = run_in(
        dir.path(),
        &["check", "--rules", "rules", "--format", "json", "-"],
        Some(text),
    )
    .json();
    assert_eq!(j["diagnostics"][0]["start"]["column"], 4);
}

#[test]
fn sarif_reports_input_and_rule_errors_as_notifications() {
    let dir = tempdir_with(&[("ok.md", "Fine.\n")]);
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--rules",
            "rules",
            "--format",
            "sarif",
            "ok.md",
            "missing.md",
        ],
        None,
    );
    assert_eq!(r.code, 2, "{}", r.transcript());
    let v = r.json();
    assert_valid_sarif(&v);
    let inv = &v["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let n = &inv["toolExecutionNotifications"][0];
    assert_eq!(n["level"], "error");
    assert_eq!(
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "missing.md"
    );
}

#[test]
fn github_output_is_workflow_commands() {
    let r = run(&["check", "--rules", "rules", "--format", "github", "drafts/"]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("github_output", r.transcript());
}

#[test]
fn github_output_escapes_line_breaks_and_properties() {
    let dir = tempdir_with(&[
        ("rules/curated/names.toml", SHIP),
        ("a, b: c.md", "The frigate HMS\nArgyle sailed.\n"),
    ]);
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--rules",
            "rules",
            "--format",
            "github",
            "a, b: c.md",
        ],
        None,
    );
    assert_eq!(r.code, 1, "{}", r.transcript());
    let first = r.stdout.lines().next().unwrap();
    assert_eq!(
        first,
        "::error file=a%2C b%3A c.md,line=1,col=13,endLine=2,endColumn=7,\
         title=draftlint name/exact::The approved documents write this ship as 'HMS Argyll', \
         not 'HMS%0AArgyle'."
    );
}

#[test]
fn concise_output_is_one_line_per_finding() {
    let dir = tempdir_with(&[
        ("rules/curated/names.toml", SHIP),
        (
            "a.md",
            "The frigate HMS\nArgyle sailed.\n\nHMS Argyle again.\n",
        ),
    ]);
    let r = run_in(
        dir.path(),
        &[
            "check", "--rules", "rules", "--format", "concise", "--quiet", "a.md",
        ],
        None,
    );
    assert_eq!(r.code, 1, "{}", r.transcript());
    insta::assert_snapshot!("concise_escapes_line_breaks", r.stdout);
    let j = run_in(
        dir.path(),
        &["check", "--rules", "rules", "--format", "json", "a.md"],
        None,
    )
    .json();
    assert_eq!(
        r.stdout.lines().count(),
        j["diagnostics"].as_array().unwrap().len()
    );
}

const DRAFT: &str = "Defence co-operation with HMS Argyle.\n\nNothing else here.\n";

#[test]
fn diff_prints_what_fix_would_change_and_writes_nothing() {
    let dir = tempdir_with(&[("d/a.md", DRAFT), ("d/clean.md", "All fine.\n")]);
    let r = run_in(
        dir.path(),
        &["check", "--rules", "rules", "--diff", "d"],
        None,
    );
    assert_eq!(r.code, 1, "{}", r.transcript());
    insta::assert_snapshot!("diff_output", r.transcript());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("d/a.md")).unwrap(),
        DRAFT
    );
    // The diff is a patch: applied, it gives what --fix writes.
    let patched = tempdir_with(&[("d/a.md", DRAFT)]);
    let mut patch = Command::new("patch")
        .args(["-p0", "--quiet"])
        .current_dir(patched.path())
        .stdin(Stdio::piped())
        .spawn()
        .expect("patch runs");
    patch
        .stdin
        .take()
        .unwrap()
        .write_all(r.stdout.as_bytes())
        .unwrap();
    assert!(patch.wait().unwrap().success());
    let f = run_in(
        dir.path(),
        &["check", "--rules", "rules", "--fix", "d"],
        None,
    );
    assert_eq!(f.code, 0, "{}", f.transcript());
    assert_eq!(
        std::fs::read_to_string(patched.path().join("d/a.md")).unwrap(),
        std::fs::read_to_string(dir.path().join("d/a.md")).unwrap()
    );
    // Nothing left to fix: no diff, exit 0.
    let again = run_in(
        dir.path(),
        &["check", "--rules", "rules", "--diff", "d"],
        None,
    );
    assert_eq!(again.code, 0, "{}", again.transcript());
    assert_eq!(again.stdout, "");
    assert_eq!(again.stderr, "No fixes to make.\n");
}

#[test]
fn diff_and_statistics_refuse_machine_formats_and_fix() {
    for args in [
        &["--diff", "--format", "json"][..],
        &["--statistics", "--format", "sarif"][..],
        &["--diff", "--fix"][..],
    ] {
        let mut all = vec!["check", "--rules", "rules"];
        all.extend_from_slice(args);
        all.push("drafts/");
        let r = run(&all);
        assert_eq!(r.code, 2, "{args:?}: {}", r.transcript());
        assert_eq!(r.stdout, "");
    }
}

#[test]
fn statistics_count_findings_per_code() {
    let r = run(&["check", "--rules", "rules", "--statistics", "drafts/"]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("statistics", r.transcript());
}

#[test]
fn quiet_prints_findings_only() {
    let r = run(&[
        "check", "--rules", "rules", "--quiet", "--format", "concise", "drafts/",
    ]);
    let full = run(&[
        "check", "--rules", "rules", "--format", "concise", "drafts/",
    ]);
    assert_eq!(r.code, 1);
    let mut lines: Vec<&str> = full.stdout.lines().collect();
    assert!(lines.pop().unwrap().starts_with("Found 12 problems"));
    assert_eq!(r.stdout.lines().collect::<Vec<_>>(), lines);
    let clean = tempdir_with(&[("ok.md", "All fine.\n")]);
    let r = run_in(
        clean.path(),
        &["check", "--rules", "rules", "-q", "ok.md"],
        None,
    );
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
}

#[test]
fn exit_zero_passes_findings_but_not_errors() {
    let r = run(&["check", "--rules", "rules", "--exit-zero", "drafts/"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Found 12 problems"));
    let r = run(&[
        "check",
        "--rules",
        "rules",
        "--exit-zero",
        "drafts/",
        "nowhere.md",
    ]);
    assert_eq!(r.code, 2, "{}", r.transcript());
}

#[test]
fn stdin_filename_names_standard_input_and_picks_its_format() {
    let dir = tempdir_with(&[]);
    // In Markdown a code span is not prose; in plain text it is.
    let text = "`co-operation` here\n";
    let check = |name: &str| {
        run_in(
            dir.path(),
            &[
                "check",
                "--rules",
                "rules",
                "--format",
                "concise",
                "--stdin-filename",
                name,
                "-",
            ],
            Some(text),
        )
    };
    let txt = check("notes/draft.txt");
    assert_eq!(txt.code, 1, "{}", txt.transcript());
    assert!(
        txt.stdout
            .starts_with("notes/draft.txt:1:2: warning[pattern/custom]:"),
        "{}",
        txt.stdout
    );
    let md = check("notes/draft.md");
    assert_eq!(md.code, 0, "{}", md.transcript());
    let unnamed = run_in(
        dir.path(),
        &["check", "--rules", "rules", "--format", "concise", "-"],
        Some("co-operation\n"),
    );
    assert!(
        unnamed.stdout.starts_with("<stdin>:1:1:"),
        "{}",
        unnamed.stdout
    );
}

#[test]
fn hints_and_information_alone_do_not_fail_by_default() {
    let dir = tempdir_with(&[
        ("info.md", "We will step up the work.\n"),
        (
            "hint.md",
            "---\ndate: 2017-08-31\n---\nThe ship sails next December.\n",
        ),
        ("warn.md", "Defence co-operation.\n"),
    ]);
    let code = |file: &str, extra: &[&str]| {
        let mut args = vec!["check", "--rules", "rules", "--format", "concise"];
        args.extend_from_slice(extra);
        args.push(file);
        let r = run_in(dir.path(), &args, None);
        assert!(
            r.stdout.contains(file),
            "{file} has a finding: {}",
            r.transcript()
        );
        r.code
    };
    assert_eq!(code("info.md", &[]), 0);
    assert_eq!(code("hint.md", &[]), 0);
    assert_eq!(code("warn.md", &[]), 1);
    assert_eq!(code("info.md", &["--fail-on", "information"]), 1);
    assert_eq!(code("hint.md", &["--fail-on", "information"]), 0);
    assert_eq!(code("hint.md", &["--fail-on", "hint"]), 1);
    assert_eq!(code("warn.md", &["--fail-on", "error"]), 0);
}

#[test]
fn help_documents_the_exit_codes() {
    let r = run(&["check", "--help"]);
    assert_eq!(r.code, 0);
    for needle in [
        "Exit status:",
        "--fail-on severity",
        "2 wins over 1",
        "--exit-zero",
    ] {
        assert!(r.stdout.contains(needle), "{needle}:\n{}", r.stdout);
    }
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `.pre-commit-hooks.yaml` run by pre-commit itself. The hook repository is
/// a scratch git repository holding this repository's hook file verbatim
/// and, so that `language: rust`'s `cargo install` takes seconds rather
/// than a release build of draftlint, a one-file crate whose `draftlint`
/// binary runs the one under test. pre-commit comes from PyPI: `.ci/run`
/// installs it into a venv and runs this test with `DRAFTLINT_PRE_COMMIT`
/// set to it (`cargo test --test cli_formats -- --ignored pre_commit`).
#[test]
#[ignore = "needs pre-commit from PyPI; .ci/run installs it and runs this test"]
fn pre_commit_hooks_run_through_pre_commit() {
    let pre_commit = std::env::var("DRAFTLINT_PRE_COMMIT")
        .expect("DRAFTLINT_PRE_COMMIT names the pre-commit executable (see .ci/run)");
    let scratch = tempfile::tempdir().unwrap();

    // The hook repository.
    let hooks = scratch.path().join("hooks");
    std::fs::create_dir_all(hooks.join("src")).unwrap();
    std::fs::copy(
        root().join(".pre-commit-hooks.yaml"),
        hooks.join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    std::fs::write(
        hooks.join("Cargo.toml"),
        "[package]\nname = \"draftlint\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[workspace]\n",
    )
    .unwrap();
    std::fs::write(
        hooks.join("src/main.rs"),
        format!(
            "fn main() {{\n    let status = std::process::Command::new({:?})\n        \
             .args(std::env::args_os().skip(1))\n        .status()\n        \
             .expect(\"draftlint runs\");\n    std::process::exit(status.code().unwrap_or(2));\n}}\n",
            env!("CARGO_BIN_EXE_draftlint")
        ),
    )
    .unwrap();
    git(&hooks, &["init", "-q"]);
    git(&hooks, &["add", "."]);
    git(&hooks, &["commit", "-q", "-m", "hooks"]);
    let rev = String::from_utf8(
        Command::new("git")
            .args(["rev-parse", "HEAD"])
            .current_dir(&hooks)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();

    // A repository of drafts that uses it, with its own pack in rules/.
    let drafts = scratch.path().join("drafts");
    let house = std::fs::read_to_string(fixtures().join("rules/curated/house.toml")).unwrap();
    for (path, text) in [
        ("rules/curated/house.toml", house.as_str()),
        ("release.md", "Defence co-operation with Japan.\n"),
        ("notes.txt", "More co-operation.\n"),
        ("clean.md", "All fine.\n"),
        // Not a draft: never given to the hooks.
        ("tool.py", "print('co-operation')\n"),
        (
            ".pre-commit-config.yaml",
            &format!(
                "repos:\n  - repo: {}\n    rev: {}\n    hooks:\n      - id: draftlint\n      \
                 - id: draftlint-fix\n        stages: [manual]\n",
                hooks.display(),
                rev.trim()
            ),
        ),
    ] {
        let p = drafts.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    git(&drafts, &["init", "-q"]);
    git(&drafts, &["add", "."]);

    let pre_commit_run = |args: &[&str]| {
        let out = Command::new(&pre_commit)
            .args(args)
            .current_dir(&drafts)
            .env("PRE_COMMIT_HOME", scratch.path().join("cache"))
            .env("PRE_COMMIT_COLOR", "never")
            .env("NO_COLOR", "1")
            .output()
            .expect("pre-commit runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code().unwrap_or(-1), text)
    };

    let (code, out) = pre_commit_run(&["run", "draftlint", "--all-files"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("release.md:1:9: warning[pattern/custom]"),
        "{out}"
    );
    assert!(
        out.contains("notes.txt:1:6: warning[pattern/custom]"),
        "{out}"
    );
    assert!(!out.contains("tool.py"), "{out}");

    // The fixing hook fixes the drafts (pre-commit fails: files changed),
    // then both pass.
    let (code, out) = pre_commit_run(&[
        "run",
        "draftlint-fix",
        "--hook-stage",
        "manual",
        "--all-files",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("files were modified by this hook"), "{out}");
    assert_eq!(
        std::fs::read_to_string(drafts.join("release.md")).unwrap(),
        "Defence cooperation with Japan.\n"
    );
    assert_eq!(
        std::fs::read_to_string(drafts.join("tool.py")).unwrap(),
        "print('co-operation')\n"
    );
    let (code, out) = pre_commit_run(&["run", "draftlint", "--all-files"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn junit_output_is_a_report_with_a_suite_per_draft() {
    let dir = tempdir_with(&[
        ("rules/curated/names.toml", SHIP),
        (
            "drafts/a <&>.md",
            "The frigate HMS Argyle sailed. \"HMS Argyle\" again.\n",
        ),
        ("drafts/clean.md", "Nothing to see.\n"),
        ("drafts/bad.md", "\u{0}binary"),
    ]);
    let r = run_in(
        dir.path(),
        &["check", "--rules", "rules", "--format", "junit", "drafts"],
        None,
    );
    // An unreadable draft makes the run exit 2, as in every format.
    assert_eq!(r.code, 2, "{}", r.transcript());
    let doc = roxmltree::Document::parse(&r.stdout)
        .unwrap_or_else(|e| panic!("not XML ({e}):\n{}", r.stdout));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    let by_name = |name: &str| {
        *suites
            .iter()
            .find(|s| s.attribute("name").is_some_and(|n| n.ends_with(name)))
            .unwrap_or_else(|| panic!("no suite {name}:\n{}", r.stdout))
    };
    // The finding's draft: a failing case per finding (two names, each
    // also flagged by the fixture's pattern), names unescaped.
    let a = by_name("a <&>.md");
    let failures: Vec<_> = a
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .collect();
    assert_eq!(failures.len(), 4, "{}", r.stdout);
    assert_eq!(a.attribute("failures"), Some("4"));
    assert!(failures[0]
        .attribute("message")
        .unwrap()
        .contains("'HMS Argyll'"));
    // A clean draft passes; an unreadable one is an error.
    let clean = by_name("clean.md");
    assert_eq!(clean.attribute("failures"), Some("0"));
    assert_eq!(
        clean
            .descendants()
            .filter(|n| n.has_tag_name("testcase"))
            .count(),
        1
    );
    let bad = by_name("bad.md");
    assert_eq!(bad.attribute("errors"), Some("1"));
    assert_eq!(root.attribute("failures"), Some("4"));
    assert_eq!(root.attribute("errors"), Some("1"));
    assert_eq!(root.attribute("tests"), Some("6"));
}
