//! Every conversion between LSP types and draftlint's own, in one place.
//!
//! The core speaks UTF-8 byte offsets; LSP speaks 0-based lines and columns
//! counted in whatever unit the client negotiated (UTF-8 or UTF-16 here).
//! Nothing outside this module turns one into the other, and every
//! position is converted in the server's one copy of a document, its rope
//! ([`View`]). Lines end at `\n`, `\r\n` or a lone `\r`, as in
//! [`crate::text::LineIndex`]; the rope in [`super::documents`] is built with ropey's
//! `cr_lines` (not Unicode line breaks) so that it agrees.

use std::cell::Cell;
use std::ops::Range;

use ropey::Rope;
use serde_json::{json, Value};
use tower_lsp_server::ls_types as lsp;

use super::settings::RawSettings;
use crate::diagnostic::{Diagnostic, Edit, Severity};
use crate::rules::RuleError;
use crate::text::{Encoding, PositionError};

/// The `source` of every diagnostic the server publishes.
pub const SOURCE: &str = "draftlint";

/// The position encoding to use, given what the client offers: UTF-8 when
/// it is offered at all, otherwise UTF-16 (which every client must support).
pub fn negotiate_encoding(caps: &lsp::ClientCapabilities) -> Encoding {
    let offered = caps
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(list) if list.contains(&lsp::PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

pub fn encoding_kind(enc: Encoding) -> lsp::PositionEncodingKind {
    match enc {
        Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
        // The server never negotiates scalar columns; UTF-32 is their LSP name.
        Encoding::Scalar => lsp::PositionEncodingKind::UTF32,
        Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
    }
}

/// The width of `s` in `enc` units: a column, when `s` is a line's start.
pub fn columns(s: &str, enc: Encoding) -> u32 {
    s.chars().map(|c| width(c, enc)).sum::<usize>() as u32
}

fn width(ch: char, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => ch.len_utf8(),
        Encoding::Utf16 => ch.len_utf16(),
        Encoding::Scalar => 1,
    }
}

// ---------------------------------------------------------------------------
// Positions.

/// A text (the server's rope of a document, or a snapshot of it) and the
/// negotiated encoding: what is needed to turn byte offsets into LSP
/// positions and back. Every position the server reads or writes goes
/// through here, in O(log n) with the rope's own indexes, never by walking
/// a line from its start; the rope is built with ropey's `cr_lines` (and
/// without `unicode_lines`, so U+2028 ends no line), so lines end exactly
/// where [`crate::text::LineIndex`] ends them for the command line.
#[derive(Clone)]
pub struct View<'a> {
    rope: &'a Rope,
    enc: Encoding,
    /// The line of the last position found: results are converted in
    /// document order, and most ends of a finding (and the next finding)
    /// are on the line of the one before, which then costs two look-ups
    /// in the rope instead of five.
    last: Cell<Option<CachedLine>>,
}

/// A line of the text: its number, its chars (line end included), and the
/// units of the encoding before it.
#[derive(Clone, Copy)]
struct CachedLine {
    line: usize,
    start: usize,
    end: usize,
    units: usize,
}

impl<'a> View<'a> {
    pub fn new(rope: &'a Rope, enc: Encoding) -> View<'a> {
        View {
            rope,
            enc,
            last: Cell::new(None),
        }
    }
}

impl View<'_> {
    /// The chars of `line`, without its line end (`\n`, `\r\n` or `\r`);
    /// `None` past the last line.
    fn line_chars(&self, line: usize) -> Option<Range<usize>> {
        let rope = self.rope;
        if line >= rope.len_lines() {
            return None;
        }
        let start = rope.line_to_char(line);
        let mut end = if line + 1 < rope.len_lines() {
            rope.line_to_char(line + 1)
        } else {
            rope.len_chars()
        };
        if end > start && rope.char(end - 1) == '\n' {
            end -= 1;
        }
        if end > start && rope.char(end - 1) == '\r' {
            end -= 1;
        }
        Some(start..end)
    }

