//! `draftlint learn`: learn a house style and write it as rule files.

use std::io::{self, Write};
use std::path::PathBuf;

use super::output::{self, paint, plural, Palette, Status};
use super::LearnArgs;
use crate::learn::{self, Learned};

pub fn run(args: &LearnArgs) -> io::Result<Status> {
    let mut status = Status::Clean;
    // A missing folder is reported by name; the others are still read.
    let mut dirs: Vec<PathBuf> = Vec::new();
    for dir in &args.corpus {
        if dir.is_dir() {
            dirs.push(dir.clone());
        } else {
            let why = if dir.exists() {
                "not a folder"
            } else {
                "no such folder"
            };
            output::error(&format!("{}: {why}", dir.display()));
            status = Status::Error;
        }
    }
    if dirs.is_empty() {
        output::error("nothing to learn from; no rules were written");
        return Ok(Status::Error);
    }
    // Refuse an --out that is not learn's own before spending time learning;
    // the writer checks again, under its lock, just before replacing.
    if let Err(e) = learn::check_out(&args.out, &dirs) {
        output::error(&format!("{e}; no rules were written"));
        return Ok(Status::Error);
    }
    let (learned, errors) = match learn::learn_dirs(&dirs) {
        Ok(r) => r,
        Err(e) => {
            output::error(&format!("{e}; no rules were written"));
            return Ok(Status::Error);
        }
    };
    for e in &errors {
        output::error(&e.to_string());
        status = Status::Error;
    }
    if learned.summary.documents == 0 {
        output::error(&format!(
            "no documents (*.md, *.markdown, *.txt) to learn from in {}; no rules were written",
            dirs.iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        return Ok(Status::Error);
    }

    let mut out = output::stdout();
    write_summary(&mut out, &learned, &Palette::colored())?;
    out.flush()?;
    if learned.files.is_empty() {
        writeln!(
            out,
            "Nothing to write; {} was left as it was.",
            args.out.display()
        )?;
        out.flush()?;
        return Ok(status);
    }
    let waiting = || {
        let _ = writeln!(
            io::stderr(),
            "Waiting for another `draftlint learn` writing beside {}...",
            args.out.display()
        );
    };
    match learn::write_pack_with(&learned, &args.out, &dirs, &waiting) {
        Ok(()) => {
            writeln!(
                out,
                "Wrote {} to {}. Review them, then check drafts with `draftlint check --rules {} DRAFTS`.",
                plural(learned.files.len(), "rule file", "rule files"),
                args.out.display(),
                pack_root(&args.out).display(),
            )?;
        }
        Err(e) => {
            out.flush()?;
            output::error(&format!("{e}; the previous rules were left as they were"));
            status = Status::Error;
        }
    }
    out.flush()?;
    Ok(status)
}

/// The pack folder that holds `out`: `rules` for `rules/learned`.
fn pack_root(out: &std::path::Path) -> PathBuf {
    match (out.file_name(), out.parent()) {
        (Some(n), Some(p)) if n == "learned" && !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => out.to_path_buf(),
    }
}

fn write_summary(out: &mut impl Write, learned: &Learned, p: &Palette) -> io::Result<()> {
    let s = &learned.summary;
    writeln!(
        out,
        "Read {} ({} dated).",
        plural(s.documents, "document", "documents"),
        s.dated_documents
    )?;
    if s.counts.is_empty() {
        writeln!(out, "Learned no rules.")?;
    } else {
        writeln!(out, "Learned:")?;
        let w = s.counts.keys().map(|k| k.len()).max().unwrap_or(0);
        for (kind, n) in &s.counts {
            writeln!(out, "  {kind:<w$}  {n:>5}")?;
        }
    }
    if s.conflicts.is_empty() {
        writeln!(out, "No conflicts found.")?;
    } else {
        writeln!(
            out,
            "{} found (each became a consistency rule):",
            paint(
                p.warning,
                &plural(s.conflicts.len(), "conflict", "conflicts")
            )
        )?;
        for c in &s.conflicts {
            writeln!(out, "  - {c}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::Summary;

    #[test]
    fn the_summary_lists_counts_and_conflicts() {
        let learned = Learned {
            summary: Summary {
                documents: 5,
                dated_documents: 4,
                counts: [("names", 23), ("spellings", 4)].into_iter().collect(),
                conflicts: vec!["May: Mrs in 2 documents, Ms in 1".into()],
            },
            ..Learned::default()
        };
        let mut out = Vec::new();
        write_summary(&mut out, &learned, &Palette::plain()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Read 5 documents (4 dated).\nLearned:\n  names         23\n  spellings      4\n1 conflict found (each became a consistency rule):\n  - May: Mrs in 2 documents, Ms in 1\n"
        );
    }

    #[test]
    fn the_pack_root_is_above_learned() {
        assert_eq!(
            pack_root(std::path::Path::new("rules/learned")),
            PathBuf::from("rules")
        );
        assert_eq!(pack_root(std::path::Path::new("out")), PathBuf::from("out"));
    }
}
