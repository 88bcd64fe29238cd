//! `draftlint learn`: learn a house style and write it as rule files.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::output::{self, paint, plural, Palette, Status};
use super::LearnArgs;
use crate::learn::{self, Learned};

pub fn run(args: &LearnArgs) -> io::Result<Status> {
    let mut status = Status::Clean;
    // What --check writes is nothing; say so only when writing.
    let unwritten = if args.check {
        ""
    } else {
        "; no rules were written"
    };
    // A missing path is reported by name; the others are still read.
    let mut inputs: Vec<PathBuf> = Vec::new();
    for path in &args.corpus {
        if path.is_dir() || path.is_file() {
            inputs.push(path.clone());
        } else {
            let why = if path.exists() {
                "not a file or folder"
            } else {
                "no such file or folder"
            };
            output::error(&format!("{}: {why}", path.display()));
            status = Status::Error;
        }
    }
    if inputs.is_empty() {
        output::error(&format!("nothing to learn from{unwritten}"));
        return Ok(Status::Error);
    }
    // Refuse an --out that is not learn's own before spending time learning;
    // the writer checks again, under its lock, just before replacing. What
    // is there now is what the run replaces (or, with --check, compares).
    let previous = match learn::read_pack(&args.out, &inputs) {
        Ok(files) => files,
        Err(e) => {
            output::error(&format!("{e}{unwritten}"));
            return Ok(Status::Error);
        }
    };
    if args.check && previous.is_empty() {
        output::error(&format!(
            "{}: no learned pack to check (run `draftlint learn` without --check to write one)",
            args.out.display()
        ));
        return Ok(Status::Error);
    }
    let (learned, errors) = match learn::learn_dirs(&inputs) {
        Ok(r) => r,
        Err(e) => {
            output::error(&format!("{e}{unwritten}"));
            return Ok(Status::Error);
        }
    };
    for e in &errors {
        output::error(&e.to_string());
        status = Status::Error;
    }
    if learned.summary.documents == 0 {
        output::error(&format!(
            "no documents (*.md, *.markdown, *.txt) to learn from in {}{unwritten}",
            inputs
                .iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        return Ok(Status::Error);
    }
    if args.check {
        let mut out = output::stdout();
        let stale = write_check(&mut out, &args.out, &previous, &learned.files)?;
        out.flush()?;
        if stale > 0 {
            let _ = writeln!(
                io::stderr(),
                "{}: {} what learning {} gives now; run `draftlint learn` without --check and commit the result.",
                args.out.display(),
                if stale == 1 {
                    "1 rule file differs from".to_string()
                } else {
                    format!("{stale} rule files differ from")
                },
                plural(learned.summary.documents, "document", "documents"),
            );
            if status == Status::Clean {
                status = Status::Findings;
            }
        }
        return Ok(status);
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
    match learn::write_pack_with(&learned, &args.out, &inputs, &waiting) {
        Ok(()) => {
            write_changes(&mut out, &args.out, &previous, &learned.files)?;
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

/// `learn --check`: prints a unified diff, from the file on disk to what
/// learning gives now, for each rule file that differs (one missing on
/// either side is diffed against `/dev/null`), and returns how many differ.
fn write_check(
    out: &mut impl Write,
    dir: &Path,
    on_disk: &BTreeMap<String, String>,
    learned: &BTreeMap<String, String>,
) -> io::Result<usize> {
    let names: BTreeSet<&String> = on_disk.keys().chain(learned.keys()).collect();
    let mut stale = 0;
    for name in names {
        let (old, new) = (on_disk.get(name), learned.get(name));
        if old == new {
            continue;
        }
        stale += 1;
        let shown = dir.join(name).display().to_string();
        let label = |side: Option<&String>| match side {
            Some(_) => shown.clone(),
            None => "/dev/null".to_string(),
        };
        let (old_label, new_label) = (label(old), label(new));
        let empty = String::new();
        let diff = similar::TextDiff::from_lines(old.unwrap_or(&empty), new.unwrap_or(&empty))
            .unified_diff()
            .context_radius(3)
            .missing_newline_hint(true)
            .header(&old_label, &new_label)
            .to_string();
        out.write_all(diff.as_bytes())?;
        if !diff.ends_with('\n') {
            writeln!(out)?;
        }
    }
    if stale == 0 {
        writeln!(
            out,
            "{} is up to date: its {} what learning the corpus gives now.",
            dir.display(),
            plural(learned.len(), "rule file is", "rule files are"),
        )?;
    }
    Ok(stale)
}

/// One rule of a rule file, for comparing packs: its kind (the table it is
/// written as), what identifies it within the kind, its fields, and the
/// comment the renderer wrote above it (its evidence).
#[derive(Debug)]
struct Rule {
    key: String,
    value: toml::Value,
    evidence: Vec<String>,
}

/// Tables a rule file holds one of; the other kinds are arrays of tables.
const SINGLE: &[&str] = &[
    "spelling_policy",
    "dialect",
    "honorifics",
    "dates",
    "ships",
    "builtin",
    "severity",
];

/// The rules of one parsed rule file, by kind, in file order.
fn rules_of(name: &str, text: &str) -> Result<BTreeMap<&'static str, Vec<Rule>>, String> {
    let file = crate::rules::parse_rule_file(name, text).map_err(|errors| {
        errors
            .first()
            .map(|e| e.to_string())
            .unwrap_or_else(|| format!("{name}: does not parse"))
    })?;
    let comments = comments_above_tables(text);
    let mut kinds: BTreeMap<&'static str, Vec<Rule>> = BTreeMap::new();
    fn add<T: serde::Serialize>(
        kinds: &mut BTreeMap<&'static str, Vec<Rule>>,
        comments: &BTreeMap<String, Vec<Vec<String>>>,
        kind: &'static str,
        key: String,
        item: &T,
    ) {
        let rules = kinds.entry(kind).or_default();
        let evidence = comments
            .get(kind)
            .and_then(|c| c.get(rules.len()))
            .cloned()
            .unwrap_or_default();
        // Two rules of a kind with one key (a hand-edited file) stay apart.
        let numbered = format!("{key} #");
        let same = rules
            .iter()
            .filter(|r| r.key == key || r.key.starts_with(&numbered))
            .count();
        let key = if same == 0 {
            key
        } else {
            format!("{key} #{}", same + 1)
        };
        let value = toml::Value::try_from(item)
            .unwrap_or_else(|e| toml::Value::String(format!("(not comparable: {e})")));
        rules.push(Rule {
            key,
            value,
            evidence,
        });
    }
    let k = &mut kinds;
    let c = &comments;
    for r in &file.names {
        add(k, c, "name", r.name.clone(), r);
    }
    for r in &file.titles {
        add(k, c, "title", r.title.clone(), r);
    }
    for r in &file.roles {
        add(k, c, "role", format!("{}, {}", r.person, r.role), r);
    }
    for r in &file.spellings {
        add(k, c, "spelling", r.preferred.clone(), r);
    }
    if let Some(r) = &file.spelling_policy {
        add(k, c, "spelling_policy", "quotations".into(), r);
    }
    if let Some(r) = &file.dialect {
        add(k, c, "dialect", "spelling".into(), r);
    }
    if let Some(r) = &file.honorifics {
        add(k, c, "honorifics", "full stop".into(), r);
    }
    for r in &file.honorific_conflicts {
        add(k, c, "honorific_conflict", r.person.clone(), r);
    }
    for r in &file.references {
        add(k, c, "reference", r.person.clone(), r);
    }
    for r in &file.abbreviations {
        // The pair, so that a house turning `US` into `U.S.` changes a rule.
        let (a, b) = if r.form <= r.other {
            (&r.form, &r.other)
        } else {
            (&r.other, &r.form)
        };
        add(k, c, "abbreviation", format!("{a} / {b}"), r);
    }
    for r in &file.ranks {
        add(k, c, "rank", r.rank.clone(), r);
    }
    for r in &file.events {
        add(k, c, "event", r.event.clone(), r);
    }
    if let Some(r) = &file.dates {
        add(k, c, "dates", "style".into(), r);
    }
    if let Some(r) = &file.ships {
        add(k, c, "ships", "prefixes".into(), r);
    }
    for r in &file.patterns {
        add(k, c, "pattern", r.pattern.clone(), r);
    }
    if let Some(r) = &file.builtin {
        add(k, c, "builtin", "builtin".into(), r);
    }
    for (code, r) in &file.severity {
        add(k, c, "severity", code.clone(), r);
    }
    for r in &file.words {
        add(k, c, "word", r.word.clone(), r);
    }
    for r in &file.accepts {
        add(k, c, "accept", r.form.clone(), r);
    }
    for r in &file.rejects {
        add(k, c, "reject", r.form.clone(), r);
    }
    Ok(kinds)
}

/// The comment lines directly above each top-level table header
/// (`[[name]]`, `[honorifics]`), by table name, one entry per header in
/// file order: where the renderer writes a rule's evidence.
fn comments_above_tables(text: &str) -> BTreeMap<String, Vec<Vec<String>>> {
    let mut found: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    let mut pending: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if let Some(comment) = line.strip_prefix('#') {
            pending.push(comment.trim().to_string());
            continue;
        }
        let header = line
            .strip_prefix("[[")
            .and_then(|l| l.strip_suffix("]]"))
            .or_else(|| line.strip_prefix('[').and_then(|l| l.strip_suffix(']')))
            .map(str::trim);
        if let Some(table) = header.filter(|t| !t.contains('.')) {
            found
                .entry(table.to_string())
                .or_default()
                .push(std::mem::take(&mut pending));
        }
        pending.clear();
    }
    found
}

/// What changed in one kind of rule of one file.
#[derive(Debug, Default)]
struct KindChanges<'a> {
    added: Vec<&'a Rule>,
    removed: Vec<&'a Rule>,
    /// Before and after, and the fields that differ.
    changed: Vec<(&'a Rule, &'a Rule, Vec<String>)>,
}

/// The fields in which two rules differ, by name (`seen`, `documents`).
fn differing_fields(old: &toml::Value, new: &toml::Value) -> Vec<String> {
    match (old.as_table(), new.as_table()) {
        (Some(a), Some(b)) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            keys.into_iter()
                .filter(|k| a.get(*k) != b.get(*k))
                .cloned()
                .collect()
        }
        _ => Vec::new(),
    }
}

fn compare<'a>(old: &'a [Rule], new: &'a [Rule]) -> KindChanges<'a> {
    let by_key = |rules: &'a [Rule]| -> BTreeMap<&'a str, &'a Rule> {
        rules.iter().map(|r| (r.key.as_str(), r)).collect()
    };
    let (old, new) = (by_key(old), by_key(new));
    let mut changes = KindChanges::default();
    for (key, n) in &new {
        match old.get(key) {
            None => changes.added.push(n),
            Some(o) if o.value != n.value => {
                changes
                    .changed
                    .push((o, n, differing_fields(&o.value, &n.value)))
            }
            Some(_) => {}
        }
    }
    for (key, o) in &old {
        if !new.contains_key(key) {
            changes.removed.push(o);
        }
    }
    changes
}

/// Prints what changed between the `previous` pack and the `new` one, per
/// file and rule kind, each rule with its evidence. Rules are compared as
/// parsed, by kind and key, so an order that changed is no change.
fn write_changes(
    out: &mut impl Write,
    dir: &Path,
    previous: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
) -> io::Result<()> {
    if previous.is_empty() {
        return writeln!(
            out,
            "New pack: there were no rules at {} before.",
            dir.display()
        );
    }
    let parse = |name: &str, text: Option<&String>| match text {
        Some(t) => rules_of(name, t),
        None => Ok(BTreeMap::new()),
    };
    let names: BTreeSet<&String> = previous.keys().chain(new.keys()).collect();
    let mut lines: Vec<String> = Vec::new();
    for name in names {
        let (old_text, new_text) = (previous.get(name), new.get(name));
        if old_text == new_text {
            continue;
        }
        let (old, new) = match (parse(name, old_text), parse(name, new_text)) {
            (Ok(o), Ok(n)) => (o, n),
            (Err(e), _) | (_, Err(e)) => {
                lines.push(format!("  {name}: not compared ({e})"));
                continue;
            }
        };
        let kinds: BTreeSet<&&str> = old.keys().chain(new.keys()).collect();
        for kind in kinds {
            let (o, n) = (old.get(*kind), new.get(*kind));
            let c = compare(
                o.map_or(&[][..], Vec::as_slice),
                n.map_or(&[][..], Vec::as_slice),
            );
            if c.added.is_empty() && c.removed.is_empty() && c.changed.is_empty() {
                continue;
            }
            let mut counts = Vec::new();
            for (n, what) in [
                (c.added.len(), "added"),
                (c.removed.len(), "removed"),
                (c.changed.len(), "changed"),
            ] {
                if n > 0 {
                    counts.push(format!("{n} {what}"));
                }
            }
            let table = if SINGLE.contains(kind) {
                format!("[{kind}]")
            } else {
                format!("[[{kind}]]")
            };
            lines.push(format!("  {name} {table}: {}", counts.join(", ")));
            let shown = |r: &Rule| -> Vec<String> {
                if r.evidence.is_empty() {
                    vec![r.key.clone()]
                } else {
                    r.evidence.clone()
                }
            };
            fn item(lines: &mut Vec<String>, mark: &str, first: &str, rest: &[String]) {
                lines.push(format!("    {mark} {first}"));
                for l in rest {
                    lines.push(format!("      {l}"));
                }
            }
            for r in &c.added {
                let e = shown(r);
                item(&mut lines, "+", &e[0], &e[1..]);
            }
            for r in &c.removed {
                let e = shown(r);
                item(&mut lines, "-", &e[0], &e[1..]);
            }
            for (o, n, fields) in &c.changed {
                let what = format!("{} ({} changed)", o.key, fields.join(", "));
                item(&mut lines, "~", &what, &[]);
                for (side, r) in [("was", o), ("now", n)] {
                    let e = shown(r);
                    lines.push(format!("        {side}: {}", e[0]));
                    for l in &e[1..] {
                        lines.push(format!("             {l}"));
                    }
                }
            }
        }
    }
    if lines.is_empty() {
        return writeln!(out, "No rule changed against the previous pack.");
    }
    writeln!(out, "Changes against the previous pack:")?;
    for l in lines {
        writeln!(out, "{l}")?;
    }
    Ok(())
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
    fn evidence_is_the_comment_right_above_each_table() {
        let text = "# header\n#\n# more header\n\n# F-35: twice\n[[name]]\nname = \"F-35\"\n\n[[name.rivals]]\nform = \"F35\"\n\n[[name]]\nname = \"G7\"\n\n# Dates:\n#   ap: once\n[dates]\n";
        let found = comments_above_tables(text);
        assert_eq!(
            found["name"],
            [vec!["F-35: twice".to_string()], vec![]],
            "{found:?}"
        );
        assert_eq!(found["dates"], [vec!["Dates:", "ap: once"]]);
        assert!(!found.contains_key("name.rivals"));
    }

    #[test]
    fn rules_are_matched_by_key_not_position() {
        let rule = |key: &str, seen: i64| Rule {
            key: key.to_string(),
            value: toml::Value::Table(
                [("seen".to_string(), toml::Value::Integer(seen))]
                    .into_iter()
                    .collect(),
            ),
            evidence: vec![],
        };
        let old = [rule("a", 1), rule("b", 2), rule("c", 3)];
        let new = [rule("c", 3), rule("d", 1), rule("b", 5)];
        let c = compare(&old, &new);
        let keys = |rules: &[&Rule]| rules.iter().map(|r| r.key.clone()).collect::<Vec<_>>();
        assert_eq!(keys(&c.added), ["d"]);
        assert_eq!(keys(&c.removed), ["a"]);
        assert_eq!(c.changed.len(), 1);
        assert_eq!(c.changed[0].0.key, "b");
        assert_eq!(c.changed[0].2, ["seen"]);
    }

    #[test]
    fn the_change_report_lists_the_dialect_table() {
        let header = "# Preferred spellings among variants.\n";
        let old: BTreeMap<String, String> = [(
            "spellings.toml".to_string(),
            format!("{header}\n# [dialect] British spellings: 3 times\n[dialect]\nspelling = \"british\"\nseen = 3\n"),
        )]
        .into_iter()
        .collect();
        let new: BTreeMap<String, String> = [(
            "spellings.toml".to_string(),
            format!("{header}\n# [dialect] British spellings with -ize (Oxford): 5 times\n[dialect]\nspelling = \"british\"\nendings = \"ize\"\nseen = 5\n"),
        )]
        .into_iter()
        .collect();
        let mut out = Vec::new();
        write_changes(&mut out, Path::new("rules/learned"), &old, &new).unwrap();
        let said = String::from_utf8(out).unwrap();
        assert!(
            said.contains("spellings.toml [dialect]: 1 changed"),
            "{said}"
        );
        assert!(said.contains("endings"), "{said}");
        assert!(said.contains("with -ize (Oxford): 5 times"), "{said}");
    }

    #[test]
    fn the_change_report_lists_house_words() {
        let old: BTreeMap<String, String> = [(
            "words.toml".to_string(),
            "# Words.\n\n# cyber: 2 times in 2 documents\n[[word]]\nword = \"cyber\"\n".to_string(),
        )]
        .into_iter()
        .collect();
        let new: BTreeMap<String, String> = [(
            "words.toml".to_string(),
            "# Words.\n\n# Iwakuni: 3 times in 2 documents\n[[word]]\nword = \"Iwakuni\"\nseen = 3\ndocuments = [\"a\", \"b\"]\n".to_string(),
        )]
        .into_iter()
        .collect();
        let mut out = Vec::new();
        write_changes(&mut out, Path::new("rules/learned"), &old, &new).unwrap();
        let said = String::from_utf8(out).unwrap();
        assert!(
            said.contains("words.toml [[word]]: 1 added, 1 removed"),
            "{said}"
        );
        assert!(said.contains("+ Iwakuni: 3 times in 2 documents"), "{said}");
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
