//! The rule-file format: TOML, one schema for every file of a pack.
//!
//! A pack is a folder holding `learned/` (written by `draftlint learn`) and
//! `curated/` (written by people). Every `*.toml` file below it is read, in
//! path order, and merged, except hidden ones (a `.` starting a name below
//! the pack); where a learned and a curated rule speak of the same thing,
//! the learned one wins. Unknown keys are errors, so a typo in a hand-edited
//! file is reported rather than ignored.

use serde::de::{DeserializeOwned, Error as _, IntoDeserializer};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

use crate::diagnostic::Severity;

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
    /// How the house refers to a person it names after the first mention
    /// (`Ms. Whitcombe`).
    #[serde(default, rename = "reference", skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<ReferenceRule>,
    /// Abbreviations the house writes dotted or undotted (`U.S.`, `UK`).
    #[serde(
        default,
        rename = "abbreviation",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub abbreviations: Vec<AbbreviationRule>,
    /// How the house writes each rank or abbreviated title before a name
    /// (`Capt.`, `Lt Cdr`, `Rear Adm.`).
    #[serde(default, rename = "rank", skip_serializing_if = "Vec::is_empty")]
    pub ranks: Vec<RankRule>,
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
    /// Severity overrides by rule code or family (`"name/exact" = "warning"`),
    /// or `"off"`. The keys stay strings: they are checked against the rule
    /// table after reading, and reported at their own position.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub severity: BTreeMap<String, Override>,
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
    /// no supporting document is dated. Parsed once, when the file is read,
    /// so the title check compares dates rather than re-reading text.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "date")]
    pub from: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "date")]
    pub until: Option<Date>,
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
    /// Why they are variants.
    #[serde(deserialize_with = "word")]
    pub kind: SpellingKind,
    #[serde(flatten)]
    pub evidence: Evidence,
    /// How often the corpus uses the variants in ordinary prose.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub variants_seen: u32,
}

/// Why the forms of a spelling rule are variants of one another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpellingKind {
    /// `co-operation` / `cooperation`.
    Hyphenation,
    /// `cyber security` / `cybersecurity`.
    Spacing,
    /// `organize` / `organise`.
    BritishAmerican,
    /// Forms that differ only in capitals.
    Case,
    /// The corpus itself uses both forms: a draft may use either, but only
    /// one.
    Consistency,
}

impl SpellingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SpellingKind::Hyphenation => "hyphenation",
            SpellingKind::Spacing => "spacing",
            SpellingKind::BritishAmerican => "british-american",
            SpellingKind::Case => "case",
            SpellingKind::Consistency => "consistency",
        }
    }
}

impl std::str::FromStr for SpellingKind {
    type Err = String;

    fn from_str(s: &str) -> Result<SpellingKind, String> {
        read_word(s).ok_or_else(|| unknown(Self::WHAT, s, Self::EXPECTED))
    }
}

impl Word for SpellingKind {
    const WHAT: &'static str = "spelling kind";
    const EXPECTED: &'static str = "hyphenation, spacing, british-american, case or consistency";
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

/// Whether the house writes one abbreviation dotted or undotted.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AbbreviationRule {
    /// The house's form (`U.S.`).
    pub form: String,
    /// The form flagged (`US`).
    pub other: String,
    #[serde(flatten)]
    pub evidence: Evidence,
    #[serde(default)]
    pub other_seen: u32,
}

/// How the house refers to one person after the first mention.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceRule {
    /// The person's full name, as learned (`Angela Whitcombe`).
    pub person: String,
    /// The honorific the house writes before the rest of the name, as
    /// written (`Ms.`, `Dr`).
    pub form: String,
    #[serde(flatten)]
    pub evidence: Evidence,
    /// Other honorifics seen before the name, with how often each was seen.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub others: BTreeMap<String, u32>,
    /// How often the corpus refers to them by the first name alone, outside
    /// quotations.
    #[serde(default)]
    pub first_name_alone: u32,
}

/// How the house writes one rank before a name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RankRule {
    /// The rank spelled out (`Commander`).
    pub rank: String,
    /// The house's form, as written (`Cmdr.`, `Cdr`, `Commander`).
    pub form: String,
    #[serde(flatten)]
    pub evidence: Evidence,
    /// The other forms seen before names, with how often each was seen.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub others: BTreeMap<String, u32>,
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
    #[serde(default, deserialize_with = "word")]
    pub style: DateStyle,
    #[serde(default = "yes")]
    pub check_weekday: bool,
    #[serde(default = "yes")]
    pub relative_hints: bool,
}

