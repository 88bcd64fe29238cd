//! `draftlint learn --out` never loses a file: it replaces only a folder it
//! wrote itself, never a corpus or anything around one, swaps the new pack in
//! at one instant, and leaves nothing behind, even when killed or run twice
//! at once.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use draftlint::rules::RulePack;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A folder holding `approved/` (a copy of the fixture corpus) and
/// `beside.md`, a file next to it.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let approved = dir.path().join("approved");
    std::fs::create_dir(&approved).unwrap();
    for e in std::fs::read_dir(fixtures().join("corpus")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), approved.join(e.file_name())).unwrap();
    }
    std::fs::write(dir.path().join("beside.md"), "Not in the corpus.\n").unwrap();
    dir
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_draftlint"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("DRAFTLINT_TEST_ABORT_AT");
    cmd
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn finished(out: Output) -> Run {
    let run = Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

fn learn(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["learn"];
    all.extend_from_slice(args);
    finished(command(dir, &all).output().unwrap())
}

/// Every file below `dir`, relative, with its bytes, sorted.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path() != dir)
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            let bytes = if e.file_type().is_file() {
                std::fs::read(e.path()).unwrap()
            } else {
                Vec::new()
            };
            (rel, bytes)
        })
        .collect();
    v.sort();
    v
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

const LEARNED: [&str; 8] = [
    "dates.toml",
    "events.toml",
    "honorifics.toml",
    "names.toml",
    "roles.toml",
    "ships.toml",
    "spellings.toml",
    "words.toml",
];

/// Checks a refused run: exit 2, one error naming `out` and `why`, and
/// nothing in the workspace changed.
fn assert_refused(dir: &Path, out: &str, why: &str) {
    let before = snapshot(dir);
    let r = learn(dir, &["approved", "--out", out]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.starts_with(&format!("error: {out}: refusing")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(why), "{}", r.stderr);
    assert!(r.stderr.contains("no rules were written"), "{}", r.stderr);
    assert_eq!(r.stdout, "", "refused before learning");
    assert_eq!(snapshot(dir), before, "--out {out} changed the workspace");
}

#[test]
fn out_equal_to_the_corpus_is_refused_and_every_document_kept() {
    let ws = workspace();
    assert_refused(ws.path(), "approved", "it is the corpus folder approved");
    assert_refused(ws.path(), "approved/", "it is the corpus folder");
    assert_refused(
        ws.path(),
        "./approved/../approved",
        "it is the corpus folder",
    );
}

#[test]
fn out_above_the_corpus_is_refused() {
    let ws = workspace();
    assert_refused(ws.path(), ".", "it holds the corpus folder approved");
    let parent = ws.path().to_str().unwrap().to_string();
    assert_refused(ws.path(), &parent, "it holds the corpus folder");
}

#[test]
fn out_inside_the_corpus_is_refused() {
    let ws = workspace();
    assert_refused(
        ws.path(),
        "approved/rules/learned",
        "it is inside the corpus folder approved",
    );
    assert!(!ws.path().join("approved/rules").exists());
}

#[cfg(unix)]
#[test]
fn out_reaching_the_corpus_through_a_link_is_refused() {
    let ws = workspace();
    std::os::unix::fs::symlink(ws.path().join("approved"), ws.path().join("link")).unwrap();
    assert_refused(ws.path(), "link", "it is the corpus folder");
    assert_refused(ws.path(), "link/rules", "inside the corpus folder");
}

#[test]
fn out_naming_a_file_is_refused() {
    let ws = workspace();
    assert_refused(ws.path(), "beside.md", "it is a file, not a folder");
}

#[test]
fn out_holding_files_learn_did_not_write_is_refused() {
    let ws = workspace();
    let out = ws.path().join("rules/curated");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("house.toml"), "[dates]\nstyle = \"gov.uk\"\n").unwrap();
    assert_refused(
        ws.path(),
        "rules/curated",
        "it holds house.toml, a rule file that `draftlint learn` did not write",
    );
    let out = ws.path().join("notes");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("todo.txt"), "call Jo\n").unwrap();
    assert_refused(
        ws.path(),
        "notes",
        "it holds todo.txt, which is not a rule file",
    );
}

#[test]
fn a_refusal_reads_well() {
    let ws = workspace();
    let r = learn(ws.path(), &["approved", "--out", "approved"]);
    insta::assert_snapshot!(
        r.stderr,
        @"error: approved: refusing to write rules here: it is the corpus folder approved; choose an --out outside every corpus folder; no rules were written
    "
    );
}