    /// The units of the encoding before char `c` of the text.
    fn units(&self, c: usize) -> usize {
        match self.enc {
            Encoding::Utf8 => self.rope.char_to_byte(c),
            Encoding::Utf16 => self.rope.char_to_utf16_cu(c),
            Encoding::Scalar => c,
        }
    }

    /// The LSP position of byte `offset`. An offset inside a character is
    /// taken as that character's start; one past the end as the end.
    pub fn position(&self, offset: usize) -> lsp::Position {
        let rope = self.rope;
        let c = rope.byte_to_char(offset.min(rope.len_bytes()));
        let line = match self.last.get() {
            Some(l) if l.start <= c && c < l.end => l,
            _ => {
                let line = rope.char_to_line(c);
                let start = rope.line_to_char(line);
                let end = if line + 1 < rope.len_lines() {
                    rope.line_to_char(line + 1)
                } else {
                    usize::MAX
                };
                let l = CachedLine {
                    line,
                    start,
                    end,
                    units: self.units(start),
                };
                self.last.set(Some(l));
                l
            }
        };
        let col = self.units(c) - line.units;
        lsp::Position::new(line.line as u32, col as u32)
    }

    pub fn range(&self, range: &Range<usize>) -> lsp::Range {
        lsp::Range::new(self.position(range.start), self.position(range.end))
    }

    /// The char index of an LSP position.
    ///
    /// As the specification says (and as [`crate::text::LineIndex::to_offset`] does), a
    /// line past the end means the end of the text and a column past the
    /// end of its line means the end of that line (before its line end). A
    /// column inside a character (between the halves of a surrogate pair,
    /// or inside a UTF-8 sequence) is an error, so an edit is never applied
    /// where it was not meant.
    pub fn char_at(&self, pos: lsp::Position) -> Result<usize, PositionError> {
        let rope = self.rope;
        let Some(line) = self.line_chars(pos.line as usize) else {
            return Ok(rope.len_chars());
        };
        let col = pos.character as usize;
        let want = self.units(line.start).saturating_add(col);
        if want >= self.units(line.end) {
            return Ok(line.end);
        }
        let c = match self.enc {
            Encoding::Utf8 => rope.byte_to_char(want),
            Encoding::Utf16 => rope.utf16_cu_to_char(want),
            Encoding::Scalar => want,
        };
        if self.units(c) == want {
            Ok(c)
        } else {
            Err(PositionError::InsideCharacter {
                line: pos.line,
                col: pos.character,
            })
        }
    }

    /// The char range of an LSP range. A range whose end comes before its
    /// start is taken in the order given by its ends.
    pub fn chars(&self, range: lsp::Range) -> Result<Range<usize>, PositionError> {
        let a = self.char_at(range.start)?;
        let b = self.char_at(range.end)?;
        Ok(a.min(b)..a.max(b))
    }

    /// The byte offset of an LSP position (see [`View::char_at`]).
    pub fn offset(&self, pos: lsp::Position) -> Result<usize, PositionError> {
        self.char_at(pos).map(|c| self.rope.char_to_byte(c))
    }

    /// A byte range; `None` if either end falls inside a character.
    pub fn offsets(&self, range: lsp::Range) -> Option<Range<usize>> {
        let a = self.offset(range.start).ok()?;
        let b = self.offset(range.end).ok()?;
        Some(a.min(b)..a.max(b))
    }

    pub fn text_edit(&self, edit: &Edit) -> lsp::TextEdit {
        lsp::TextEdit::new(self.range(&edit.range), edit.replacement.clone())
    }

