//! The one table of check families and their rules.
//!
//! Everything that needs to know which rules exist reads [`FAMILIES`]: the
//! engine's [`build`], `draftlint rules` and `explain` ([`registry`],
//! [`rule_doc`]), editor hovers, and the validation of codes written in rule
//! files, editor settings and disable comments ([`unknown_code`]). A new rule
//! is its `static` in its family's file plus one entry here; a new family is
//! its file plus one line here. Nothing else lists families.

use std::fmt;

use super::{
    abbreviation, date, event, honorific, name, pattern, reference, ship, spelling, title, Built,
};
use crate::diagnostic::{code_matches, Applicability, Diagnostic, Fix, Rule, Severity};
use crate::rules::{PackFile, RuleError, RuleFile};
use crate::text::Document;

/// A check family: its name (the prefix of its codes), its rules, and how
/// it is compiled from a rule pack.
pub struct Family {
    /// `date` for `date/weekday`.
    pub name: &'static str,
    pub rules: &'static [&'static Rule],
    pub build: fn(&RuleFile) -> Built,
}

/// Every family, in the order the engine runs them.
pub static FAMILIES: &[Family] = &[
    Family {
        name: "name",
        rules: &[&name::NAME_EXACT],
        build: name::build,
    },
    Family {
        name: "title",
        rules: &[
            &title::TITLE_CASE,
            &title::TITLE_ROLE,
            &title::TITLE_SPELLING,
        ],
        build: title::build,
    },
    Family {
        name: "spelling",
        rules: &[
            &spelling::SPELLING_VARIANT,
            &spelling::SPELLING_CONSISTENCY,
            &spelling::SPELLING_UNKNOWN,
            &spelling::SPELLING_UNKNOWN_NAME,
        ],
        build: spelling::build,
    },
    Family {
        name: "honorific",
        rules: &[
            &honorific::HONORIFIC_FULL_STOP,
            &honorific::HONORIFIC_CONSISTENCY,
            &honorific::HONORIFIC_RANK,
        ],
        build: honorific::build,
    },
    Family {
        name: "abbreviation",
        rules: &[&abbreviation::ABBREVIATION_DOTS],
        build: abbreviation::build,
    },
    Family {
        name: "reference",
        rules: &[
            &reference::REFERENCE_HONORIFIC,
            &reference::REFERENCE_COURTESY,
            &reference::REFERENCE_FIRST_NAME,
        ],
        build: reference::build,
    },
    Family {
        name: "event",
        rules: &[&event::EVENT_YEAR],
        build: event::build,
    },
    Family {
        name: "date",
        rules: &[
            &date::DATE_INVALID,
            &date::DATE_RELATIVE,
            &date::DATE_FORMAT,
            &date::DATE_WEEKDAY,
        ],
        build: date::build,
    },
    Family {
        name: "ship",
        rules: &[&ship::SHIP_ARTICLE],
        build: ship::build,
    },
    Family {
        name: "pattern",
        rules: &[&pattern::PATTERN_CUSTOM],
        build: pattern::build,
    },
];

/// A disable comment that names no rule: the engine's own finding about
/// the draft, not a family's. It is no check of house style, so
/// `draftlint rules` does not list it ([`registry`] leaves it out), but it
/// has documentation for `explain` and hovers, and a code that `[severity]`
/// keys and disable comments may name like any other.
pub static DRAFTLINT_UNKNOWN_CODE: Rule = Rule {
    code: "draftlint/unknown-code",
    severity: Severity::Information,
    summary: "A disable comment names no rule",
    what: "Flags a code in a `draftlint-disable` comment that is neither a rule code nor a \
           family (`nmae/exact`), and suggests the nearest valid ones.",
    why: "A misspelt code disables nothing, silently: the finding the writer meant to silence \
          stays, or a later one of the real code is never silenced where it was meant to be.",
    example: "<!-- draftlint-disable-next-line nmae/exact -->",
    fixed: Some("<!-- draftlint-disable-next-line name/exact -->"),
    fix_safety: "Unsafe: the nearest code by spelling may not be the one meant. Offered only \
                 when one valid code or family is nearest.",
    applicability: Some(Applicability::Unsafe),
};

