//! Ships: no article before a ship's prefix (`HMS Argyll`, not
//! `the HMS Argyll`).
//!
//! A prefix such as `HMS` (His or Her Majesty's Ship) already works as an
//! article, so `the HMS Argyll` reads as "the His Majesty's Ship Argyll".
//! GOV.UK and the Royal Navy write `HMS Argyll`, and `the Argyll` only when
//! the prefix is left out.
//!
//! Configured by `[ships]` in a rule file (see `rules/curated/ships.toml`):
//! the prefixes to look for, matched case-sensitively and only before a
//! capitalised word (the ship's name), and whether an article is allowed.

use regex::Regex;

use jiff::civil::Date;

use super::{Check, Mention};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Rule, Severity};
use crate::rules::{RuleError, RuleFile};

pub static SHIP_ARTICLE: Rule = Rule {
    code: "ship/article",
    summary: "No `the` before a ship's prefix",
    severity: Severity::Warning,
    what: "Flags `the` or `The` directly before a ship prefix from the rule pack (`HMS`, `RFA`, \
       `USS`, `HMAS`, `JS` …) followed by a ship's name: `the HMS Argyll`, \
       `The RFA Tidespring crew`.",
    why: "The prefix already does the work of an article (`HMS` is His Majesty's Ship), so \
      `the HMS Argyll` says it twice. GOV.UK and the Royal Navy write `HMS Argyll`; write \
      `the Argyll` only when the prefix is left out.",
    example: "The deployment of the HMS Argyll to Japan was announced.",
    fixed: Some("The deployment of HMS Argyll to Japan was announced."),
    fix_safety: "Safe: the fix removes `the` and the space after it, and nothing else.",
    applicability: Some(Applicability::Safe),
};

/// Spaces between words: blanks, no-break spaces, at most one line break.
const SP: &str =
    r"(?:[ \t\u{A0}\u{202F}]+(?:\r?\n[ \t\u{A0}\u{202F}]*)?|\r?\n[ \t\u{A0}\u{202F}]*)";

struct Checker {
    /// `the`, then a prefix, then a capitalised word; `None` when the pack
    /// has no ship conventions or allows the article.
    pattern: Option<Regex>,
    /// The prefixes alone: a region with none of them has nothing to find,
    /// and looking for them is much faster than for every `the`.
    prefixes: Option<aho_corasick::AhoCorasick>,
    /// The learned table's evidence in words; `None` for a curated table.
    evidence: Option<String>,
}

impl Check for Checker {
    fn region(
        &self,
        region: &str,
        base: usize,
        _date: Option<Date>,
        out: &mut Vec<Diagnostic>,
        _mentions: &mut Vec<Mention>,
    ) {
        let (Some(re), Some(prefixes)) = (&self.pattern, &self.prefixes) else {
            return;
        };
        if !prefixes.is_match(region) {
            return;
        }
        // From each prefix back to a `the` before it, and the pattern read
        // from there: only where a prefix is, never at every `the`.
        let mut locs = re.capture_locations();
        let mut next = 0;
        for hit in prefixes.find_iter(region) {
            let Some(start) = article_before(region, hit.start()) else {
                continue;
            };
            // The pattern's ASCII `\b` before `the`, and matches that do
            // not overlap, as a scan of the region would find them.
            let bytes = region.as_bytes();
            if start < next
                || start
                    .checked_sub(1)
                    .is_some_and(|i| bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_')
            {
                continue;
            }
            let Some(found) = re.captures_read(&mut locs, &region[start..]) else {
                continue;
            };
            let m = start..start + found.end();
            next = m.end;
            // The ASCII `\b` lets a letter of another script touch `the`.
            if region[..m.start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let Some((prefix_start, prefix_end)) = locs.get(1) else {
                continue;
            };
            let (prefix_start, prefix_end) = (start + prefix_start, start + prefix_end);
            let prefix = &region[prefix_start..prefix_end];
            let article = &region[m.start..m.start + 3];
            let fix = Fix {
                title: format!("Remove '{article}'"),
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    range: base + m.start..base + prefix_start,
                    replacement: String::new(),
                }],
            };
            let mut d = Diagnostic::new(
                &SHIP_ARTICLE,
                base + m.start..base + m.end,
                format!(
                    "No '{article}' before '{prefix}' and a ship's name: the prefix already works as an article"
                ),
            )
            .with_fix(fix);
            if let Some(e) = &self.evidence {
                d = d.with_evidence(e.clone());
            }
            out.push(d);
        }
    }
}

/// Where `the` starts when `text[..at]` ends with `the` (or `The`) and
/// spaces as the pattern's `SP` reads them: blanks, at most one line break.
fn article_before(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    let blank = |i: usize| -> usize {
        match b[..i] {
            [.., b' ' | b'\t'] => 1,
            [.., 0xC2, 0xA0] => 2,
            [.., 0xE2, 0x80, 0xAF] => 3,
            _ => 0,
        }
    };
    let mut i = at;
    loop {
        let n = blank(i);
        if n == 0 {
            break;
        }
        i -= n;
    }
    if b[..i].ends_with(b"\n") {
        i -= 1;
        if b[..i].ends_with(b"\r") {
            i -= 1;
        }
        loop {
            let n = blank(i);
            if n == 0 {
                break;
            }
            i -= n;
        }
    }
    let the = i.checked_sub(3)?;
    (i < at && matches!(&b[the..i], b"the" | b"The")).then_some(the)
}

