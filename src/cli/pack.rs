//! Loading the rule pack, and the `rules` and `explain` commands.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::output::{self, paint, plural, Out, Palette, Problem, Status};
use super::{ConfigArgs, ExplainArgs, PackArgs, RulesArgs};
use crate::checks::{self, Rule};
use crate::config::{self, Config};
use crate::diagnostic::{code_matches, Severity};
use crate::discover;
use crate::rules::{Layer, RuleFile, RulePack};
use crate::Engine;

/// A compiled pack and the problems met on the way (files left out).
pub struct Loaded {
    pub engine: Engine,
    pub problems: Vec<Problem>,
    /// Which pack and why: `./rules (from draftlint.toml)`.
    pub chosen: String,
    /// The severity overrides laid on the pack's (`[severity]` of the
    /// configuration, then `select` and `ignore`), in order.
    pub extra: Vec<(String, Option<Severity>)>,
}

/// The current folder, resolved, or the problem.
pub fn current_dir() -> Result<PathBuf, Problem> {
    let cwd = std::env::current_dir().map_err(|e| {
        Problem::new(
            ".",
            format!("cannot read the current folder: {}", output::io_message(&e)),
        )
    })?;
    Ok(cwd.canonicalize().unwrap_or(cwd))
}

/// Which `draftlint.toml` governs which file: `--config FILE` for all,
/// none with `--isolated`, else the nearest one up from the file (else the
/// nearest one up from the current folder). Each file is read once; its
/// errors are gathered in [`Configs::errors`].
pub struct Configs {
    cwd: PathBuf,
    fixed: Option<Option<Found>>,
    /// By configuration file.
    cache: HashMap<PathBuf, Option<Found>>,
    /// By the folder of the files asked about.
    by_folder: HashMap<PathBuf, Option<Found>>,
    pub errors: Vec<Problem>,
}

/// A configuration file found and read: its path (the key engines are
/// shared by) and what it says.
pub type Found = (PathBuf, Arc<Config>);

impl Configs {
    pub fn new(args: &ConfigArgs, cwd: &Path) -> Configs {
        let mut configs = Configs {
            cwd: cwd.to_path_buf(),
            fixed: None,
            cache: HashMap::new(),
            by_folder: HashMap::new(),
            errors: Vec::new(),
        };
        if args.isolated {
            configs.fixed = Some(None);
        } else if let Some(file) = &args.config {
            let shown = file.display().to_string();
            let read = match cwd.join(file).canonicalize() {
                Err(e) => Err(vec![Problem::new(&shown, output::io_message(&e))]),
                Ok(real) => {
                    let dir = real.parent().unwrap_or(cwd).to_path_buf();
                    Config::read(&real, &shown, &dir)
                        .map(|c| (real, Arc::new(c)))
                        .map_err(|e| e.iter().map(Problem::from).collect())
                }
            };
            configs.fixed = Some(match read {
                Ok(found) => Some(found),
                Err(e) => {
                    configs.errors.extend(e);
                    None
                }
            });
        }
        configs
    }

    /// The configuration for the file at `path` (relative to the current
    /// folder, or absolute); `None` when there is none, or it is broken
    /// (see [`Configs::errors`]).
    pub fn for_file(&mut self, path: &Path) -> Option<Found> {
        if let Some(fixed) = &self.fixed {
            return fixed.clone();
        }
        let abs = self.cwd.join(path);
        let folder = abs.parent().unwrap_or(&self.cwd).to_path_buf();
        if let Some(known) = self.by_folder.get(&folder) {
            return known.clone();
        }
        let found = self.nearest(&folder);
        self.by_folder.insert(folder, found.clone());
        found
    }

    /// The configuration of the files in `folder`.
    fn nearest(&mut self, folder: &Path) -> Option<Found> {
        let start = folder.canonicalize().unwrap_or_else(|_| self.cwd.clone());
        let file = config::find(&start).or_else(|| config::find(&self.cwd))?;
        if let Some(known) = self.cache.get(&file) {
            return known.clone();
        }
        let dir = file.parent().unwrap_or(&self.cwd).to_path_buf();
        let found = match discover::read_manifest(&dir) {
            Ok(Some(c)) => Some((file.clone(), Arc::new(shown_from(c, &self.cwd)))),
            Ok(None) => None,
            Err(e) => {
                self.errors.extend(e.iter().map(|e| {
                    let mut p = Problem::from(e);
                    p.path = shown_path(Path::new(&p.path), &self.cwd);
                    p
                }));
                None
            }
        };
        self.cache.insert(file, found.clone());
        found
    }

