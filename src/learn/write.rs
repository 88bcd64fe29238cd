//! Putting a learned pack in place without ever losing anything.
//!
//! `learn --out DIR` replaces DIR, so it must be sure DIR is its own: it
//! replaces only a folder that holds nothing but rule files it wrote itself
//! (each starts with the `Learned by draftlint learn` header and parses as a
//! rule file), or an empty or missing one. Everything else (a corpus, a
//! folder of curated rules, a file, a folder above or inside a corpus) is
//! refused with the reason, and nothing is touched.
//!
//! The new files are written into a hidden temporary folder beside DIR
//! (`.draftlint-learn-*`, which the pack loader skips), synced, and then
//! swapped with DIR in one step (`renameat2(RENAME_EXCHANGE)` on Linux,
//! `renameatx_np(RENAME_SWAP)` on macOS), so a reader or a killed run sees
//! either the old pack or the new one, never none. The old pack, now at the
//! temporary name, is removed afterwards. Runs that write beside the same
//! folder are serialised by an advisory lock on that parent folder, and each
//! run removes what an earlier, killed run left behind.
//!
//! DIR may be a symbolic link to a folder: the link is kept and its target
//! replaced.

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::{LearnError, Learned};

/// Name prefix of the temporary folders `learn` makes beside its output.
pub const TEMP_PREFIX: &str = ".draftlint-learn-";
/// Name prefix of the folders earlier versions (and the fallback swap) moved
/// the previous pack to.
const OLD_PREFIX: &str = ".draftlint-old-";
/// The header line every learned rule file carries; how `learn` recognises
/// its own files.
const HEADER_MARK: &str = "# Learned by `draftlint learn`";
/// Test hook: `DRAFTLINT_TEST_ABORT_AT=before-swap|after-swap|between-steps`
/// aborts the process at that point, so tests can show that a run killed
/// there loses nothing. Unset in normal use.
const ABORT_ENV: &str = "DRAFTLINT_TEST_ABORT_AT";

/// A checked `--out`: where the pack goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The real folder that is written (symbolic links resolved).
    pub real: PathBuf,
    /// Whether it exists now (then it is empty or holds a learned pack).
    pub exists: bool,
}

fn refuse(out: &Path, why: impl std::fmt::Display) -> LearnError {
    LearnError::new(out, format!("refusing to write rules here: {why}"))
}

fn io_err(path: &Path, what: &str, e: io::Error) -> LearnError {
    LearnError::new(path, format!("{what}: {e}"))
}

/// Checks that `learn` may write its pack to `out`: resolves it (symbolic
/// links included), refuses a file, a folder that is, holds or lies inside
/// one of `corpus`, and a folder holding anything `learn` did not write.
pub fn check_out(out: &Path, corpus: &[PathBuf]) -> Result<Target, LearnError> {
    let target = resolve(out)?;
    if target.real.parent().is_none() || target.real.file_name().is_none() {
        return Err(refuse(out, "it is the root of the file system"));
    }
    check_corpus(out, &target, corpus)?;
    if target.exists {
        if let Some(why) = foreign_content(&target.real)? {
            return Err(refuse(
                out,
                format!("{why} (`learn` replaces only a folder it wrote itself: choose a new or empty folder for --out)"),
            ));
        }
    }
    Ok(target)
}

/// Refuses a `target` that is, holds or lies inside one of `corpus`.
fn check_corpus(out: &Path, target: &Target, corpus: &[PathBuf]) -> Result<(), LearnError> {
    for dir in corpus {
        let Ok(c) = dir.canonicalize() else { continue };
        let how = if target.real == c {
            "it is the corpus folder"
        } else if target.real.starts_with(&c) {
            "it is inside the corpus folder"
        } else if c.starts_with(&target.real) {
            "it holds the corpus folder"
        } else {
            continue;
        };
        return Err(refuse(
            out,
            format!(
                "{how} {}; choose an --out outside every corpus folder",
                dir.display()
            ),
        ));
    }
    Ok(())
}

