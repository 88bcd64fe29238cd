//! What each fuzz target checks, as plain functions of the input bytes.
//!
//! The targets in `fuzz_targets/` only call these; `tests/fuzz_regressions.rs`
//! includes this same file (with `#[path]`) and runs every saved crash input
//! in `fuzz/regressions/` through them, so a crash a fuzzer found stays a
//! test that runs in `cargo test` on stable. That is why this file uses
//! nothing but `draftlint` and `std`, and decodes its inputs by hand rather
//! than with `arbitrary`.
//!
//! Every function panics (with a message saying which property failed) when
//! the library breaks a promise; otherwise it returns normally, whatever the
//! input.

use std::ops::Range;
use std::sync::LazyLock;

use draftlint::engine::CheckCache;
use draftlint::fix::{self, fix_all_edits, Which};
use draftlint::lsp::convert::View;
use draftlint::lsp::documents::{rope_text, OpenDocument};
use draftlint::rules::{PackSource, RuleError, RulePack};
use draftlint::text::chunks::Chunks;
use draftlint::text::{Encoding, LineCol, LineIndex};
use draftlint::{Diagnostic, Document, Edit, Engine, Format};
use tower_lsp_server::ls_types::Position;

/// Known bugs that other branches fix (issue 7). While one is `true`, the
/// targets do not assert the property it breaks, so that the fuzzers can
/// look for new bugs instead of finding the known one again and again.
/// Set each to `false` once its fix is merged.
pub mod known {
    /// Item 6: a `[[pattern]]` whose replacement contains its match grows
    /// the text every fix round (`$0 $0` doubles it ten times).
    pub const FIX_GROWTH: bool = false;
    /// Item 13: a `\r` alone does not end a line in [`LineIndex`] (but a
    /// `\r` at the very end of the text is cut off its line as if it did),
    /// so positions after one do not round-trip.
    pub const LONE_CR: bool = false;
    /// Found by `recheck`: front matter, or a pulldown-cmark metadata block
    /// opened by a `---` line mid-document, closed by a `---` typed below
    /// later chunks is missed by the incremental parser
    /// (`tests/fuzz_regressions.rs`: `a_front_matter_closer_typed_far_below_is_seen`,
    /// `prose_between_two_thematic_breaks_is_checked`). A lint where the two
    /// parses disagree on the front matter, or on the prose of a text with
    /// a `---` or `...` line, was then not compared. Fixed: nothing is
    /// skipped any more.
    pub const FRONT_MATTER_BELOW: bool = false;
    /// Found by `recheck`: after an empty front matter (`---` then `---`),
    /// pulldown-cmark reads a metadata block up to a later `---` line, so
    /// a full parse loses that prose and the incremental parse does not
    /// (`prose_after_an_empty_front_matter_is_checked`). Such texts were
    /// then not compared. Fixed: nothing is skipped any more.
    pub const EMPTY_FRONT_MATTER: bool = false;
}

/// The largest text the targets check. Item 8 (time quadratic in a line's
/// length) makes long single-line inputs slow; libFuzzer's default
/// `-max_len` (4096) stays well below this anyway.
pub const MAX_TEXT: usize = 64 * 1024;

const ENCODINGS: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Scalar];
const FORMATS: [Format; 2] = [Format::Markdown, Format::PlainText];

/// The built-in pack, compiled once.
pub static BUILTIN: LazyLock<Engine> = LazyLock::new(Engine::builtin);

/// Curated rules added to the built-in pack so that every kind of finding
/// can occur: a consistency rule (document-wide), patterns with and without
/// groups, a severity override and a rule turned off.
pub const EXTRA_RULES: &str = r#"
[[spelling]]
preferred = "organise"
variants = ["organize"]
kind = "consistency"
seen = 4
documents = ["a", "b"]
variants_seen = 2

[[pattern]]
pattern = '\bvery (\w+)'
replacement = "$1"
message = "Drop 'very'."

