//! The `draftlint` binary, run for real on the drafts in `tests/fixtures/`.
//!
//! Findings come from `tests/fixtures/rules` (curated `[[pattern]]` and
//! `[dates]` rules only), so these snapshots do not move when the learned
//! built-in pack is re-learned; tests of the built-in pack check structure.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// What a run printed and how it ended.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Exit status, standard output and standard error, for a snapshot.
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

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_draftlint"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("COLUMNS", "100");
    cmd
}

fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = command(dir, args)
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
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let run = Run {
        code: out.status.code().expect("exited normally, not by a signal"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "draftlint panicked:\n{}",
        run.stderr
    );
    run
}

fn run(args: &[&str]) -> Run {
    run_in(&fixtures(), args, None)
}

/// A temporary folder holding `files` (relative path, bytes).
fn tempdir_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    dir
}

fn house_rules() -> Vec<u8> {
    std::fs::read(fixtures().join("rules/curated/house.toml")).unwrap()
}

/// A temporary folder holding a copy of the fixture drafts and no pack, so
/// that a run in it without `--rules` uses the built-in rules (the fixture
/// folder's own `rules/` would be discovered).
fn builtin_dir() -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                copy(&e.path(), &to.join(e.file_name()));
            } else {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(&fixtures().join("drafts"), &dir.path().join("drafts"));
    dir
}

// ---------------------------------------------------------------- check

