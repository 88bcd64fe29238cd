//! Vale's regular expressions: Go's RE2 syntax plus the lookaround
//! (`(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)`) and backreferences Vale allows.
//!
//! A pattern that the `regex` crate parses is compiled with it: linear
//! time, whatever the text. Only a pattern that needs lookaround or a
//! backreference goes to `fancy-regex`, a backtracking engine, with a
//! bound on its backtracking ([`BACKTRACK_LIMIT`]): a hostile pattern in a
//! workspace's style gives up on the text it is matching instead of
//! hanging the check (the matches found before it gave up are kept).

use std::ops::Range;

/// How many backtracking steps a lookaround pattern may take on one
/// search before it gives up (fancy-regex's default is a million).
pub const BACKTRACK_LIMIT: usize = 100_000;

/// The largest compiled automaton a style's pattern may build.
const SIZE_LIMIT: usize = 8 * 1024 * 1024;

#[derive(Debug, Clone)]
enum Inner {
    Plain(regex_automata::meta::Regex),
    Fancy(Box<fancy_regex::Regex>),
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    inner: Inner,
    /// The pattern as written (with its flags): two rules that write the
    /// same pattern share one search of a draft.
    source: std::sync::Arc<str>,
    /// Literals one of which starts every match, ASCII lower-cased (see
    /// [`Pattern::prefixes`]).
    prefixes: Option<Vec<Vec<u8>>>,
}

/// One match with its groups (`$1` in a replacement is `groups[1]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub range: Range<usize>,
    /// Group 0 is the whole match; an unmatched group is `None`.
    pub groups: Vec<Option<Range<usize>>>,
}

