//! `draftlint.toml` read by the command line (issue 12, "Configuration"):
//! found upward from each checked file, `include`/`exclude`, `[severity]`,
//! `fail-on`, `select`/`ignore`, `--config`, `--isolated`, and errors.

mod cli_support;

use cli_support::{run_in, tempdir_with};
use std::process::{Command, Stdio};

/// A pack with one pattern rule (`co-operation`, a safe fix) and the house
/// dates (a wrong weekday is a `date/weekday` error).
const PACK: &str = "[dates]\nstyle = \"gov.uk\"\n\n[[pattern]]\npattern = '\\bco-operation\\b'\nreplacement = \"cooperation\"\nmessage = \"house: cooperation\"\n";

/// A draft with one finding of each.
const DRAFT: &str = "We value co-operation. It was Monday 3 January 2020.\n";

/// The `code` of every concise finding line, in order.
fn codes(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| {
            let start = l.find('[')? + 1;
            let end = l[start..].find(']')? + start;
            Some(format!("{}:{}", l.split(':').next()?, &l[start..end]))
        })
        .collect()
}

#[test]
fn the_nearest_configuration_up_from_each_file_wins() {
    let dir = tempdir_with(&[
        (
            "draftlint.toml",
            "rules = \"style\"\n[severity]\n\"pattern/custom\" = \"error\"\n",
        ),
        ("style/curated/house.toml", PACK),
        ("a.md", DRAFT),
        // Its own configuration: the pack built in, dates and spellings off.
        (
            "sub/draftlint.toml",
            "[severity]\ndate = \"off\"\nspelling = \"off\"\n",
        ),
        ("sub/b.md", DRAFT),
    ]);
    let r = run_in(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stdout
            .contains("./a.md:1:10: error[pattern/custom]: house: cooperation"),
        "{}",
        r.transcript()
    );
    assert!(r.stdout.contains("./a.md:1:31: error[date/weekday]"));
    // sub/b.md: no pattern (the built-in pack has none), no dates.
    assert!(!r.stdout.contains("b.md"), "{}", r.transcript());
    // Run from inside `sub`, a file above is still governed by its own.
    let r = run_in(
        &dir.path().join("sub"),
        &["check", "--format", "concise", "b.md", "../a.md"],
    );
    assert_eq!(
        codes(&r.stdout),
        ["../a.md:pattern/custom", "../a.md:date/weekday"],
        "{}",
        r.transcript()
    );
}

#[test]
fn include_and_exclude_apply_to_walked_folders() {
    let config =
        "rules = \"style\"\ninclude = [\"drafts/**/*.md\"]\nexclude = [\"drafts/archive/**\"]\n";
    let dir = tempdir_with(&[
        ("draftlint.toml", config),
        ("style/curated/house.toml", PACK),
        ("drafts/a.md", DRAFT),
        ("drafts/x/b.md", DRAFT),
        ("drafts/c.txt", DRAFT),
        ("drafts/archive/old.md", DRAFT),
        ("notes/n.md", DRAFT),
    ]);
    let r = run_in(dir.path(), &["check", "--format", "concise", "."]);
    let mut files: Vec<String> = codes(&r.stdout)
        .into_iter()
        .map(|c| c.split(':').next().unwrap().to_string())
        .collect();
    files.dedup();
    assert_eq!(
        files,
        ["./drafts/a.md", "./drafts/x/b.md"],
        "{}",
        r.transcript()
    );
    // From a subfolder, the globs are still relative to the config's folder.
    let r = run_in(
        &dir.path().join("drafts"),
        &["check", "--format", "concise", "."],
    );
    assert!(r.stdout.contains("./a.md:"), "{}", r.transcript());
    assert!(!r.stdout.contains("archive"), "{}", r.transcript());
    // A file named on the command line is checked all the same...
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "drafts/archive/old.md",
            "notes/n.md",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stdout.contains("drafts/archive/old.md:"),
        "{}",
        r.transcript()
    );
    assert!(r.stdout.contains("notes/n.md:"), "{}", r.transcript());
    // ...unless --force-exclude.
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--force-exclude",
            "drafts/archive/old.md",
            "notes/n.md",
            "drafts/a.md",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(!r.stdout.contains("old.md"), "{}", r.transcript());
    assert!(!r.stdout.contains("n.md"), "{}", r.transcript());
    assert!(r.stdout.contains("drafts/a.md"), "{}", r.transcript());
    // --isolated: no globs either.
    let r = run_in(
        dir.path(),
        &["check", "--isolated", "--format", "concise", "notes"],
    );
    assert!(
        r.stdout.contains("notes/n.md:1:31: error[date/weekday]"),
        "{}",
        r.transcript()
    );
}

