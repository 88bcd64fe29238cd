//! `draftlint explain CODE` reads the configuration as `check` and `rules`
//! do (issue 12): the nearest draftlint.toml, `--config FILE`, or none with
//! `--isolated`; the severity it shows is the one that configuration sets.

use std::path::Path;
use std::process::{Command, Stdio};

fn explain(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_draftlint"))
        .arg("explain")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn severity_line(stdout: &str) -> Option<&str> {
    stdout.lines().find(|l| l.starts_with("Severity set to"))
}

#[test]
fn explain_honours_config_and_isolated() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("draftlint.toml"),
        "[severity]\n\"honorific/consistency\" = \"error\"\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("ci")).unwrap();
    std::fs::write(
        dir.path().join("ci/strict.toml"),
        "[severity]\nhonorific = \"hint\"\n",
    )
    .unwrap();
    let code = "honorific/consistency";

    // The nearest draftlint.toml, as `check` would read it here.
    let (status, out, err) = explain(dir.path(), &[code]);
    assert_eq!(status, 0, "{err}");
    assert_eq!(
        severity_line(&out),
        Some("Severity set to `error` by the pack or draftlint.toml."),
        "{out}"
    );
    assert!(out.contains("Configuration: draftlint.toml."), "{out}");

    // `--config FILE` instead.
    let (status, out, err) = explain(dir.path(), &["--config", "ci/strict.toml", code]);
    assert_eq!(status, 0, "{err}");
    assert_eq!(
        severity_line(&out),
        Some("Severity set to `hint` by the pack or draftlint.toml."),
        "{out}"
    );
    assert!(out.contains("Configuration: ci/strict.toml."), "{out}");

    // `--isolated`: the rule's own severity.
    let (status, out, err) = explain(dir.path(), &["--isolated", code]);
    assert_eq!(status, 0, "{err}");
    assert_eq!(severity_line(&out), None, "{out}");
    assert!(out.contains("Configuration: none (--isolated)."), "{out}");

    // The two are not used together, as for `check`.
    let (status, _, err) = explain(
        dir.path(),
        &["--isolated", "--config", "ci/strict.toml", code],
    );
    assert_eq!(status, 2, "{err}");

    // A broken configuration is an error at its place, exit 2.
    std::fs::write(dir.path().join("ci/bad.toml"), "\ncolour = 1\n").unwrap();
    let (status, _, err) = explain(dir.path(), &["--config", "ci/bad.toml", code]);
    assert_eq!(status, 2);
    assert!(
        err.contains("ci/bad.toml:2:1: unknown field `colour`"),
        "{err}"
    );
    let (status, _, err) = explain(dir.path(), &["--config", "missing.toml", code]);
    assert_eq!(status, 2);
    assert!(err.contains("missing.toml"), "{err}");
}
