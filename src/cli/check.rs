//! `draftlint check`: check drafts, optionally fix them, report.
//!
//! Files are read, checked and (with `--fix`) rewritten in parallel, and
//! each is reported as soon as it and every file before it are done, in the
//! order they were named, so output is deterministic and starts early.
//! With workspace consistency, each draft is then held, in that order, to
//! the drafts before it under the same configuration. A problem with one file is reported and the others are
//! still checked; the exit status is 2 at the end. Otherwise it is 1 when a
//! finding is at least as severe as `--fail-on` (or, with `--diff`, when a
//! file would change), unless `--exit-zero`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex};

use super::inputs::{self, Found, Input};
use super::json::{self, Counts};
use super::output::{self, io_message, paint, plural, Out, Palette, Problem, Status};
use super::pack::{self, Configs};
use super::render::{self, Elsewhere, Options};
use super::{github, junit, sarif, CheckArgs, FailOn, OutputFormat};
use crate::config::{self, Config};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::engine::{Earlier, Mentions};
use crate::fix::{fix_until_stable, write_fixed, CutShort, Which, WriteError};
use crate::text::{Document, LineIndex};
use crate::vale::config::Config as ValeConfig;
use crate::vale::Vale;
use crate::Engine;

/// How many files may be checked ahead of the one printed next.
const WINDOW: usize = 256;

/// What became of one draft.
struct Checked {
    /// The text the diagnostics refer to (the fixed text, with `--fix` and
    /// `--diff`).
    text: String,
    /// With `--diff`, the text as read, when fixing changed it.
    original: Option<String>,
    diagnostics: Vec<Diagnostic>,
    /// Fixes applied.
    fixed: usize,
    /// Fixing stopped before the fixes settled, or the fixed file could not
    /// be written (it is left as it was).
    problems: Vec<Problem>,
    /// With workspace consistency: the mentions of `text`, for the drafts
    /// after it.
    mentions: Option<Mentions>,
}

/// Totals over the run.
#[derive(Debug, Default)]
struct Totals {
    problems: usize,
    /// Findings at or above `--fail-on`.
    failing: usize,
    /// With `--diff`: files that would change, and the fixes that would.
    would_change: usize,
    would_fix: usize,
    fixable: usize,
    /// Findings whose only fixes are unsafe, when unsafe fixes are off.
    hidden_unsafe: usize,
    fixed: usize,
    errors: usize,
    files: usize,
}

/// Where the report goes and how it is written.
struct Report {
    out: Out,
    format: OutputFormat,
    options: Options,
    /// JSON mode: everything is gathered and written at the end.
    json_diagnostics: Vec<json::JsonDiagnostic>,
    json_errors: Vec<Problem>,
    /// SARIF mode, likewise.
    sarif: Option<sarif::Log>,
    /// JUnit mode, likewise.
    junit: Option<junit::Log>,
    /// `--statistics`: findings per code, counted instead of printed.
    statistics: Option<BTreeMap<&'static str, usize>>,
    /// `--diff`: diffs are printed instead of findings.
    diff: bool,
    /// Where the drafts that others are held to say what they say.
    elsewhere: Elsewhere,
}

impl Report {
    fn problem(&mut self, p: Problem) -> io::Result<()> {
        if self.format == OutputFormat::Json {
            self.json_errors.push(p);
        } else if let Some(log) = &mut self.sarif {
            log.problem(&p);
        } else if let Some(log) = &mut self.junit {
            log.problem(&p);
        } else if self.format == OutputFormat::Github {
            // An annotation too, and in its place among the findings.
            self.out.write_all(github::problem(&p).as_bytes())?;
        } else {
            // Keep errors in their place among the findings on a terminal.
            self.out.flush()?;
            output::error(&p.to_string());
        }
        Ok(())
    }

    fn file(&mut self, path: &str, c: &Checked) -> io::Result<()> {
        if self.diff {
            if let Some(original) = &c.original {
                self.out
                    .write_all(unified_diff(path, original, &c.text).as_bytes())?;
            }
            return Ok(());
        }
        if let (Some(log), None) = (&mut self.junit, &self.statistics) {
            // Every draft is a suite, a clean one too.
            log.file(path, &c.text, &LineIndex::new(&c.text), &c.diagnostics);
            return Ok(());
        }
        if c.diagnostics.is_empty() {
            return Ok(());
        }
        if let Some(stats) = &mut self.statistics {
            for d in &c.diagnostics {
                *stats.entry(d.code).or_default() += 1;
            }
            return Ok(());
        }
        let lines = LineIndex::new(&c.text);
        if let Some(log) = &mut self.sarif {
            log.file(path, &c.text, &lines, &c.diagnostics, &self.elsewhere);
            return Ok(());
        }
        for d in &c.diagnostics {
            match self.format {
                OutputFormat::Human => self.out.write_all(
                    render::diagnostic(path, &c.text, &lines, d, &self.options, &self.elsewhere)
                        .as_bytes(),
                )?,
                OutputFormat::Concise => self.out.write_all(
                    render::concise(path, &c.text, &lines, d, &self.options).as_bytes(),
                )?,
                OutputFormat::Json => self.json_diagnostics.push(json::diagnostic(
                    path,
                    &c.text,
                    &lines,
                    d,
                    &self.elsewhere,
                )),
                OutputFormat::Github => self
                    .out
                    .write_all(github::diagnostic(path, &c.text, &lines, d).as_bytes())?,
                OutputFormat::Line => {
                    let at =
                        lines.to_line_col(&c.text, d.range.start, crate::text::Encoding::Scalar);
                    writeln!(
                        self.out,
                        "{path}:{}:{}:{}:{}",
                        at.line + 1,
                        at.col + 1,
                        d.code,
                        d.message.replace('\n', " ")
                    )?;
                }
                // Gathered above.
                OutputFormat::Sarif | OutputFormat::Junit => {}
            }
        }
        Ok(())
    }
}