[[pattern]]
pattern = '\bHMS Argyle\b'
replacement = "HMS Argyll"
message = "The ship is HMS Argyll."

[[pattern]]
pattern = 'é+'
replacement = "e"
message = "No accents."
severity = "hint"

[severity]
"date/format" = "hint"
"date/relative" = "off"
"#;

/// The built-in pack plus [`EXTRA_RULES`], compiled once.
pub static RICH: LazyLock<Engine> = LazyLock::new(|| {
    let (engine, errors) = engine_with("curated/fuzz-extra.toml", EXTRA_RULES);
    assert!(errors.is_empty(), "the extra rules are valid: {errors:?}");
    engine
});

/// The built-in pack's files plus one more file at `path`, compiled; with
/// every problem found loading and compiling it.
pub fn engine_with(path: &str, toml: &str) -> (Engine, Vec<RuleError>) {
    let mut sources: Vec<_> = RulePack::builtin()
        .files
        .into_iter()
        .map(|f| (f.path, None, f.source))
        .collect();
    sources.push((path.to_string(), None, toml.to_string()));
    let (pack, mut errors) = RulePack::from_sources(PackSource::Builtin, sources);
    let (engine, more) = Engine::new(pack);
    errors.extend(more);
    (engine, errors)
}

fn text_of(data: &[u8]) -> String {
    let mut text = String::from_utf8_lossy(data).into_owned();
    if text.len() > MAX_TEXT {
        let mut end = MAX_TEXT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

// ---------------------------------------------------------------------------
// Targets.

/// `check`: arbitrary text, checked with the built-in pack as Markdown and
/// as plain text. Prose regions and every span (findings, fixes, related
/// places) lie inside the text on character boundaries; findings are sorted
/// and unique; positions round-trip through lines and columns in UTF-8,
/// UTF-16 and scalar values; the server's two ways of reading a client's
/// position (in its rope, for edits; in a line index, for requests) agree.
pub fn check(data: &[u8]) {
    let text = text_of(data);
    let lines = LineIndex::new(&text);
    let ends = LineEnds::new(&text);
    // Every offset of a small text (each conversion walks its line, so
    // this is quadratic in a line's length); the findings' offsets always.
    if text.len() <= 1024 {
        for off in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            assert_round_trip(&text, &lines, &ends, off);
        }
        assert_positions_agree(&text, &lines);
    }
    for format in FORMATS {
        let doc = Document::parse(&text, format);
        assert_document(&doc);
        let diagnostics = BUILTIN.check_document(&doc);
        assert_diagnostics(&text, &diagnostics);
        for d in &diagnostics {
            assert_round_trip(&text, &lines, &ends, d.range.start);
            assert_round_trip(&text, &lines, &ends, d.range.end);
        }
    }
}

/// `fix`: arbitrary text, checked and fixed with the built-in pack (and
/// with a few extra rules), as Markdown and as plain text. The chosen edits
/// are disjoint and on character boundaries, applying them changes only
/// their spans, fixing until stable ends with the findings of its own
/// result and a bounded size, the server's fix-all gives exactly the text
/// `--fix` gives, and its edits survive the trip through LSP positions.
pub fn fix(data: &[u8]) {
    let text = text_of(data);
    for engine in [&*BUILTIN, &*RICH] {
        for format in FORMATS {
            let diagnostics = engine.check(&text, format);
            assert_diagnostics(&text, &diagnostics);
            // The built-in fixes lengthen a name or a date by a few bytes.
            let bound = 2 * text.len() + 1024;
            assert_fixes(engine, &text, format, &diagnostics, bound);
        }
    }
}

/// `pack`: arbitrary TOML loaded as a rule file beside the built-in pack,
/// then a draft checked and fixed with it. The input is the TOML, a NUL
/// byte, and the draft (a sample draft when there is no NUL). The file is
/// curated, or learned when its text starts with `#`.
///
/// Loading never panics, every problem names the file and, when it gives a
/// line, a line the file has; then everything [`check`] and [`fix`] hold
/// holds with the loaded pack.
pub fn pack(data: &[u8]) {
    const SAMPLE: &str = "---\ndate: 2017-08-31\n---\n# HMS Argyle sails\n\n\
        Mrs May met Mr. Smith and the Foreign Secretary, Philip Hammond, on \
        Tuesday 5 September 2017. We organize a very good co-operation with \
        HMS Argyle next May. 😀 安倍晋三 e\u{301}.\n\n- `code` https://x.org/a\n";
    let (toml, draft) = match data.iter().position(|&b| b == 0) {
        Some(i) => (text_of(&data[..i]), text_of(&data[i + 1..])),
        None => (text_of(data), SAMPLE.to_string()),
    };
    let path = if toml.starts_with('#') {
        "learned/fuzz.toml"
    } else {
        "curated/fuzz.toml"
    };
    let (engine, errors) = engine_with(path, &toml);
    let toml_lines = toml.split('\n').count();
    for e in &errors {
        assert!(!e.path.is_empty(), "a rule error names its file: {e:?}");
        if e.path == path {
            if let Some(line) = e.line {
                assert!(
                    (1..=toml_lines).contains(&line),
                    "error on line {line} of a file of {toml_lines} lines: {e:?}"
                );
            }
            if let Some(col) = e.column {
                assert!(col >= 1, "columns are 1-based: {e:?}");
            }
        }
    }
    let lines = LineIndex::new(&draft);
    let ends = LineEnds::new(&draft);
    for format in FORMATS {
        let diagnostics = engine.check(&draft, format);
        assert_diagnostics(&draft, &diagnostics);
        for d in &diagnostics {
            assert_round_trip(&draft, &lines, &ends, d.range.start);
            assert_round_trip(&draft, &lines, &ends, d.range.end);
        }
        // A pattern may legitimately replace a match with a longer text, once;
        // not double the text every round.
        let bound = if known::FIX_GROWTH {
            usize::MAX
        } else {
            pack_fix_bound(draft.len())
        };
        assert_fixes(&engine, &draft, format, &diagnostics, bound);
    }
}

/// How long fixing a draft of `len` bytes may make it with an arbitrary
/// pack: a pattern may replace each match with a longer text, but the text
/// must not double every round (issue 7, item 6).
pub fn pack_fix_bound(len: usize) -> usize {
    64 * len + (1 << 20)
}

/// `recheck`: a text and a sequence of edits, applied as the language
/// server applies them (to an [`OpenDocument`], in chars), re-parsed with
/// [`Chunks`] and re-checked with [`Engine::check_incremental`] from time
/// to time. After every lint the server's text equals a plain `String` with
/// the same edits, the assembled document equals a full parse, and the
/// findings equal a full check.
///
/// Input: a flags byte (bit 0: plain text), the start text, then edits,
/// each after a `0xFF` byte: two little-endian `u16`s choosing the ends of
/// the replaced range among the text's character boundaries, a flags byte
/// (bit 0: lint after this edit; bit 1: replace the whole text), and the
/// new text.
pub fn recheck(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let format = if flags & 1 == 1 {
        Format::PlainText
    } else {
        Format::Markdown
    };
    let mut parts = rest.split(|&b| b == 0xFF);
    let start = text_of(parts.next().unwrap_or_default());
    let language = if format == Format::PlainText {
        "plaintext"
    } else {
        "markdown"
    };
    let mut doc = OpenDocument::new(&start, 1, language);
    let mut model = start.clone();
    let mut chunks = Chunks::new(format, 0);
    let mut cache = CheckCache::default();
    let engine = &*RICH;
    let mut lint = |doc: &mut OpenDocument, model: &str| {
        let text = rope_text(&doc.rope);
        assert_eq!(text, model, "the server's text follows the edits");
        let (edits, reset) = doc.take_edits();
        if reset {
            chunks = Chunks::new(format, text.len());
        } else {
            for (r, n) in edits {
                chunks.edit(r, n);
            }
        }
        let assembled = chunks.document(&text);
        let full = Document::parse(&text, format);
        assert_same_document(&assembled, &full);
        let incremental = engine.check_incremental(&assembled, &mut cache);
        assert_eq!(
            incremental,
            engine.check_document(&full),
            "incremental check equals a full check of {model:?}"
        );
    };
    lint(&mut doc, &model);
    for part in parts {
        if part.len() < 5 {
            continue;
        }
        let pick = |lo: u8, hi: u8, model: &str| {
            let bounds: Vec<usize> = model
                .char_indices()
                .map(|(i, _)| i)
                .chain([model.len()])
                .collect();
            bounds[usize::from(u16::from_le_bytes([lo, hi])) % bounds.len()]
        };
        let (a, b) = (
            pick(part[0], part[1], &model),
            pick(part[2], part[3], &model),
        );
        let (a, b) = (a.min(b), a.max(b));
        let flags = part[4];
        let insert = text_of(&part[5..]);
        if model.len() - (b - a) + insert.len() > MAX_TEXT {
            continue;
        }
        if flags & 2 == 2 {
            doc.replace(None, &insert);
            model = insert;
        } else {
            let chars = model[..a].chars().count()..model[..b].chars().count();
            doc.replace(Some(chars), &insert);
            model.replace_range(a..b, &insert);
        }
        assert_eq!(doc.rope.to_string(), model, "the rope follows the edits");
        if flags & 1 == 1 {
            lint(&mut doc, &model);
        }
    }
    lint(&mut doc, &model);
}

// ---------------------------------------------------------------------------
// Properties.

fn on_boundaries(text: &str, r: &Range<usize>) -> bool {
    r.start <= r.end
        && r.end <= text.len()
        && text.is_char_boundary(r.start)
        && text.is_char_boundary(r.end)
}

/// A parsed document's regions are sorted, disjoint, non-empty and on
/// character boundaries.
pub fn assert_document(doc: &Document<'_>) {
    let text = doc.text;
    let mut last_end = 0;
    for r in &doc.prose {
        assert!(on_boundaries(text, r), "prose region {r:?} in {text:?}");
        assert!(r.start < r.end, "empty prose region {r:?}");
        assert!(r.start >= last_end, "prose regions overlap at {r:?}");
        last_end = r.end;
    }
    if let Some(fm) = &doc.front_matter {
        assert!(on_boundaries(text, fm), "front matter {fm:?} in {text:?}");
    }
}

/// The incremental parser's document is the full parse's.
pub fn assert_same_document(assembled: &Document<'_>, full: &Document<'_>) {
    let text = full.text;
    assert_eq!(assembled.prose, full.prose, "prose of {text:?}");
    assert_eq!(assembled.front_matter, full.front_matter, "front matter");
    assert_eq!(assembled.suppressed, full.suppressed, "suppressed lines");
    assert_eq!(assembled.suppressed_file, full.suppressed_file, "file");
    assert_eq!(assembled.lines(), full.lines(), "line index");
}

/// Every span of every finding is inside `text` on character boundaries;
/// findings are sorted by position then code, with no two alike.
pub fn assert_diagnostics(text: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert!(on_boundaries(text, &d.range), "{} at {:?}", d.code, d.range);
        for f in &d.fixes {
            for e in &f.edits {
                assert!(on_boundaries(text, &e.range), "fix of {}: {e:?}", d.code);
            }
        }
        for r in &d.related {
            assert!(
                on_boundaries(text, &r.range),
                "related of {}: {r:?}",
                d.code
            );
        }
    }
    for pair in diagnostics.windows(2) {
        let key = |d: &Diagnostic| (d.range.start, d.range.end, d.code);
        assert!(
            key(&pair[0]) < key(&pair[1]),
            "findings out of order or repeated: {:?} then {:?}",
            key(&pair[0]),
            key(&pair[1])
        );
    }
}