    /// The path a file is matched against `include` and `exclude` as.
    pub fn resolved(&self, path: &Path) -> PathBuf {
        let abs = self.cwd.join(path);
        abs.canonicalize().unwrap_or(abs)
    }
}

/// `path` as seen from `cwd` (`draftlint.toml`, `../../draftlint.toml`),
/// for messages.
fn shown_path(path: &Path, cwd: &Path) -> String {
    discover::relative_to(path, cwd).display().to_string()
}

/// `c` with its name as seen from `cwd`.
fn shown_from(mut c: Config, cwd: &Path) -> Config {
    c.shown = shown_path(Path::new(&c.shown), cwd);
    c
}

/// The pack from `--rules DIR`, else the one `config` names (see
/// [`crate::discover`]), else (with no configuration, unless `isolated`)
/// the current folder's `rules/` when it looks like a pack, else the
/// built-in one; with the configuration's `[severity]` and `selection`
/// laid on top. `Err` when the folder itself cannot be used; problems with
/// single files are in [`Loaded::problems`] and those files are left out.
pub fn load_with(
    args: &PackArgs,
    config: Option<&Config>,
    isolated: bool,
    selection: &[(String, Option<Severity>)],
    cwd: &Path,
) -> Result<Loaded, Problem> {
    let (dir, chosen): (Option<PathBuf>, String) = match &args.rules {
        Some(dir) => (
            Some(dir.clone()),
            format!("{} (from --rules)", dir.display()),
        ),
        None if isolated => (None, "built-in (--isolated)".to_string()),
        None => {
            let root = config.map_or(cwd, |c| c.dir.as_path());
            let found = discover::choose_with(root, config).map_err(|e| Problem::from(&e))?;
            match found.choice {
                discover::Choice::Builtin => (None, format!("built-in ({})", found.reason)),
                discover::Choice::Dir(dir) => {
                    // Shown, and loaded, as seen from here: error messages
                    // then name `rules/curated/x.toml`, not an absolute path.
                    let dir = discover::relative_to(&dir, cwd);
                    let chosen = format!("{} ({})", dir.display(), found.reason);
                    (Some(dir), chosen)
                }
            }
        }
    };
    let choice = dir.map_or(discover::Choice::Builtin, discover::Choice::Dir);
    let (pack, errors) = discover::load(&choice).map_err(|e| Problem::from(&e))?;
    let mut problems: Vec<Problem> = errors.iter().map(Problem::from).collect();
    let (mut engine, errors) = Engine::new(pack);
    problems.extend(errors.iter().map(Problem::from));
    let mut extra: Vec<(String, Option<Severity>)> =
        config.map_or_else(Vec::new, |c| c.severity.clone());
    extra.extend(selection.iter().cloned());
    if !extra.is_empty() {
        engine = engine.with_overrides(&extra);
    }
    Ok(Loaded {
        engine,
        problems,
        chosen,
        extra,
    })
}

/// The configuration the current folder sees (see [`Configs`]), and the
/// pack it asks for, as `rules` and `explain` use them: `Err` holds every
/// problem when either cannot be used.
pub fn load(
    args: &PackArgs,
    config_args: &ConfigArgs,
) -> Result<(Loaded, Option<Found>), Vec<Problem>> {
    let cwd = current_dir().map_err(|p| vec![p])?;
    let mut configs = Configs::new(config_args, &cwd);
    let found = configs.for_file(&cwd.join("-"));
    if !configs.errors.is_empty() {
        return Err(configs.errors);
    }
    let selection = match &found {
        Some((_, c)) => config::selection(c.select.as_deref(), c.ignore.as_deref().unwrap_or(&[])),
        None => Vec::new(),
    };
    let loaded = load_with(
        args,
        found.as_ref().map(|f| &*f.1),
        config_args.isolated,
        &selection,
        &cwd,
    )
    .map_err(|p| vec![p])?;
    Ok((loaded, found))
}

