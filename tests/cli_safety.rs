//! `draftlint check` must never lose or take over a user's file, and must
//! not hang or exhaust memory on what it is pointed at: `--fix` against
//! concurrent writers, read-only files, other owners, hard and symbolic
//! links; inputs that are not regular files; fixes that never settle.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use draftlint::fix::{
    fix_until_stable, max_fixed_len, write_fixed, CutShort, Stamp, Which, WriteError, Written,
};
use draftlint::{Engine, Format};

/// What a run printed and how it ended.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary in `dir`, killing it after `limit` (a hang is a failure,
/// not a stuck test run).
fn run_within(dir: &Path, args: &[&str], limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_draftlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // Read while it runs: a full pipe would stop it.
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            r.read_to_string(&mut s).unwrap();
            s
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("draftlint {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let run = Run {
        code: status.code().expect("exited normally, not by a signal"),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    };
    assert!(!run.stderr.contains("panicked"), "{run:?}");
    run
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_within(dir, args, Duration::from_secs(60))
}

const RULES: &str = "[[pattern]]\npattern = '\\bco-operation\\b'\nreplacement = 'cooperation'\nmessage = 'The house writes cooperation'\n";
const DRAFT: &str = "Defence co-operation with Japan.\n";
const FIXED: &str = "Defence cooperation with Japan.\n";

/// A folder with the house rules and `draft.md`.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("rules/curated")).unwrap();
    std::fs::write(dir.path().join("rules/curated/house.toml"), RULES).unwrap();
    std::fs::write(dir.path().join("draft.md"), DRAFT).unwrap();
    dir
}

fn fix(dir: &Path, path: &str) -> Run {
    run(dir, &["check", "--rules", "rules", "--fix", path])
}

/// The names in `dir`, sorted (nothing may be left behind).
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// ------------------------------------------------------ --fix keeps files safe

#[test]
fn a_file_changed_after_it_was_read_is_not_replaced() {
    let dir = workspace();
    let path = dir.path().join("draft.md");
    let original = std::fs::read(&path).unwrap();
    let stamp = Stamp::of(&std::fs::File::open(&path).unwrap().metadata().unwrap());
    // The user saves a line while the fixes are being computed.
    let saved = "Defence co-operation with Japan.\nA line saved meanwhile.\n";
    std::fs::write(&path, saved).unwrap();
    let r = write_fixed(&path, &original, &stamp, FIXED);
    assert!(matches!(r, Err(WriteError::Changed)), "{r:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), saved);
    assert_eq!(names(dir.path()), ["draft.md", "rules"]);
}

#[test]
fn a_file_replaced_after_it_was_read_is_not_replaced_again() {
    let dir = workspace();
    let path = dir.path().join("draft.md");
    let original = std::fs::read(&path).unwrap();
    let stamp = Stamp::of(&std::fs::metadata(&path).unwrap());
    // An editor saves by renaming a new file over the old, same text.
    std::fs::write(dir.path().join("new"), DRAFT).unwrap();
    std::fs::rename(dir.path().join("new"), &path).unwrap();
    let r = write_fixed(&path, &original, &stamp, FIXED);
    assert!(matches!(r, Err(WriteError::Changed)), "{r:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), DRAFT);
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_refused_even_for_root() {
    use std::os::unix::fs::PermissionsExt;
    let dir = workspace();
    let path = dir.path().join("draft.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let r = fix(dir.path(), "draft.md");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("draft.md: read-only file; not fixed (make it writable to fix it)"),
        "{r:?}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), DRAFT);
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o444
    );
    // The finding is still reported, as unfixed.
    assert!(r.stdout.contains("(0 fixed, 1 remaining)"), "{r:?}");
}

/// `draftlint check --fix draft.md` in `dir`, run as nobody (uid and gid
/// 65534).
#[cfg(unix)]
fn fix_as_nobody(dir: &std::path::Path) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    Command::new(env!("CARGO_BIN_EXE_draftlint"))
        .args(["check", "--rules", "rules", "--fix", "draft.md"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .uid(65534)
        .gid(65534)
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn a_user_who_may_not_write_the_file_cannot_replace_it() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = workspace();
    let path = dir.path().join("draft.md");
    // Root's file, 0644, in a folder anyone may write: renaming over it
    // would work, and would hand the file to whoever ran --fix.
    if std::os::unix::fs::chown(&path, Some(0), Some(0)).is_err() {
        // Not root: the file cannot be given to root, nothing to show.
        return;
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let out = fix_as_nobody(dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("draft.md: cannot write the fixed file: permission denied"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), DRAFT);
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (0, 0));
    assert_eq!(names(dir.path()), ["draft.md", "rules"]);
}

#[cfg(unix)]
#[test]
fn a_group_writer_fixes_the_file_and_its_owner_stays() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = workspace();
    let path = dir.path().join("draft.md");
    // Root's file that the group nogroup may write; fixed by a member of
    // that group, who cannot give a new file to root: written in place.
    if std::os::unix::fs::chown(&path, Some(0), Some(65534)).is_err() {
        // Not root: the file cannot be given to root, nothing to show.
        return;
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o664)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let out = fix_as_nobody(dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (0, 65534));
    assert_eq!(meta.mode() & 0o7777, 0o664);
    assert_eq!(names(dir.path()), ["draft.md", "rules"]);
}

#[cfg(unix)]
#[test]
fn the_owner_group_and_mode_are_kept() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = workspace();
    let path = dir.path().join("draft.md");
    // Only root may give a file away; elsewhere this test has nothing to show.
    if std::os::unix::fs::chown(&path, Some(4321), Some(4322)).is_err() {
        return;
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o664)).unwrap();
    let r = fix(dir.path(), "draft.md");
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (4321, 4322));
    assert_eq!(meta.mode() & 0o7777, 0o664);
    assert_eq!(names(dir.path()), ["draft.md", "rules"]);
}

