//! A draft as the checks see it: its text, the prose regions to check, and
//! the parts that are never checked.
//!
//! Markdown is parsed with pulldown-cmark using source offsets. Prose is
//! every run of text in paragraphs, headings, list items, block quotes,
//! tables and link text. Never prose: fenced and indented code, inline code,
//! HTML blocks and inline HTML (so HTML comments), link destinations,
//! autolinks, bare URLs and e-mail addresses, front matter, and the
//! `draftlint-disable` directive comments themselves.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;
use std::sync::LazyLock;

use super::meta::{document_date, DocDate};
use super::LineIndex;
use crate::diagnostic::code_matches;

/// How a draft's bytes are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Markdown,
    PlainText,
}

impl Format {
    /// `.md`, `.markdown` (and anything unknown) are Markdown; `.txt` and
    /// `.text` are plain text.
    pub fn from_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("txt") | Some("text") => Format::PlainText,
            _ => Format::Markdown,
        }
    }

    /// From an LSP `languageId`.
    pub fn from_language_id(id: &str) -> Format {
        match id {
            "plaintext" | "text" => Format::PlainText,
            _ => Format::Markdown,
        }
    }
}

/// A parsed draft. Cheap to build; the engine builds one per check.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    pub text: &'a str,
    pub format: Format,
    /// Sorted, disjoint byte ranges of prose.
    pub prose: Vec<Range<usize>>,
    /// The YAML front matter block, fences included.
    pub front_matter: Option<Range<usize>>,
    /// Lines (0-based) and the rule codes disabled on them; an empty list
    /// disables every rule on that line.
    pub suppressed: Vec<(usize, Vec<String>)>,
    /// Rule codes disabled for the whole file (empty list: all).
    pub suppressed_file: Option<Vec<String>>,
    /// Built when first asked for ([`Document::lines`]): the server's
    /// checks of an edited draft seldom need it.
    pub(crate) lines: std::sync::OnceLock<LineIndex>,
    /// The date the draft speaks from, if it states one (see
    /// [`super::meta`]). Read once here: every family, the engine's cache
    /// and the corpus learner use this one reading.
    pub date: Option<DocDate>,
    /// Where each chunk starts, when the document was assembled from
    /// chunks parsed one by one ([`super::chunks`]): the text is cut only
    /// where a Markdown parse of each piece alone reads what a parse of
    /// the whole reads. `None` from [`Document::parse`].
    pub chunks: Option<std::sync::Arc<[usize]>>,
}

static URL: LazyLock<Regex> = LazyLock::new(|| {
    // A scheme or `www.`; an e-mail address; or a bare host with a path
    // (`dcr.example.gov/stormsentinel`): labels of letters, digits and
    // hyphens, a top-level label of two letters or more, then `/`, so that
    // `and/or` and `U.S./Japan` stay prose.
    Regex::new(concat!(
        r"(?i)\b(?:https?://|ftp://|www\.)[^\s<>()\[\]]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
        r"|\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}/[^\s<>()\[\]]*",
    ))
    .unwrap()
});

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*draftlint-(disable-next-line|disable-line|disable-file)\b([^>]*?)-->")
        .unwrap()
});

/// The text of a directive comment that disables `code` on the line below.
pub fn disable_next_line_comment(code: &str) -> String {
    format!("<!-- draftlint-disable-next-line {code} -->")
}

/// Texts from this size up build their line index on a second thread.
const PARALLEL_PARSE_BYTES: usize = 256 * 1024;

fn several_cores() -> bool {
    super::parallel::parallelism() > 1
}

