//! Applying fixes to text.
//!
//! The CLI's `--fix` and the language server's `source.fixAll` both call
//! [`fix_until_stable`], so the two give exactly the same text. Writing the
//! fixed text back over a file ([`write_fixed`]) is here too, so that the
//! rules that keep a user's file safe are in one place and testable without
//! the command line.

use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::SystemTime;

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::engine::Engine;
use crate::text::Format;

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// Only fixes marked safe (`--fix`, fix-all).
    Safe,
    /// Safe and unsafe fixes (`--unsafe-fixes`).
    SafeAndUnsafe,
}

/// The edits of the first applicable fix of each diagnostic, in order, with
/// any fix that overlaps an earlier one dropped (its finding stays for the
/// next round).
pub fn collect_edits(diagnostics: &[Diagnostic], which: Which) -> Vec<Edit> {
    collect_fixes(diagnostics, which).0
}

/// As [`collect_edits`], with how many fixes the edits carry out.
///
/// Linear after sorting: fixes are taken in order of their first edit, and
/// one is dropped if any of its edits starts before the end of what is
/// already taken (or inserts where another insertion already is).
pub fn collect_fixes(diagnostics: &[Diagnostic], which: Which) -> (Vec<Edit>, usize) {
    let wanted = |f: &Fix| match which {
        Which::Safe => f.applicability == Applicability::Safe,
        Which::SafeAndUnsafe => f.applicability != Applicability::DisplayOnly,
    };
    let mut fixes: Vec<&Fix> = diagnostics
        .iter()
        .filter_map(|d| d.fixes.iter().find(|f| wanted(f)))
        .filter(|f| !f.edits.is_empty())
        .collect();
    fixes.sort_by_key(|f| f.edits.iter().map(|e| e.range.start).min().unwrap_or(0));
    let mut edits: Vec<Edit> = Vec::new();
    let mut taken_end = 0usize;
    let mut last_insert: Option<usize> = None;
    let mut count = 0;
    for fix in fixes {
        let mut sorted: Vec<&Edit> = fix.edits.iter().collect();
        sorted.sort_by_key(|e| (e.range.start, e.range.end));
        let inner_overlap = sorted.windows(2).any(|p| p[1].range.start < p[0].range.end);
        let overlaps = inner_overlap
            || sorted.iter().any(|e| {
                e.range.start < taken_end
                    || (e.range.is_empty() && last_insert == Some(e.range.start))
            });
        if overlaps {
            continue;
        }
        for e in sorted {
            taken_end = taken_end.max(e.range.end);
            if e.range.is_empty() {
                last_insert = Some(e.range.start);
            }
            edits.push(e.clone());
        }
        count += 1;
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    (edits, count)
}

/// `text` with `edits` (sorted, disjoint, on character boundaries) applied.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in edits {
        if e.range.start < pos
            || e.range.end > text.len()
            || !text.is_char_boundary(e.range.start)
            || !text.is_char_boundary(e.range.end)
        {
            continue;
        }
        out.push_str(&text[pos..e.range.start]);
        out.push_str(&e.replacement);
        pos = e.range.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Applies the chosen fixes of `diagnostics` to `text`, once.
pub fn apply(text: &str, diagnostics: &[Diagnostic], which: Which) -> String {
    apply_edits(text, &collect_edits(diagnostics, which))
}

/// Rounds of fixing before giving up: a fix can uncover another finding, and
/// fixes that overlap wait for the next round (as ruff does).
pub const MAX_FIX_ROUNDS: usize = 10;

/// How much fixing may add to a text, beyond doubling it: see
/// [`max_fixed_len`].
pub const MAX_FIX_GROWTH: usize = 1024 * 1024;

/// The longest text fixing may make of a text of `len` bytes: twice it, or
/// it and [`MAX_FIX_GROWTH`], whichever is more. Real fixes change a few
/// bytes each; rules whose fixes feed each other (one writes what another
/// replaces with more) would otherwise double the text every round, and
/// the server's fix-all, which editors run on their own, with it.
pub fn max_fixed_len(len: usize) -> usize {
    len.saturating_mul(2)
        .max(len.saturating_add(MAX_FIX_GROWTH))
}

/// Why [`fix_until_stable`] stopped while fixes remained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CutShort {
    /// [`MAX_FIX_ROUNDS`] rounds all changed the text, and the next would
    /// have changed it again.
    Rounds,
    /// The next round would have made the text longer than `limit` bytes
    /// ([`max_fixed_len`] of the original).
    Size { limit: usize },
}

