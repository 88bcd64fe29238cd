//! Rule packs: loading, validating and merging rule files.
//!
//! A pack is read from a folder (`--rules DIR`, a workspace's `rules/`) or
//! from the copy of the project's `rules/` built into the binary. A file that
//! does not parse or validate is reported with its path and line and left
//! out; the rest of the pack still loads, so one typo never silences every
//! rule.

mod format;

pub use format::*;

use std::fmt;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use serde::Deserialize as _;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/rules");

/// Where a pack came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackSource {
    Builtin,
    Dir(PathBuf),
}

impl fmt::Display for PackSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackSource::Builtin => f.write_str("built-in rules"),
            PackSource::Dir(p) => write!(f, "{}", p.display()),
        }
    }
}

/// A problem with a rule file: which file, where, what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub path: String,
    /// 1-based line and column, when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{l}:{c}: {}", self.path, self.message),
            (Some(l), None) => write!(f, "{}:{l}: {}", self.path, self.message),
            _ => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for RuleError {}

impl RuleError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> RuleError {
        RuleError {
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

/// One loaded file of a pack.
#[derive(Debug, Clone, PartialEq)]
pub struct PackFile {
    /// Path relative to the pack root, with `/` separators (`learned/names.toml`).
    pub path: String,
    /// Where the file lives on disk, for packs read from a folder.
    pub disk_path: Option<PathBuf>,
    /// The file's text, for error positions and for `explain`.
    pub source: String,
    pub rules: RuleFile,
}

impl PackFile {
    /// Whether the file belongs to the curated part of the pack.
    pub fn is_curated(&self) -> bool {
        self.path.starts_with("curated/") || self.path.contains("/curated/")
    }
}

/// All rule files of a pack, plus their merged view.
#[derive(Debug, Clone)]
pub struct RulePack {
    pub source: PackSource,
    pub files: Vec<PackFile>,
    /// Everything merged: learned rules first, then curated rules that do
    /// not contradict them.
    pub merged: RuleFile,
}

impl RulePack {
    /// The pack built into the binary (the project's `rules/`).
    pub fn builtin() -> RulePack {
        let mut files = Vec::new();
        collect_builtin(&BUILTIN, &mut files);
        let (pack, errors) = RulePack::from_sources(PackSource::Builtin, files);
        debug_assert!(
            errors.is_empty(),
            "built-in rules must be valid: {errors:?}"
        );
        pack
    }

    /// Reads every `*.toml` below `dir`. Files that fail are reported and
    /// left out; an unreadable or missing folder is an error for the whole pack.
    pub fn load_dir(dir: &Path) -> Result<(RulePack, Vec<RuleError>), RuleError> {
        let shown = dir.display().to_string();
        if !dir.is_dir() {
            return Err(RuleError::new(
                shown,
                "rules folder does not exist or is not a folder",
            ));
        }
        // One walker and one reader for every input (see `crate::input`):
        // hidden entries skipped, no link followed, the same error words.
        let mut paths = Vec::new();
        for found in crate::input::walk(dir, crate::input::Wanted::RuleFiles) {
            paths.push(found.map_err(RuleError::from)?);
        }
        let mut sources = Vec::new();
        let mut errors = Vec::new();
        for path in paths {
            let rel = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            match crate::input::read_file(&path, &path.display().to_string()) {
                Ok((text, _)) => sources.push((rel, Some(path), text)),
                Err(e) => errors.push(e.into()),
            }
        }
        if sources.is_empty() && errors.is_empty() {
            return Err(RuleError::new(
                shown,
                "no rule files (*.toml) in rules folder",
            ));
        }
        let (pack, more) = RulePack::from_sources(PackSource::Dir(dir.to_path_buf()), sources);
        errors.extend(more);
        Ok((pack, errors))
    }

    /// Parses and merges files given as `(relative path, disk path, text)`.
    pub fn from_sources(
        source: PackSource,
        sources: Vec<(String, Option<PathBuf>, String)>,
    ) -> (RulePack, Vec<RuleError>) {
        let mut files = Vec::new();
        let mut errors = Vec::new();
        for (path, disk_path, text) in sources {
            let shown = disk_path
                .as_ref()
                .map_or_else(|| path.clone(), |p| p.display().to_string());
            match parse_rule_file(&shown, &text) {
                Ok(rules) => files.push(PackFile {
                    path,
                    disk_path,
                    source: text,
                    rules,
                }),
                Err(mut e) => errors.append(&mut e),
            }
        }
        files.sort_by(|a, b| (a.is_curated(), &a.path).cmp(&(b.is_curated(), &b.path)));
        let merged = merge(&files);
        (
            RulePack {
                source,
                files,
                merged,
            },
            errors,
        )
    }

    /// Every name the pack knows, for completion.
    pub fn names(&self) -> impl Iterator<Item = &NameRule> {
        self.merged.names.iter()
    }
}

/// Whether a folder entry is hidden (its name starts with `.`). Hidden
/// files and folders below a pack are never rules: they are editor and
/// version-control files, and the temporary folders `draftlint learn` makes
/// beside its output (`.draftlint-learn-*`) while it swaps a new pack in.
/// Loading one would add a second copy of every rule.
fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

fn collect_builtin(dir: &Dir<'static>, out: &mut Vec<(String, Option<PathBuf>, String)>) {
    for file in dir.files() {
        let hidden = file.path().file_name().is_some_and(is_hidden);
        if !hidden && file.path().extension().is_some_and(|e| e == "toml") {
            if let Some(text) = file.contents_utf8() {
                let rel = file.path().to_string_lossy().replace('\\', "/");
                out.push((rel, None, text.to_string()));
            }
        }
    }
    for sub in dir.dirs() {
        if sub.path().file_name().is_some_and(is_hidden) {
            continue;
        }
        collect_builtin(sub, out);
    }
}

/// Parses one rule file and checks what the type system cannot. Every error
/// is placed at the key or value it is about, from the TOML parser's spans
/// (never by searching the text, which finds comments and escapes wrongly),
/// and every error of the file is reported, in the order of the file, not
/// only the first.
pub fn parse_rule_file(path: &str, text: &str) -> Result<RuleFile, Vec<RuleError>> {
    let doc = toml::de::DeTable::parse(text).map_err(|e| {
        let spans = Spans::new(text);
        vec![spans.error(path, e.span(), e.message().trim().to_string())]
    })?;
    // The file is parsed once; the tree is parsed again for its spans only
    // when there is an error to place.
    let errors = match RuleFile::deserialize(toml::de::Deserializer::from(doc)) {
        Ok(rules) => {
            let errors = validate(path, &Spans::new(text), &rules);
            if errors.is_empty() {
                return Ok(rules);
            }
            errors
        }
        Err(e) => {
            let all = every_error(path, text);
            if all.is_empty() {
                vec![Spans::new(text).serde_error(path, e)]
            } else {
                all
            }
        }
    };
    Err(sorted(errors))
}

/// Every error of a file that does not deserialise, not just serde's first:
/// each entry of an array of tables, and each key of a table whose keys may
/// all be left out (`[severity]`, `[dates]`), is read on its own, and what
/// reads is validated. The pieces keep the spans of the whole file.
fn every_error(path: &str, text: &str) -> Vec<RuleError> {
    use toml::de::{DeTable, DeValue};
    use toml::Spanned;
    let Ok(doc) = DeTable::parse(text) else {
        return Vec::new();
    };
    fn one<'i>(
        key: &Spanned<toml::de::DeString<'i>>,
        value: Spanned<DeValue<'i>>,
    ) -> Spanned<DeTable<'i>> {
        let span = key.span().start..value.span().end;
        let mut t = DeTable::new();
        t.insert(key.clone(), value);
        Spanned::new(span, t)
    }
    let reads = |piece: &Spanned<DeTable<'_>>| {
        RuleFile::deserialize(toml::de::Deserializer::from(piece.clone())).is_ok()
    };
    let mut pieces = Vec::new();
    for (key, value) in doc.get_ref().iter() {
        match value.get_ref() {
            DeValue::Array(items) => {
                for item in items {
                    let array = DeValue::Array(std::iter::once(item.clone()).collect());
                    pieces.push(one(key, Spanned::new(item.span(), array)));
                }
            }
            DeValue::Table(table)
                if reads(&one(
                    key,
                    Spanned::new(value.span(), DeValue::Table(DeTable::new())),
                )) =>
            {
                for (k, v) in table.iter() {
                    let mut t = DeTable::new();
                    t.insert(k.clone(), v.clone());
                    pieces.push(one(key, Spanned::new(value.span(), DeValue::Table(t))));
                }
            }
            _ => pieces.push(one(key, value.clone())),
        }
    }
    let mut errors = Vec::new();
    for piece in pieces {
        let spans = Spans::of(text, piece.clone());
        match RuleFile::deserialize(toml::de::Deserializer::from(piece)) {
            Ok(rules) => errors.extend(validate(path, &spans, &rules)),
            Err(e) => errors.push(spans.serde_error(path, e)),
        }
    }
    errors
}

