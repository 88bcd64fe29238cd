//! Rule packs: loading, validating and merging rule files.
//!
//! A pack is read from a folder (`--rules DIR`, a workspace's `rules/`) or
//! from the copy of the project's `rules/` built into the binary. A file that
//! does not parse or validate is reported with its path and line and left
//! out; the rest of the pack still loads, so one typo never silences every
//! rule.
//!
//! A pack read from a folder is layered ([`RulePack::load_layered`]): lowest
//! first, the built-in curated conventions (the project's `rules/curated/`,
//! not the seeds' learned names), then the pack's own files. Inside the
//! pack the precedence is what it always was: where a learned and a curated
//! rule speak of the same thing, the learned one wins. Between layers, a
//! convention table (an `[x]` table such as `[dates]`, `[ships]`,
//! `[honorifics]`) that a higher layer states replaces the same table below
//! it as a whole, and list entries (`[[name]]`, `[[spelling]]`,
//! `[[pattern]]` …) add up, a higher layer's entry winning for the same
//! form. A pack's `[builtin]` table ([`BuiltinUse`]) switches built-in
//! parts off.

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

/// A rule file that could not be read is a problem with the pack.
impl From<crate::input::InputError> for RuleError {
    fn from(e: crate::input::InputError) -> RuleError {
        RuleError {
            path: e.path,
            line: e.line,
            column: e.column,
            message: e.message,
        }
    }
}

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

/// Which layer of a pack a file belongs to. Precedence, highest first:
/// learned, curated, built-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    /// Written by `draftlint learn` (every file not under `curated/`).
    Learned,
    /// Written by people: the pack's `curated/`.
    Curated,
    /// The curated conventions built into the binary, below every pack.
    Builtin,
}

impl Layer {
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Learned => "learned",
            Layer::Curated => "curated",
            Layer::Builtin => "built-in",
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How many entries of each kind one file gave the merged view, by their
/// TOML key (`name`, `spelling`, `dates`): the entries a higher layer had
/// already stated are not counted.
pub type Kept = std::collections::BTreeMap<&'static str, usize>;

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
    /// The layer it belongs to.
    pub layer: Layer,
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
    /// Highest precedence first: learned, curated, then built-in files.
    pub files: Vec<PackFile>,
    /// Everything merged: learned rules first, then curated rules that do
    /// not contradict them, then the built-in layer's.
    pub merged: RuleFile,
    /// What each file of [`RulePack::files`] (same order) gave `merged`.
    pub kept: Vec<Kept>,
    /// Curated entries left out because a learned one says otherwise about
    /// the same form, in words: `draftlint rules` warns of each.
    pub disagreements: Vec<String>,
}

impl RulePack {
    /// The pack built into the binary (the project's `rules/`).
    /// Its curated files are the built-in layer; its learned ones are the
    /// seeds'.
    pub fn builtin() -> RulePack {
        let mut sources = Vec::new();
        collect_builtin(&BUILTIN, &mut sources);
        let (mut files, errors) = parse_sources(sources);
        debug_assert!(
            errors.is_empty(),
            "built-in rules must be valid: {errors:?}"
        );
        for f in &mut files {
            if f.layer == Layer::Curated {
                f.layer = Layer::Builtin;
            }
        }
        RulePack::build(PackSource::Builtin, files)
    }

    /// The pack in `dir` on top of the built-in curated conventions, less
    /// what its `[builtin]` tables switch off: what `check --rules DIR`, a
    /// discovered pack and the language server use. Errors as
    /// [`RulePack::load_dir`].
    pub fn load_layered(dir: &Path) -> Result<(RulePack, Vec<RuleError>), RuleError> {
        let (mut files, errors) = read_dir(dir)?;
        let asked = builtin_use(&files);
        files.extend(builtin_layer(asked.as_ref()));
        Ok((
            RulePack::build(PackSource::Dir(dir.to_path_buf()), files),
            errors,
        ))
    }

