//! The corpus: approved documents read once, with their prose, date and the
//! sentence/heading structure learners need.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::LearnError;
use crate::input::{self, Wanted};
use crate::text::words::{is_capitalised, words};
use crate::text::{Document, Format};

/// One approved document.
#[derive(Debug, Clone)]
pub struct CorpusDoc {
    /// How rules cite it: the file stem (`2026-03-02-budget`), or the
    /// shortest distinct path below its folder where stems collide
    /// (`press/budget`); see [`distinct_ids`].
    pub id: String,
    pub path: PathBuf,
    pub text: String,
    pub format: Format,
    /// Prose regions (as [`Document::prose`]), minus lines that look like
    /// headlines or scraping debris (see [`is_debris_line`]).
    pub prose: Vec<Range<usize>>,
    /// The date the document speaks from, when it states one.
    pub date: Option<Date>,
}

/// Every document of a corpus, sorted by id.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub docs: Vec<CorpusDoc>,
}

impl Corpus {
    /// Reads every `*.md`, `*.markdown`, `*.txt` below `dirs`, walked as
    /// `check` walks folders (see [`input::walk`]: ignore files respected,
    /// hidden folders and `node_modules/` skipped); a file given directly
    /// is read too. Unreadable, non-UTF-8 and binary files are returned as
    /// errors and skipped.
    pub fn read(dirs: &[PathBuf]) -> (Corpus, Vec<LearnError>) {
        // Each path with the folder it was found under (for its id).
        let mut paths: Vec<(PathBuf, PathBuf)> = Vec::new();
        let mut errors = Vec::new();
        for dir in dirs {
            if dir.is_file() {
                let parent = dir.parent().map(Path::to_path_buf).unwrap_or_default();
                paths.push((dir.clone(), parent));
                continue;
            }
            if !dir.is_dir() {
                errors.push(LearnError::new(dir.clone(), "no such file or folder"));
                continue;
            }
            for found in input::walk(dir, Wanted::Documents) {
                match found {
                    Ok(path) => paths.push((path, dir.clone())),
                    Err(e) => errors.push(e.into()),
                }
            }
        }
        // A document named twice (a file inside a folder also given, or a
        // folder given twice) is read once, where it was first found.
        let mut seen = BTreeSet::new();
        paths.retain(|(path, _)| seen.insert(path.canonicalize().unwrap_or_else(|_| path.clone())));
        let ids = distinct_ids(&paths);
        let mut docs = Vec::new();
        for ((path, _), id) in paths.iter().zip(ids) {
            match input::read_file(path, &path.display().to_string()) {
                Ok((text, _)) => {
                    let mut doc = CorpusDoc::new(path, text);
                    doc.id = id;
                    docs.push(doc);
                }
                Err(e) => errors.push(e.into()),
            }
        }
        docs.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.path.cmp(&b.path)));
        (Corpus { docs }, errors)
    }

    /// A corpus from in-memory texts `(id, text)`, read as plain text when
    /// the id ends in `.txt`, else Markdown. For tests and benchmarks.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = (&'a str, &'a str)>) -> Corpus {
        let mut docs: Vec<CorpusDoc> = texts
            .into_iter()
            .map(|(id, text)| CorpusDoc::new(Path::new(id), text.to_string()))
            .collect();
        docs.sort_by(|a, b| a.id.cmp(&b.id));
        Corpus { docs }
    }
}