#[test]
fn severity_in_the_configuration_sits_on_top_of_the_pack() {
    let dir = tempdir_with(&[
        (
            "draftlint.toml",
            "rules = \"style\"\n[severity]\ndate = \"hint\"\n\"date/weekday\" = \"warning\"\npattern = \"off\"\n",
        ),
        // The pack says otherwise; the configuration wins.
        (
            "style/curated/house.toml",
            &format!("{PACK}\n[severity]\n\"date/weekday\" = \"error\"\n\"pattern/custom\" = \"error\"\n"),
        ),
        ("a.md", DRAFT),
    ]);
    let r = run_in(dir.path(), &["check", "--format", "concise", "a.md"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert_eq!(
        r.stdout.lines().next().unwrap(),
        "a.md:1:31: warning[date/weekday]: 3 January 2020 is a Friday, not a Monday",
        "{}",
        r.transcript()
    );
    assert!(!r.stdout.contains("pattern/custom"), "{}", r.transcript());
    // `draftlint rules` shows the same.
    let r = run_in(dir.path(), &["rules"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout
            .starts_with("rules: style (from draftlint.toml)\nconfig: draftlint.toml\n"),
        "{}",
        r.stdout
    );
    let row = |code: &str| {
        r.stdout
            .lines()
            .find(|l| l.starts_with(&format!("{code} ")))
            .unwrap()
            .split_whitespace()
            .nth(1)
            .unwrap()
            .to_string()
    };
    assert_eq!(row("date/weekday"), "warning");
    assert_eq!(row("date/format"), "hint");
    assert_eq!(row("pattern/custom"), "off");
}

#[test]
fn fail_on_in_the_configuration_and_the_flag_winning() {
    let dir = tempdir_with(&[
        ("draftlint.toml", "rules = \"style\"\nfail-on = \"error\"\n"),
        ("style/curated/house.toml", PACK),
        ("warn.md", "We value co-operation.\n"),
    ]);
    // A warning alone does not fail when the file says error.
    let r = run_in(dir.path(), &["check", "warn.md"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(r.stdout.contains("pattern/custom"), "{}", r.transcript());
    // The flag wins over the file.
    let r = run_in(dir.path(), &["check", "--fail-on", "warning", "warn.md"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    // Hints count only when asked.
    std::fs::write(
        dir.path().join("draftlint.toml"),
        "rules = \"style\"\nfail-on = \"hint\"\n[severity]\npattern = \"hint\"\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["check", "warn.md"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    let r = run_in(
        dir.path(),
        &["check", "--fail-on", "information", "warn.md"],
    );
    assert_eq!(r.code, 0, "{}", r.transcript());
}

#[test]
fn mistakes_in_the_configuration_stop_the_run_and_say_where() {
    let dir = tempdir_with(&[
        ("style/curated/house.toml", PACK),
        ("a.md", DRAFT),
        ("sub/b.md", DRAFT),
    ]);
    let cases: &[(&str, &str)] = &[
        (
            "rules = \"style\"\n\ncolour = \"red\"\n",
            "draftlint.toml:3:1: unknown field `colour`, expected one of",
        ),
        (
            "include = \"drafts\"\n",
            "draftlint.toml:1:11: invalid type: string \"drafts\", expected a sequence",
        ),
        (
            "[severity]\n\"date/weekdya\" = \"off\"\n",
            "draftlint.toml:2:1: unknown rule code or family \"date/weekdya\" in [severity] (did you mean \"date/weekday\"?",
        ),
        (
            "select = [\"dat\"]\n",
            "draftlint.toml:1:11: unknown rule code or family \"dat\" in `select` (did you mean \"date\"?",
        ),
        (
            "exclude = [\"a/{b\"]\n",
            "draftlint.toml:1:12: \"a/{b\" is not a glob",
        ),
        (
            "fail-on = \"sometimes\"\n",
            "draftlint.toml:1:11: unknown severity 'sometimes'",
        ),
    ];
    for (config, error) in cases {
        std::fs::write(dir.path().join("draftlint.toml"), config).unwrap();
        let r = run_in(dir.path(), &["check", "--format", "concise", "a.md", "sub"]);
        assert_eq!(r.code, 2, "{config}\n{}", r.transcript());
        assert!(
            r.stderr.starts_with(&format!("error: {error}")),
            "{config}\n{}",
            r.transcript()
        );
        // Nothing was checked.
        assert_eq!(r.stdout, "1 error reported above.\n", "{}", r.transcript());
        // From a subfolder the file is named as seen from there.
        let r = run_in(&dir.path().join("sub"), &["check", "b.md"]);
        assert_eq!(r.code, 2);
        assert!(
            r.stderr.starts_with(&format!("error: ../{error}")),
            "{}",
            r.transcript()
        );
        // `rules` stops too; --isolated does not read it.
        let r = run_in(dir.path(), &["rules"]);
        assert_eq!(r.code, 2, "{}", r.transcript());
        assert!(r.stdout.is_empty(), "{}", r.transcript());
        let r = run_in(dir.path(), &["check", "--isolated", "a.md"]);
        assert_eq!(r.code, 1, "{}", r.transcript());
    }
}

#[test]
fn config_names_the_file_and_isolated_ignores_them_all() {
    let dir = tempdir_with(&[
        // Would fail everything: --config and --isolated never read it.
        ("draftlint.toml", "colour = \"red\"\n"),
        (
            "ci/strict.toml",
            "rules = \"pack\"\n[severity]\npattern = \"error\"\n",
        ),
        ("ci/pack/curated/house.toml", PACK),
        ("rules/curated/house.toml", PACK),
        ("a.md", DRAFT),
    ]);
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--config",
            "ci/strict.toml",
            "--format",
            "concise",
            "a.md",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stdout.contains("a.md:1:10: error[pattern/custom]"),
        "{}",
        r.transcript()
    );
    let r = run_in(dir.path(), &["rules", "--config", "ci/strict.toml"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(
        r.stdout
            .starts_with("rules: ci/pack (from draftlint.toml)\nconfig: ci/strict.toml\n"),
        "{}",
        r.stdout
    );
    // --isolated: the built-in pack, even with a pack-like rules/ here.
    let r = run_in(
        dir.path(),
        &["check", "--isolated", "--format", "concise", "a.md"],
    );
    assert!(!r.stdout.contains("pattern/custom"), "{}", r.transcript());
    assert!(r.stdout.contains("date/weekday"), "{}", r.transcript());
    let r = run_in(dir.path(), &["rules", "--isolated"]);
    assert!(
        r.stdout
            .starts_with("rules: built-in (--isolated)\nconfig: none (--isolated)\n"),
        "{}",
        r.stdout
    );
    // --rules still applies.
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--rules",
            "rules",
            "--format",
            "concise",
            "a.md",
        ],
    );
    assert!(r.stdout.contains("pattern/custom"), "{}", r.transcript());
    // A --config that does not exist is an error naming it.
    let r = run_in(dir.path(), &["check", "--config", "nope.toml", "a.md"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(
        r.stderr.starts_with("error: nope.toml: "),
        "{}",
        r.transcript()
    );
    // The two together make no sense.
    let r = run_in(
        dir.path(),
        &["check", "--config", "ci/strict.toml", "--isolated", "a.md"],
    );
    assert_eq!(r.code, 2, "{}", r.transcript());
}

#[test]
fn select_and_ignore_codes_and_families() {
    let dir = tempdir_with(&[("style/curated/house.toml", PACK), ("a.md", DRAFT)]);
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "--rules", "style", "--format", "concise"];
        args.extend(extra);
        args.push("a.md");
        codes(&run_in(dir.path(), &args).stdout)
    };
    let both = ["a.md:pattern/custom", "a.md:date/weekday"];
    assert_eq!(check(&[]), both);
    assert_eq!(check(&["--select", "date"]), ["a.md:date/weekday"]);
    assert_eq!(
        check(&["--select", "pattern/custom"]),
        ["a.md:pattern/custom"]
    );
    assert_eq!(
        check(&["--select", "date/format,pattern"]),
        ["a.md:pattern/custom"]
    );
    assert_eq!(check(&["--ignore", "date"]), ["a.md:pattern/custom"]);
    assert_eq!(
        check(&["--select", "date,pattern", "--ignore", "date/weekday"]),
        ["a.md:pattern/custom"]
    );
    // Only a whole family or code matches, never a prefix of a word.
    let r = run_in(
        dir.path(),
        &["check", "--rules", "style", "--select", "dat", "a.md"],
    );
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(
        r.stderr.starts_with(
            "error: draftlint: --select: unknown rule code or family \"dat\" (did you mean \"date\"?"
        ),
        "{}",
        r.transcript()
    );
    assert_eq!(r.stdout, "1 error reported above.\n");
    let r = run_in(
        dir.path(),
        &["check", "--rules", "style", "--ignore", "name/exct", "a.md"],
    );
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(
        r.stderr.contains("did you mean \"name/exact\"?"),
        "{}",
        r.transcript()
    );

    // An ignored rule's fixes are not applied either.
    let r = run_in(
        dir.path(),
        &[
            "check", "--rules", "style", "--ignore", "pattern", "--fix", "a.md",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.md")).unwrap(),
        DRAFT
    );

    // In the configuration; the command line replaces them.
    std::fs::write(
        dir.path().join("draftlint.toml"),
        "rules = \"style\"\nselect = [\"pattern\", \"date\"]\nignore = [\"date\"]\n",
    )
    .unwrap();
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "--format", "concise"];
        args.extend(extra);
        args.push("a.md");
        codes(&run_in(dir.path(), &args).stdout)
    };
    assert_eq!(check(&[]), ["a.md:pattern/custom"]);
    assert_eq!(check(&["--ignore", "pattern"]), ["a.md:date/weekday"]);
    assert_eq!(
        check(&["--select", "date/weekday", "--ignore", ""]),
        ["a.md:date/weekday"]
    );
    // `select` narrows; it does not turn on what [severity] turns off.
    std::fs::write(
        dir.path().join("draftlint.toml"),
        "rules = \"style\"\n[severity]\n\"date/weekday\" = \"off\"\n",
    )
    .unwrap();
    assert!(check(&["--select", "date"]).is_empty());
    assert_eq!(
        check(&["--select", "date,pattern"]),
        ["a.md:pattern/custom"]
    );
}

#[test]
fn standard_input_is_governed_by_the_configuration_of_its_name() {
    let dir = tempdir_with(&[
        ("style/curated/house.toml", PACK),
        (
            "drafts/draftlint.toml",
            "ignore = [\"date\", \"spelling\"]\n",
        ),
    ]);
    let run = |args: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_draftlint"))
            .args(args)
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(DRAFT.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let here = run(&["check", "--format", "concise", "-"]);
    assert!(here.contains("date/weekday"), "{here}");
    let there = run(&[
        "check",
        "--format",
        "concise",
        "--stdin-filename",
        "drafts/new.md",
        "-",
    ]);
    assert!(!there.contains("date/weekday"), "{there}");
    assert!(there.contains("No problems found."), "{there}");
}
