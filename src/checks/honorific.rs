//! Honorifics: `Mr Abe`, not `Mr. Abe`; and one honorific per person.
//!
//! - `honorific/full-stop` flags a contracted honorific (`Mr`, `Mrs`, `Ms`,
//!   `Mx`, `Dr`) written against the house's learned habit: with a full stop
//!   in a house that writes `Mr Abe`, or without one in a house that writes
//!   `Mr. Abe`. Only an honorific directly followed by a capitalised name
//!   counts, and `Dr. The` is read as the end of a sentence, not a name.
//! - `honorific/consistency` flags a draft that gives the same surname
//!   different courtesy titles (`Mrs May` … `Ms May`). The corpus itself may
//!   disagree between sources; a draft may follow either, but only one. It
//!   applies to any surname; when the corpus showed the same disagreement
//!   (a learned `honorific_conflict`), the evidence says so. `Mr` against
//!   `Mrs` is not flagged: that is more often two people (a couple) than one
//!   person written two ways.
//!
//! - `honorific/rank` flags a rank or abbreviated title before a name
//!   written otherwise than the house writes that rank (a learned `rank`
//!   rule): `Capt Daniel` in a house that writes `Capt.`, `Lt. Cdr.` where it
//!   writes `Lt. Cmdr.`, `Rear Admiral Alvarez` where it writes `Rear Adm.`.
//!   A spelled-out rank is read as one only after another rank word
//!   (`Rear Admiral`) or before a person the corpus knows, since `Major`
//!   and `General` have other uses.
//!
//! `May` the month or the verb is never read as a surname: an honorific must
//! stand directly before it.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use jiff::civil::Date;

use super::{Check, Mention as DocMention};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Rule, Severity};
use crate::rules::{HonorificConflict, HonorificRule, NameKind, RankRule, RuleError, RuleFile};
use crate::text::honorifics::{
    interchangeable, mention_at, rank_at, Mention, RankMention, CONTRACTED,
};
use crate::text::lexicon::{rank_of, COURTESY_TITLES, HONORIFICS};
use crate::text::words::words;

pub static HONORIFIC_FULL_STOP: Rule = Rule {
    code: "honorific/full-stop",
    summary: "Honorific written with (or without) a full stop against house style",
    severity: Severity::Warning,
    what: "Flags a contracted honorific before a name (`Mr`, `Mrs`, `Ms`, `Mx`, `Dr`) \
           written with a full stop when the approved documents write it without one, \
           or the reverse. Only honorifics directly followed by a capitalised name are \
           read, so `Dr.` ending a sentence is left alone.",
    why: "The house writes honorifics one way (GOV.UK and most UK houses: `Mr Abe`; many \
          American houses: `Mr. Abe`). The rule is learned from how the approved \
          documents write them, with a stray exception outvoted.",
    example: "Mr. Abe said the talks went well.",
    fixed: Some("Mr Abe said the talks went well."),
    fix_safety: "Safe: only the full stop between an honorific and the name it \
                 introduces changes.",
    applicability: Some(Applicability::Safe),
};

pub static HONORIFIC_CONSISTENCY: Rule = Rule {
    code: "honorific/consistency",
    summary: "One person given different honorifics in one draft",
    severity: Severity::Warning,
    what: "Flags a surname given a different courtesy title (`Mrs`, `Ms`, `Miss`, `Mx`) \
           than earlier in the same draft, such as `Mrs May` followed by `Ms May`. \
           Points at the first use. A full name without an honorific (`Theresa May`) \
           is never in question, and `Mr` against `Mrs` is not flagged, since that is \
           usually two people. With `workspace-consistency` on, drafts checked together \
           (a press pack) are held to the first draft's honorific too, pointing into it.",
    why: "Sources differ on a person's honorific (the approved documents themselves may \
          write `Mrs May` in one release and `Ms May` in another), so neither is wrong, \
          but a draft that switches between them reads as careless or as two people.",
    example: "Mrs May arrived in Tokyo. Later, Ms May met Mr Abe.",
    fixed: Some("Mrs May arrived in Tokyo. Later, Mrs May met Mr Abe."),
    fix_safety: "Unsafe: two different people may share a surname (`Mrs Smith` and her \
                 daughter `Miss Smith`), so a person should confirm before the title is \
                 changed. Against another draft the fix is only a suggestion, never \
                 applied by `--fix`: which draft comes first is only their order.",
    applicability: Some(Applicability::Unsafe),
};