#[test]
fn an_empty_folder_and_a_learned_one_are_replaced() {
    let ws = workspace();
    let out = ws.path().join("rules/learned");
    std::fs::create_dir_all(&out).unwrap();
    for _ in 0..2 {
        let r = learn(ws.path(), &["approved", "--out", "rules/learned"]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        assert_eq!(names(&out), LEARNED);
        assert_eq!(names(&ws.path().join("rules")), ["learned"]);
    }
}

#[cfg(unix)]
#[test]
fn a_symlinked_out_is_written_through_and_stays_a_link() {
    let ws = workspace();
    let real = ws.path().join("elsewhere/learned");
    std::fs::create_dir_all(&real).unwrap();
    std::fs::create_dir(ws.path().join("rules")).unwrap();
    let link = ws.path().join("rules/learned");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    for _ in 0..2 {
        let r = learn(ws.path(), &["approved", "--out", "rules/learned"]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let md = std::fs::symlink_metadata(&link).unwrap();
        assert!(md.file_type().is_symlink(), "the link was replaced");
        assert_eq!(names(&real), LEARNED);
        assert_eq!(names(real.parent().unwrap()), ["learned"]);
    }
}

/// The pack loaded from `rules/` holds each learned file once.
fn assert_one_whole_pack(rules: &Path) {
    let (pack, errors) = RulePack::load_dir(rules).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    let paths: Vec<&str> = pack.files.iter().map(|f| f.path.as_str()).collect();
    let expected: Vec<String> = LEARNED.iter().map(|f| format!("learned/{f}")).collect();
    assert_eq!(paths, expected);
}

/// A run killed just before or just after the swap leaves the old or the
/// new pack, whole, under `rules/learned`; the loader sees one copy; the
/// next run removes what it left behind.
#[test]
fn a_run_killed_at_the_swap_loses_nothing() {
    for point in ["before-swap", "after-swap"] {
        let ws = workspace();
        let r = learn(ws.path(), &["approved", "--out", "rules/learned"]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let out = ws.path().join("rules/learned");
        let killed = finished(
            command(ws.path(), &["learn", "approved", "--out", "rules/learned"])
                .env("DRAFTLINT_TEST_ABORT_AT", point)
                .output()
                .unwrap(),
        );
        assert_ne!(
            killed.code,
            Some(0),
            "{point}: the hook did not stop the run"
        );
        assert_eq!(names(&out), LEARNED, "{point}");
        // Its temporary folder is still there, hidden, and not loaded.
        let left = names(&ws.path().join("rules"));
        assert_eq!(left.len(), 2, "{point}: {left:?}");
        assert!(
            left[0].starts_with(".draftlint-learn-"),
            "{point}: {left:?}"
        );
        assert_one_whole_pack(&ws.path().join("rules"));
        let r = learn(ws.path(), &["approved", "--out", "rules/learned"]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        assert_eq!(names(&ws.path().join("rules")), ["learned"], "{point}");
        assert_one_whole_pack(&ws.path().join("rules"));
    }
}

#[test]
fn concurrent_runs_are_serialised_and_leave_nothing_behind() {
    let ws = workspace();
    let children: Vec<_> = (0..4)
        .map(|_| {
            command(ws.path(), &["learn", "approved", "--out", "rules/learned"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let r = finished(child.wait_with_output().unwrap());
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        assert!(r.stdout.contains("Wrote 8 rule files"), "{}", r.stdout);
    }
    assert_eq!(names(&ws.path().join("rules")), ["learned"]);
    assert_one_whole_pack(&ws.path().join("rules"));
}

/// A run that finds another holding the lock says so and waits for it,
/// rather than swapping packs under it.
#[cfg(unix)]
#[test]
fn a_second_run_waits_for_the_first() {
    use rustix::fs::{flock, FlockOperation};
    use std::io::Read;
    let ws = workspace();
    let rules = ws.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    // Hold the lock a running `learn` would hold.
    let held = std::fs::File::open(&rules).unwrap();
    flock(&held, FlockOperation::LockExclusive).unwrap();
    let mut child = command(ws.path(), &["learn", "approved", "--out", "rules/learned"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 256];
    while !String::from_utf8_lossy(&seen).contains('\n') {
        let n = stderr.read(&mut buf).unwrap();
        assert!(n > 0, "learn ended without waiting");
        seen.extend_from_slice(&buf[..n]);
    }
    assert!(
        String::from_utf8_lossy(&seen).starts_with("Waiting for another `draftlint learn`"),
        "{}",
        String::from_utf8_lossy(&seen)
    );
    assert!(child.try_wait().unwrap().is_none(), "it did not wait");
    assert!(!rules.join("learned").exists());
    drop(held);
    let status = child.wait().unwrap();
    assert!(status.success());
    assert_eq!(names(&rules.join("learned")), LEARNED);
    assert_eq!(names(&rules), ["learned"]);
}