/// What `check` does with each draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Check,
    /// `--fix`: fix it in place.
    Fix,
    /// `--diff`: compute the fixes, keep the text as read for the diff.
    Diff,
}

/// The unified diff from `old` to `new`, both labelled `path`, as `git apply
/// -p0` and `patch -p0` read it.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let mut out = similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .missing_newline_hint(true)
        .header(path, path)
        .to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

pub fn run(args: &CheckArgs) -> io::Result<Status> {
    let which = if args.unsafe_fixes {
        Which::SafeAndUnsafe
    } else {
        Which::Safe
    };
    let text_formats = matches!(
        args.format,
        OutputFormat::Human | OutputFormat::Concise | OutputFormat::Line
    );
    if (args.statistics || args.diff) && !text_formats {
        output::error(&format!(
            "{} prints text: use it with --format human or concise",
            if args.diff { "--diff" } else { "--statistics" }
        ));
        return Ok(Status::Error);
    }
    let mode = if args.diff {
        Mode::Diff
    } else if args.fix {
        Mode::Fix
    } else {
        Mode::Check
    };
    let stdin_fix = args.fix && args.paths.iter().any(|p| p.as_os_str() == "-");
    let mut report = Report {
        // With `--fix -` standard output carries the fixed text.
        out: if stdin_fix {
            output::stderr()
        } else {
            output::stdout()
        },
        format: args.format,
        options: Options {
            palette: Palette::colored(),
        },
        json_diagnostics: Vec::new(),
        json_errors: Vec::new(),
        sarif: (args.format == OutputFormat::Sarif).then(sarif::Log::new),
        junit: (args.format == OutputFormat::Junit).then(junit::Log::new),
        statistics: args.statistics.then(BTreeMap::new),
        diff: args.diff,
        elsewhere: Elsewhere::default(),
    };
    let mut totals = Totals::default();

    // Everything is looked at before any draft is checked: a mistake in the
    // codes or in a draftlint.toml stops the run (exit 2), as in ruff.
    let mut ready = true;
    let mut codes = |list: &Option<String>, flag: &str, report: &mut Report| -> io::Result<_> {
        match list
            .as_deref()
            .map(|l| config::parse_codes(l, flag))
            .transpose()
        {
            Ok(codes) => Ok(codes),
            Err(message) => {
                ready = false;
                totals.errors += 1;
                report.problem(Problem::new("draftlint", message))?;
                Ok(None)
            }
        }
    };
    let select = codes(&args.select, "--select", &mut report)?;
    let ignore = codes(&args.ignore, "--ignore", &mut report)?;
    let cwd = match pack::current_dir() {
        Ok(cwd) => Some(cwd),
        Err(p) => {
            ready = false;
            totals.errors += 1;
            report.problem(p)?;
            None
        }
    };

    let mut collected: Vec<(Found, Option<pack::Found>)> = Vec::new();
    if let (true, Some(cwd)) = (ready, &cwd) {
        let mut configs = Configs::new(&args.config, cwd);
        let found = inputs::collect(&args.paths, args.stdin_filename.as_ref(), |path, named| {
            if named && !args.force_exclude {
                return true;
            }
            match configs.for_file(path) {
                Some((_, c)) if c.filters_files() => c.selects(&configs.resolved(path)),
                _ => true,
            }
        });
        for f in found {
            let config = match &f {
                Ok(Input::File(p) | Input::Stdin(Some(p))) => configs.for_file(p),
                Ok(Input::Stdin(None)) => configs.for_file(&cwd.join("-")),
                Err(_) => None,
            };
            collected.push((f, config));
        }
        if !configs.errors.is_empty() {
            ready = false;
            for p in std::mem::take(&mut configs.errors) {
                totals.errors += 1;
                report.problem(p)?;
            }
        }
    }

    let mut fixed_stdin: Option<String> = None;
    if let (true, Some(cwd)) = (ready, &cwd) {
        // One engine per configuration file, loaded (in order, before any
        // draft is checked) when a draft needs it; its problems are
        // reported in the place of that draft.
        let mut setups: HashMap<Option<PathBuf>, Option<Arc<Setup>>> = HashMap::new();
        let mut jobs: Vec<Job> = Vec::new();
        let mut vales = Vales::new(args, cwd);
        if let Some(p) = vales.named_error.take() {
            ready = false;
            jobs.push(Job::Problem(p));
        }
        for (found, config) in collected {
            match found {
                Ok(input) => {
                    let key = config.as_ref().map(|(path, _)| path.clone());
                    let setup = match setups.get(&key) {
                        Some(s) => s.clone(),
                        None => {
                            let c = config.as_ref().map(|(_, c)| &**c);
                            let loaded = setup(args, c, select.as_deref(), ignore.as_deref(), cwd);
                            let setup = match loaded {
                                Ok((mut setup, problems)) => {
                                    jobs.extend(problems.into_iter().map(Job::Problem));
                                    setup.id = setups.len();
                                    Some(Arc::new(setup))
                                }
                                Err(p) => {
                                    // Nothing is checked with a pack that
                                    // cannot be used, and no summary says so.
                                    ready = false;
                                    jobs.push(Job::Problem(p));
                                    None
                                }
                            };
                            setups.insert(key, setup.clone());
                            setup
                        }
                    };
                    // Without a pack, the drafts it governs are not checked;
                    // nor any draft when the named Vale configuration cannot
                    // be read.
                    if let (Some(setup), false) = (setup, vales.named_failed) {
                        let vale = match &input {
                            Input::File(p) | Input::Stdin(Some(p)) => vales.for_file(p, &mut jobs),
                            Input::Stdin(None) => vales.for_file(&cwd.join("-"), &mut jobs),
                        };
                        jobs.push(Job::File(input, setup, vale));
                    }
                }
                // Reported in its place among the files.
                Err(p) => jobs.push(Job::Problem(p)),
            }
        }
        // Per configuration: the drafts checked so far, as the next is held
        // to them; and the number of the next draft.
        let mut workspaces: HashMap<usize, Earlier> = HashMap::new();
        let mut drafts = 0;
        in_order(
            &jobs,
            |job| match job {
                Job::File(input, setup, vale) => {
                    let engine = match (vale, input) {
                        (Some(v), Input::File(p) | Input::Stdin(Some(p))) => {
                            setup.engine.with_vale(v, p)
                        }
                        (Some(v), Input::Stdin(None)) => setup.engine.with_vale(v, Path::new("-")),
                        (None, _) => setup.engine.clone(),
                    };
                    Some(process(&engine, input, mode, which, setup.workspace))
                }
                Job::Problem(_) => None,
            },
            |i, result| {
                match (&jobs[i], result) {
                    (Job::Problem(p), _) => {
                        totals.errors += 1;
                        report.problem(p.clone())?;
                    }
                    (Job::File(..), None) => {}
                    (Job::File(..), Some(Err(p))) => {
                        totals.errors += 1;
                        report.problem(p)?;
                    }
                    (Job::File(input, setup, _), Some(Ok(mut c))) => {
                        totals.files += 1;
                        for p in &c.problems {
                            totals.errors += 1;
                            report.problem(p.clone())?;
                        }
                        let shown = input.display();
                        if let Some(mentions) = c.mentions.take() {
                            let earlier = workspaces.entry(setup.id).or_default();
                            together(
                                setup,
                                input,
                                &shown,
                                drafts,
                                &mut c,
                                mentions,
                                earlier,
                                &mut report.elsewhere,
                            );
                            drafts += 1;
                        }
                        count(&mut totals, &c, args.unsafe_fixes, setup.fail_on);
                        report.file(&shown, &c)?;
                        if stdin_fix && matches!(input, Input::Stdin(_)) {
                            fixed_stdin = Some(c.text);
                        }
                    }
                }
                Ok::<(), io::Error>(())
            },
        )?;
        if setups.is_empty() {
            // No draft at all: the pack is still loaded, so that a broken
            // one fails the run.
            let mut configs = Configs::new(&args.config, cwd);
            let config = configs.for_file(&cwd.join("-"));
            match setup(
                args,
                config.as_ref().map(|(_, c)| &**c),
                select.as_deref(),
                ignore.as_deref(),
                cwd,
            ) {
                Ok((_, problems)) => {
                    for p in problems {
                        totals.errors += 1;
                        report.problem(p)?;
                    }
                }
                Err(p) => {
                    ready = false;
                    totals.errors += 1;
                    report.problem(p)?;
                }
            }
            for p in configs.errors {
                totals.errors += 1;
                report.problem(p)?;
            }
        }
    }

    if let Some(text) = fixed_stdin {
        let mut stdout = io::stdout().lock();
        stdout.write_all(text.as_bytes())?;
        stdout.flush()?;
    }

    match args.format {
        OutputFormat::Json => {
            let doc = json::Document {
                version: json::VERSION,
                diagnostics: std::mem::take(&mut report.json_diagnostics),
                errors: report.json_errors.iter().map(json::error).collect(),
                summary: Counts {
                    problems: totals.problems,
                    fixable: totals.fixable,
                    fixed: totals.fixed,
                    errors: totals.errors,
                },
            };
            serde_json::to_writer_pretty(&mut report.out, &doc)?;
            writeln!(report.out)?;
        }
        OutputFormat::Sarif => {
            let log = report.sarif.take().unwrap_or_default().finish();
            serde_json::to_writer_pretty(&mut report.out, &log)?;
            writeln!(report.out)?;
        }
        OutputFormat::Junit => match report.statistics.take() {
            Some(stats) => write_statistics(&mut report.out, &stats)?,
            None => {
                let log = report.junit.take().unwrap_or_default().finish();
                report.out.write_all(log.as_bytes())?;
            }
        },
        // Vale's line output is the findings alone, for scripts.
        OutputFormat::Line if !args.diff => {
            if let Some(stats) = report.statistics.take() {
                write_statistics(&mut report.out, &stats)?;
            }
        }
        OutputFormat::Human | OutputFormat::Concise | OutputFormat::Github | OutputFormat::Line => {
            if let Some(stats) = report.statistics.take() {
                write_statistics(&mut report.out, &stats)?;
            }
            if args.diff {
                // Standard output is the patch alone; the tally goes to
                // standard error.
                report.out.flush()?;
                if !args.quiet && ready {
                    let mut err = anstream::stderr().lock();
                    let _ = writeln!(err, "{}", diff_summary(&totals));
                }
            } else if ready && !args.quiet {
                if totals.files == 0 && totals.errors == 0 {
                    report.out.flush()?;
                    let mut err = anstream::stderr().lock();
                    let _ = writeln!(
                        err,
                        "{}: no drafts (*.md, *.markdown, *.txt) found in the given paths",
                        paint(Palette::colored().warning, "warning")
                    );
                }
                writeln!(report.out, "{}", summary(&totals, args.fix))?;
            }
            if totals.errors > 0 && !args.quiet && args.format != OutputFormat::Github {
                writeln!(
                    report.out,
                    "{} reported above.",
                    plural(totals.errors, "error", "errors")
                )?;
            }
        }
    }
    report.out.flush()?;

    let fails = if args.diff {
        totals.would_change > 0
    } else {
        totals.failing > 0
    };
    Ok(if totals.errors > 0 {
        Status::Error
    } else if fails && !args.exit_zero {
        Status::Findings
    } else {
        Status::Clean
    })
}

