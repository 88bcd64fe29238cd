//! Planting typos into copies of approved documents, and the record of
//! each: where it is in the planted text, what kind it is, what stood
//! there and what a right fix writes back.
//!
//! Everything here is deterministic: sites are drawn with a splitmix64
//! generator seeded from the corpus, document and kind names, and every
//! collection that is iterated is ordered. What is planted depends only on
//! the approved documents, the names the house's learned pack lists, the
//! embedded dictionaries (`draftlint::text::spell`) and the
//! British/American pairs (`draftlint::text::variants`), never on what the
//! checks find.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use draftlint::text::quotes;
use draftlint::text::spell::{speller, Dialect};
use draftlint::text::variants::counterpart;
use draftlint::{Document, Format};

/// The kinds of typo planted, each a row of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    NameTranspose,
    NameDrop,
    NameDouble,
    WordTranspose,
    WordDrop,
    WordDouble,
    CompoundSpacing,
    CompoundHyphen,
    DialectSwap,
    CaseLinebreak,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::NameTranspose,
        Kind::NameDrop,
        Kind::NameDouble,
        Kind::WordTranspose,
        Kind::WordDrop,
        Kind::WordDouble,
        Kind::CompoundSpacing,
        Kind::CompoundHyphen,
        Kind::DialectSwap,
        Kind::CaseLinebreak,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::NameTranspose => "name-transpose",
            Kind::NameDrop => "name-drop",
            Kind::NameDouble => "name-double",
            Kind::WordTranspose => "word-transpose",
            Kind::WordDrop => "word-drop",
            Kind::WordDouble => "word-double",
            Kind::CompoundSpacing => "compound-spacing",
            Kind::CompoundHyphen => "compound-hyphen",
            Kind::DialectSwap => "dialect-swap",
            Kind::CaseLinebreak => "case-linebreak",
        }
    }

    fn edit(self) -> Option<Edit> {
        match self {
            Kind::NameTranspose | Kind::WordTranspose => Some(Edit::Transpose),
            Kind::NameDrop | Kind::WordDrop => Some(Edit::Drop),
            Kind::NameDouble | Kind::WordDouble => Some(Edit::Double),
            _ => None,
        }
    }
}

