//! Human-readable findings, in the manner of ruff and rustc:
//!
//! ```text
//! drafts/a.md:3:19: error[name/exact]: 'HMS Argyle' is not how the house writes it
//!   |
//! 3 | The deployment of HMS Argyle to Japan in December 2018
//!   |                   ^^^^^^^^^^
//!   |
//!   = fix: Replace with 'HMS Argyll'
//!   = evidence: HMS Argyll: 3 times in 2 documents (000_…, 001_…)
//! ```
//!
//! Header positions are 1-based lines and columns counted in Unicode scalar
//! values (as in the JSON output). The underline is placed by display width
//! instead, so it sits under CJK characters and emoji, which take two
//! terminal cells. Long lines (a Markdown paragraph is one line) are cut to
//! a window around the span, marked with `...`.

use std::borrow::Cow;
use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use super::output::{paint, Palette};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::text::{Encoding, LineIndex};

/// Source lines wider than this are cut to a window around the span.
const MAX_WIDTH: usize = 100;
/// Display columns of context kept each side of the span in a cut line.
const CONTEXT: usize = 36;
/// Spans over more lines than this show the first two and the last.
const MAX_LINES: usize = 4;

/// How findings are drawn.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub palette: Palette,
}

/// A 1-based line and column (Unicode scalar values) for byte `offset`.
///
/// Columns on the first line count after a byte-order mark: editors do not
/// show it, and a writer's `Mr.` at the start of the file is at column 1.
/// One lookup in `lines` (no counting from the line's start), so that a
/// file of one long line with many findings is rendered in linear time.
pub fn position(text: &str, lines: &LineIndex, offset: usize) -> (usize, usize) {
    position_in(text, lines, offset, Encoding::Scalar)
}

/// [`position`] with columns counted in `encoding` (SARIF counts UTF-16
/// code units).
pub fn position_in(
    text: &str,
    lines: &LineIndex,
    offset: usize,
    encoding: Encoding,
) -> (usize, usize) {
    let lc = lines.to_line_col(text, offset, encoding);
    let bom = lines.bom_len();
    let after_bom = lc.line == 0 && bom > 0 && offset >= bom;
    (
        lc.line as usize + 1,
        lc.col as usize + 1 - usize::from(after_bom),
    )
}

/// Where related spans in other drafts are: a draft checked together with
/// later ones (workspace consistency) may be the reference for their
/// findings, and its positions are worked out while its text is at hand, so
/// that its text need not be kept.
#[derive(Debug, Default)]
pub struct Elsewhere {
    places: std::collections::HashMap<(usize, usize, usize), Place>,
}

/// A span in another draft, as every output format shows it.
#[derive(Debug, Clone)]
pub struct Place {
    pub path: String,
    /// 1-based line and column in Unicode scalar values, and in UTF-16 code
    /// units (SARIF), of the start and the end.
    pub start: (usize, usize),
    pub end: (usize, usize),
    pub start_utf16: (usize, usize),
    pub end_utf16: (usize, usize),
}

impl Elsewhere {
    /// Records where `range` of draft `doc` (shown as `path`) is.
    pub fn add(
        &mut self,
        doc: usize,
        path: &str,
        text: &str,
        lines: &LineIndex,
        range: std::ops::Range<usize>,
    ) {
        let at = |o: usize, e: Encoding| position_in(text, lines, o, e);
        self.places.insert(
            (doc, range.start, range.end),
            Place {
                path: path.to_string(),
                start: at(range.start, Encoding::Scalar),
                end: at(range.end, Encoding::Scalar),
                start_utf16: at(range.start, Encoding::Utf16),
                end_utf16: at(range.end, Encoding::Utf16),
            },
        );
    }

    /// Where `r` is, when it is in another draft.
    pub fn get(&self, r: &crate::diagnostic::Related) -> Option<&Place> {
        let doc = r.document?;
        self.places.get(&(doc, r.range.start, r.range.end))
    }
}

