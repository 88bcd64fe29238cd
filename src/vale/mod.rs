//! Vale styles, run beside the learned house style.
//!
//! A team's `.vale.ini` and its style folders are read as Vale reads them
//! (`config.rs`: the configuration, its glob sections and vocabularies;
//! `style.rs`: a style folder's YAML rules), each rule compiled once by its
//! kind (`rules/`, one module per Vale `extends:`), and run over the scoped
//! text of a draft (`scope.rs`: headings, paragraphs, sentences, list items,
//! … with the markup taken out and every position mapped back to the
//! draft). Findings are ordinary [`Diagnostic`]s whose code is the rule's
//! Vale name (`Style.Rule`), so a team's habits and disable comments carry
//! over. Nothing here knows the learned house style; the engine runs both.

pub mod cache;
pub mod comments;
pub mod config;
pub mod pattern;
pub mod readability;
pub mod rules;
pub mod scan;
pub mod scope;
pub mod style;
pub mod vocab;

use crate::diagnostic::{Diagnostic, Severity};
use crate::text::parallel::{parallelism, PARALLEL_MIN_BYTES};
use crate::text::Document;
use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex};

/// A Vale alert level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Suggestion,
    Warning,
    Error,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        match s.trim().to_ascii_lowercase().as_str() {
            "suggestion" => Some(Level::Suggestion),
            "warning" => Some(Level::Warning),
            "error" => Some(Level::Error),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Suggestion => "suggestion",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    /// The draftlint severity of a Vale level: a suggestion is advice.
    pub fn severity(self) -> Severity {
        match self {
            Level::Suggestion => Severity::Information,
            Level::Warning => Severity::Warning,
            Level::Error => Severity::Error,
        }
    }
}

/// Something wrong with a configuration or a style: where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    /// 1-based; 0 when the problem is the file as a whole.
    pub line: usize,
    /// 1-based, in characters; 0 when unknown.
    pub column: usize,
    pub message: String,
}

impl Problem {
    pub fn new(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Problem {
        Problem {
            path: path.to_path_buf(),
            line,
            column,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, _) => write!(f, "{}: {}", self.path.display(), self.message),
            (l, 0) => write!(f, "{}:{l}: {}", self.path.display(), self.message),
            (l, c) => write!(f, "{}:{l}:{c}: {}", self.path.display(), self.message),
        }
    }
}

/// What a rule is, for hovers, `explain` and `rules`.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    /// `Style.Rule`.
    pub code: &'static str,
    /// The rule's kind (`existence`, `substitution`, …).
    pub extends: String,
    pub level: Level,
    pub message: String,
    pub description: Option<String>,
    pub link: Option<String>,
    /// The YAML file it came from.
    pub path: PathBuf,
}

/// A Vale rule's name as a finding's code. Codes are `&'static str`
/// throughout draftlint; a style's names are interned once per distinct
/// name, so reloading a style does not grow memory.
pub fn intern(code: &str) -> &'static str {
    static CODES: LazyLock<Mutex<HashSet<&'static str>>> = LazyLock::new(Default::default);
    let mut codes = CODES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&c) = codes.get(code) {
        return c;
    }
    let leaked: &'static str = Box::leak(code.to_owned().into_boxed_str());
    codes.insert(leaked);
    leaked
}

pub use crate::diagnostic::is_vale_code;
pub use cache::Cache;

/// A configuration as it applies to one file: what the engine runs.
pub struct ForFile {
    pub vale: std::sync::Arc<Vale>,
    pub applied: config::Applied,
}

impl ForFile {
    pub fn new(vale: std::sync::Arc<Vale>, path: &Path) -> ForFile {
        let applied = vale.config.for_path(path);
        ForFile { vale, applied }
    }

    pub fn check(&self, doc: &Document<'_>) -> Vec<Diagnostic> {
        self.vale.check_applied(&self.applied, doc)
    }

    /// [`ForFile::check`] of a document checked before with `cache`.
    pub fn check_cached(&self, doc: &Document<'_>, cache: &mut Cache) -> Vec<Diagnostic> {
        let cache = cache.for_owner(&self.vale);
        self.vale.check_cached(&self.applied, doc, Some(cache))
    }
}