/// `--statistics`: one line per code, most findings first (then by code).
fn write_statistics(out: &mut Out, stats: &BTreeMap<&'static str, usize>) -> io::Result<()> {
    let mut rows: Vec<(&str, usize)> = stats.iter().map(|(c, n)| (*c, *n)).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let width = rows.first().map_or(1, |r| r.1.to_string().len());
    for (code, n) in rows {
        writeln!(out, "{n:>width$}  {code}")?;
    }
    Ok(())
}

/// `Would fix 3 problems in 2 files.` for `--diff`.
fn diff_summary(t: &Totals) -> String {
    if t.would_change == 0 {
        return "No fixes to make.".to_string();
    }
    format!(
        "Would fix {} in {}.",
        plural(t.would_fix, "problem", "problems"),
        plural(t.would_change, "file", "files")
    )
}

fn count(t: &mut Totals, c: &Checked, unsafe_fixes: bool, fail_on: FailOn) {
    t.problems += c.diagnostics.len();
    t.failing += c
        .diagnostics
        .iter()
        .filter(|d| fail_on.fails(d.severity))
        .count();
    if c.original.is_some() {
        t.would_change += 1;
        t.would_fix += c.fixed;
    } else {
        t.fixed += c.fixed;
    }
    for d in &c.diagnostics {
        let has = |a: Applicability| d.fixes.iter().any(|f| f.applicability == a);
        if has(Applicability::Safe) || (unsafe_fixes && has(Applicability::Unsafe)) {
            t.fixable += 1;
        } else if has(Applicability::Unsafe) {
            t.hidden_unsafe += 1;
        }
    }
}

