//! Titles before names: their case, and whether the person held that office.
//!
//! - `title/case`: a title the house capitalises before a name, written in
//!   another case (`foreign secretary Philip Hammond`).
//! - `title/role`: a person given a title the approved documents never give
//!   them (`Defence Secretary Dominic Raab`, where the corpus has him as
//!   Foreign Secretary). Roles are dated: a role seen in documents from 2016
//!   is evidence for about 2016, so a draft dated 2023 is not held to it.
//!   People the corpus does not know are never flagged.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use jiff::civil::Date;
use jiff::ToSpan;

use super::{Check, Mention};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Rule, Severity};
use crate::rules::{NameKind, RoleRule, RuleError, RuleFile, TitleRule};
use crate::text::lexicon::{self, is_in};
use crate::text::words::{is_capitalised, is_whole_word, words};

pub static TITLE_CASE: Rule = Rule {
    code: "title/case",
    summary: "Titles before a name are capitalised",
    severity: Severity::Warning,
    what: "Flags a title written in lower case directly before a person's name, where the approved documents capitalise it.",
    why: "House style capitalises a title used as part of a name (`Foreign Secretary Philip Hammond`). Lower case there reads as another house's style.",
    example: "The foreign secretary Philip Hammond arrived in Tokyo.",
    fixed: Some("The Foreign Secretary Philip Hammond arrived in Tokyo."),
    fix_safety: "Safe: only the case of the title changes.",
    applicability: Some(Applicability::Safe),
};

pub static TITLE_ROLE: Rule = Rule {
    code: "title/role",
    summary: "People hold the offices the approved documents give them",
    severity: Severity::Warning,
    what: "Flags a known person given a title the approved documents never give them, for the period the draft speaks from. A role learned from dated documents counts for about a year either side of them, never across a change of title (a promotion gives the earlier title up to the change and the later one after it); a draft's own date (front matter or dateline) decides which roles apply. A role seen only in undated documents is advice: for a dated draft it gives way to the dated roles, and alone it only informs. A title after a qualifier is the whole title (`Acting Deputy Administrator`); a `former` or `then` title is never a current role.",
    why: "Offices change hands. A minister given last year's title, or a colleague's, is a costly and public mistake.",
    example: "Defence Secretary Dominic Raab discussed the deployment.",
    fixed: Some("Foreign Secretary Dominic Raab discussed the deployment."),
    fix_safety: "Unsafe: the approved documents may simply be out of date. Offered only when the person has a single known role for the period.",
    applicability: Some(Applicability::Unsafe),
};

pub static TITLE_SPELLING: Rule = Rule {
    code: "title/spelling",
    summary: "Titles before a name are spelt as the approved documents spell them",
    severity: Severity::Warning,
    what: "Flags a title before a name with a slip in one of its words (`Defence Secertary Ben Wallace`, `Council Presdent Lena Park-Hughes`), where the approved documents write the title exactly. The slip is a word no dictionary knows, within one letter of the learned word (two from nine letters); every other word of the title is written as learned, and a name follows.",
    why: "A misspelt title in front of a minister or an official is as visible as a misspelt name, and a generic spell checker offers the wrong word as often as the right one.",
    example: "Defence Secertary Michael Fallon said the exercise would go ahead.",
    fixed: Some("Defence Secretary Michael Fallon said the exercise would go ahead."),
    fix_safety: "Safe for a one-letter slip; two letters are offered as an unsafe fix.",
    applicability: Some(Applicability::Safe),
};

/// How far either side of its dated evidence a role is taken to hold.
const ROLE_SLACK_DAYS: i64 = 365;