/// The engine's own rules, about the draft's directives rather than its
/// prose: documented and valid as keys, but not house-style checks.
static OWN_RULES: &[&Rule] = &[&DRAFTLINT_UNKNOWN_CODE];

/// Every rule draftlint knows, sorted by code.
pub fn registry() -> Vec<&'static Rule> {
    let mut all: Vec<&'static Rule> = FAMILIES
        .iter()
        .flat_map(|f| f.rules.iter().copied())
        .collect();
    all.sort_by_key(|r| r.code);
    all
}

/// The rule with `code`, the engine's own included.
pub fn rule_doc(code: &str) -> Option<&'static Rule> {
    all_rules().find(|r| r.code == code)
}

/// Every family's rules, then the engine's own.
fn all_rules() -> impl Iterator<Item = &'static Rule> {
    FAMILIES
        .iter()
        .flat_map(|f| f.rules.iter().copied())
        .chain(OWN_RULES.iter().copied())
}

/// Builds every family from the merged rules. A family whose rules do not
/// compile is left out and its errors returned.
pub fn build(rules: &RuleFile) -> (Vec<Box<dyn super::Check>>, Vec<RuleError>) {
    let mut checks = Vec::new();
    let mut errors = Vec::new();
    for family in FAMILIES {
        match (family.build)(rules) {
            Ok(c) => checks.push(c),
            Err(mut e) => errors.append(&mut e),
        }
    }
    (checks, errors)
}

/// Why a key names no rule: the nearest valid keys, to suggest, and the
/// families. Displays as `did you mean "date"? families: date, …;
/// \`draftlint rules\` lists the codes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode {
    /// The valid keys nearest by edit distance (all at the same distance).
    pub near: Vec<&'static str>,
    /// Every family name, sorted.
    pub families: Vec<&'static str>,
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.near.is_empty() {
            let near: Vec<String> = self.near.iter().map(|k| format!("\"{k}\"")).collect();
            write!(f, "did you mean {}? ", near.join(" or "))?;
        }
        write!(
            f,
            "families: {}; `draftlint rules` lists the codes",
            self.families.join(", ")
        )
    }
}

