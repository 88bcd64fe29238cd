//! Learning a house style from a corpus of approved documents.
//!
//! [`Corpus::read`] reads the documents; each family learner (one module
//! each) turns observations into rules, keeping only what the evidence
//! supports; [`write_pack`] puts the rule files in place (only over a folder
//! `learn` wrote itself, and in one atomic swap).

pub mod abbreviation;
pub mod corpus;
pub mod date;
pub mod event;
pub mod evidence;
pub mod honorific;
pub mod name;
pub mod reference;
pub mod ship;
pub mod spelling;
pub mod words;
mod write;

pub use corpus::{Corpus, CorpusDoc};
pub use write::{check_out, read_pack, write_pack, write_pack_with, Target};

use std::collections::BTreeMap;
use std::fmt;

use crate::rules::Evidence;
use std::path::PathBuf;

/// A problem reading the corpus or writing rules: which file, where in it
/// when known (a document that is not UTF-8), what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnError {
    pub path: PathBuf,
    /// 1-based, when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl LearnError {
    pub fn new(path: impl Into<PathBuf>, message: impl Into<String>) -> LearnError {
        LearnError {
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

/// A document that could not be read, worded as `check` and the pack loader
/// word it.
impl From<crate::input::InputError> for LearnError {
    fn from(e: crate::input::InputError) -> LearnError {
        LearnError {
            path: PathBuf::from(e.path),
            line: e.line,
            column: e.column,
            message: e.message,
        }
    }
}

impl fmt::Display for LearnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{path}:{l}:{c}: {}", self.message),
            (Some(l), None) => write!(f, "{path}:{l}: {}", self.message),
            _ => write!(f, "{path}: {}", self.message),
        }
    }
}

impl std::error::Error for LearnError {}

/// What `learn` found, per kind, for the summary it prints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub documents: usize,
    pub dated_documents: usize,
    /// Rule counts by kind (`names`, `titles`, `roles`, `spellings`, …).
    pub counts: BTreeMap<&'static str, usize>,
    /// Disagreements between sources that became consistency rules, in words.
    pub conflicts: Vec<String>,
}

/// The learned pack: file name (relative to the output folder, e.g.
/// `names.toml`) to its full text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Learned {
    pub files: BTreeMap<String, String>,
    pub summary: Summary,
}

/// Reads every `*.md`, `*.markdown` and `*.txt` below `dirs` and learns from
/// them. Files that cannot be read are returned as errors and skipped; an
/// empty corpus is an error.
pub fn learn_dirs(dirs: &[PathBuf]) -> Result<(Learned, Vec<LearnError>), LearnError> {
    let (corpus, errors) = Corpus::read(dirs);
    if corpus.docs.is_empty() {
        let shown = dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        return Err(LearnError::new(
            dirs.first().cloned().unwrap_or_default(),
            format!("empty corpus: no readable *.md, *.markdown or *.txt documents in {shown}"),
        ));
    }
    Ok((learn(&corpus), errors))
}