/// `Found 3 problems (2 fixable with --fix).` and the like.
fn summary(t: &Totals, fix: bool) -> String {
    if fix {
        let found = t.problems + t.fixed;
        if found == 0 {
            return "No problems found.".to_string();
        }
        return format!(
            "Found {} ({} fixed, {} remaining).",
            plural(found, "problem", "problems"),
            t.fixed,
            t.problems
        );
    }
    if t.problems == 0 {
        return "No problems found.".to_string();
    }
    let found = format!("Found {}", plural(t.problems, "problem", "problems"));
    match (t.fixable, t.hidden_unsafe) {
        (0, 0) => format!("{found}."),
        (n, 0) => format!("{found} ({n} fixable with --fix)."),
        (0, h) => format!("{found} ({h} fixable with --fix --unsafe-fixes)."),
        (n, h) => format!("{found} ({n} fixable with --fix; {h} more with --unsafe-fixes)."),
    }
}

/// What the drafts one configuration governs are checked with.
struct Setup {
    engine: Engine,
    fail_on: FailOn,
    /// Whether its drafts are held to one another.
    workspace: bool,
    /// Which configuration it is, among the run's.
    id: usize,
}

/// The Vale configurations of a run: `--vale-config`'s, or each draft's
/// nearest `.vale.ini` within the current folder, each loaded once, its
/// problems reported once in the place of the first draft it governs.
struct Vales {
    off: bool,
    named: Option<Arc<Vale>>,
    /// `--vale-config` could not be read: nothing is checked.
    named_error: Option<Problem>,
    named_failed: bool,
    found: HashMap<PathBuf, Option<Arc<Vale>>>,
    cwd: PathBuf,
    /// `--vale-config`'s problems, reported with the first draft.
    pending: Vec<crate::vale::Problem>,
    unsupported_said: HashSet<String>,
}