/// One finding as Vale's `--output=line` prints it:
/// `path:line:column:Style.Rule:message` (1-based line, column in
/// characters).
pub fn format_line(path: &str, doc: &Document<'_>, d: &Diagnostic) -> String {
    let at = doc
        .lines()
        .to_line_col(doc.text, d.range.start, crate::text::Encoding::Scalar);
    format!(
        "{path}:{}:{}:{}:{}",
        at.line + 1,
        at.col + 1,
        d.code,
        d.message
    )
}

/// A `.vale.ini` with every style it names, compiled.
pub struct Vale {
    pub config: config::Config,
    pub rules: Vec<rules::Compiled>,
    /// Rules that need an external program (`script`, `sequence`), by name.
    pub unsupported: Vec<(String, String)>,
    /// Every rule's patterns, searched for together (`scan.rs`).
    prefilter: scan::Prefilter,
}

impl Vale {
    /// Reads `ini` and every style it names. `root` is the workspace or
    /// project: nothing outside it is read because the configuration says so.
    /// Problems are reported with where and what; a rule that fails is left
    /// out, the rest load.
    pub fn load(ini: &Path, root: Option<&Path>) -> (Option<Vale>, Vec<Problem>) {
        let (config, mut problems) = match config::Config::load(ini, root) {
            Ok(loaded) => loaded,
            Err(p) => return (None, vec![p]),
        };
        let mut rules = Vec::new();
        let mut unsupported = Vec::new();
        let vocab = vocab::Vocab::load(&config, root, &mut problems);
        for style in config.styles() {
            let (defs, p) = style::load_style(&config, &style, root);
            problems.extend(p);
            for def in defs {
                match rules::compile(&def, &config, &vocab) {
                    Ok(rules::Outcome::Rule(c)) => rules.push(*c),
                    Ok(rules::Outcome::Unsupported(why)) => unsupported.push((def.code(), why)),
                    Err(p) => problems.push(p),
                }
            }
        }
        rules.extend(vocab.rules());
        // The built-in `Vale` style: its spelling rule beside the
        // vocabulary's `Vale.Terms` and `Vale.Avoid`.
        if config
            .sections
            .iter()
            .any(|s| s.based_on.iter().any(|b| b == "Vale"))
        {
            match rules::spelling::builtin_spelling(&config, &vocab) {
                Ok(c) => rules.push(c),
                Err(p) => problems.push(p),
            }
        }
        rules.sort_by(|a, b| a.info.code.cmp(b.info.code));
        (Some(Vale::new(config, rules, unsupported)), problems)
    }

    /// A configuration with its compiled rules.
    pub fn new(
        config: config::Config,
        rules: Vec<rules::Compiled>,
        unsupported: Vec<(String, String)>,
    ) -> Vale {
        let prefilter = scan::Prefilter::new(
            rules
                .iter()
                .flat_map(|r| r.kind.patterns().into_iter().chain(r.kind.captures())),
        );
        Vale {
            config,
            rules,
            unsupported,
            prefilter,
        }
    }

    /// The rule named `code`, for hovers and `explain`.
    pub fn info(&self, code: &str) -> Option<&RuleInfo> {
        self.rules
            .iter()
            .find(|r| r.info.code == code)
            .map(|r| &r.info)
    }

    /// Findings of the styles that apply to `path` in `doc`.
    pub fn check(&self, path: &Path, doc: &Document<'_>) -> Vec<Diagnostic> {
        self.check_applied(&self.config.for_path(path), doc)
    }

    /// Findings of the rules `applied` switches on, in `doc`.
    pub fn check_applied(&self, applied: &config::Applied, doc: &Document<'_>) -> Vec<Diagnostic> {
        self.check_cached(applied, doc, None)
    }