/// splitmix64 (Steele, Lea and Flood 2014): small, fast, and the same on
/// every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A generator seeded from names (FNV-1a over them), so that adding a
    /// document or a kind moves no other document's plants.
    pub fn from_names(names: &[&str]) -> Rng {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for name in names {
            for b in name.bytes().chain([0]) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        Rng(h)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Fisher-Yates.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// One approved document.
pub struct Doc {
    /// The file name, unique in its corpus.
    pub name: String,
    pub text: String,
    pub format: Format,
}

/// One planted typo.
#[derive(Debug, Clone)]
pub struct Plant {
    pub kind: Kind,
    /// The byte range of the typo in the planted text.
    pub span: Range<usize>,
    /// The byte range it replaced in the approved document.
    pub source: Range<usize>,
    /// What the approved document has there.
    pub original: String,
    /// What was planted.
    pub planted: String,
    /// What a right fix writes over `span`: `original`, except that a
    /// name split by a line break keeps the break where it was.
    pub want: String,
}

/// A place a typo can go, before the document's plants are chosen.
struct Site {
    range: Range<usize>,
    planted: String,
    want: String,
    /// What the site is a typo of (a name word, a compound): plants in one
    /// document are spread over different ones first.
    key: String,
}

#[derive(Clone, Copy)]
enum Edit {
    Transpose,
    Drop,
    Double,
}

/// What a corpus knows, read once: its vocabulary, the name words and
/// multi-word names to plant in, its compounds and its dialect.
pub struct House {
    name: String,
    /// Every word of the corpus, lower-cased.
    vocabulary: BTreeSet<String>,
    /// The same, outside quotations.
    unquoted: BTreeSet<String>,
    /// The documents' text with line breaks read as spaces.
    flat: String,
    counterpart: Counterpart,
    /// Words of learned names to misspell: distinctive words of each name
    /// (not an ordinary English word when lower-cased) and acronyms, and
    /// acronyms and names in capitals that two documents or more write.
    pub name_words: BTreeSet<String>,
    /// Learned names of two or more words.
    pub multi_word_names: BTreeSet<String>,
    /// Compounds the house writes consistently, with the form it uses.
    pub compounds: BTreeMap<String, Compound>,
    /// The dialect of most words with a British/American counterpart
    /// outside quotations, if any has one.
    pub dialect: Option<Dialect>,
}

/// The British/American pair lookup: `draftlint::text::variants::counterpart`
/// (a unit test passes a stand-in).
pub type Counterpart = fn(&str) -> Option<(Dialect, String)>;

/// A compound of two parts as the house writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compound {
    pub first: String,
    pub second: String,
    pub hyphenated: bool,
}

/// English function words, and word-forming prefixes and endings that are
/// also words: a closed word that splits into one of these (`some|thing`,
/// `partner|ship`, `aware|ness`, `sustain|able`, `inter|national`) is not a
/// compound a house has a policy on. General knowledge of English, not of
/// any corpus.
const NOT_COMPOUND_PARTS: &[&str] = &[
    "able", "ably", "after", "ages", "ally", "anti", "ants", "anything", "ates", "auto", "body",
    "ever", "every", "fold", "fore", "from", "fully", "further", "hence", "here", "hood", "hoods",
    "hyper", "infra", "inter", "into", "intra", "ions", "less", "like", "ling", "lings", "macro",
    "micro", "mini", "more", "multi", "ness", "never", "none", "other", "over", "para", "poly",
    "rein", "self", "selves", "semi", "ship", "ships", "some", "super", "that", "their", "them",
    "then", "there", "these", "thing", "this", "those", "trans", "ultra", "under", "upon", "ward",
    "wards", "what", "when", "where", "which", "while", "whom", "wise", "with", "your",
];

/// The house's forms of a word are compared lower-cased; the corpus must
/// show a compound in at least this many documents to make it the house's.
const COMPOUND_DOCUMENTS: usize = 2;

fn known(word: &str) -> bool {
    [Dialect::British, Dialect::American]
        .iter()
        .any(|d| speller(*d).is_some_and(|s| s.knows(word)))
}

/// Word tokens: runs of letters and digits, with an apostrophe or hyphen
/// between two of them kept inside (`O'Halloran`, `counter-terrorism`).
pub fn tokens(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let joiner = matches!(c, '\'' | '’' | '-')
            && start.is_some()
            && chars.get(k + 1).is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || joiner {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(s..i);
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// Whether the token at `range` stands alone: not part of a URL, an
/// address, a path or a file name (`example.gov/stormsentinel`,
/// `press@nordholm.gov`).
fn stands_alone(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let before2 = text[..range.start].chars().rev().nth(1);
    let after = text[range.end..].chars().next();
    let after2 = text[range.end..].chars().nth(1);
    let joined = |c: Option<char>| matches!(c, Some('/' | '@' | '_' | '\\' | '=' | '#' | '~'));
    let dotted = |dot: Option<char>, next: Option<char>| {
        dot == Some('.') && next.is_some_and(char::is_alphanumeric)
    };
    !joined(before) && !joined(after) && !dotted(before, before2) && !dotted(after, after2)
}

/// Byte offsets where sentences start: after `.`, `!` or `?` (and any
/// closing quotes or brackets) followed by white space, except after an
/// abbreviation (`Mr.`, `Va.`, `U.S.`), and at every blank line and line
/// of a heading or list.
pub fn sentence_starts(text: &str) -> Vec<usize> {
    let mut out = vec![0];
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        match c {
            '.' | '!' | '?' => {
                let mut j = i + 1;
                while j < bytes.len() && matches!(bytes[j], b'"' | b')' | b'\'') {
                    j += 1;
                }
                while text[j..].starts_with('”') || text[j..].starts_with('’') {
                    j += '”'.len_utf8();
                }
                if !text[j..].starts_with(char::is_whitespace) {
                    continue;
                }
                if c == '.' {
                    let word = text[..i]
                        .rsplit(|ch: char| ch.is_whitespace() || ch == '(')
                        .next()
                        .unwrap_or("");
                    let abbreviation = word.contains('.')
                        || (word.chars().count() <= 4
                            && word.chars().next().is_some_and(char::is_uppercase));
                    if abbreviation {
                        continue;
                    }
                }
                out.push(j);
            }
            '\n' => {
                let rest = &text[i + 1..];
                let line = rest.lines().next().unwrap_or("");
                let trimmed = line.trim_start();
                let here = text[..i].lines().next_back().unwrap_or("").trim_start();
                if trimmed.is_empty()
                    || here.is_empty()
                    || trimmed.starts_with(['#', '-', '*', '+', '|', '>'])
                    || here.starts_with(['#', '|'])
                {
                    out.push(i + 1);
                }
            }
            _ => {}
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The typo `edit` makes in `word`, at a position drawn from `rng`, such
/// that the result is no word the dictionaries, the corpus or the house's
/// names know (that would be another word, not a typo). The first letter
/// is kept, as in most typing slips, and so is the case of every letter of
/// a mixed-case word (`O'Halloran`: only `alloran` is touched). `None` if
/// no position gives a typo.
fn misspell(
    word: &str,
    edit: Edit,
    rng: &mut Rng,
    is_known: &dyn Fn(&str) -> bool,
) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    let all_caps = chars.iter().filter(|c| c.is_alphabetic()).count() >= 2
        && chars.iter().all(|c| !c.is_lowercase());
    let editable =
        |i: usize| i >= 1 && chars[i].is_alphabetic() && (all_caps || !chars[i].is_uppercase());
    let mut options: Vec<String> = Vec::new();
    for i in 0..chars.len() {
        let mut out = chars.clone();
        match edit {
            Edit::Transpose => {
                if i + 1 >= chars.len() || !editable(i) || !editable(i + 1) {
                    continue;
                }
                if chars[i] == chars[i + 1] {
                    continue;
                }
                out.swap(i, i + 1);
            }
            Edit::Drop => {
                // An acronym of three letters dropped to two is no longer
                // a near miss anyone can call (short acronyms are matched
                // by transposition only).
                if !editable(i) || (all_caps && chars.len() < 4) {
                    continue;
                }
                out.remove(i);
            }
            Edit::Double => {
                if !editable(i)
                    || (all_caps && chars.len() < 4)
                    || chars.get(i + 1) == Some(&chars[i])
                    || chars[i - 1] == chars[i]
                {
                    continue;
                }
                out.insert(i, chars[i]);
            }
        }
        let out: String = out.into_iter().collect();
        if out != word && !is_known(&out) {
            options.push(out);
        }
    }
    options.dedup();
    if options.is_empty() {
        None
    } else {
        let k = rng.below(options.len());
        Some(options.swap_remove(k))
    }
}

fn is_capitalised(word: &str) -> bool {
    let mut c = word.chars();
    c.next().is_some_and(char::is_uppercase) && c.any(char::is_lowercase)
}

fn is_acronym(word: &str) -> bool {
    let n = word.chars().count();
    (3..=6).contains(&n) && word.chars().all(|c| c.is_ascii_uppercase())
}

impl House {
    /// Reads the corpus `docs` with the names its learned pack lists.
    pub fn new(name: &str, docs: &[Doc], learned_names: &[String]) -> House {
        House::with_counterpart(name, docs, learned_names, counterpart)
    }

    /// [`House::new`] with another British/American pair lookup.
    pub fn with_counterpart(
        name: &str,
        docs: &[Doc],
        learned_names: &[String],
        counterpart: Counterpart,
    ) -> House {
        let mut vocabulary = BTreeSet::new();
        let mut unquoted = BTreeSet::new();
        let flat = docs
            .iter()
            .map(|d| d.text.replace(['\n', '\r'], " "))
            .collect::<Vec<_>>()
            .join("\n");
        // Lower-cased word -> documents; and the three forms of compounds.
        let mut in_docs: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut capitals: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        let mut dialects: BTreeMap<Dialect, usize> = BTreeMap::new();
        for (d, doc) in docs.iter().enumerate() {
            let parsed = Document::parse(&doc.text, doc.format);
            let quoted = quotes::quoted_spans(&doc.text);
            let toks = prose_tokens(&parsed);
            for (k, r) in toks.iter().enumerate() {
                let word = &doc.text[r.clone()];
                let lower = word.to_lowercase();
                vocabulary.insert(lower.clone());
                for part in lower.split(['-', '\'', '’']) {
                    vocabulary.insert(part.to_string());
                }
                *counts.entry(lower.clone()).or_default() += 1;
                // Compounds are read from words as written, in lower case
                // (not `Creek-Fort` of a name, nor `harborview` of an
                // address).
                if word.chars().all(|c| c.is_lowercase() || c == '-') && stands_alone(&doc.text, r)
                {
                    in_docs.entry(lower.clone()).or_default().insert(d);
                }
                // Acronyms and names in capitals (`DCR`, `JMSDF`,
                // `HAVBLIK`), not words in capitals (`FOR IMMEDIATE
                // RELEASE`).
                let capital =
                    (3..=12).contains(&word.len()) && word.chars().all(|c| c.is_ascii_uppercase());
                if capital && !known(&lower) {
                    capitals.entry(word.to_string()).or_default().insert(d);
                }
                // Spaced pairs, for the rival forms of compounds.
                if let Some(next) = toks.get(k + 1) {
                    let gap = &doc.text[r.end..next.start];
                    if gap == " " || gap == "\n" {
                        let pair = format!("{lower} {}", doc.text[next.clone()].to_lowercase());
                        *counts.entry(pair).or_default() += 1;
                    }
                }
                if !quotes::inside(&quoted, r) {
                    unquoted.insert(lower.clone());
                    if word.chars().all(char::is_lowercase) {
                        if let Some((dialect, _)) = counterpart(word) {
                            *dialects.entry(dialect).or_default() += 1;
                        }
                    }
                }
            }
        }

        let mut name_words = BTreeSet::new();
        let mut multi_word_names = BTreeSet::new();
        for name in learned_names {
            let words: Vec<&str> = name.split(' ').collect();
            if words.len() >= 2 {
                multi_word_names.insert(name.clone());
            }
            for word in name.split([' ', '-']) {
                // `Halloran`, `Nordholm`, `HAVBLIK`; not `Coastal`, `May`.
                let distinctive = word.chars().all(|c| c.is_alphabetic() || c == '\'')
                    && word.chars().filter(|c| c.is_alphabetic()).count() >= 4
                    && (is_capitalised(word) || word.chars().all(|c| !c.is_lowercase()))
                    && !known(&word.to_lowercase());
                if distinctive || (is_acronym(word) && !known(&word.to_lowercase())) {
                    name_words.insert(word.to_string());
                }
            }
        }
        // Acronyms and names in capitals that two documents or more use,
        // whether the pack lists them or not.
        for (word, in_docs) in capitals {
            if in_docs.len() >= 2 {
                name_words.insert(word);
            }
        }

        let count = |form: &str| counts.get(form).copied().unwrap_or(0);
        let mut compounds = BTreeMap::new();
        for (word, docs_with) in &in_docs {
            if docs_with.len() < COMPOUND_DOCUMENTS
                || !word.chars().all(|c| c.is_alphabetic() || c == '-')
            {
                continue;
            }
            let compound = if let Some((a, b)) = word.split_once('-') {
                let ok = !b.contains('-')
                    && !a.is_empty()
                    && b.chars().count() >= 3
                    && a.chars().all(char::is_lowercase)
                    && b.chars().all(char::is_lowercase);
                ok.then(|| Compound {
                    first: a.to_string(),
                    second: b.to_string(),
                    hyphenated: true,
                })
            } else {
                // Both parts words the dictionary knows; a part of four
                // letters only if the house also writes it on its own (the
                // dictionary lists abbreviations: `comm|unity`,
                // `hosp|ital`).
                let part =
                    |p: &str| known(p) && (p.chars().count() >= 5 || in_docs.contains_key(p));
                closed_split(word, &part).map(|(a, b)| Compound {
                    first: a,
                    second: b,
                    hyphenated: false,
                })
            };
            let Some(c) = compound else { continue };
            let own = count(word);
            let rivals = [
                format!("{}{}", c.first, c.second),
                format!("{}-{}", c.first, c.second),
                format!("{} {}", c.first, c.second),
            ];
            let rival: usize = rivals.iter().filter(|f| *f != word).map(|f| count(f)).sum();
            if rival < own {
                compounds.insert(word.clone(), c);
            }
        }

        let dialect = match (
            dialects.get(&Dialect::British).copied().unwrap_or(0),
            dialects.get(&Dialect::American).copied().unwrap_or(0),
        ) {
            (0, 0) => None,
            (b, a) if b > a => Some(Dialect::British),
            (b, a) if a > b => Some(Dialect::American),
            _ => None,
        };
        House {
            name: name.to_string(),
            vocabulary,
            unquoted,
            flat,
            counterpart,
            name_words,
            multi_word_names,
            compounds,
            dialect,
        }
    }

    /// Whether every occurrence of `name` in the corpus, in any case, is
    /// written exactly so.
    fn always_cased(&self, name: &str) -> bool {
        let lower = self.flat.to_lowercase();
        if lower.len() != self.flat.len() {
            return true; // Lower-casing moved offsets: no comparison.
        }
        lower
            .match_indices(&name.to_lowercase())
            .all(|(at, m)| self.flat.get(at..at + m.len()) == Some(name))
    }

    fn knows(&self, word: &str) -> bool {
        known(word)
            || self.vocabulary.contains(&word.to_lowercase())
            || self.name_words.contains(word)
    }

    /// The copy of `doc` with up to `per_doc` typos of `kind` planted, in
    /// different sentences, and the record of each, in text order.
    pub fn plant(&self, doc: &Doc, kind: Kind, per_doc: usize) -> (String, Vec<Plant>) {
        let mut rng = Rng::from_names(&[&self.name, &doc.name, kind.as_str()]);
        let parsed = Document::parse(&doc.text, doc.format);
        let mut sites = self.sites(doc, &parsed, kind, &mut rng);
        rng.shuffle(&mut sites);
        let sentences = sentence_starts(&doc.text);
        let sentence = |at: usize| sentences.partition_point(|&s| s <= at);
        let mut chosen: Vec<Site> = Vec::new();
        // First different keys (a surname, an acronym, a compound), then
        // any; never two in one sentence.
        for distinct in [true, false] {
            let mut rest = Vec::new();
            for site in sites {
                let free = chosen.len() < per_doc
                    && chosen.iter().all(|c| {
                        sentence(c.range.start) != sentence(site.range.start)
                            && sentence(c.range.end) != sentence(site.range.end)
                            && (!distinct || c.key != site.key)
                    });
                if free {
                    chosen.push(site);
                } else {
                    rest.push(site);
                }
            }
            sites = rest;
        }
        chosen.sort_by_key(|s| s.range.start);
        apply(&doc.text, kind, chosen)
    }

    fn sites(&self, doc: &Doc, parsed: &Document, kind: Kind, rng: &mut Rng) -> Vec<Site> {
        let text = doc.text.as_str();
        let toks = prose_tokens(parsed);
        let is_known = |w: &str| self.knows(w);
        let mut out = Vec::new();
        match kind {
            Kind::NameTranspose | Kind::NameDrop | Kind::NameDouble => {
                let edit = kind.edit().expect("an edit kind");
                for r in toks {
                    let word = &text[r.clone()];
                    // A possessive or a hyphenated name is planted in its
                    // name word.
                    for (part, at) in name_parts(word) {
                        if !self.name_words.contains(part) {
                            continue;
                        }
                        let range = r.start + at..r.start + at + part.len();
                        if !stands_alone(text, &r) {
                            continue;
                        }
                        if let Some(typo) = misspell(part, edit, rng, &is_known) {
                            out.push(Site {
                                range,
                                planted: typo,
                                want: part.to_string(),
                                key: part.to_string(),
                            });
                        }
                    }
                }
            }
            Kind::WordTranspose | Kind::WordDrop | Kind::WordDouble => {
                let edit = kind.edit().expect("an edit kind");
                for r in toks {
                    let word = &text[r.clone()];
                    let ordinary = word.chars().count() >= 5
                        && word.chars().all(|c| c.is_alphabetic() && c.is_lowercase())
                        && stands_alone(text, &r)
                        && known(word);
                    if !ordinary {
                        continue;
                    }
                    if let Some(typo) = misspell(word, edit, rng, &is_known) {
                        out.push(Site {
                            range: r.clone(),
                            planted: typo,
                            want: word.to_string(),
                            key: word.to_string(),
                        });
                    }
                }
            }
            Kind::CompoundSpacing | Kind::CompoundHyphen => {
                for r in toks {
                    let word = &text[r.clone()];
                    let Some(c) = self.compounds.get(word) else {
                        continue;
                    };
                    if !stands_alone(text, &r) {
                        continue;
                    }
                    let planted = match (kind, c.hyphenated) {
                        (Kind::CompoundSpacing, _) => format!("{} {}", c.first, c.second),
                        (_, false) => format!("{}-{}", c.first, c.second),
                        (_, true) => format!("{}{}", c.first, c.second),
                    };
                    out.push(Site {
                        range: r.clone(),
                        planted,
                        want: word.to_string(),
                        key: word.to_string(),
                    });
                }
            }
            Kind::DialectSwap => {
                let Some(house) = self.dialect else {
                    return out;
                };
                let quoted = quotes::quoted_spans(text);
                for r in toks {
                    let word = &text[r.clone()];
                    if !word.chars().all(char::is_lowercase)
                        || quotes::inside(&quoted, &r)
                        || !stands_alone(text, &r)
                    {
                        continue;
                    }
                    let Some((dialect, other)) = (self.counterpart)(word) else {
                        continue;
                    };
                    // Only a word in the house's dialect, whose other
                    // spelling the corpus never writes outside a quotation.
                    if dialect != house || self.unquoted.contains(&other.to_lowercase()) {
                        continue;
                    }
                    out.push(Site {
                        range: r.clone(),
                        planted: other,
                        want: word.to_string(),
                        key: word.to_string(),
                    });
                }
            }
            Kind::CaseLinebreak => {
                for name in &self.multi_word_names {
                    for (at, _) in text.match_indices(name.as_str()) {
                        let range = at..at + name.len();
                        if !parsed.is_prose(&range)
                            || !whole_word(text, &range)
                            || !stands_alone(text, &range)
                            || !breakable_line(text, at)
                        {
                            continue;
                        }
                        let Some((planted, want)) = split_with_case(name, rng) else {
                            continue;
                        };
                        // Only a name the corpus always writes in one case
                        // (not a learned `Coastal Communities` beside
                        // `coastal communities`): else the changed case
                        // may be no departure.
                        if self.always_cased(name) {
                            out.push(Site {
                                range,
                                planted,
                                want,
                                key: name.clone(),
                            });
                        }
                    }
                }
            }
        }
        out
    }
}

/// The words of a document's prose (tokens with a letter), for rates per
/// 10,000 words.
pub fn prose_words(doc: &Doc) -> usize {
    let parsed = Document::parse(&doc.text, doc.format);
    prose_tokens(&parsed)
        .into_iter()
        .filter(|r| doc.text[r.clone()].chars().any(char::is_alphabetic))
        .count()
}

/// The tokens inside prose regions.
fn prose_tokens(doc: &Document) -> Vec<Range<usize>> {
    doc.prose_slices()
        .flat_map(|(start, slice)| {
            tokens(slice)
                .into_iter()
                .map(move |r| start + r.start..start + r.end)
        })
        .collect()
}

/// A token's name words with their offsets: the parts of a hyphenated
/// name, each without a possessive `'s`.
fn name_parts(word: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    for part in word.split('-') {
        let bare = part
            .strip_suffix("'s")
            .or_else(|| part.strip_suffix("’s"))
            .unwrap_or(part);
        out.push((bare, at));
        at += part.len() + 1;
    }
    out
}

fn whole_word(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Whether a soft line break may go into the line holding `at`: not a
/// heading, table row, quotation block or a line underlined as a heading.
fn breakable_line(text: &str, at: usize) -> bool {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = text[start..end].trim_start();
    let next = text
        .get(end + 1..)
        .unwrap_or("")
        .lines()
        .next()
        .unwrap_or("");
    let underline = !next.trim().is_empty() && next.trim().chars().all(|c| c == '=' || c == '-');
    !line.starts_with(['#', '|', '>']) && !underline
}

/// A multi-word name with one word boundary turned into a line break and
/// the case of the word after it changed (`VIGILANT ISLES` ->
/// `VIGILANT\nIsles`, `Harborview Housing Trust` -> `Harborview
/// Housing\ntrust`), and the right fix (the name, the break kept).
fn split_with_case(name: &str, rng: &mut Rng) -> Option<(String, String)> {
    let words: Vec<&str> = name.split(' ').collect();
    let breaks: Vec<usize> = (1..words.len())
        .filter(|&k| {
            let w = words[k];
            w.chars().count() >= 2
                && w.chars().all(char::is_alphabetic)
                && w.chars().next().is_some_and(char::is_uppercase)
        })
        .collect();
    if breaks.is_empty() {
        return None;
    }
    let k = breaks[rng.below(breaks.len())];
    let w = words[k];
    let changed = if w.chars().all(char::is_uppercase) {
        let mut c = w.chars();
        let first: String = c.next().into_iter().collect();
        first + &c.as_str().to_lowercase()
    } else {
        w.to_lowercase()
    };
    let join = |middle: &str| {
        format!(
            "{}\n{}{}",
            words[..k].join(" "),
            middle,
            words[k + 1..]
                .iter()
                .map(|w| format!(" {w}"))
                .collect::<String>()
        )
    };
    Some((join(&changed), join(w)))
}

/// The unique split of a closed word into two words of four letters or
/// more that `part` accepts, neither of them a function word or an ending
/// (`peace|keeping`, `storm|water`), if there is one.
fn closed_split(word: &str, part: &dyn Fn(&str) -> bool) -> Option<(String, String)> {
    if !word.chars().all(|c| c.is_ascii_lowercase()) || word.len() < 8 {
        return None;
    }
    let mut found = None;
    for i in 4..=word.len() - 4 {
        let (a, b) = word.split_at(i);
        if NOT_COMPOUND_PARTS.contains(&a) || NOT_COMPOUND_PARTS.contains(&b) {
            continue;
        }
        if part(a) && part(b) {
            if found.is_some() {
                return None;
            }
            found = Some((a.to_string(), b.to_string()));
        }
    }
    found
}

/// Writes the chosen sites (in text order, not overlapping) into a copy
/// of `text` and records each plant's span in the copy.
fn apply(text: &str, kind: Kind, sites: Vec<Site>) -> (String, Vec<Plant>) {
    let mut out = String::with_capacity(text.len() + 64);
    let mut plants = Vec::new();
    let mut at = 0;
    for site in sites {
        if site.range.start < at {
            continue;
        }
        out.push_str(&text[at..site.range.start]);
        let start = out.len();
        out.push_str(&site.planted);
        plants.push(Plant {
            kind,
            span: start..out.len(),
            source: site.range.clone(),
            original: text[site.range.clone()].to_string(),
            planted: site.planted,
            want: site.want,
        });
        at = site.range.end;
    }
    out.push_str(&text[at..]);
    (out, plants)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_is_the_published_sequence() {
        // The first outputs for seed 1234567, from the reference C code.
        let mut rng = Rng::new(1_234_567);
        assert_eq!(rng.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(rng.next_u64(), 3_203_168_211_198_807_973);
        let mut a = Rng::from_names(&["seeds", "a.txt"]);
        let mut b = Rng::from_names(&["seeds", "a.txt"]);
        let mut c = Rng::from_names(&["seedsa", ".txt"]);
        let x = a.next_u64();
        assert_eq!(x, b.next_u64());
        assert_ne!(x, c.next_u64());
    }

    #[test]
    fn misspellings_are_never_words_and_keep_first_letters_and_case() {
        let is_known = |w: &str| known(w);
        for seed in 0..50 {
            let mut rng = Rng::new(seed);
            let t = misspell("receive", Edit::Transpose, &mut rng, &is_known).unwrap();
            assert!(t.starts_with('r') && !known(&t) && t.len() == 7, "{t}");
            let d = misspell("O'Halloran", Edit::Drop, &mut rng, &is_known).unwrap();
            assert!(d.starts_with("O'H") && d.len() == 9, "{d}");
            let x = misspell("JMSDF", Edit::Transpose, &mut rng, &is_known).unwrap();
            assert!(x.starts_with('J') && x != "JMSDF" && x.len() == 5, "{x}");
            let g = misspell("Argyll", Edit::Double, &mut rng, &is_known).unwrap();
            assert!(
                g.starts_with('A') && g.len() == 7 && !g.contains("lll"),
                "{g}"
            );
        }
        // A change that gives a known word is never planted.
        let mut rng = Rng::new(7);
        for _ in 0..20 {
            let only = misspell("abcd", Edit::Transpose, &mut rng, &|w: &str| w == "acbd");
            assert_eq!(only.as_deref(), Some("abdc"));
        }
        assert_eq!(
            misspell("abc", Edit::Transpose, &mut rng, &|w: &str| w == "acb"),
            None
        );
        // A three-letter acronym is only ever transposed.
        assert_eq!(misspell("HMS", Edit::Drop, &mut rng, &is_known), None);
        assert_eq!(
            misspell("HMS", Edit::Transpose, &mut rng, &is_known).as_deref(),
            Some("HSM")
        );
    }

    #[test]
    fn tokens_keep_inner_apostrophes_and_hyphens() {
        let text = "Mr O'Halloran's counter-terrorism plan - at dcr.example.gov/stormsentinel.";
        let words: Vec<&str> = tokens(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            words,
            [
                "Mr",
                "O'Halloran's",
                "counter-terrorism",
                "plan",
                "at",
                "dcr",
                "example",
                "gov",
                "stormsentinel"
            ]
        );
        let r = tokens(text).pop().unwrap();
        assert!(!stands_alone(text, &r));
        let r = tokens(text)[3].clone();
        assert!(stands_alone(text, &r));
    }

    #[test]
    fn sentences_end_at_full_stops_but_not_after_abbreviations() {
        let text = "Mr. Abe met the U.S. team. They agreed.\n\n# Next\nA line";
        let starts = sentence_starts(text);
        let of = |s: &str| starts.partition_point(|&x| x <= text.find(s).unwrap());
        assert_eq!(of("Abe"), of("team"));
        assert_eq!(of("U.S."), of("team"));
        assert_ne!(of("team"), of("They"));
        assert_ne!(of("They"), of("Next"));
        assert_ne!(of("Next"), of("A line"));
        assert_eq!(of("A line"), of("line"));
    }

    #[test]
    fn closed_compounds_split_once_into_two_content_words() {
        // As if the house also wrote every part on its own.
        let part = |p: &str| known(p);
        assert_eq!(
            closed_split("peacekeeping", &part),
            Some(("peace".to_string(), "keeping".to_string()))
        );
        assert_eq!(
            closed_split("stormwater", &part),
            Some(("storm".to_string(), "water".to_string()))
        );
        for not in [
            "something",
            "partnership",
            "awareness",
            "sustainable",
            "however",
            "international",
        ] {
            assert_eq!(closed_split(not, &part), None, "{not}");
        }
        // Abbreviations the dictionary lists (`comm`) are parts only if
        // the house writes them.
        let house = ["unity", "storm", "water"];
        let part = |p: &str| known(p) && house.contains(&p);
        assert_eq!(closed_split("community", &part), None);
        assert!(closed_split("stormwater", &part).is_some());
    }

    #[test]
    fn a_split_name_keeps_the_break_in_its_fix() {
        let mut rng = Rng::new(3);
        let (planted, want) = split_with_case("VIGILANT ISLES", &mut rng).unwrap();
        assert_eq!(
            (planted.as_str(), want.as_str()),
            ("VIGILANT\nIsles", "VIGILANT\nISLES")
        );
        let (planted, want) = split_with_case("Mikael van der Berg", &mut rng).unwrap();
        assert_eq!(
            (planted.as_str(), want.as_str()),
            ("Mikael van der\nberg", "Mikael van der\nBerg")
        );
        assert_eq!(split_with_case("STORM 26", &mut rng), None);
    }

    /// A stand-in for the variants data (a stub on main): three pairs.
    fn pairs(word: &str) -> Option<(Dialect, String)> {
        let pairs = [
            ("colour", "color"),
            ("centre", "center"),
            ("organise", "organize"),
        ];
        pairs.iter().find_map(|(gb, us)| {
            if word == *gb {
                Some((Dialect::British, us.to_string()))
            } else if word == *us {
                Some((Dialect::American, gb.to_string()))
            } else {
                None
            }
        })
    }

    #[test]
    fn dialect_swaps_go_outside_quotations_in_the_houses_dialect_only() {
        let docs = vec![Doc {
            name: "a.md".to_string(),
            text: "The colour of the centre changed. We organize it.\n\n\
                   \"A color,\" she said. The colour again, and the centre.\n"
                .to_string(),
            format: Format::Markdown,
        }];
        let house = House::with_counterpart("test", &docs, &[], pairs);
        // colour, centre, centre, colour (British) against organize
        // (American) outside the quotation: a British house.
        assert_eq!(house.dialect, Some(Dialect::British));
        let (planted, plants) = house.plant(&docs[0], Kind::DialectSwap, 3);
        let swaps: BTreeSet<(&str, &str)> = plants
            .iter()
            .map(|p| (p.original.as_str(), &planted[p.span.clone()]))
            .collect();
        // Two sentences outside the quotation hold `colour` and `centre`:
        // one plant in each, of different words; `organize` is not the
        // house's dialect, and nothing is planted inside the quotation
        // (`color` there is the speaker's).
        assert_eq!(plants.len(), 2);
        assert_eq!(
            swaps,
            BTreeSet::from([("centre", "center"), ("colour", "color")])
        );
        // An other-dialect spelling the house writes outside quotations
        // is not a departure: `centre` is then not planted.
        let mixed = vec![Doc {
            name: "b.md".to_string(),
            text: format!("{}The center opened.\n", docs[0].text),
            format: Format::Markdown,
        }];
        let house = House::with_counterpart("test", &mixed, &[], pairs);
        let (_, plants) = house.plant(&mixed[0], Kind::DialectSwap, 3);
        assert!(!plants.is_empty() && plants.iter().all(|p| p.original == "colour"));
        // The stub on main knows no pair: nothing to plant.
        let none = House::with_counterpart("test", &docs, &[], |_| None);
        assert_eq!(none.dialect, None);
        assert!(none.plant(&docs[0], Kind::DialectSwap, 3).1.is_empty());
    }

    #[test]
    fn a_name_the_corpus_also_writes_in_another_case_is_not_split() {
        let doc = |text: &str| Doc {
            name: "a.md".to_string(),
            text: text.to_string(),
            format: Format::Markdown,
        };
        let names = ["Coastal Communities".to_string()];
        let always = vec![doc("The Coastal Communities office met.\n")];
        let house = House::new("test", &always, &names);
        let (planted, plants) = house.plant(&always[0], Kind::CaseLinebreak, 3);
        assert_eq!(plants.len(), 1);
        assert_eq!(&planted[plants[0].span.clone()], "Coastal\ncommunities");
        assert_eq!(plants[0].want, "Coastal\nCommunities");
        let mixed = vec![doc(
            "The Coastal Communities office met.\n\nMany coastal communities flood.\n",
        )];
        let house = House::new("test", &mixed, &names);
        assert!(house.plant(&mixed[0], Kind::CaseLinebreak, 3).1.is_empty());
    }

    #[test]
    fn plants_are_recorded_where_they_are_and_undo_to_the_original() {
        let docs = vec![Doc {
            name: "a.md".to_string(),
            text: "The Harborview Housing Trust met. Later the Harborview Housing Trust \
                   voted again. The trust's decision was recorded by the Harborview Housing Trust.\n"
                .to_string(),
            format: Format::Markdown,
        }];
        let house = House::new("test", &docs, &["Harborview Housing Trust".to_string()]);
        assert!(house.name_words.contains("Harborview"));
        for kind in [Kind::NameTranspose, Kind::WordDrop, Kind::CaseLinebreak] {
            let (planted, plants) = house.plant(&docs[0], kind, 3);
            assert!(!plants.is_empty(), "{kind:?}");
            let mut undone = planted.clone();
            for p in plants.iter().rev() {
                assert_eq!(&planted[p.span.clone()], p.planted, "{kind:?}");
                assert_eq!(&docs[0].text[p.source.clone()], p.original);
                undone.replace_range(p.span.clone(), &p.original);
            }
            assert_eq!(undone, docs[0].text, "{kind:?}");
            let sentences = sentence_starts(&docs[0].text);
            let ids: BTreeSet<usize> = plants
                .iter()
                .map(|p| sentences.partition_point(|&s| s <= p.source.start))
                .collect();
            assert_eq!(
                ids.len(),
                plants.len(),
                "{kind:?}: two plants in one sentence"
            );
        }
    }
}
