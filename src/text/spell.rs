//! The spelling dictionaries: general knowledge of English words, in the
//! house's dialect.
//!
//! Two Hunspell dictionaries from SCOWL (`data/dictionaries/`, see its
//! README for provenance and licence) are embedded in the binary and read
//! with `spellbook`, the Hunspell-compatible reader Helix uses. A dictionary
//! is parsed the first time it is asked for (about 13 ms) and kept for the
//! life of the process; nothing is read from disk or the network.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// Which English a house writes, as far as spelling goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dialect {
    /// `colour`, `centre`, `defence` (the `-ise` dictionary; a house's
    /// `-ize` policy is learned separately).
    British,
    /// `color`, `center`, `defense`.
    American,
}

impl Dialect {
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::British => "british",
            Dialect::American => "american",
        }
    }

    /// The other dialect.
    pub fn other(self) -> Dialect {
        match self {
            Dialect::British => Dialect::American,
            Dialect::American => Dialect::British,
        }
    }
}

/// One parsed dictionary.
pub struct Speller {
    dictionary: spellbook::Dictionary,
}

impl Speller {
    /// Whether the dictionary knows `word` as written (Hunspell's rules:
    /// a capitalised or all-capital form of a lower-case word is known; a
    /// proper noun written in lower case is not).
    pub fn knows(&self, word: &str) -> bool {
        self.dictionary.check(word)
    }

    /// The dictionary's suggestions for `word`, best first. Slow (tens of
    /// milliseconds a word): call it only for words already found unknown,
    /// and cache the answer.
    pub fn suggest(&self, word: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.dictionary.suggest(word, &mut out);
        out
    }
}

static BRITISH: OnceLock<Option<Speller>> = OnceLock::new();
static AMERICAN: OnceLock<Option<Speller>> = OnceLock::new();

/// The dictionary of `dialect`, parsed on first use. `None` only if the
/// embedded files fail to parse, which a unit test rules out; callers then
/// check no spelling rather than panic.
pub fn speller(dialect: Dialect) -> Option<&'static Speller> {
    let (cell, aff, dic) = match dialect {
        Dialect::British => (
            &BRITISH,
            include_str!("data/dictionaries/en_GB.aff"),
            include_str!("data/dictionaries/en_GB.dic"),
        ),
        Dialect::American => (
            &AMERICAN,
            include_str!("data/dictionaries/en_US.aff"),
            include_str!("data/dictionaries/en_US.dic"),
        ),
    };
    cell.get_or_init(|| {
        spellbook::Dictionary::new(aff, dic)
            .ok()
            .map(|dictionary| Speller { dictionary })
    })
    .as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_embedded_dictionaries_parse_and_know_their_dialect() {
        let gb = speller(Dialect::British).expect("en_GB parses");
        let us = speller(Dialect::American).expect("en_US parses");
        assert!(gb.knows("colour") && !gb.knows("color"));
        assert!(us.knows("color") && !us.knows("colour"));
        for word in ["cooperation", "peacekeeping", "Government", "UK's"] {
            assert!(gb.knows(word) && us.knows(word), "{word}");
        }
        assert!(!gb.knows("recieve") && !us.knows("recieve"));
        assert_eq!(
            us.suggest("recieve").first().map(String::as_str),
            Some("receive")
        );
    }
}