    /// The same, with `cache`: what the last check of the same document
    /// made of each of its units (`cache.rs`). Rules that read one block
    /// at a time (most kinds: [`rules::Kind::is_local`]) and the
    /// document-wide kinds that read the draft as parts of blocks
    /// ([`rules::Kind::gathers`]) read only the units the cache has not
    /// seen, as the server does on every keystroke.
    fn check_cached(
        &self,
        applied: &config::Applied,
        doc: &Document<'_>,
        cache: Option<&mut cache::Cache>,
    ) -> Vec<Diagnostic> {
        if applied.is_empty() {
            return Vec::new();
        }
        let switches = comments::Switches::parse(doc);
        // The rules that run, each with its level and its scope's place
        // among the distinct scopes.
        let mut scopes: Vec<&scope::Selector> = Vec::new();
        let mut runs: Vec<Run<'_>> = Vec::new();
        for rule in &self.rules {
            let Some(level) = applied.level_of(rule) else {
                continue;
            };
            if level < applied.min_level() {
                continue;
            }
            let at = match scopes.iter().position(|s| **s == rule.scope) {
                Some(at) => at,
                None => {
                    scopes.push(&rule.scope);
                    scopes.len() - 1
                }
            };
            runs.push((rule, level, at));
        }
        let Some(cache) = cache else {
            let scoped = scope::Scoped::new(doc, applied);
            let selected = Selected::new(&scoped, &scopes);
            return self.run(doc, &switches, &selected, &runs);
        };
        let (kept, rest): (Vec<Run<'_>>, Vec<Run<'_>>) =
            runs.into_iter().partition(|(rule, _, _)| {
                (rule.kind.is_local() || rule.kind.gathers()) && !rule.scope.wants_raw()
            });
        let units = cache.units(doc, applied, &kept);
        let mut out = Vec::new();
        if !rest.is_empty() {
            let scoped = scope::Scoped::of_units(doc, units);
            let selected = Selected::new(&scoped, &scopes);
            out = self.run(doc, &switches, &selected, &rest);
        }
        let reused = cache::Cache::check(self, doc, units, &switches, &scopes, &kept, &mut out);
        cache.reused = reused;
        out
    }

    /// `runs` over the `selected` blocks of each scope.
    fn run(
        &self,
        doc: &Document<'_>,
        switches: &comments::Switches,
        selected: &Selected<'_, '_>,
        runs: &[Run<'_>],
    ) -> Vec<Diagnostic> {
        let found = self.each_rule(selected, runs, doc.text.len(), |(rule, level, _), text| {
            let mut hits = Vec::new();
            rule.kind.check(text, &mut hits);
            hits.into_iter()
                .filter(|hit| !switches.is_off(rule.info.code, hit.range.start))
                .map(|hit| rule.diagnostic(*level, hit, doc))
                .collect::<Vec<_>>()
        });
        found.into_iter().flatten().collect()
    }

    /// `task` of each of `runs` with its scope's text, in order. What
    /// several rules share is made first: each scope's read for literals,
    /// the full searches of shared patterns, the readability counts. One
    /// task per thing, then one per rule; text of `bytes` bytes or more is
    /// shared out among threads.
    fn each_rule<T: Send>(
        &self,
        selected: &Selected<'_, '_>,
        runs: &[Run<'_>],
        bytes: usize,
        task: impl Fn(&Run<'_>, &scan::Text<'_, '_, '_>) -> T + Sync,
    ) -> Vec<T> {
        let scan = self.prefilter.scan(selected.len());
        let mut shared: Vec<(usize, Option<scan::Work>, Option<&pattern::Pattern>)> = Vec::new();
        for (rule, _, at) in runs {
            if rule.kind.reads_counts() && !shared.iter().any(|s| s.0 == *at && s.2.is_none()) {
                shared.push((*at, None, None));
            }
            let reads = rule.kind.patterns().into_iter().map(|p| (p, false));
            let groups = rule.kind.captures().into_iter().map(|p| (p, true));
            for (p, groups) in reads.chain(groups) {
                let work = self.prefilter.work(p, groups);
                if work.is_some() && !shared.iter().any(|s| s.0 == *at && s.1 == work) {
                    shared.push((*at, work, Some(p)));
                }
            }
        }
        let prepare = |(at, w, p): &(usize, Option<scan::Work>, Option<&pattern::Pattern>)| {
            let text = scan.text(*at, selected.get(*at));
            match p {
                Some(p) => text.prepare(p, matches!(w, Some(scan::Work::Groups(_)))),
                None => {
                    text.block_counts();
                }
            }
        };
        let run = |r: &Run<'_>| task(r, &scan.text(r.2, selected.get(r.2)));
        let threads = if bytes >= PARALLEL_MIN_BYTES && runs.len() > 1 {
            parallelism()
        } else {
            1
        };
        if threads == 1 {
            return runs.iter().map(run).collect();
        }
        // Long drafts: the tasks shared out among threads, each taking the
        // next as it finishes one; the results in rule order, as on one
        // thread.
        let next = std::sync::atomic::AtomicUsize::new(0);
        let mut done: Vec<(usize, T)> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    s.spawn(|| {
                        let mut mine = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            if let Some(task) = shared.get(i) {
                                prepare(task);
                                continue;
                            }
                            let Some(r) = runs.get(i - shared.len()) else {
                                break;
                            };
                            mine.push((i, run(r)));
                        }
                        mine
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        done.sort_by_key(|(i, _)| *i);
        done.into_iter().map(|(_, d)| d).collect()
    }
}

/// The blocks each of a check's distinct scopes selects, chosen when a
/// rule first asks (on whichever thread runs it).
pub(crate) struct Selected<'s, 'a> {
    scoped: &'s scope::Scoped<'a>,
    scopes: &'s [&'s scope::Selector],
    chosen: Vec<std::sync::OnceLock<Arc<Vec<scope::Block<'a>>>>>,
}

impl<'s, 'a> Selected<'s, 'a> {
    fn new(scoped: &'s scope::Scoped<'a>, scopes: &'s [&'s scope::Selector]) -> Self {
        Selected {
            scoped,
            scopes,
            chosen: scopes.iter().map(|_| std::sync::OnceLock::new()).collect(),
        }
    }

    /// How many distinct scopes.
    fn len(&self) -> usize {
        self.scopes.len()
    }

    /// The blocks of the `at`-th scope.
    fn get(&self, at: usize) -> &[scope::Block<'a>] {
        self.chosen[at].get_or_init(|| self.scoped.select(self.scopes[at]))
    }
}

/// A rule that runs: its level and its scope's place among the check's
/// distinct scopes.
type Run<'r> = (&'r rules::Compiled, Level, usize);