/// Where `out` really is. A missing `out` is resolved through its deepest
/// existing ancestor, so a path through a symbolic link is compared by
/// where it leads.
fn resolve(out: &Path) -> Result<Target, LearnError> {
    let existing = || {
        Ok(Target {
            real: out
                .canonicalize()
                .map_err(|e| io_err(out, "cannot resolve", e))?,
            exists: true,
        })
    };
    match fs::symlink_metadata(out) {
        Ok(md) if md.file_type().is_symlink() => match fs::metadata(out) {
            Ok(t) if t.is_dir() => existing(),
            Ok(_) => Err(refuse(
                out,
                "it is a symbolic link to a file, not to a folder",
            )),
            Err(_) => Err(refuse(
                out,
                format!(
                    "it is a symbolic link to {}, which does not exist",
                    fs::read_link(out).unwrap_or_default().display()
                ),
            )),
        },
        Ok(md) if md.is_dir() => existing(),
        Ok(_) => Err(refuse(
            out,
            "it is a file, not a folder (learn writes a folder of rule files)",
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Target {
            real: resolve_missing(out).map_err(|e| io_err(out, "cannot resolve", e))?,
            exists: false,
        }),
        Err(e) => Err(io_err(out, "cannot read", e)),
    }
}

fn resolve_missing(out: &Path) -> io::Result<PathBuf> {
    // Component by component: each prefix that exists is resolved (it may
    // be a link); below the first missing one, `..` is lexical.
    let mut real = PathBuf::new();
    for comp in std::path::absolute(out)?.components() {
        match comp {
            Component::CurDir => {}
            Component::ParentDir if !real.exists() => {
                real.pop();
            }
            c => {
                real.push(c);
                if let Ok(r) = real.canonicalize() {
                    real = r;
                }
            }
        }
    }
    Ok(real)
}

/// Why `dir` is not a folder `learn` wrote, or `None` when it is (every
/// entry a rule file `learn` wrote; an empty folder counts).
fn foreign_content(dir: &Path) -> Result<Option<String>, LearnError> {
    let entries = fs::read_dir(dir).map_err(|e| io_err(dir, "cannot read folder", e))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| io_err(dir, "cannot read folder", e))?;
        names.push(entry.file_name());
    }
    names.sort();
    for name in names {
        let path = dir.join(&name);
        let shown = name.to_string_lossy();
        let why = match fs::symlink_metadata(&path) {
            // Gone since the listing: another run swapped the folder.
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io_err(&path, "cannot read", e)),
            Ok(md) if md.is_dir() => format!("it holds the folder {shown}"),
            Ok(md) if !md.is_file() => format!("it holds {shown}, which is not a regular file"),
            Ok(_) if Path::new(&name).extension() != Some(OsStr::new("toml")) => {
                format!("it holds {shown}, which is not a rule file")
            }
            Ok(_) => match fs::read_to_string(&path) {
                Ok(text) if !has_header(&text) => {
                    format!("it holds {shown}, a rule file that `draftlint learn` did not write")
                }
                Ok(text) if crate::rules::parse_rule_file(&shown, &text).is_err() => {
                    format!("it holds {shown}, which does not parse as a rule file")
                }
                Ok(_) => continue,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                    format!("it holds {shown}, which is not UTF-8 text")
                }
                Err(e) => return Err(io_err(&path, "cannot read", e)),
            },
        };
        return Ok(Some(why));
    }
    Ok(None)
}

fn has_header(text: &str) -> bool {
    text.lines().take(10).any(|l| l.starts_with(HEADER_MARK))
}