impl<'a> Document<'a> {
    pub fn parse(text: &'a str, format: Format) -> Document<'a> {
        let front_matter = front_matter(text);
        // A byte-order mark is never prose: no check sees it, so no fix can
        // drop it, and `--fix` keeps it.
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let body_start = front_matter.as_ref().map_or(bom, |r| r.end);
        let prose = || match format {
            Format::Markdown => markdown_prose(text, body_start),
            Format::PlainText => std::iter::once(body_start..text.len()).collect(),
        };
        // A long draft's line index is built beside the Markdown parse (a
        // third of the parse of 1 MB); the two only read the text.
        let (lines, mut raw) = if text.len() >= PARALLEL_PARSE_BYTES && several_cores() {
            std::thread::scope(|s| {
                let lines = std::thread::Builder::new().spawn_scoped(s, || LineIndex::new(text));
                let raw = prose();
                match lines.map(|t| t.join()) {
                    Ok(Ok(lines)) => (lines, raw),
                    Ok(Err(panic)) => std::panic::resume_unwind(panic),
                    // No thread to be had: build it here.
                    Err(_) => (LineIndex::new(text), raw),
                }
            })
        } else {
            (LineIndex::new(text), prose())
        };
        raw.retain(|r| r.start < r.end);

        // Directives: remember them and cut them out of prose.
        let mut suppressed: Vec<(usize, Vec<String>)> = Vec::new();
        let mut suppressed_file = None;
        let mut cuts: Vec<Range<usize>> = Vec::new();
        if text.contains("draftlint-") {
            for caps in DIRECTIVE.captures_iter(text) {
                let m = caps.get(0).unwrap();
                let codes: Vec<String> = caps[2]
                    .split([',', ' ', '\t'])
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                let line = lines.line_of(m.start());
                match &caps[1] {
                    "disable-next-line" => suppressed.push((line + 1, codes)),
                    "disable-line" => suppressed.push((line, codes)),
                    _ => suppressed_file = Some(codes),
                }
                cuts.push(m.range());
            }
        }
        // Bare URLs and e-mail addresses are not prose either.
        for r in &raw {
            let slice = &text[r.clone()];
            if slice.contains("://")
                || slice.contains("www.")
                || slice.contains('@')
                || slice.contains('/')
            {
                for m in URL.find_iter(slice) {
                    // Sentence punctuation after an address is prose.
                    let url = m
                        .as_str()
                        .trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '"', '’', '”']);
                    cuts.push(r.start + m.start()..r.start + m.start() + url.len());
                }
            }
        }
        let prose = subtract(raw, cuts);
        Document {
            chunks: None,
            text,
            format,
            prose,
            date: document_date(text, front_matter.clone()),
            front_matter,
            suppressed,
            suppressed_file,
            lines: lines.into(),
        }
    }

    /// The text's lines.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.text))
    }

    /// The prose regions with their text.
    pub fn prose_slices(&self) -> impl Iterator<Item = (usize, &'a str)> + '_ {
        self.prose.iter().map(|r| (r.start, &self.text[r.clone()]))
    }

    /// Whether the byte range lies wholly inside one prose region.
    pub fn is_prose(&self, range: &Range<usize>) -> bool {
        let i = self.prose.partition_point(|r| r.end < range.end);
        self.prose
            .get(i)
            .is_some_and(|r| r.start <= range.start && range.end <= r.end)
    }

    /// Whether a diagnostic with `code` starting at `offset` is disabled by a
    /// directive comment.
    pub fn is_suppressed(&self, code: &str, offset: usize) -> bool {
        let matches =
            |codes: &Vec<String>| codes.is_empty() || codes.iter().any(|c| code_matches(c, code));
        if self.suppressed_file.as_ref().is_some_and(matches) {
            return true;
        }
        if self.suppressed.is_empty() {
            return false;
        }
        let line = self.lines().line_of(offset);
        self.suppressed
            .iter()
            .any(|(l, codes)| *l == line && matches(codes))
    }

    /// Every code the directive comments name, with its byte range, in
    /// text order: what the engine checks against the known rules, since a
    /// misspelt code silently disables nothing.
    pub fn directive_codes(&self) -> Vec<(Range<usize>, &'a str)> {
        let mut out = Vec::new();
        if !self.text.contains("draftlint-") {
            return out;
        }
        for caps in DIRECTIVE.captures_iter(self.text) {
            let Some(list) = caps.get(2) else { continue };
            // Split as `parse` does: every separator is one byte.
            let mut at = list.start();
            for code in list.as_str().split([',', ' ', '\t']) {
                if !code.is_empty() {
                    out.push((at..at + code.len(), code));
                }
                at += code.len() + 1;
            }
        }
        out
    }

    /// The byte ranges of inline code and code blocks, in text order (none
    /// in plain text): where a directive is shown, not meant. Parses the
    /// Markdown again, so it is for the rare caller that needs it.
    pub fn code_spans(&self) -> Vec<Range<usize>> {
        if self.format != Format::Markdown {
            return Vec::new();
        }
        // The extensions `markdown_prose` reads with.
        let opts = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS;
        let start = self.front_matter.as_ref().map_or(0, |r| r.end);
        let mut out = Vec::new();
        for (event, range) in Parser::new_ext(&self.text[start..], opts).into_offset_iter() {
            if matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_))) {
                out.push(range.start + start..range.end + start);
            }
        }
        out
    }
}