/// Learns every family from `corpus` and renders the rule files.
pub fn learn(corpus: &Corpus) -> Learned {
    // Names (and the references that need them) are half the work; the
    // other families run beside them. Each family reads the corpus alone,
    // so the result is the same on one core or many.
    let (
        (names, references),
        (spell, spell_conflicts),
        (honor, honor_conflicts),
        events,
        dates,
        (ships, ship_notes),
        (abbreviations, abbrev_notes),
    ) = std::thread::scope(|s| {
        let names_and_references = || {
            let names = name::learn(corpus);
            let references = reference::learn(corpus, &names.rules.names);
            (names, references)
        };
        // A thread the system will not start is run here, after the rest.
        let names = std::thread::Builder::new().spawn_scoped(s, names_and_references);
        let spell = spelling::learn(corpus);
        let honor = honorific::learn(corpus);
        let events = event::learn(corpus);
        let dates = date::learn(corpus);
        let ships = ship::learn(corpus);
        let abbreviations = abbreviation::learn(corpus);
        let names = match names.map(|t| t.join()) {
            Ok(Ok(n)) => n,
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => names_and_references(),
        };
        (names, spell, honor, events, dates, ships, abbreviations)
    });

    // The vocabulary needs the names (their words are known already) and
    // the dialect, if the spelling learner found one.
    let vocabulary = words::learn(
        corpus,
        &names.rules,
        spell.dialect.as_ref().map(|d| d.spelling),
    );

    let mut summary = Summary {
        documents: corpus.docs.len(),
        dated_documents: corpus.docs.iter().filter(|d| d.date.is_some()).count(),
        ..Summary::default()
    };
    summary.counts.insert("names", names.rules.names.len());
    summary.counts.insert("titles", names.rules.titles.len());
    summary.counts.insert("roles", names.rules.roles.len());
    summary.counts.insert("spellings", spell.spellings.len());
    summary
        .counts
        .insert("honorific styles", usize::from(honor.honorifics.is_some()));
    summary
        .counts
        .insert("honorific conflicts", honor.honorific_conflicts.len());
    summary.counts.insert("events", events.events.len());
    summary
        .counts
        .insert("date styles", usize::from(dates.dates.is_some()));
    summary.conflicts.extend(names.conflicts);
    summary.conflicts.extend(spell_conflicts);
    summary.conflicts.extend(honor_conflicts);
    summary.conflicts.extend(ship_notes);
    summary.conflicts.extend(abbrev_notes);
    summary.counts.insert("words", vocabulary.words.len());
    summary.conflicts.extend(vocabulary.notes);

    let header = |what: &str| {
        format!(
            "# {what}\n#\n# Learned by `draftlint learn` from {} documents ({} dated). Do not edit by hand:\n# re-run `draftlint learn` instead, or move a rule to curated/ to keep it.\n# Each rule's comment gives its evidence; see README.md for the format.\n",
            summary.documents, summary.dated_documents
        )
    };
    let mut files = BTreeMap::new();
    let mut names_toml =
        header("Exact names: people, ships, exercises, organisations, codes, documents.");
    render_table(&mut names_toml, "name", &names.rules.names, |n| {
        n.describe()
    });
    files.insert("names.toml".to_string(), names_toml);

    let mut roles_toml = header("Titles before names, and who holds which office when.");
    render_table(&mut roles_toml, "title", &names.rules.titles, |t| {
        t.evidence.describe(&t.title)
    });
    render_table(&mut roles_toml, "role", &names.rules.roles, |r| {
        let period = match (&r.from, &r.until) {
            (Some(a), Some(b)) if a == b => format!(" (dated {a})"),
            (Some(a), Some(b)) => format!(" (dated {a} to {b})"),
            _ => " (no supporting document is dated)".to_string(),
        };
        format!(
            "{}{period}",
            r.evidence.describe(&format!("{} {}", r.role, r.person))
        )
    });
    files.insert("roles.toml".to_string(), roles_toml);

    let mut spell_toml = header("Preferred spellings among variants.");
    if let Some(p) = &spell.spelling_policy {
        let docs = p.documents.len();
        spell_toml.push_str(&format!(
            "\n# Quotations kept verbatim: the variants the house replaces ({}) occur only inside quotation marks ({} in {} {}: {})\n",
            p.forms.join(", "),
            if p.seen == 1 { "once".to_string() } else { format!("{} times", p.seen) },
            docs,
            if docs == 1 { "document" } else { "documents" },
            p.documents.join(", ")
        ));
        #[derive(serde::Serialize)]
        struct Policy<'a> {
            spelling_policy: &'a crate::rules::SpellingPolicy,
        }
        spell_toml.push_str(&to_toml(&Policy { spelling_policy: p }));
    }
    if let Some(d) = &spell.dialect {
        spell_toml.push_str(&format!("\n# {}\n", d.describe()));
        #[derive(serde::Serialize)]
        struct Dialect<'a> {
            dialect: &'a crate::rules::DialectRule,
        }
        spell_toml.push_str(&to_toml(&Dialect { dialect: d }));
    }
    render_table(&mut spell_toml, "spelling", &spell.spellings, |s| {
        s.describe()
    });
    render_table(&mut spell_toml, "abbreviation", &abbreviations, |a| {
        format!(
            "{}; '{}' seen {} times",
            a.evidence.describe(&a.form),
            a.other,
            a.other_seen
        )
    });
    files.insert("spellings.toml".to_string(), spell_toml);

    let mut hon_toml = header("Honorifics: full stop or not, and people the sources disagree on.");
    if let Some(h) = &honor.honorifics {
        let rival = if h.other_seen == 0 {
            "rival form not seen".to_string()
        } else {
            format!(
                "rival form: {}",
                Evidence {
                    seen: h.other_seen,
                    documents: h.other_documents.clone(),
                }
                .describe(if h.full_stop {
                    "without a full stop"
                } else {
                    "with a full stop"
                })
            )
        };
        hon_toml.push_str(&format!(
            "\n# {}; {rival}\n",
            h.evidence.describe(if h.full_stop {
                "honorific with a full stop"
            } else {
                "honorific without a full stop"
            }),
        ));
        hon_toml.push_str(&to_toml(&Single { honorifics: h }));
    }
    render_table(
        &mut hon_toml,
        "honorific_conflict",
        &honor.honorific_conflicts,
        |c| {
            format!(
                "{}: {} in different documents",
                c.person,
                c.forms.join(" / ")
            )
        },
    );
    render_table(&mut hon_toml, "reference", &references, |r| {
        let alone = match r.first_name_alone {
            0 => "never by the first name alone".to_string(),
            u32::MAX => "the first name is shared".to_string(),
            n => format!("by the first name alone {n} times"),
        };
        format!(
            "{}; {alone}",
            r.evidence
                .describe(&format!("'{}' for {}", r.form, r.person))
        )
    });
    render_table(&mut hon_toml, "rank", &honor.ranks, |k| {
        let others: Vec<String> = k.others.iter().map(|(f, n)| format!("'{f}' {n}")).collect();
        format!(
            "{}; other forms seen: {}",
            k.evidence.describe(&format!("'{}' for {}", k.form, k.rank)),
            if others.is_empty() {
                "none".to_string()
            } else {
                others.join(", ")
            }
        )
    });
    files.insert("honorifics.toml".to_string(), hon_toml);

    let mut ship_toml =
        header("Ship prefixes: whether the house writes an article before one (`the HMS Argyll`).");
    if let Some(ships) = &ships {
        let (form, other) = if ships.article {
            ("prefix after 'the'", "without 'the'")
        } else {
            ("prefix without 'the'", "after 'the'")
        };
        let evidence = crate::rules::Evidence {
            seen: ships.seen,
            documents: ships.documents.clone(),
        };
        ship_toml.push_str(&format!(
            "\n# {}; {other}: {}. This table replaces the built-in one, so it lists every prefix.\n",
            evidence.describe(form),
            match ships.other_seen {
                0 => "never".to_string(),
                1 => "once".to_string(),
                n => format!("{n} times"),
            }
        ));
        let mut one = BTreeMap::new();
        one.insert("ships", ships);
        ship_toml.push_str(&to_toml(&one));
    }
    files.insert("ships.toml".to_string(), ship_toml);

    let mut ev_toml = header("Events that belong to one year.");
    render_table(&mut ev_toml, "event", &events.events, |e| {
        e.evidence.describe(&format!("{} {}", e.year, e.event))
    });
    files.insert("events.toml".to_string(), ev_toml);

    let mut dates_toml = header("The house date style, from the dates in the documents' prose.");
    match &dates.dates {
        Some(d) => {
            dates_toml.push_str(&format!(
                "\n# Dates are written in {} style ({}). Dates seen, by form:\n",
                d.style,
                d.style.example()
            ));
            for (form, evidence) in &d.evidence {
                dates_toml.push_str(&format!("#   {}\n", evidence.describe(form)));
            }
            dates_toml.push_str(&to_toml(&SingleDates { dates: d }));
        }
        None => dates_toml.push_str("\n# The documents show no clear date style: none learned.\n"),
    }
    files.insert("dates.toml".to_string(), dates_toml);

    let mut words_toml = header(
        "Words the approved documents write that the dictionary does not know: known to spelling/unknown.",
    );
    render_table(&mut words_toml, "word", &vocabulary.words, |w| {
        w.evidence.describe(&w.word)
    });
    files.insert("words.toml".to_string(), words_toml);

    Learned { files, summary }
}

