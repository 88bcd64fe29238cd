//! The rule-file format: TOML, one schema for every file of a pack.
//!
//! A pack is a folder holding `learned/` (written by `draftlint learn`) and
//! `curated/` (written by people). Every `*.toml` file below it is read, in
//! path order, and merged, except hidden ones (a `.` starting a name below
//! the pack); where a learned and a curated rule speak of the same thing,
//! the learned one wins. Unknown keys are errors, so a typo in a hand-edited
//! file is reported rather than ignored.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One rule file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Exact names: people, ships, exercises, organisations, codes, documents.
    #[serde(default, rename = "name", skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<NameRule>,
    /// Titles that stand before a person's name, in their house case.
    #[serde(default, rename = "title", skip_serializing_if = "Vec::is_empty")]
    pub titles: Vec<TitleRule>,
    /// Who held which office, and when the corpus says so.
    #[serde(default, rename = "role", skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleRule>,
    /// Preferred spellings among variants.
    #[serde(default, rename = "spelling", skip_serializing_if = "Vec::is_empty")]
    pub spellings: Vec<SpellingRule>,
    /// How honorifics are written (`Mr`, not `Mr.`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honorifics: Option<HonorificRule>,
    /// People the corpus itself gives different honorifics: a draft may use
    /// either, but only one.
    #[serde(
        default,
        rename = "honorific_conflict",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub honorific_conflicts: Vec<HonorificConflict>,
    /// Events that belong to one year (`2020 Tokyo Olympics`).
    #[serde(default, rename = "event", skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EventRule>,
    /// Curated date conventions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dates: Option<DateConventions>,
    /// Curated ship-name conventions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ships: Option<ShipConventions>,
    /// Curated substitutions written as regular expressions.
    #[serde(default, rename = "pattern", skip_serializing_if = "Vec::is_empty")]
    pub patterns: Vec<PatternRule>,
    /// Severity overrides by rule code (`"name/exact" = "warning"`), or `"off"`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub severity: BTreeMap<String, String>,
}

/// How often and where the corpus shows a form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Occurrences in the corpus.
    pub seen: u32,
    /// Corpus documents (file stems) it occurs in, sorted.
    pub documents: Vec<String>,
}

impl Evidence {
    /// `HMS Argyll: 3 times in 2 documents (000_…, 001_…)`.
    pub fn describe(&self, form: &str) -> String {
        let times = if self.seen == 1 {
            "once".to_string()
        } else {
            format!("{} times", self.seen)
        };
        let docs = self.documents.len();
        let noun = if docs == 1 { "document" } else { "documents" };
        format!(
            "{form}: {times} in {docs} {noun} ({})",
            self.documents.join(", ")
        )
    }
}

/// What sort of thing a name names. Only used for messages and completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NameKind {
    Person,
    Ship,
    Exercise,
    Organisation,
    Code,
    Document,
    Event,
    Place,
    Other,
}

impl NameKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NameKind::Person => "person",
            NameKind::Ship => "ship",
            NameKind::Exercise => "exercise",
            NameKind::Organisation => "organisation",
            NameKind::Code => "code",
            NameKind::Document => "document",
            NameKind::Event => "event",
            NameKind::Place => "place",
            NameKind::Other => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NameRule {
    /// The exact form, as the house writes it.
    pub name: String,
    pub kind: NameKind,
    /// An acronym the corpus introduces for it (`JMSDF`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acronym: Option<String>,
    #[serde(flatten)]
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TitleRule {
    /// The title as written before a name (`Foreign Secretary`).
    pub title: String,
    #[serde(flatten)]
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoleRule {
    /// The person's full name as in the name rules (`Philip Hammond`).
    pub person: String,
    /// The title the corpus gives them (`Foreign Secretary`).
    pub role: String,
    /// First and last dated document showing it (`YYYY-MM-DD`); absent when
    /// no supporting document is dated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    #[serde(flatten)]
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SpellingRule {
    /// The house form.
    pub preferred: String,
    /// Forms to replace with it.
    pub variants: Vec<String>,
    /// Why they are variants: `hyphenation`, `spacing`, `british-american`, `case`.
    pub kind: String,
    #[serde(flatten)]
    pub evidence: Evidence,
    /// How often the corpus uses the variants in ordinary prose.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub variants_seen: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HonorificRule {
    /// Whether honorifics take a full stop (`Mr.`); GOV.UK and most UK
    /// houses write `Mr`.
    pub full_stop: bool,
    #[serde(flatten)]
    pub evidence: Evidence,
    /// How often the other form was seen.
    #[serde(default)]
    pub other_seen: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HonorificConflict {
    /// Surname or full name (`May`).
    pub person: String,
    /// The honorifics the corpus gives them, each with its documents.
    pub forms: Vec<String>,
    pub documents: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EventRule {
    /// The event without its year (`Tokyo Olympics`).
    pub event: String,
    pub year: i32,
    #[serde(flatten)]
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DateConventions {
    /// `gov.uk`: `8 January 2016`, no ordinals, day before month.
    #[serde(default = "default_date_style")]
    pub style: String,
    #[serde(default = "yes")]
    pub check_weekday: bool,
    #[serde(default = "yes")]
    pub relative_hints: bool,
}

fn default_date_style() -> String {
    "gov.uk".to_string()
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ShipConventions {
    /// Ship prefixes (`HMS`, `RFA`, `USS`).
    pub prefixes: Vec<String>,
    /// Whether `the` may stand before a prefix (`the HMS Argyll`).
    #[serde(default)]
    pub article: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PatternRule {
    /// A regular expression (Rust `regex` syntax), matched against prose.
    pub pattern: String,
    /// Replacement; may use `$1` groups. Absent: flag only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
}
