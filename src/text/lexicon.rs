//! General knowledge of English and of public-service writing that learners
//! and checks share: honorifics, decorations, ranks, office words, ship
//! prefixes. Nothing here is specific to any corpus; what a house *prefers*
//! is always learned from its documents.

/// Honorifics before a surname, without any full stop.
pub const HONORIFICS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Rev", "Sir", "Dame", "Lord", "Lady",
];

/// Honorifics that say nothing of rank or office and may differ between
/// sources for the same person (`Mrs May` / `Ms May`).
pub const COURTESY_TITLES: &[&str] = &["Mr", "Mrs", "Ms", "Miss", "Mx"];

/// Words that decorate a name before it (`the Rt Hon`, `H.E.`), compared
/// without full stops.
pub const NAME_PREFIXES: &[&str] = &[
    "Rt",
    "Hon",
    "Right",
    "Honourable",
    "HE",
    "His",
    "Her",
    "Excellency",
    "The",
    "Sir",
    "Dame",
];

/// Letters after a name (`MP`, `OBE`).
pub const POST_NOMINALS: &[&str] = &[
    "MP", "MSP", "MS", "MLA", "MEP", "QC", "KC", "OBE", "MBE", "CBE", "KBE", "DBE", "KCB", "GCB",
    "KCMG", "GCMG", "CMG", "DSO", "MC", "ADC", "PC", "DL", "FRS",
];

/// Military and police ranks, full and abbreviated, that stand before an
/// officer's name.
pub const RANKS: &[&str] = &[
    "General",
    "Gen",
    "Lieutenant",
    "Lt",
    "Lieut",
    "Colonel",
    "Col",
    "Major",
    "Maj",
    "Captain",
    "Capt",
    "Commander",
    "Cdr",
    "Cmdr",
    "Admiral",
    "Adm",
    "Commodore",
    "Cdre",
    "Brigadier",
    "Brig",
    "Sergeant",
    "Sgt",
    "Corporal",
    "Cpl",
    "Private",
    "Pte",
    "Marshal",
    "Air",
    "Vice",
    "Rear",
    "Squadron",
    "Wing",
    "Group",
    "Flight",
    "Officer",
    "Warrant",
    "Chief",
    "Petty",
    "Able",
    "Seaman",
    "Rating",
    "Lance",
    "Staff",
    "Field",
    "Fleet",
    "Surgeon",
    "Second",
    "First",
];

/// Last words of an office or rank title (`Foreign Secretary`,
/// `Prime Minister`, `First Sea Lord`).
pub const OFFICE_HEADS: &[&str] = &[
    "Secretary",
    "Minister",
    "Ministers",
    "Chancellor",
    "President",
    "Ambassador",
    "Lord",
    "Commander",
    "General",
    "Admiral",
    "Captain",
    "Colonel",
    "Major",
    "Lieutenant",
    "Director",
    "Chief",
    "Governor",
    "Mayor",
    "Senator",
    "Spokesman",
    "Spokeswoman",
    "Spokesperson",
    "Chair",
    "Chairman",
    "Chairwoman",
    "Envoy",
    "Attorney",
    "Commissioner",
    "Marshal",
    "Brigadier",
    "Commodore",
    "Sergeant",
    "Leader",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Emperor",
    "Empress",
    "Premier",
    "Chairperson",
    "Deputy",
    "Counsellor",
    "Consul",
    "Adviser",
    "Advisor",
    "Officer",
    "Head",
    // Offices of local and agency government.
    "Manager",
    "Administrator",
    "Superintendent",
    "Clerk",
    "Treasurer",
    "Auditor",
    "Inspector",
    "Coordinator",
    "Executive",
    "Registrar",
    "Comptroller",
    "Controller",
    "Speaker",
    "Solicitor",
    "Prosecutor",
    "Sheriff",
    "Councillor",
    "Councilor",
    "Councilmember",
    "Alderman",
];

// ---- h-names: qualifiers, particles, titles of office ----

/// Words that qualify a title of office and belong to it (`Interim Police
/// Chief`, `Acting City Manager`): the title is the whole phrase.
pub const TITLE_QUALIFIERS: &[&str] = &[
    "Acting",
    "Interim",
    "Deputy",
    "Assistant",
    "Associate",
    "Senior",
    "Principal",
    "Vice",
    "Joint",
    "Executive",
];

