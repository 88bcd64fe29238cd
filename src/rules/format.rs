//! The rule-file format: TOML, one schema for every file of a pack.
//!
//! A pack is a folder holding `learned/` (written by `draftlint learn`) and
//! `curated/` (written by people). Every `*.toml` file below it is read, in
//! path order, and merged, except hidden ones (a `.` starting a name below
//! the pack); where a learned and a curated rule speak of the same thing,
//! the learned one wins. A pack read from a folder sits on the built-in
//! curated layer (see [`super::RulePack::load_layered`] and [`BuiltinUse`]).
//! Unknown keys are errors, so a typo in a hand-edited file is reported
//! rather than ignored.

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
    /// How spelling rules treat quotations (learned: `quotations =
    /// "verbatim"` where the approved documents keep speakers' spellings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spelling_policy: Option<SpellingPolicy>,
    /// Which English the house spells (`[dialect] spelling = "british"`),
    /// learned from the approved documents: it chooses the dictionary of
    /// ordinary words and the side of every British/American pair.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialect: Option<DialectRule>,
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
    /// Which parts of the built-in conventions a pack sits on (see
    /// [`BuiltinUse`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub builtin: Option<BuiltinUse>,
    /// Text the house allows as written: a finding whose flagged text is
    /// exactly one of these forms is never reported (`[[accept]]`).
    #[serde(default, rename = "accept", skip_serializing_if = "Vec::is_empty")]
    pub accepts: Vec<AcceptRule>,
    /// Words the house writes that the dictionary does not know
    /// (`[[word]]`): learned from the approved documents' prose, or kept
    /// by hand in `curated/` (also as a plain `curated/words.txt`).
    #[serde(default, rename = "word", skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<WordRule>,
    /// Learned rules the house vetoes by their form, without turning off
    /// their code (`[[reject]]`).
    #[serde(default, rename = "reject", skip_serializing_if = "Vec::is_empty")]
    pub rejects: Vec<RejectRule>,
    /// Severity overrides by rule code or family (`"name/exact" = "warning"`),
    /// or `"off"`. The keys stay strings: they are checked against the rule
    /// table after reading, and reported at their own position.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub severity: BTreeMap<String, Override>,
}

impl RuleFile {
    /// Every text of these rules whose words the house writes: names and
    /// their acronyms, titles, roles and their holders, events,
    /// abbreviations, ranks, references, spellings' house forms, ship
    /// prefixes, `[[accept]]` forms and `[[word]]`s. A spelling check knows
    /// each word of them.
    pub fn house_texts(&self) -> impl Iterator<Item = &str> + '_ {
        let names = self
            .names
            .iter()
            .flat_map(|n| std::iter::once(n.name.as_str()).chain(n.acronym.as_deref()));
        let roles = self
            .roles
            .iter()
            .flat_map(|r| [r.role.as_str(), r.person.as_str()]);
        let abbreviations = self
            .abbreviations
            .iter()
            .flat_map(|a| [a.form.as_str(), a.other.as_str()]);
        let ranks = self
            .ranks
            .iter()
            .flat_map(|r| [r.rank.as_str(), r.form.as_str()]);
        let spellings = self
            .spellings
            .iter()
            .flat_map(|s| s.families().map(|(house, _)| house));
        names
            .chain(self.titles.iter().map(|t| t.title.as_str()))
            .chain(roles)
            .chain(self.events.iter().map(|e| e.event.as_str()))
            .chain(abbreviations)
            .chain(ranks)
            .chain(self.references.iter().map(|r| r.form.as_str()))
            .chain(spellings)
            .chain(
                self.ships
                    .iter()
                    .flat_map(|s| s.prefixes.iter().map(String::as_str)),
            )
            .chain(self.accepts.iter().map(|a| a.form.as_str()))
            .chain(self.words.iter().map(|w| w.word.as_str()))
    }
}

/// How often and where the corpus shows a form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Occurrences in the corpus. A curated rule, written by a person,
    /// may leave both fields out: the house's word is its evidence.
    #[serde(default)]
    pub seen: u32,
    /// Corpus documents (file stems) it occurs in, sorted.
    #[serde(default)]
    pub documents: Vec<String>,
}