#[test]
fn check_human_output() {
    let r = run(&["check", "--rules", "rules", "drafts"]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!(r.transcript());
}

#[test]
fn check_concise_output() {
    let r = run(&["check", "--rules", "rules", "--format", "concise", "drafts"]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!(r.transcript());
}

#[test]
fn check_json_output() {
    let r = run(&["check", "--rules", "rules", "--format", "json", "drafts"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr, "");
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn json_has_the_documented_shape() {
    let r = run(&["check", "--rules", "rules", "--format", "json", "drafts"]);
    let v = r.json();
    assert_eq!(v["version"], 1);
    assert_eq!(v["errors"], serde_json::json!([]));
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(!diags.is_empty());
    for d in diags {
        for key in [
            "path", "code", "severity", "message", "start", "end", "fixes", "evidence",
        ] {
            assert!(d.get(key).is_some(), "{key} missing from {d}");
        }
        for end in ["start", "end"] {
            assert!(d[end]["line"].as_u64().unwrap() >= 1);
            assert!(d[end]["column"].as_u64().unwrap() >= 1);
        }
        for f in d["fixes"].as_array().unwrap() {
            let a = f["applicability"].as_str().unwrap();
            assert!(["safe", "unsafe", "display-only"].contains(&a), "{a}");
            assert!(f["title"].is_string());
            for e in f["edits"].as_array().unwrap() {
                assert!(e["replacement"].is_string() && e["start"]["line"].is_u64());
            }
        }
    }
    assert_eq!(
        v["summary"]["problems"].as_u64().unwrap() as usize,
        diags.len()
    );
}

#[test]
fn json_columns_count_characters_not_bytes() {
    // 安倍晋三 and the emoji are 4 and 1 characters (12 and 4 bytes).
    let dir = tempdir_with(&[
        ("rules/curated/house.toml", &house_rules()),
        ("a.md", "安倍晋三 😀 met HMS Argyle.\n".as_bytes()),
    ]);
    let r = run_in(
        dir.path(),
        &["check", "--rules", "rules", "--format", "json", "a.md"],
        None,
    );
    let d = &r.json()["diagnostics"][0];
    assert_eq!(d["start"], serde_json::json!({"line": 1, "column": 12}));
    assert_eq!(d["end"], serde_json::json!({"line": 1, "column": 22}));
    assert_eq!(d["fixes"][0]["edits"][0]["start"], d["start"]);
}

#[test]
fn folders_are_walked_in_order_skipping_hidden_folders_and_other_files() {
    let r = run(&["check", "--rules", "rules", "--format", "concise", "drafts"]);
    let paths: Vec<&str> = r
        .stdout
        .lines()
        .filter_map(|l| l.split(':').next())
        .filter(|p| p.starts_with("drafts"))
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(!r.stdout.contains(".hidden"));
    assert!(!r.stdout.contains("page.html"));
    assert!(paths.contains(&"drafts/notes.txt") && paths.contains(&"drafts/press.md"));
}

#[test]
fn a_file_named_twice_is_checked_once() {
    let once = run(&["check", "--rules", "rules", "drafts/notes.txt"]);
    let twice = run(&[
        "check",
        "--rules",
        "rules",
        "drafts/notes.txt",
        "drafts/notes.txt",
    ]);
    assert_eq!(once.stdout, twice.stdout);
}

#[test]
fn clean_and_empty_files_pass() {
    let r = run(&["check", "--rules", "rules", "drafts/sub"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(r.stdout, "No problems found.\n");
    assert_eq!(r.stderr, "");
}

#[test]
fn a_folder_without_drafts_warns_but_passes() {
    let dir = tempdir_with(&[
        ("rules/curated/house.toml", &house_rules()),
        ("x.html", b""),
    ]);
    let r = run_in(dir.path(), &["check", "--rules", "rules", "."], None);
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("no drafts"), "{}", r.stderr);
}

#[test]
fn standard_input_is_read_as_markdown() {
    let text = b"We value `co-operation` and co-operation.\n";
    let r = run_in(&fixtures(), &["check", "--rules", "rules", "-"], Some(text));
    assert_eq!(r.code, 1);
    insta::assert_snapshot!(r.transcript());
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let args = ["check", "--rules", "rules", "drafts/notes.txt"];
    assert!(!run(&args).stdout.contains('\x1b'));
    let always = run(&[&["--color", "always"], &args[..]].concat());
    assert!(always.stdout.contains("\x1b["), "{}", always.stdout);
    // NO_COLOR wins over a terminal, but not over an explicit --color always.
    let out = command(&fixtures(), &args)
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\x1b'));
}

// ---------------------------------------------------------------- --fix

fn press_in_tempdir() -> tempfile::TempDir {
    tempdir_with(&[
        ("rules/curated/house.toml", &house_rules()),
        (
            "press.md",
            &std::fs::read(fixtures().join("drafts/press.md")).unwrap(),
        ),
    ])
}

#[test]
fn fix_rewrites_the_file_and_reports_what_remains() {
    let dir = press_in_tempdir();
    let r = run_in(
        dir.path(),
        &["check", "--rules", "rules", "--fix", "press.md"],
        None,
    );
    // The invalid date and the weekday (an unsafe fix) remain.
    assert_eq!(r.code, 1);
    let fixed = std::fs::read_to_string(dir.path().join("press.md")).unwrap();
    insta::assert_snapshot!("fix_output", r.transcript());
    insta::assert_snapshot!("fixed_press_md", fixed);
    // Nothing left behind but the file itself.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(names, ["press.md", "rules"]);

    // A second run has nothing left to fix and does not touch the file.
    let again = run_in(
        dir.path(),
        &["check", "--rules", "rules", "--fix", "press.md"],
        None,
    );
    assert!(again.stdout.contains("(0 fixed"), "{}", again.stdout);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("press.md")).unwrap(),
        fixed
    );
}

#[test]
fn fix_is_what_the_library_gives() {
    use draftlint::fix::{apply, Which};
    let dir = press_in_tempdir();
    let original = std::fs::read_to_string(dir.path().join("press.md")).unwrap();
    let (pack, errors) = draftlint::RulePack::load_dir(&dir.path().join("rules")).unwrap();
    assert!(errors.is_empty());
    let (engine, _) = draftlint::Engine::new(pack);
    // Fixes are applied until nothing changes (a fix dropped for
    // overlapping another is applied on the next pass).
    let mut expected = original.clone();
    for _ in 0..10 {
        let diags = engine.check(&expected, draftlint::Format::Markdown);
        let next = apply(&expected, &diags, Which::Safe);
        if next == expected {
            break;
        }
        expected = next;
    }
    assert_ne!(expected, original);
    run_in(
        dir.path(),
        &["check", "--rules", "rules", "--fix", "press.md"],
        None,
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("press.md")).unwrap(),
        expected
    );
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions_and_symbolic_links() {
    use std::os::unix::fs::PermissionsExt;
    let dir = press_in_tempdir();
    let file = dir.path().join("press.md");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink("press.md", dir.path().join("link.md")).unwrap();
    let r = run_in(
        dir.path(),
        &["check", "--rules", "rules", "--fix", "link.md"],
        None,
    );
    assert_eq!(r.code, 1, "{}", r.transcript());
    let meta = std::fs::symlink_metadata(dir.path().join("link.md")).unwrap();
    assert!(meta.file_type().is_symlink());
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("Defence cooperation"));
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[test]
fn unsafe_fixes_are_applied_only_when_asked() {
    let dir = press_in_tempdir();
    run_in(
        dir.path(),
        &["check", "--rules", "rules", "--fix", "press.md"],
        None,
    );
    let safe = std::fs::read_to_string(dir.path().join("press.md")).unwrap();
    assert!(safe.contains("Friday 9 January 2016"));
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--rules",
            "rules",
            "--fix",
            "--unsafe-fixes",
            "press.md",
        ],
        None,
    );
    let text = std::fs::read_to_string(dir.path().join("press.md")).unwrap();
    assert!(text.contains("Saturday 9 January 2016"), "{text}");
    assert!(r.stdout.contains("(1 fixed"), "{}", r.stdout);
}

#[test]
fn fix_with_standard_input_writes_the_text_to_standard_output() {
    let text = b"The frigate HMS Argyle sailed on 8th January 2016.\nSee 31 September 2017.\n";
    let r = run_in(
        &fixtures(),
        &["check", "--rules", "rules", "--fix", "-"],
        Some(text),
    );
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "The frigate HMS Argyll sailed on 8 January 2016.\nSee 31 September 2017.\n"
    );
    insta::assert_snapshot!(r.stderr);
}