/// Lower-case words before a title that say the title is not (or not yet)
/// the person's current one (`former Mayor X`, `then-Governor X`).
pub const PAST_QUALIFIERS: &[&str] = &["former", "then", "late", "outgoing", "ex"];

/// Lower-case particles inside personal names (`de Vries`, `bin Salman`,
/// `van der Berg`, `af Ekström`).
pub const NAME_PARTICLES: &[&str] = &[
    "de", "del", "della", "der", "den", "di", "da", "das", "dos", "du", "van", "von", "zu", "bin",
    "bint", "ibn", "al", "el", "af", "av", "la", "le", "ten", "ter", "y",
];

/// Connectors that continue a title of office after its head word
/// (`Secretary of State for Consular Affairs`, `Minister for Trade and
/// Investment`).
pub const TITLE_CONNECTORS: &[&str] = &["of", "for", "and", "on", "to"];

/// Ranks that end a rank title before a name (`Maj. Gen.`, `Rear Adm.`,
/// `Lt Col`): the last word of a rank, abbreviated or spelled out.
pub const RANK_HEADS: &[&str] = &[
    "General",
    "Gen",
    "Admiral",
    "Adm",
    "Colonel",
    "Col",
    "Major",
    "Maj",
    "Captain",
    "Capt",
    "Commander",
    "Cdr",
    "Cmdr",
    "Lieutenant",
    "Lt",
    "Brigadier",
    "Brig",
    "Commodore",
    "Cdre",
    "Sergeant",
    "Sgt",
    "Corporal",
    "Cpl",
    "Private",
    "Pte",
    "Marshal",
    "Ensign",
    "Seaman",
];

/// Prefixes of ships' names.
pub const SHIP_PREFIXES: &[&str] = &[
    "HMS", "HMY", "RFA", "RMS", "USS", "USNS", "HMAS", "HMCS", "HMNZS", "HDMS", "HNLMS", "HNoMS",
    "HSwMS", "INS", "JS", "ROKS", "FS", "ITS", "SPS", "BNS", "NRP", "TCG", "KRI", "RSS", "PNS",
    "HTMS", "BRP", "SAS", "ARA", "BAP", "HMIS", "CNS",
];

/// Words that join the parts of a proper name (`Department of Defense`,
/// `Strategic Defence and Security Review`).
pub const NAME_CONNECTORS: &[&str] = &[
    "of", "and", "for", "on", "the", "de", "du", "von", "van", "da", "&",
];

/// Whether `word` (without any full stop) is in `list`.
pub fn is_in(list: &[&str], word: &str) -> bool {
    let w = word.trim_end_matches('.');
    list.contains(&w)
}

/// Whether `word` is an office head word written in lower case
/// (`minister`, `spokeswoman`).
pub fn is_lower_office_head(word: &str) -> bool {
    static LOWER: std::sync::LazyLock<Vec<String>> =
        std::sync::LazyLock::new(|| OFFICE_HEADS.iter().map(|h| h.to_lowercase()).collect());
    word.starts_with(char::is_lowercase) && LOWER.iter().any(|h| h == word)
}

/// A nationality or country adjective or code before a title
/// (`Japanese`, `British`, `UK`, `US`): not part of the title itself.
pub fn is_nationality(word: &str) -> bool {
    let w = word;
    (w.len() <= 3 && w.chars().all(|c| c.is_ascii_uppercase()))
        || (w.chars().next().is_some_and(char::is_uppercase)
            && ["ese", "ish", "ian", "can", "ean"]
                .iter()
                .any(|s| w.ends_with(s))
            && !OFFICE_HEADS.contains(&w)
            && w.len() > 3
            && ![
                "Foreign", "Defence", "Defense", "Home", "Prime", "First", "Deputy", "Chief",
                "Trade",
            ]
            .contains(&w))
}

// ---- Ranks and abbreviated titles before names (h-abbrev) ----