    /// A diagnostic of the core as LSP publishes it. Consistency findings
    /// point at the earlier form through `relatedInformation`; the evidence
    /// behind a learned rule goes in `data` (hover shows it) and the message.
    /// Related spans in another document (drafts held to one another) are
    /// left to the caller, which has that document's text.
    pub fn diagnostic(&self, d: &Diagnostic, uri: &lsp::Uri) -> lsp::Diagnostic {
        let related = d.related.iter().any(|r| r.document.is_none()).then(|| {
            d.related
                .iter()
                .filter(|r| r.document.is_none())
                .map(|r| lsp::DiagnosticRelatedInformation {
                    location: lsp::Location::new(uri.clone(), self.range(&r.range)),
                    message: r.message.clone(),
                })
                .collect()
        });
        let data = d.evidence.as_ref().map(|e| json!({ "evidence": e }));
        lsp::Diagnostic {
            range: self.range(&d.range),
            severity: Some(severity(d.severity)),
            code: Some(lsp::NumberOrString::String(d.code.to_string())),
            code_description: None,
            source: Some(SOURCE.to_string()),
            message: d.message.clone(),
            related_information: related,
            tags: None,
            data,
        }
    }
}

pub fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Information => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

// ---------------------------------------------------------------------------
// Rule files.

/// How much of a quoted key or value a message about a rule file may show.
const MAX_QUOTED: usize = 80;
/// How long such a message may be in all.
const MAX_MESSAGE: usize = 400;

/// A message about a rule file as the server shows it: its first line only,
/// every quoted key or value cut to [`MAX_QUOTED`] characters, the whole to
/// [`MAX_MESSAGE`]. Rule files are user data; a file that is not one at all
/// (a credentials file, say) must not come back to the screen line by line.
pub fn shown_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or("").trim();
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut quoted = 0usize;
    let mut prev: Option<char> = None;
    let mut chars = first.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let opens = |c: char| {
            matches!(c, '`' | '"') || (c == '\'' && !prev.is_some_and(char::is_alphanumeric))
        };
        match quote {
            Some(q) if c == q && (q != '\'' || !next.is_some_and(char::is_alphanumeric)) => {
                quote = None;
                out.push(c);
            }
            Some(_) => {
                quoted += 1;
                if quoted <= MAX_QUOTED {
                    out.push(c);
                } else if quoted == MAX_QUOTED + 1 {
                    out.push('…');
                }
            }
            None => {
                if opens(c) {
                    quote = Some(c);
                    quoted = 0;
                }
                out.push(c);
            }
        }
        prev = Some(c);
        if out.chars().count() >= MAX_MESSAGE {
            out.push('…');
            break;
        }
    }
    out
}

/// A rule-file error as shown to the user (`path:line: message`), its
/// message shortened by [`shown_message`].
pub fn shown_rule_error(e: &RuleError) -> String {
    RuleError {
        message: shown_message(&e.message),
        ..e.clone()
    }
    .to_string()
}

/// A broken rule file's error as a diagnostic on that file. `source` is the
/// file's text when it could be read, so the range can cover the bad line.
pub fn rule_error_diagnostic(
    e: &RuleError,
    source: Option<&str>,
    enc: Encoding,
) -> lsp::Diagnostic {
    let line = e.line.unwrap_or(1).saturating_sub(1);
    let range = match source {
        Some(text) => {
            let rope = Rope::from_str(text);
            let view = View::new(&rope, enc);
            match view.line_chars(line) {
                Some(r) => view.range(&(rope.char_to_byte(r.start)..rope.char_to_byte(r.end))),
                None => lsp::Range::default(),
            }
        }
        None => lsp::Range::new(
            lsp::Position::new(line as u32, 0),
            lsp::Position::new(line as u32, 0),
        ),
    };
    lsp::Diagnostic {
        range,
        severity: Some(lsp::DiagnosticSeverity::ERROR),
        code: Some(lsp::NumberOrString::String("rules/invalid".to_string())),
        source: Some(SOURCE.to_string()),
        message: shown_message(&e.message),
        ..lsp::Diagnostic::default()
    }
}

// ---------------------------------------------------------------------------
// Settings.