impl Found {
    /// `template` with `$1`, `${1}` … replaced by this match's groups in
    /// `text` (an unmatched or missing group is empty; `$$` is `$`).
    pub fn expand(&self, text: &str, template: &str) -> String {
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(at) = rest.find('$') {
            out.push_str(&rest[..at]);
            let tail = &rest[at + 1..];
            if let Some(t) = tail.strip_prefix('$') {
                out.push('$');
                rest = t;
                continue;
            }
            let (digits, after) = match tail.strip_prefix('{') {
                Some(t) => match t.find('}') {
                    Some(end) => (&t[..end], &t[end + 1..]),
                    None => ("", tail),
                },
                None => {
                    let n = tail.bytes().take_while(u8::is_ascii_digit).count();
                    (&tail[..n], &tail[n..])
                }
            };
            match digits.parse::<usize>() {
                Ok(i) => {
                    if let Some(Some(g)) = self.groups.get(i) {
                        out.push_str(&text[g.clone()]);
                    }
                    rest = after;
                }
                Err(_) => {
                    out.push('$');
                    rest = tail;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

impl Pattern {
    pub fn new(source: &str) -> Result<Pattern, String> {
        let plain = regex_automata::meta::Builder::new()
            .configure(regex_automata::meta::Config::new().nfa_size_limit(Some(SIZE_LIMIT)))
            .build(source);
        if let Ok(re) = plain {
            // A case-blind pattern's literals are read from it as written
            // and folded here: the extractor would spell out every case form.
            let folded = source.strip_prefix("(?i)").and_then(folded_prefixes);
            return Ok(Pattern {
                inner: Inner::Plain(re),
                source: source.into(),
                prefixes: folded.or_else(|| prefixes(source)),
            });
        }
        fancy_regex::RegexBuilder::new(source)
            .backtrack_limit(BACKTRACK_LIMIT)
            .delegate_size_limit(SIZE_LIMIT)
            .build()
            .map(|re| Pattern {
                inner: Inner::Fancy(Box::new(re)),
                source: source.into(),
                prefixes: None,
            })
            .map_err(|fancy| match fancy {
                // Lookaround parsed, but something else did not: the
                // backtracking engine's words are the more precise.
                fancy_regex::Error::ParseError(..) | fancy_regex::Error::CompileError(..) => {
                    format!("invalid pattern `{}`: {fancy}", cut(source))
                }
                // The `regex` crate's message points at the spot.
                _ => {
                    let why = regex::RegexBuilder::new(source)
                        .size_limit(SIZE_LIMIT)
                        .build()
                        .err()
                        .map_or_else(|| fancy.to_string(), |e| e.to_string());
                    format!("invalid pattern `{}`: {why}", cut(source))
                }
            })
    }

    /// The pattern as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Literals, ASCII lower-cased, one of which begins every match (in
    /// ASCII-case-blind comparison): a search need only start where one of
    /// them is found. `None` when the pattern has no such short list (it
    /// starts with a class such as `\w`, it can match the empty string, it
    /// needs the backtracking engine, or a literal is shorter than three
    /// bytes and would be found everywhere).
    pub fn prefixes(&self) -> Option<&[Vec<u8>]> {
        self.prefixes.as_deref()
    }

    /// The matches [`Pattern::find_iter`] gives in `text`, when every match
    /// begins at one of `starts` (sorted): a search anchored at each start
    /// in turn, past the end of the last match. With [`Pattern::prefixes`]
    /// found at `starts`, this is exact and costs only the candidates.
    pub fn find_at_starts(&self, text: &str, starts: &[usize]) -> Vec<Range<usize>> {
        let Inner::Plain(re) = &self.inner else {
            return self.find_iter(text);
        };
        let mut out = Vec::new();
        let mut from = 0;
        for &s in starts {
            if s < from || s > text.len() {
                continue;
            }
            let input = regex_automata::Input::new(text)
                .span(s..text.len())
                .anchored(regex_automata::Anchored::Yes);
            if let Some(m) = re.search(&input) {
                if !m.is_empty() {
                    out.push(m.range());
                    from = m.end();
                }
            }
        }
        out
    }

    /// Does the pattern need the backtracking engine?
    pub fn is_fancy(&self) -> bool {
        matches!(self.inner, Inner::Fancy(_))
    }

    /// Every non-overlapping, non-empty match in `text`.
    pub fn find_iter(&self, text: &str) -> Vec<Range<usize>> {
        self.find_checked(text).0
    }

    /// The matches, and whether the backtracking bound stopped the search
    /// early.
    pub fn find_checked(&self, text: &str) -> (Vec<Range<usize>>, bool) {
        match &self.inner {
            Inner::Plain(re) => (
                re.find_iter(text)
                    .map(|m| m.range())
                    .filter(|r| !r.is_empty())
                    .collect(),
                false,
            ),
            Inner::Fancy(re) => {
                let mut out = Vec::new();
                for m in re.find_iter(text) {
                    match m {
                        Ok(m) if m.start() < m.end() => out.push(m.start()..m.end()),
                        Ok(_) => {}
                        Err(_) => return (out, true),
                    }
                }
                (out, false)
            }
        }
    }

    /// Every non-empty match with its groups.
    pub fn captures(&self, text: &str) -> Vec<Found> {
        match &self.inner {
            Inner::Plain(re) => re
                .captures_iter(text)
                .filter_map(|c| {
                    let range = c.get_match()?.range();
                    (!range.is_empty()).then(|| Found {
                        range,
                        groups: (0..c.group_len())
                            .map(|g| c.get_group(g).map(|g| g.range()))
                            .collect(),
                    })
                })
                .collect(),
            Inner::Fancy(re) => {
                let mut out = Vec::new();
                for c in re.captures_iter(text) {
                    let Ok(c) = c else { break };
                    let Some(m) = c.get(0) else { continue };
                    if m.start() == m.end() {
                        continue;
                    }
                    out.push(Found {
                        range: m.start()..m.end(),
                        groups: (0..c.len())
                            .map(|i| c.get(i).map(|g| g.start()..g.end()))
                            .collect(),
                    });
                }
                out
            }
        }
    }

    /// Is there a match in `text`?
    pub fn is_match(&self, text: &str) -> bool {
        match &self.inner {
            Inner::Plain(re) => re.is_match(text),
            Inner::Fancy(re) => re.is_match(text).unwrap_or(false),
        }
    }
}

/// The shortest literal worth a prefilter: shorter ones are everywhere.
const MIN_PREFIX: usize = 3;

/// See [`Pattern::prefixes`]. The literals come from the `regex` crate's
/// own parser and literal extractor, so they describe exactly the pattern
/// it compiled: a finite set means every match starts with one of them.
fn prefixes(source: &str) -> Option<Vec<Vec<u8>>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(source)
        .ok()?;
    let mut extractor = Extractor::new();
    // Case-blind words expand to every case form before lower-casing
    // folds them together again; past the limit the extractor keeps only
    // their first few letters, which is enough to start from (and more
    // room costs more at load than it saves in a check).
    extractor.kind(ExtractKind::Prefix).limit_total(512);
    let seq = extractor.extract(&hir);
    let literals = seq.literals()?;
    let mut out: Vec<Vec<u8>> = Vec::with_capacity(literals.len());
    for lit in literals {
        if lit.len() < MIN_PREFIX {
            return None;
        }
        out.push(lit.as_bytes().to_ascii_lowercase());
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// The prefixes of `(?i)` + `rest`, from `rest`'s own literals: with
/// ASCII letters only, a case-blind match starts with one of them in some
/// mix of ASCII cases (the automaton is ASCII-case-blind), except that
/// Unicode also folds `k` with the Kelvin sign and `s` with the long s,
/// whose spellings are added. `None` when a literal has another letter
/// outside ASCII (its case forms are left to the extractor).
fn folded_prefixes(rest: &str) -> Option<Vec<Vec<u8>>> {
    const KELVIN: &[u8] = "\u{212A}".as_bytes();
    const LONG_S: &[u8] = "\u{17F}".as_bytes();
    let mut out = Vec::new();
    for lit in prefixes(rest)? {
        if !lit.is_ascii() {
            return None;
        }
        // Past the third `k` or `s` the literal is cut, so that a word
        // gives at most eight spellings.
        let mut cut = lit.len();
        let mut folds = 0;
        for (i, b) in lit.iter().enumerate() {
            if matches!(b, b'k' | b's') {
                folds += 1;
                if folds > 3 {
                    cut = i;
                    break;
                }
            }
        }
        if cut < MIN_PREFIX {
            return None;
        }
        let mut spellings: Vec<Vec<u8>> = vec![Vec::new()];
        for &b in &lit[..cut] {
            let other = match b {
                b'k' => Some(KELVIN),
                b's' => Some(LONG_S),
                _ => None,
            };
            let mut more = Vec::new();
            for s in &mut spellings {
                if let Some(o) = other {
                    let mut alt = s.clone();
                    alt.extend_from_slice(o);
                    more.push(alt);
                }
                s.push(b);
            }
            spellings.extend(more);
        }
        out.extend(spellings);
    }
    out.sort();
    out.dedup();
    Some(out)
}

fn cut(s: &str) -> String {
    match s.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_patterns_use_the_linear_engine_and_lookaround_the_backtracking_one() {
        let p = Pattern::new(r"\bvery\b").unwrap();
        assert!(!p.is_fancy());
        assert_eq!(p.find_iter("a very good"), vec![2..6]);
        let l = Pattern::new(r"\b\w+(?= Minister)").unwrap();
        assert!(l.is_fancy());
        assert_eq!(l.find_iter("the Prime Minister"), vec![4..9]);
        assert!(Pattern::new("(unclosed").unwrap_err().contains("(unclosed"));
    }

    #[test]
    fn a_hostile_pattern_gives_up_instead_of_hanging() {
        // Catastrophic backtracking on the backtracking engine (a nested
        // alternation a lookahead refers back to): exponential in the run
        // of `a`s without the bound.
        let p = Pattern::new(r"^(a|aa)+(?=\1)c").unwrap();
        assert!(p.is_fancy());
        let text = format!("{}b", "a".repeat(40));
        let (found, gave_up) = p.find_checked(&text);
        assert!(found.is_empty());
        assert!(gave_up, "the bound must stop the search");
        assert!(p.captures(&text).is_empty());
        assert!(!p.is_match(&text));
    }

    #[test]
    fn replacements_take_groups() {
        let p = Pattern::new(r"(\w+)-(\w+)").unwrap();
        let f = &p.captures("co-operate")[0];
        assert_eq!(f.expand("co-operate", "$1$2"), "cooperate");
        assert_eq!(f.expand("co-operate", "${2} $$ $9"), "operate $ ");
    }
}

#[cfg(test)]
mod prefix_tests {
    use super::*;

    #[test]
    fn word_lists_have_prefixes_and_open_classes_have_none() {
        let p = Pattern::new(r"(?i)\b(?:utilise|going forward|leverage)\b").unwrap();
        // Each word whole, with the long-s spelling Unicode folds `s` to.
        let prefixes = p.prefixes().unwrap();
        let words: Vec<String> = prefixes
            .iter()
            .map(|p| String::from_utf8(p.clone()).unwrap())
            .collect();
        assert_eq!(
            words,
            ["going forward", "leverage", "utilise", "utili\u{17F}e"]
        );
        assert!(Pattern::new(r"\b\w+\b").unwrap().prefixes().is_none());
        assert!(Pattern::new(r"\b(?:a|the)\b").unwrap().prefixes().is_none());
        assert!(Pattern::new(r"\w+(?= Minister)")
            .unwrap()
            .prefixes()
            .is_none());
    }
}
