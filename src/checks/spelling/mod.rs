//! Spelling: the house's form among variants, and one form per draft where
//! the sources disagree.
//!
//! - `spelling/variant` flags a variant the house does not write
//!   (`co-operation` where the approved documents write `cooperation`,
//!   `defense` in a house that writes `defence`) and offers the house form,
//!   keeping the draft's capitals (`Co-operation` → `Cooperation`).
//! - `spelling/consistency` applies where the approved documents disagree
//!   among themselves (a learned rule of kind `consistency`): the first form
//!   a draft uses sets its form, and later different forms are flagged.
//!
//! - `spelling/variant` also applies the house's dialect (`[dialect]`,
//!   learned): a word the corpus never shows whose British/American
//!   counterpart is the house's spelling (`neighbourhood` in an American
//!   house, `color` in a British one, `organise` in an Oxford `-ize` house)
//!   is flagged with the house form. Words a spelling rule names are left
//!   to that rule (the house's own exceptions), and a capitalised word
//!   inside a sentence, a multi-word proper name or a learned name keeps
//!   its spelling.
//!
//! Where the house keeps quotations verbatim (`[spelling_policy]
//! quotations = "verbatim"`, learned when the approved documents keep a
//! variant only inside quotation marks), neither looks inside quotation
//! marks (see [`quotes`]).
//!
//! Both read prose only, as whole words, and skip words inside proper names:
//! `US Department of Defense` and `Japan Maritime Self-Defense Force` keep
//! their own spelling in any house. A spaced form (`cyber security`) is also
//! found across a line break.
//!
//! All forms of all rules are found in one pass of a single Aho-Corasick
//! automaton per prose region, so the cost does not grow with the number of
//! rules.

pub mod dictionary;

pub use dictionary::{SPELLING_UNKNOWN, SPELLING_UNKNOWN_NAME};

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use jiff::civil::Date;

use super::{Check, Mention};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Rule, Severity};
use crate::rules::{DialectRule, Quotations, RuleError, RuleFile, SpellingKind, SpellingRule};
use crate::text::proper::in_proper_name;
use crate::text::quotes::{self, quoted_spans};
use crate::text::variants::{self, with_case_of, Policy};
use crate::text::words::{is_capitalised, is_whole_word, starts_sentence, words, Word};

pub static SPELLING_VARIANT: Rule = Rule {
    code: "spelling/variant",
    summary: "A spelling variant the house does not use",
    severity: Severity::Warning,
    what: "Flags a word or compound written in a form the approved documents do not \
           use: hyphenation (`co-operation` for `cooperation`), spacing (`cybersecurity` \
           for `cyber security`), or British against American spelling (`defense` for \
           `defence`). British and American spelling is the house's policy, learned from \
           the words its documents use: a house that writes `center` and `neighborhood` \
           is American, so `favour` is flagged even if no approved document wrote `favor`, \
           and a British house that writes `organize` (Oxford spelling) has `organise` \
           flagged but keeps `colour` and `analyse`. Words inside proper names are left \
           alone (`US Department of Defense`, `Japan Maritime Self-Defense Force`, \
           `Pearl Harbor`), as is a capitalised word inside a sentence.",
    why: "The house writes one form, learned from how most of its approved documents \
          write it across documents, not within one. Mixed forms read as unedited copy, \
          and a British spelling in an American house (or the reverse) reads as copied \
          from elsewhere.",
    example: "Closer co-operation on defense.",
    fixed: Some("Closer cooperation on defence."),
    fix_safety: "Safe: the replacement is the same word in the house's spelling, with the \
                 draft's capitals kept.",
    applicability: Some(Applicability::Safe),
};

pub static SPELLING_CONSISTENCY: Rule = Rule {
    code: "spelling/consistency",
    summary: "Two spellings of one word in the same draft",
    severity: Severity::Warning,
    what: "For words the approved documents themselves spell two ways (neither form \
           dominating across documents), flags a later form that differs from the \
           first one the draft used, pointing at that first use. The example assumes \
           sources that write both `organise` and `organize`. With \
           `workspace-consistency` on, drafts checked together (a press pack) are held \
           to the first draft's form too, pointing into it.",
    why: "When sources genuinely disagree there is no house winner, but a draft should \
          still spell a word one way throughout.",
    example: "We organise the visit and they organize the talks.",
    fixed: Some("We organise the visit and they organise the talks."),
    fix_safety: "Safe: the replacement is the form the draft already chose, with the \
                 draft's capitals kept. Against another draft it is only a suggestion, \
                 never applied by `--fix`: which draft comes first is only their order.",
    applicability: Some(Applicability::Safe),
};