// ---------------------------------------------------------------- which files

/// The paths `check --format json` reported findings in, sorted.
fn flagged(r: &Run) -> Vec<String> {
    let mut paths: Vec<String> = r.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    paths.dedup();
    paths
}

/// Issue 9 item 4: a folder is walked as ripgrep walks it.
#[test]
fn check_skips_ignored_hidden_and_installed_drafts() {
    let draft: &[u8] = b"We value co-operation.\n";
    let dir = tempdir_with(&[
        ("rules/curated/house.toml", &house_rules()),
        ("docs/.gitignore", b"generated/\nscratch.md\n"),
        ("docs/a.md", draft),
        ("docs/scratch.md", draft),
        ("docs/generated/b.md", draft),
        ("docs/.drafts/c.md", draft),
        ("docs/node_modules/pkg/README.md", draft),
        ("docs/sub/d.txt", draft),
    ]);
    let args = ["check", "--rules", "rules", "--format", "json"];
    let r = run_in(dir.path(), &[&args[..], &["docs"]].concat(), None);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert_eq!(flagged(&r), ["docs/a.md", "docs/sub/d.txt"]);
    // A file named on the command line is checked even if ignored, and a
    // named folder is walked even if it is ignored itself.
    let r = run_in(
        dir.path(),
        &[&args[..], &["docs/scratch.md", "docs/generated"]].concat(),
        None,
    );
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert_eq!(flagged(&r), ["docs/scratch.md", "docs/generated/b.md"]);
}