/// The front matter block: `---` … `---` (or `...`) at the very top of
/// the text, fences included. The language server's incremental parser uses
/// this too, so both read front matter the same way.
pub fn front_matter(text: &str) -> Option<Range<usize>> {
    let rest = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - rest.len();
    let first_end = rest.find('\n')?;
    if rest[..first_end].trim_end() != "---" {
        return None;
    }
    let mut pos = first_end + 1;
    while pos < rest.len() {
        let end = rest[pos..].find('\n').map_or(rest.len(), |i| pos + i);
        let line = rest[pos..end].trim_end();
        if line == "---" || line == "..." {
            return Some(0..bom + (end + 1).min(rest.len()));
        }
        pos = end + 1;
    }
    None
}

/// The prose of the Markdown body, which starts at `body_start` (after the
/// front matter and any byte-order mark). Only the body is parsed, without
/// pulldown-cmark's YAML metadata blocks: front matter at the top is
/// [`front_matter`]'s to find, and that extension would also read a block
/// from any later `---` line to the next one, hiding the prose between two
/// thematic breaks (or after an empty front matter). Parsing the body alone
/// also keeps the front matter from changing how the body reads (an
/// unclosed fence in it, say), and a CommonMark parse never starts at a
/// byte-order mark, which would make a first-line `# Heading` a paragraph.
fn markdown_prose(text: &str, body_start: usize) -> Vec<Range<usize>> {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut code_depth = 0usize;
    let mut url_link_depth = 0usize;
    let mut links: Vec<bool> = Vec::new();
    let push = |out: &mut Vec<Range<usize>>, r: Range<usize>| match out.last_mut() {
        Some(last) if last.end == r.start => last.end = r.end,
        _ => out.push(r),
    };
    for (event, range) in Parser::new_ext(&text[body_start..], opts).into_offset_iter() {
        let range = range.start + body_start..range.end + body_start;
        match event {
            Event::Start(Tag::CodeBlock(_)) => code_depth += 1,
            Event::End(TagEnd::CodeBlock) => code_depth = code_depth.saturating_sub(1),
            Event::Start(Tag::Link { link_type, .. }) => {
                links.push(matches!(link_type, LinkType::Autolink | LinkType::Email));
                url_link_depth += usize::from(*links.last().unwrap_or(&false));
            }
            Event::End(TagEnd::Link) => url_link_depth -= usize::from(links.pop() == Some(true)),
            Event::Text(_) if code_depth == 0 && url_link_depth == 0 => push(&mut out, range),
            Event::SoftBreak | Event::HardBreak if code_depth == 0 => push(&mut out, range),
            _ => {}
        }
    }
    out
}