/// What a found form means: the rule it belongs to, which member of the
/// rule's family (0 `preferred`, then `forms`, then `generated`; see
/// [`SpellingRule::families`]), and which of that member's forms it is (0
/// the house form, 1.. the variants).
#[derive(Debug, Clone, Copy)]
struct Target {
    rule: usize,
    member: usize,
    form: usize,
}

struct Checker {
    rules: Vec<SpellingRule>,
    /// Per rule, its family members: the house form, then its variants.
    members: Vec<Vec<Vec<String>>>,
    /// Per rule, built once: the evidence in words, and per member the
    /// message for each variant (`spelling/variant` rules only).
    evidence: Vec<String>,
    messages: Vec<Vec<Vec<String>>>,
    finder: Option<AhoCorasick>,
    /// The house keeps quotations verbatim: no finding inside quotation
    /// marks.
    verbatim: bool,
    /// Targets of each automaton pattern.
    targets: Vec<Vec<Target>>,
    /// The house's dialect, applied to every word no rule names.
    dialect: Option<DialectCheck>,
}

/// The learned `[dialect]`, ready to apply.
struct DialectCheck {
    policy: Policy,
    /// `American spellings`, for messages.
    name: &'static str,
    evidence: String,
    /// Every form a spelling rule names (lower case): left to the rule.
    ruled: HashSet<String>,
    /// The learned names, as written: a word inside one keeps its spelling.
    names: Option<AhoCorasick>,
}

impl DialectCheck {
    /// The departures from the house's dialect among `all`, the words of
    /// `region` (read from its first byte).
    fn region(
        &self,
        region: &str,
        base: usize,
        all: &[Word<'_>],
        verbatim: bool,
        quoted: &mut Option<Vec<Range<usize>>>,
        out: &mut Vec<Diagnostic>,
    ) {
        let mut lower_buf = String::new();
        let mut names: Option<Vec<Range<usize>>> = None;
        for w in all {
            let t = w.text;
            let b = t.as_bytes();
            if !variants::may_be_pair(b[0].to_ascii_lowercase(), t.len())
                || !b[0].is_ascii_alphabetic()
            {
                continue;
            }
            // One pass over the rest: letters only, and the capitals after
            // the first.
            let (mut letters, mut caps) = (true, 0);
            for &c in &b[1..] {
                letters &= c.is_ascii_alphabetic();
                caps += usize::from(c.is_ascii_uppercase());
            }
            if !letters {
                continue;
            }
            let all_caps = caps + 1 == t.len();
            if caps > 0 && !all_caps {
                // `McDonald`, `iPhone`: a name's own spelling.
                continue;
            }
            // Most words are in lower case already: no copy.
            let lower: &str = if caps == 0 && !b[0].is_ascii_uppercase() {
                t
            } else {
                lower_buf.clear();
                lower_buf.extend(t.chars().map(|c| c.to_ascii_lowercase()));
                &lower_buf
            };
            let Some((_, pair)) = variants::lookup(lower) else {
                continue;
            };
            let Some(house) = pair.departure(lower, self.policy) else {
                continue;
            };
            if self.ruled.contains(lower) {
                continue;
            }
            let (s, e) = (w.start, w.end);
            if is_capitalised(t)
                && (!starts_sentence(region, s) && !all_caps || in_proper_name(region, s, e))
            {
                // A name (`the Harbour Board`, `at Centre Point`), not a word.
                continue;
            }
            if let Some(finder) = &self.names {
                let spans = names
                    .get_or_insert_with(|| finder.find_iter(region).map(|m| m.range()).collect());
                if spans.iter().any(|r| r.start < e && s < r.end) {
                    continue;
                }
            }
            if verbatim
                && quotes::inside(quoted.get_or_insert_with(|| quoted_spans(region)), &(s..e))
            {
                continue;
            }
            let range = base + s..base + e;
            out.push(
                Diagnostic::new(
                    &SPELLING_VARIANT,
                    range.clone(),
                    format!("This house writes {}: '{house}', not '{t}'.", self.name),
                )
                .with_fix(Fix::replace(
                    range,
                    with_case_of(t, house),
                    Applicability::Safe,
                ))
                .with_evidence(self.evidence.clone()),
            );
        }
    }
}

fn is_consistency(rule: &SpellingRule) -> bool {
    rule.kind == SpellingKind::Consistency
}

impl Checker {
    fn form(&self, t: Target) -> &str {
        &self.members[t.rule][t.member][t.form]
    }
}

impl Check for Checker {
    fn region(
        &self,
        region: &str,
        base: usize,
        _date: Option<Date>,
        out: &mut Vec<Diagnostic>,
        mentions: &mut Vec<Mention>,
    ) {
        let all: Vec<Word<'_>> = match &self.dialect {
            Some(_) => words(region, 0).collect(),
            None => Vec::new(),
        };
        self.region_words(region, base, &all, out, mentions);
    }