/// How dates are written. One style so far; a house with another adds a
/// variant here and its reader in the dates family.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
pub enum DateStyle {
    /// `8 January 2016`: no ordinals, day before month.
    #[default]
    #[serde(rename = "gov.uk")]
    GovUk,
}

impl DateStyle {
    pub fn as_str(self) -> &'static str {
        match self {
            DateStyle::GovUk => "gov.uk",
        }
    }
}

impl Word for DateStyle {
    const WHAT: &'static str = "date style";
    const EXPECTED: &'static str = "\"gov.uk\"";
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
    /// Learned tables only: how often the corpus writes a prefix and a
    /// ship's name the way `article` says, and in which documents.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub seen: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
    /// How often the corpus writes it the other way.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub other_seen: u32,
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
    /// Absent: `warning`.
    #[serde(
        default,
        deserialize_with = "some_word",
        skip_serializing_if = "Option::is_none"
    )]
    pub severity: Option<Severity>,
}

impl Word for Severity {
    const WHAT: &'static str = "severity";
    const EXPECTED: &'static str = "error, warning, information or hint";
}

/// A `[severity]` value: the severity a rule or family is reported at, or
/// `off` to silence it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Override {
    Off,
    #[serde(untagged)]
    To(Severity),
}

impl Override {
    /// The severity to report at; `None` for `off`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Override::Off => None,
            Override::To(s) => Some(s),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Override::Off => "off",
            Override::To(s) => s.as_str(),
        }
    }
}

impl<'de> Deserialize<'de> for Override {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Override, D::Error> {
        let s = String::deserialize(d)?;
        if s == "off" {
            return Ok(Override::Off);
        }
        read_word(&s).map(Override::To).ok_or_else(|| {
            D::Error::custom(unknown(
                "severity",
                &s,
                "error, warning, information, hint or off",
            ))
        })
    }
}

/// A field written as one of a few words (`kind = "hyphenation"`). It is
/// read through the type's serde derive (aliases included), but an unknown
/// word is reported the way every rule-file value is: quoted short, with
/// the words it may be. serde's own message would quote a value of any
/// length and call the words "variants".
trait Word: DeserializeOwned {
    /// What the word names, for messages: `spelling kind`.
    const WHAT: &'static str;
    /// The words accepted, as a message lists them.
    const EXPECTED: &'static str;
}

fn word<'de, D: Deserializer<'de>, T: Word>(d: D) -> Result<T, D::Error> {
    let s = String::deserialize(d)?;
    read_word(&s).ok_or_else(|| D::Error::custom(unknown(T::WHAT, &s, T::EXPECTED)))
}

fn some_word<'de, D: Deserializer<'de>, T: Word>(d: D) -> Result<Option<T>, D::Error> {
    word(d).map(Some)
}

/// `s` read as a unit variant of `T`'s derive.
fn read_word<T: DeserializeOwned>(s: &str) -> Option<T> {
    let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> = s.into_deserializer();
    T::deserialize(de).ok()
}

fn unknown(what: &str, value: &str, expected: &str) -> String {
    format!("unknown {what} '{}' (expected {expected})", quote(value))
}

/// A value for a message, shortened: messages quote only the offending
/// value, and never a long one whole.
pub(super) fn quote(value: &str) -> String {
    const MAX: usize = 60;
    let one_line = value.replace(['\n', '\r'], " ");
    if one_line.chars().count() <= MAX {
        one_line
    } else {
        let cut: String = one_line.chars().take(MAX - 1).collect();
        format!("{cut}…")
    }
}

pub use jiff::civil::Date;

/// Role dates: written `YYYY-MM-DD` as TOML strings, held as dates.
mod date {
    use super::*;

    pub fn serialize<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.collect_str(d),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        let s = String::deserialize(d)?;
        s.parse::<Date>().map(Some).map_err(|_| {
            D::Error::custom(format!(
                "'{}' is not a date (expected YYYY-MM-DD)",
                quote(&s)
            ))
        })
    }
}

impl fmt::Display for SpellingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for DateStyle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