/// `ranges` (sorted, disjoint) minus `cuts` (any order). Linear after
/// sorting the cuts: a cursor walks them alongside the ranges.
fn subtract(ranges: Vec<Range<usize>>, mut cuts: Vec<Range<usize>>) -> Vec<Range<usize>> {
    if cuts.is_empty() {
        return ranges;
    }
    cuts.sort_by_key(|c| c.start);
    let mut out = Vec::with_capacity(ranges.len() + cuts.len());
    let mut first = 0;
    for r in ranges {
        // Cuts that end before this range cannot touch it or any later one.
        while first < cuts.len() && cuts[first].end <= r.start {
            first += 1;
        }
        let mut start = r.start;
        for c in cuts[first..].iter().take_while(|c| c.start < r.end) {
            if c.end <= r.start {
                continue;
            }
            if c.start > start {
                out.push(start..c.start);
            }
            start = start.max(c.end);
        }
        if start < r.end {
            out.push(start..r.end);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(text: &str, format: Format) -> Vec<&str> {
        let doc = Document::parse(text, format);
        doc.prose.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn code_html_urls_and_front_matter_are_not_prose() {
        let text = "---\ndate: 2017-08-31\n---\n# HMS Argyle\n\nSee `HMS Argyle` and <!-- HMS Argyle --> \
                    [HMS Argyle](https://example.com/HMS-Argyle) or https://x.org/Argyle.\n\n```\nHMS Argyle\n```\n";
        let p = prose(text, Format::Markdown).concat();
        assert_eq!(p.matches("Argyle").count(), 2, "{p:?}");
        assert!(!p.contains("date:"));
        assert!(!p.contains("x.org"));
    }

    /// Only the body after the front matter is parsed: what the front
    /// matter holds (here an unclosed fence) does not change how it reads,
    /// and a later `---` pair is two thematic breaks, not a metadata block.
    #[test]
    fn the_body_reads_alone_and_later_dashes_are_breaks() {
        let text = "---\n```\n---\nHMS Argyle\n\n---\nMrs May\n\nMs May\n---\n";
        assert_eq!(
            prose(text, Format::Markdown),
            vec!["HMS Argyle", "Mrs May", "Ms May"]
        );
        let text = "\u{feff}---\ntitle: x\n---\n# HMS Argyle\n";
        let doc = Document::parse(text, Format::Markdown);
        assert_eq!(doc.front_matter, Some(0..text.find('#').unwrap()));
        assert_eq!(prose(text, Format::Markdown), vec!["HMS Argyle"]);
    }

    #[test]
    fn plain_text_is_all_prose_but_urls() {
        let text = "HMS Argyll sails. https://gov.uk/x `not code` here";
        assert_eq!(
            prose(text, Format::PlainText),
            vec!["HMS Argyll sails. ", " `not code` here"]
        );
    }

    #[test]
    fn bare_hosts_with_a_path_are_not_prose() {
        let text = "See dcr.example.gov/stormsentinel or GOV.UK/guidance, and/or U.S./Japan talks.";
        assert_eq!(
            prose(text, Format::PlainText),
            vec!["See ", " or ", ", and/or U.S./Japan talks."]
        );
    }

    #[test]
    fn soft_breaks_join_a_paragraph() {
        let text = "Prime Minister Theresa\nMay said.\n";
        assert_eq!(
            prose(text, Format::Markdown),
            vec!["Prime Minister Theresa\nMay said."]
        );
    }

    #[test]
    fn directives_suppress_lines() {
        let text = "a\n<!-- draftlint-disable-next-line name/exact -->\nHMS Argyle\n";
        let doc = Document::parse(text, Format::Markdown);
        let off = text.find("HMS").unwrap();
        assert!(doc.is_suppressed("name/exact", off));
        assert!(!doc.is_suppressed("spelling/variant", off));
        assert!(!doc.is_suppressed("name/exact", 0));
        assert!(!doc.prose_slices().any(|(_, s)| s.contains("draftlint")));
    }

    #[test]
    fn offsets_are_exact_with_wide_characters() {
        let text = "😀 安倍晋三 met e\u{301} HMS Argyle.";
        let doc = Document::parse(text, Format::Markdown);
        let joined: String = doc.prose.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn a_byte_order_mark_is_not_prose_and_does_not_hide_a_heading() {
        let text = "\u{feff}# Mr. Abe\n\nMr. Abe said.\n";
        assert_eq!(
            prose(text, Format::Markdown),
            vec!["Mr. Abe", "Mr. Abe said."]
        );
        assert_eq!(
            prose(text, Format::PlainText),
            vec!["# Mr. Abe\n\nMr. Abe said.\n"]
        );
        let text = "\u{feff}---\ndate: 2017-08-31\n---\nMr. Abe\n";
        assert_eq!(prose(text, Format::Markdown), vec!["Mr. Abe"]);
    }

    #[test]
    fn lone_carriage_returns_end_lines_for_directives() {
        let text = "a\r<!-- draftlint-disable-next-line name/exact -->\rHMS Argyle\rHMS Argyle\r";
        let doc = Document::parse(text, Format::Markdown);
        let first = text.find("HMS").unwrap();
        assert!(doc.is_suppressed("name/exact", first));
        assert!(!doc.is_suppressed("name/exact", text.rfind("HMS").unwrap()));
    }

    /// The document's date is read once, at parse, from the front matter
    /// (or the dateline) of the text, with the bytes it came from.
    #[test]
    fn the_date_is_read_at_parse() {
        use crate::text::meta::DateSource;
        let text = "---\ndate: 2017-08-31\n---\nPublished 8 January 2016\n";
        let date = Document::parse(text, Format::Markdown).date.expect("dated");
        assert_eq!(date.date, jiff::civil::date(2017, 8, 31));
        assert_eq!(
            (&text[date.range.clone()], date.source),
            ("2017-08-31", DateSource::FrontMatter)
        );
        let text = "Title\n\nPublished 8 January 2016\n";
        let date = Document::parse(text, Format::PlainText)
            .date
            .expect("dated");
        assert_eq!(date.date, jiff::civil::date(2016, 1, 8));
        assert_eq!(
            Document::parse("No date here.", Format::Markdown).date,
            None
        );
    }
}
