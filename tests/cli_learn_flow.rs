//! Learning in a team, through the binary: `learn --check` (is the learned
//! pack what the corpus gives now?), the changes `learn` reports against the
//! pack it replaces, and files as well as folders as the corpus. The corpus
//! is the project's seeds, copied into a temporary folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn seeds() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// The seed that names Ben Wallace, Dominic Raab and the G7 a second time.
const LATE_SEED: &str = "004_51e6a475d946b0c5.txt";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit: {}\n----- stdout -----\n{}----- stderr -----\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_draftlint"))
        .args(args)
        .current_dir(dir)
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    let run = Run {
        code: out.status.code().expect("exited normally"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    assert!(!run.stderr.contains("panicked"), "{run}");
    run
}

/// A temporary folder with `corpus/` holding every seed but the late one.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for entry in std::fs::read_dir(seeds()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if name != LATE_SEED {
            std::fs::copy(&path, corpus.join(name)).unwrap();
        }
    }
    dir
}

fn add_late_seed(dir: &Path) {
    std::fs::copy(seeds().join(LATE_SEED), dir.join("corpus").join(LATE_SEED)).unwrap();
}

/// Every file below `dir`, by relative path, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

fn learn(dir: &Path) -> Run {
    let r = run_in(dir, &["learn", "corpus", "--out", "rules/learned"]);
    assert_eq!(r.code, 0, "{r}");
    r
}

#[test]
fn check_passes_on_an_up_to_date_pack_and_fails_with_a_diff_after_a_new_document() {
    let ws = workspace();
    learn(ws.path());
    let before = snapshot(ws.path());

    let r = run_in(
        ws.path(),
        &["learn", "--check", "corpus", "--out", "rules/learned"],
    );
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(
        r.stdout,
        "rules/learned is up to date: its 8 rule files are what learning the corpus gives now.\n",
        "{r}"
    );
    assert_eq!(r.stderr, "", "{r}");

    // An approved document added, the rules not re-learned.
    add_late_seed(ws.path());
    let with_late = snapshot(ws.path());
    let r = run_in(
        ws.path(),
        &["learn", "--check", "corpus", "--out", "rules/learned"],
    );
    assert_eq!(r.code, 1, "{r}");
    assert!(
        r.stdout
            .contains("--- rules/learned/names.toml\n+++ rules/learned/names.toml\n@@ "),
        "{r}"
    );
    assert!(
        r.stdout.contains(
            "+# Ben Wallace: 2 times in 1 document (004_51e6a475d946b0c5)\n+[[name]]\n+name = \"Ben Wallace\"\n"
        ),
        "{r}"
    );
    assert!(
        r.stdout.contains(
            "-# Learned by `draftlint learn` from 4 documents (1 dated). Do not edit by hand:\n+# Learned by `draftlint learn` from 5 documents (1 dated)."
        ),
        "{r}"
    );
    assert!(!r.stdout.contains("up to date"), "{r}");
    assert!(
        r.stderr.starts_with(
            "rules/learned: 8 rule files differ from what learning 5 documents gives now; run `draftlint learn` without --check"
        ),
        "{r}"
    );
    // Nothing was written, nothing left behind.
    assert_eq!(snapshot(ws.path()), with_late);
    assert_eq!(
        before.len() + 1,
        with_late.len(),
        "only the added document is new"
    );

    // Re-learned, the check passes again.
    learn(ws.path());
    let r = run_in(
        ws.path(),
        &["learn", "--check", "corpus", "--out", "rules/learned"],
    );
    assert_eq!(r.code, 0, "{r}");
}

#[test]
fn the_check_diff_applies_to_the_pack_and_gives_what_learning_writes() {
    let ws = workspace();
    learn(ws.path());
    add_late_seed(ws.path());
    let r = run_in(
        ws.path(),
        &["learn", "--check", "corpus", "--out", "rules/learned"],
    );
    assert_eq!(r.code, 1, "{r}");
    // A learned file the corpus no longer gives is diffed to /dev/null; one
    // missing on disk from /dev/null.
    let learned = ws.path().join("rules/learned");
    let events = std::fs::read_to_string(learned.join("events.toml")).unwrap();
    std::fs::write(learned.join("old.toml"), &events).unwrap();
    std::fs::remove_file(learned.join("dates.toml")).unwrap();
    let r = run_in(
        ws.path(),
        &["learn", "--check", "corpus", "--out", "rules/learned"],
    );
    assert_eq!(r.code, 1, "{r}");
    assert!(
        r.stdout
            .contains("--- rules/learned/old.toml\n+++ /dev/null\n@@ -1,"),
        "{r}"
    );
    assert!(
        r.stdout
            .contains("--- /dev/null\n+++ rules/learned/dates.toml\n@@ -0,0 +1,"),
        "{r}"
    );
    // Applying each hunk by hand (the diff is complete: every differing file
    // is in it) gives exactly what `learn` then writes.
    let patched = apply(&r.stdout, &learned);
    learn(ws.path());
    assert_eq!(patched, snapshot(&learned));
}