/// Readable document ids for `(path, folder it was found under)`: the file
/// stem (`2026-03-02-budget`), or, where two files share a stem, the
/// shortest trailing part of their paths below their folders that tells
/// them apart (`press/budget`, `archive/budget`), with `/` between folders
/// whatever the platform. Files that differ only in extension keep it
/// (`budget.md`, `budget.txt`). Ids depend only on the paths, so they are
/// stable across runs.
fn distinct_ids(paths: &[(PathBuf, PathBuf)]) -> Vec<String> {
    // Per path, its components below its folder, the last without extension.
    let parts: Vec<Vec<String>> = paths
        .iter()
        .map(|(path, dir)| {
            let rel = path.strip_prefix(dir).unwrap_or(path);
            let mut ps: Vec<String> = rel
                .components()
                .filter_map(|c| match c {
                    std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect();
            if let (Some(last), Some(stem)) = (ps.last_mut(), rel.file_stem()) {
                *last = stem.to_string_lossy().into_owned();
            }
            ps
        })
        .collect();
    let suffix = |ps: &[String], k: usize| ps[ps.len().saturating_sub(k)..].join("/");
    let mut ids: Vec<String> = parts.iter().map(|ps| suffix(ps, 1)).collect();
    let mut by_stem: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, id) in ids.iter().enumerate() {
        by_stem.entry(id.clone()).or_default().push(i);
    }
    for group in by_stem.into_values().filter(|g| g.len() > 1) {
        let longest = group.iter().map(|&i| parts[i].len()).max().unwrap_or(1);
        let distinct = (2..=longest).find(|&k| {
            let mut seen = BTreeSet::new();
            group.iter().all(|&i| seen.insert(suffix(&parts[i], k)))
        });
        for &i in &group {
            ids[i] = match distinct {
                Some(k) => suffix(&parts[i], k),
                None => {
                    // Same place, different extension: keep the extension.
                    let name = paths[i]
                        .0
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                    let mut ps = parts[i].clone();
                    if let Some(last) = ps.last_mut() {
                        *last = name;
                    }
                    ps.join("/")
                }
            };
        }
    }
    ids
}

impl CorpusDoc {
    pub fn new(path: &Path, text: String) -> CorpusDoc {
        let format = Format::from_path(path);
        let id = path.file_stem().map_or_else(
            || path.display().to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
        let (prose, date) = {
            let doc = Document::parse(&text, format);
            let date = doc.date.as_ref().map(|d| d.date);
            let prose = drop_debris(&text, &doc.prose);
            (prose, date)
        };
        CorpusDoc {
            id,
            path: path.to_path_buf(),
            text,
            format,
            prose,
            date,
        }
    }

    /// Prose regions with their text.
    pub fn prose_slices(&self) -> impl Iterator<Item = (usize, &str)> + '_ {
        self.prose.iter().map(|r| (r.start, &self.text[r.clone()]))
    }

    /// Prose regions read as prose, not as lines: a hard wrap inside a
    /// paragraph (a line break not next to another) reads as a space, so a
    /// name split by a line break is one name. Each text has the length of
    /// its region and every byte offset is the document's (a `\r\n`
    /// becomes two spaces).
    pub fn joined_prose(&self) -> impl Iterator<Item = (usize, String)> + '_ {
        self.prose_slices()
            .map(|(base, slice)| (base, join_wraps(slice)))
    }

    /// The whole text with the hard wraps of its prose joined (as
    /// [`CorpusDoc::joined_prose`]): same length, same offsets.
    pub fn joined_text(&self) -> String {
        let mut out = self.text.clone();
        for (base, joined) in self.joined_prose() {
            out.replace_range(base..base + joined.len(), &joined);
        }
        out
    }
}

