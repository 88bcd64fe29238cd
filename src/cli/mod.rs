//! The command line: a thin front end over the library.
//!
//! This module parses arguments (clap derive) and hands each subcommand to
//! its own module. Everything a command prints goes through `output`, so
//! that colour, `NO_COLOR` and a closed pipe (`draftlint check . | head`)
//! are handled in one place. Exit codes: 0 no findings at or above the
//! `--fail-on` severity (warning by default), 1 such findings (or, with
//! `--diff`, a diff), 2 a usage, rule or input error (2 wins over 1).

mod check;
mod github;
mod inputs;
mod json;
mod junit;
mod learn;
mod output;
mod pack;
mod render;
mod sarif;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// `check`'s walk, reading and checking without its output, for benchmarks.
pub use check::check_paths;
pub use output::Status;

/// Learns a house style from approved documents and checks drafts against it.
///
/// Start with `draftlint learn CORPUS --out rules/learned`, review the rule
/// files it writes, then `draftlint check --rules rules DRAFTS`.
#[derive(Debug, Parser)]
#[command(name = "draftlint", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// When to colour the output. `auto` colours only a terminal and
    /// respects NO_COLOR and CLICOLOR_FORCE.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true)]
    pub color: ColorWhen,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check drafts against the house style.
    ///
    /// Folders are searched for *.md, *.markdown and *.txt files (hidden
    /// ones, node_modules/ and what .gitignore or .ignore excludes are
    /// skipped; a file named here is always checked); `-` reads Markdown
    /// from standard input.
    #[command(after_long_help = "Exit status:\n  \
        0  no finding at or above the --fail-on severity (default warning: \
        information and hints alone pass), or --exit-zero\n  \
        1  findings at or above it; with --diff, a file --fix would change\n  \
        2  an error in the rules, an input or the arguments (reported, and \
        the other files are still checked; a mistake in draftlint.toml, \
        --select or --ignore stops the run); 2 wins over 1\n\n\
        Examples:\n  \
        draftlint check drafts/\n  \
        draftlint check --rules rules --fix drafts/release.md\n  \
        draftlint check --diff drafts/\n  \
        draftlint check --format github --fail-on error drafts/\n  \
        cat draft.txt | draftlint check --stdin-filename draft.txt --format json -")]
    Check(CheckArgs),
    /// Learn a house style from approved documents.
    ///
    /// Reads every *.md, *.markdown and *.txt file below each CORPUS folder
    /// (skipping what `check` skips: hidden, node_modules/, ignored), and
    /// each file named, and writes the rules it finds, with their evidence,
    /// as TOML files into the output folder (replacing what was there),
    /// printing what changed against the rules it replaced. Review them like
    /// code. With --check it writes nothing and says whether the folder is
    /// up to date.
    Learn(LearnArgs),
    /// List the active rules and how many entries of the pack feed each.
    Rules(RulesArgs),
    /// Explain one rule: what it flags, why, an example, fix safety, and the
    /// evidence the pack holds for it.
    Explain(ExplainArgs),
    /// Run the language server on standard input and output.
    Lsp(LspArgs),
}

/// Arguments of `draftlint lsp`. The server always speaks over standard
/// input and output; these exist because language clients pass them
/// (vscode-languageclient appends `--stdio` and `--clientProcessId=N`), and a
/// server that rejects them never starts.
#[derive(Debug, Clone, Default, Args)]
pub struct LspArgs {
    /// Speak over standard input and output (the default and only transport).
    #[arg(long)]
    pub stdio: bool,
    /// The client's process id, as LSP clients pass it; accepted and ignored.
    #[arg(
        long = "clientProcessId",
        alias = "client-process-id",
        value_name = "PID",
        allow_hyphen_values = true
    )]
    pub client_process_id: Option<String>,
}

/// Which rule pack to use.
#[derive(Debug, Clone, Args)]
pub struct PackArgs {
    /// A rule pack folder (every *.toml below it, usually `learned/` and
    /// `curated/`), used instead of the built-in rules.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

/// Which `draftlint.toml` to use.
#[derive(Debug, Clone, Default, Args)]
pub struct ConfigArgs {
    /// Use this configuration file (its paths are relative to its folder)
    /// instead of the nearest draftlint.toml up from each checked file.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,

    /// Ignore every draftlint.toml: the built-in rules unless --rules.
    #[arg(long)]
    pub isolated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Each finding with its source line underlined, the fix and the evidence.
    Human,
    /// One line per finding: `path:line:column: severity[code]: message`.
    Concise,
    /// A JSON document (`{"version": 1, "diagnostics": [...], "errors": [...]}`).
    Json,
    /// SARIF 2.1.0, for code scanning (GitHub, Azure DevOps, SARIF viewers).
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…,line=…::message`),
    /// shown as annotations on the pull request.
    Github,
    /// JUnit XML: a suite per draft, a failing case per finding (GitLab,
    /// Jenkins, Azure DevOps test reports).
    Junit,
    /// Vale's `--output=line`: `path:line:column:code:message`, one per
    /// line, by file then position.
    Line,
}

/// The least severity that fails a run (`--fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Only errors fail.
    Error,
    /// Errors and warnings fail (the default).
    Warning,
    /// Errors, warnings and information fail.
    Information,
    /// Every finding fails, hints too.
    Hint,
}

impl From<crate::Severity> for FailOn {
    fn from(s: crate::Severity) -> FailOn {
        use crate::Severity as S;
        match s {
            S::Error => FailOn::Error,
            S::Warning => FailOn::Warning,
            S::Information => FailOn::Information,
            S::Hint => FailOn::Hint,
        }
    }
}

impl FailOn {
    /// Whether a finding of severity `s` fails the run.
    pub fn fails(self, s: crate::Severity) -> bool {
        use crate::Severity as S;
        let rank = |s: S| match s {
            S::Error => 0,
            S::Warning => 1,
            S::Information => 2,
            S::Hint => 3,
        };
        let least = match self {
            FailOn::Error => S::Error,
            FailOn::Warning => S::Warning,
            FailOn::Information => S::Information,
            FailOn::Hint => S::Hint,
        };
        rank(s) <= rank(least)
    }
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub pack: PackArgs,