/// What [`fix_until_stable`] produced.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The text with every round of fixes applied.
    pub text: String,
    /// The findings that remain in `text`.
    pub diagnostics: Vec<Diagnostic>,
    /// How many fixes were applied, over all rounds.
    pub applied: usize,
    /// How many rounds changed the text.
    pub rounds: usize,
    /// Set when fixing stopped before the fixes settled; `text` is then the
    /// result of the rounds that were applied, each one whole.
    pub cut_short: Option<CutShort>,
}

/// Applies fixes, checks again, and repeats until nothing changes, within
/// [`MAX_FIX_ROUNDS`] rounds and [`max_fixed_len`] bytes (a round that would
/// go beyond either is not applied, and [`Fixed::cut_short`] says so).
/// `diagnostics` are the findings in `text`. Both `draftlint check --fix`
/// and the editor's fix-all call this, so they give exactly the same text.
pub fn fix_until_stable(
    engine: &Engine,
    text: &str,
    format: Format,
    diagnostics: Vec<Diagnostic>,
    which: Which,
) -> Fixed {
    let limit = max_fixed_len(text.len());
    let mut out = Fixed {
        text: text.to_string(),
        diagnostics,
        applied: 0,
        rounds: 0,
        cut_short: None,
    };
    loop {
        let (edits, count) = collect_fixes(&out.diagnostics, which);
        if edits.is_empty() {
            break;
        }
        // Measured before the text is built: a round that would be too
        // large is never allocated.
        if fixed_len(&out.text, &edits) > limit {
            out.cut_short = Some(CutShort::Size { limit });
            break;
        }
        let next = apply_edits(&out.text, &edits);
        if next == out.text {
            break;
        }
        if out.rounds == MAX_FIX_ROUNDS {
            out.cut_short = Some(CutShort::Rounds);
            break;
        }
        out.text = next;
        out.applied += count;
        out.rounds += 1;
        out.diagnostics = engine.check(&out.text, format);
    }
    out
}

/// The edits that turn `text` into what `draftlint check --fix` writes:
/// safe fixes applied, the text checked again, until nothing changes.
///
/// The editor's fix-all (`source.fixAll`) sends these. One round (the
/// usual case) gives the fixes' own edits, so the editor moves as little
/// as possible; more rounds give one edit spanning everything that changed
/// ([`diff_edit`]), since a later round's fixes are in the fixed text's
/// positions, not the editor's.
pub fn fix_all_edits(
    text: &str,
    diagnostics: &[Diagnostic],
    engine: &Engine,
    format: Format,
) -> Vec<Edit> {
    let first = collect_edits(diagnostics, Which::Safe);
    if first.is_empty() {
        return first;
    }
    let done = fix_until_stable(engine, text, format, diagnostics.to_vec(), Which::Safe);
    if done.rounds <= 1 {
        return first;
    }
    vec![diff_edit(text, &done.text)]
}

/// One edit that turns `before` into `after`: from their first differing
/// character to their last, on character boundaries of both (an edit that
/// split a character would not be text). Equal texts give an empty edit at
/// the end.
pub fn diff_edit(before: &str, after: &str) -> Edit {
    let prefix = before
        .char_indices()
        .zip(after.chars())
        .find(|((_, a), b)| a != b)
        .map_or(before.len().min(after.len()), |((i, _), _)| i);
    let mut suffix = 0;
    for (a, b) in before[prefix..]
        .chars()
        .rev()
        .zip(after[prefix..].chars().rev())
    {
        if a != b {
            break;
        }
        suffix += a.len_utf8();
    }
    Edit {
        range: prefix..before.len() - suffix,
        replacement: after[prefix..after.len() - suffix].to_string(),
    }
}

/// The length of `text` with `edits` (sorted, disjoint) applied.
fn fixed_len(text: &str, edits: &[Edit]) -> usize {
    edits.iter().fold(text.len(), |len, e| {
        let removed = e.range.end.saturating_sub(e.range.start);
        len.saturating_sub(removed)
            .saturating_add(e.replacement.len())
    })
}

/// What a file was when it was read: enough to tell, just before the fixed
/// text is written, whether anything wrote to it (or replaced it, or changed
/// its owner or mode) in the meantime. Compared together with the contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    /// Device, inode, mode, owner, group (zero where the platform has none).
    id: (u64, u64, u32, u32, u32),
}

impl Stamp {
    /// The stamp of a file, from the metadata of the handle it was read
    /// through (so that it describes the same file as the bytes).
    pub fn of(meta: &Metadata) -> Stamp {
        #[cfg(unix)]
        let id = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino(), meta.mode(), meta.uid(), meta.gid())
        };
        #[cfg(not(unix))]
        let id = (0, 0, u32::from(meta.permissions().readonly()), 0, 0);
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            id,
        }
    }
}