impl Vales {
    fn new(args: &CheckArgs, cwd: &Path) -> Vales {
        let mut v = Vales {
            off: args.no_vale,
            named: None,
            named_error: None,
            named_failed: false,
            found: HashMap::new(),
            cwd: cwd.to_path_buf(),
            pending: Vec::new(),
            unsupported_said: HashSet::new(),
        };
        if let (false, Some(ini)) = (args.no_vale, &args.vale_config) {
            // Named on the command line: the user's choice, read wherever it is.
            let ini = cwd.join(ini);
            match Vale::load(&ini, None) {
                (Some(vale), problems) => {
                    v.named = Some(Arc::new(vale));
                    v.pending = problems;
                }
                (_, problems) => {
                    v.named_failed = true;
                    v.named_error = Some(problems.into_iter().next().map_or_else(
                        || Problem::new(ini.display().to_string(), "cannot be read"),
                        |p| vale_problem(p, cwd),
                    ));
                }
            }
        }
        v
    }

    fn for_file(&mut self, file: &Path, jobs: &mut Vec<Job>) -> Option<Arc<Vale>> {
        if self.off || self.named_failed {
            return None;
        }
        if let Some(named) = &self.named {
            for p in std::mem::take(&mut self.pending) {
                jobs.push(Job::Problem(vale_problem(p, &self.cwd)));
            }
            report_unsupported(named, &mut self.unsupported_said);
            return Some(named.clone());
        }
        let file = self.cwd.join(file);
        let ini = ValeConfig::find(&file, &self.cwd)?;
        if let Some(v) = self.found.get(&ini) {
            return v.clone();
        }
        // Found in the project: it may read only inside it.
        let (vale, problems) = Vale::load(&ini, Some(&self.cwd));
        jobs.extend(
            problems
                .into_iter()
                .map(|p| Job::Problem(vale_problem(p, &self.cwd))),
        );
        let vale = vale.map(Arc::new);
        if let Some(v) = &vale {
            report_unsupported(v, &mut self.unsupported_said);
        }
        self.found.insert(ini, vale.clone());
        vale
    }
}

/// A rule that needs a program draftlint does not run is said once per run.
fn report_unsupported(vale: &Vale, said: &mut HashSet<String>) {
    for (code, why) in &vale.unsupported {
        if said.insert(code.clone()) {
            output::warning(&format!("Vale rule {code} is not run: {why}"));
        }
    }
}

fn vale_problem(p: crate::vale::Problem, cwd: &Path) -> Problem {
    Problem {
        path: p
            .path
            .strip_prefix(cwd)
            .unwrap_or(&p.path)
            .display()
            .to_string(),
        line: (p.line > 0).then_some(p.line),
        column: (p.column > 0).then_some(p.column),
        message: p.message,
    }
}

/// What the run does, in the order it reports.
enum Job {
    File(Input, Arc<Setup>, Option<Arc<Vale>>),
    /// A problem met looking for inputs or loading a pack, in its place.
    Problem(Problem),
}

/// Holds `c`, the draft `input` (shown as `shown`, numbered `number` in the
/// run), to the drafts before it under its configuration (`earlier`), and
/// adds it to them. Its findings alone stand unless some first form in it
/// disagrees with theirs; then it is checked again, held to them (only
/// such drafts are).
#[allow(clippy::too_many_arguments)]
fn together(
    setup: &Setup,
    input: &Input,
    shown: &str,
    number: usize,
    c: &mut Checked,
    mut mentions: Mentions,
    earlier: &mut Earlier,
    elsewhere: &mut Elsewhere,
) {
    if setup.engine.differs_together(&mentions, earlier) {
        let doc = Document::parse(&c.text, input.format());
        (c.diagnostics, mentions) = setup.engine.check_together(&doc, earlier);
    }
    let new = earlier.add(number, shown, &mentions);
    if !new.is_empty() {
        let lines = LineIndex::new(&c.text);
        for m in new {
            elsewhere.add(number, shown, &c.text, &lines, m.at.clone());
        }
    }
}

/// The [`Setup`] for the drafts `config` governs (none: the current
/// folder's pack), with the problems met loading its pack. The command
/// line's `--select`, `--ignore` and `--fail-on` win over the file's.
fn setup(
    args: &CheckArgs,
    config: Option<&Config>,
    select: Option<&[String]>,
    ignore: Option<&[String]>,
    cwd: &Path,
) -> Result<(Setup, Vec<Problem>), Problem> {
    let select = select.or(config.and_then(|c| c.select.as_deref()));
    let ignore = ignore.or(config.and_then(|c| c.ignore.as_deref()));
    let selection = config::selection(select, ignore.unwrap_or(&[]));
    let loaded = pack::load_with(&args.pack, config, args.config.isolated, &selection, cwd)?;
    let fail_on = args
        .fail_on
        .or(config.and_then(|c| c.fail_on).map(FailOn::from))
        .unwrap_or(FailOn::Warning);
    // Off unless asked: a folder is often a house's whole archive, where
    // two drafts' forms need not agree (see the README).
    let workspace = if args.workspace_consistency {
        true
    } else if args.no_workspace_consistency {
        false
    } else {
        config
            .and_then(|c| c.workspace_consistency)
            .unwrap_or(false)
    };
    Ok((
        Setup {
            engine: loaded.engine,
            fail_on,
            workspace,
            id: 0,
        },
        loaded.problems,
    ))
}

/// Reads, checks and (if asked) fixes one draft. A fixed file is replaced on
/// disk; fixed standard input is only returned.
/// With `together`, also its mentions for the drafts after it.
fn process(
    engine: &Engine,
    input: &Input,
    mode: Mode,
    which: Which,
    together: bool,
) -> Result<Checked, Problem> {
    process_with(engine, input, mode, which, together, || {})
}