/// Applies a unified diff of whole files (as `learn --check` prints it) to
/// the files in `dir`, in memory.
fn apply(diff: &str, dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = snapshot(dir);
    let mut lines = diff.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(old) = line.strip_prefix("--- ") else {
            continue;
        };
        let new = lines.next().unwrap().strip_prefix("+++ ").unwrap();
        let name =
            |label: &str| PathBuf::from(label.strip_prefix("rules/learned/").unwrap_or(label));
        let text = if old == "/dev/null" {
            String::new()
        } else {
            String::from_utf8(files[&name(old)].clone()).unwrap()
        };
        let source: Vec<&str> = text.lines().collect();
        let mut result: Vec<String> = Vec::new();
        let mut at = 0;
        while lines.peek().is_some_and(|l| l.starts_with("@@ ")) {
            // `@@ -start,count +start,count @@`: the counts say where the
            // hunk ends.
            let header = lines.next().unwrap();
            let ranges: Vec<(usize, usize)> = header
                .trim_start_matches("@@ ")
                .split(' ')
                .take(2)
                .map(|r| {
                    let (a, b) = r[1..].split_once(',').unwrap_or((&r[1..], "1"));
                    (a.parse().unwrap(), b.parse().unwrap())
                })
                .collect();
            let ((start, mut old_left), (_, mut new_left)) = (ranges[0], ranges[1]);
            let start = if old_left == 0 { start } else { start - 1 };
            result.extend(source[at..start].iter().map(|s| s.to_string()));
            at = start;
            while old_left > 0 || new_left > 0 {
                let l = lines.next().unwrap();
                if let Some(kept) = l.strip_prefix(' ') {
                    assert_eq!(source[at], kept);
                    result.push(kept.to_string());
                    at += 1;
                    old_left -= 1;
                    new_left -= 1;
                } else if let Some(gone) = l.strip_prefix('-') {
                    assert_eq!(source[at], gone);
                    at += 1;
                    old_left -= 1;
                } else if let Some(added) = l.strip_prefix('+') {
                    result.push(added.to_string());
                    new_left -= 1;
                } else {
                    panic!("not a hunk line: {l}");
                }
            }
        }
        result.extend(source[at..].iter().map(|s| s.to_string()));
        if new == "/dev/null" {
            files.remove(&name(old));
        } else {
            let mut text = result.join("\n");
            if !result.is_empty() {
                text.push('\n');
            }
            files.insert(name(new), text.into_bytes());
        }
    }
    files
}

#[test]
fn check_errors_exit_2_and_write_nothing() {
    let ws = workspace();
    // No pack at --out.
    let r = run_in(
        ws.path(),
        &["learn", "--check", "corpus", "--out", "rules/learned"],
    );
    assert_eq!(r.code, 2, "{r}");
    assert!(
        r.stderr
            .contains("error: rules/learned: no learned pack to check"),
        "{r}"
    );
    assert!(!ws.path().join("rules").exists());
    // An empty folder is no pack either.
    std::fs::create_dir_all(ws.path().join("rules/learned")).unwrap();
    let r = run_in(
        ws.path(),
        &["learn", "--check", "corpus", "--out", "rules/learned"],
    );
    assert_eq!(r.code, 2, "{r}");
    // A folder `learn` did not write.
    std::fs::write(ws.path().join("rules/learned/house.toml"), "[[name]]\n").unwrap();
    let r = run_in(
        ws.path(),
        &["learn", "--check", "corpus", "--out", "rules/learned"],
    );
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stderr.contains("refusing"), "{r}");
    assert!(r.stderr.contains("house.toml"), "{r}");
    std::fs::remove_file(ws.path().join("rules/learned/house.toml")).unwrap();

    learn(ws.path());
    let before = snapshot(ws.path());
    // A missing corpus.
    let r = run_in(
        ws.path(),
        &["learn", "--check", "nowhere", "--out", "rules/learned"],
    );
    assert_eq!(r.code, 2, "{r}");
    assert!(
        r.stderr.contains("error: nowhere: no such file or folder"),
        "{r}"
    );
    // An unreadable document: reported with its path, exit 2 even though
    // the rest is up to date.
    std::fs::write(ws.path().join("corpus/binary.md"), b"\xff\xfe\x00bad").unwrap();
    let r = run_in(
        ws.path(),
        &["learn", "--check", "corpus", "--out", "rules/learned"],
    );
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stderr.contains("corpus/binary.md"), "{r}");
    std::fs::remove_file(ws.path().join("corpus/binary.md")).unwrap();
    assert_eq!(snapshot(ws.path()), before);
}