/// Helpers for the kinds' unit tests: one rule run over one draft, its
/// findings as Vale's `--output=line` prints them (line:column:code:message).
#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::text::Format;

    pub fn run_rule(rule_yaml: &str, draft: &str) -> Vec<String> {
        run_rule_as(rule_yaml, draft, Format::Markdown)
    }

    /// The findings' byte ranges of one rule over `doc`, in order.
    pub fn run_rule_ranges(rule_yaml: &str, doc: &Document<'_>) -> Vec<(usize, usize)> {
        let mut found = vale_of(rule_yaml, &[]).check(Path::new("draft.md"), doc);
        found.sort_by_key(|d| d.range.start);
        found.iter().map(|d| (d.range.start, d.range.end)).collect()
    }

    pub fn vale_of(rule_yaml: &str, accept: &[&str]) -> Vale {
        let def = style::Definition::from_source(
            "Test",
            "Rule",
            Path::new("Test/Rule.yml"),
            rule_yaml.to_string(),
        )
        .unwrap_or_else(|p| panic!("{p}"));
        let (config, _) =
            config::Config::parse(Path::new(".vale.ini"), "[*]\nBasedOnStyles = Test\n");
        let vocab = std::sync::Arc::new(vocab::Vocab::from_terms(accept, &[]));
        let compiled = match rules::compile(&def, &config, &vocab).unwrap_or_else(|p| panic!("{p}"))
        {
            rules::Outcome::Rule(c) => *c,
            rules::Outcome::Unsupported(why) => panic!("unsupported: {why}"),
        };
        Vale::new(config, vec![compiled], Vec::new())
    }

    pub fn run_rule_as(rule_yaml: &str, draft: &str, format: Format) -> Vec<String> {
        run_rule_with(rule_yaml, &[], draft, format)
    }

    /// One rule over one draft, with `accept` as the vocabulary's accepted
    /// terms.
    pub fn run_rule_with(
        rule_yaml: &str,
        accept: &[&str],
        draft: &str,
        format: Format,
    ) -> Vec<String> {
        let vale = vale_of(rule_yaml, accept);
        let doc = Document::parse(draft, format);
        let mut found = vale.check(Path::new("draft.md"), &doc);
        found.sort_by_key(|d| d.range.start);
        found
            .iter()
            .map(|d| {
                let at =
                    doc.lines()
                        .to_line_col(doc.text, d.range.start, crate::text::Encoding::Scalar);
                format!("{}:{}:{}:{}", at.line + 1, at.col + 1, d.code, d.message)
            })
            .collect()
    }
}