/// Loads the pack for `rules`/`explain`, printing problems on standard
/// error. `None` when there is no pack to show.
fn load_reporting(
    args: &PackArgs,
    config_args: &ConfigArgs,
) -> (Option<(Loaded, Option<Found>)>, Status) {
    match load(args, config_args) {
        Err(problems) => {
            for p in problems {
                output::error(&p.to_string());
            }
            (None, Status::Error)
        }
        Ok(l) => {
            for p in &l.0.problems {
                output::error(&p.to_string());
            }
            let status = if l.0.problems.is_empty() {
                Status::Clean
            } else {
                Status::Error
            };
            (Some(l), status)
        }
    }
}

/// The entries of a pack that feed one family of rules, described.
struct Entries {
    /// What they are (`names`).
    noun: &'static str,
    /// (occurrences in the corpus, description), in pack order.
    items: Vec<(u32, String)>,
    /// The family is configured by one table (`[dates]`), not a list.
    table: Option<&'static str>,
}

impl Entries {
    /// `23 names`, or `[dates]` / `no [dates]`.
    fn label(&self) -> String {
        match self.table {
            Some(t) if self.items.is_empty() => format!("no {t}"),
            Some(t) => t.to_string(),
            None => plural(
                self.items.len(),
                self.noun.strip_suffix('s').unwrap_or(self.noun),
                self.noun,
            ),
        }
    }
}

/// The kind of pack entry that feeds a rule: its family (`name/exact` →
/// `name`), except where a rule reads another kind of entry.
fn family(rule: &Rule) -> &'static str {
    if std::ptr::eq(rule, &checks::title::TITLE_ROLE) {
        return "role";
    }
    rule.family()
}

fn entries(r: &RuleFile, family: &str) -> Option<Entries> {
    let (noun, items): (&'static str, Vec<(u32, String)>) = match family {
        "name" => (
            "names",
            r.names
                .iter()
                .map(|n| {
                    (
                        n.evidence.seen,
                        format!("{} [{}]", n.describe(), n.kind.as_str()),
                    )
                })
                .collect(),
        ),
        "title" => (
            "titles",
            r.titles
                .iter()
                .map(|t| (t.evidence.seen, t.evidence.describe(&t.title)))
                .collect(),
        ),
        "role" => (
            "roles",
            r.roles
                .iter()
                .map(|x| {
                    let when = match (&x.from, &x.until) {
                        (Some(f), Some(u)) if f == u => format!(" on {f}"),
                        (Some(f), Some(u)) => format!(" from {f} until {u}"),
                        (Some(f), None) => format!(" from {f}"),
                        (None, Some(u)) => format!(" until {u}"),
                        (None, None) => String::new(),
                    };
                    (
                        x.evidence.seen,
                        format!(
                            "{}{when}",
                            x.evidence.describe(&format!("{}, {}", x.person, x.role))
                        ),
                    )
                })
                .collect(),
        ),
        "spelling" => (
            "spellings",
            r.spellings
                .iter()
                .map(|s| {
                    (
                        s.evidence.seen,
                        format!("{}; not {}", s.describe(), s.variants.join(", ")),
                    )
                })
                .chain(r.spelling_policy.iter().map(|p| {
                    (
                        p.seen,
                        format!(
                            "quotations {}: variants ({}) kept inside quotation marks {} times in {} ({})",
                            p.quotations.as_str(),
                            p.forms.join(", "),
                            p.seen,
                            plural(p.documents.len(), "document", "documents"),
                            p.documents.join(", ")
                        ),
                    )
                }))
                .collect(),
        ),
        "honorific" => {
            let mut items: Vec<(u32, String)> = r
                .honorifics
                .iter()
                .map(|h| {
                    let (form, other) = if h.full_stop {
                        ("Mr.", "Mr")
                    } else {
                        ("Mr", "Mr.")
                    };
                    let rival = crate::rules::Evidence {
                        seen: h.other_seen,
                        documents: h.other_documents.clone(),
                    };
                    let rival = if h.other_seen == 0 {
                        "rival form not seen".to_string()
                    } else {
                        format!("rival form: {}", rival.describe(other))
                    };
                    (h.evidence.seen, format!("{}; {rival}", h.evidence.describe(form)))
                })
                .collect();
            items.extend(r.honorific_conflicts.iter().map(|c| {
                (
                    0,
                    format!(
                        "{}: the corpus uses {} ({})",
                        c.person,
                        c.forms.join(" and "),
                        c.documents.join(", ")
                    ),
                )
            }));
            items.extend(r.ranks.iter().map(|k| {
                (
                    k.evidence.seen,
                    k.evidence.describe(&format!("{} for {}", k.form, k.rank)),
                )
            }));
            ("honorific rules", items)
        }
        "event" => (
            "events",
            r.events
                .iter()
                .map(|e| {
                    (
                        e.evidence.seen,
                        e.evidence.describe(&format!("{} {}", e.year, e.event)),
                    )
                })
                .collect(),
        ),
        "date" => (
            "date conventions",
            r.dates
                .iter()
                .map(|d| {
                    (
                        0,
                        format!(
                            "style {}, weekdays checked: {}, relative dates hinted: {}",
                            d.style,
                            yes_no(d.check_weekday),
                            yes_no(d.relative_hints)
                        ),
                    )
                })
                .collect(),
        ),
        "ship" => (
            "ship conventions",
            r.ships
                .iter()
                .map(|s| {
                    (
                        0,
                        format!(
                            "prefixes {}; 'the' before a prefix allowed: {}",
                            s.prefixes.join(", "),
                            yes_no(s.article)
                        ),
                    )
                })
                .collect(),
        ),
        "pattern" => (
            "patterns",
            r.patterns
                .iter()
                .map(|p| {
                    let rep = p
                        .replacement
                        .as_ref()
                        .map_or(String::new(), |x| format!(" → {x:?}"));
                    (0, format!("/{}/{rep}: {}", p.pattern, p.message))
                })
                .collect(),
        ),
        _ => return None,
    };
    let table = match family {
        "date" => Some("[dates]"),
        "ship" => Some("[ships]"),
        _ => None,
    };
    Some(Entries { noun, items, table })
}