    /// Sorts `files` by precedence and merges them.
    fn build(source: PackSource, mut files: Vec<PackFile>) -> RulePack {
        files.sort_by(|a, b| (a.layer, &a.path).cmp(&(b.layer, &b.path)));
        let (merged, kept, disagreements) = merge(&files);
        RulePack {
            source,
            files,
            merged,
            kept,
            disagreements,
        }
    }

    /// Reads every `*.toml` below `dir`, and nothing else: no built-in
    /// layer (the front ends use [`RulePack::load_layered`]). Files that
    /// fail are reported and left out; an unreadable or missing folder is
    /// an error for the whole pack.
    pub fn load_dir(dir: &Path) -> Result<(RulePack, Vec<RuleError>), RuleError> {
        let (files, errors) = read_dir(dir)?;
        Ok((
            RulePack::build(PackSource::Dir(dir.to_path_buf()), files),
            errors,
        ))
    }

    /// Parses and merges files given as `(relative path, disk path, text)`.
    pub fn from_sources(
        source: PackSource,
        sources: Vec<(String, Option<PathBuf>, String)>,
    ) -> (RulePack, Vec<RuleError>) {
        let (files, errors) = parse_sources(sources);
        (RulePack::build(source, files), errors)
    }

    /// Every name the pack knows, for completion.
    pub fn names(&self) -> impl Iterator<Item = &NameRule> {
        self.merged.names.iter()
    }
}

/// The parsed files below `dir`, and the errors of those left out (see
/// [`RulePack::load_dir`]).
fn read_dir(dir: &Path) -> Result<(Vec<PackFile>, Vec<RuleError>), RuleError> {
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
    // A house word list kept as plain text beside the curated files.
    let words = dir.join("curated").join(WORD_LIST);
    if words.is_file() {
        paths.push(words);
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
    let (files, more) = parse_sources(sources);
    errors.extend(more);
    Ok((files, errors))
}

/// What the `[builtin]` tables of `files` ask for together: a part any of
/// them switches off is off, and `use = false` in any switches all off.
fn builtin_use(files: &[PackFile]) -> Option<BuiltinUse> {
    let mut asked: Option<BuiltinUse> = None;
    for b in files.iter().filter_map(|f| f.rules.builtin.as_ref()) {
        let into = asked.get_or_insert(BuiltinUse {
            enabled: true,
            off: Vec::new(),
        });
        into.enabled &= b.enabled;
        for part in &b.off {
            if !into.off.contains(part) {
                into.off.push(part.clone());
            }
        }
    }
    asked
}

/// Parses files given as `(relative path, disk path, text)`; a file under
/// `curated/` is curated, any other learned.
fn parse_sources(
    sources: Vec<(String, Option<PathBuf>, String)>,
) -> (Vec<PackFile>, Vec<RuleError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for (path, disk_path, text) in sources {
        let shown = disk_path
            .as_ref()
            .map_or_else(|| path.clone(), |p| p.display().to_string());
        let curated = path.starts_with("curated/") || path.contains("/curated/");
        let parsed = if curated && path.ends_with(&format!("/{WORD_LIST}")) {
            parse_word_list(&shown, &text)
        } else {
            parse_rule_file(&shown, &text)
        };
        match parsed {
            Ok(rules) => files.push(PackFile {
                path,
                disk_path,
                source: text,
                rules,
                layer: if curated {
                    Layer::Curated
                } else {
                    Layer::Learned
                },
            }),
            Err(mut e) => errors.append(&mut e),
        }
    }
    (files, errors)
}

/// The built-in layer's files: the project's `rules/curated/`, as a pack
/// with `use` asks for it (the parts it switches off left out).
fn builtin_layer(use_: Option<&BuiltinUse>) -> Vec<PackFile> {
    if use_.is_some_and(|u| !u.enabled) {
        return Vec::new();
    }
    let off: &[String] = use_.map_or(&[], |u| &u.off);
    let mut sources = Vec::new();
    collect_builtin(&BUILTIN, &mut sources);
    sources.retain(|(path, _, _)| path.starts_with("curated/"));
    let (files, errors) = parse_sources(sources);
    debug_assert!(
        errors.is_empty(),
        "built-in rules must be valid: {errors:?}"
    );
    files
        .into_iter()
        .filter_map(|mut f| {
            f.rules = without_parts(&f.rules, off)?;
            f.layer = Layer::Builtin;
            Some(f)
        })
        .collect()
}

/// `rules` less the top-level tables named in `off`; `None` when nothing
/// is left.
fn without_parts(rules: &RuleFile, off: &[String]) -> Option<RuleFile> {
    if off.is_empty() {
        return Some(rules.clone());
    }
    let mut table = toml::Table::try_from(rules).ok()?;
    table.retain(|key, _| !off.iter().any(|o| o == key));
    if table.is_empty() {
        return None;
    }
    toml::Value::Table(table).try_into().ok()
}

/// The parts of the built-in layer that `[builtin] off` may name: the
/// top-level tables of the project's `rules/curated/` files, sorted.
pub fn builtin_parts() -> &'static [String] {
    static PARTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    PARTS.get_or_init(|| {
        let mut sources = Vec::new();
        collect_builtin(&BUILTIN, &mut sources);
        let mut parts: Vec<String> = sources
            .iter()
            .filter(|(path, _, _)| path.starts_with("curated/"))
            .filter_map(|(_, _, text)| text.parse::<toml::Table>().ok())
            .flat_map(|t| t.keys().cloned().collect::<Vec<_>>())
            .collect();
        parts.sort();
        parts.dedup();
        parts
    })
}