struct Titles {
    titles: Vec<TitleRule>,
    /// The titles, then each word of a title of two words or more: an
    /// automaton pattern past the titles is a word, an anchor for near
    /// misses (`word_titles[pattern - titles.len()]`: title, position).
    ac: Option<AhoCorasick>,
    word_titles: Vec<Vec<(usize, usize)>>,
    /// Each title's words.
    title_words: Vec<Vec<String>>,
    roles: Vec<RoleRule>,
    /// Known people: full name, and surname -> full name when unique.
    people: Vec<String>,
    by_surname: HashMap<String, Option<String>>,
    /// The house's dialect (British when the pack states none), whose
    /// dictionary tells a slip in a title from a real word.
    dialect: crate::text::spell::Dialect,
}

pub fn build(rules: &RuleFile) -> Result<Box<dyn Check>, Vec<RuleError>> {
    let titles = rules.titles.clone();
    let title_words: Vec<Vec<String>> = titles
        .iter()
        .map(|t| words(&t.title, 0).map(|w| w.text.to_string()).collect())
        .collect();
    // Anchors: the capitalised words of multi-word titles, each once.
    let mut anchor_words: Vec<String> = Vec::new();
    let mut word_titles: Vec<Vec<(usize, usize)>> = Vec::new();
    for (t, ws) in title_words.iter().enumerate() {
        // Only a title written with single spaces is matched word by word.
        if ws.len() < 2 || ws.join(" ") != titles[t].title {
            continue;
        }
        for (pos, w) in ws.iter().enumerate() {
            if w.chars().count() < 3 || !is_capitalised(w) {
                continue;
            }
            match anchor_words.iter().position(|a| a == w) {
                Some(k) => word_titles[k].push((t, pos)),
                None => {
                    anchor_words.push(w.clone());
                    word_titles.push(vec![(t, pos)]);
                }
            }
        }
    }
    // A word that is itself a title is matched as one.
    let anchors: Vec<(usize, String)> = anchor_words
        .into_iter()
        .enumerate()
        .filter(|(_, w)| !titles.iter().any(|t| t.title.eq_ignore_ascii_case(w)))
        .collect();
    let word_titles: Vec<Vec<(usize, usize)>> = anchors
        .iter()
        .map(|(k, _)| word_titles[*k].clone())
        .collect();
    let ac = if titles.is_empty() {
        None
    } else {
        Some(
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::DFA))
                .build(
                    titles
                        .iter()
                        .map(|t| t.title.as_str())
                        .chain(anchors.iter().map(|(_, w)| w.as_str())),
                )
                .map_err(|e| {
                    vec![RuleError::new(
                        "titles",
                        format!("cannot compile titles: {e}"),
                    )]
                })?,
        )
    };
    let mut people: Vec<String> = rules
        .names
        .iter()
        .filter(|n| n.kind == NameKind::Person)
        .map(|n| n.name.clone())
        .collect();
    for r in &rules.roles {
        if !people.contains(&r.person) {
            people.push(r.person.clone());
        }
    }
    let mut by_surname: HashMap<String, Option<String>> = HashMap::new();
    for p in &people {
        if let Some(s) = p.rsplit(' ').next() {
            by_surname
                .entry(s.to_string())
                .and_modify(|v| *v = None)
                .or_insert_with(|| Some(p.clone()));
        }
    }
    Ok(Box::new(Titles {
        titles,
        ac,
        word_titles,
        title_words,
        roles: rules.roles.clone(),
        people,
        by_surname,
        dialect: rules
            .dialect
            .as_ref()
            .map_or(crate::text::spell::Dialect::British, |d| d.spelling),
    }))
}