pub static HONORIFIC_RANK: Rule = Rule {
    code: "honorific/rank",
    summary: "Rank or abbreviated title before a name written against house style",
    severity: Severity::Warning,
    what: "Flags a rank or abbreviated title before a name (`Capt.`, `Lt Cdr`, `Rear Adm.`, \
           `Gen.`, `Prof.`, `Cllr` …) written in another form than the approved documents \
           write that rank: with or without a full stop, another abbreviation (`Cdr` for \
           `Cmdr`), or spelled out (`Admiral`) where the house abbreviates. A spelled-out \
           rank is only read after another rank word (`Rear Admiral`) or before a \
           person the approved documents name.",
    why: "Each house abbreviates ranks one way (the Royal Navy writes `Lt Cdr`, AP style \
          `Lt. Cmdr.`), and contractions and truncations may differ (`Mr` but `Prof.`). \
          The form of each rank is learned from the approved documents.",
    example: "Capt Ben Ortiz and Lt. Cdr. Ann Roe arrived.",
    fixed: Some("Capt. Ben Ortiz and Lt. Cmdr. Ann Roe arrived."),
    fix_safety: "Safe when one abbreviation replaces another; unsafe when a spelled-out \
                 rank is abbreviated or the reverse, since the word may not be a rank.",
    applicability: Some(Applicability::Safe),
};

struct Checker {
    finder: AhoCorasick,
    /// Rank → the house's form, and the evidence in words.
    ranks: HashMap<String, (RankRule, String)>,
    /// Last words of the people the corpus names.
    surnames: HashSet<String>,
    full_stop: Option<HonorificRule>,
    /// The full-stop rule's evidence in words, built once.
    full_stop_evidence: String,
    conflicts: HashMap<String, HonorificConflict>,
}

impl Check for Checker {
    fn region(
        &self,
        region: &str,
        base: usize,
        _date: Option<Date>,
        out: &mut Vec<Diagnostic>,
        mentions: &mut Vec<DocMention>,
    ) {
        if !self.ranks.is_empty() {
            for w in words(region, 0).filter(|w| rank_of(w.text).is_some()) {
                if let Some(r) = rank_at(region, w.start, w.end) {
                    self.check_rank(&r, base, out);
                }
            }
        }
        for m in self.finder.find_iter(region) {
            let Some(men) = mention_at(region, m.start(), m.end()) else {
                continue;
            };
            if let Some(rule) = &self.full_stop {
                self.check_full_stop(rule, base, &men, out);
            }
            if !COURTESY_TITLES.contains(&men.title) {
                continue;
            }
            // Surname → the title as first used, and `Title Surname`.
            let title = base + men.title_range.start..base + men.title_range.end;
            mentions.push(DocMention {
                key: men.surname.into(),
                form: men.title.into(),
                range: title.clone(),
                at: title.start..base + men.surname_range.end,
                found: men.title.into(),
            });
        }
    }

    fn resolve(&self, first: &DocMention, later: &DocMention) -> Option<Diagnostic> {
        interchangeable(&first.form, &later.form).then(|| {
            self.inconsistent(
                later,
                &first.form,
                first.at.clone(),
                "earlier in this draft",
            )
        })
    }