/// `slice` with each lone line break (and its `\r`) written as a space;
/// blank lines stay.
fn join_wraps(slice: &str) -> String {
    let b = slice.as_bytes();
    let mut out = slice.to_string().into_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c != b'\n' {
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r') {
            j += 1;
        }
        let mut k = i;
        while k > 0 && matches!(b[k - 1], b' ' | b'\t' | b'\r') {
            k -= 1;
        }
        let blank_after = j >= b.len() || b[j] == b'\n';
        let blank_before = k == 0 || b[k - 1] == b'\n';
        if !blank_after && !blank_before {
            out[i] = b' ';
            if i > 0 && b[i - 1] == b'\r' {
                out[i - 1] = b' ';
            }
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes.
    String::from_utf8(out).unwrap_or_else(|_| slice.to_string())
}

/// Cuts headline and debris lines out of prose regions. A line that looks
/// like a headline but belongs to a hard-wrapped paragraph is prose: it
/// continues the line before (which does not end a sentence and is prose
/// itself), or the line after continues it in lower case.
fn drop_debris(text: &str, prose: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in prose {
        let mut lines: Vec<(usize, &str)> = Vec::new();
        let mut start = r.start;
        for line in text[r.clone()].split_inclusive('\n') {
            lines.push((start, line));
            start += line.len();
        }
        let blank = |l: &str| l.trim().is_empty();
        let mut dropped_prev = true;
        for (i, &(start, line)) in lines.iter().enumerate() {
            let end = start + line.len();
            let mut debris = is_debris_line(line);
            if debris {
                let prev = i.checked_sub(1).map(|j| lines[j].1);
                let next = lines.get(i + 1).map(|l| l.1);
                let after_prose = prev.is_some_and(|p| {
                    !blank(p) && !dropped_prev && !p.trim_end().ends_with(['.', '!', '?', ':'])
                });
                let before_lower = next.is_some_and(|n| {
                    !blank(n)
                        && n.trim_start()
                            .chars()
                            .next()
                            .is_some_and(char::is_lowercase)
                });
                debris = !(after_prose || before_lower);
            }
            dropped_prev = debris;
            if !debris {
                match out.last_mut() {
                    Some(last) if last.end == start => last.end = end,
                    _ => out.push(start..end),
                }
            }
        }
    }
    out
}

/// A line that is not running prose: a Title Case headline (`PM Calls For
/// Closer Defence Ties With Japan`), or a short line without a sentence
/// ending that is page furniture (`Select a page to copy this section to:`
/// is kept out by the colon rule only when it is short).
///
/// Learners must not take names or spellings from such lines: headlines
/// capitalise every word and debris repeats site furniture.
pub fn is_debris_line(line: &str) -> bool {
    if line.trim_end().ends_with(['.', '"', '”']) {
        return false;
    }
    let (mut all, mut long, mut caps) = (0, 0, 0);
    for w in words(line, 0) {
        all += 1;
        if w.text.chars().nth(3).is_some() {
            long += 1;
            caps += usize::from(is_capitalised(w.text));
        }
    }
    all >= 4 && long > 0 && caps * 10 >= long * 8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_named_twice_is_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        std::fs::write(corpus.join("a.md"), "Approved.").unwrap();
        std::fs::write(corpus.join("b.txt"), "Also approved.").unwrap();
        let (read, errors) = Corpus::read(&[
            corpus.clone(),
            corpus.join("a.md"),
            corpus.join("../corpus"),
        ]);
        assert!(errors.is_empty(), "{errors:?}");
        let ids: Vec<&str> = read.docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
    }

    #[test]
    fn headlines_are_debris_but_sentences_are_not() {
        assert!(is_debris_line(
            "PM Calls For Closer Defence Ties With Japan Following North Korea Threat\n"
        ));
        assert!(!is_debris_line(
            "Foreign Secretary Philip Hammond has arrived in Tokyo for talks.\n"
        ));
        assert!(!is_debris_line("HMS Argyll\n"));
    }

    fn kept(text: &str) -> String {
        let doc = CorpusDoc::new(Path::new("a.txt"), text.to_string());
        doc.prose_slices().map(|(_, s)| s).collect()
    }

    #[test]
    fn a_wrapped_line_that_starts_with_a_capitalised_phrase_is_prose() {
        let text = "The budget goes to the council next week, and the\nDeputy Mayor Anna Berg and Police Chief Tomas Lind will present the\nplan together on Tuesday.\n";
        assert!(
            kept(text).contains("Police Chief Tomas Lind"),
            "{}",
            kept(text)
        );
        // A line the next one continues in lower case is prose too.
        let text =
            "Riverside Water Board Chairs Anna Berg and Tomas Lind\nwill present the plan.\n";
        assert!(kept(text).contains("Anna Berg"));
    }

    #[test]
    fn hard_wraps_are_joined_and_offsets_kept() {
        let text = "The plan was approved by Director Mira\nSolberg on Tuesday.\r\nIt passed.\n\nNext paragraph.\n";
        let doc = CorpusDoc::new(Path::new("a.txt"), text.to_string());
        let joined: String = doc.joined_prose().map(|(_, s)| s).collect();
        let kept: String = doc.prose_slices().map(|(_, s)| s).collect();
        assert_eq!(joined.len(), kept.len());
        assert!(
            joined.contains("Director Mira Solberg on Tuesday.  It passed."),
            "{joined:?}"
        );
        assert!(joined.contains("passed.\n\nNext"), "{joined:?}");
    }

    #[test]
    fn headlines_standing_alone_are_still_dropped() {
        let text =
            "Council Approves New Harbour Wall Funding Plan\n\nThe council met on Tuesday.\n";
        let k = kept(text);
        assert!(!k.contains("Approves"), "{k}");
        assert!(k.contains("The council met"));
    }

    #[test]
    fn ids_are_readable_and_same_stems_in_different_folders_kept_apart() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (rel, text) in [
            ("press/2026/budget.md", "The budget."),
            ("archive/2026/budget.md", "An old budget."),
            ("notes.md", "Notes."),
            ("notes.txt", "Notes again."),
            ("press/parks.md", "Parks."),
        ] {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, text).unwrap();
        }
        let ids = |c: &Corpus| -> Vec<String> { c.docs.iter().map(|d| d.id.clone()).collect() };
        let (c, errors) = Corpus::read(&[root.to_path_buf()]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            ids(&c),
            [
                "archive/2026/budget",
                "notes.md",
                "notes.txt",
                "parks",
                "press/2026/budget"
            ]
        );
        // Stable across runs.
        assert_eq!(ids(&Corpus::read(&[root.to_path_buf()]).0), ids(&c));
    }

    #[test]
    fn ids_are_file_stems_and_order_is_stable() {
        let c = Corpus::from_texts([("b.txt", "x"), ("a.md", "y")]);
        let ids: Vec<_> = c.docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(c.docs[1].format, Format::PlainText);
    }
}