#[cfg(unix)]
#[test]
fn every_hard_link_sees_the_fix() {
    use std::os::unix::fs::MetadataExt;
    let dir = workspace();
    let path = dir.path().join("draft.md");
    let other = dir.path().join("other-name.md");
    std::fs::hard_link(&path, &other).unwrap();
    let inode = std::fs::metadata(&path).unwrap().ino();
    let r = fix(dir.path(), "draft.md");
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
    assert_eq!(std::fs::read_to_string(&other).unwrap(), FIXED);
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.ino(), meta.nlink()), (inode, 2));
    assert_eq!(names(dir.path()), ["draft.md", "other-name.md", "rules"]);
}

#[cfg(unix)]
#[test]
fn a_hard_linked_file_changed_after_it_was_read_is_not_rewritten() {
    let dir = workspace();
    let path = dir.path().join("draft.md");
    std::fs::hard_link(&path, dir.path().join("other-name.md")).unwrap();
    let original = std::fs::read(&path).unwrap();
    let stamp = Stamp::of(&std::fs::metadata(&path).unwrap());
    std::fs::write(&path, "Saved meanwhile.\n").unwrap();
    let r = write_fixed(&path, &original, &stamp, FIXED);
    assert!(matches!(r, Err(WriteError::Changed)), "{r:?}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "Saved meanwhile.\n"
    );
    // Unchanged, it is written in place.
    let original = std::fs::read(&path).unwrap();
    let stamp = Stamp::of(&std::fs::metadata(&path).unwrap());
    let r = write_fixed(&path, &original, &stamp, "Fixed.\n");
    assert!(matches!(r, Ok(Written::InPlace)), "{r:?}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("other-name.md")).unwrap(),
        "Fixed.\n"
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_is_written_through_and_kept() {
    let dir = workspace();
    std::fs::create_dir(dir.path().join("real")).unwrap();
    std::fs::rename(
        dir.path().join("draft.md"),
        dir.path().join("real/draft.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink("real/draft.md", dir.path().join("draft.md")).unwrap();
    let r = fix(dir.path(), "draft.md");
    assert_eq!(r.code, 0, "{r:?}");
    let link = std::fs::symlink_metadata(dir.path().join("draft.md")).unwrap();
    assert!(link.file_type().is_symlink());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("real/draft.md")).unwrap(),
        FIXED
    );
    assert_eq!(names(&dir.path().join("real")), ["draft.md"]);
}

#[test]
fn one_refused_file_does_not_stop_the_others() {
    let dir = workspace();
    std::fs::write(dir.path().join("second.md"), DRAFT).unwrap();
    let mut perms = std::fs::metadata(dir.path().join("draft.md"))
        .unwrap()
        .permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(dir.path().join("draft.md"), perms).unwrap();
    let r = run(
        dir.path(),
        &[
            "check",
            "--rules",
            "rules",
            "--fix",
            "draft.md",
            "second.md",
        ],
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("draft.md")).unwrap(),
        DRAFT
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("second.md")).unwrap(),
        FIXED
    );
}