/// For every byte offset of a text, how many `\n` come before it and how
/// many line ends LSP counts before it (`\n`, `\r\n`, or `\r` alone),
/// computed once (the round trip of every offset stays linear).
pub struct LineEnds {
    lf: Vec<u32>,
    lsp: Vec<u32>,
}

impl LineEnds {
    pub fn new(text: &str) -> LineEnds {
        let b = text.as_bytes();
        let (mut lf, mut lsp) = (vec![0u32; b.len() + 1], vec![0u32; b.len() + 1]);
        for i in 0..b.len() {
            let lone_cr = b[i] == b'\r' && b.get(i + 1) != Some(&b'\n');
            lf[i + 1] = lf[i] + u32::from(b[i] == b'\n');
            lsp[i + 1] = lsp[i] + u32::from(b[i] == b'\n' || lone_cr);
        }
        LineEnds { lf, lsp }
    }
}

/// Byte `off` (a character boundary) turned into a line and column and back
/// is `off`, in every encoding; the column is the width of the line's text
/// before it, and the line is the number of line ends before it. An offset
/// between the `\r` and `\n` of one line end names no position of its own,
/// and a file's BOM may or may not count as a column, so those are skipped.
pub fn assert_round_trip(text: &str, lines: &LineIndex, ends: &LineEnds, off: usize) {
    let bytes = text.as_bytes();
    if off > 0 && off < bytes.len() && bytes[off - 1] == b'\r' && bytes[off] == b'\n' {
        return;
    }
    let bom = text.starts_with('\u{feff}');
    if bom && off == 0 {
        return;
    }
    let (lf, lsp_ends) = (ends.lf[off] as usize, ends.lsp[off] as usize);
    if known::LONE_CR && lsp_ends != lf {
        return;
    }
    for enc in ENCODINGS {
        let lc = lines.to_line_col(text, off, enc);
        let line = lc.line as usize;
        assert_eq!(
            line, lsp_ends,
            "offset {off}: line {line}, but {lsp_ends} line ends before it in {text:?}"
        );
        let start = lines.line_start(line).expect("the line exists");
        assert!(start <= off, "line {line} starts at {start}, after {off}");
        if !(bom && line == 0) {
            let prefix = &text[start..off];
            let width = match enc {
                Encoding::Utf8 => prefix.len(),
                Encoding::Utf16 => prefix.encode_utf16().count(),
                Encoding::Scalar => prefix.chars().count(),
            };
            assert_eq!(
                lc.col as usize, width,
                "{enc:?} column of {off} in {text:?}"
            );
        }
        assert_eq!(
            lines.to_offset(text, lc, enc),
            Ok(off),
            "{enc:?} offset {off} -> {lc:?} -> back, in {text:?}"
        );
    }
}