    fn resolve(&self, first: &Mention, later: &Mention) -> Option<Diagnostic> {
        self.resolved(first, later, "earlier in this draft")
    }

    fn resolve_across(&self, first: &Mention, later: &Mention, draft: &str) -> Option<Diagnostic> {
        self.resolved(first, later, &format!("in {draft}"))
    }
}

impl Checker {
    /// [`Check::region`] given the region's words (read from its first
    /// byte; the dialect's check reads them, and the dictionary's after it).
    fn region_words(
        &self,
        region: &str,
        base: usize,
        all: &[Word<'_>],
        out: &mut Vec<Diagnostic>,
        mentions: &mut Vec<Mention>,
    ) {
        // Found only when needed: most regions have no finding.
        let mut quoted: Option<Vec<Range<usize>>> = None;
        if let Some(d) = &self.dialect {
            d.region(region, base, all, self.verbatim, &mut quoted, out);
        }
        let Some(finder) = &self.finder else { return };
        for m in finder.find_iter(region) {
            let (s, e) = (m.start(), m.end());
            // A house form that no consistency rule counts needs no look.
            let targets = &self.targets[m.pattern().as_usize()];
            if targets
                .iter()
                .all(|t| t.form == 0 && !is_consistency(&self.rules[t.rule]))
            {
                continue;
            }
            if !is_whole_word(region, s, e)
                || words(&region[s..e], s).any(|w| in_proper_name(region, w.start, w.end))
            {
                continue;
            }
            if self.verbatim
                && quotes::inside(quoted.get_or_insert_with(|| quoted_spans(region)), &(s..e))
            {
                continue;
            }
            let found = &region[s..e];
            let range = base + s..base + e;
            for t in targets {
                let rule = &self.rules[t.rule];
                if is_consistency(rule) {
                    // Consistency rules: the form the draft chose first.
                    // The form is the side (house or variant) with the
                    // member it belongs to: a draft that writes `organize`
                    // keeps to `organized` too.
                    mentions.push(Mention {
                        key: t.rule.to_string().into(),
                        form: format!("{}/{}", t.form, t.member).into(),
                        range: range.clone(),
                        at: range.clone(),
                        found: found.into(),
                    });
                } else if t.form > 0 {
                    out.push(
                        Diagnostic::new(
                            &SPELLING_VARIANT,
                            range.clone(),
                            self.messages[t.rule][t.member][t.form - 1].clone(),
                        )
                        .with_fix(Fix::replace(
                            range.clone(),
                            with_case_of(found, &self.members[t.rule][t.member][0]),
                            Applicability::Safe,
                        ))
                        .with_evidence(self.evidence[t.rule].clone()),
                    );
                }
            }
        }
    }
}

impl Checker {
    /// A consistency finding for `later` against `first`, which is `place`
    /// ("earlier in this draft", "in a.md").
    fn resolved(&self, first: &Mention, later: &Mention, place: &str) -> Option<Diagnostic> {
        let target = |rule: usize, m: &Mention| {
            let (form, member) = m.form.split_once('/')?;
            let t = Target {
                rule,
                member: member.parse().ok()?,
                form: form.parse().ok()?,
            };
            let ok = self
                .members
                .get(rule)?
                .get(t.member)
                .is_some_and(|m| t.form < m.len());
            ok.then_some(t)
        };
        let rule = later.key.parse::<usize>().ok()?;
        let (f, i) = (target(rule, first)?, target(rule, later)?);
        // The form the draft chose first, in the later word's inflection.
        let want = Target { form: f.form, ..i };
        (f.form != i.form).then(|| {
            inconsistent(
                &self.rules[rule],
                self.form(want),
                self.form(f),
                first.at.clone(),
                self.form(i),
                &later.found,
                &later.range,
                place,
            )
        })
    }
}

/// "House style is 'cooperation' (3 approved documents), not 'co-operation'."
/// A generated form names the family it comes from: "House style is
/// 'cooperating' (as 'cooperation', 3 approved documents), not
/// 'co-operating'."
fn variant_message(rule: &SpellingRule, house: &str, variant: &str) -> String {
    let own = if house == rule.preferred {
        Some(&rule.evidence)
    } else {
        rule.forms
            .iter()
            .find(|f| f.form == house)
            .map(|f| &f.evidence)
    };
    let docs = own.unwrap_or(&rule.evidence).documents.len();
    let noun = if docs == 1 { "document" } else { "documents" };
    match own {
        Some(_) => format!("House style is '{house}' ({docs} approved {noun}), not '{variant}'."),
        None => format!(
            "House style is '{house}' (as '{}' in {docs} approved {noun}), not '{variant}'.",
            rule.preferred
        ),
    }
}

#[allow(clippy::too_many_arguments)]
fn inconsistent(
    rule: &SpellingRule,
    want: &str,
    first_form: &str,
    first_at: Range<usize>,
    have: &str,
    found: &str,
    range: &Range<usize>,
    place: &str,
) -> Diagnostic {
    Diagnostic::new(
        &SPELLING_CONSISTENCY,
        range.clone(),
        format!(
            "'{have}' here, but '{want}' {place}: the approved documents use both, so keep to one."
        ),
    )
    .with_related(first_at, format!("'{first_form}' first used here"))
    .with_fix(Fix::replace(
        range.clone(),
        with_case_of(found, want),
        Applicability::Safe,
    ))
    .with_evidence(rule.describe())
}

pub fn build(file: &RuleFile) -> Result<Box<dyn Check>, Vec<RuleError>> {
    let rules = file.spellings.clone();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut patterns: Vec<String> = Vec::new();
    let mut targets: Vec<Vec<Target>> = Vec::new();
    let mut add = |pattern: String, t: Target| {
        let id = *index.entry(pattern.clone()).or_insert_with(|| {
            patterns.push(pattern);
            targets.push(Vec::new());
            targets.len() - 1
        });
        targets[id].push(t);
    };
    let members: Vec<Vec<Vec<String>>> = rules
        .iter()
        .map(|r| {
            r.families()
                .map(|(house, variants)| {
                    std::iter::once(house.to_string())
                        .chain(variants.iter().cloned())
                        .collect()
                })
                .collect()
        })
        .collect();
    for (r, rule) in rules.iter().enumerate() {
        let first = if is_consistency(rule) { 0 } else { 1 };
        for (member, forms) in members[r].iter().enumerate() {
            for (i, f) in forms.iter().enumerate().skip(first) {
                let f = f.to_lowercase();
                let t = Target {
                    rule: r,
                    member,
                    form: i,
                };
                if f.contains(' ') {
                    add(f.replace(' ', "\n"), t);
                }
                add(f, t);
            }
        }
    }
    let finder = if patterns.is_empty() {
        None
    } else {
        Some(
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(&patterns)
                .map_err(|e| {
                    vec![RuleError::new(
                        "spelling",
                        format!("cannot compile spelling rules: {e}"),
                    )]
                })?,
        )
    };
    let evidence = rules.iter().map(SpellingRule::describe).collect();
    let messages = rules
        .iter()
        .zip(&members)
        .map(|(r, ms)| {
            if is_consistency(r) {
                Vec::new()
            } else {
                ms.iter()
                    .map(|forms| {
                        forms[1..]
                            .iter()
                            .map(|v| variant_message(r, &forms[0], v))
                            .collect()
                    })
                    .collect()
            }
        })
        .collect();
    let verbatim = file
        .spelling_policy
        .as_ref()
        .is_some_and(|p| p.quotations == Quotations::Verbatim);
    let dialect = match &file.dialect {
        Some(d) => Some(dialect_check(d, &rules, file)?),
        None => None,
    };
    let variants = Checker {
        dialect,
        rules,
        members,
        verbatim,
        evidence,
        messages,
        finder,
        targets,
    };
    Ok(match dictionary::build_dictionary(file) {
        Some(words) => Box::new(Both(variants, words)),
        None => Box::new(variants),
    })
}

/// The variant rules and the dictionary, run as one family, reading each
/// region's words once for the dialect's check and the dictionary's. Only
/// the first has document-wide rules.
struct Both(Checker, dictionary::Dictionary);

impl Check for Both {
    fn region(
        &self,
        region: &str,
        base: usize,
        _date: Option<Date>,
        out: &mut Vec<Diagnostic>,
        mentions: &mut Vec<Mention>,
    ) {
        let all: Vec<Word<'_>> = words(region, 0).collect();
        self.0.region_words(region, base, &all, out, mentions);
        self.1.region_words(region, base, &all, out);
    }