#[test]
fn learn_reports_what_changed_against_the_pack_it_replaces() {
    let ws = workspace();
    let r = learn(ws.path());
    assert!(
        r.stdout
            .contains("New pack: there were no rules at rules/learned before.\nWrote 8 rule files"),
        "{r}"
    );

    add_late_seed(ws.path());
    let r = learn(ws.path());
    // Beside the counts, per file and kind, each rule with its evidence.
    assert!(r.stdout.contains("Learned:\n"), "{r}");
    for expected in [
        "Changes against the previous pack:\n",
        "  names.toml [[name]]: 12 added, 3 changed\n",
        "    + Ben Wallace: 2 times in 1 document (004_51e6a475d946b0c5)\n",
        "    ~ G7 (documents, seen changed)\n        was: G7: once in 1 document (002_cc08bda86b037607)\n        now: G7: 2 times in 2 documents (002_cc08bda86b037607, 004_51e6a475d946b0c5)\n",
        "  roles.toml [[role]]: 3 added\n",
        "  ships.toml [ships]: 1 changed\n",
    ] {
        assert!(r.stdout.contains(expected), "{expected}\n{r}");
    }
    // dates.toml and events.toml changed only in their headers: no rule
    // changed there.
    assert!(!r.stdout.contains("dates.toml"), "{r}");
    assert!(!r.stdout.contains("events.toml"), "{r}");

    // The same corpus again: nothing changed.
    let r = learn(ws.path());
    assert!(
        r.stdout
            .contains("No rule changed against the previous pack.\nWrote 8 rule files"),
        "{r}"
    );

    // A document taken away: its rules are removed, with the evidence they
    // had.
    std::fs::remove_file(ws.path().join("corpus").join(LATE_SEED)).unwrap();
    let r = learn(ws.path());
    assert!(
        r.stdout
            .contains("  names.toml [[name]]: 12 removed, 3 changed\n"),
        "{r}"
    );
    assert!(
        r.stdout
            .contains("    - Dominic Raab: once in 1 document (004_51e6a475d946b0c5)\n"),
        "{r}"
    );
}

#[test]
fn rules_in_another_order_are_no_change() {
    let ws = workspace();
    learn(ws.path());
    // Reverse the rules of names.toml, keeping the header: the same rules.
    let path = ws.path().join("rules/learned/names.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    // Each rule starts at its evidence comment (its rivals, if any, follow
    // it after a blank line).
    let mut blocks: Vec<&str> = text.split("\n\n# ").collect();
    let header = blocks.remove(0);
    assert!(blocks.len() > 3, "{text}");
    blocks.reverse();
    let blocks: Vec<String> = blocks.iter().map(|b| b.trim_end().to_string()).collect();
    let reordered = format!("{header}\n\n# {}\n", blocks.join("\n\n# "));
    assert_ne!(reordered, text);
    std::fs::write(&path, &reordered).unwrap();
    let r = learn(ws.path());
    assert!(
        r.stdout
            .contains("No rule changed against the previous pack.\n"),
        "{r}"
    );
    // But the check, which compares what is committed, sees the new order.
    std::fs::write(&path, &reordered).unwrap();
    let r = run_in(
        ws.path(),
        &["learn", "--check", "corpus", "--out", "rules/learned"],
    );
    assert_eq!(r.code, 1, "{r}");
    assert!(r.stdout.contains("rules/learned/names.toml"), "{r}");
}

#[test]
fn learn_accepts_files_as_well_as_folders() {
    let ws = workspace();
    // Two files and a folder.
    std::fs::create_dir(ws.path().join("more")).unwrap();
    std::fs::copy(
        seeds().join(LATE_SEED),
        ws.path().join("more").join(LATE_SEED),
    )
    .unwrap();
    let r = run_in(
        ws.path(),
        &[
            "learn",
            "corpus/000_050b6a0625279b76.txt",
            "corpus/002_cc08bda86b037607.txt",
            "more",
            "--out",
            "out",
        ],
    );
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.starts_with("Read 3 documents (1 dated).\n"), "{r}");
    let roles = std::fs::read_to_string(ws.path().join("out/roles.toml")).unwrap();
    assert!(
        roles.contains(
            "# Defence Secretary: 3 times in 2 documents (002_cc08bda86b037607, 004_51e6a475d946b0c5)"
        ),
        "{roles}"
    );
    // Only what was named was read.
    assert!(!roles.contains("001_f23e59ef6664c7bb"), "{roles}");
    // The same files pass the check.
    let r = run_in(
        ws.path(),
        &[
            "learn",
            "--check",
            "corpus/000_050b6a0625279b76.txt",
            "corpus/002_cc08bda86b037607.txt",
            "more",
            "--out",
            "out",
        ],
    );
    assert_eq!(r.code, 0, "{r}");
    // A file inside a folder also given is read once.
    let r = run_in(
        ws.path(),
        &[
            "learn",
            "corpus",
            "corpus/000_050b6a0625279b76.txt",
            "--out",
            "out3",
        ],
    );
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.starts_with("Read 4 documents (1 dated).\n"), "{r}");
    // A file that is not there is named, and nothing is written.
    let r = run_in(ws.path(), &["learn", "corpus/missing.md", "--out", "out2"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(
        r.stderr
            .contains("error: corpus/missing.md: no such file or folder\n"),
        "{r}"
    );
    assert!(!ws.path().join("out2").exists());
}