/// Every LSP position on every line of `text` (and past them: a column
/// past the end, the largest column, lines past the end) names the same
/// byte in the server's rope ([`View::offset`], used for edits and
/// requests) and in the command line's [`LineIndex`], or is refused by both
/// as splitting a character.
pub fn assert_positions_agree(text: &str, lines: &LineIndex) {
    let ends = LineEnds::new(text);
    if known::LONE_CR && ends.lf[text.len()] != ends.lsp[text.len()] {
        return;
    }
    let rope = OpenDocument::new(text, 0, "markdown").rope;
    let count = lines.line_count() as u32;
    for enc in [Encoding::Utf8, Encoding::Utf16] {
        let view = View::new(&rope, enc);
        for line in (0..count + 2).chain([u32::MAX]) {
            let width = lines
                .line_range(text, line as usize)
                .map_or(0, |r| match enc {
                    Encoding::Utf16 => text[r].encode_utf16().count(),
                    _ => r.len(),
                }) as u32;
            // Every column of a short line; the ends of a long one (each
            // look-up walks the line).
            let cols: Vec<u32> = if width <= 64 {
                (0..width + 2).collect()
            } else {
                (0..24).chain(width - 24..width + 2).collect()
            };
            for col in cols.into_iter().chain([u32::MAX]) {
                let pos = Position::new(line, col);
                let in_rope = view.offset(pos);
                let in_index = lines.to_offset(
                    text,
                    LineCol {
                        line: pos.line,
                        col: pos.character,
                    },
                    enc,
                );
                assert_eq!(
                    in_rope.is_ok(),
                    in_index.is_ok(),
                    "{enc:?} {line}:{col}: rope {in_rope:?}, line index {in_index:?} in {text:?}"
                );
                if let (Ok(a), Ok(b)) = (in_rope, in_index) {
                    assert_eq!(a, b, "{enc:?} {line}:{col} in {text:?}");
                }
            }
        }
    }
}

