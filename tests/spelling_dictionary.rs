//! `spelling/unknown`: the house's dictionary and its own words, through a
//! pack on disk as a house keeps it.

use std::path::Path;

use draftlint::{Engine, Format, RulePack};

/// A pack folder with `files` (relative path, text).
fn pack_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn engine(dir: &Path) -> Engine {
    let (pack, errors) = RulePack::load_layered(dir).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    let (engine, errors) = Engine::new(pack);
    assert!(errors.is_empty(), "{errors:?}");
    engine
}

fn unknown<'t>(engine: &Engine, text: &'t str) -> Vec<(&'t str, &'static str)> {
    engine
        .check(text, Format::Markdown)
        .into_iter()
        .filter(|d| d.code.starts_with("spelling/unknown"))
        .map(|d| (&text[d.range], d.code))
        .collect()
}

const BRITISH: &str = "[dialect]\nspelling = \"british\"\n";

#[test]
fn without_a_dialect_the_dictionary_is_not_used() {
    let dir = pack_dir(&[("curated/house.toml", "[[accept]]\nform = \"x\"\n")]);
    assert!(unknown(&engine(dir.path()), "We recieve it.").is_empty());
}

#[test]
fn house_words_from_toml_and_a_plain_list_are_known() {
    let text = "Zorblat and quixling met Vantaggio about recieve.\n";
    let dir = pack_dir(&[("curated/house.toml", BRITISH)]);
    assert_eq!(
        unknown(&engine(dir.path()), text),
        [
            // First in its sentence with no word one edit away: a name.
            ("Zorblat", "spelling/unknown-name"),
            ("quixling", "spelling/unknown"),
            ("Vantaggio", "spelling/unknown-name"),
            ("recieve", "spelling/unknown"),
        ]
    );
    let dir = pack_dir(&[
        (
            "curated/house.toml",
            "[dialect]\nspelling = \"british\"\n\n[[word]]\nword = \"quixling\"\nnote = \"a product\"\n",
        ),
        (
            "curated/words.txt",
            "# People and places the dictionary lacks\nZorblat\n\n  Vantaggio   # the envoy\n",
        ),
    ]);
    assert_eq!(
        unknown(&engine(dir.path()), text),
        [("recieve", "spelling/unknown")]
    );
}

#[test]
fn a_bad_word_list_line_is_an_error_at_its_line_and_the_rest_loads() {
    let dir = pack_dir(&[
        ("curated/house.toml", BRITISH),
        ("curated/words.txt", "Zorblat\n  two words\nF-35\n"),
    ]);
    let (pack, errors) = RulePack::load_layered(dir.path()).unwrap();
    let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    let path = dir.path().join("curated/words.txt").display().to_string();
    assert_eq!(
        shown,
        [
            format!("{path}:2:3: 'two words' is not one word: write each word of a phrase on its own line"),
            format!("{path}:3:1: 'F-35' is not a word: '3' is not a letter, apostrophe, hyphen or full stop"),
        ]
    );
    // The pack's other files still load.
    assert!(pack.merged.dialect.is_some());
}

#[test]
fn a_bad_word_entry_is_an_error_at_its_value() {
    let dir = pack_dir(&[("curated/house.toml", "[[word]]\nword = \"a b\"\n")]);
    let (_, errors) = RulePack::load_layered(dir.path()).unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].line, errors[0].column), (Some(2), Some(8)));
}

#[test]
fn names_titles_and_accepted_forms_are_house_words() {
    let dir = pack_dir(&[(
        "curated/house.toml",
        "[dialect]\nspelling = \"british\"\n\n\
         [[name]]\nname = \"Siobhan Quarrington\"\nkind = \"person\"\n\n\
         [[name]]\nname = \"HMS Vantaggio\"\nkind = \"ship\"\n\n\
         [[accept]]\nform = \"zorblat\"\n",
    )]);
    let e = engine(dir.path());
    assert!(
        unknown(&e, "Ms Quarrington boarded Vantaggio's launch; zorblat.\n").is_empty(),
        "{:?}",
        unknown(&e, "Ms Quarrington boarded Vantaggio's launch; zorblat.\n")
    );
}

#[test]
fn an_american_house_uses_the_american_dictionary() {
    let dir = pack_dir(&[("curated/house.toml", "[dialect]\nspelling = \"american\"\n")]);
    let e = engine(dir.path());
    assert!(unknown(&e, "The color of the center.\n").is_empty());
    assert_eq!(
        unknown(&e, "The colour of the centre.\n"),
        [
            ("colour", "spelling/unknown"),
            ("centre", "spelling/unknown")
        ]
    );
}