/// Writes `learned` to `out` (see the module documentation): refuses what
/// [`check_out`] refuses, waits for another run writing beside the same
/// folder (calling `on_wait` once first), and replaces the previous pack in
/// one step.
pub fn write_pack_with(
    learned: &Learned,
    out: &Path,
    corpus: &[PathBuf],
    on_wait: &dyn Fn(),
) -> Result<(), LearnError> {
    // Where to lock; what is there is checked once the lock is held.
    let first = resolve(out)?;
    let parent = match first.real.parent() {
        Some(p) if first.real.file_name().is_some() => p.to_path_buf(),
        _ => return Err(refuse(out, "it is the root of the file system")),
    };
    check_corpus(out, &first, corpus)?;
    fs::create_dir_all(&parent).map_err(|e| io_err(&parent, "cannot create folder", e))?;
    let _lock = lock::Lock::acquire(&parent, on_wait)
        .map_err(|e| io_err(&parent, "cannot lock the folder", e))?;
    // Another run may have written `out` while this one waited: check again.
    let target = check_out(out, corpus)?;
    if target.real.parent() != Some(parent.as_path()) {
        return Err(LearnError::new(
            out,
            "changed while waiting for another `draftlint learn`; run again",
        ));
    }
    clean_leftovers(&parent);

    let tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempdir_in(&parent)
        .map_err(|e| io_err(&parent, "cannot create temporary folder", e))?;
    for (name, text) in &learned.files {
        let path = tmp.path().join(name);
        fs::write(&path, text).map_err(|e| io_err(&path, "cannot write", e))?;
        fs::File::open(&path)
            .and_then(|f| f.sync_all())
            .map_err(|e| io_err(&path, "cannot sync", e))?;
    }
    sync_dir(tmp.path());
    // From here the temporary folder is removed by hand on every path.
    let tmp = tmp.keep();
    let result = if target.exists {
        swap(&tmp, &target.real)
    } else {
        fs::rename(&tmp, &target.real)
            .map_err(|e| io_err(out, "cannot move the new rules into place", e))
    };
    // After a swap `tmp` holds the previous pack; after a failure, the new one.
    let _ = fs::remove_dir_all(&tmp);
    sync_dir(&parent);
    result
}

/// The rule files of the learned pack at `out`, by file name, as text:
/// what a run of `learn` would replace. Empty when `out` does not exist or
/// is an empty folder; an error for whatever [`check_out`] refuses (a
/// folder `learn` did not write), so only `learn`'s own files are read.
pub fn read_pack(
    out: &Path,
    corpus: &[PathBuf],
) -> Result<std::collections::BTreeMap<String, String>, LearnError> {
    let target = check_out(out, corpus)?;
    let mut files = std::collections::BTreeMap::new();
    if !target.exists {
        return Ok(files);
    }
    let entries = fs::read_dir(&target.real).map_err(|e| io_err(out, "cannot read folder", e))?;
    for entry in entries {
        let entry = entry.map_err(|e| io_err(out, "cannot read folder", e))?;
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        match fs::read_to_string(&path) {
            Ok(text) => {
                files.insert(name, text);
            }
            // Gone since the listing: another run swapped the folder.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_err(&out.join(&name), "cannot read", e)),
        }
    }
    Ok(files)
}

/// [`write_pack_with`] with no corpus to keep clear of and no message while
/// waiting.
pub fn write_pack(learned: &Learned, out: &Path) -> Result<(), LearnError> {
    write_pack_with(learned, out, &[], &|| {})
}

/// Exchanges the folders `new` and `old` so that `old`'s path holds the new
/// pack, in one step where the system can; otherwise in two steps.
fn swap(new: &Path, old: &Path) -> Result<(), LearnError> {
    abort_if_asked("before-swap");
    match exchange(new, old) {
        Ok(true) => {
            abort_if_asked("after-swap");
            Ok(())
        }
        Ok(false) => swap_in_two_steps(new, old),
        Err(e) => Err(io_err(old, "cannot swap the new rules into place", e)),
    }
}