/// `a, b or c`, for messages naming what a value may be.
fn or_list(words: &[String]) -> String {
    match words {
        [] => "none: nothing is built in".to_string(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
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

/// The plain house word list a pack may keep in `curated/`.
pub const WORD_LIST: &str = "words.txt";

/// What is wrong with `word` as a house word, if anything: one word of
/// letters, with apostrophes, hyphens or full stops inside.
pub fn word_problem(word: &str) -> Option<String> {
    if word.trim().is_empty() {
        return Some("a house word is empty".into());
    }
    if word.chars().any(char::is_whitespace) {
        return Some(format!(
            "'{}' is not one word: write each word of a phrase on its own line",
            quote(word)
        ));
    }
    if let Some(c) = word
        .chars()
        .find(|c| !(c.is_alphabetic() || matches!(c, '\'' | '\u{2019}' | '-' | '.')))
    {
        return Some(format!(
            "'{}' is not a word: {c:?} is not a letter, apostrophe, hyphen or full stop",
            quote(word)
        ));
    }
    None
}

/// Parses a plain word list (`curated/words.txt`): one word a line, blank
/// lines and `#` comments (whole-line or after a word) skipped. Every bad
/// line is reported at its line and column.
pub fn parse_word_list(path: &str, text: &str) -> Result<RuleFile, Vec<RuleError>> {
    let mut words = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let content = line.split('#').next().unwrap_or("");
        let word = content.trim();
        if word.is_empty() {
            continue;
        }
        match word_problem(word) {
            Some(message) => errors.push(RuleError {
                path: path.to_string(),
                line: Some(i + 1),
                column: Some(content[..content.find(word).unwrap_or(0)].chars().count() + 1),
                message,
            }),
            None => words.push(WordRule {
                word: word.to_string(),
                evidence: Evidence::default(),
                note: None,
            }),
        }
    }
    if errors.is_empty() {
        Ok(RuleFile {
            words,
            ..RuleFile::default()
        })
    } else {
        Err(errors)
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
    for (i, w) in rules.words.iter().enumerate() {
        if let Some(problem) = word_problem(&w.word) {
            err(&[K("word"), I(i), K("word")], problem);
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
    if let Some(d) = &rules.dialect {
        if d.spelling == crate::text::spell::Dialect::American && d.endings.is_some() {
            err(
                &[K("dialect"), K("endings")],
                "`endings` is a British house's -ise/-ize choice; an American house writes -ize (leave `endings` out)".into(),
            );
        }
    }
    if let Some(b) = &rules.builtin {
        let parts = builtin_parts();
        for (i, part) in b.off.iter().enumerate() {
            if !parts.contains(part) {
                let expected = or_list(parts);
                err(
                    &[K("builtin"), K("off"), I(i)],
                    format!(
                        "unknown built-in part '{}' (expected {expected})",
                        quote(part)
                    ),
                );
            }
        }
    }
    // Whether each `[severity]` key names a rule is checked where the rules
    // are known: `checks::unknown_severity_keys`, when the engine is built.
    errors
}

/// Files in precedence order (learned, curated, built-in), each adding
/// what the ones before it did not state. Learned rules first; curated ones
/// (and built-in ones) are added unless a rule above already speaks of the
/// same form. A convention table (`[dates]`, `[ships]`, `[honorifics]`, any
/// `[x]` table of [`RuleFile`]) comes whole from the first file stating it:
/// a higher layer's table replaces the one below, never mixes with it.
/// Linear in the size of the pack: a department's learned pack may hold
/// 100,000 names, so what has been taken is kept in sets rather than
/// searched for each new rule.
fn merge(files: &[PackFile]) -> (RuleFile, Vec<Kept>, Vec<String>) {
    use std::collections::HashSet;
    /// The first table stated wins; true when `here` is the one taken.
    fn table<T: Clone>(merged: &mut Option<T>, here: &Option<T>) -> bool {
        if merged.is_none() && here.is_some() {
            merged.clone_from(here);
            return true;
        }
        false
    }
    let mut m = RuleFile::default();
    let mut all_kept = Vec::with_capacity(files.len());
    let mut disagreements: Vec<String> = Vec::new();
    let mut names: HashSet<String> = HashSet::new();
    let mut titles: HashSet<String> = HashSet::new();
    let mut events: HashSet<String> = HashSet::new();
    let mut spelling_forms: HashSet<String> = HashSet::new();
    let mut patterns: HashSet<String> = HashSet::new();
    let mut words: HashSet<String> = HashSet::new();
    for f in files {
        // Every field by name, so that a table added to `RuleFile` does not
        // compile until it is merged here. A convention table (an `Option`
        // `[x]` table) is merged with `table`: whole, from the highest
        // layer stating it.
        let RuleFile {
            names: r_names,
            titles: r_titles,
            roles: r_roles,
            spellings: r_spellings,
            spelling_policy: r_spelling_policy,
            dialect: r_dialect,
            honorifics: r_honorifics,
            honorific_conflicts: r_honorific_conflicts,
            abbreviations: r_abbreviations,
            references: r_references,
            ranks: r_ranks,
            events: r_events,
            dates: r_dates,
            ships: r_ships,
            patterns: r_patterns,
            builtin: _, // combined for the whole pack below
            accepts: r_accepts,
            words: r_words,
            rejects: _, // applied to the whole pack below
            severity: r_severity,
        } = &f.rules;
        let curated = f.layer != Layer::Learned;
        // A person's rule that a learned one overrides is worth a warning;
        // the built-in layer's defaults are overridden by design.
        let mut disagree = |what: String| {
            if f.layer == Layer::Curated {
                disagreements.push(format!(
                    "{}: {what}; the learned rule is used (see \"Rule packs\" in the README)",
                    f.path
                ));
            }
        };
        let mut kept = Kept::new();
        let mut count = |key: &'static str, n: usize| {
            if n > 0 {
                *kept.entry(key).or_default() += n;
            }
        };
        let before = m.names.len();
        for n in r_names {
            if names.insert(n.name.clone()) {
                m.names.push(n.clone());
            }
        }
        count("name", m.names.len() - before);
        let before = m.titles.len();
        for t in r_titles {
            if titles.insert(t.title.to_ascii_lowercase()) {
                m.titles.push(t.clone());
            } else if let Some(x) = m
                .titles
                .iter()
                .find(|x| x.title.eq_ignore_ascii_case(&t.title) && x.title != t.title)
            {
                disagree(format!(
                    "title '{}' disagrees with the learned '{}'",
                    t.title, x.title
                ));
            }
        }
        count("title", m.titles.len() - before);
        m.roles.extend(r_roles.iter().cloned());
        count("role", r_roles.len());
        let before = m.spellings.len();
        for s in r_spellings {
            let forms: Vec<String> = s
                .families()
                .flat_map(|(house, variants)| {
                    std::iter::once(house).chain(variants.iter().map(String::as_str))
                })
                .map(str::to_lowercase)
                .collect();
            let clashes = forms.iter().any(|f| spelling_forms.contains(f));
            if !(curated && clashes) {
                spelling_forms.extend(forms);
                m.spellings.push(s.clone());
            } else if let Some(x) = m.spellings.iter().find(|x| {
                x.preferred != s.preferred
                    && forms.iter().any(|f| {
                        x.preferred.eq_ignore_ascii_case(f)
                            || x.variants.iter().any(|v| v.eq_ignore_ascii_case(f))
                    })
            }) {
                disagree(format!(
                    "spelling '{}' disagrees with the learned '{}'",
                    s.preferred, x.preferred
                ));
            }
        }
        count("spelling", m.spellings.len() - before);
        if table(&mut m.spelling_policy, r_spelling_policy) {
            count("spelling_policy", 1);
        }
        if table(&mut m.dialect, r_dialect) {
            count("dialect", 1);
        }
        if table(&mut m.honorifics, r_honorifics) {
            count("honorifics", 1);
        }
        m.honorific_conflicts
            .extend(r_honorific_conflicts.iter().cloned());
        count("honorific_conflict", r_honorific_conflicts.len());
        let before = m.abbreviations.len();
        for k in r_abbreviations {
            if !m
                .abbreviations
                .iter()
                .any(|x| x.other == k.other || x.form == k.form)
            {
                m.abbreviations.push(k.clone());
            }
        }
        count("abbreviation", m.abbreviations.len() - before);
        let before = m.references.len();
        for k in r_references {
            if !m.references.iter().any(|x| x.person == k.person) {
                m.references.push(k.clone());
            }
        }
        count("reference", m.references.len() - before);
        let before = m.ranks.len();
        for k in r_ranks {
            if !m.ranks.iter().any(|x| x.rank == k.rank) {
                m.ranks.push(k.clone());
            }
        }
        count("rank", m.ranks.len() - before);
        let before = m.events.len();
        for e in r_events {
            if events.insert(e.event.clone()) {
                m.events.push(e.clone());
            } else if let Some(x) = m
                .events
                .iter()
                .find(|x| x.event == e.event && x.year != e.year)
            {
                disagree(format!(
                    "event '{}' in {} disagrees with the learned {}",
                    e.event, e.year, x.year
                ));
            }
        }
        count("event", m.events.len() - before);
        if table(&mut m.dates, r_dates) {
            count("dates", 1);
        }
        if table(&mut m.ships, r_ships) {
            count("ships", 1);
        }
        let before = m.patterns.len();
        for p in r_patterns {
            // Within a pack every pattern counts, as it always did; one
            // the pack already states is not added again from below.
            let fresh = patterns.insert(p.pattern.clone());
            if fresh || f.layer != Layer::Builtin {
                m.patterns.push(p.clone());
            }
        }
        count("pattern", m.patterns.len() - before);
        for (k, v) in r_severity {
            if !m.severity.contains_key(k) {
                m.severity.insert(k.clone(), *v);
                count("severity", 1);
            }
        }
        m.accepts.extend(r_accepts.iter().cloned());
        count("accept", r_accepts.len());
        let before = m.words.len();
        for w in r_words {
            if words.insert(w.word.clone()) {
                m.words.push(w.clone());
            }
        }
        count("word", m.words.len() - before);
        all_kept.push(kept);
    }
    m.builtin = builtin_use(files);
    for (f, kept) in files.iter().zip(&mut all_kept) {
        for r in &f.rules.rejects {
            apply_reject(&mut m, r);
            *kept.entry("reject").or_default() += 1;
        }
    }
    (m, all_kept, disagreements)
}

/// Leaves out of `m` every rule `r` vetoes; how many went.
fn apply_reject(m: &mut RuleFile, r: &RejectRule) -> usize {
    fn keep<T>(v: &mut Vec<T>, f: impl FnMut(&T) -> bool) -> usize {
        let n = v.len();
        v.retain(f);
        n - v.len()
    }
    let wants = |t: RejectTable| r.tables.is_empty() || r.tables.contains(&t);
    let form = r.form.as_str();
    let mut gone = 0;
    if wants(RejectTable::Name) {
        gone += keep(&mut m.names, |x| x.name != form);
    }
    if wants(RejectTable::Title) {
        gone += keep(&mut m.titles, |x| x.title != form);
    }
    if wants(RejectTable::Event) {
        gone += keep(&mut m.events, |x| x.event != form);
    }
    if wants(RejectTable::Role) {
        gone += keep(&mut m.roles, |x| format!("{} {}", x.role, x.person) != form);
    }
    if wants(RejectTable::Spelling) {
        // The house form vetoes the rule; a variant, only that variant.
        gone += keep(&mut m.spellings, |x| x.preferred != form);
        for x in &mut m.spellings {
            gone += keep(&mut x.variants, |v| v != form);
        }
        keep(&mut m.spellings, |x| {
            !x.variants.is_empty() || !x.forms.is_empty()
        });
    }
    gone
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
        let text = "# name/exac is a typo\n[severity]\n\"name/exact\" = \"loud\"\n\"name/exac\" = \"off\"\n\n[dates]\nstyle = \"roman\"\n";
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
            "unknown spelling kind 'hyphen' (expected hyphenation, spacing, british-american, case, consistency or house)"
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
            "{}{}{}[dates]\ncheck_weekday = false\nstyle = \"roman\"\n[severity]\n\"name/exact\" = \"loud\"\n\"date/format\" = \"hint\"\n\"date/weekday\" = \"off\"\n",
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
        assert!(errs[2].2.contains("unknown date style 'roman'"), "{errs:?}");
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
    fn the_dialect_table_reads_and_checks_its_words() {
        let ok = parse_rule_file(
            "t.toml",
            "[dialect]\nspelling = \"british\"\nendings = \"ize\"\nseen = 3\ndocuments = [\"a\", \"b\"]\n",
        )
        .unwrap();
        let d = ok.dialect.unwrap();
        assert_eq!(d.endings, Some(crate::rules::Endings::Ize));
        assert_eq!(d.evidence.documents, ["a", "b"]);
        let curated = parse_rule_file("t.toml", "[dialect]\nspelling = \"american\"\n").unwrap();
        assert_eq!(curated.dialect.unwrap().endings, None);
        assert_eq!(
            errors_in("[dialect]\nspelling = \"american\"\nendings = \"ise\"\n"),
            [(
                3,
                11,
                "`endings` is a British house's -ise/-ize choice; an American house writes -ize (leave `endings` out)".to_string()
            )]
        );
        let bad = errors_in("[dialect]\nspelling = \"british\"\nendings = \"yze\"\n");
        assert_eq!((bad[0].0, bad[0].1), (3, 11), "{bad:?}");
        assert!(bad[0].2.contains("ise or ize"), "{bad:?}");
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

    /// A pack folder holding `files` (relative path, text).
    fn pack_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    const NAME: &str =
        "[[name]]\nname = \"Ada Quill\"\nkind = \"person\"\nseen = 2\ndocuments = [\"a\", \"b\"]\n";

    fn layered(files: &[(&str, &str)]) -> RulePack {
        let dir = pack_dir(files);
        let (pack, errors) = RulePack::load_layered(dir.path()).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        pack
    }

    #[test]
    fn a_learned_pack_sits_on_the_built_in_conventions() {
        let dir = pack_dir(&[("learned/names.toml", NAME)]);
        // The folder alone has no conventions at all ...
        let (alone, _) = RulePack::load_dir(dir.path()).unwrap();
        assert!(alone.merged.dates.is_none() && alone.merged.ships.is_none());
        // ... layered, it keeps the built-in ones, and not the seeds' names.
        let (pack, errors) = RulePack::load_layered(dir.path()).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        let builtin = RulePack::builtin();
        assert_eq!(pack.merged.dates, builtin.merged.dates);
        // The seeds' learned `[ships]` table (with its evidence) replaces the
        // curated one in the built-in pack; a layered pack gets the curated
        // conventions, which say the same.
        let (ours, theirs) = (
            pack.merged.ships.as_ref().unwrap(),
            builtin.merged.ships.as_ref().unwrap(),
        );
        assert_eq!(
            (&ours.prefixes, ours.article),
            (&theirs.prefixes, theirs.article)
        );
        assert!(pack.merged.dates.is_some() && pack.merged.ships.is_some());
        let names: Vec<&str> = pack.names().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["Ada Quill"]);
        assert!(pack.merged.spellings.is_empty());
        // Each file says what it gave, in precedence order.
        let given: Vec<(Layer, &str, Vec<&str>)> = pack
            .files
            .iter()
            .zip(&pack.kept)
            .map(|(f, k)| (f.layer, f.path.as_str(), k.keys().copied().collect()))
            .collect();
        assert_eq!(
            given,
            [
                (Layer::Learned, "learned/names.toml", vec!["name"]),
                (Layer::Builtin, "curated/dates.toml", vec!["dates"]),
                (Layer::Builtin, "curated/ships.toml", vec!["ships"]),
            ]
        );
    }

    #[test]
    fn a_pack_can_switch_built_in_parts_off() {
        let pack = layered(&[
            ("learned/names.toml", NAME),
            ("curated/house.toml", "[builtin]\noff = [\"ships\"]\n"),
        ]);
        assert!(pack.merged.dates.is_some());
        assert!(pack.merged.ships.is_none());
        assert!(pack.files.iter().all(|f| f.path != "curated/ships.toml"));
        let pack = layered(&[
            ("learned/names.toml", NAME),
            ("curated/house.toml", "[builtin]\nuse = false\n"),
        ]);
        assert!(pack.merged.dates.is_none() && pack.merged.ships.is_none());
        assert!(pack.files.iter().all(|f| f.layer != Layer::Builtin));
        // Two files: what either switches off is off.
        let pack = layered(&[
            ("learned/a.toml", "[builtin]\noff = [\"dates\"]\n"),
            ("curated/b.toml", "[builtin]\noff = [\"ships\"]\n"),
        ]);
        assert!(pack.merged.dates.is_none() && pack.merged.ships.is_none());
    }

    #[test]
    fn an_unknown_built_in_part_is_an_error_at_its_value() {
        let text = "# off = [\"shipz\"]\n[builtin]\noff = [\"ships\", \"shipz\"]\nuse = true\n";
        // Today's built-in parts; the list follows `rules/curated/`.
        assert!(["dates", "ships"]
            .iter()
            .all(|p| builtin_parts().iter().any(|b| b == p)));
        let errs = errors_in(text);
        assert_eq!(
            errs,
            [(
                3,
                17,
                format!(
                    "unknown built-in part 'shipz' (expected {})",
                    or_list(builtin_parts())
                )
            )]
        );
        let errs = errors_in("[builtin]\nuse = \"no\"\n");
        assert_eq!((errs[0].0, errs[0].1), (2, 7), "{errs:?}");
        let errs = errors_in("[builtin]\nof = []\n");
        assert_eq!((errs[0].0, errs[0].1), (2, 1), "{errs:?}");
        // The file is left out, the rest of the pack (and the built-in
        // layer under it) still loads.
        let dir = pack_dir(&[
            ("learned/names.toml", NAME),
            ("curated/bad.toml", "[builtin]\noff = [\"shipz\"]\n"),
        ]);
        let (pack, errors) = RulePack::load_layered(dir.path()).unwrap();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].to_string().ends_with(&format!(
                "bad.toml:2:8: unknown built-in part 'shipz' (expected {})",
                or_list(builtin_parts())
            )),
            "{}",
            errors[0]
        );
        assert!(pack.merged.ships.is_some());
    }

    #[test]
    fn a_convention_table_in_a_higher_layer_replaces_the_one_below_whole() {
        // A learned [dates] with only one key given: the built-in table's
        // other keys do not leak through; the table's own defaults hold.
        let pack = layered(&[("learned/dates.toml", "[dates]\ncheck_weekday = false\n")]);
        let dates = pack.merged.dates.clone().unwrap();
        assert!(!dates.check_weekday);
        assert!(dates.relative_hints);
        let from: Vec<&str> = pack
            .files
            .iter()
            .zip(&pack.kept)
            .filter(|(_, k)| k.contains_key("dates"))
            .map(|(f, _)| f.path.as_str())
            .collect();
        assert_eq!(from, ["learned/dates.toml"]);
        // The rule is the same for every table, [honorifics] included: a
        // built-in layer stating one is replaced by the learned one.
        let honorifics = |full_stop: bool, seen: u32| {
            format!("[honorifics]\nfull_stop = {full_stop}\nseen = {seen}\ndocuments = []\n")
        };
        let file = |path: &str, text: &str, layer: Layer| PackFile {
            path: path.into(),
            disk_path: None,
            source: text.into(),
            rules: parse_rule_file(path, text).unwrap(),
            layer,
        };
        let below = honorifics(false, 0);
        let above = honorifics(true, 7);
        let pack = RulePack::build(
            PackSource::Builtin,
            vec![
                file("curated/h.toml", &below, Layer::Builtin),
                file("learned/honorifics.toml", &above, Layer::Learned),
            ],
        );
        let h = pack.merged.honorifics.unwrap();
        assert!(h.full_stop);
        assert_eq!(h.evidence.seen, 7);
    }

    #[test]
    fn list_entries_add_up_across_layers_and_the_higher_one_wins() {
        let file = |path: &str, text: String, layer: Layer| PackFile {
            path: path.into(),
            disk_path: None,
            rules: parse_rule_file(path, &text).unwrap(),
            source: text,
            layer,
        };
        let name = |n: &str, kind: &str| {
            format!("[[name]]\nname = \"{n}\"\nkind = \"{kind}\"\nseen = 1\ndocuments = []\n")
        };
        let pattern = |p: &str, m: &str| format!("[[pattern]]\npattern = '{p}'\nmessage = '{m}'\n");
        let spelling = |p: &str, v: &str| {
            format!("[[spelling]]\npreferred = \"{p}\"\nvariants = [\"{v}\"]\nkind = \"british-american\"\nseen = 1\ndocuments = []\n")
        };
        let builtin = [
            name("Ada Quill", "ship"),
            name("Bo Reed", "person"),
            pattern("x", "built-in x"),
            pattern("y", "built-in y"),
            spelling("colour", "color"),
            spelling("centre", "center"),
        ]
        .concat();
        let learned = [
            name("Ada Quill", "person"),
            pattern("x", "learned x"),
            spelling("color", "colour"),
        ]
        .concat();
        let pack = RulePack::build(
            PackSource::Builtin,
            vec![
                file("curated/b.toml", builtin, Layer::Builtin),
                file("learned/l.toml", learned, Layer::Learned),
            ],
        );
        let m = &pack.merged;
        let names: Vec<(&str, NameKind)> =
            m.names.iter().map(|n| (n.name.as_str(), n.kind)).collect();
        assert_eq!(
            names,
            [
                ("Ada Quill", NameKind::Person),
                ("Bo Reed", NameKind::Person)
            ]
        );
        let patterns: Vec<&str> = m.patterns.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(patterns, ["learned x", "built-in y"]);
        let spellings: Vec<&str> = m.spellings.iter().map(|s| s.preferred.as_str()).collect();
        assert_eq!(spellings, ["color", "centre"]);
        let kept: Vec<usize> = pack.kept.iter().map(|k| k["name"]).collect();
        assert_eq!(kept, [1, 1]);
    }

    #[test]
    fn the_built_in_pack_is_what_it_was() {
        // The built-in pack's own curated files are its built-in layer;
        // layering the project's rules/ on itself changes nothing merged.
        let builtin = RulePack::builtin();
        assert!(builtin.files.iter().all(|f| f.layer
            == if f.path.starts_with("curated/") {
                Layer::Builtin
            } else {
                Layer::Learned
            }));
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let (layered, errors) = RulePack::load_layered(&dir).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(layered.merged, builtin.merged);
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