/// Errors in the order of the file, each once.
fn sorted(mut errors: Vec<RuleError>) -> Vec<RuleError> {
    errors.sort_by(|a, b| (a.line, a.column, &a.message).cmp(&(b.line, b.column, &b.message)));
    errors.dedup();
    errors
}

/// The key named by serde's "unknown field `colour`, expected …".
fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split_once('`').map(|(key, _)| key)
}

/// A step into a TOML document: a key of a table or an index of an array.
#[derive(Debug, Clone, Copy)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}
use Seg::{Index as I, Key as K};

/// A rule file's parse tree with the source span of every key and value,
/// parsed when first asked for (only files with errors are).
struct Spans<'i> {
    text: &'i str,
    tree: std::cell::OnceCell<Option<toml::Spanned<toml::de::DeTable<'i>>>>,
}

impl<'i> Spans<'i> {
    fn new(text: &'i str) -> Spans<'i> {
        Spans {
            text,
            tree: std::cell::OnceCell::new(),
        }
    }

    /// The spans of `doc`, a tree (or part of one) parsed from `text`.
    fn of(text: &'i str, doc: toml::Spanned<toml::de::DeTable<'i>>) -> Spans<'i> {
        Spans {
            text,
            tree: std::cell::OnceCell::from(Some(doc)),
        }
    }