/// Why a fixed file was not written. In every case the file is left exactly
/// as it was.
#[derive(Debug)]
pub enum WriteError {
    /// The file changed (contents, size, time, owner or mode) or was replaced
    /// after it was read: writing would lose what was written meanwhile.
    Changed,
    /// No write permission bit is set, for anyone. Refused even where the
    /// user could write it anyway (root): a read-only file is a statement.
    ReadOnly,
    Io(io::Error),
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> WriteError {
        WriteError::Io(e)
    }
}

/// How [`write_fixed`] wrote a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// A temporary file beside it was renamed over it: a reader sees the old
    /// text or the new, never a mixture.
    Replaced,
    /// The file was rewritten through its own inode: it has other hard links
    /// (which a rename would leave holding the old text), or its owner could
    /// not be kept on a new file, or its folder takes no new files.
    InPlace,
}

/// Writes `fixed` over the file at `path`, which held `original` (the bytes
/// read, with `stamp` taken through the same handle), keeping everything
/// else about it.
///
/// Refused, with the file untouched, when it is read-only, when it cannot be
/// opened for writing, or when it is not what was read any more (checked
/// last, just before the rename or the rewrite: a line saved while fixes
/// were computed must not be lost). A symbolic link is followed: the target
/// is written and the link stays. Owner, group and mode are kept. A file
/// with more than one hard link is written in place, so that every name
/// sees the fixed text.
pub fn write_fixed(
    path: &Path,
    original: &[u8],
    stamp: &Stamp,
    fixed: &str,
) -> Result<Written, WriteError> {
    let target = fs::canonicalize(path)?;
    let meta = fs::metadata(&target)?;
    if !meta.is_file() {
        return Err(WriteError::Changed);
    }
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    // Opening for writing (without truncating) asks the system whether this
    // user may write the file: a rename into a writable folder would not.
    let file = OpenOptions::new().read(true).write(true).open(&target)?;
    if Stamp::of(&file.metadata()?) != *stamp {
        return Err(WriteError::Changed);
    }
    if links(&meta) <= 1 && replace(&target, &file, original, stamp, fixed)? {
        return Ok(Written::Replaced);
    }
    rewrite(&target, &file, original, stamp, fixed)?;
    Ok(Written::InPlace)
}

fn links(meta: &Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.nlink()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        1
    }
}

/// The file at `target` (open as `file`) still holds `original` and matches
/// `stamp`, and `target` still names that same file.
fn unchanged(target: &Path, file: &File, original: &[u8], stamp: &Stamp) -> Result<(), WriteError> {
    if Stamp::of(&fs::metadata(target)?) != *stamp || Stamp::of(&file.metadata()?) != *stamp {
        return Err(WriteError::Changed);
    }
    let mut reader = file;
    reader.seek(SeekFrom::Start(0))?;
    let mut now = Vec::with_capacity(original.len());
    reader
        .take(original.len() as u64 + 1)
        .read_to_end(&mut now)?;
    if now != original {
        return Err(WriteError::Changed);
    }
    Ok(())
}

/// Writes `fixed` to a temporary file beside `target`, gives it the owner,
/// group and mode of the original, and renames it over `target` once
/// [`unchanged`]. `Ok(false)` when the owner cannot be kept or the folder
/// takes no new file (the caller writes in place instead).
fn replace(
    target: &Path,
    file: &File,
    original: &[u8],
    stamp: &Stamp,
    fixed: &str,
) -> Result<bool, WriteError> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut tmp = match tempfile::Builder::new()
        .prefix(".draftlint-")
        .suffix(".tmp")
        .tempfile_in(dir)
    {
        Ok(tmp) => tmp,
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => return Ok(false),
        Err(e) => return Err(e.into()),
    };
    tmp.write_all(fixed.as_bytes())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let (_, _, mode, uid, gid) = stamp.id;
        let made = tmp.as_file().metadata()?;
        // Owner first: changing it clears set-user-id and set-group-id bits.
        if (made.uid(), made.gid()) != (uid, gid)
            && std::os::unix::fs::fchown(tmp.as_file(), Some(uid), Some(gid)).is_err()
        {
            return Ok(false);
        }
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(mode & 0o7777))?;
    }
    #[cfg(not(unix))]
    tmp.as_file()
        .set_permissions(file.metadata()?.permissions())?;
    tmp.as_file().sync_all()?;
    unchanged(target, file, original, stamp)?;
    tmp.persist(target).map_err(|e| e.error)?;
    Ok(true)
}