/// Issue 9 item 4: `learn` walks a corpus folder as `check` walks drafts.
#[test]
fn learn_skips_ignored_hidden_and_installed_documents() {
    let binary: &[u8] = b"\x00\x01";
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(fixtures().join("corpus"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                format!("corpus/{}", e.file_name().to_string_lossy()),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    for skipped in [
        "corpus/node_modules/pkg/README.md",
        "corpus/.cache/a.md",
        "corpus/scratch/b.md",
    ] {
        files.push((skipped.to_string(), binary.to_vec()));
    }
    files.push(("corpus/.gitignore".into(), b"scratch/\n".to_vec()));
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    let dir = tempdir_with(&files);
    let r = run_in(dir.path(), &["learn", "corpus", "--out", "out"], None);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(r.stderr, "");
}

/// Issue 9 item 4: `check`, `learn` and the pack loader read through one
/// decoder, and say the same thing about a file that is not UTF-8.
#[test]
fn check_learn_and_the_pack_loader_word_a_non_utf8_file_alike() {
    let bad: &[u8] = b"first\nsecond \xff line\n";
    let dir = tempdir_with(&[
        ("rules/curated/house.toml", &house_rules()),
        ("rules/curated/bad.toml", bad),
        ("corpus/ok.md", b"Mr. Abe met HMS Argyll.\n"),
        ("corpus/bad.md", bad),
        ("bad.md", bad),
    ]);
    let wording = |path: &str| format!("error: {path}:2:8: invalid UTF-8 at byte 13, skipped\n");
    let r = run_in(dir.path(), &["check", "bad.md"], None);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(r.stderr.contains(&wording("bad.md")), "{}", r.stderr);
    let r = run_in(dir.path(), &["learn", "corpus", "--out", "out"], None);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(r.stderr.contains(&wording("corpus/bad.md")), "{}", r.stderr);
    let r = run_in(dir.path(), &["rules", "--rules", "rules"], None);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(
        r.stderr.contains(&wording("rules/curated/bad.toml")),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------- bad input

fn bad_inputs() -> tempfile::TempDir {
    let dir = tempdir_with(&[
        ("rules/curated/house.toml", &house_rules()),
        ("drafts/a-good.md", b"We value co-operation.\n"),
        ("drafts/b-binary.txt", b"PK\x03\x04\x00\x00\x08\x00"),
        ("drafts/c-latin1.md", b"Line one.\nCaf\xe9 co-operation.\n"),
        ("drafts/d-empty.md", b""),
    ]);
    #[cfg(unix)]
    std::os::unix::fs::symlink("nowhere.md", dir.path().join("drafts/e-dangling.md")).unwrap();
    dir
}

#[test]
fn bad_inputs_are_each_reported_and_the_rest_is_checked() {
    let dir = bad_inputs();
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--rules",
            "rules",
            "missing.md",
            "drafts",
            "drafts/a-good.md/",
        ],
        None,
    );
    assert_eq!(r.code, 2, "errors win over findings");
    insta::assert_snapshot!(r.transcript());
}

#[test]
fn bad_inputs_in_json() {
    let dir = bad_inputs();
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--rules",
            "rules",
            "--format",
            "json",
            "missing.md",
            "drafts",
        ],
        None,
    );
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr, "", "JSON mode keeps errors in the document");
    let v = r.json();
    insta::assert_json_snapshot!(v["errors"]);
    assert_eq!(v["diagnostics"][0]["path"], "drafts/a-good.md");
}

#[test]
fn bad_standard_input_is_reported() {
    let r = run_in(
        &fixtures(),
        &["check", "--rules", "rules", "-"],
        Some(b"a\x00b"),
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("error: <stdin>: binary file, skipped"),
        "{}",
        r.stderr
    );
}