/// `None` when `key` selects at least one rule ([`code_matches`]: a code or
/// a family); else what to tell the user. Used for `[severity]` keys in
/// rule files, the editor's severity settings and disable comments alike.
pub fn unknown_code(key: &str) -> Option<UnknownCode> {
    // A Vale rule's name: its style, not this table, says whether it exists.
    if all_rules().any(|r| code_matches(key, r.code)) || crate::diagnostic::is_vale_code(key) {
        return None;
    }
    let mut families: Vec<&'static str> = FAMILIES.iter().map(|f| f.name).collect();
    families.sort_unstable();
    let mut keys: Vec<&'static str> = all_rules().map(|r| r.code).collect();
    keys.extend(&families);
    let limit = 3.max(key.chars().count() / 2);
    let mut near: Vec<(usize, &'static str)> = keys
        .iter()
        .filter_map(|k| crate::text::words::edit_distance(key, k, limit).map(|d| (d, *k)))
        .collect();
    near.sort_unstable();
    let best = near.first().map(|&(d, _)| d);
    let near = near
        .into_iter()
        .filter(|(d, _)| Some(*d) == best)
        .map(|(_, k)| k)
        .collect();
    Some(UnknownCode { near, families })
}

/// The `[severity]` keys of the pack's files that select no rule, each an
/// error at its file, line and column, with the valid keys suggested.
///
/// The engine reports these with the families' build errors: this needs
/// the table, which `rules/` does not know (it is the layer below).
pub fn unknown_severity_keys(files: &[PackFile]) -> Vec<RuleError> {
    let mut errors = Vec::new();
    for file in files {
        let unknown: Vec<(&str, UnknownCode)> = file
            .rules
            .severity
            .keys()
            .filter_map(|key| unknown_code(key).map(|u| (key.as_str(), u)))
            .collect();
        if unknown.is_empty() {
            continue;
        }
        let path = file
            .disk_path
            .as_ref()
            .map_or_else(|| file.path.clone(), |p| p.display().to_string());
        let table = toml::de::DeTable::parse(&file.source).ok();
        for (key, why) in unknown {
            // The key's own span in `[severity]`; the file was parsed once
            // already, so this finds it unless the text changed since.
            let at = table.as_ref().and_then(|t| {
                let (_, severity) = t
                    .get_ref()
                    .iter()
                    .find(|(k, _)| k.get_ref() == "severity")?;
                match severity.get_ref() {
                    toml::de::DeValue::Table(t) => t
                        .iter()
                        .find(|(k, _)| k.get_ref() == key)
                        .map(|(k, _)| k.span().start),
                    _ => None,
                }
            });
            let (line, column) = at.map_or((None, None), |at| {
                let (l, c) = line_col(&file.source, at);
                (Some(l), Some(c))
            });
            errors.push(RuleError {
                path: path.clone(),
                line,
                column,
                message: format!(
                    "unknown rule code or family '{}' in [severity] ({why})",
                    shorten(key)
                ),
            });
        }
    }
    errors
}

/// A finding at each code in `doc`'s disable comments that names no rule,
/// with a fix to the nearest valid code when there is exactly one.
pub fn unknown_directive_codes(doc: &Document<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Only when a code is unknown: a directive inside code is an example
    // of one (as in a page about draftlint), not a comment to check.
    let mut code_spans: Option<Vec<std::ops::Range<usize>>> = None;
    for (range, code) in doc.directive_codes() {
        let Some(why) = unknown_code(code) else {
            continue;
        };
        let spans = code_spans.get_or_insert_with(|| doc.code_spans());
        if spans
            .iter()
            .any(|s| s.start <= range.start && range.end <= s.end)
        {
            continue;
        }
        let mut d = Diagnostic::new(
            &DRAFTLINT_UNKNOWN_CODE,
            range.clone(),
            format!(
                "'{}' is no rule code or family, so this comment disables nothing ({why})",
                shorten(code)
            ),
        );
        if let [only] = why.near[..] {
            d = d.with_fix(Fix::replace(range, only, Applicability::Unsafe));
        }
        out.push(d);
    }
    out
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// A key for a message, on one line and never long.
fn shorten(key: &str) -> String {
    const MAX: usize = 60;
    let one_line = key.replace(['\n', '\r'], " ");
    if one_line.chars().count() <= MAX {
        one_line
    } else {
        let cut: String = one_line.chars().take(MAX - 1).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A family's name is the prefix of every code it reports, and no code
    /// is registered twice: what lets `date` select `date/weekday`.
    #[test]
    fn family_names_are_the_prefix_of_their_codes() {
        for f in FAMILIES {
            assert!(!f.rules.is_empty(), "{}", f.name);
            for r in f.rules {
                assert_eq!(r.family(), f.name, "{}", r.code);
            }
        }
        let codes: Vec<&str> = registry().iter().map(|r| r.code).collect();
        let mut unique = codes.clone();
        unique.dedup();
        assert_eq!(codes, unique);
    }

    #[test]
    fn codes_and_families_are_known_and_near_misses_are_suggested() {
        assert_eq!(unknown_code("date"), None);
        assert_eq!(unknown_code("date/weekday"), None);
        assert_eq!(unknown_code("name/exakt").unwrap().near, ["name/exact"]);
        assert_eq!(unknown_code("dates").unwrap().near, ["date"]);
        // A prefix that is not a whole family selects nothing.
        assert!(unknown_code("dat").is_some());
        assert!(unknown_code("date/").is_some());
        assert!(unknown_code("").is_some());
        let far = unknown_code("zzzzzzzzzz").unwrap();
        assert!(far.near.is_empty());
        assert_eq!(
            far.to_string(),
            "families: abbreviation, date, event, honorific, name, pattern, reference, ship, spelling, title; \
             `draftlint rules` lists the codes"
        );
    }

    /// A rule file's `[severity]` keys are checked against the table when
    /// the engine is built: an unknown one is an error at its line, with
    /// the valid keys suggested; a family is a valid key; and the rest of
    /// the file is still used.
    #[test]
    fn unknown_severity_keys_in_a_rule_file_are_errors_at_their_line() {
        use crate::rules::{PackSource, RulePack};
        let text = "[severity]\ndate = \"hint\"\n\"nmae/exact\" = \"off\"\n\n[[pattern]]\npattern = \"\\\\bsynergy\\\\b\"\nmessage = \"Say what is meant.\"\n";
        let (pack, errors) = RulePack::from_sources(
            PackSource::Builtin,
            vec![("curated/house.toml".into(), None, text.into())],
        );
        assert_eq!(errors, []);
        let (engine, errors) = crate::Engine::new(pack);
        assert_eq!(errors.len(), 1, "{errors:?}");
        let e = &errors[0];
        assert_eq!(
            (e.path.as_str(), e.line, e.column),
            ("curated/house.toml", Some(3), Some(1))
        );
        assert!(
            e.message.starts_with(
                "unknown rule code or family 'nmae/exact' in [severity] (did you mean \"name/exact\"?"
            ),
            "{e}"
        );
        let found = engine.check("More synergy.", crate::text::Format::Markdown);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, "pattern/custom");
    }

    #[test]
    fn the_built_in_pack_names_only_known_codes() {
        let (_, errors) = crate::Engine::new(crate::rules::RulePack::builtin());
        assert_eq!(errors, []);
    }

    /// `rules/` is the layer below `checks/`: it must not read the table
    /// (that import made the circle rules -> checks -> rules).
    #[test]
    fn rules_do_not_import_checks() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                !text.contains("crate::checks"),
                "{} imports checks",
                path.display()
            );
        }
    }

    /// A misspelt code in a disable comment is a finding at the code, with
    /// the one nearest valid code as its fix; valid codes and families are
    /// not, and the finding can itself be turned off by its code.
    #[test]
    fn unknown_codes_in_disable_comments_are_flagged_at_the_code() {
        let engine = crate::Engine::builtin();
        let text = "<!-- draftlint-disable-next-line date, nmae/exact,title/case -->\nx\n";
        let found = engine.check(text, crate::text::Format::Markdown);
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        assert_eq!(d.code, "draftlint/unknown-code");
        assert_eq!(d.severity, Severity::Information);
        assert_eq!(&text[d.range.clone()], "nmae/exact");
        assert!(
            d.message.contains("did you mean \"name/exact\"?"),
            "{}",
            d.message
        );
        assert_eq!(d.fixes[0].edits[0].replacement, "name/exact");
        assert_eq!(d.fixes[0].applicability, Applicability::Unsafe);

        let far = "<!-- draftlint-disable-file zzzzzzzzzz -->\nx\n";
        let found = engine.check(far, crate::text::Format::Markdown);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].fixes.is_empty());

        // Shown in code, a directive is an example, not a comment to check.
        let shown = "`<!-- draftlint-disable-file CODE -->`\n\n```\n<!-- draftlint-disable-line x -->\n```\n";
        assert_eq!(engine.check(shown, crate::text::Format::Markdown), []);
        let plain = engine.check(shown, crate::text::Format::PlainText);
        assert_eq!(plain.len(), 2, "{plain:?}");

        let off = "<!-- draftlint-disable-line nmae/exact draftlint/unknown-code -->\n";
        assert_eq!(engine.check(off, crate::text::Format::Markdown), []);
        assert_eq!(
            rule_doc("draftlint/unknown-code").map(|r| r.summary),
            Some(DRAFTLINT_UNKNOWN_CODE.summary)
        );
        assert!(!registry().iter().any(|r| r.code.starts_with("draftlint/")));
    }
}