    /// How to print findings.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,

    /// Apply safe fixes in place (each file is replaced atomically) and report
    /// what remains. With `-`, the fixed text goes to standard output and the
    /// report to standard error.
    #[arg(long)]
    pub fix: bool,

    /// Also apply fixes marked unsafe (they need a person's judgement) with
    /// --fix, and count them as fixable.
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print the unified diff that --fix would make and write nothing; exit
    /// 1 when there is a diff.
    #[arg(long, conflicts_with_all = ["fix", "statistics"])]
    pub diff: bool,

    /// Print how many findings each rule code has (most first) instead of
    /// the findings.
    #[arg(long)]
    pub statistics: bool,

    /// Print the findings only: no summary line.
    #[arg(long, short)]
    pub quiet: bool,

    /// The least severity that makes the exit status 1 [default: `fail-on`
    /// in draftlint.toml, else warning].
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,

    #[command(flatten)]
    pub config: ConfigArgs,

    /// Check only these rule codes or families (comma-separated, as in
    /// `[severity]`: `name,date/weekday`); replaces `select` in
    /// draftlint.toml.
    #[arg(long, value_name = "CODES")]
    pub select: Option<String>,

    /// Never report these rule codes or families (comma-separated);
    /// replaces `ignore` in draftlint.toml.
    #[arg(long, value_name = "CODES")]
    pub ignore: Option<String>,

    /// Apply draftlint.toml's `include` and `exclude` to files named on the
    /// command line too (as a pre-commit hook names them), not only to the
    /// files found in folders.
    #[arg(long)]
    pub force_exclude: bool,

    /// Exit 0 even when there are findings (errors in the rules or inputs
    /// still exit 2).
    #[arg(long)]
    pub exit_zero: bool,

    /// Hold the drafts checked together (under one draftlint.toml) to one
    /// another: a person's honorific and a spelling the house allows both
    /// ways, as the first draft (in the order checked) writes them.
    /// Overrides `workspace-consistency` in draftlint.toml [default: off].
    #[arg(long, overrides_with = "no_workspace_consistency")]
    pub workspace_consistency: bool,

    /// Check each draft by itself (overrides `workspace-consistency`).
    #[arg(long, overrides_with = "workspace_consistency")]
    pub no_workspace_consistency: bool,

    /// The Vale configuration to run beside the house style [default: the
    /// `.vale.ini` or `_vale.ini` nearest above each draft, within the
    /// current folder].
    #[arg(long, value_name = "FILE", conflicts_with = "no_vale")]
    pub vale_config: Option<PathBuf>,

    /// Run no Vale style, even where a `.vale.ini` is found.
    #[arg(long)]
    pub no_vale: bool,

    /// The path standard input (`-`) stands for: shown in the output, and
    /// its extension says whether it is Markdown or plain text (`.txt`).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,

    /// Files or folders to check; `-` for standard input.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct LearnArgs {
    /// Folders or files of approved documents.
    #[arg(value_name = "CORPUS", required = true)]
    pub corpus: Vec<PathBuf>,

    /// Write nothing: exit 0 when the rule files in the output folder are
    /// what learning the corpus gives now, else print a unified diff per
    /// changed file and exit 1 (for CI: an approved document was added but
    /// the rules were not re-learned). Exit 2 on errors, or when there is
    /// no learned pack there.
    #[arg(long)]
    pub check: bool,

    /// Where to write the learned rule files: a new or empty folder, or one
    /// `learn` wrote before (it is replaced). Anything else is refused.
    #[arg(long, value_name = "RULES_DIR", default_value = "rules/learned")]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub pack: PackArgs,

    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, Clone, Args)]
pub struct ExplainArgs {
    /// A rule code such as `name/exact` (see `draftlint rules`), or a Vale
    /// rule's name such as `GovUK.WordsToAvoid`.
    #[arg(value_name = "CODE")]
    pub code: String,

    /// The Vale configuration whose rule to explain [default: the
    /// `.vale.ini` or `_vale.ini` in the current folder].
    #[arg(long, value_name = "FILE")]
    pub vale_config: Option<std::path::PathBuf>,

    #[command(flatten)]
    pub pack: PackArgs,

    #[command(flatten)]
    pub config: ConfigArgs,
}

/// Parses the arguments and runs the command.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    anstream::ColorChoice::write_global(match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    });
    let result = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Learn(args) => learn::run(&args),
        Command::Rules(args) => pack::list(&args),
        Command::Explain(args) => pack::explain(&args),
        #[cfg(feature = "lsp")]
        Command::Lsp(_) => return crate::lsp::run(),
        #[cfg(not(feature = "lsp"))]
        Command::Lsp(_) => {
            eprintln!("draftlint: this build has no language server (cargo feature `lsp`)");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(status) => status.into(),
        // A reader that went away (`| head`) is not our failure; stop quietly,
        // as ripgrep does.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            output::error(&format!("cannot write output: {e}"));
            Status::Error.into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_argument_definitions_are_consistent() {
        Cli::command().debug_assert();
    }
}