/// Reads the editor's settings (see [`RawSettings`] for their shape).
pub fn settings(value: &Value) -> RawSettings {
    let v = value.get("draftlint").unwrap_or(value);
    let mut out = RawSettings::default();
    // `rulesPath` is the editors' name for it; `rules` is the manifest's.
    if let Some(r) = v
        .get("rulesPath")
        .filter(|r| !r.is_null())
        .or(v.get("rules"))
    {
        match r {
            Value::String(s) if !s.trim().is_empty() => out.rules = Some(s.clone()),
            Value::String(_) | Value::Null => {}
            _ => out
                .problems
                .push("setting draftlint.rulesPath must be a string (a folder)".into()),
        }
    }
    if let Some(map) = v.get("severity").and_then(Value::as_object) {
        for (code, sev) in map {
            if let Err(problem) = known_severity_key(code) {
                out.problems.push(problem);
                continue;
            }
            match sev.as_str() {
                Some("off") => out.severity.push((code.clone(), None)),
                Some(s) => match Severity::parse(s) {
                    Some(sev) => out.severity.push((code.clone(), Some(sev))),
                    None => out.problems.push(format!(
                        "setting draftlint.severity.{code}: unknown severity '{s}' (expected error, warning, information, hint or off)"
                    )),
                },
                None => out.problems.push(format!(
                    "setting draftlint.severity.{code} must be a string"
                )),
            }
        }
    }
    out
}