/// Ranks and titles that stand before a name, each spelled out and with the
/// abbreviations houses write for it (compared without any full stop). A
/// house writes each one way (`Capt.` or `Capt` or `Captain`); which way is
/// learned. `Mr`, `Dr` and the courtesy titles are [`HONORIFICS`].
pub const RANK_FORMS: &[(&str, &[&str])] = &[
    ("Admiral", &["Adm"]),
    ("Brigadier", &["Brig"]),
    ("Captain", &["Capt"]),
    ("Colonel", &["Col"]),
    ("Commander", &["Cmdr", "Cdr", "Comdr"]),
    ("Commodore", &["Cdre", "Commo"]),
    ("Corporal", &["Cpl"]),
    ("Councillor", &["Cllr"]),
    ("Detective", &["Det"]),
    ("General", &["Gen"]),
    ("Governor", &["Gov"]),
    ("Inspector", &["Insp"]),
    ("Lieutenant", &["Lt", "Lieut"]),
    ("Major", &["Maj"]),
    ("Private", &["Pte", "Pvt"]),
    ("Professor", &["Prof"]),
    ("Representative", &["Rep"]),
    ("Reverend", &["Rev", "Revd"]),
    ("Senator", &["Sen"]),
    ("Sergeant", &["Sgt"]),
    ("Superintendent", &["Supt"]),
];

/// The rank that `word` (without any full stop) spells out or abbreviates,
/// and whether it is the spelled-out form: `Cmdr` → `("Commander", false)`.
pub fn rank_of(word: &str) -> Option<(&'static str, bool)> {
    // Every rank is capitalised: most words leave here.
    if !word.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    RANK_FORMS.iter().find_map(|&(full, abbrs)| {
        if word == full {
            Some((full, true))
        } else {
            abbrs.contains(&word).then_some((full, false))
        }
    })
}

/// Ship prefixes that are not also everyday abbreviations (`the SAS`, `the
/// ITS` are ordinary prose): the ones before which an article is judged.
/// The same list as the built-in `rules/curated/ships.toml` (a test keeps
/// them equal); a learned `[ships]` table lists them all.
pub const SHIP_ARTICLE_PREFIXES: &[&str] = &[
    "HMS", "HMY", "RFA", "USS", "USNS", "USCGC", "HMAS", "HMCS", "HMNZS", "INS", "PNS", "BNS",
    "SLNS", "JS", "ROKS", "FS", "FGS", "HNLMS", "HDMS", "HNoMS", "HSwMS", "ESPS", "NRP", "TCG",
    "KRI", "BRP",
];

/// Abbreviations that houses write dotted or undotted (`U.S.` or `US`), as
/// (undotted, dotted). Which one a house writes is learned.
pub const DOTTED_ABBREVIATIONS: &[(&str, &str)] = &[
    ("US", "U.S."),
    ("UK", "U.K."),
    ("UN", "U.N."),
    ("EU", "E.U."),
    ("DC", "D.C."),
];

/// Byte offsets in `text` where `form` (`US` or `U.S.`) stands as a whole
/// abbreviation: no letter or digit touching it, and the undotted form not
/// followed by a full stop and a letter (`U.S` of `U.S.S.R.`).
pub fn abbreviation_at(text: &str, form: &str) -> Vec<usize> {
    text.match_indices(form)
        .map(|(at, _)| at)
        .filter(|&at| stands_alone(text, at, form))
        .collect()
}

/// Whether `form`, found at `at` in `text`, stands as a whole abbreviation
/// there (see [`abbreviation_at`]).
pub fn stands_alone(text: &str, at: usize, form: &str) -> bool {
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let before = text[..at].chars().next_back();
    let rest = &text[at + form.len()..];
    let mut after = rest.chars();
    let next = after.next();
    let touches = alnum(before) || before == Some('.') || alnum(next);
    let longer = next == Some('.') && !form.ends_with('.') && alnum(after.next());
    !touches && !longer
}

/// Last words that mark an organisation.
pub const ORG_HEADS: &[&str] = &[
    "Force",
    "Forces",
    "Army",
    "Navy",
    "Council",
    "Ministry",
    "Department",
    "Agency",
    "Bank",
    "Union",
    "Party",
    "Office",
    "Group",
    "Command",
    "Corps",
    "Service",
    "Services",
    "Committee",
    "Commission",
    "Parliament",
    "Government",
    "Organisation",
    "Organization",
    "Alliance",
    "Nations",
    "Institute",
    "University",
];

/// Last words that mark a named document or agreement.
pub const DOC_HEADS: &[&str] = &[
    "Review",
    "Declaration",
    "Strategy",
    "Act",
    "Agreement",
    "Treaty",
    "Report",
    "Plan",
    "Paper",
    "Arrangement",
    "Framework",
    "Charter",
    "Convention",
    "Accord",
    "Memorandum",
    "Programme",
    "Program",
    "Initiative",
    "Partnership",
];