/// `path:line:column: severity[code]: message`, styled.
fn header(path: &str, text: &str, lines: &LineIndex, d: &Diagnostic, p: &Palette) -> String {
    let (line, col) = position(text, lines, d.range.start);
    format!(
        "{}:{line}:{col}: {}: {}",
        paint(p.path, path),
        paint(
            p.severity(d.severity),
            &format!("{}[{}]", d.severity.as_str(), d.code)
        ),
        paint(p.emphasis, &d.message),
    )
}

/// One line per finding (`--format concise`), always one: line breaks and
/// other control characters in the path and the message (a name quoted
/// across a hard wrap) are escaped (see [`one_line`]).
pub fn concise(path: &str, text: &str, lines: &LineIndex, d: &Diagnostic, o: &Options) -> String {
    let (line, col) = position(text, lines, d.range.start);
    let p = &o.palette;
    format!(
        "{}:{line}:{col}: {}: {}\n",
        paint(p.path, &one_line(path)),
        paint(
            p.severity(d.severity),
            &format!("{}[{}]", d.severity.as_str(), d.code)
        ),
        paint(p.emphasis, &one_line(&d.message)),
    )
}

/// `s` on one line: `\n`, `\r` and `\t` written as those escapes, a
/// backslash doubled, and every other control character or line separator
/// (U+0085, U+2028, U+2029, escape codes) as `\u{…}`.
pub fn one_line(s: &str) -> Cow<'_, str> {
    let needs = |c: char| c == '\\' || c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
    if !s.chars().any(needs) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\\' => out.push_str("\\\\"),
            c if needs(c) => out.push_str(&format!("\\u{{{:04x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A finding with its source lines, underline, fixes and evidence, followed
/// by a blank line.
pub fn diagnostic(
    path: &str,
    text: &str,
    lines: &LineIndex,
    d: &Diagnostic,
    o: &Options,
    elsewhere: &Elsewhere,
) -> String {
    let p = &o.palette;
    let shown = snippet(text, lines, d.range.clone());
    let gutter_width = shown
        .iter()
        .filter_map(|s| s.number)
        .max()
        .unwrap_or(1)
        .to_string()
        .len();
    let blank = paint(p.gutter, &format!("{:gutter_width$} |", ""));
    let underline_style = p.severity(d.severity);

    let mut out = header(path, text, lines, d, p);
    out.push('\n');
    out.push_str(&blank);
    out.push('\n');
    for s in &shown {
        match s.number {
            Some(n) => {
                let g = paint(p.gutter, &format!("{n:>gutter_width$} |"));
                push_line(&mut out, &format!("{g} {}", s.text));
            }
            None => push_line(&mut out, &format!("{blank} ...")),
        }
        if let Some((pad, len)) = s.underline {
            let carets = paint(underline_style, &"^".repeat(len));
            push_line(&mut out, &format!("{blank} {:pad$}{carets}", ""));
        }
    }
    out.push_str(&blank);
    out.push('\n');
    let note = |out: &mut String, label: &str, body: &str| {
        let eq = paint(p.gutter, &format!("{:gutter_width$} =", ""));
        push_line(out, &format!("{eq} {}: {body}", paint(p.fix, label)));
    };
    for f in &d.fixes {
        let label = match f.applicability {
            Applicability::Safe => "fix",
            Applicability::Unsafe => "unsafe fix",
            Applicability::DisplayOnly => "suggestion",
        };
        note(&mut out, label, &f.title);
    }
    for r in &d.related {
        let at = match (r.document, elsewhere.get(r)) {
            (None, _) => {
                let (line, col) = position(text, lines, r.range.start);
                format!("line {line}, column {col}")
            }
            (Some(_), Some(p)) => {
                format!("{}:{}:{}", one_line(&p.path), p.start.0, p.start.1)
            }
            (Some(_), None) => "in another draft".to_string(),
        };
        note(&mut out, "note", &format!("{} ({at})", r.message));
    }
    if let Some(e) = &d.evidence {
        note(&mut out, "evidence", e);
    }
    out.push('\n');
    out
}

/// Appends `line` without trailing spaces, and a newline.
fn push_line(out: &mut String, line: &str) {
    out.push_str(line.trim_end_matches(' '));
    out.push('\n');
}

/// One source line as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shown {
    /// 1-based line number; `None` for the `...` that stands for elided lines.
    number: Option<usize>,
    text: String,
    /// Display columns before the underline, and its width.
    underline: Option<(usize, usize)>,
}

/// The lines of `range`, each with its part of the underline.
fn snippet(text: &str, lines: &LineIndex, range: Range<usize>) -> Vec<Shown> {
    let start = floor_boundary(text, range.start.min(text.len()));
    let end = floor_boundary(text, range.end.clamp(start, text.len()));
    let first = lines.line_of(start);
    let last = if end > start {
        lines.line_of(end - 1)
    } else {
        first
    };
    let numbers: Vec<Option<usize>> = if last - first + 1 > MAX_LINES {
        vec![Some(first), Some(first + 1), None, Some(last)]
    } else {
        (first..=last).map(Some).collect()
    };
    numbers
        .into_iter()
        .map(|n| {
            let Some(l) = n else {
                return Shown {
                    number: None,
                    text: String::new(),
                    underline: None,
                };
            };
            let mut lr = lines.line_range(text, l).unwrap_or(text.len()..text.len());
            if l == 0 {
                // The byte-order mark is not shown (and not counted).
                lr.start = lr.start.max(lines.bom_len()).min(lr.end);
            }
            let line = &text[lr.clone()];
            let s = if l == first {
                start.clamp(lr.start, lr.end)
            } else {
                lr.start
            };
            let e = if l == last {
                end.clamp(s, lr.end)
            } else {
                lr.end
            };
            let zero_width = start == end;
            let (shown, underline) = show_line(line, s - lr.start..e - lr.start, zero_width);
            Shown {
                number: Some(l + 1),
                text: shown,
                underline,
            }
        })
        .collect()
}

/// A line as shown (cut to a window when wide) and the underline of `seg`
/// (bytes within the line) as (display columns before, display width). An
/// empty `seg` is underlined with one caret only when `caret_if_empty`.
fn show_line(
    line: &str,
    seg: Range<usize>,
    caret_if_empty: bool,
) -> (String, Option<(usize, usize)>) {
    let (ws, we) = if fits(line, MAX_WIDTH) {
        (0, line.len())
    } else {
        window(line, &seg)
    };
    let mut shown = String::new();
    let lead = if ws > 0 { "..." } else { "" };
    shown.push_str(lead);
    shown.push_str(&expand(&line[ws..we]));
    if we < line.len() {
        shown.push_str("...");
    }
    let seg_end = seg.end.min(we);
    let underline = if seg.start < seg_end || caret_if_empty {
        let pad = lead.len() + width(&line[ws..seg.start]);
        let len = width(&line[seg.start..seg_end]).max(1);
        Some((pad, len))
    } else {
        None
    };
    (shown, underline)
}

/// Byte bounds of the part of a wide `line` shown around `seg`: up to
/// [`CONTEXT`] columns each side, starting and ending at a word where one is
/// near, and never more than [`MAX_WIDTH`] columns of the span itself.
fn window(line: &str, seg: &Range<usize>) -> (usize, usize) {
    let mut ws = seg.start;
    let mut w = 0;
    for (i, c) in line[..seg.start].char_indices().rev() {
        w += width(c.encode_utf8(&mut [0; 4]));
        if w > CONTEXT {
            break;
        }
        ws = i;
    }
    if ws > 0 {
        if let Some(sp) = line[ws..seg.start].find(' ') {
            if sp < CONTEXT / 2 {
                ws += sp + 1;
            }
        }
    }
    // The span itself, capped.
    let mut we = seg.start;
    w = 0;
    for (i, c) in line[seg.start..seg.end].char_indices() {
        w += width(c.encode_utf8(&mut [0; 4]));
        if w > MAX_WIDTH {
            return (ws, we);
        }
        we = seg.start + i + c.len_utf8();
    }
    w = 0;
    for (i, c) in line[seg.end..].char_indices() {
        w += width(c.encode_utf8(&mut [0; 4]));
        if w > CONTEXT {
            break;
        }
        we = seg.end + i + c.len_utf8();
    }
    if we < line.len() {
        if let Some(sp) = line[seg.end..we].rfind(' ') {
            if we - (seg.end + sp) < CONTEXT / 2 {
                we = seg.end + sp;
            }
        }
    }
    (ws, we)
}

/// Text as printed: tabs become four spaces and other control characters
/// the replacement character, so that the terminal draws what we measure.
fn expand(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\t' => "    ".to_string(),
                c if c.is_control() => '\u{FFFD}'.to_string(),
                c => c.to_string(),
            })
            .collect(),
    )
}