    fn resolve_across(
        &self,
        first: &DocMention,
        later: &DocMention,
        draft: &str,
    ) -> Option<Diagnostic> {
        interchangeable(&first.form, &later.form).then(|| {
            self.inconsistent(later, &first.form, first.at.clone(), &format!("in {draft}"))
        })
    }
}

impl Checker {
    fn check_rank(&self, r: &RankMention<'_>, base: usize, out: &mut Vec<Diagnostic>) {
        let Some((rule, evidence)) = self.ranks.get(r.rank) else {
            return;
        };
        let written = r.form();
        if written == rule.form
            || r.spelled_out && !r.after_rank && !self.surnames.contains(r.surname)
        {
            return;
        }
        let spelled = |f: &str| f.trim_end_matches('.') == r.rank;
        let applicability = if r.spelled_out || spelled(&rule.form) {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        };
        let range = base + r.range.start..base + r.range.end;
        out.push(
            Diagnostic::new(
                &HONORIFIC_RANK,
                range.clone(),
                format!(
                    "House style writes '{}' before a name ('{} {}'), not '{written}'.",
                    rule.form, rule.form, r.surname
                ),
            )
            .with_fix(Fix::replace(range, rule.form.clone(), applicability))
            .with_evidence(evidence.clone()),
        );
    }

    fn check_full_stop(
        &self,
        rule: &HonorificRule,
        base: usize,
        men: &Mention<'_>,
        out: &mut Vec<Diagnostic>,
    ) {
        if !CONTRACTED.contains(&men.title) || men.full_stop == rule.full_stop {
            return;
        }
        let (t, s) = (men.title, men.surname);
        let start = base + men.title_range.start;
        let (range, replacement, message) = if rule.full_stop {
            (
                start..base + men.title_range.end,
                format!("{t}."),
                format!("House style writes '{t}. {s}', with a full stop after '{t}'."),
            )
        } else {
            (
                start..base + men.title_range.end + 1,
                t.to_string(),
                format!("House style writes '{t} {s}', without a full stop after '{t}'."),
            )
        };
        out.push(
            Diagnostic::new(&HONORIFIC_FULL_STOP, range.clone(), message)
                .with_fix(Fix::replace(range, replacement, Applicability::Safe))
                .with_evidence(self.full_stop_evidence.clone()),
        );
    }

    fn inconsistent(
        &self,
        men: &DocMention,
        first_title: &str,
        first_at: Range<usize>,
        place: &str,
    ) -> Diagnostic {
        let s = &*men.key;
        let range = men.range.clone();
        let mut d = Diagnostic::new(
            &HONORIFIC_CONSISTENCY,
            range.clone(),
            format!(
                "'{} {s}' here, but '{first_title} {s}' {place}: give one person one honorific.",
                men.form
            ),
        )
        .with_related(first_at, format!("'{first_title} {s}' first used here"))
        .with_fix(Fix::replace(range, first_title, Applicability::Unsafe));
        if let Some(c) = self.conflicts.get(s) {
            d = d.with_evidence(format!(
                "The approved documents themselves give {s} {} ({}): either is acceptable, but only one per draft.",
                quoted_list(&c.forms),
                c.documents.join(", ")
            ));
        }
        d
    }
}

fn times(n: u32) -> String {
    if n == 1 {
        "once".to_string()
    } else {
        format!("{n} times")
    }
}

fn quoted_list(forms: &[String]) -> String {
    let q: Vec<String> = forms.iter().map(|f| format!("'{f}'")).collect();
    match q.len() {
        0 | 1 => q.concat(),
        n => format!("{} and {}", q[..n - 1].join(", "), q[n - 1]),
    }
}