#[test]
fn rule_file_errors_are_reported_and_the_rest_of_the_pack_is_used() {
    let dir = tempdir_with(&[
        ("rules/curated/a-house.toml", &house_rules()),
        (
            "rules/curated/b-syntax.toml",
            b"[dates]\nstyle = \"gov.uk\n",
        ),
        (
            "rules/curated/c-unknown-key.toml",
            b"[[pattern]]\npattern = 'x'\nmessage = 'y'\ncolour = 'red'\n",
        ),
        (
            "rules/curated/d-regex.toml",
            b"# A pattern that does not compile.\n[[pattern]]\npattern = 'co-(operat'\nmessage = 'z'\n",
        ),
        ("draft.md", b"We value co-operation.\n"),
    ]);
    let r = run_in(dir.path(), &["check", "--rules", "rules", "draft.md"], None);
    assert_eq!(r.code, 2);
    assert!(
        r.stdout.contains("cooperation"),
        "the good file still applies"
    );
    insta::assert_snapshot!(r.transcript());
}

#[test]
fn a_missing_rules_folder_is_an_error() {
    let r = run(&["check", "--rules", "no-such-rules", "drafts"]);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!(r.transcript());
    let j = run(&[
        "check",
        "--rules",
        "no-such-rules",
        "--format",
        "json",
        "drafts",
    ]);
    assert_eq!(j.code, 2);
    assert_eq!(j.json()["errors"][0]["path"], "no-such-rules");
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["check"][..],
        &["check", "--format", "xml", "drafts"],
        &["frobnicate"],
        &[],
    ] {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.transcript());
    }
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    // Enough findings to fill the pipe several times over.
    let draft = "HMS Argyle met co-operation on 8th January 2016.\n".repeat(5000);
    let dir = tempdir_with(&[
        ("rules/curated/house.toml", &house_rules()),
        ("big.md", draft.as_bytes()),
    ]);
    let mut child = command(dir.path(), &["check", "--rules", "rules", "big.md"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout); // like `| head -1`
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "");
}

// ---------------------------------------------------------------- rules, explain

#[test]
fn rules_lists_the_pack() {
    let r = run(&["rules", "--rules", "rules"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stderr, "");
    // Other families come and go as draftlint grows: snapshot the header and
    // the families this pack feeds, and check that every code is listed.
    let kept: String = r
        .stdout
        .lines()
        .filter(|l| {
            l.starts_with("Rule pack")
                || l.starts_with("CODE")
                || l.starts_with("date/")
                || l.starts_with("pattern/")
        })
        // Column widths depend on every code; keep only the words.
        .map(|l| {
            format!(
                "{}\n",
                l.split("  ")
                    .filter(|c| !c.is_empty())
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join(" | ")
            )
        })
        .collect();
    insta::assert_snapshot!(kept);
    for doc in draftlint::checks::registry() {
        assert!(r.stdout.contains(doc.code), "{}", doc.code);
    }
    assert!(r.stdout.ends_with(
        " active. `draftlint explain CODE` shows a rule's documentation and evidence.\n"
    ));
}

#[test]
fn rules_lists_the_built_in_pack() {
    let dir = builtin_dir();
    let r = run_in(dir.path(), &["rules"], None);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.starts_with(
            "rules: built-in (no draftlint.toml or pack-like rules/ folder at the root)\n\
             Rule pack: built-in rules ("
        ),
        "{}",
        r.stdout
    );
    for code in draftlint::checks::registry().iter().map(|d| d.code) {
        assert!(
            r.stdout.lines().any(|l| l.starts_with(code)),
            "{code} missing:\n{}",
            r.stdout
        );
    }
    let names = draftlint::RulePack::builtin().merged.names.len();
    let plural = if names == 1 { "name" } else { "names" };
    assert!(
        r.stdout.contains(&format!("{names} {plural}")),
        "{}",
        r.stdout
    );
}

#[test]
fn explain_shows_the_documentation_and_evidence() {
    let r = run(&["explain", "pattern/custom", "--rules", "rules"]);
    assert_eq!(r.code, 0);
    insta::assert_snapshot!(r.transcript());
}