/// The findings in `text`, and its mentions when `together`.
fn check_text(
    engine: &Engine,
    text: &str,
    format: crate::text::Format,
    together: bool,
) -> (Vec<Diagnostic>, Option<Mentions>) {
    let doc = Document::parse(text, format);
    if together {
        let (d, m) = engine.check_together(&doc, &Earlier::default());
        (d, Some(m))
    } else {
        (engine.check_document(&doc), None)
    }
}

/// [`process`], calling `before_write` between computing the fixes and
/// writing them (where another program may write to the file; tests use it
/// to do so).
fn process_with(
    engine: &Engine,
    input: &Input,
    mode: Mode,
    which: Which,
    together: bool,
    before_write: impl FnOnce(),
) -> Result<Checked, Problem> {
    let fix = mode != Mode::Check;
    let inputs::Text {
        text: original,
        stamp,
    } = inputs::read(input)?;
    let format = input.format();
    let mut text = original.clone();
    let (mut diagnostics, mut mentions) = check_text(engine, &text, format, together);
    let mut fixed = 0;
    let mut problems = Vec::new();
    if fix {
        let done = fix_until_stable(engine, &text, format, diagnostics, which);
        if let Some(cut) = done.cut_short {
            problems.push(Problem::new(input.display(), cut_short(cut, done.rounds)));
        }
        if together && done.text != text {
            mentions = check_text(engine, &done.text, format, true).1;
        }
        text = done.text;
        diagnostics = done.diagnostics;
        fixed = done.applied;
    }
    if mode == Mode::Diff {
        let changed = text != original;
        return Ok(Checked {
            text,
            original: changed.then_some(original),
            diagnostics,
            fixed,
            problems,
            mentions,
        });
    }
    if fix && text != original {
        if let (Input::File(path), Some(stamp)) = (input, &stamp) {
            before_write();
            if let Err(e) = write_fixed(path, original.as_bytes(), stamp, &text) {
                let message = match e {
                    WriteError::Changed => {
                        "changed since it was read; not fixed (run again)".to_string()
                    }
                    WriteError::ReadOnly => {
                        "read-only file; not fixed (make it writable to fix it)".to_string()
                    }
                    WriteError::Io(e) => {
                        format!("cannot write the fixed file: {}", io_message(&e))
                    }
                };
                problems.push(Problem::new(input.display(), message));
                // Report what the file said when it was read.
                text = original;
                (diagnostics, mentions) = check_text(engine, &text, format, together);
                fixed = 0;
            }
        }
    }
    Ok(Checked {
        text,
        original: None,
        diagnostics,
        fixed,
        problems,
        mentions,
    })
}

/// Why fixing stopped early, for the report: the text is fixed as far as
/// the rounds that were applied, and the pack's rules are to blame.
fn cut_short(cut: CutShort, rounds: usize) -> String {
    let reason = match cut {
        CutShort::Rounds => format!("the fixes did not settle after {rounds} rounds"),
        CutShort::Size { limit } => format!(
            "the fixes stopped after {rounds} {}: the next would make the text longer than {limit} bytes",
            if rounds == 1 { "round" } else { "rounds" }
        ),
    };
    format!("{reason} (rules whose replacements feed each other?); fixed as far as that")
}

/// One found input, checked (or the problem that kept it from being
/// checked), or a problem met while looking for inputs.
type Outcome = Result<(Input, Result<Checked, Problem>), Problem>;

/// Checks the `found` inputs on up to one thread per core and hands each
/// to `report` in the order found, as soon as it and all before it are
/// done, the problems met while looking for inputs in their place among
/// them.
fn check_in_order<E>(
    engine: &Engine,
    found: Vec<inputs::Found>,
    mode: Mode,
    which: Which,
    mut report: impl FnMut(Outcome) -> Result<(), E>,
) -> Result<(), E> {
    in_order(
        &found,
        |f| {
            f.as_ref()
                .ok()
                .map(|input| process(engine, input, mode, which, false))
        },
        |i, result| match (&found[i], result) {
            (Ok(input), Some(r)) => report(Ok((input.clone(), r))),
            (Err(p), _) => report(Err(p.clone())),
            (Ok(_), None) => Ok(()),
        },
    )
}

/// What `draftlint check --isolated PATHS` finds with `engine`, without
/// printing or fixing: the same walk of the paths, reading and checking, on
/// the same threads, in the same order (no `draftlint.toml` is read). Each draft by the path shown for it, with its findings or the
/// problem that kept it from being checked (a problem met while walking is
/// in its place too).
pub fn check_paths(
    engine: &Engine,
    paths: &[std::path::PathBuf],
) -> Vec<(String, Result<Vec<Diagnostic>, String>)> {
    let mut out = Vec::new();
    let found = inputs::collect(paths, None, |_, _| true);
    let Ok(()) = check_in_order(engine, found, Mode::Check, Which::Safe, |item| {
        out.push(match item {
            Err(p) => (p.path.clone(), Err(p.to_string())),
            Ok((input, result)) => (
                input.display(),
                result.map(|c| c.diagnostics).map_err(|p| p.to_string()),
            ),
        });
        Ok::<(), std::convert::Infallible>(())
    });
    out
}

