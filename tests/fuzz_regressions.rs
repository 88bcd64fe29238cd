//! The fuzz targets' properties, on stable, in `cargo test`: every seed
//! input (`fuzz/seeds/TARGET/`) and every crash or hang a fuzzer found
//! (`fuzz/regressions/TARGET/`, one file per input, kept after the bug was
//! fixed) goes through the same function the target calls. Named tests
//! below spell out the inputs that found bugs, so that a failure reads as
//! what broke.

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod fuzz;
mod lsp_support;

use std::path::Path;

/// Runs `target` on every file in `fuzz/seeds/NAME` and
/// `fuzz/regressions/NAME`; returns how many there were.
fn replay(name: &str, target: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for dir in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(name)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        paths.sort();
        for path in paths {
            let data = std::fs::read(&path).unwrap();
            let shown = path.display().to_string();
            if let Err(e) = std::panic::catch_unwind(|| target(&data)) {
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                panic!("{shown}: {msg}");
            }
            n += 1;
        }
    }
    n
}

#[test]
fn check_inputs() {
    assert!(replay("check", fuzz::check) >= 3);
}

#[test]
fn fix_inputs() {
    assert!(replay("fix", fuzz::fix) >= 3);
}

#[test]
fn pack_inputs() {
    assert!(replay("pack", fuzz::pack) >= 3);
}

#[test]
fn recheck_inputs() {
    assert!(replay("recheck", fuzz::recheck) >= 3);
}

/// The properties themselves can fail: a broken edit list or a finding
/// outside the text is caught (so the targets are not vacuous).
#[test]
fn the_properties_catch_broken_results() {
    use draftlint::{Applicability, Diagnostic, Fix, Severity};
    let text = "a😀b";
    let outside = Diagnostic::note("name/exact", Severity::Error, 2..3, "x");
    assert!(std::panic::catch_unwind(|| fuzz::assert_diagnostics(text, &[outside])).is_err());
    let unsorted = [
        Diagnostic::note("name/exact", Severity::Error, 5..6, "x"),
        Diagnostic::note("name/exact", Severity::Error, 0..1, "x"),
    ];
    assert!(std::panic::catch_unwind(|| fuzz::assert_diagnostics(text, &unsorted)).is_err());
    // A fix that fix-all and `--fix` both apply passes.
    let fine = [
        Diagnostic::note("name/exact", Severity::Error, 0..1, "x").with_fix(Fix::replace(
            0..1,
            "A",
            Applicability::Safe,
        )),
    ];
    fuzz::assert_fixes(
        &fuzz::BUILTIN,
        text,
        draftlint::Format::PlainText,
        &fine,
        64,
    );
    // Nor does a result longer than allowed.
    assert!(std::panic::catch_unwind(|| {
        fuzz::assert_fixes(&fuzz::BUILTIN, text, draftlint::Format::PlainText, &fine, 2)
    })
    .is_err());
}

/// Found by the session fuzzer (`tests/lsp_session_fuzz.rs`): completion
/// answers a cursor past the end of its line, or past the last line, with
/// text edits that end at that very position, which names no place in the
/// document. The edit must end at the cursor the server resolved (the end
/// of the line, or of the text).
#[test]
fn completion_edits_end_at_the_resolved_cursor() {
    let (mut c, _) = lsp_support::Client::start(None);
    let uri = "file:///fuzz/completion.md";
    let text = "said the Foreign Secretary ";
    c.open(uri, "markdown", 1, text);
    let end = serde_json::json!({"line": 0, "character": text.len()});
    for (line, character) in [(0, 999), (3, 0), (u32::MAX, u32::MAX)] {
        let r = c.request(
            "textDocument/completion",
            serde_json::json!({"textDocument": {"uri": uri},
                               "position": {"line": line, "character": character}}),
        );
        let items = r["items"].as_array().cloned().unwrap_or_default();
        assert!(!items.is_empty(), "people who held the title: {r}");
        for item in items {
            assert_eq!(
                item["textEdit"]["range"]["end"], end,
                "completion at {line}:{character}: {item}"
            );
        }
    }
}