#[test]
fn explain_uses_the_built_in_evidence() {
    let pack = draftlint::RulePack::builtin();
    let r = run_in(builtin_dir().path(), &["explain", "name/exact"], None);
    assert_eq!(r.code, 0);
    let doc = draftlint::checks::rule_doc("name/exact").unwrap();
    assert!(r.stdout.starts_with(&doc.to_markdown()), "{}", r.stdout);
    if let Some(n) = pack.merged.names.iter().max_by_key(|n| n.evidence.seen) {
        assert!(
            r.stdout.contains(&n.evidence.describe(&n.name)),
            "{}",
            r.stdout
        );
    }
}

#[test]
fn explain_an_unknown_code_lists_the_known_ones() {
    let r = run(&["explain", "name/exactly"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(r
        .stderr
        .contains("unknown rule code 'name/exactly' (did you mean 'name/exact'?)"));
    assert!(r.stderr.contains("name/exact"), "{}", r.stderr);
}

// ---------------------------------------------------------------- pack discovery

/// Issue 9 item 4: without `--rules`, the command line finds the pack as
/// the server does, from the nearest folder up holding a `draftlint.toml`.
#[test]
fn without_rules_the_pack_the_project_names_is_used() {
    let dir = tempdir_with(&[
        ("draftlint.toml", b"# The house pack.\nrules = \"style\"\n"),
        ("style/curated/house.toml", &house_rules()),
        // Not a pack the manifest names: must not be used.
        (
            "rules/curated/other.toml",
            b"[[pattern]]\npattern = 'value'\nmessage = 'm'\n",
        ),
        ("docs/sub/draft.md", b"We value co-operation.\n"),
    ]);
    let sub = dir.path().join("docs/sub");
    let r = run_in(&sub, &["check", "--format", "concise", "draft.md"], None);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(r.stdout.contains("pattern/custom"), "{}", r.transcript());
    assert!(!r.stdout.contains("spelling/"), "{}", r.transcript());
    let r = run_in(&sub, &["rules"], None);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout
            .starts_with("rules: ../../style (from draftlint.toml)\n"),
        "{}",
        r.stdout
    );
    // `--rules` still wins.
    let r = run_in(dir.path(), &["rules", "--rules", "rules"], None);
    assert!(
        r.stdout.starts_with("rules: rules (from --rules)\n"),
        "{}",
        r.stdout
    );
    // With no manifest, the root's `rules/` folder is used if it looks like a pack.
    std::fs::remove_file(dir.path().join("draftlint.toml")).unwrap();
    let r = run_in(dir.path(), &["rules"], None);
    assert!(
        r.stdout
            .starts_with("rules: rules (the rules/ folder at the root looks like a pack)\n"),
        "{}",
        r.stdout
    );
}

/// Issue 9 item 4: the workspace confinement the server applies holds for
/// the command line too: a `draftlint.toml` may not name rules outside its
/// folder, and nothing outside is read.
#[test]
fn a_manifest_naming_rules_outside_the_project_is_refused() {
    let dir = tempdir_with(&[
        ("outside/curated/p.toml", b"token = \"SECRET-123\"\n"),
        ("ws/draftlint.toml", b"\nrules = \"../outside\"\n"),
        ("ws/draft.md", b"We value co-operation.\n"),
    ]);
    let r = run_in(&dir.path().join("ws"), &["check", "draft.md"], None);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert_eq!(
        r.stdout, "1 error reported above.\n",
        "nothing is checked with a pack that cannot be used"
    );
    assert!(
        r.stderr.contains(
            "draftlint.toml:2:9: rules = \"../outside\" is not a folder inside the workspace"
        ),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("SECRET"), "{}", r.stderr);
}

// ---------------------------------------------------------------- learn

#[test]
fn learn_writes_a_pack_and_summarises_it() {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("rules/learned");
    let r = run(&["learn", "corpus", "--out", dest.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.starts_with("Read 3 documents ("), "{}", r.stdout);
    assert!(r.stdout.contains("Wrote "), "{}", r.stdout);
    let written: Vec<_> = std::fs::read_dir(&dest).unwrap().collect();
    assert!(!written.is_empty());
    // What was written is a pack the checker loads without complaint.
    let r = run(&[
        "check",
        "--rules",
        out.path().join("rules").to_str().unwrap(),
        "drafts/sub",
    ]);
    assert_eq!(r.code, 0, "{}", r.transcript());
}

#[test]
fn learn_from_an_empty_corpus_writes_nothing() {
    let dir = tempdir_with(&[("corpus/readme.html", b"<p>not a document</p>")]);
    let r = run_in(dir.path(), &["learn", "corpus", "--out", "out"], None);
    assert_eq!(r.code, 2);
    assert!(!dir.path().join("out").exists());
    assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
    assert!(r.stderr.contains("corpus"), "{}", r.stderr);
}

#[test]
fn learn_from_a_missing_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["learn", "nowhere", "--out", "out"], None);
    assert_eq!(r.code, 2);
    assert!(!dir.path().join("out").exists());
    insta::assert_snapshot!(r.transcript());
}