/// `f` over `items` on up to one thread per core; `consume` gets each
/// result on this thread, in item order, as soon as it and every one before
/// it are done (at most [`WINDOW`] items are checked ahead of it). When
/// `consume` fails, no further item is started and its error is returned.
fn in_order<T: Sync, R: Send, E>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if threads <= 1 {
        for (i, item) in items.iter().enumerate() {
            consume(i, f(item))?;
        }
        return Ok(());
    }
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // How many results have been consumed, for the window.
    let consumed = (Mutex::new(0usize), Condvar::new());
    let panicked: Mutex<Option<Box<dyn std::any::Any + Send>>> = Mutex::new(None);
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, stop, consumed, f, panicked) = (&next, &stop, &consumed, &f, &panicked);
            // A thread the system will not start leaves the work to the
            // others (and to this thread, below, when none starts).
            let _ = std::thread::Builder::new().spawn_scoped(s, move || loop {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                {
                    let (m, cv) = consumed;
                    let mut done = m.lock().unwrap_or_else(|e| e.into_inner());
                    while i >= *done + WINDOW && !stop.load(Ordering::Relaxed) {
                        done = cv.wait(done).unwrap_or_else(|e| e.into_inner());
                    }
                }
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                // A panic stops every thread (the items after it would wait
                // for it forever) and is raised again on this one.
                match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(item))) {
                    Ok(r) => {
                        if tx.send((i, r)).is_err() {
                            break;
                        }
                    }
                    Err(payload) => {
                        *panicked.lock().unwrap_or_else(|e| e.into_inner()) = Some(payload);
                        stop.store(true, Ordering::Relaxed);
                        consumed.1.notify_all();
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting: BTreeMap<usize, R> = BTreeMap::new();
        let mut want = 0;
        let mut outcome = Ok(());
        'receive: for (i, r) in &rx {
            waiting.insert(i, r);
            while let Some(r) = waiting.remove(&want) {
                if let Err(e) = consume(want, r) {
                    outcome = Err(e);
                    break 'receive;
                }
                want += 1;
                let (m, cv) = &consumed;
                *m.lock().unwrap_or_else(|e| e.into_inner()) = want;
                cv.notify_all();
            }
        }
        if outcome.is_err() {
            stop.store(true, Ordering::Relaxed);
            consumed.1.notify_all();
            return outcome;
        }
        if let Some(payload) = panicked.lock().unwrap_or_else(|e| e.into_inner()).take() {
            std::panic::resume_unwind(payload);
        }
        // Items no thread took (none started): here, in order.
        for (i, item) in items.iter().enumerate().skip(want) {
            match waiting.remove(&i) {
                Some(r) => consume(i, r)?,
                None => consume(i, f(item))?,
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_read_well() {
        let t = |problems, fixable, hidden_unsafe, fixed| Totals {
            problems,
            fixable,
            hidden_unsafe,
            fixed,
            ..Totals::default()
        };
        assert_eq!(summary(&t(0, 0, 0, 0), false), "No problems found.");
        assert_eq!(summary(&t(1, 0, 0, 0), false), "Found 1 problem.");
        assert_eq!(
            summary(&t(3, 2, 0, 0), false),
            "Found 3 problems (2 fixable with --fix)."
        );
        assert_eq!(
            summary(&t(3, 2, 1, 0), false),
            "Found 3 problems (2 fixable with --fix; 1 more with --unsafe-fixes)."
        );
        assert_eq!(
            summary(&t(1, 0, 1, 0), false),
            "Found 1 problem (1 fixable with --fix --unsafe-fixes)."
        );
        assert_eq!(
            summary(&t(1, 0, 0, 3), true),
            "Found 4 problems (3 fixed, 1 remaining)."
        );
    }

    /// An engine with one curated pattern rule.
    fn engine(pattern: &str, replacement: &str) -> Engine {
        engine_of(&[(pattern, replacement)])
    }

    /// An engine with curated pattern rules `(pattern, replacement)`.
    fn engine_of(patterns: &[(&str, &str)]) -> Engine {
        let toml: String = patterns
            .iter()
            .map(|(p, r)| {
                format!("[[pattern]]\npattern = '{p}'\nreplacement = '{r}'\nmessage = 'house'\n")
            })
            .collect();
        let (pack, errors) = crate::RulePack::from_sources(
            crate::rules::PackSource::Builtin,
            vec![("curated/house.toml".into(), None, toml)],
        );
        assert!(errors.is_empty(), "{errors:?}");
        Engine::new(pack).0
    }

    #[test]
    fn a_file_written_while_fixes_are_computed_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("draft.md");
        std::fs::write(&path, "Defence co-operation.\n").unwrap();
        let engine = engine(r"\bco-operation\b", "cooperation");
        let input = Input::File(path.clone());
        let saved = "Defence co-operation.\nA line saved meanwhile.\n";
        let c = process_with(&engine, &input, Mode::Fix, Which::Safe, false, || {
            std::fs::write(&path, saved).unwrap();
        })
        .unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), saved);
        let [e] = &c.problems[..] else {
            panic!("one problem: {:?}", c.problems)
        };
        assert_eq!(
            e.to_string(),
            format!(
                "{}: changed since it was read; not fixed (run again)",
                path.display()
            )
        );
        // What is reported is the text as read, unfixed.
        assert_eq!(c.fixed, 0);
        assert_eq!(c.diagnostics.len(), 1);

        // Left alone, the same run fixes the file.
        let c = process(&engine, &input, Mode::Fix, Which::Safe, false).unwrap();
        assert!(c.problems.is_empty());
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "Defence cooperation.\nA line saved meanwhile.\n"
        );
    }

    #[test]
    fn a_same_size_rewrite_while_fixing_is_noticed_too() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("draft.md");
        std::fs::write(&path, "Defence co-operation.\n").unwrap();
        let engine = engine(r"\bco-operation\b", "cooperation");
        let input = Input::File(path.clone());
        let c = process_with(&engine, &input, Mode::Fix, Which::Safe, false, || {
            // Same length, same second: only the contents tell.
            std::fs::write(&path, "Defence co-operatioN.\n").unwrap();
        })
        .unwrap();
        assert_eq!(c.problems.len(), 1);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "Defence co-operatioN.\n"
        );
    }

    #[test]
    fn fixes_that_never_settle_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("draft.md");
        std::fs::write(&path, "x marks the spot.\n").unwrap();
        let engine = engine_of(&[(r"\bx\b", "y"), (r"\by\b", "x")]);
        let c = process(
            &engine,
            &Input::File(path.clone()),
            Mode::Fix,
            Which::Safe,
            false,
        )
        .unwrap();
        let [e] = &c.problems[..] else {
            panic!("one problem: {:?}", c.problems)
        };
        assert_eq!(
            e.to_string(),
            format!(
                "{}: the fixes did not settle after 10 rounds (rules whose replacements feed \
                 each other?); fixed as far as that",
                path.display()
            )
        );
        // Ten rounds, each one whole: back where it started.
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "x marks the spot.\n"
        );
    }

    #[test]
    fn check_paths_checks_every_draft_in_walk_order_with_problems_in_place() {
        let engine = engine(r"\bco-operation\b", "cooperation");
        let dir = tempfile::tempdir().unwrap();
        // More than a window, so the order holds past it.
        for i in 0..(WINDOW + 5) {
            let sub = dir.path().join(format!("{:02}", i % 3));
            std::fs::create_dir_all(&sub).unwrap();
            let text = "co-operation ".repeat(i % 4 + 1);
            std::fs::write(sub.join(format!("{i:03}.md")), text).unwrap();
        }
        std::fs::write(dir.path().join("01/bad.md"), b"\xff\xfe").unwrap();
        let missing = dir.path().join("missing.md");
        let paths = [dir.path().to_path_buf(), missing.clone()];
        let got = check_paths(&engine, &paths);
        assert_eq!(got.len(), WINDOW + 5 + 2);
        let shown: Vec<&str> = got.iter().map(|(p, _)| p.as_str()).collect();
        let mut sorted = shown[..shown.len() - 1].to_vec();
        sorted.sort();
        assert_eq!(&shown[..shown.len() - 1], &sorted[..], "walk order");
        for (path, result) in &got {
            if path.ends_with("bad.md") {
                assert!(
                    result.as_ref().is_err_and(|e| e.contains("bad.md")),
                    "{result:?}"
                );
            } else if path == &missing.display().to_string() {
                assert!(result.is_err(), "{result:?}");
            } else {
                // Each draft's own findings: as many as it repeats the word.
                let i: usize = path.rsplit('/').next().unwrap()[..3].parse().unwrap();
                assert_eq!(result.as_ref().unwrap().len(), i % 4 + 1, "{path}");
            }
        }
        assert_eq!(got.last().unwrap().0, missing.display().to_string());
    }

    #[test]
    fn results_come_in_order_while_later_items_are_still_working() {
        let items: Vec<usize> = (0..1000).collect();
        let mut got = Vec::new();
        let started = AtomicUsize::new(0);
        in_order(
            &items,
            |i| {
                started.fetch_add(1, Ordering::SeqCst);
                // Early items are slow: later ones finish first.
                if *i < 4 {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                i * 2
            },
            |i, r| {
                got.push((i, r));
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(got, (0..1000).map(|i| (i, i * 2)).collect::<Vec<_>>());
        assert_eq!(started.load(Ordering::SeqCst), 1000);

        // The first result is consumed before the last item is done.
        let last_done = AtomicBool::new(false);
        let mut first_before_last = None;
        in_order(
            &items[..64],
            |i| {
                if *i == 63 {
                    std::thread::sleep(std::time::Duration::from_millis(200));
                    last_done.store(true, Ordering::SeqCst);
                }
            },
            |i, ()| {
                if i == 0 {
                    first_before_last = Some(!last_done.load(Ordering::SeqCst));
                }
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        if std::thread::available_parallelism().map_or(1, |n| n.get()) > 1 {
            assert_eq!(first_before_last, Some(true));
        }

        // A failing consumer stops the run with its error.
        let mut seen = 0;
        let r = in_order(
            &items,
            |i| *i,
            |i, _| {
                seen += 1;
                if i == 10 {
                    Err(i)
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!((r, seen), (Err(10), 11));

        // A panicking item is raised here, not left to hang the others.
        let r = std::panic::catch_unwind(|| {
            in_order(
                &items,
                |i| {
                    if *i == 3 {
                        panic!("item 3");
                    }
                },
                |_, ()| Ok::<(), ()>(()),
            )
        });
        assert!(r.is_err());
    }
}