#[derive(serde::Serialize)]
struct Single<'a, T: serde::Serialize> {
    honorifics: &'a T,
}

#[derive(serde::Serialize)]
struct SingleDates<'a, T: serde::Serialize> {
    dates: &'a T,
}

fn to_toml<T: serde::Serialize>(value: &T) -> String {
    toml::to_string(value).expect("rule types serialise to TOML")
}

/// Appends `[[table]]` entries, each under a comment with its evidence.
fn render_table<T: serde::Serialize>(
    out: &mut String,
    table: &str,
    items: &[T],
    comment: impl Fn(&T) -> String,
) {
    for item in items {
        let mut one = BTreeMap::new();
        one.insert(table, [item]);
        out.push('\n');
        out.push_str("# ");
        out.push_str(&comment(item).replace('\n', " "));
        out.push('\n');
        out.push_str(&to_toml(&one));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn seeds() -> Corpus {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        Corpus::read(&[dir]).0
    }

    #[test]
    fn learning_is_deterministic() {
        let a = learn(&seeds());
        let b = learn(&seeds());
        assert_eq!(a.files, b.files);
    }

    #[test]
    fn learned_files_parse_as_rule_files() {
        for (name, text) in learn(&seeds()).files {
            crate::rules::parse_rule_file(&name, &text)
                .unwrap_or_else(|e| panic!("{name}: {e:?}\n{text}"));
        }
    }

    #[test]
    fn a_learned_date_style_is_rendered_with_its_evidence_and_reads_back() {
        let corpus = Corpus::from_texts([
            (
                "a.txt",
                "Talks began on Jan. 8, 2026, and end on March 3, 2026.",
            ),
            ("b.txt", "The ship returned on Tuesday, Feb. 24, 2026."),
        ]);
        let learned = learn(&corpus);
        let text = &learned.files["dates.toml"];
        assert!(
            text.contains("# Dates are written in ap style (Jan. 8, 2016). Dates seen, by form:\n#   ap: 2 times in 2 documents (a, b)\n#   ap or us: once in 1 document (a)\n[dates]\nstyle = \"ap\"\n"),
            "{text}"
        );
        let file = crate::rules::parse_rule_file("dates.toml", text).unwrap();
        let dates = file.dates.expect("a [dates] table");
        assert_eq!(dates.style, crate::rules::DateStyle::Ap);
        assert_eq!(dates.evidence["ap"].documents, ["a", "b"]);
        assert_eq!(learned.summary.counts["date styles"], 1);
    }

    #[test]
    fn rule_files_show_the_rival_forms_that_lost() {
        // The seeds write `F-35` twice in one document and `F35` once in
        // another: the reviewer sees both.
        let names = &learn(&seeds()).files["names.toml"];
        assert!(
            names.contains(
                "# F-35: 2 times in 1 document (001_f23e59ef6664c7bb); rival forms: F35: once in 1 document (004_51e6a475d946b0c5)"
            ),
            "{names}"
        );
        let honorifics = &learn(&seeds()).files["honorifics.toml"];
        assert!(
            honorifics.contains(
                "rival form: with a full stop: once in 1 document (001_f23e59ef6664c7bb)"
            ),
            "{honorifics}"
        );
        let corpus = Corpus::from_texts([
            ("c.txt", "We organize events. The organization grew."),
            ("d.txt", "They organize talks for the organization."),
            ("e.txt", "One document writes organisation."),
        ]);
        let spellings = &learn(&corpus).files["spellings.toml"];
        assert!(
            spellings.contains("rival forms: organisation: once in 1 document (e)"),
            "{spellings}"
        );
        assert!(
            !spellings.contains("organized:"),
            "a generated form is never given counts: {spellings}"
        );
    }

    #[test]
    fn an_empty_corpus_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let e = learn_dirs(&[dir.path().to_path_buf()]).unwrap_err();
        assert!(e.message.contains("empty corpus"), "{e}");
    }

    #[test]
    #[ignore = "prints what the seeds teach; run with --ignored --nocapture"]
    fn print_seed_rules() {
        for (name, text) in learn(&seeds()).files {
            println!("==== {name}\n{text}");
        }
    }
}