    fn resolve(&self, first: &Mention, later: &Mention) -> Option<Diagnostic> {
        self.0.resolve(first, later)
    }

    fn resolve_across(&self, first: &Mention, later: &Mention, draft: &str) -> Option<Diagnostic> {
        self.0.resolve_across(first, later, draft)
    }
}

fn dialect_check(
    d: &DialectRule,
    rules: &[SpellingRule],
    file: &RuleFile,
) -> Result<DialectCheck, Vec<RuleError>> {
    let ruled = rules
        .iter()
        .flat_map(|r| {
            r.families()
                .flat_map(|(h, vs)| std::iter::once(h).chain(vs.iter().map(String::as_str)))
        })
        .map(str::to_lowercase)
        .collect();
    let names: Vec<&str> = file
        .names
        .iter()
        .map(|n| n.name.as_str())
        .filter(|n| !n.trim().is_empty())
        .collect();
    let names = if names.is_empty() {
        None
    } else {
        Some(
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&names)
                .map_err(|e| {
                    vec![RuleError::new(
                        "dialect",
                        format!("cannot compile the learned names: {e}"),
                    )]
                })?,
        )
    };
    Ok(DialectCheck {
        policy: d.policy(),
        name: d.name(),
        evidence: d.describe(),
        ruled,
        names,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{
        assert_lint_count, fixed, flagged, linter, lints, lints_in, Linter,
    };
    use crate::fix::Which;
    use crate::rules::Evidence;
    use crate::text::spell::Dialect;
    use crate::text::Format;

    fn rule(preferred: &str, variants: &[&str], kind: &str, docs: &[&str]) -> SpellingRule {
        SpellingRule {
            preferred: preferred.into(),
            variants: variants.iter().map(|v| v.to_string()).collect(),
            kind: kind.parse().unwrap(),
            evidence: Evidence {
                seen: 2 * docs.len() as u32,
                documents: docs.iter().map(|d| d.to_string()).collect(),
            },
            variants_seen: 2,
            forms: Vec::new(),
            generated: Vec::new(),
            rivals: Vec::new(),
        }
    }

    fn house() -> RuleFile {
        RuleFile {
            spellings: vec![
                rule(
                    "cooperation",
                    &["co-operation"],
                    "hyphenation",
                    &["000", "002", "004"],
                ),
                rule(
                    "cyber security",
                    &["cybersecurity", "cyber-security"],
                    "spacing",
                    &["000", "001", "002"],
                ),
                rule(
                    "defence",
                    &["defense"],
                    "british-american",
                    &["000", "001", "002", "004"],
                ),
                rule(
                    "defences",
                    &["defenses"],
                    "british-american",
                    &["000", "001", "002", "004"],
                ),
                rule("organise", &["organize"], "consistency", &["a", "b"]),
                rule("organised", &["organized"], "consistency", &["a", "b"]),
            ],
            ..RuleFile::default()
        }
    }

    fn spelling() -> Linter {
        linter(build, &house())
    }

    #[test]
    fn a_variant_is_flagged_with_the_house_form() {
        let text = "Closer co-operation with Japan.";
        let ds = lints(text, &spelling());
        assert_eq!(ds.len(), 1);
        assert_eq!(ds[0].code, "spelling/variant");
        assert_eq!(&text[ds[0].range.clone()], "co-operation");
        assert_eq!(
            ds[0].message,
            "House style is 'cooperation' (3 approved documents), not 'co-operation'."
        );
        assert_eq!(
            ds[0].evidence.as_deref(),
            Some("cooperation: 6 times in 3 documents (000, 002, 004)")
        );
        assert_eq!(
            fixed(text, &spelling(), Which::Safe),
            "Closer cooperation with Japan."
        );
    }

    fn family() -> RuleFile {
        let mut r = rule(
            "organization",
            &["organisation"],
            "british-american",
            &["a", "b"],
        );
        r.forms = vec![crate::rules::SpellingForm {
            form: "organize".into(),
            variants: vec!["organise".into()],
            evidence: Evidence {
                seen: 1,
                documents: vec!["c".into()],
            },
        }];
        r.generated = vec![crate::rules::GeneratedForm {
            form: "organized".into(),
            variants: vec!["organised".into()],
        }];
        RuleFile {
            spellings: vec![r],
            ..RuleFile::default()
        }
    }

    #[test]
    fn every_form_of_a_family_is_fixed_to_the_same_inflection() {
        let l = linter(build, &family());
        let text = "The organisation will organise what it organised.";
        assert_eq!(flagged(text, &l), ["organisation", "organise", "organised"]);
        assert_eq!(
            fixed(text, &l, Which::Safe),
            "The organization will organize what it organized."
        );
        let ds = lints(text, &l);
        assert_eq!(
            ds[1].message,
            "House style is 'organize' (1 approved document), not 'organise'."
        );
        // A generated form says where its evidence comes from.
        assert_eq!(
            ds[2].message,
            "House style is 'organized' (as 'organization' in 2 approved documents), not 'organised'."
        );
        assert!(ds[2]
            .evidence
            .as_deref()
            .unwrap()
            .contains("generated, not seen in the corpus: organized"));
    }

    #[test]
    fn a_consistency_family_keeps_every_inflection_to_the_first_side() {
        let mut file = family();
        file.spellings[0].kind = SpellingKind::Consistency;
        let l = linter(build, &file);
        let text = "We organise it. The organization and what was organised.";
        let ds = lints(text, &l);
        assert_eq!(ds.len(), 1, "{ds:#?}");
        assert_eq!(&text[ds[0].range.clone()], "organization");
        assert_eq!(
            fixed(text, &l, Which::Safe),
            "We organise it. The organisation and what was organised."
        );
    }

    #[test]
    fn a_verbatim_house_leaves_quotations_alone() {
        let text = "Closer co-operation. “Our co-operation on defense,\nsaid she, is old.”\n\n\"And more defense.\" Defense rose.";
        // As today by default: quotations are prose like any other.
        assert_eq!(
            flagged(text, &spelling()),
            [
                "co-operation",
                "co-operation",
                "defense",
                "defense",
                "Defense"
            ]
        );
        let mut file = house();
        file.spelling_policy = Some(crate::rules::SpellingPolicy {
            quotations: Quotations::Verbatim,
            forms: vec!["defense".into()],
            seen: 1,
            documents: vec!["a".into()],
        });
        assert_eq!(
            flagged(text, &linter(build, &file)),
            ["co-operation", "Defense"]
        );
        // A quotation that spans paragraphs: each opens with a quote mark.
        let text = "“We value defense.\n\n“And co-operation,” she said. Then defense.";
        assert_eq!(flagged(text, &linter(build, &file)), ["defense"]);
    }

    #[test]
    fn the_fix_keeps_the_drafts_capitals() {
        assert_eq!(
            fixed(
                "Co-operation matters. CYBERSECURITY! Defenses held.",
                &spelling(),
                Which::Safe
            ),
            "Cooperation matters. CYBER SECURITY! Defences held."
        );
    }

    #[test]
    fn proper_names_keep_their_own_spelling() {
        assert!(flagged("The US Department of Defense agreed.", &spelling()).is_empty());
        assert!(flagged(
            "With the Japan Maritime Self-Defense Force today.",
            &spelling()
        )
        .is_empty());
        assert!(flagged("Defense Secretary Lloyd Austin spoke.", &spelling()).is_empty());
        assert_eq!(flagged("Defense spending rose.", &spelling()), ["Defense"]);
        assert_eq!(
            flagged("We spoke of self-defense and defense.", &spelling()),
            ["defense", "defense"]
        );
    }

    #[test]
    fn only_whole_words_in_prose() {
        assert!(flagged("defenseless, nondefense, `defense` in code", &spelling()).is_empty());
        assert!(flagged("```\nco-operation\n```\n", &spelling()).is_empty());
        assert!(flagged("See <https://example.com/defense>.", &spelling()).is_empty());
    }

    #[test]
    fn spaced_forms_across_a_line_break() {
        let text = "Our cyber\nsecurity and cyber-security work.";
        assert_eq!(flagged(text, &spelling()), ["cyber-security"]);
        let ds = lints_in(
            "The cybersecurity\nplan.",
            &spelling(),
            Format::PlainText,
            None,
        );
        assert_eq!(ds.len(), 1);
        let ds = lints("Spaced cyber\nsecurity is the house form.", &spelling());
        assert!(ds.is_empty());
    }

    #[test]
    fn consistency_rules_keep_a_draft_to_its_first_form() {
        let text = "We organize the visit. They organise talks and organized more.";
        let ds = lints(text, &spelling());
        assert_eq!(ds.len(), 1, "{ds:#?}");
        let d = &ds[0];
        assert_eq!(d.code, "spelling/consistency");
        assert_eq!(&text[d.range.clone()], "organise");
        assert_eq!(&text[d.related[0].range.clone()], "organize");
        assert_eq!(
            fixed(text, &spelling(), Which::Safe),
            "We organize the visit. They organize talks and organized more."
        );
        assert!(lints("We organise. They organise.", &spelling()).is_empty());
        assert!(lints("We organize. They organize.", &spelling()).is_empty());
    }

    #[test]
    fn spans_are_exact_after_emoji_and_cjk() {
        let text = "😀 安倍晋三 and 🇬🇧 co-operation on defense.";
        let ds = lints(text, &spelling());
        let spans: Vec<&str> = ds.iter().map(|d| &text[d.range.clone()]).collect();
        assert_eq!(spans, ["co-operation", "defense"]);
        assert_eq!(
            fixed(text, &spelling(), Which::Safe),
            "😀 安倍晋三 and 🇬🇧 cooperation on defence."
        );
    }

    fn dialect_house(spelling: Dialect, endings: Option<crate::rules::Endings>) -> RuleFile {
        RuleFile {
            dialect: Some(DialectRule {
                spelling,
                endings,
                evidence: Evidence {
                    seen: 12,
                    documents: vec!["a".into(), "b".into(), "c".into()],
                },
                other_seen: 0,
                other_documents: Vec::new(),
                endings_seen: 0,
                endings_other_seen: 0,
                words: vec!["center".into()],
            }),
            ..RuleFile::default()
        }
    }

    #[test]
    fn an_american_house_flags_british_words_it_never_saw() {
        let l = linter(build, &dialect_house(Dialect::American, None));
        let text = "Neighbourhood plans: our neighbourhood favours colour. We organise it at the centre. A licence to license.";
        assert_eq!(
            flagged(text, &l),
            [
                "Neighbourhood",
                "neighbourhood",
                "favours",
                "colour",
                "organise",
                "centre",
                "licence"
            ]
        );
        let ds = lints(text, &l);
        assert_eq!(
            ds[1].message,
            "This house writes American spellings: 'neighborhood', not 'neighbourhood'."
        );
        assert!(ds[1]
            .evidence
            .as_deref()
            .unwrap()
            .starts_with("[dialect] American spellings: 12 times in 3 documents"));
        assert_eq!(
            fixed(text, &l, Which::Safe),
            "Neighborhood plans: our neighborhood favors color. We organize it at the center. A license to license."
        );
        // Words of both dialects, and words of one spelling.
        assert!(flagged("We advise on the exercise; a program; the meter.", &l).is_empty());
    }

    #[test]
    fn british_houses_by_their_ise_or_ize_choice() {
        use crate::rules::Endings;
        let text = "We organise the colour and analyze the color. We organize it. The license.";
        let oxford = linter(build, &dialect_house(Dialect::British, Some(Endings::Ize)));
        assert_eq!(flagged(text, &oxford), ["organise", "analyze", "color"]);
        assert_eq!(
            lints(text, &oxford)[0].message,
            "This house writes British spellings with -ize (Oxford): 'organize', not 'organise'."
        );
        let ise = linter(build, &dialect_house(Dialect::British, Some(Endings::Ise)));
        assert_eq!(flagged(text, &ise), ["analyze", "color", "organize"]);
        // No -ise/-ize choice learned: neither is held to the other.
        let unknown = linter(build, &dialect_house(Dialect::British, None));
        assert_eq!(flagged(text, &unknown), ["analyze", "color"]);
    }

    #[test]
    fn the_dialect_leaves_names_quotations_and_rules_alone() {
        let mut file = dialect_house(Dialect::American, None);
        file.names = vec![crate::rules::NameRule {
            name: "Harbour".into(),
            kind: crate::rules::NameKind::Ship,
            acronym: None,
            evidence: Evidence::default(),
            rivals: Vec::new(),
        }];
        // A family the house writes its own way: the rule decides.
        file.spellings = vec![rule(
            "theatre",
            &["theater"],
            "british-american",
            &["a", "b"],
        )];
        let l = linter(build, &file);
        let text = "The Royal Navy Harbour Defence Force and the Centre for Policy. \
                    Harbour sails today. We met at the theatre and the theater. \
                    McColour and iColour. Then the defence.";
        // (The dialect's findings come first; the engine sorts them. The
        // dictionary's hints on the two made-up names are its own.)
        let variants: Vec<String> = lints(text, &l)
            .into_iter()
            .filter(|d| d.code == "spelling/variant")
            .map(|d| text[d.range].to_string())
            .collect();
        assert_eq!(variants, ["defence", "theater"]);
        // A capitalised word inside a sentence is a name; at its start, a word.
        assert_eq!(
            flagged("They visited Centre, then the centre. Centre stage.", &l),
            ["centre", "Centre"]
        );
        // Quotations: edited by default, verbatim when the house keeps them.
        let quoted = "\"Our defence is strong,\" she said of the defence.";
        assert_eq!(flagged(quoted, &l), ["defence", "defence"]);
        file.spelling_policy = Some(crate::rules::SpellingPolicy {
            quotations: Quotations::Verbatim,
            forms: vec!["defence".into()],
            seen: 2,
            documents: vec!["a".into()],
        });
        assert_eq!(flagged(quoted, &linter(build, &file)), ["defence"]);
    }

    #[test]
    fn no_rules_no_findings() {
        assert_lint_count(
            "co-operation on defense",
            &linter(build, &RuleFile::default()),
            0,
        );
    }

    #[test]
    fn a_megabyte_draft_gets_every_finding() {
        // Press-release prose with a finding every few hundred bytes.
        let para = "Prime Minister Theresa May announced closer cooperation with Japan on \
                    defence and cyber security, including counter-terrorism and the Japan \
                    Maritime Self-Defense Force. Co-operation on defense grew. The two \
                    countries will agree much improved information-sharing and strengthen \
                    ties on aviation security and tackling violent extremism, as well as an \
                    agreement ahead of the 2019 Rugby World Cup and 2020 Tokyo Olympics.\n\n";
        let text = para.repeat(1_000_000 / para.len() + 1);
        let out = lints_in(&text, &spelling(), Format::PlainText, None);
        assert_eq!(out.len(), 2 * (1_000_000 / para.len() + 1));
    }
}
