//! The generated Vale style of `benches/vale.rs`, also loaded by
//! `benches/lsp.rs`: 500 rules in the proportions a team's styles have.

use std::path::{Path, PathBuf};

pub fn seeds() -> Vec<String> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// The seeds' distinct lower-case words of four letters or more, sorted.
fn words() -> Vec<String> {
    let mut w: Vec<String> = seeds()
        .iter()
        .flat_map(|t| {
            t.split(|c: char| !c.is_alphabetic())
                .filter(|w| w.len() >= 4 && w.chars().all(|c| c.is_lowercase()))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    w.sort();
    w.dedup();
    w
}

/// Words a plain-English style asks writers to avoid.
const AVOID: &[&str] = &[
    "agenda",
    "advancing",
    "collaborate",
    "combating",
    "commit",
    "pledge",
    "countering",
    "deliver",
    "deploy",
    "dialogue",
    "disincentivise",
    "empower",
    "facilitate",
    "focusing",
    "foster",
    "impact",
    "initiate",
    "key",
    "land",
    "leverage",
    "liaise",
    "overarching",
    "progress",
    "promote",
    "robust",
    "slimming down",
    "streamline",
    "strengthening",
    "tackling",
    "transforming",
    "utilise",
    "going forward",
    "in order to",
    "ring fencing",
    "one-stop shop",
    "drive out",
    "in due course",
    "thought leadership",
    "best practice",
    "touch base",
    "stakeholder",
    "synergy",
    "paradigm",
    "holistic",
    "incentivise",
    "mainstream",
    "outwith",
    "quality assured",
    "ramping up",
    "abort",
    "above-mentioned",
    "actionable",
    "administrate",
    "aforementioned",
    "as of",
    "at this point in time",
    "bleeding edge",
    "commence",
    "comprise",
    "demonstrate",
    "endeavour",
    "erroneous",
    "expedite",
    "finalise",
    "henceforth",
    "herein",
    "heretofore",
    "hitherto",
    "impactful",
    "in addition",
    "in excess of",
    "in lieu of",
    "in the event that",
    "irregardless",
    "methodology",
    "notwithstanding",
    "numerous",
    "obtain",
    "optimal",
    "per se",
    "prior to",
    "proactive",
    "pursuant to",
    "regarding",
    "remuneration",
    "subsequently",
    "sufficient",
    "terminate",
    "therein",
    "thereof",
    "transmit",
    "upon",
    "utilisation",
    "whereas",
    "whilst",
    "with regard to",
    "with respect to",
    "additionally",
    "approximately",
    "assist",
    "commitment",
    "enhance",
    "ensure",
    "initiative",
    "significant",
    "strategic",
    "underpin",
    "value-added",
    "world-class",
    "cutting-edge",
    "game-changer",
];

/// Which words the word lists list.
#[derive(Clone, Copy)]
pub enum Lists {
    /// Words to avoid with their inflections; a seed word in one rule in
    /// eight.
    Plain,
    /// Words of the seeds only.
    Dense,
}

/// A style of `n` rules in `dir`; returns its `.vale.ini`.
pub fn style(dir: &Path, n: usize, lists: Lists) -> PathBuf {
    let styles = dir.join("styles/Big");
    std::fs::create_dir_all(&styles).unwrap();
    let words = words();
    let seed_word = |i: usize| words[(i * 37) % words.len()].clone();
    // The `k`-th token of all the word lists.
    let word = |k: usize| match lists {
        Lists::Dense => seed_word(k),
        Lists::Plain if k % 32 == 0 => seed_word(k / 32),
        Lists::Plain => {
            let base = AVOID[k % AVOID.len()];
            let ending = ["", "s", "ed", "ing"][(k / AVOID.len()) % 4];
            format!("{base}{ending}")
        }
    };
    const FORMULAS: &[&str] = &[
        "(0.39 * (words / sentences)) + (11.8 * (syllables / words)) - 15.59",
        "206.835 - (1.015 * (words / sentences)) - (84.6 * (syllables / words))",
        "0.4 * ((words / sentences) + 100 * (complex_words / words))",
        "(5.89 * (characters / words)) - (0.3 * (sentences / (words / 100))) - 15.8",
        "1.0430 * sqrt(polysyllabic_words * 30.0 / sentences) + 3.1291",
        "(4.71 * (characters / words)) + (0.5 * (words / sentences)) - 21.43",
        "(words / sentences) + (long_words * 100 / words)",
    ];
    for i in 0..n {
        let body = match i % 25 {
            // Word lists: four in five rules.
            0..=9 => format!(
                "extends: existence\nmessage: \"Avoid '%s'.\"\nignorecase: true\ntokens:\n  - {}\n  - {}\n  - {}\n  - {}xq\n",
                word(i * 4),
                word(i * 4 + 1),
                word(i * 4 + 2),
                word(i * 4 + 3)
            ),
            10..=19 => format!(
                "extends: substitution\nmessage: \"Use '%s' rather than '%s'.\"\nignorecase: true\nswap:\n  {}: {}x\n  {}: {}x\n  {}q: other\n",
                word(i * 3),
                word(i * 3),
                word(i * 3 + 1),
                word(i * 3 + 1),
                word(i * 3 + 2)
            ),
            20 => format!(
                "extends: occurrence\nmessage: \"%s words.\"\nscope: sentence\nmax: {}\ntoken: '\\b\\w+\\b'\n",
                35 + i % 20
            ),
            21 => format!(
                "extends: repetition\nmessage: \"'%s' twice.\"\nalpha: {}\ntokens: ['[^\\s.,;:!?]+']\n",
                i % 2 == 0
            ),
            22 => format!(
                "extends: consistency\nmessage: \"Inconsistent '%s'.\"\neither:\n  {}: {}s\n",
                seed_word(i),
                seed_word(i)
            ),
            23 => format!(
                "extends: capitalization\nmessage: \"'%s'\"\nscope: heading\nmatch: {}\n",
                if i % 2 == 0 { "$sentence" } else { "$title" }
            ),
            _ => if i % 2 == 0 {
                "extends: conditional\nmessage: \"Define '%s'.\"\nfirst: '\\b([A-Z]{3,5})\\b'\nsecond: '(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3,5})\\)'\n".to_string()
            } else {
                format!(
                    "extends: metric\nmessage: \"Grade %s.\"\nformula: {}\ncondition: \"> 300\"\n",
                    FORMULAS[i % FORMULAS.len()]
                )
            },
        };
        std::fs::write(styles.join(format!("R{i:03}.yml")), body).unwrap();
    }
    let ini = dir.join(".vale.ini");
    std::fs::write(&ini, "StylesPath = styles\n[*]\nBasedOnStyles = Big\n").unwrap();
    ini
}