impl Titles {
    /// The person named right after a title, seeing through honorifics,
    /// decorations and ranks: `(full name, byte range of the name)`.
    fn person_after(
        &self,
        text: &str,
        from: usize,
    ) -> Option<(Option<String>, std::ops::Range<usize>)> {
        let mut ws = words(&text[from..], from).take(7).peekable();
        let first = ws.peek()?;
        if !text[from..first.start]
            .chars()
            .all(|c| c == ' ' || c == '\u{a0}')
            || first.start == from && from > 0
        {
            return None;
        }
        let mut parts = Vec::new();
        for w in ws {
            if parts.is_empty()
                && (is_in(lexicon::HONORIFICS, w.text)
                    || is_in(lexicon::NAME_PREFIXES, w.text)
                    || w.text == "H"
                    || w.text == "E"
                    || w.text == "the")
            {
                continue;
            }
            let particle = !parts.is_empty() && lexicon::NAME_PARTICLES.contains(&w.text);
            if !is_capitalised(w.text) && !particle || parts.len() == 5 {
                break;
            }
            if let Some(prev) = parts.last() {
                let prev: &crate::text::words::Word<'_> = prev;
                // `O'Connell`, `Park-Hughes`, `Thomas J. Harrington`.
                let gap = &text[prev.end..w.start];
                let initial = gap == ". " && prev.text.chars().count() == 1;
                if !matches!(gap, " " | "\n" | "\u{a0}" | "-" | "'" | "’") && !initial {
                    break;
                }
            }
            parts.push(w);
        }
        let (first, last) = (parts.first()?, parts.last()?);
        let range = first.start..last.end;
        let written = &text[range.clone()];
        if let Some(p) = self.people.iter().find(|p| {
            written
                .strip_prefix(p.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        }) {
            return Some((Some(p.clone()), first.start..first.start + p.len()));
        }
        if let Some(Some(p)) = self.by_surname.get(written) {
            return Some((Some(p.clone()), range));
        }
        if parts.len() == 1 {
            if let Some(Some(p)) = self.by_surname.get(first.text) {
                return Some((Some(p.clone()), range));
            }
        }
        Some((None, range))
    }

    /// Whether `role` holds on `date`: within about a year of its dated
    /// evidence, but never across a change of title. When the same person
    /// holds another title after it, the role ends the day before that
    /// one's first evidence; when they held another before it, it begins
    /// on its own first evidence: a promotion between two dated documents
    /// gives the earlier title up to the change and the later one from it.
    fn applies(&self, role: &RoleRule, date: Option<Date>) -> bool {
        let Some(d) = date else { return true };
        let (Some(from), Some(until)) = (role.from, role.until) else {
            return true;
        };
        let mut lo = from.checked_sub(ROLE_SLACK_DAYS.days()).unwrap_or(from);
        let mut hi = until.checked_add(ROLE_SLACK_DAYS.days()).unwrap_or(until);
        for other in &self.roles {
            if other.person != role.person || other.role.eq_ignore_ascii_case(&role.role) {
                continue;
            }
            let (Some(of), Some(ou)) = (other.from, other.until) else {
                continue;
            };
            if ou < from {
                lo = lo.max(from);
            }
            if of > until {
                hi = hi.min(of.yesterday().unwrap_or(of));
            }
        }
        lo <= d && d <= hi
    }

    fn check_role(
        &self,
        title: &str,
        range: std::ops::Range<usize>,
        person: &str,
        date: Option<Date>,
        base: Option<&str>,
        out: &mut Vec<Diagnostic>,
    ) {
        let theirs: Vec<&RoleRule> = self.roles.iter().filter(|r| r.person == person).collect();
        let mut applicable: Vec<&&RoleRule> =
            theirs.iter().filter(|r| self.applies(r, date)).collect();
        // For a dated draft, roles from dated documents that hold on its
        // date decide; a role from undated documents only is advice,
        // consulted when no dated role holds, and its findings are
        // information, never a warning.
        let mut advice = false;
        if date.is_some() {
            let dated: Vec<&&RoleRule> = applicable
                .iter()
                .copied()
                .filter(|r| r.from.is_some())
                .collect();
            if dated.is_empty() {
                advice = true;
            } else {
                applicable = dated;
            }
        }
        // A title they hold for the draft's period is right; undated, any
        // title they ever held is. A title they held at another time is
        // flagged only when another title holds now.
        let held = |rs: &[&&RoleRule]| rs.iter().any(|r| r.role.eq_ignore_ascii_case(title));
        if theirs.is_empty()
            || applicable.is_empty()
            || held(&applicable)
            || date.is_none() && theirs.iter().any(|r| r.role.eq_ignore_ascii_case(title))
        {
            return;
        }
        let mut roles: Vec<&str> = applicable.iter().map(|r| r.role.as_str()).collect();
        roles.sort_unstable();
        roles.dedup();
        let holders: Vec<String> = self
            .roles
            .iter()
            .filter(|r| r.role.eq_ignore_ascii_case(title) && self.applies(r, date))
            .map(|r| match &r.from {
                Some(f) => format!("{} ({})", r.person, f.year()),
                None => r.person.clone(),
            })
            .collect();
        let period = |r: &RoleRule| match (&r.from, &r.until) {
            (Some(f), Some(u)) if f == u => format!(" on {f}"),
            (Some(f), Some(u)) => format!(" from {f} to {u}"),
            _ => String::new(),
        };
        let known: Vec<String> = applicable
            .iter()
            .map(|r| format!("{}{}", r.role, period(r)))
            .collect();
        let mut msg = format!(
            "The approved documents give {person} the title {}, not {title}.",
            known.join(", ")
        );
        if !holders.is_empty() {
            msg.push_str(&format!(" They give {title} to {}.", holders.join(", ")));
        }
        // An undated draft measured against dated evidence: advice only.
        let all_dated = applicable.iter().all(|r| r.from.is_some());
        // `Interim Police Chief X` before the documents show X as `Police
        // Chief`: the qualified title may well have come first.
        let before_appointment = base.is_some_and(|b| {
            theirs.iter().any(|r| {
                r.role.eq_ignore_ascii_case(b)
                    && matches!((r.from, date), (Some(f), Some(d)) if d < f)
            })
        });
        if before_appointment {
            msg.push_str(" A qualified title may have come before the appointment.");
        }
        // Between the last evidence of one title and the first of the next,
        // the documents do not say when the change came: advice.
        let gap = date.and_then(|d| {
            theirs.iter().find_map(|a| {
                theirs.iter().find_map(|b| {
                    let (u, f) = (a.until?, b.from?);
                    (!a.role.eq_ignore_ascii_case(&b.role) && u < d && d < f).then_some((u, f))
                })
            })
        });
        if let Some((u, f)) = gap {
            msg.push_str(&format!(
                " The documents show the change of title only between {u} and {f}."
            ));
        }
        let before_appointment = before_appointment || gap.is_some();
        let sev = if date.is_none() && all_dated || advice && date.is_some() || before_appointment {
            Severity::Information
        } else {
            Severity::Warning
        };
        if date.is_none() && all_dated {
            msg.push_str(" The draft has no date; check the title for the date it speaks from.");
        }
        if advice && date.is_some() {
            msg.push_str(" Only undated documents show this; check the title.");
        }
        let ev = applicable
            .iter()
            .map(|r| r.evidence.describe(&format!("{} {}", r.role, r.person)))
            .collect::<Vec<_>>()
            .join("; ");
        let mut d = Diagnostic::new(&TITLE_ROLE, range.clone(), msg)
            .with_severity(sev)
            .with_evidence(ev);
        if roles.len() == 1 {
            d = d.with_fix(Fix::replace(range, roles[0], Applicability::Unsafe));
        }
        out.push(d);
    }
}

impl Titles {
    /// A title near miss around the title word at `start..end` (anchor
    /// `k`): the words around it, joined by single spaces, are a title's
    /// words with one slip that no dictionary knows, and a name follows.
    /// Returns where the flagged span ends.
    fn near_miss(
        &self,
        text: &str,
        base: usize,
        start: usize,
        end: usize,
        k: usize,
        out: &mut Vec<Diagnostic>,
    ) -> Option<usize> {
        // Only capitalised, as a title before a name is.
        if !text[start..end].starts_with(char::is_uppercase) {
            return None;
        }
        for &(t, pos) in &self.word_titles[k] {
            let want = &self.title_words[t];
            // The window: `pos` words before, the rest after, single spaces.
            let mut from = start;
            for _ in 0..pos {
                let head = text[..from].strip_suffix(' ')?;
                let w = crate::text::words::last_word(head)?;
                if w.end != head.len() {
                    return None;
                }
                from = w.start;
            }
            let mut window: Vec<crate::text::words::Word<'_>> = Vec::with_capacity(want.len());
            let mut at = from;
            for i in 0..want.len() {
                if i > 0 {
                    if !text[at..].starts_with(' ') {
                        break;
                    }
                    at += 1;
                }
                match words(&text[at..], at).next() {
                    Some(w) if w.start == at => {
                        at = w.end;
                        window.push(w);
                    }
                    _ => break,
                }
            }
            if window.len() != want.len() {
                continue;
            }
            let mut slip = None;
            let mut fits = true;
            for (i, (f, w)) in window.iter().zip(want).enumerate() {
                if f.text == w {
                    continue;
                }
                let n = w.chars().count();
                let limit = match n {
                    0..=4 => 0,
                    5..=8 => 1,
                    _ => 2,
                };
                let d = (slip.is_none() && is_capitalised(f.text))
                    .then(|| crate::text::words::edit_distance(f.text, w, limit))
                    .flatten();
                match d {
                    Some(d) if d > 0 => slip = Some((i, d)),
                    _ => {
                        fits = false;
                        break;
                    }
                }
            }
            let Some((i, d)) = slip.filter(|_| fits) else {
                continue;
            };
            let word = window[i].text;
            if crate::text::variants::is_word_in_either(self.dialect, word) {
                continue;
            }
            let span_end = window[window.len() - 1].end;
            // A name follows: capitalised words after one space.
            let (_, name) = self.person_after(text, span_end)?;
            if name.is_empty() {
                continue;
            }
            let rule = &self.titles[t];
            let range = base + from..base + span_end;
            let app = if d == 1 {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            };
            out.push(
                Diagnostic::new(
                    &TITLE_SPELLING,
                    range.clone(),
                    format!(
                        "The approved documents write this title as '{}', not '{}'.",
                        rule.title,
                        &text[from..span_end]
                    ),
                )
                .with_fix(Fix::replace(range, rule.title.clone(), app))
                .with_evidence(rule.evidence.describe(&rule.title)),
            );
            return Some(span_end);
        }
        None
    }
}

impl Check for Titles {
    fn region(
        &self,
        text: &str,
        base: usize,
        date: Option<Date>,
        out: &mut Vec<Diagnostic>,
        _mentions: &mut Vec<Mention>,
    ) {
        let Some(ac) = &self.ac else { return };
        let mut last_near = 0;
        for m in ac.find_iter(text) {
            if !is_whole_word(text, m.start(), m.end()) {
                continue;
            }
            if let Some(k) = m.pattern().as_usize().checked_sub(self.titles.len()) {
                if m.start() >= last_near {
                    if let Some(end) = self.near_miss(text, base, m.start(), m.end(), k, out) {
                        last_near = end;
                    }
                }
                continue;
            }
            let Some((person, _)) = self.person_after(text, m.end()) else {
                continue;
            };
            let rule = &self.titles[m.pattern().as_usize()];
            let found = &text[m.range()];
            let range = base + m.start()..base + m.end();
            // A qualifier written before the title belongs to it (`Acting
            // Deputy Administrator`); a past one (`former`, `then`) says the
            // title is not a current role, and one written in lower case
            // after it (`former police chief Tom Ortega`) is a description.
            let (q_start, past) = qualifiers_before(text, m.start());
            // (`Then foreign secretary X` may be a sentence's `then`: still
            // checked.)
            let described = past
                && !text[..q_start]
                    .trim_end_matches([' ', '-'])
                    .to_lowercase()
                    .ends_with("then");
            if found != rule.title && !found.chars().any(char::is_uppercase) && !described {
                out.push(
                    Diagnostic::new(
                        &TITLE_CASE,
                        range.clone(),
                        format!("Capitalise the title before a name: '{}'.", rule.title),
                    )
                    .with_fix(Fix::replace(
                        range.clone(),
                        rule.title.clone(),
                        Applicability::Safe,
                    ))
                    .with_evidence(rule.evidence.describe(&rule.title)),
                );
            }
            if let (Some(p), false) = (person, past) {
                if q_start < m.start() {
                    let written =
                        format!("{} {}", &text[q_start..m.start()].trim_end(), rule.title);
                    let whole = base + q_start..range.end;
                    self.check_role(&written, whole, &p, date, Some(&rule.title), out);
                } else {
                    self.check_role(&rule.title, range, &p, date, None, out);
                }
            }
        }
    }
}

/// The start of the capitalised qualifiers written just before a title at
/// `at` (`Acting`, `Interim`), and whether a past qualifier (`former`,
/// `then`, `then-`) stands before them.
fn qualifiers_before(text: &str, at: usize) -> (usize, bool) {
    let mut start = at;
    let past = |w: &str| lexicon::PAST_QUALIFIERS.contains(&w.to_lowercase().as_str());
    loop {
        let before = &text[..start];
        let Some(head) = before
            .strip_suffix(' ')
            .or_else(|| before.strip_suffix('-'))
        else {
            return (start, false);
        };
        let word_start = head
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphabetic())
            .last()
            .map_or(head.len(), |(i, _)| i);
        let word = &head[word_start..];
        if word.is_empty() {
            return (start, false);
        }
        if past(word) {
            return (start, true);
        }
        if before.ends_with('-') || !is_in(lexicon::TITLE_QUALIFIERS, word) || !is_capitalised(word)
        {
            return (start, false);
        }
        start = word_start;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::checks::testing::{linter, lints_in};
    use crate::rules::{Evidence, NameRule};
    use crate::text::meta::{DateSource, DocDate};
    use crate::text::Format;

    fn ev() -> Evidence {
        Evidence {
            seen: 2,
            documents: vec!["a".into(), "b".into()],
        }
    }

    fn rules() -> RuleFile {
        let title = |t: &str| TitleRule {
            title: t.into(),
            evidence: ev(),
        };
        let role = |p: &str, r: &str, d: Option<&str>| RoleRule {
            person: p.into(),
            role: r.into(),
            from: d.map(|d| d.parse().unwrap()),
            until: d.map(|d| d.parse().unwrap()),
            evidence: ev(),
        };
        let person = |n: &str| NameRule {
            name: n.into(),
            kind: NameKind::Person,
            acronym: None,
            evidence: ev(),
            rivals: Vec::new(),
        };
        RuleFile {
            titles: vec![
                title("Foreign Secretary"),
                title("Defence Secretary"),
                title("Prime Minister"),
                title("Foreign Minister"),
            ],
            roles: vec![
                role("Philip Hammond", "Foreign Secretary", Some("2016-01-08")),
                role("Dominic Raab", "Foreign Secretary", None),
                role("Ben Wallace", "Defence Secretary", None),
                role("Fumio Kishida", "Foreign Minister", Some("2016-01-08")),
            ],
            names: vec![
                person("Philip Hammond"),
                person("Dominic Raab"),
                person("Ben Wallace"),
                person("Fumio Kishida"),
            ],
            ..RuleFile::default()
        }
    }

    fn run(text: &str, date: Option<&str>) -> Vec<(&'static str, String, Severity)> {
        let date = date.map(|d| DocDate {
            date: d.parse().unwrap(),
            range: 0..0,
            source: DateSource::FrontMatter,
        });
        let out = lints_in(text, &linter(build, &rules()), Format::Markdown, date);
        out.iter()
            .map(|d| (d.code, text[d.range.clone()].to_string(), d.severity))
            .collect()
    }

    fn near(text: &str) -> Vec<(&'static str, String, String)> {
        let out = lints_in(text, &linter(build, &rules()), Format::Markdown, None);
        out.iter()
            .map(|d| {
                (
                    d.code,
                    text[d.range.clone()].to_string(),
                    d.fixes[0].edits[0].replacement.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn a_slip_in_a_title_before_a_name_is_flagged() {
        assert_eq!(
            near("Defence Secertary Ben Wallace and Foriegn Secretary Dominic Raab met."),
            [
                (
                    "title/spelling",
                    "Defence Secertary".into(),
                    "Defence Secretary".into()
                ),
                (
                    "title/spelling",
                    "Foriegn Secretary".into(),
                    "Foreign Secretary".into()
                )
            ]
        );
        // A stranger's name after it is still a name.
        assert_eq!(near("Prime Minsiter Jane Smith spoke.").len(), 1);
        // No name after it, a real word, two slips, another title word:
        // not a near miss.
        for text in [
            "The Defence Secertary said so.",
            "Defence Secretariat Ben Wallace spoke.",
            "Defense Secretary Ben Wallace spoke.",
            "Defanse Secertary Ben Wallace spoke.",
            "Foreign Ministers Ben Wallace met.",
            "Defence Secretary Ben Wallace spoke.",
        ] {
            assert!(
                near(text).iter().all(|d| d.0 != "title/spelling"),
                "{text}: {:?}",
                near(text)
            );
        }
    }

    #[test]
    fn lower_case_titles_before_names() {
        assert_eq!(
            run("Then foreign secretary Philip Hammond spoke.", None),
            [("title/case", "foreign secretary".into(), Severity::Warning)]
        );
        assert!(run("The foreign secretary said so.", None).is_empty());
    }

    #[test]
    fn a_role_the_corpus_gives_someone_else() {
        assert_eq!(
            run("Defence Secretary Dominic Raab met officials.", None),
            [("title/role", "Defence Secretary".into(), Severity::Warning)]
        );
        assert!(run(
            "Foreign Secretary Dominic Raab and Defence Secretary Ben Wallace met.",
            None
        )
        .is_empty());
        // Through decorations and by surname.
        assert_eq!(
            run(
                "Defence Secretary the Rt Hon Philip Hammond MP spoke.",
                Some("2016-03-01")
            )
            .len(),
            1
        );
        assert!(
            run("Defence Secretary Jane Smith spoke.", None).is_empty(),
            "unknown people are not flagged"
        );
    }

    #[test]
    fn the_draft_date_decides() {
        assert!(run("Prime Minister Fumio Kishida visited.", Some("2023-05-01")).is_empty());
        assert_eq!(
            run("Prime Minister Fumio Kishida visited.", Some("2016-06-01")),
            [("title/role", "Prime Minister".into(), Severity::Warning)]
        );
        assert_eq!(
            run("Prime Minister Fumio Kishida visited.", None),
            [("title/role", "Prime Minister".into(), Severity::Information)]
        );
    }

    fn run_with(rules: &RuleFile, text: &str, date: &str) -> Vec<(String, Severity, String)> {
        let date = Some(DocDate {
            date: date.parse().unwrap(),
            range: 0..0,
            source: DateSource::FrontMatter,
        });
        let out = lints_in(text, &linter(build, rules), Format::Markdown, date);
        out.iter()
            .map(|d| {
                let fix = d
                    .fixes
                    .first()
                    .map_or(String::new(), |f| f.edits[0].replacement.clone());
                (text[d.range.clone()].to_string(), d.severity, fix)
            })
            .collect()
    }

    fn promotion() -> RuleFile {
        let role = |p: &str, r: &str, from: Option<&str>, until: Option<&str>| RoleRule {
            person: p.into(),
            role: r.into(),
            from: from.map(|d| d.parse().unwrap()),
            until: until.map(|d| d.parse().unwrap()),
            evidence: ev(),
        };
        let title = |t: &str| TitleRule {
            title: t.into(),
            evidence: ev(),
        };
        RuleFile {
            titles: vec![
                title("Interim Harbor Chief"),
                title("Harbor Chief"),
                title("Capt."),
                title("Rear Adm."),
                title("Deputy Administrator"),
            ],
            roles: vec![
                role(
                    "Ana Soto",
                    "Interim Harbor Chief",
                    Some("2026-01-10"),
                    Some("2026-02-01"),
                ),
                role(
                    "Ana Soto",
                    "Harbor Chief",
                    Some("2026-03-05"),
                    Some("2026-04-20"),
                ),
                role("Rita Vale", "Capt.", None, None),
                role(
                    "Rita Vale",
                    "Rear Adm.",
                    Some("2026-03-27"),
                    Some("2026-06-02"),
                ),
                role(
                    "Kay Moss",
                    "Deputy Administrator",
                    Some("2026-02-12"),
                    Some("2026-04-14"),
                ),
            ],
            ..RuleFile::default()
        }
    }

    #[test]
    fn a_promotion_gives_each_title_its_own_period() {
        let r = promotion();
        // Before the change the earlier title holds, after it the later one.
        assert!(run_with(&r, "Interim Harbor Chief Ana Soto spoke.", "2026-01-20").is_empty());
        assert!(run_with(&r, "Harbor Chief Ana Soto spoke.", "2026-04-01").is_empty());
        assert_eq!(
            run_with(&r, "Interim Harbor Chief Ana Soto spoke.", "2026-07-01"),
            [(
                "Interim Harbor Chief".into(),
                Severity::Warning,
                "Harbor Chief".into()
            )]
        );
        assert_eq!(
            run_with(&r, "Harbor Chief Ana Soto spoke.", "2026-01-20"),
            [(
                "Harbor Chief".into(),
                Severity::Warning,
                "Interim Harbor Chief".into()
            )]
        );
        // Between the two documents the change's day is unknown: the
        // earlier title holds, and the later one is only advised against.
        assert_eq!(
            run_with(&r, "Harbor Chief Ana Soto spoke.", "2026-02-20"),
            [(
                "Harbor Chief".into(),
                Severity::Information,
                "Interim Harbor Chief".into()
            )]
        );
        assert!(run_with(&r, "Interim Harbor Chief Ana Soto spoke.", "2026-03-01").is_empty());
    }

    #[test]
    fn undated_role_evidence_is_advice() {
        let r = promotion();
        // The dated rank holds in August; the undated one gives way.
        assert_eq!(
            run_with(&r, "Capt. Rita Vale spoke.", "2026-08-04"),
            [("Capt.".into(), Severity::Warning, "Rear Adm.".into())]
        );
        // Far from any dated evidence, the undated role only informs.
        assert_eq!(
            run_with(&r, "Rear Adm. Rita Vale spoke.", "2030-01-01"),
            [("Rear Adm.".into(), Severity::Information, "Capt.".into())]
        );
    }

    #[test]
    fn qualifiers_belong_to_the_title_and_past_titles_are_not_roles() {
        let r = promotion();
        assert_eq!(
            run_with(
                &r,
                "Acting Deputy Administrator Kay Moss spoke.",
                "2026-03-01"
            ),
            [(
                "Acting Deputy Administrator".into(),
                Severity::Warning,
                "Deputy Administrator".into()
            )]
        );
        assert!(run_with(&r, "Deputy Administrator Kay Moss spoke.", "2026-03-01").is_empty());
        // Before the appointment an acting title is plausible: advice.
        assert_eq!(
            run_with(
                &r,
                "Acting Deputy Administrator Kay Moss spoke.",
                "2026-01-20"
            ),
            [(
                "Acting Deputy Administrator".into(),
                Severity::Information,
                "Deputy Administrator".into()
            )]
        );
        assert!(run_with(&r, "Former harbor chief Ana Soto spoke.", "2026-07-01").is_empty());
        for text in [
            "The former Interim Harbor Chief Ana Soto spoke.",
            "Then-Interim Harbor Chief Ana Soto spoke.",
            "The then Interim Harbor Chief Ana Soto spoke.",
        ] {
            assert!(run_with(&r, text, "2026-07-01").is_empty(), "{text}");
        }
    }
}