impl Evidence {
    /// `HMS Argyll: 3 times in 2 documents (000_…, 001_…)`.
    pub fn describe(&self, form: &str) -> String {
        if self.seen == 0 && self.documents.is_empty() {
            return format!("{form}: a house rule, kept by hand (no corpus evidence)");
        }
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

    /// The kind in a message's words: `this ship`, `this name` (never the
    /// internal `other`).
    pub fn noun(self) -> &'static str {
        match self {
            NameKind::Other => "name",
            kind => kind.as_str(),
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
    /// The other forms the corpus writes it in (`F35` beside `F-35`), with
    /// their counts and documents: what lost.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rivals: Vec<FormCount>,
}

impl NameRule {
    /// `F-35: 2 times in 1 document (a); rival forms: F35: once in 1
    /// document (b)`.
    pub fn describe(&self) -> String {
        let mut out = self.evidence.describe(&self.name);
        if !self.rivals.is_empty() {
            let rivals: Vec<String> = self
                .rivals
                .iter()
                .map(|r| r.evidence.describe(&r.form))
                .collect();
            out.push_str(&format!("; rival forms: {}", rivals.join("; ")));
        }
        out
    }
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
    /// Why they are variants; a curated rule may leave it out (`house`).
    #[serde(deserialize_with = "word", default = "house_choice")]
    pub kind: SpellingKind,
    #[serde(flatten)]
    pub evidence: Evidence,
    /// How often the corpus uses the variants in ordinary prose.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub variants_seen: u32,
    /// The family's other forms the corpus shows in the house's spelling
    /// (`cooperate` beside `cooperation`), each with the variants it
    /// replaces and its own evidence. The check covers them as it covers
    /// `preferred`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<SpellingForm>,
    /// Forms the check also covers that the corpus never shows in the
    /// house's spelling (inflections generated from the seen ones): no
    /// counts, because there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub generated: Vec<GeneratedForm>,
    /// The forms that lost, as the corpus shows them, with their counts and
    /// documents, so that a reviewer sees what the house decided against.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rivals: Vec<FormCount>,
}

/// The house's spelling conventions beyond single words.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SpellingPolicy {
    /// Whether the house edits spelling inside quotation marks.
    #[serde(deserialize_with = "word")]
    pub quotations: Quotations,
    /// The variants the approved documents keep inside quotations
    /// (`harbor` in a house that writes `harbour`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<String>,
    /// How often they occur there.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub seen: u32,
    /// The documents they are in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
}

/// The house's dialect (`[dialect]`): which side of every British/American
/// pair it writes (`colour` or `color`), and a British house's
/// `-ise`/`-ize` choice (Oxford spelling writes `organize` but `colour`).
/// Learned from the pair words the house uses, proper names left out; a
/// curated table may give `spelling` alone.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DialectRule {
    /// `british` or `american`.
    pub spelling: crate::text::spell::Dialect,
    /// `ise` or `ize`, for a British house (an American house writes
    /// `-ize`). Left out: no `-ise`/`-ize` word is held to either form.
    #[serde(
        default,
        deserialize_with = "some_word",
        skip_serializing_if = "Option::is_none"
    )]
    pub endings: Option<Endings>,
    /// Words of the house's dialect in the corpus, and their documents.
    #[serde(flatten)]
    pub evidence: Evidence,
    /// Words of the other dialect in the corpus (proper names left out).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub other_seen: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_documents: Vec<String>,
    /// The house's `-ise` or `-ize` words (as `endings`), and the other's.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub endings_seen: u32,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub endings_other_seen: u32,
    /// The house's words that showed it most, for the reader (`defence`,
    /// `organisation`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<String>,
}

/// A British house's `-ise`/`-ize` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Endings {
    /// `organise`, `recognised` (the en_GB-ise dictionary).
    Ise,
    /// Oxford spelling: `organize`, `recognized`, but `analyse`.
    Ize,
}

impl DialectRule {
    /// A curated dialect, stated without evidence (`[dialect] spelling =
    /// "american"` in a hand-written file).
    pub fn stated(spelling: crate::text::spell::Dialect) -> DialectRule {
        DialectRule {
            spelling,
            endings: None,
            evidence: Evidence::default(),
            other_seen: 0,
            other_documents: Vec::new(),
            endings_seen: 0,
            endings_other_seen: 0,
            words: Vec::new(),
        }
    }

    /// The policy the checks apply.
    pub fn policy(&self) -> crate::text::variants::Policy {
        crate::text::variants::Policy {
            dialect: self.spelling,
            ize: match self.spelling {
                crate::text::spell::Dialect::American => Some(true),
                crate::text::spell::Dialect::British => self.endings.map(|e| e == Endings::Ize),
            },
        }
    }