// ------------------------------------------- inputs that are not regular files

/// `draftlint check PATH` on something that is not a regular file: one
/// error naming it and what it is, no hang, exit 2.
#[cfg(unix)]
fn refused(dir: &Path, path: &str, kind: &str) {
    let r = run_within(
        dir,
        &["check", "--rules", "rules", path, "draft.md"],
        Duration::from_secs(20),
    );
    assert_eq!(r.code, 2, "{r:?}");
    let expected = format!("error: {path}: not a regular file ({kind}), skipped");
    assert_eq!(
        r.stderr
            .lines()
            .filter(|l| l.contains(path))
            .collect::<Vec<_>>(),
        [expected.as_str()],
        "{r:?}"
    );
    // The other file is still checked.
    assert!(r.stdout.contains("draft.md:1:9"), "{r:?}");
}

#[cfg(unix)]
#[test]
fn an_endless_device_is_not_read() {
    let dir = workspace();
    refused(dir.path(), "/dev/zero", "a character device");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_not_opened() {
    let dir = workspace();
    let fifo = dir.path().join("pipe.md");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        // No `mkfifo` here: there is no FIFO to refuse.
        return;
    }
    refused(dir.path(), "pipe.md", "a FIFO");
    // Through a symbolic link too.
    std::os::unix::fs::symlink("pipe.md", dir.path().join("link.md")).unwrap();
    refused(dir.path(), "link.md", "a FIFO");
    // A folder walk skips it without a word, as before.
    let r = run_within(
        dir.path(),
        &["check", "--rules", "rules", "."],
        Duration::from_secs(20),
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(!r.stderr.contains("pipe.md"), "{r:?}");
}

#[cfg(unix)]
#[test]
fn a_socket_is_not_opened() {
    let dir = workspace();
    let _listener = std::os::unix::net::UnixListener::bind(dir.path().join("s.md")).unwrap();
    refused(dir.path(), "s.md", "a socket");
}

#[test]
fn a_file_too_large_to_be_a_draft_is_skipped() {
    let dir = workspace();
    // Sparse: no disk space and no time spent writing it.
    let big = std::fs::File::create(dir.path().join("huge.md")).unwrap();
    big.set_len(257 * 1024 * 1024).unwrap();
    let r = run_within(
        dir.path(),
        &["check", "--rules", "rules", "huge.md", "draft.md"],
        Duration::from_secs(20),
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("error: huge.md: larger than 256 MiB, skipped"),
        "{r:?}"
    );
    assert!(r.stdout.contains("draft.md:1:9"), "{r:?}");
}

// ----------------------------------------------------- fixes that never settle

/// An engine whose curated patterns are `(pattern, replacement)`.
fn engine(patterns: &[(&str, &str)]) -> Engine {
    let toml: String = patterns
        .iter()
        .map(|(p, r)| {
            format!("[[pattern]]\npattern = '{p}'\nreplacement = '{r}'\nmessage = 'house'\n")
        })
        .collect();
    let (pack, errors) = draftlint::RulePack::from_sources(
        draftlint::rules::PackSource::Builtin,
        vec![("curated/house.toml".into(), None, toml)],
    );
    assert!(errors.is_empty(), "{errors:?}");
    Engine::new(pack).0
}

/// `fix_until_stable` as the CLI and the server call it, and the server's
/// fix-all edits applied.
fn fix_both_ways(engine: &Engine, text: &str) -> (draftlint::fix::Fixed, String) {
    let diagnostics = engine.check(text, Format::Markdown);
    let fixed = fix_until_stable(
        engine,
        text,
        Format::Markdown,
        diagnostics.clone(),
        Which::Safe,
    );
    let edits = draftlint::fix::fix_all_edits(text, &diagnostics, engine, Format::Markdown);
    (fixed, draftlint::fix::apply_edits(text, &edits))
}

#[test]
fn a_replacement_containing_its_match_is_never_applied() {
    let text = "Defence co-operation with Japan.\n\nA second paragraph.\n";
    for (pattern, replacement) in [("(?s).+", "$0 $0"), ("\\bJapan\\b", "Japan and Japan")] {
        let engine = engine(&[(pattern, replacement)]);
        let (fixed, server) = fix_both_ways(&engine, text);
        assert_eq!(fixed.text, text, "{pattern} → {replacement}");
        assert_eq!(server, text, "{pattern} → {replacement}");
        assert_eq!(fixed.cut_short, None);
        // Still reported, only not fixed.
        assert!(!fixed.diagnostics.is_empty());
        assert!(fixed.diagnostics.iter().all(|d| d.fixes.is_empty()));
    }
}

/// Two rules, each of which settles alone, that together double the text
/// every round: `X` → `Y…Y`, `Y` → `X…X` (long padding, so that the text is
/// large after a few rounds while the findings stay few).
fn feeding_rules() -> [(String, String); 2] {
    let pad = "q".repeat(8000);
    [
        ("X".to_string(), format!("Y{pad}Y")),
        ("Y".to_string(), format!("X{pad}X")),
    ]
}

#[test]
fn rules_that_feed_each_other_are_stopped_by_size() {
    let rules = feeding_rules();
    let engine = engine(&rules.each_ref().map(|(p, r)| (p.as_str(), r.as_str())));
    let text = "X marks the spot.\n";
    let (fixed, server) = fix_both_ways(&engine, text);
    let limit = max_fixed_len(text.len());
    assert_eq!(fixed.cut_short, Some(CutShort::Size { limit }));
    assert!(fixed.text.len() <= limit, "{} bytes", fixed.text.len());
    // Unbounded, ten rounds would have made 2^10 copies of the padding.
    assert!(fixed.rounds < draftlint::fix::MAX_FIX_ROUNDS);
    // The server's fix-all is the same text, and as bounded.
    assert_eq!(server, fixed.text);
}

#[test]
fn rules_that_undo_each_other_are_stopped_by_rounds() {
    let engine = engine(&[("\\bx\\b", "y"), ("\\by\\b", "x")]);
    let (fixed, server) = fix_both_ways(&engine, "x marks the spot\n");
    assert_eq!(fixed.cut_short, Some(CutShort::Rounds));
    assert_eq!(fixed.rounds, draftlint::fix::MAX_FIX_ROUNDS);
    assert_eq!(server, fixed.text);
}

#[test]
fn check_fix_says_when_the_fixes_did_not_settle() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("rules/curated")).unwrap();
    let toml: String = feeding_rules()
        .iter()
        .map(|(p, r)| format!("[[pattern]]\npattern = '{p}'\nreplacement = '{r}'\nmessage = 'm'\n"))
        .collect();
    std::fs::write(dir.path().join("rules/curated/house.toml"), toml).unwrap();
    let text = "X marks the spot.\n";
    std::fs::write(dir.path().join("draft.md"), text).unwrap();
    let r = run_within(
        dir.path(),
        &[
            "check", "--rules", "rules", "--fix", "--format", "concise", "draft.md",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains(&format!(
            "the next would make the text longer than {} bytes",
            max_fixed_len(text.len())
        )),
        "{}",
        r.stderr
    );
    let written = std::fs::metadata(dir.path().join("draft.md"))
        .unwrap()
        .len();
    assert!(
        written as usize <= max_fixed_len(text.len()),
        "{written} bytes"
    );
}