/// Rewrites `file` through its own inode once [`unchanged`]. Should the
/// write fail part-way (a full disk), the original text is written back.
fn rewrite(
    target: &Path,
    file: &File,
    original: &[u8],
    stamp: &Stamp,
    fixed: &str,
) -> Result<(), WriteError> {
    unchanged(target, file, original, stamp)?;
    let put = |bytes: &[u8]| -> io::Result<()> {
        let mut w = file;
        w.seek(SeekFrom::Start(0))?;
        w.write_all(bytes)?;
        file.set_len(bytes.len() as u64)?;
        file.sync_all()
    };
    if let Err(e) = put(fixed.as_bytes()) {
        return Err(match put(original) {
            Ok(()) => e.into(),
            Err(_) => io::Error::new(
                e.kind(),
                format!("{e}; the file may be damaged, and could not be restored"),
            )
            .into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Severity};

    fn diag(range: std::ops::Range<usize>, rep: &str, app: Applicability) -> Diagnostic {
        Diagnostic::note("name/exact", Severity::Error, range.clone(), "x")
            .with_fix(Fix::replace(range, rep, app))
    }

    #[test]
    fn the_size_bound_is_twice_the_text_or_a_mebibyte_more() {
        assert_eq!(max_fixed_len(10), 10 + MAX_FIX_GROWTH);
        assert_eq!(max_fixed_len(8 * MAX_FIX_GROWTH), 16 * MAX_FIX_GROWTH);
        assert_eq!(max_fixed_len(usize::MAX), usize::MAX);
        let edits = [
            Edit {
                range: 0..3,
                replacement: "abcdef".into(),
            },
            Edit {
                range: 5..9,
                replacement: String::new(),
            },
        ];
        let text = "0123456789";
        assert_eq!(fixed_len(text, &edits), apply_edits(text, &edits).len());
    }

    #[test]
    fn applies_safe_fixes_and_skips_overlaps() {
        let text = "the HMS Argyle sails";
        let ds = vec![
            diag(0..4, "", Applicability::Safe),
            diag(4..14, "HMS Argyll", Applicability::Safe),
            diag(8..14, "Argyll!", Applicability::Safe),
            diag(15..20, "SAILS", Applicability::Unsafe),
        ];
        assert_eq!(apply(text, &ds, Which::Safe), "HMS Argyll sails");
        assert_eq!(apply(text, &ds, Which::SafeAndUnsafe), "HMS Argyll SAILS");
    }

    #[test]
    fn fix_all_goes_round_like_check_fix() {
        use crate::rules::{PackSource, RulePack};
        let rules = "[[pattern]]\npattern = '\\bHMS Argyle\\b'\nreplacement = 'HMS Argyll'\nmessage = 'a'\n\n[[pattern]]\npattern = '\\bthe HMS Argyll\\b'\nreplacement = 'HMS Argyll'\nmessage = 'b'\n";
        let (pack, errs) = RulePack::from_sources(
            PackSource::Builtin,
            vec![("curated/p.toml".into(), None, rules.into())],
        );
        assert!(errs.is_empty(), "{errs:?}");
        let engine = Engine::new(pack).0;
        let text = "😀 We saw the HMS Argyle today.\n";
        let ds = engine.check(text, Format::Markdown);
        let edits = fix_all_edits(text, &ds, &engine, Format::Markdown);
        assert_eq!(apply_edits(text, &edits), "😀 We saw HMS Argyll today.\n");
        assert_eq!(edits.len(), 1);
        let one = "HMS Argyle and HMS Argyle.";
        let ds = engine.check(one, Format::Markdown);
        assert_eq!(fix_all_edits(one, &ds, &engine, Format::Markdown).len(), 2);
    }

    #[test]
    fn the_diff_edit_spans_only_what_changed_on_character_boundaries() {
        let cases = [
            (
                "the HMS Argyle sails",
                "HMS Argyll sails",
                0..14,
                "HMS Argyll",
            ),
            // Characters that share a first or last byte are not split.
            ("aé😀b", "aè😀b", 1..3, "è"),
            ("x😀", "x😁", 1..5, "😁"),
            ("abc", "abc", 3..3, ""),
            ("aa", "a", 1..2, ""),
            ("a", "aaa", 1..1, "aa"),
            ("", "new", 0..0, "new"),
            ("old", "", 0..3, ""),
        ];
        for (before, after, range, replacement) in cases {
            let e = diff_edit(before, after);
            assert_eq!(
                (e.range.clone(), e.replacement.as_str()),
                (range, replacement),
                "{before:?} -> {after:?}"
            );
            assert_eq!(apply_edits(before, &[e]), after);
        }
    }

    proptest::proptest! {
        /// Any two texts: the edit is on boundaries and makes `after`.
        #[test]
        fn the_diff_edit_turns_one_text_into_the_other(
            before in "[aé😀😁\n]{0,12}",
            after in "[aé😀😁\n]{0,12}",
        ) {
            let e = diff_edit(&before, &after);
            proptest::prop_assert!(before.is_char_boundary(e.range.start));
            proptest::prop_assert!(before.is_char_boundary(e.range.end));
            proptest::prop_assert_eq!(apply_edits(&before, &[e]), after);
        }
    }
}
