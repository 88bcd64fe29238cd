//! Vale styles run by `draftlint check` beside the learned house style
//! (issue 13): the fixtures under `tests/vale/`, Vale's `--output=line`
//! format, `--vale-config`, `--no-vale`, configuration problems at their
//! line and column, and the project boundary.

mod cli_support;

use cli_support::{run_in, tempdir_with};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Only the Vale findings of a line report (draftlint's own codes have a `/`).
fn vale_lines(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|l| l.split(':').nth(3).is_some_and(|code| !code.contains('/')))
        .collect()
}

#[test]
fn every_kind_runs_with_its_configuration_in_vale_line_format() {
    let run = run_in(
        &root(),
        &["check", "--format", "line", "tests/vale/kinds/draft.md"],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn a_plain_english_style_over_a_draft() {
    let run = run_in(
        &root(),
        &[
            "check",
            "--format",
            "line",
            "tests/vale/govuk/drafts/release.md",
        ],
    );
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn the_plain_english_style_over_the_approved_seeds_is_quiet() {
    let run = run_in(
        &root(),
        &[
            "check",
            "--format",
            "line",
            "--vale-config",
            "tests/vale/govuk/.vale.ini",
            "seeds/",
        ],
    );
    let vale = vale_lines(&run.stdout);
    // Five approved press notices of 2,276 words: a handful of plain-English
    // notes (long sentences, 'in order to', 'tackling'), no flood.
    assert!(vale.len() <= 20, "{}", vale.join("\n"));
    insta::assert_snapshot!(vale.join("\n"));
}

#[test]
fn broken_styles_are_reported_where_and_what_and_the_rest_runs() {
    let run = run_in(
        &root(),
        &["check", "--format", "line", "tests/vale/broken/draft.md"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.contains("Broken.Good:Fine: fine."),
        "{}",
        run.transcript()
    );
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn no_vale_and_a_missing_named_configuration() {
    let run = run_in(
        &root(),
        &[
            "check",
            "--format",
            "line",
            "--no-vale",
            "tests/vale/kinds/draft.md",
        ],
    );
    assert!(vale_lines(&run.stdout).is_empty(), "{}", run.transcript());
    let run = run_in(
        &root(),
        &[
            "check",
            "--vale-config",
            "nope.ini",
            "tests/vale/kinds/draft.md",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("nope.ini: cannot read"),
        "{}",
        run.transcript()
    );
    assert_eq!(
        run.stdout,
        "1 error reported above.\n",
        "nothing is checked: {}",
        run.transcript()
    );
}

const RULE: &str = "extends: existence\nmessage: \"Avoid '%s'.\"\ntokens: [utilise]\n";

#[test]
fn the_nearest_configuration_above_a_draft_applies_within_the_project() {
    let dir = tempdir_with(&[
        (
            ".vale.ini",
            "StylesPath = styles\n[*.md]\nBasedOnStyles = House\n",
        ),
        ("styles/House/Avoid.yml", RULE),
        ("docs/notes/draft.md", "We utilise it.\n"),
        ("docs/notes/plain.txt", "We utilise it.\n"),
    ]);
    let run = run_in(dir.path(), &["check", "--format", "line", "docs/"]);
    assert_eq!(
        vale_lines(&run.stdout),
        ["docs/notes/draft.md:1:4:House.Avoid:Avoid 'utilise'."],
        "the [*.md] section applies to the Markdown draft only: {}",
        run.transcript()
    );
    // From inside a subfolder, the configuration above the current folder
    // is outside the project the run sees: not read.
    let run = run_in(
        &dir.path().join("docs"),
        &["check", "--format", "line", "notes/draft.md"],
    );
    assert!(vale_lines(&run.stdout).is_empty(), "{}", run.transcript());
}

#[test]
fn a_project_configuration_cannot_read_styles_outside_the_project() {
    let outside = tempdir_with(&[("House/Avoid.yml", RULE)]);
    let dir = tempdir_with(&[("draft.md", "We utilise it.\n")]);
    let ini = format!(
        "StylesPath = {}\n[*]\nBasedOnStyles = House\n",
        outside.path().display()
    );
    std::fs::write(dir.path().join(".vale.ini"), ini).unwrap();
    let run = run_in(dir.path(), &["check", "--format", "line", "draft.md"]);
    assert!(vale_lines(&run.stdout).is_empty(), "{}", run.transcript());
    assert!(
        run.stderr
            .contains(".vale.ini:1:1: `StylesPath` points outside the project"),
        "{}",
        run.transcript()
    );
    // Through `..` and through a link, likewise.
    std::fs::write(
        dir.path().join(".vale.ini"),
        "StylesPath = ../../../..\n[*]\nBasedOnStyles = House\n",
    )
    .unwrap();
    let run = run_in(dir.path(), &["check", "--format", "line", "draft.md"]);
    assert!(
        run.stderr.contains("points outside the project"),
        "{}",
        run.transcript()
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outside.path(), dir.path().join("styles")).unwrap();
        std::fs::write(
            dir.path().join(".vale.ini"),
            "StylesPath = styles\n[*]\nBasedOnStyles = House\n",
        )
        .unwrap();
        let run = run_in(dir.path(), &["check", "--format", "line", "draft.md"]);
        assert!(vale_lines(&run.stdout).is_empty(), "{}", run.transcript());
        assert!(
            run.stderr.contains("points outside the project"),
            "{}",
            run.transcript()
        );
    }
    // Named on the command line, it is the user's choice and is read.
    let named = outside.path().join(".vale.ini");
    std::fs::write(&named, "StylesPath = .\n[*]\nBasedOnStyles = House\n").unwrap();
    let run = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "line",
            "--vale-config",
            named.to_str().unwrap(),
            "draft.md",
        ],
    );
    assert_eq!(
        vale_lines(&run.stdout),
        ["draft.md:1:4:House.Avoid:Avoid 'utilise'."]
    );
}

#[test]
fn vale_codes_work_in_disable_comments_select_and_severity() {
    let dir = tempdir_with(&[
        (
            ".vale.ini",
            "StylesPath = styles\n[*]\nBasedOnStyles = House\n",
        ),
        ("styles/House/Avoid.yml", RULE),
        (
            "draft.md",
            "We utilise it.\n<!-- draftlint-disable-next-line House.Avoid -->\nWe utilise it.\n",
        ),
    ]);
    let run = run_in(dir.path(), &["check", "--format", "line", "draft.md"]);
    assert_eq!(
        run.stdout,
        "draft.md:1:4:House.Avoid:Avoid 'utilise'.\n",
        "{}",
        run.transcript()
    );
    // A style's name selects its rules as a family does.
    let run = run_in(
        dir.path(),
        &["check", "--format", "line", "--ignore", "House", "draft.md"],
    );
    assert_eq!(run.stdout, "", "{}", run.transcript());
    let run = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--select",
            "House.Avoid",
            "draft.md",
        ],
    );
    assert!(
        run.stdout.contains("warning[House.Avoid]"),
        "{}",
        run.transcript()
    );
    std::fs::write(
        dir.path().join("draftlint.toml"),
        "[severity]\n\"House.Avoid\" = \"hint\"\n",
    )
    .unwrap();
    let run = run_in(dir.path(), &["check", "--format", "concise", "draft.md"]);
    assert!(
        run.stdout.contains("hint[House.Avoid]"),
        "{}",
        run.transcript()
    );
    assert_eq!(run.code, 0, "a hint does not fail the run");
}

#[test]
fn fix_applies_a_replace_action_with_one_suggestion_only() {
    let dir = tempdir_with(&[
        (".vale.ini", "StylesPath = styles\n[*]\nBasedOnStyles = House\n"),
        (
            "styles/House/Swap.yml",
            "extends: substitution\nmessage: \"Use '%s', not '%s'.\"\naction:\n  name: replace\nswap:\n  utilise: use\n  facilitate: help|ease\n",
        ),
        ("draft.md", "We utilise it to facilitate talks.\n"),
    ]);
    let run = run_in(dir.path(), &["check", "--fix", "draft.md"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("draft.md")).unwrap(),
        "We use it to facilitate talks.\n",
        "two suggestions are for a person to choose"
    );
}

#[test]
fn explain_shows_a_vale_rule_from_its_style() {
    let dir = root().join("tests/vale/govuk");
    let run = run_in(&dir, &["explain", "GovUK.WordsToAvoid"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout
            .contains("`extends: substitution`, level warning"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("styles/GovUK/WordsToAvoid.yml"));
    assert!(run
        .stdout
        .contains("More: https://www.gov.uk/guidance/style-guide"));
    let run = run_in(&dir, &["explain", "GovUK.Nope"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no Vale rule 'GovUK.Nope'"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_link_in_a_style_folder_does_not_read_a_dictionary_outside_the_project() {
    let outside = tempdir_with(&[]);
    for ext in ["aff", "dic"] {
        std::fs::copy(
            root().join(format!("tests/vale/spelling/styles/dicts/en_house.{ext}")),
            outside.path().join(format!("en_house.{ext}")),
        )
        .unwrap();
    }
    let dir = tempdir_with(&[
        (
            ".vale.ini",
            "StylesPath = styles\n[*]\nBasedOnStyles = House\n",
        ),
        (
            "styles/House/Spelling.yml",
            "extends: spelling\nmessage: \"'%s'?\"\ndicpath: dicts\ndictionaries: [en_house]\n",
        ),
        ("draft.md", "Some words here.\n"),
    ]);
    std::os::unix::fs::symlink(outside.path(), dir.path().join("styles/dicts")).unwrap();
    let run = run_in(dir.path(), &["check", "--format", "line", "draft.md"]);
    assert!(
        run.stderr.contains("Spelling.yml:3:1: `")
            && run
                .stderr
                .contains("points outside the project; nothing there is read"),
        "{}",
        run.transcript()
    );
    assert!(vale_lines(&run.stdout).is_empty(), "{}", run.transcript());
}