    fn doc(&self) -> Option<&toml::Spanned<toml::de::DeTable<'i>>> {
        self.tree
            .get_or_init(|| toml::de::DeTable::parse(self.text).ok())
            .as_ref()
    }

    /// A deserialisation error, at the key or value it is about.
    fn serde_error(&self, path: &str, e: toml::de::Error) -> RuleError {
        let message = e.message().trim().to_string();
        // An unknown key inside a table with flattened fields is reported
        // at the table; place it at the key itself.
        let span = match (unknown_field(&message), e.span()) {
            (Some(key), Some(span)) => self.key_within(key, span.clone()).or(Some(span)),
            (_, span) => span,
        };
        self.error(path, span, message)
    }

    /// The span of the value at `path`, or, when the path goes further than
    /// the document, of the deepest key or value on the way. `key` asks for
    /// the last key instead of its value.
    fn find(&self, path: &[Seg], key: bool) -> Option<std::ops::Range<usize>> {
        use toml::de::DeValue;
        let doc = self.doc()?;
        let mut table = Some(doc.get_ref());
        let mut value: Option<&toml::Spanned<DeValue>> = None;
        let mut best = None;
        for (n, seg) in path.iter().enumerate() {
            let last = n + 1 == path.len();
            let next = match *seg {
                K(k) => {
                    let entry = table.and_then(|t| t.iter().find(|(name, _)| name.get_ref() == k));
                    entry.map(|(name, v)| {
                        best = Some(if key && last { name.span() } else { v.span() });
                        v
                    })
                }
                I(i) => match value.map(|v| v.get_ref()) {
                    Some(DeValue::Array(a)) => a.get(i).inspect(|v| best = Some(v.span())),
                    _ => None,
                },
            };
            let Some(v) = next else { break };
            value = Some(v);
            table = match v.get_ref() {
                DeValue::Table(t) => Some(t),
                _ => None,
            };
        }
        best
    }

    /// Where the unknown key `name` of an error spanning `within` is: a
    /// key named so that starts inside `within`, or one directly in the
    /// table that starts where `within` does (serde reports a table with
    /// flattened fields at its `[[header]]`).
    fn key_within(
        &self,
        name: &str,
        within: std::ops::Range<usize>,
    ) -> Option<std::ops::Range<usize>> {
        use toml::de::{DeTable, DeValue};
        type Range = std::ops::Range<usize>;
        fn direct(t: &DeTable, name: &str) -> Option<Range> {
            t.iter()
                .find(|(k, _)| k.get_ref() == name)
                .map(|(k, _)| k.span())
        }
        fn walk(t: &DeTable, name: &str, within: &Range) -> Option<Range> {
            let in_table = |v: &toml::Spanned<DeValue>| match v.get_ref() {
                DeValue::Table(t) => (v.span().start == within.start)
                    .then(|| direct(t, name))
                    .flatten()
                    .or_else(|| walk(t, name, within)),
                _ => None,
            };
            for (k, v) in t.iter() {
                if k.get_ref() == name && within.contains(&k.span().start) {
                    return Some(k.span());
                }
                let found = match v.get_ref() {
                    DeValue::Array(a) => a.iter().find_map(in_table),
                    _ => in_table(v),
                };
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        walk(self.doc()?.get_ref(), name, &within)
    }

    /// An error at `span` (1-based line and column in characters).
    fn error(
        &self,
        path: &str,
        span: Option<std::ops::Range<usize>>,
        message: String,
    ) -> RuleError {
        let (line, column) = match span {
            Some(span) => {
                let (l, c) = line_col(self.text, span.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        RuleError {
            path: path.to_string(),
            line,
            column,
            message,
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn validate(path: &str, spans: &Spans, rules: &RuleFile) -> Vec<RuleError> {
    let mut errors = Vec::new();
    let mut err = |at: &[Seg], msg: String| {
        errors.push(spans.error(path, spans.find(at, false), msg));
    };
    for (i, n) in rules.names.iter().enumerate() {
        if n.name.trim().is_empty() {
            err(
                &[K("name"), I(i), K("name")],
                "a name rule has an empty `name`".into(),
            );
        }
    }
    for (i, s) in rules.spellings.iter().enumerate() {
        if s.preferred.trim().is_empty() {
            err(
                &[K("spelling"), I(i), K("preferred")],
                "a spelling rule has an empty form".into(),
            );
        }
        for (j, v) in s.variants.iter().enumerate() {
            let at = [K("spelling"), I(i), K("variants"), I(j)];
            if v.trim().is_empty() {
                err(&at, "a spelling rule has an empty form".into());
            } else if *v == s.preferred {
                err(
                    &at,
                    format!(
                        "spelling rule lists its preferred form '{}' as a variant",
                        quote(&s.preferred)
                    ),
                );
            }
        }
    }
    for (i, t) in rules.titles.iter().enumerate() {
        if t.title.trim().is_empty() {
            err(
                &[K("title"), I(i), K("title")],
                "a title rule has an empty `title`".into(),
            );
        }
    }
    for (i, p) in rules.patterns.iter().enumerate() {
        if let Err(e) = regex::Regex::new(&p.pattern) {
            let first = e
                .to_string()
                .lines()
                .last()
                .unwrap_or("")
                .trim()
                .to_string();
            err(
                &[K("pattern"), I(i), K("pattern")],
                format!("pattern does not compile: {first}"),
            );
        }
    }
    // Whether each `[severity]` key names a rule is checked where the rules
    // are known: `checks::unknown_severity_keys`, when the engine is built.
    errors
}

/// Learned rules first; curated ones are added unless a learned rule
/// already speaks of the same form. Linear in the size of the pack: a
/// department's learned pack may hold 100,000 names, so what has been taken
/// is kept in sets rather than searched for each new rule.
fn merge(files: &[PackFile]) -> RuleFile {
    use std::collections::HashSet;
    let mut m = RuleFile::default();
    let mut names: HashSet<String> = HashSet::new();
    let mut titles: HashSet<String> = HashSet::new();
    let mut events: HashSet<String> = HashSet::new();
    let mut spelling_forms: HashSet<String> = HashSet::new();
    for f in files {
        let r = &f.rules;
        let curated = f.is_curated();
        for n in &r.names {
            if names.insert(n.name.clone()) {
                m.names.push(n.clone());
            }
        }
        for t in &r.titles {
            if titles.insert(t.title.to_ascii_lowercase()) {
                m.titles.push(t.clone());
            }
        }
        m.roles.extend(r.roles.iter().cloned());
        for s in &r.spellings {
            let forms: Vec<String> = std::iter::once(&s.preferred)
                .chain(&s.variants)
                .map(|f| f.to_lowercase())
                .collect();
            let clashes = forms.iter().any(|f| spelling_forms.contains(f));
            if !(curated && clashes) {
                spelling_forms.extend(forms);
                m.spellings.push(s.clone());
            }
        }
        if m.honorifics.is_none() {
            m.honorifics = r.honorifics.clone();
        }
        m.honorific_conflicts
            .extend(r.honorific_conflicts.iter().cloned());
        for k in &r.abbreviations {
            if !m
                .abbreviations
                .iter()
                .any(|x| x.other == k.other || x.form == k.form)
            {
                m.abbreviations.push(k.clone());
            }
        }
        for k in &r.references {
            if !m.references.iter().any(|x| x.person == k.person) {
                m.references.push(k.clone());
            }
        }
        for k in &r.ranks {
            if !m.ranks.iter().any(|x| x.rank == k.rank) {
                m.ranks.push(k.clone());
            }
        }
        for e in &r.events {
            if events.insert(e.event.clone()) {
                m.events.push(e.clone());
            }
        }
        if m.dates.is_none() {
            m.dates = r.dates.clone();
        }
        if m.ships.is_none() {
            m.ships = r.ships.clone();
        }
        m.patterns.extend(r.patterns.iter().cloned());
        for (k, v) in &r.severity {
            m.severity.entry(k.clone()).or_insert(*v);
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    #[test]
    fn unknown_keys_are_errors_with_a_line() {
        let text = "[[name]]\nname = \"HMS Argyll\"\nkind = \"ship\"\nseen = 3\ndocuments = []\ncolour = \"red\"\n";
        let errs = parse_rule_file("names.toml", text).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert!(errs[0].message.contains("colour"), "{}", errs[0]);
        // At the key itself, not at the `[[name]]` header above it.
        assert_eq!(
            (errs[0].line, errs[0].column),
            (Some(6), Some(1)),
            "{}",
            errs[0]
        );
    }

    /// (line, column, message) of each error in `text`.
    fn errors_in(text: &str) -> Vec<(usize, usize, String)> {
        parse_rule_file("t.toml", text)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.line.unwrap(), e.column.unwrap(), e.message))
            .collect()
    }

    #[test]
    fn a_pattern_with_escapes_is_reported_at_its_value_not_at_a_comment() {
        let text = concat!(
            "# Evidence: \\bco-(operat in 3 documents\n",
            "[[pattern]]\n",
            "message = \"x\"\n",
            "pattern = \"\\bco-(operat\"\n",
        );
        let errs = errors_in(text);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!((errs[0].0, errs[0].1), (4, 11), "{errs:?}");
        assert!(
            errs[0].2.starts_with("pattern does not compile"),
            "{errs:?}"
        );
        // The second of two patterns is the second one's line.
        let text = "[[pattern]]\npattern = 'a'\nmessage = 'x'\n\n[[pattern]]\npattern = '(a'\nmessage = 'x'\n";
        assert_eq!(errors_in(text)[0].0, 6);
        // Written as a literal string with a multibyte character before it.
        let text = "[[pattern]]\nmessage = 'é'\n  pattern = '''é\\d{2,1}'''\n";
        let errs = errors_in(text);
        assert_eq!((errs[0].0, errs[0].1), (3, 13), "{errs:?}");
    }

    #[test]
    fn validation_errors_point_at_the_offending_value() {
        let evidence = "seen = 1\ndocuments = []\n";
        let text = format!(
            "# cooperation, cooperation, 2019-13-01 and loud\n[[spelling]]\npreferred = \"cooperation\"\nvariants = [\"co-operation\", \"cooperation\"]\nkind = \"hyphenation\"\n{evidence}\n[[role]]\nperson = \"A B\"\nrole = \"Minister\"\nfrom = \"2019-01-01\"\nuntil = \"2019-13-01\"\n{evidence}\n[[pattern]]\npattern = \"x\"\nmessage = \"loud\"\nseverity = \"loud\"\n"
        );
        let errs = errors_in(&text);
        assert_eq!(
            errs.iter().map(|e| (e.0, e.1)).collect::<Vec<_>>(),
            [(4, 29), (13, 9), (20, 12)],
            "{errs:?}"
        );
        assert!(errs[0].2.contains("preferred form 'cooperation'"));
        assert!(errs[1].2.contains("'2019-13-01' is not a date"));
        assert!(errs[2].2.contains("unknown severity 'loud'"));
    }

    #[test]
    fn severity_and_dates_errors_point_at_their_key_or_value() {
        let text = "# name/exac is a typo\n[severity]\n\"name/exact\" = \"loud\"\n\"name/exac\" = \"off\"\n\n[dates]\nstyle = \"us\"\n";
        let mut errs = errors_in(text);
        errs.sort();
        assert_eq!(
            errs.iter().map(|e| (e.0, e.1)).collect::<Vec<_>>(),
            // `name/exac` is not this layer's to know: see
            // `checks::registry`'s tests.
            [(3, 16), (7, 9)],
            "{errs:?}"
        );
    }

    #[test]
    fn unknown_words_are_errors_at_their_value_naming_the_valid_ones() {
        let evidence = "seen = 1\ndocuments = []\n";
        // Each bad word is also written in a comment above it: the error
        // is at the value the parser read, not at the first text that
        // matches.
        let text = format!(
            "# kind = \"hyphen\", severity = \"loud\"\n[[spelling]]\npreferred = \"cooperation\"\nvariants = [\"co-operation\"]\nkind = \"hyphen\"\n{evidence}\n[[pattern]]\npattern = \"x\"\nmessage = \"x\"\n  severity = \"loud\"\n\n[severity]\n\"name/exact\" = \"loud\"\n"
        );
        let errs = errors_in(&text);
        assert_eq!(
            errs.iter().map(|e| (e.0, e.1)).collect::<Vec<_>>(),
            [(5, 8), (12, 14), (15, 16)],
            "{errs:?}"
        );
        assert_eq!(
            errs[0].2,
            "unknown spelling kind 'hyphen' (expected hyphenation, spacing, british-american, case or consistency)"
        );
        assert_eq!(
            errs[1].2,
            "unknown severity 'loud' (expected error, warning, information or hint)"
        );
        assert_eq!(
            errs[2].2,
            "unknown severity 'loud' (expected error, warning, information, hint or off)"
        );
    }

    #[test]
    fn every_typed_value_reads_with_the_words_parse_accepts() {
        let text = "[[pattern]]\npattern = 'x'\nmessage = 'x'\nseverity = 'info'\n\n[severity]\n\"name/exact\" = \"info\"\n\"date/weekday\" = \"off\"\n\n[dates]\nstyle = \"gov.uk\"\n\n[[role]]\nperson = \"A B\"\nrole = \"Minister\"\nfrom = \"2019-01-31\"\nseen = 1\ndocuments = []\n";
        let rules = parse_rule_file("t.toml", text).unwrap();
        assert_eq!(rules.patterns[0].severity, Some(Severity::Information));
        assert_eq!(
            rules.severity["name/exact"].severity(),
            Some(Severity::Information)
        );
        assert_eq!(rules.severity["date/weekday"], Override::Off);
        assert_eq!(rules.dates.unwrap().style, DateStyle::GovUk);
        let from = rules.roles[0].from.unwrap();
        assert_eq!((from.year(), from.month(), from.day()), (2019, 1, 31));
        assert_eq!(rules.roles[0].until, None);
        for word in ["error", "warning", "information", "info", "hint"] {
            let text = format!("[severity]\n\"date/format\" = \"{word}\"\n");
            let rules = parse_rule_file("t.toml", &text).unwrap();
            assert_eq!(
                rules.severity["date/format"].severity(),
                Severity::parse(word),
                "{word}"
            );
        }
    }

    #[test]
    fn typed_values_are_written_as_they_are_read() {
        let text = "[[role]]\nperson = \"A B\"\nrole = \"Minister\"\nfrom = \"2019-01-08\"\nuntil = \"2020-12-31\"\nseen = 2\ndocuments = [\"a\"]\n\n[[spelling]]\npreferred = \"organise\"\nvariants = [\"organize\"]\nkind = \"british-american\"\nseen = 1\ndocuments = [\"a\"]\n\n[severity]\n\"date/weekday\" = \"off\"\n\"name/exact\" = \"hint\"\n";
        let rules = parse_rule_file("t.toml", text).unwrap();
        let written = toml::to_string(&rules).unwrap();
        assert!(
            written.contains("from = \"2019-01-08\"\nuntil = \"2020-12-31\"\n"),
            "{written}"
        );
        assert!(
            written.contains("kind = \"british-american\"\n"),
            "{written}"
        );
        assert!(
            written.contains("\"date/weekday\" = \"off\"\n\"name/exact\" = \"hint\"\n"),
            "{written}"
        );
        assert_eq!(parse_rule_file("t.toml", &written).unwrap(), rules);
    }

    #[test]
    fn one_bad_value_does_not_hide_the_errors_after_it() {
        // Two bad dates in different roles and a bad style: serde stops at
        // the first, but the file's every error is reported.
        let role = |d: &str| {
            format!("[[role]]\nperson = \"A\"\nrole = \"B\"\nfrom = \"{d}\"\nseen = 1\ndocuments = []\n")
        };
        let text = format!(
            "{}{}{}[dates]\ncheck_weekday = false\nstyle = \"us\"\n[severity]\n\"name/exact\" = \"loud\"\n\"date/format\" = \"hint\"\n\"date/weekday\" = \"off\"\n",
            role("2019-02-30"),
            role("2019-01-01"),
            role("soon")
        );
        let errs = errors_in(&text);
        assert_eq!(
            errs.iter().map(|e| (e.0, e.1)).collect::<Vec<_>>(),
            [(4, 8), (16, 8), (21, 9), (23, 16)],
            "{errs:?}"
        );
        assert!(errs[0].2.contains("'2019-02-30' is not a date"), "{errs:?}");
        assert!(errs[1].2.contains("'soon' is not a date"), "{errs:?}");
        assert!(errs[2].2.contains("unknown date style 'us'"), "{errs:?}");
    }

    #[test]
    fn a_key_or_table_written_twice_is_an_error_at_the_second() {
        let text = "[severity]\n\"date/format\" = \"hint\"\n\"date/format\" = \"off\"\n";
        let errs = errors_in(text);
        assert_eq!((errs[0].0, errs[0].1), (3, 1), "{errs:?}");
        let text = "[dates]\nstyle = \"gov.uk\"\n\n[dates]\ncheck_weekday = false\n";
        let errs = errors_in(text);
        assert_eq!(errs[0].0, 4, "{errs:?}");
    }

    #[test]
    fn messages_quote_only_a_short_part_of_a_long_value() {
        let long = "x".repeat(5000);
        let text = format!("[dates]\nstyle = \"{long}\"\n");
        let errs = errors_in(&text);
        assert_eq!((errs[0].0, errs[0].1), (2, 9));
        assert!(errs[0].2.chars().count() < 120, "{}", errs[0].2);
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let errs = parse_rule_file("x.toml", "[dates]\nstyle = \"gov.uk\nx = 1\n").unwrap_err();
        assert_eq!(errs[0].line, Some(2), "{}", errs[0]);
        assert!(errs[0].to_string().starts_with("x.toml:2:"));
    }

    #[test]
    fn a_pattern_that_does_not_compile_is_reported_at_its_line() {
        let text = "[[pattern]]\npattern = \"co-(operat\"\nmessage = \"x\"\n";
        let errs = parse_rule_file("p.toml", text).unwrap_err();
        assert_eq!(errs[0].line, Some(2));
        assert!(errs[0].message.contains("does not compile"));
    }

    #[test]
    fn hidden_and_temporary_folders_below_a_pack_are_not_loaded() {
        let root = tempfile::Builder::new()
            .prefix(".hidden-pack-root")
            .tempdir()
            .unwrap();
        let name = |n: &str| {
            format!("[[name]]\nname = \"{n}\"\nkind = \"ship\"\nseen = 1\ndocuments = []\n")
        };
        let files = [
            ("learned/names.toml", name("HMS Argyll")),
            // What an interrupted `learn` or an editor leaves behind.
            (".draftlint-old-4242/names.toml", name("HMS Argyll")),
            (".draftlint-learn-Ab12/names.toml", name("HMS Argyll")),
            ("learned/.draftlint-learn-x/names.toml", name("HMS Argyll")),
            ("learned/.names.toml", name("HMS Argyll")),
            ("curated/.git/x.toml", "not = [toml".to_string()),
        ];
        for (rel, text) in &files {
            let path = root.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        // The root itself may be hidden (`~/.config/...`): only entries below it are skipped.
        let (pack, errors) = RulePack::load_dir(root.path()).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        let paths: Vec<&str> = pack.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["learned/names.toml"]);
        assert_eq!(pack.merged.names.len(), 1);
    }

    #[test]
    fn a_pack_reports_a_bad_file_at_the_value_and_loads_the_rest() {
        // The bad regex is also written in the comment above it, escapes
        // and all: the error is at the line the parser read it from.
        let bad = "# '\\bco-(operat' is in 3 documents\n[[pattern]]\nmessage = \"x\"\npattern = '\\bco-(operat'\n";
        let good = "[[pattern]]\npattern = 'x'\nmessage = 'x'\n";
        let (pack, errs) = RulePack::from_sources(
            PackSource::Builtin,
            vec![
                ("curated/bad.toml".into(), None, bad.into()),
                ("curated/good.toml".into(), None, good.into()),
            ],
        );
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0]
                .to_string()
                .starts_with("curated/bad.toml:4:11: pattern does not compile"),
            "{}",
            errs[0]
        );
        assert_eq!(pack.merged.patterns.len(), 1);
        assert_eq!(pack.files.len(), 1);
    }

    #[test]
    fn learned_spellings_win_over_curated() {
        let learned = "[[spelling]]\npreferred = \"cooperation\"\nvariants = [\"co-operation\"]\nkind = \"hyphenation\"\nseen = 5\ndocuments = [\"a\"]\n";
        let curated = "[[spelling]]\npreferred = \"co-operation\"\nvariants = [\"cooperation\"]\nkind = \"hyphenation\"\nseen = 0\ndocuments = []\n";
        let (pack, errs) = RulePack::from_sources(
            PackSource::Builtin,
            vec![
                ("curated/s.toml".into(), None, curated.into()),
                ("learned/s.toml".into(), None, learned.into()),
            ],
        );
        assert!(errs.is_empty());
        assert_eq!(pack.merged.spellings.len(), 1);
        assert_eq!(pack.merged.spellings[0].preferred, "cooperation");
    }
}