pub fn build(rules: &RuleFile) -> Result<Box<dyn Check>, Vec<RuleError>> {
    let Some(conv) = rules.ships.as_ref().filter(|c| !c.article) else {
        return Ok(Box::new(Checker {
            pattern: None,
            prefixes: None,
            evidence: None,
        }));
    };
    let evidence = (conv.seen > 0).then(|| {
        let e = crate::rules::Evidence {
            seen: conv.seen,
            documents: conv.documents.clone(),
        };
        let other = match conv.other_seen {
            0 => "never".to_string(),
            1 => "once".to_string(),
            n => format!("{n} times"),
        };
        format!(
            "{} (after 'the': {other})",
            e.describe("a ship prefix without 'the'")
        )
    });
    let mut errors = Vec::new();
    let mut prefixes: Vec<&str> = Vec::new();
    for p in &conv.prefixes {
        if p.trim().is_empty() || p.chars().any(char::is_whitespace) {
            errors.push(RuleError::new(
                "[ships]",
                format!("ship prefix '{p}' must be one word, such as \"HMS\""),
            ));
        } else {
            prefixes.push(p);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if prefixes.is_empty() {
        return Ok(Box::new(Checker {
            pattern: None,
            prefixes: None,
            evidence: None,
        }));
    }
    // Longest first, so `HMS` never cuts `HMSAS` short.
    prefixes.sort_by_key(|p| std::cmp::Reverse(p.len()));
    prefixes.dedup();
    let alternatives: Vec<String> = prefixes.iter().map(|p| regex::escape(p)).collect();
    // Read from a `the` found before a prefix (see `article_before`).
    let pattern = format!(
        r"\A[Tt]he{SP}({})(?-u:\b){SP}(\p{{Lu}}[\p{{L}}\p{{M}}]*)",
        alternatives.join("|")
    );
    match Regex::new(&pattern) {
        Ok(re) => Ok(Box::new(Checker {
            pattern: Some(re),
            // Leftmost-longest, so that a prefix inside a longer one (`NS`
            // in `USNS`) never hides it.
            prefixes: aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(&prefixes)
                .ok(),
            evidence,
        })),
        Err(e) => Err(vec![RuleError::new(
            "[ships]",
            format!("ship prefixes do not compile: {e}"),
        )]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::checks::testing::{assert_lint_count, fixed, flagged, linter, lints, Linter};
    use crate::fix::Which;
    use crate::rules::ShipConventions;
    use crate::text::Format;

    fn rules(article: bool) -> RuleFile {
        RuleFile {
            ships: Some(ShipConventions {
                prefixes: ["HMS", "RFA", "USS", "HMAS", "HMNZS", "JS"]
                    .map(String::from)
                    .to_vec(),
                article,
                seen: 0,
                documents: Vec::new(),
                other_seen: 0,
            }),
            ..RuleFile::default()
        }
    }

    /// A house that writes no `the` before a prefix.
    fn house() -> Linter {
        linter(build, &rules(false))
    }

    /// The spans a scan of the whole region with the unanchored pattern
    /// finds, as the check once did.
    fn scanned(prefixes: &[&str], region: &str) -> Vec<std::ops::Range<usize>> {
        let alternatives: Vec<String> = prefixes.iter().map(|p| regex::escape(p)).collect();
        let re = Regex::new(&format!(
            r"(?-u:\b)[Tt]he{SP}({})(?-u:\b){SP}(\p{{Lu}}[\p{{L}}\p{{M}}]*)",
            alternatives.join("|")
        ))
        .unwrap();
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(m) = re.find_at(region, at) {
            at = m.end();
            if !region[..m.start()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            {
                out.push(m.range());
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn reading_back_from_each_prefix_finds_what_a_scan_finds(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "the", "The", "xthe", "éthe", " ", "  ", "\n", "\r\n", "\u{a0}", "\t",
                    "HMS", "USNS", "NS", "Argyll", "Élan", "ship", ".", "_",
                ]),
                0..14,
            )
        ) {
            let region: String = parts.concat();
            let mut pack = rules(false);
            pack.ships.as_mut().unwrap().prefixes =
                vec!["USNS".into(), "NS".into(), "HMS".into()];
            let check = build(&pack).unwrap();
            let mut out = Vec::new();
            check.region(&region, 0, None, &mut out, &mut Vec::new());
            let got: Vec<_> = out.into_iter().map(|d| d.range).collect();
            proptest::prop_assert_eq!(got, scanned(&["USNS", "HMS", "NS"], &region));
        }
    }

    #[test]
    fn the_before_a_prefix_is_flagged() {
        let text = "The deployment of the HMS Argyll to Japan.";
        let ds = lints(text, &house());
        assert_eq!(ds.len(), 1);
        assert_eq!(ds[0].code, "ship/article");
        assert_eq!(ds[0].severity, Severity::Warning);
        assert_eq!(&text[ds[0].range.clone()], "the HMS Argyll");
        assert_eq!(
            ds[0].message,
            "No 'the' before 'HMS' and a ship's name: the prefix already works as an article"
        );
        assert_eq!(ds[0].fixes[0].applicability, Applicability::Safe);
        assert_eq!(
            fixed(text, &house(), Which::Safe),
            "The deployment of HMS Argyll to Japan."
        );
    }

    #[test]
    fn a_learned_table_gives_its_evidence() {
        let mut r = rules(false);
        if let Some(s) = r.ships.as_mut() {
            s.seen = 5;
            s.documents = vec!["a".into(), "b".into()];
            s.other_seen = 1;
        }
        let ds = lints("Sailors of the USS Tidewater.", &linter(build, &r));
        assert_eq!(ds.len(), 1);
        assert_eq!(
            ds[0].evidence.as_deref(),
            Some("a ship prefix without 'the': 5 times in 2 documents (a, b) (after 'the': once)")
        );
        let ds = lints("Sailors of the USS Tidewater.", &house());
        assert_eq!(ds[0].evidence, None, "a curated table has no evidence");
    }

    #[test]
    fn the_at_the_start_of_a_sentence_goes_too() {
        let text = "The HMS Argyll crew sailed. The RFA Tidespring followed.";
        assert_eq!(
            flagged(text, &house()),
            vec!["The HMS Argyll", "The RFA Tidespring"]
        );
        assert_eq!(
            fixed(text, &house(), Which::Safe),
            "HMS Argyll crew sailed. RFA Tidespring followed."
        );
    }

    #[test]
    fn every_configured_prefix_counts() {
        let text =
            "With the USS Ronald Reagan, the HMAS Sydney, the HMNZS Te Kaha and the JS Izumo.";
        assert_eq!(
            flagged(text, &house()),
            vec![
                "the USS Ronald",
                "the HMAS Sydney",
                "the HMNZS Te",
                "the JS Izumo"
            ]
        );
        assert_eq!(
            fixed(text, &house(), Which::Safe),
            "With USS Ronald Reagan, HMAS Sydney, HMNZS Te Kaha and JS Izumo."
        );
    }

    #[test]
    fn no_article_is_fine() {
        assert!(flagged(
            "HMS Argyll and RFA Tidespring sailed with the Argyll's crew.",
            &house()
        )
        .is_empty());
    }

    #[test]
    fn the_prefix_must_be_followed_by_a_name() {
        assert!(flagged(
            "the HMS visit, the HMS and the RFA's role, the hms Argyll",
            &house()
        )
        .is_empty());
    }

    #[test]
    fn prefixes_match_case_sensitively_and_as_whole_words() {
        assert!(flagged(
            "the Hms Argyll, the HMSX Argyll, bathe HMS Argyll",
            &house()
        )
        .is_empty());
    }

    #[test]
    fn a_line_break_between_words_still_counts() {
        let text = "deployment of the\nHMS Argyll";
        assert_eq!(flagged(text, &house()), vec!["the\nHMS Argyll"]);
        assert_eq!(
            fixed(text, &house(), Which::Safe),
            "deployment of HMS Argyll"
        );
    }

    #[test]
    fn code_is_not_checked() {
        assert!(flagged(
            "Run `the HMS Argyll` here.\n\n```\nthe HMS Argyll\n```\n",
            &house()
        )
        .is_empty());
    }

    #[test]
    fn wide_characters_keep_spans_exact() {
        let text = "😀 安倍晋三 visited the HMS Queen Elizabeth.";
        assert_eq!(flagged(text, &house()), vec!["the HMS Queen"]);
        assert_eq!(
            fixed(text, &house(), Which::Safe),
            "😀 安倍晋三 visited HMS Queen Elizabeth."
        );
        assert!(flagged("安the HMS Argyll", &house()).is_empty());
    }

    #[test]
    fn an_article_can_be_allowed() {
        assert_lint_count("the HMS Argyll", &linter(build, &rules(true)), 0);
        assert_lint_count("the HMS Argyll", &linter(build, &RuleFile::default()), 0);
    }

    #[test]
    fn the_built_in_pack_knows_the_common_prefixes() {
        let ships = crate::RulePack::builtin()
            .merged
            .ships
            .expect("[ships] in the pack");
        for p in [
            "HMS", "RFA", "USS", "HMAS", "HMCS", "HMNZS", "JS", "FS", "INS", "ROKS",
        ] {
            assert!(ships.prefixes.iter().any(|x| x == p), "{p}");
        }
        let ds = crate::Engine::builtin().check("the HMS Argyll", Format::Markdown);
        assert!(ds.iter().any(|d| d.code == "ship/article"), "{ds:?}");
    }

    #[test]
    fn a_prefix_with_a_space_is_an_error() {
        let mut r = rules(false);
        r.ships.as_mut().unwrap().prefixes.push("H MS".into());
        assert!(build(&r).is_err());
    }
}