#[test]
fn learn_reports_bad_files_but_still_learns() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for e in std::fs::read_dir(fixtures().join("corpus")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), corpus.join(e.file_name())).unwrap();
    }
    std::fs::write(corpus.join("zz-binary.txt"), b"\x00\x01\x02").unwrap();
    let r = run_in(dir.path(), &["learn", "corpus", "--out", "out"], None);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(r.stderr.contains("zz-binary.txt"), "{}", r.stderr);
    assert!(dir.path().join("out").is_dir(), "{}", r.transcript());
}

// ---------------------------------------------------------------- help

#[test]
fn help_and_version() {
    let r = run(&["--help"]);
    assert_eq!(r.code, 0);
    for cmd in ["check", "learn", "rules", "explain", "lsp"] {
        assert!(r.stdout.contains(cmd), "{}", r.stdout);
    }
    let r = run(&["check", "--help"]);
    for flag in ["--rules", "--format", "--fix", "--unsafe-fixes", "--color"] {
        assert!(r.stdout.contains(flag), "{}", r.stdout);
    }
    let r = run(&["--version"]);
    assert_eq!(
        r.stdout,
        format!("draftlint {}\n", env!("CARGO_PKG_VERSION"))
    );
}

// ---------------------------------------------------------------- built-in pack

#[test]
fn the_built_in_pack_checks_drafts() {
    // The learned pack changes as the learner improves: check structure only.
    // But the calendar needs no corpus: `press.md`'s 31 September 2017 is
    // always flagged, so the run always has findings and exits 1.
    let dir = builtin_dir();
    let r = run_in(dir.path(), &["check", "--format", "json", "drafts"], None);
    assert_eq!(r.code, 1, "{}", r.transcript());
    let v = r.json();
    assert_eq!(v["errors"], serde_json::json!([]));
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| { d["code"] == "date/invalid" && d["path"] == "drafts/press.md" }),
        "{}",
        r.stdout
    );
    let codes: Vec<&str> = draftlint::checks::registry()
        .iter()
        .map(|d| d.code)
        .collect();
    for d in v["diagnostics"].as_array().unwrap() {
        assert!(codes.contains(&d["code"].as_str().unwrap()), "{d}");
        assert!(d["path"].as_str().unwrap().starts_with("drafts/"));
    }
    let human = run_in(dir.path(), &["check", "drafts"], None);
    assert_eq!(human.code, r.code);
    assert!(human.stdout.ends_with(".\n"), "{}", human.stdout);
}