    /// How the house spells, in words: `British spellings with -ise`.
    pub fn name(&self) -> &'static str {
        use crate::text::spell::Dialect::*;
        match (self.spelling, self.endings) {
            (American, _) => "American spellings",
            (British, Some(Endings::Ize)) => "British spellings with -ize (Oxford)",
            (British, Some(Endings::Ise)) => "British spellings with -ise",
            (British, None) => "British spellings",
        }
    }

    /// The evidence in words, for the learned file's comment and a
    /// finding's evidence: `[dialect] British spellings with -ise: 40 times
    /// in 5 documents (a, b, …) (defence, organisation); American spellings
    /// not seen; -ise 12 times, -ize not seen`.
    pub fn describe(&self) -> String {
        use crate::text::spell::Dialect::*;
        let times = |n: u32| match n {
            0 => "not seen".to_string(),
            1 => "once".to_string(),
            n => format!("{n} times"),
        };
        let mut out = self
            .evidence
            .describe(&format!("[dialect] {}", self.name()));
        if !self.words.is_empty() {
            out.push_str(&format!(" ({})", self.words.join(", ")));
        }
        let other = match self.spelling {
            British => "American",
            American => "British",
        };
        out.push_str(&format!("; {other} spellings {}", times(self.other_seen)));
        if !self.other_documents.is_empty() {
            out.push_str(&format!(" ({})", self.other_documents.join(", ")));
        }
        if let Some(e) = self.endings {
            let (mine, theirs) = match e {
                Endings::Ise => ("-ise", "-ize"),
                Endings::Ize => ("-ize", "-ise"),
            };
            out.push_str(&format!(
                "; {mine} {}, {theirs} {}",
                times(self.endings_seen),
                times(self.endings_other_seen)
            ));
        }
        out
    }
}

impl Word for Endings {
    const WHAT: &'static str = "endings";
    const EXPECTED: &'static str = "ise or ize";
}

/// How spelling rules treat quoted words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Quotations {
    /// Quotations are kept as the speaker said them: spelling rules do not
    /// apply inside quotation marks.
    Verbatim,
    /// Quotations follow house spelling like any other prose (the default).
    Edited,
}

impl Quotations {
    pub fn as_str(self) -> &'static str {
        match self {
            Quotations::Verbatim => "verbatim",
            Quotations::Edited => "edited",
        }
    }
}

impl std::str::FromStr for Quotations {
    type Err = String;

    fn from_str(s: &str) -> Result<Quotations, String> {
        read_word(s).ok_or_else(|| unknown(Self::WHAT, s, Self::EXPECTED))
    }
}

impl Word for Quotations {
    const WHAT: &'static str = "quotation policy";
    const EXPECTED: &'static str = "verbatim or edited";
}

/// One seen form of a spelling family and the variants it replaces.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SpellingForm {
    pub form: String,
    #[serde(default)]
    pub variants: Vec<String>,
    #[serde(flatten)]
    pub evidence: Evidence,
}

/// A form of a spelling family the corpus does not show.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GeneratedForm {
    pub form: String,
    #[serde(default)]
    pub variants: Vec<String>,
}

/// How often a form was seen, and where.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FormCount {
    pub form: String,
    #[serde(flatten)]
    pub evidence: Evidence,
}

impl SpellingRule {
    /// Every form of the family with the variants it replaces: `preferred`
    /// first, then the seen `forms`, then the `generated` ones.
    pub fn families(&self) -> impl Iterator<Item = (&str, &[String])> + '_ {
        std::iter::once((self.preferred.as_str(), self.variants.as_slice()))
            .chain(
                self.forms
                    .iter()
                    .map(|f| (f.form.as_str(), f.variants.as_slice())),
            )
            .chain(
                self.generated
                    .iter()
                    .map(|f| (f.form.as_str(), f.variants.as_slice())),
            )
    }

    /// The evidence in words, rivals included: `cooperation: 9 times in 3
    /// documents (a, b, c); cooperate: once in 1 document (d); also covered
    /// (not seen): cooperated; rivals: co-operation: 4 times in 2 documents
    /// (e, f)`.
    pub fn describe(&self) -> String {
        let mut out = self.evidence.describe(&self.preferred);
        for f in &self.forms {
            out.push_str("; ");
            out.push_str(&f.evidence.describe(&f.form));
        }
        if !self.generated.is_empty() {
            let gen: Vec<&str> = self.generated.iter().map(|g| g.form.as_str()).collect();
            out.push_str(&format!(
                "; generated, not seen in the corpus: {}",
                gen.join(", ")
            ));
        }
        if self.rivals.is_empty() {
            if self.variants_seen == 0 {
                out.push_str("; rival forms not seen");
            }
        } else {
            let rivals: Vec<String> = self
                .rivals
                .iter()
                .map(|r| r.evidence.describe(&r.form))
                .collect();
            out.push_str(&format!("; rival forms: {}", rivals.join("; ")));
        }
        out
    }
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
    /// The house chose the form, for no reason the rule names (a curated
    /// rule written without a `kind`).
    House,
}