/// The TOML keys of the entries that feed `family`.
fn keys(family: &str) -> &'static [&'static str] {
    match family {
        "name" => &["name"],
        "title" => &["title"],
        "role" => &["role"],
        "spelling" => &["spelling"],
        "honorific" => &["honorifics", "honorific_conflict"],
        "event" => &["event"],
        "date" => &["dates"],
        "ship" => &["ships"],
        "pattern" => &["pattern"],
        _ => &[],
    }
}

/// Which layer and file each of `family`'s entries comes from, highest
/// first: `built-in: curated/dates.toml`, `learned: learned/names.toml
/// (23)`. The count is left out for a table, which is one whole.
fn origins(pack: &RulePack, family: &str) -> Vec<String> {
    let keys = keys(family);
    let table = matches!(family, "date" | "ship");
    pack.files
        .iter()
        .zip(&pack.kept)
        .filter_map(|(file, kept)| {
            let n: usize = keys.iter().filter_map(|k| kept.get(k)).sum();
            (n > 0).then(|| {
                let count = if table {
                    String::new()
                } else {
                    format!(" ({n})")
                };
                format!("{}: {}{count}", file.layer, file.path)
            })
        })
        .collect()
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// The severity the pack gives `doc`: its own, or the pack's override
/// (`"off"` included), matched as the engine matches it (the code's own
/// key sorts after its family's, and the later key wins).
fn effective_severity(pack: &RulePack, extra: &[(String, Option<Severity>)], doc: &Rule) -> String {
    let word = |s: Option<Severity>| s.map_or("off", Severity::as_str).to_string();
    extra
        .iter()
        .rev()
        .find(|(key, _)| code_matches(key, doc.code))
        .map(|(_, sev)| word(*sev))
        .or_else(|| {
            pack.merged
                .severity
                .iter()
                .rev()
                .find(|(key, _)| code_matches(key, doc.code))
                .map(|(_, sev)| sev.as_str().to_string())
        })
        .unwrap_or_else(|| doc.severity.as_str().to_string())
}

/// `Rule pack: …` line.
fn describe_pack(pack: &RulePack) -> String {
    let count = |layer| pack.files.iter().filter(|f| f.layer == layer).count();
    let (learned, curated, builtin) = (
        count(Layer::Learned),
        count(Layer::Curated),
        count(Layer::Builtin),
    );
    let source = match &pack.source {
        crate::rules::PackSource::Builtin => "built-in rules".to_string(),
        crate::rules::PackSource::Dir(d) => format!("folder {}", d.display()),
    };
    format!(
        "{source} ({}: {learned} learned, {curated} curated, {builtin} built-in)",
        plural(pack.files.len(), "file", "files")
    )
}

/// `draftlint rules`.
pub fn list(args: &RulesArgs) -> io::Result<Status> {
    let (loaded, status) = load_reporting(&args.pack, &args.config);
    let Some((loaded, found)) = loaded else {
        return Ok(status);
    };
    let mut out = output::stdout();
    writeln!(out, "rules: {}", loaded.chosen)?;
    // (With no configuration file, the `rules:` line says so.)
    match &found {
        Some((_, c)) => writeln!(out, "config: {}", c.shown)?,
        None if args.config.isolated => writeln!(out, "config: none (--isolated)")?,
        None => {}
    }
    for d in &loaded.engine.pack().disagreements {
        writeln!(out, "warning: {d}")?;
    }
    write_list(&mut out, &loaded.engine, &loaded.extra, &Palette::colored())?;
    out.flush()?;
    Ok(status)
}

fn write_list(
    out: &mut Out,
    engine: &Engine,
    extra: &[(String, Option<Severity>)],
    p: &Palette,
) -> io::Result<()> {
    let pack = engine.pack();
    writeln!(out, "Rule pack: {}", describe_pack(pack))?;
    writeln!(out)?;
    let docs = checks::registry();
    if docs.is_empty() {
        writeln!(out, "No rules are built into this version of draftlint.")?;
        return Ok(());
    }
    let rows: Vec<[String; 5]> = docs
        .iter()
        .map(|doc| {
            let fed = entries(&pack.merged, family(doc)).map_or("-".to_string(), |e| e.label());
            let from = origins(pack, family(doc));
            [
                doc.code.to_string(),
                effective_severity(pack, extra, doc),
                fed,
                if from.is_empty() {
                    "-".to_string()
                } else {
                    from.join(", ")
                },
                doc.summary.to_string(),
            ]
        })
        .collect();
    let header = ["CODE", "SEVERITY", "FED BY", "FROM", "SUMMARY"].map(str::to_string);
    let widths: Vec<usize> = (0..4)
        .map(|i| {
            rows.iter()
                .chain([&header])
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |r: &[String; 5]| {
        format!(
            "{:<w0$}  {:<w1$}  {:<w2$}  {:<w3$}  {}",
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3]
        )
    };
    writeln!(out, "{}", paint(p.emphasis, &line(&header)))?;
    for r in &rows {
        let text = line(r);
        // Colour the code only; the padding stays outside the escape codes.
        let (code, rest) = text.split_at(r[0].len());
        writeln!(out, "{}{rest}", paint(p.code, code))?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{} active. `draftlint explain CODE` shows a rule's documentation and evidence.",
        plural(
            docs.iter()
                .filter(|d| effective_severity(pack, extra, d) != "off")
                .count(),
            "rule",
            "rules"
        )
    )?;
    Ok(())
}

/// How many evidence entries `explain` shows.
const EXAMPLES: usize = 5;

/// `draftlint explain CODE`.
pub fn explain(args: &ExplainArgs) -> io::Result<Status> {
    if crate::diagnostic::is_vale_code(&args.code) {
        return explain_vale(args);
    }
    let Some(doc) = checks::rule_doc(&args.code) else {
        let known: Vec<&str> = checks::registry().iter().map(|d| d.code).collect();
        let list = if known.is_empty() {
            "none yet".to_string()
        } else {
            known.join(", ")
        };
        // A near miss is suggested first; a family is no code to explain.
        let near = checks::unknown_code(&args.code)
            .filter(|u| !u.near.is_empty())
            .map_or(String::new(), |u| {
                let near: Vec<String> = u.near.iter().map(|k| format!("'{k}'")).collect();
                format!(" (did you mean {}?)", near.join(" or "))
            });
        output::error(&format!(
            "unknown rule code '{}'{near}; known codes: {list}",
            args.code
        ));
        return Ok(Status::Error);
    };
    // The pack and configuration `check` and `rules` would use here.
    let (loaded, status) = load_reporting(&args.pack, &args.config);
    let mut out = output::stdout();
    write!(out, "{}", doc.to_markdown())?;
    if let Some((loaded, found)) = loaded {
        write_evidence(&mut out, &loaded.engine, &loaded.extra, doc)?;
        match &found {
            Some((_, c)) => writeln!(out, "Configuration: {}.", c.shown)?,
            None if args.config.isolated => writeln!(out, "Configuration: none (--isolated).")?,
            None => {}
        }
    }
    out.flush()?;
    Ok(status)
}

/// `draftlint explain Style.Rule`: the rule as its Vale style defines it.
fn explain_vale(args: &ExplainArgs) -> io::Result<Status> {
    let cwd = match current_dir() {
        Ok(c) => c,
        Err(p) => {
            output::error(&p.to_string());
            return Ok(Status::Error);
        }
    };
    let ini = match &args.vale_config {
        Some(f) => Some(cwd.join(f)),
        None => crate::vale::config::Config::find(&cwd, &cwd),
    };
    let Some(ini) = ini else {
        output::error(&format!(
            "'{}' is a Vale rule's name, and there is no .vale.ini here (use --vale-config FILE)",
            args.code
        ));
        return Ok(Status::Error);
    };
    let root = args.vale_config.is_none().then_some(cwd.as_path());
    let (vale, _) = crate::vale::Vale::load(&ini, root);
    let Some(info) = vale.as_ref().and_then(|v| v.info(&args.code)) else {
        output::error(&format!(
            "no Vale rule '{}' in the styles of {}",
            args.code,
            ini.display()
        ));
        return Ok(Status::Error);
    };
    let mut out = output::stdout();
    writeln!(
        out,
        "# {}
",
        info.code
    )?;
    writeln!(
        out,
        "A Vale rule (`extends: {}`, level {}), from {}.\n",
        info.extends,
        info.level.as_str(),
        info.path.strip_prefix(&cwd).unwrap_or(&info.path).display()
    )?;
    writeln!(out, "**Message.** {}\n", info.message)?;
    if let Some(d) = &info.description {
        writeln!(out, "{}\n", d.trim())?;
    }
    if let Some(l) = &info.link {
        writeln!(out, "More: {l}")?;
    }
    out.flush()?;
    Ok(Status::Clean)
}

fn write_evidence(
    out: &mut Out,
    engine: &Engine,
    extra: &[(String, Option<Severity>)],
    doc: &Rule,
) -> io::Result<()> {
    let pack = engine.pack();
    writeln!(out)?;
    writeln!(out, "**In the pack.** {}", describe_pack(pack))?;
    let sev = effective_severity(pack, extra, doc);
    if sev != doc.severity.as_str() {
        writeln!(
            out,
            "Severity set to `{sev}` by the pack or draftlint.toml."
        )?;
    }
    let Some(e) = entries(&pack.merged, family(doc)) else {
        return Ok(());
    };
    let from = origins(pack, family(doc));
    if !from.is_empty() {
        writeln!(out, "From {}.", from.join(", "))?;
    }
    writeln!(out)?;
    if e.items.is_empty() {
        writeln!(out, "The pack has no {} for this rule.", e.noun)?;
        return Ok(());
    }
    writeln!(
        out,
        "{} {} this rule{}:",
        plural(e.items.len(), e.noun.trim_end_matches('s'), e.noun),
        if e.items.len() == 1 { "feeds" } else { "feed" },
        if e.items.len() > EXAMPLES {
            format!(", the {EXAMPLES} best attested")
        } else {
            String::new()
        }
    )?;
    writeln!(out)?;
    let mut items = e.items;
    items.sort_by_key(|(seen, _)| std::cmp::Reverse(*seen));
    for (_, line) in items.iter().take(EXAMPLES) {
        writeln!(out, "- {line}")?;
    }
    if items.len() > EXAMPLES {
        writeln!(out, "- … and {} more", items.len() - EXAMPLES)?;
    }
    Ok(())
}