#[test]
fn json_with_fix_counts_what_was_fixed() {
    let dir = press_in_tempdir();
    let r = run_in(
        dir.path(),
        &[
            "check", "--rules", "rules", "--fix", "--format", "json", "press.md",
        ],
        None,
    );
    assert_eq!(r.code, 1);
    let v = r.json();
    assert_eq!(v["summary"]["fixed"], 5);
    assert_eq!(
        v["summary"]["problems"].as_u64().unwrap() as usize,
        v["diagnostics"].as_array().unwrap().len()
    );
}

/// A learned pack sits on the built-in curated conventions: `rules` says
/// which layer and file each rule's entries come from, and `explain` too.
#[test]
fn rules_and_explain_show_the_layer_each_rule_comes_from() {
    let name =
        "[[name]]\nname = \"Ada Quill\"\nkind = \"person\"\nseen = 2\ndocuments = [\"a\", \"b\"]\n";
    let dir = tempdir_with(&[
        ("rules/learned/names.toml", name.as_bytes()),
        (
            "rules/learned/dates.toml",
            b"[dates]\nstyle = \"gov.uk\"\ncheck_weekday = false\n",
        ),
    ]);
    let r = run_in(dir.path(), &["rules", "--color", "never"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let kept: String = r
        .stdout
        .lines()
        .filter(|l| {
            ["rules:", "Rule pack", "CODE", "date/", "name/", "ship/"]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .map(|l| {
            format!(
                "{}\n",
                l.split("  ")
                    .filter(|c| !c.is_empty())
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join(" | ")
            )
        })
        .collect();
    insta::assert_snapshot!(kept, @r"
    rules: rules (the rules/ folder at the root looks like a pack)
    Rule pack: folder rules (4 files: 2 learned, 0 curated, 2 built-in)
    CODE | SEVERITY | FED BY | FROM | SUMMARY
    date/format | warning | [dates] | learned: learned/dates.toml | A date not written in the house's date style (`8 January 2016`, `Jan. 8, 2016`)
    date/invalid | error | [dates] | learned: learned/dates.toml | A date that is not in the calendar
    date/relative | hint | [dates] | learned: learned/dates.toml | A relative date (`next December`) with the date it stands for
    date/weekday | error | [dates] | learned: learned/dates.toml | A weekday that does not match its date
    name/exact | error | 1 name | learned: learned/names.toml (1) | Names are written exactly as in the approved documents
    ship/article | warning | [ships] | built-in: curated/ships.toml | No `the` before a ship's prefix
    ");
    let r = run_in(
        dir.path(),
        &["explain", "ship/article", "--color", "never"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "**In the pack.** folder rules (4 files: 2 learned, 0 curated, 2 built-in)\nFrom built-in: curated/ships.toml.\n"
        ),
        "{}",
        r.stdout
    );
    // Switched off, the part is gone from the listing.
    std::fs::write(
        dir.path().join("rules/learned/off.toml"),
        "[builtin]\noff = [\"ships\"]\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["rules", "--color", "never"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let ship = r.stdout.lines().find(|l| l.starts_with("ship/")).unwrap();
    assert!(ship.contains("no [ships]"), "{ship}");
}

/// An unknown built-in part is reported at its value, and the rest loads.
#[test]
fn an_unknown_built_in_part_is_reported_at_file_line_and_column() {
    let dir = tempdir_with(&[
        ("rules/curated/house.toml", b"[builtin]\noff = [\"date\"]\n"),
        ("draft.md", b"The HMS Argyll sailed on 30 February 2027.\n"),
    ]);
    let r = run_in(dir.path(), &["check", "--color", "never", "draft.md"], None);
    assert!(
        r.stderr
            .contains("house.toml:2:8: unknown built-in part 'date' (expected "),
        "{}",
        r.stderr
    );
    // The bad file is left out; the pack still sits on the built-in layer.
    assert!(r.stdout.contains("date/invalid"), "{}", r.stdout);
}