/// Where the system cannot exchange two folders: move the old pack to a
/// hidden name, move the new one in, and put the old one back on failure.
/// A run killed between the two steps leaves the old pack under the hidden
/// name, which the loader skips and the next run removes.
fn swap_in_two_steps(new: &Path, old: &Path) -> Result<(), LearnError> {
    let parent = old.parent().unwrap_or(Path::new("/"));
    let aside = tempfile::Builder::new()
        .prefix(OLD_PREFIX)
        .tempdir_in(parent)
        .map_err(|e| io_err(parent, "cannot create temporary folder", e))?
        .keep();
    // The name is reserved and the lock held: free it for the rename
    // (some systems cannot rename a folder onto an empty one).
    let _ = fs::remove_dir(&aside);
    if let Err(e) = fs::rename(old, &aside) {
        let _ = fs::remove_dir(&aside);
        return Err(io_err(old, "cannot move the previous rules aside", e));
    }
    abort_if_asked("between-steps");
    if let Err(e) = fs::rename(new, old) {
        let _ = fs::rename(&aside, old);
        return Err(io_err(old, "cannot move the new rules into place", e));
    }
    let _ = fs::remove_dir_all(&aside);
    Ok(())
}

/// Exchanges two paths atomically: `Ok(false)` when this system or file
/// system cannot.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "macos")))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Removes what killed runs left beside the output: hidden temporary
/// folders holding nothing but learned rule files. Anything else is left
/// alone (the loader skips hidden folders anyway).
fn clean_leftovers(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) || name.starts_with(OLD_PREFIX)) {
            continue;
        }
        let path = entry.path();
        let is_dir = fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if is_dir && matches!(foreign_content(&path), Ok(None)) {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// Makes a folder's entries durable; best effort (not every system can).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(f) = fs::File::open(dir) {
        let _ = f.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

fn abort_if_asked(point: &str) {
    if std::env::var_os(ABORT_ENV).is_some_and(|v| v == point) {
        std::process::abort();
    }
}

mod lock {
    use std::io;
    use std::path::Path;

    /// An exclusive advisory lock on the folder `learn` writes in, held
    /// until dropped. On Unix it is a `flock` on the folder itself, so no
    /// lock file is left behind, and the system releases it when a run dies.
    pub struct Lock {
        #[cfg(unix)]
        _dir: std::fs::File,
        #[cfg(not(unix))]
        path: std::path::PathBuf,
    }

    impl Lock {
        #[cfg(unix)]
        pub fn acquire(dir: &Path, on_wait: &dyn Fn()) -> io::Result<Lock> {
            use rustix::fs::{flock, FlockOperation};
            let f = std::fs::File::open(dir)?;
            match flock(&f, FlockOperation::NonBlockingLockExclusive) {
                Ok(()) => {}
                Err(rustix::io::Errno::WOULDBLOCK) => {
                    on_wait();
                    flock(&f, FlockOperation::LockExclusive)?;
                }
                Err(e) => return Err(e.into()),
            }
            Ok(Lock { _dir: f })
        }

        /// Elsewhere, a lock file made with `create_new`; a second run
        /// refuses while it exists.
        #[cfg(not(unix))]
        pub fn acquire(dir: &Path, _on_wait: &dyn Fn()) -> io::Result<Lock> {
            let path = dir.join(".draftlint-learn.lock");
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(_) => Ok(Lock { path }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    Err(io::Error::other(format!(
                        "another `draftlint learn` is writing here (delete {} if none is running)",
                        path.display()
                    )))
                }
                Err(e) => Err(e),
            }
        }
    }

    #[cfg(not(unix))]
    impl Drop for Lock {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learned(names: &[&str]) -> Learned {
        let mut l = Learned::default();
        for n in names {
            l.files.insert(
                format!("{n}.toml"),
                format!("# {n}\n#\n{HEADER_MARK} from 1 documents (0 dated).\n"),
            );
        }
        l
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn every_file_learn_writes_is_recognised_as_its_own() {
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let l = crate::learn::learn(&crate::learn::Corpus::read(&[seeds]).0);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("learned");
        write_pack(&l, &out).unwrap();
        assert_eq!(foreign_content(&out).unwrap(), None);
        // So a second run replaces it.
        write_pack(&l, &out).unwrap();
        assert_eq!(listing(dir.path()), ["learned"]);
    }

    #[test]
    fn the_pack_on_disk_is_read_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("learned");
        assert!(read_pack(&out, &[]).unwrap().is_empty());
        let l = learned(&["names", "roles"]);
        write_pack(&l, &out).unwrap();
        assert_eq!(read_pack(&out, &[]).unwrap(), l.files);
        fs::write(out.join("notes.md"), "mine").unwrap();
        let e = read_pack(&out, &[]).unwrap_err();
        assert!(e.message.contains("notes.md"), "{e}");
    }

    #[test]
    fn a_learned_folder_is_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("learned");
        write_pack(&learned(&["names", "stale"]), &out).unwrap();
        write_pack(&learned(&["names"]), &out).unwrap();
        assert_eq!(listing(&out), ["names.toml"]);
        // No temporary folders left behind.
        assert_eq!(listing(dir.path()), ["learned"]);
    }

    #[test]
    fn a_folder_with_anything_else_is_refused_and_kept() {
        for (name, text) in [
            ("notes.md", "my notes"),
            ("curated.toml", "[dates]\nstyle = \"gov.uk\"\n"),
            (
                "broken.toml",
                "# x\n# Learned by `draftlint learn`\n[[name]\n",
            ),
        ] {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("learned");
            write_pack(&learned(&["names"]), &out).unwrap();
            fs::write(out.join(name), text).unwrap();
            let e = write_pack(&learned(&["roles"]), &out).unwrap_err();
            assert!(e.message.contains(name), "{e}");
            assert!(e.message.starts_with("refusing"), "{e}");
            assert_eq!(listing(&out), {
                let mut v = vec![name.to_string(), "names.toml".to_string()];
                v.sort();
                v
            });
            assert_eq!(fs::read_to_string(out.join(name)).unwrap(), text);
            assert_eq!(listing(dir.path()), ["learned"]);
        }
    }

    #[test]
    fn a_subfolder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("out/sub")).unwrap();
        let e = write_pack(&learned(&["names"]), &dir.path().join("out")).unwrap_err();
        assert!(e.message.contains("folder sub"), "{e}");
        assert!(dir.path().join("out/sub").is_dir());
    }

    #[test]
    fn an_empty_folder_is_used() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        fs::create_dir(&out).unwrap();
        write_pack(&learned(&["names"]), &out).unwrap();
        assert_eq!(listing(&out), ["names.toml"]);
    }

    #[test]
    fn the_corpus_and_folders_around_it_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("approved");
        fs::create_dir(&corpus).unwrap();
        fs::write(corpus.join("a.md"), "Approved.").unwrap();
        let c = [corpus.clone()];
        for (out, why) in [
            (corpus.clone(), "it is the corpus folder"),
            (corpus.join("rules/learned"), "inside the corpus"),
            (dir.path().to_path_buf(), "it holds the corpus"),
            (corpus.join("../approved/./x/.."), "it is the corpus folder"),
        ] {
            let e = check_out(&out, &c).unwrap_err();
            assert!(e.message.contains(why), "{}: {e}", out.display());
            let e = write_pack_with(&learned(&["names"]), &out, &c, &|| {}).unwrap_err();
            assert!(e.message.contains(why), "{}: {e}", out.display());
        }
        assert_eq!(listing(&corpus), ["a.md"]);
        assert_eq!(listing(dir.path()), ["approved"]);
    }

    #[test]
    fn a_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("rules.toml");
        fs::write(&out, "keep me").unwrap();
        let e = write_pack(&learned(&["names"]), &out).unwrap_err();
        assert!(e.message.contains("is a file"), "{e}");
        assert_eq!(fs::read_to_string(&out).unwrap(), "keep me");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_folder_is_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        write_pack(&learned(&["old"]), &real).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_pack(&learned(&["new"]), &link).unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(listing(&real), ["new.toml"]);
        assert_eq!(listing(dir.path()), ["link", "real"]);
        // A link to a file, or to nothing, is refused.
        let file = dir.path().join("file");
        fs::write(&file, "x").unwrap();
        let to_file = dir.path().join("to-file");
        std::os::unix::fs::symlink(&file, &to_file).unwrap();
        let e = write_pack(&learned(&["n"]), &to_file).unwrap_err();
        assert!(e.message.contains("link to a file"), "{e}");
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        let e = write_pack(&learned(&["n"]), &dangling).unwrap_err();
        assert!(e.message.contains("does not exist"), "{e}");
        assert!(!dir.path().join("nowhere").exists());
    }

    #[test]
    fn the_two_step_fallback_swaps_and_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("learned");
        write_pack(&learned(&["old"]), &out).unwrap();
        let new = dir.path().join(".draftlint-learn-new");
        fs::create_dir(&new).unwrap();
        fs::write(new.join("new.toml"), "").unwrap();
        swap_in_two_steps(&new, &out).unwrap();
        assert_eq!(listing(&out), ["new.toml"]);
        assert_eq!(listing(dir.path()), ["learned"]);
    }

    #[test]
    fn leftovers_of_a_killed_run_are_removed_and_foreign_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("learned");
        write_pack(&learned(&["names"]), &out).unwrap();
        // What a run killed between the two steps of the fallback leaves.
        let killed = dir.path().join(".draftlint-old-1234");
        fs::rename(&out, &killed).unwrap();
        let stale_tmp = dir.path().join(".draftlint-learn-abcd");
        fs::create_dir(&stale_tmp).unwrap();
        let foreign = dir.path().join(".draftlint-learn-mine");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("notes.md"), "mine").unwrap();
        write_pack(&learned(&["names"]), &out).unwrap();
        assert_eq!(listing(dir.path()), [".draftlint-learn-mine", "learned"]);
    }

    #[test]
    fn concurrent_runs_leave_one_whole_pack_and_no_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("learned");
        write_pack(&learned(&["a"]), &out).unwrap();
        std::thread::scope(|s| {
            for i in 0..4 {
                let out = &out;
                s.spawn(move || {
                    for _ in 0..25 {
                        let name = format!("run{i}");
                        write_pack(&learned(&[&name, "common"]), out).unwrap();
                    }
                });
            }
        });
        let got = listing(&out);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got.contains(&"common.toml".to_string()));
        assert_eq!(listing(dir.path()), ["learned"]);
    }

    /// The folder is there, whole, at every instant a reader looks, while
    /// runs replace it again and again.
    #[test]
    fn a_reader_never_sees_the_folder_missing() {
        use std::sync::atomic::{AtomicBool, Ordering};
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("learned");
        write_pack(&learned(&["a", "b"]), &out).unwrap();
        let done = AtomicBool::new(false);
        let (looks, misses) = std::thread::scope(|s| {
            let reader = s.spawn(|| {
                let (mut looks, mut misses) = (0u64, 0u64);
                while !done.load(Ordering::Relaxed) {
                    looks += 1;
                    // One path lookup each: a swap is atomic to each lookup.
                    if !out.is_dir() || !out.join("b.toml").is_file() {
                        misses += 1;
                    }
                }
                (looks, misses)
            });
            for i in 0..300 {
                let n = format!("n{i}");
                write_pack(&learned(&[&n, "b"]), &out).unwrap();
            }
            done.store(true, Ordering::Relaxed);
            reader.join().unwrap()
        });
        assert!(looks > 0);
        assert_eq!(misses, 0, "missing or partial in {misses} of {looks} looks");
    }
}