/// `text` with sorted, disjoint `edits` spliced in, computed here without
/// the library.
fn splice(text: &str, edits: &[Edit]) -> String {
    let mut out = String::new();
    let mut pos = 0;
    for e in edits {
        out.push_str(&text[pos..e.range.start]);
        out.push_str(&e.replacement);
        pos = e.range.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// The properties of fixing the `diagnostics` of `text`; fixing until
/// stable must not make it longer than `max_len`.
pub fn assert_fixes(
    engine: &Engine,
    text: &str,
    format: Format,
    diagnostics: &[Diagnostic],
    max_len: usize,
) {
    for which in [Which::Safe, Which::SafeAndUnsafe] {
        let (edits, count) = fix::collect_fixes(diagnostics, which);
        assert!(
            count <= diagnostics.len(),
            "{count} fixes from fewer findings"
        );
        let mut taken: Option<&Edit> = None;
        for e in &edits {
            assert!(on_boundaries(text, &e.range), "chosen edit {e:?}");
            assert!(
                diagnostics
                    .iter()
                    .any(|d| d.fixes.iter().any(|f| f.edits.contains(e))),
                "edit {e:?} belongs to no finding's fix"
            );
            if let Some(p) = taken {
                let both_inserts = p.range.is_empty() && e.range.is_empty();
                assert!(
                    e.range.start >= p.range.end
                        && !(both_inserts && p.range.start == e.range.start),
                    "chosen edits overlap: {p:?} then {e:?}"
                );
            }
            taken = Some(e);
        }
        // Only the fixed spans change.
        let applied = fix::apply_edits(text, &edits);
        assert_eq!(applied, splice(text, &edits), "applying {edits:?}");
        assert_eq!(fix::apply(text, diagnostics, which), applied);
    }

    let done = fix::fix_until_stable(engine, text, format, diagnostics.to_vec(), Which::Safe);
    assert!(done.rounds <= fix::MAX_FIX_ROUNDS, "{} rounds", done.rounds);
    assert!(
        done.text.len() <= max_len,
        "fixing grew {} bytes to {} in {} rounds",
        text.len(),
        done.text.len(),
        done.rounds
    );
    assert_eq!(
        done.diagnostics,
        engine.check(&done.text, format),
        "the findings left are those of the fixed text"
    );
    if done.rounds < fix::MAX_FIX_ROUNDS {
        assert_eq!(
            fix::apply(&done.text, &done.diagnostics, Which::Safe),
            done.text,
            "fixing stopped before it was stable"
        );
    }
    if done.rounds == 0 {
        assert_eq!(done.text, text, "no round, no change");
    }

    // The server's fix-all is `--fix`, edits and positions included.
    let edits = fix_all_edits(text, diagnostics, engine, format);
    for e in &edits {
        assert!(on_boundaries(text, &e.range), "fix-all edit {e:?}");
    }
    assert_eq!(
        splice(text, &edits),
        done.text,
        "fix-all in the server equals --fix"
    );
    let rope = OpenDocument::new(text, 0, "markdown").rope;
    for enc in [Encoding::Utf8, Encoding::Utf16] {
        let view = View::new(&rope, enc);
        for e in &edits {
            let lsp = view.text_edit(e);
            assert_eq!(
                view.offsets(lsp.range),
                Some(e.range.clone()),
                "{enc:?} fix-all edit {e:?} as {:?}",
                lsp.range
            );
        }
    }
}