/// Found by the `recheck` target: a draft opening with `---` whose closing
/// `---` is typed two chunks further down becomes front matter for a full
/// parse, but the incremental parser re-parses only the chunks the edit
/// touched (and the one before), so the first chunk keeps its old reading:
/// the server then checks the front matter as prose, and its findings
/// differ from `draftlint check`. The input that found it is in
/// `fuzz/regressions/recheck/`.
#[test]
fn a_front_matter_closer_typed_far_below_is_seen() {
    use draftlint::text::chunks::Chunks;
    use draftlint::{Document, Format};
    let text = "---\ntitle: HMS Argyle\n\nMrs May\n\nMs May\n";
    let mut chunks = Chunks::new(Format::Markdown, text.len());
    assert_eq!(
        chunks.document(text).prose,
        Document::parse(text, Format::Markdown).prose
    );
    assert!(chunks.len() >= 3, "{} chunks", chunks.len());
    let closed = format!("{text}---\n");
    chunks.edit(text.len()..text.len(), 4);
    let full = Document::parse(&closed, Format::Markdown);
    assert_eq!(full.front_matter, Some(0..closed.len()));
    let assembled = chunks.document(&closed);
    assert_eq!(assembled.front_matter, full.front_matter);
    assert_eq!(assembled.prose, full.prose);
}

/// Found by the `recheck` target: a draft that opens with an empty front
/// matter block (`---` then `---`) and has a `---` line (a thematic break)
/// further down. draftlint reads the front matter as the first two lines,
/// but pulldown-cmark's metadata-block extension reads one from the first
/// line to the later `---`, so `Document::parse` finds no prose at all and
/// `draftlint check` silently checks nothing; the server's incremental
/// parse (chunks) does check it, so the two disagree. The input that found
/// it is in `fuzz/regressions/recheck/`.
#[test]
fn prose_after_an_empty_front_matter_is_checked() {
    use draftlint::text::chunks::Chunks;
    use draftlint::{Document, Format};
    let text = "---\n---\nHMS Argyle sailed.\n\nMore text.\n---\n";
    let doc = Document::parse(text, Format::Markdown);
    assert_eq!(doc.front_matter, Some(0..8));
    let prose: Vec<&str> = doc.prose_slices().map(|(_, s)| s).collect();
    assert_eq!(prose, ["HMS Argyle sailed.", "More text."]);
    let mut chunks = Chunks::new(Format::Markdown, text.len());
    assert_eq!(chunks.document(text).prose, doc.prose);
}

/// Found by the `recheck` target (in the long run): a `---` line after a
/// blank line, followed by text, is a thematic break in CommonMark, but
/// pulldown-cmark's metadata-block extension (`Document::parse` enabled
/// it) reads a metadata block from it to a later `---` line. Typing that
/// later `---`, the full parse loses every paragraph in between (so
/// `draftlint check` never checks them) while the server's incremental
/// parse keeps them: the two disagree. The input that found it is in
/// `fuzz/regressions/recheck/`.
#[test]
fn prose_between_two_thematic_breaks_is_checked() {
    use draftlint::text::chunks::Chunks;
    use draftlint::{Document, Format};
    let text = "Intro.\n\n---\nHMS Argyle\n\nMrs May\n\nMs May\n";
    let closed = format!("{text}---\n");
    let mut chunks = Chunks::new(Format::Markdown, text.len());
    chunks.document(text);
    chunks.edit(text.len()..text.len(), 4);
    let full = Document::parse(&closed, Format::Markdown);
    let prose: Vec<&str> = full.prose_slices().map(|(_, s)| s).collect();
    assert_eq!(prose, ["Intro.", "HMS Argyle", "Mrs May", "Ms May"]);
    assert_eq!(chunks.document(&closed).prose, full.prose);
}

/// Issue 7, item 6, as the `pack` target sees it: a pattern whose replacement holds its
/// match doubles the text every fix round.
#[test]
fn a_growing_pattern_is_bounded() {
    let rules = "[[pattern]]\npattern = '(?s).+'\nreplacement = '$0 $0'\nmessage = 'grows'\n";
    let (engine, errors) = fuzz::engine_with("curated/grow.toml", rules);
    assert!(errors.is_empty(), "{errors:?}");
    let draft = "The ship sails. ".repeat(200);
    let format = draftlint::Format::PlainText;
    let diagnostics = engine.check(&draft, format);
    fuzz::assert_fixes(
        &engine,
        &draft,
        format,
        &diagnostics,
        fuzz::pack_fix_bound(draft.len()),
    );
}