/// `Ok` when `key` names a rule code or family; else the problem to show,
/// with the nearest valid keys by edit distance and the list of families.
fn known_severity_key(key: &str) -> Result<(), String> {
    match crate::checks::unknown_code(key) {
        None => Ok(()),
        Some(unknown) => Err(format!(
            "setting draftlint.severity: no rule code or family {} ({unknown}); it was ignored",
            crate::discover::quoted(key)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::LineIndex;

    fn pos(line: u32, character: u32) -> lsp::Position {
        lsp::Position::new(line, character)
    }

    #[test]
    fn positions_in_every_encoding_and_split_characters() {
        let rope = Rope::from_str("a😀b\r安倍 May\r\nx\u{2028}y\n");
        let at = |l, c, enc| View::new(&rope, enc).char_at(pos(l, c));
        assert_eq!(at(0, 3, Encoding::Utf16), Ok(2));
        assert_eq!(at(0, 5, Encoding::Utf8), Ok(2));
        assert_eq!(at(0, 2, Encoding::Scalar), Ok(2));
        assert!(at(0, 2, Encoding::Utf16).is_err());
        assert!(at(0, 3, Encoding::Utf8).is_err());
        // Past the end of a line: before its line end.
        assert_eq!(at(0, 99, Encoding::Utf16), Ok(3));
        assert_eq!(at(1, 1, Encoding::Utf16), Ok(5));
        assert_eq!(at(1, 99, Encoding::Utf8), Ok(10));
        // U+2028 ends no line: `x\u{2028}y` is line 2.
        assert_eq!(at(2, 2, Encoding::Utf16), Ok(14));
        // Past the last line: the end of the text.
        assert_eq!(at(3, 0, Encoding::Utf16), Ok(rope.len_chars()));
        assert_eq!(at(9, 0, Encoding::Utf16), Ok(rope.len_chars()));
        assert_eq!(at(u32::MAX, u32::MAX, Encoding::Utf8), Ok(rope.len_chars()));
    }

    /// The server's positions are the command line's ([`LineIndex`], which
    /// `check --format json` reports from), and every offset comes back.
    #[test]
    fn positions_round_trip_and_match_the_line_index() {
        let text = "\u{feff}a😀b\r\n安倍 May\u{2028}x\n\rlast\r";
        let rope = Rope::from_str(text);
        let lines = LineIndex::new(text);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Scalar] {
            let view = View::new(&rope, enc);
            for off in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                let p = view.position(off);
                let lc = lines.to_line_col(text, off, enc);
                assert_eq!((p.line, p.character), (lc.line, lc.col), "{enc:?} {off}");
                // Between the halves of `\r\n` is no position of its own.
                if !text[..off].ends_with('\r') || !text[off..].starts_with('\n') {
                    assert_eq!(view.offset(p), Ok(off), "{enc:?} {off} {p:?}");
                }
            }
            // Backwards and jumping about, past the line found last.
            let back = View::new(&rope, enc);
            for off in (0..=text.len()).rev().chain([3, 30, 0, 31, 12]) {
                if text.is_char_boundary(off) {
                    let lc = lines.to_line_col(text, off, enc);
                    let p = back.position(off);
                    assert_eq!((p.line, p.character), (lc.line, lc.col), "{enc:?} {off}");
                }
            }
            // Inside a character: that character's start.
            assert_eq!(view.position(3 + 2), view.position(3 + 1));
            assert_eq!(view.position(usize::MAX), view.position(text.len()));
        }
    }

    #[test]
    fn rule_error_messages_quote_little() {
        let secret = "s".repeat(500);
        let m = shown_message(&format!(
            "invalid type: string \"{secret}\", expected a sequence\nline two {secret}"
        ));
        assert!(m.starts_with("invalid type: string \""), "{m}");
        assert!(m.ends_with("…\", expected a sequence"), "{m}");
        assert!(m.contains(&format!("\"{}…\"", "s".repeat(80))), "{m}");
        let short = "unknown field `token`, expected one of `name`, `title`";
        assert_eq!(shown_message(short), short);
        let apostrophe = format!("the rule's value '{}' isn't known", "v".repeat(100));
        let m = shown_message(&apostrophe);
        assert!(
            m.contains("the rule's value '") && m.ends_with("…' isn't known"),
            "{m}"
        );
        assert!(shown_message(&"word ".repeat(1000)).chars().count() <= MAX_MESSAGE + 1);
    }

    /// Issue 8: `"dates"`, documented for years, did nothing at all.
    #[test]
    fn unknown_severity_keys_are_problems_with_a_suggestion() {
        let s = settings(&json!({"severity": {
            "dates": "off", "date": "off", "date/weekday": "hint",
            "name/exakt": "warning", "zzzzzzzzzz": "off"
        }}));
        assert_eq!(
            s.severity,
            vec![
                ("date".to_string(), None),
                ("date/weekday".to_string(), Some(Severity::Hint))
            ]
        );
        assert_eq!(s.problems.len(), 3, "{:?}", s.problems);
        let about = |k: &str| {
            s.problems
                .iter()
                .find(|p| p.contains(&format!("family \"{k}\"")))
                .unwrap_or_else(|| panic!("{k}: {:?}", s.problems))
                .clone()
        };
        assert!(
            about("dates").contains("did you mean \"date\"?"),
            "{}",
            about("dates")
        );
        assert!(about("name/exakt").contains("did you mean \"name/exact\"?"));
        assert!(!about("zzzzzzzzzz").contains("did you mean"));
        assert!(about("zzzzzzzzzz").contains(
            "families: abbreviation, date, event, honorific, name, pattern, reference, ship, spelling, title"
        ));
    }

    #[test]
    fn settings_read_both_shapes() {
        let s = settings(
            &json!({"draftlint": {"rules": "x", "severity": {"name/exact": "off", "date/weekday": "hint", "title/case": "loud"}}}),
        );
        assert_eq!(s.rules.as_deref(), Some("x"));
        assert_eq!(
            s.severity,
            vec![
                ("date/weekday".to_string(), Some(Severity::Hint)),
                ("name/exact".to_string(), None)
            ]
        );
        assert_eq!(s.problems.len(), 1);
        assert_eq!(settings(&json!({"rules": "y"})).rules.as_deref(), Some("y"));
        assert_eq!(
            settings(&json!({"rulesPath": "z", "rules": "y"}))
                .rules
                .as_deref(),
            Some("z")
        );
        assert_eq!(settings(&Value::Null), RawSettings::default());
    }
}