pub fn build(rules: &RuleFile) -> Result<Box<dyn Check>, Vec<RuleError>> {
    let finder = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(HONORIFICS)
        .map_err(|e| vec![RuleError::new("honorifics", e.to_string())])?;
    let full_stop_evidence = rules.honorifics.as_ref().map_or_else(String::new, |rule| {
        let form = if rule.full_stop {
            "honorifics with a full stop"
        } else {
            "honorifics without a full stop"
        };
        format!(
            "{} (the other way: {})",
            rule.evidence.describe(form),
            match rule.other_seen {
                0 => "never".to_string(),
                n => times(n),
            }
        )
    });
    let ranks = rules
        .ranks
        .iter()
        .map(|k| {
            let others: Vec<String> = k
                .others
                .iter()
                .map(|(f, n)| format!("'{f}' {}", times(*n)))
                .collect();
            let evidence = format!(
                "{} (other forms: {})",
                k.evidence.describe(&format!("'{}' before a name", k.form)),
                if others.is_empty() {
                    "never".to_string()
                } else {
                    others.join(", ")
                }
            );
            (k.rank.clone(), (k.clone(), evidence))
        })
        .collect();
    let surnames = rules
        .names
        .iter()
        .filter(|n| n.kind == NameKind::Person)
        .filter_map(|n| n.name.split_whitespace().last().map(str::to_string))
        .collect();
    Ok(Box::new(Checker {
        finder,
        ranks,
        surnames,
        full_stop_evidence,
        full_stop: rules.honorifics.clone(),
        conflicts: rules
            .honorific_conflicts
            .iter()
            .map(|c| (c.person.clone(), c.clone()))
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{codes, fixed, linter, lints, lints_in, Linter};
    use crate::fix::Which;
    use crate::rules::Evidence;
    use crate::text::Format;

    fn rules(full_stop: Option<bool>) -> RuleFile {
        RuleFile {
            honorifics: full_stop.map(|full_stop| HonorificRule {
                full_stop,
                evidence: Evidence {
                    seen: 6,
                    documents: vec!["002".into(), "003".into()],
                },
                other_seen: 1,
                other_documents: vec!["004".into()],
            }),
            honorific_conflicts: vec![HonorificConflict {
                person: "May".into(),
                forms: vec!["Mrs".into(), "Ms".into()],
                documents: vec!["001".into(), "003".into()],
            }],
            ..RuleFile::default()
        }
    }

    /// A house that writes `Mr` without a full stop.
    fn house() -> Linter {
        linter(build, &rules(Some(false)))
    }

    #[test]
    fn full_stop_after_mr_is_flagged_and_fixed() {
        let text = "Mr. Abe said the talks went well.";
        let ds = lints(text, &house());
        assert_eq!(ds.len(), 1);
        assert_eq!(ds[0].code, "honorific/full-stop");
        assert_eq!(&text[ds[0].range.clone()], "Mr.");
        assert_eq!(
            ds[0].message,
            "House style writes 'Mr Abe', without a full stop after 'Mr'."
        );
        assert_eq!(
            fixed(text, &house(), Which::Safe),
            "Mr Abe said the talks went well."
        );
    }

    #[test]
    fn a_house_that_writes_mr_dot_gets_the_reverse() {
        let text = "Mr Abe and Dr. Fox met.";
        let dotted = linter(build, &rules(Some(true)));
        assert_eq!(lints(text, &dotted).len(), 1);
        assert_eq!(
            fixed(text, &dotted, Which::Safe),
            "Mr. Abe and Dr. Fox met."
        );
    }

    #[test]
    fn sentence_ends_and_words_that_are_not_honorifics_are_left_alone() {
        assert!(codes("She saw the Dr. The next day she was well.", &house()).is_empty());
        assert!(codes("He thanked the Lord. May we all be well.", &house()).is_empty());
        assert!(codes("Mrs. and Mr. are abbreviations.", &house()).is_empty());
        assert!(codes("St. Paul's. Mr.Abe", &house()).is_empty());
        assert!(codes("MR. ABE", &house()).is_empty());
        assert!(codes("No honorific: `Mr. Abe` in code.", &house()).is_empty());
    }

    #[test]
    fn without_a_learned_rule_full_stops_are_not_judged() {
        let ds = lints("Mr. Abe met Mr Hammond.", &linter(build, &rules(None)));
        assert!(ds.is_empty());
    }

    #[test]
    fn mrs_then_ms_for_the_same_surname_is_flagged() {
        let text = "Mrs May arrived. Later, Ms May met Mr Abe.";
        let ds = lints(text, &house());
        assert_eq!(ds.len(), 1, "{ds:#?}");
        let d = &ds[0];
        assert_eq!(d.code, "honorific/consistency");
        assert_eq!(&text[d.range.clone()], "Ms");
        assert_eq!(&text[d.related[0].range.clone()], "Mrs May");
        assert_eq!(
            d.message,
            "'Ms May' here, but 'Mrs May' earlier in this draft: give one person one honorific."
        );
        assert!(d.evidence.as_deref().unwrap().contains("'Mrs' and 'Ms'"));
        assert_eq!(
            fixed(text, &house(), Which::Safe),
            text,
            "the fix is unsafe"
        );
        assert_eq!(
            fixed(text, &house(), Which::SafeAndUnsafe),
            "Mrs May arrived. Later, Mrs May met Mr Abe."
        );
    }

    #[test]
    fn either_honorific_used_consistently_is_fine() {
        assert!(codes(
            "Mrs May arrived. Mrs May spoke. Theresa May left.",
            &house()
        )
        .is_empty());
        assert!(codes("Ms May arrived. Ms May's office said so.", &house()).is_empty());
    }

    #[test]
    fn a_full_name_is_seen_through() {
        let text = "Mrs Theresa May arrived. Ms May spoke.";
        assert_eq!(codes(text, &house()), ["honorific/consistency"]);
        assert!(codes(
            "Prime Minister Theresa May arrived. Ms May spoke.",
            &house()
        )
        .is_empty());
    }

    #[test]
    fn consistency_applies_to_any_surname() {
        let ds = lints("Ms Smith spoke. Miss Smith agreed.", &house());
        assert_eq!(ds.len(), 1);
        assert!(ds[0].evidence.is_none(), "no corpus conflict for Smith");
    }

    #[test]
    fn mr_and_mrs_are_two_people() {
        assert!(codes("Mr Smith and Mrs Smith arrived.", &house()).is_empty());
    }

    #[test]
    fn may_the_month_and_the_verb_are_not_surnames() {
        assert!(codes(
            "Mrs May arrived in May. Ms Abe may attend. In May, Ms Abe left.",
            &house()
        )
        .is_empty());
    }

    #[test]
    fn spans_are_exact_after_emoji_and_cjk() {
        let text = "😀 安倍晋三 Mr. Abe; Mrs May 🇯🇵 Ms May.";
        let ds = lints(text, &house());
        let spans: Vec<&str> = ds.iter().map(|d| &text[d.range.clone()]).collect();
        assert_eq!(spans, ["Mr.", "Ms"]);
        assert_eq!(
            fixed(text, &house(), Which::SafeAndUnsafe),
            "😀 安倍晋三 Mr Abe; Mrs May 🇯🇵 Mrs May."
        );
    }

    #[test]
    fn a_megabyte_draft_gets_every_finding() {
        // Press-release prose with a finding every few hundred bytes.
        let para = "Mrs May met Mr. Abe and Dr Fox in May to discuss closer defence ties, \
                    the deployment of HMS Argyll and plans for joint exercises next year. \
                    Ms May said the two countries would strengthen cooperation on aviation \
                    security and tackling violent extremism. The Lord Mayor may attend.\n\n";
        let n = 1_000_000 / para.len() + 1;
        let text = para.repeat(n);
        let out = lints_in(&text, &house(), Format::PlainText, None);
        assert_eq!(out.len(), 2 * n);
    }

    fn rank_house() -> Linter {
        let rank = |rank: &str, form: &str| RankRule {
            rank: rank.into(),
            form: form.into(),
            evidence: Evidence {
                seen: 4,
                documents: vec!["a".into(), "b".into()],
            },
            others: [("Capt".to_string(), 1)].into_iter().collect(),
        };
        let mut r = rules(Some(true));
        r.ranks = vec![
            rank("Admiral", "Adm."),
            rank("Captain", "Capt."),
            rank("Commander", "Cmdr."),
            rank("Lieutenant", "Lt."),
        ];
        r.names = vec![crate::rules::NameRule {
            name: "Renee Alvarez".into(),
            kind: NameKind::Person,
            acronym: None,
            evidence: Evidence::default(),
            rivals: Vec::new(),
        }];
        linter(build, &r)
    }

    #[test]
    fn ranks_written_against_the_house_are_flagged_and_fixed() {
        let text = "Capt Daniel Szymanski met Lt. Cdr. Ann Roe and Rear Admiral Renee Alvarez.";
        let ds = lints(text, &rank_house());
        let spans: Vec<(&str, &str)> = ds
            .iter()
            .map(|d| (d.code, &text[d.range.clone()]))
            .collect();
        assert_eq!(
            spans,
            [
                ("honorific/rank", "Capt"),
                ("honorific/rank", "Cdr."),
                ("honorific/rank", "Admiral")
            ]
        );
        assert_eq!(
            ds[1].message,
            "House style writes 'Cmdr.' before a name ('Cmdr. Roe'), not 'Cdr.'."
        );
        assert!(ds[0]
            .evidence
            .as_deref()
            .unwrap()
            .contains("'Capt.' before a name"));
        assert_eq!(
            fixed(text, &rank_house(), Which::Safe),
            "Capt. Daniel Szymanski met Lt. Cmdr. Ann Roe and Rear Admiral Renee Alvarez."
        );
        assert_eq!(
            fixed(text, &rank_house(), Which::SafeAndUnsafe),
            "Capt. Daniel Szymanski met Lt. Cmdr. Ann Roe and Rear Adm. Renee Alvarez."
        );
        // After another rank word a spelled-out rank is one, known or not.
        let text = "Vice Admiral Thomas J. Harrington spoke.";
        let ds = lints(text, &rank_house());
        assert_eq!(ds.len(), 1, "{ds:#?}");
        assert_eq!(&text[ds[0].range.clone()], "Admiral");
        assert!(
            ds[0].message.contains("'Adm. Harrington'"),
            "{}",
            ds[0].message
        );
    }

    #[test]
    fn house_forms_and_words_that_are_not_ranks_are_left_alone() {
        for clean in [
            "Rear Adm. Renee Alvarez met Lt. Cmdr. Ann Roe; then-Capt. Alvarez spoke.",
            "The Major Projects Authority and Captain Marvel; Admiral Nelson's column.",
            "Secretary General Ann Roe met the captain. The Commander said so.",
            "We met Capt. The next day, Adm. Hale left.",
        ] {
            assert!(codes(clean, &rank_house()).is_empty(), "{clean}");
        }
        // Without learned ranks nothing is judged.
        assert!(codes("Capt Ann Roe and Lt Cdr Ben Ortiz.", &house()).is_empty());
    }

    #[test]
    fn mentions_read_the_surname_and_stop_at_post_nominals() {
        let t = "Dr Liam Fox MP said";
        let m = mention_at(t, 0, 2).unwrap();
        assert_eq!(m.surname, "Fox");
        let t = "Mrs Smith-Jones said";
        assert_eq!(mention_at(t, 0, 3).unwrap().surname, "Smith-Jones");
        let t = "Mr. Thomas J. Harrington said";
        assert_eq!(mention_at(t, 0, 2).unwrap().surname, "Harrington");
        assert!(mention_at("Mr  Abe", 0, 2).is_none());
        assert!(mention_at("Mr abe", 0, 2).is_none());
    }
}