fn house_choice() -> SpellingKind {
    SpellingKind::House
}

impl SpellingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SpellingKind::Hyphenation => "hyphenation",
            SpellingKind::Spacing => "spacing",
            SpellingKind::BritishAmerican => "british-american",
            SpellingKind::Case => "case",
            SpellingKind::Consistency => "consistency",
            SpellingKind::House => "house",
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
    const EXPECTED: &'static str =
        "hyphenation, spacing, british-american, case, consistency or house";
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
    /// The documents the other form was seen in: what lost, and where.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_documents: Vec<String>,
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

/// A word the house writes (`Kishida`, `counternarcotics`): never an
/// unknown word. Matched as the dictionary matches: a word written in lower
/// case is known capitalised or in capitals too; one written with a
/// capital only so.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WordRule {
    pub word: String,
    #[serde(flatten)]
    pub evidence: Evidence,
    /// Why, for the reviewer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A form the house allows as written (`Ana-Ruiz`, `e-mail` in a quoted
/// title): never flagged, by any rule.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptRule {
    pub form: String,
    /// Why, for the reviewer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A learned rule the house vetoes: every rule whose own form is `form`
/// (a name, a title, a spelling's house form or one of its variants, an
/// event, a role written `Role Person`) is left out of the pack, in the
/// tables named by `tables` (all of them when it is empty).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RejectRule {
    pub form: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<RejectTable>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The tables a `[[reject]]` may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RejectTable {
    Name,
    Title,
    Spelling,
    Event,
    Role,
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
    /// What a learned style rests on: for each style seen in the corpus's
    /// prose (`gov.uk`, `ap`, `us`, `iso`, and `ap or us` for a
    /// month-first date that both write alike, `March 3, 2026`), how many
    /// dates and in which documents. Empty in a curated table.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub evidence: BTreeMap<String, Evidence>,
}

/// How a house writes dates in prose.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
pub enum DateStyle {
    /// `8 January 2016`: day, month in full, year; no ordinal, no comma;
    /// a weekday without a comma (`Friday 8 January 2016`).
    #[default]
    #[serde(rename = "gov.uk")]
    GovUk,
    /// Associated Press: `Jan. 8, 2026`. With a day, Jan., Feb., Aug.,
    /// Sept., Oct., Nov. and Dec. are abbreviated and March to July spelled
    /// out (`March 3, 2026`); `Tuesday, Jan. 13, 2026`.
    #[serde(rename = "ap")]
    Ap,
    /// US long form: `January 8, 2026`, every month in full.
    #[serde(rename = "us")]
    Us,
    /// ISO 8601: `2026-01-08`.
    #[serde(rename = "iso")]
    Iso,
}

impl DateStyle {
    pub const ALL: [DateStyle; 4] = [
        DateStyle::GovUk,
        DateStyle::Ap,
        DateStyle::Us,
        DateStyle::Iso,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DateStyle::GovUk => "gov.uk",
            DateStyle::Ap => "ap",
            DateStyle::Us => "us",
            DateStyle::Iso => "iso",
        }
    }

    /// The style named `s` (`gov.uk`, `ap`, `us`, `iso`).
    pub fn from_name(s: &str) -> Option<DateStyle> {
        DateStyle::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// The style's own date, for messages: `8 January 2016`,
    /// `Jan. 8, 2016`.
    pub fn example(self) -> &'static str {
        match self {
            DateStyle::GovUk => "8 January 2016",
            DateStyle::Ap => "Jan. 8, 2016",
            DateStyle::Us => "January 8, 2016",
            DateStyle::Iso => "2016-01-08",
        }
    }
}

impl Word for DateStyle {
    const WHAT: &'static str = "date style";
    const EXPECTED: &'static str = "gov.uk, ap, us or iso";
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

/// `[builtin]`: how a pack uses the built-in conventions it is layered on
/// (the project's `rules/curated/`). Absent: all of them.
///
/// ```toml
/// [builtin]
/// use = false          # nothing built in
/// off = ["ships"]      # every built-in part but these
/// ```
///
/// A part is a convention table the built-in layer states (`dates`,
/// `ships`); an unknown part is an error at its value. When several files
/// of a pack have a `[builtin]` table, a part any of them switches off is
/// off, and `use = false` in any of them switches everything off.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BuiltinUse {
    /// `false`: the pack sits on nothing built in.
    #[serde(default = "yes", rename = "use")]
    pub enabled: bool,
    /// Built-in parts (convention tables) left out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub off: Vec<String>,
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