/// Terminal columns `s` takes when printed.
fn width(s: &str) -> usize {
    expand(s).width()
}

/// Whether `s` takes at most `max` terminal columns. Measured a piece at a
/// time and stopping once over, so that a 10 MB line costs no more than a
/// short one for each finding on it.
fn fits(s: &str, max: usize) -> bool {
    const PIECE: usize = 1024;
    let mut total = 0;
    let mut pos = 0;
    while pos < s.len() {
        let mut end = (pos + PIECE).min(s.len());
        while !s.is_char_boundary(end) {
            end += 1;
        }
        total += width(&s[pos..end]);
        if total > max {
            return false;
        }
        pos = end;
    }
    true
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Severity};

    fn render(text: &str, d: &Diagnostic) -> String {
        let lines = LineIndex::new(text);
        diagnostic(
            "t.md",
            text,
            &lines,
            d,
            &Options {
                palette: Palette::plain(),
            },
            &Elsewhere::default(),
        )
    }

    fn diag(text: &str, needle: &str) -> Diagnostic {
        let start = text.find(needle).unwrap();
        Diagnostic::note(
            "name/exact",
            Severity::Error,
            start..start + needle.len(),
            "wrong",
        )
    }

    /// The display column where the carets start, and how many there are,
    /// and the same for `needle` in the source line above them.
    fn carets_and_needle(out: &str, needle: &str) -> ((usize, usize), usize) {
        let lines: Vec<&str> = out.lines().collect();
        let i = lines.iter().position(|l| l.contains('^')).unwrap();
        let caret_line = lines[i];
        let src = lines[i - 1];
        let pre = &caret_line[..caret_line.find('^').unwrap()];
        let n = caret_line.matches('^').count();
        let at = src.find(needle).unwrap();
        ((pre.width(), n), src[..at].width())
    }

    #[test]
    fn concise_lines_escape_breaks_and_control_characters() {
        assert_eq!(one_line("plain 'HMS Argyll'"), "plain 'HMS Argyll'");
        assert_eq!(
            one_line("'HMS\nArgyle'\r\t\u{1b}[31m \\ \u{2028}\u{85}"),
            "'HMS\\nArgyle'\\r\\t\\u{001b}[31m \\\\ \\u{2028}\\u{0085}"
        );
        let text = "The HMS\nArgyle sailed.";
        let d = Diagnostic::note(
            "name/exact",
            Severity::Error,
            4..14,
            "'HMS\nArgyle' is wrong",
        );
        let lines = LineIndex::new(text);
        let o = Options {
            palette: Palette::plain(),
        };
        assert_eq!(
            concise("a\nb.md", text, &lines, &d, &o),
            "a\\nb.md:1:5: error[name/exact]: 'HMS\\nArgyle' is wrong\n"
        );
    }

    #[test]
    fn underline_sits_under_ascii() {
        let text = "The deployment of HMS Argyle to Japan.\n";
        let out = render(text, &diag(text, "HMS Argyle"));
        assert_eq!(
            out,
            "t.md:1:19: error[name/exact]: wrong\n  |\n1 | The deployment of HMS Argyle to Japan.\n  |                   ^^^^^^^^^^\n  |\n\n"
        );
    }

    #[test]
    fn underline_sits_under_cjk_and_emoji() {
        let text = "首相 安倍晋三 😀 met HMS Argyle 🇬🇧 today.";
        let out = render(text, &diag(text, "HMS Argyle"));
        let ((col, n), want) = carets_and_needle(&out, "HMS Argyle");
        assert_eq!(col, want, "{out}");
        assert_eq!(n, 10);
        // The header counts characters, not cells.
        assert!(out.starts_with("t.md:1:15: "), "{out}");
    }

    #[test]
    fn a_wide_span_gets_two_carets_per_character() {
        let text = "Prime Minister 安倍晋三 said.";
        let out = render(text, &diag(text, "安倍晋三"));
        let ((col, n), want) = carets_and_needle(&out, "安倍晋三");
        assert_eq!((col, n), (want, 8), "{out}");
    }

    #[test]
    fn tabs_and_combining_marks_keep_the_underline_aligned() {
        let text = "\tcafe\u{301}\tHMS Argyle";
        let out = render(text, &diag(text, "HMS Argyle"));
        let ((col, n), want) = carets_and_needle(&out, "HMS Argyle");
        assert_eq!((col, n), (want, 10), "{out}");
        assert!(!out.contains('\t'));
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let text = format!(
            "{} 安倍晋三 met HMS Argyle in Tokyo. {}\n",
            "Lorem ipsum dolor sit amet. ".repeat(20),
            "Consectetur adipiscing elit. ".repeat(20)
        );
        let out = render(&text, &diag(&text, "HMS Argyle"));
        let src = out.lines().nth(2).unwrap();
        assert!(src.starts_with("1 | ...") && src.ends_with("..."), "{out}");
        assert!(src.width() < MAX_WIDTH + 20, "{out}");
        let ((col, n), want) = carets_and_needle(&out, "HMS Argyle");
        assert_eq!((col, n), (want, 10), "{out}");
    }

    #[test]
    fn zero_width_spans_get_one_caret() {
        let text = "Insert here.";
        let d = Diagnostic::note("x/y", Severity::Warning, 7..7, "missing");
        let out = render(text, &d);
        assert!(out.contains("\n  |        ^\n"), "{out}");
    }

    #[test]
    fn spans_over_lines_underline_each_line() {
        let text = "Prime Minister Theresa\nMay said.\r\nNext.";
        let d = diag(text, "Theresa\nMay");
        let out = render(text, &d);
        assert_eq!(
            out,
            "t.md:1:16: error[name/exact]: wrong\n  |\n1 | Prime Minister Theresa\n  |                ^^^^^^^\n2 | May said.\n  | ^^^\n  |\n\n"
        );
    }

    #[test]
    fn many_lines_are_elided() {
        let text = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n";
        let start = text.find('b').unwrap();
        let end = text.find('k').unwrap() + 1;
        let d = Diagnostic::note("x/y", Severity::Hint, start..end, "m");
        let out = render(text, &d);
        assert!(out.contains(" 2 | b\n"), "{out}");
        assert!(out.contains(" 3 | c\n"), "{out}");
        assert!(out.contains("   | ...\n"), "{out}");
        assert!(out.contains("11 | k\n"), "{out}");
        assert!(!out.contains("| d"), "{out}");
    }

    #[test]
    fn fixes_related_and_evidence_are_listed() {
        let text = "HMS Argyle and HMS Argyll";
        let d = diag(text, "HMS Argyle")
            .with_fix(Fix::replace(0..10, "HMS Argyll", Applicability::Safe))
            .with_fix(Fix::replace(0..10, "Argyll", Applicability::Unsafe))
            .with_related(15..25, "the draft also writes it this way")
            .with_evidence("HMS Argyll: 3 times in 2 documents (a, b)");
        let out = render(text, &d);
        assert!(out.ends_with(
            "  |\n  = fix: Replace with 'HMS Argyll'\n  = unsafe fix: Replace with 'Argyll'\n  = note: the draft also writes it this way (line 1, column 16)\n  = evidence: HMS Argyll: 3 times in 2 documents (a, b)\n\n"
        ), "{out}");
    }

    #[test]
    fn out_of_range_spans_do_not_panic() {
        let text = "ab😀";
        for (start, end) in [(0, 100), (3, 4), (6, 2), (100, 200)] {
            let d = Diagnostic::note("x/y", Severity::Error, start..end, "m");
            let _ = render(text, &d);
        }
        let _ = render("", &Diagnostic::note("x/y", Severity::Error, 0..0, "m"));
    }

    #[test]
    fn colour_codes_appear_only_with_the_coloured_palette() {
        let text = "HMS Argyle";
        let d = diag(text, "HMS Argyle");
        let lines = LineIndex::new(text);
        let o = Options {
            palette: Palette::colored(),
        };
        assert!(diagnostic("t.md", text, &lines, &d, &o, &Elsewhere::default()).contains('\x1b'));
        assert!(!render(text, &d).contains('\x1b'));
    }

    #[test]
    fn columns_count_after_a_byte_order_mark() {
        let text = "\u{feff}Mr. Abe met HMS Argyle.\nMr. Abe";
        let out = render(text, &diag(text, "Mr."));
        assert!(out.starts_with("t.md:1:1: "), "{out}");
        assert!(
            out.contains("\n1 | Mr. Abe met HMS Argyle.\n  | ^^^\n"),
            "{out}"
        );
        let out = render(text, &diag(text, "HMS"));
        assert!(out.starts_with("t.md:1:13: "), "{out}");
        // Only the first line has the mark.
        let second = text.rfind("Mr.").unwrap();
        let d = Diagnostic::note("x/y", Severity::Error, second..second + 3, "m");
        assert!(render(text, &d).starts_with("t.md:2:1: "));
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let text = "Intro\rMr. Abe\r\nand HMS Argyle\r";
        let out = render(text, &diag(text, "Mr."));
        assert!(out.starts_with("t.md:2:1: "), "{out}");
        assert!(out.contains("\n2 | Mr. Abe\n  | ^^^\n"), "{out}");
        let out = render(text, &diag(text, "HMS"));
        assert!(out.starts_with("t.md:3:5: "), "{out}");
    }

    #[test]
    fn a_long_line_with_many_findings_renders_in_linear_time() {
        // 5 MB on one line, with a finding every 1,000 bytes: counting from
        // the line start for each (as before) took minutes in a debug build.
        let sentence = "安倍 met HMS Argyle in Tokyo. ";
        let text = sentence.repeat(5_000_000 / sentence.len());
        let lines = LineIndex::new(&text);
        let step = sentence.len() * 30;
        let o = Options {
            palette: Palette::plain(),
        };
        let mut n = 0;
        for (k, start) in (0..text.len()).step_by(step).enumerate() {
            let at = start + sentence.find("HMS").unwrap();
            assert_eq!(&text[at..at + 3], "HMS");
            let d = Diagnostic::note("name/exact", Severity::Error, at..at + 10, "m");
            let out = diagnostic("t.md", &text, &lines, &d, &o, &Elsewhere::default());
            let hms = sentence.find("HMS").unwrap();
            let col = k * 30 * sentence.chars().count() + sentence[..hms].chars().count() + 1;
            assert!(out.starts_with(&format!("t.md:1:{col}: ")), "{out}");
            assert!(out.lines().nth(2).unwrap().width() < MAX_WIDTH + 20);
            n += 1;
        }
        assert!(n > 5_000);
    }
}
