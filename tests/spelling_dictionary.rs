//! `spelling/unknown`: the house's dictionary and its own words, through a
//! pack on disk as a house keeps it.

use std::path::Path;

use draftlint::text::spell::{speller, spelling_words, Dialect};
use draftlint::{Engine, Format, RulePack};

mod cli_support;
/// A pack folder with `files` (relative path, text).
use cli_support::tempdir_with as pack_dir;

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
    // A British spelling is one finding, the dialect's (`spelling/variant`),
    // not a second one from the dictionary.
    let text = "The colour of the centre.\n";
    let found: Vec<(&str, &str)> = e
        .check(text, Format::Markdown)
        .into_iter()
        .map(|d| (&text[d.range], d.code))
        .collect();
    assert_eq!(
        found,
        [
            ("colour", "spelling/variant"),
            ("centre", "spelling/variant")
        ]
    );
    // A slip is corrected to the house's dialect.
    let text = "The neighborhod.\n";
    let d = e
        .check(text, Format::Markdown)
        .into_iter()
        .find(|d| d.code == "spelling/unknown")
        .expect("a slip is flagged");
    assert_eq!(d.fixes[0].edits[0].replacement, "neighborhood");
}

/// Which dictionary knows more of `corpus`'s words that only one of them
/// knows: the test's stand-in for the learned `[dialect]` when the pack
/// has none.
fn majority_dialect(corpus: &draftlint::learn::Corpus) -> Dialect {
    let (gb, us) = (
        speller(Dialect::British).unwrap(),
        speller(Dialect::American).unwrap(),
    );
    let (mut only_gb, mut only_us) = (0, 0);
    for doc in &corpus.docs {
        for (base, slice) in doc.prose_slices() {
            for w in spelling_words(slice, base) {
                match (gb.knows(w.text), us.knows(w.text)) {
                    (true, false) => only_gb += 1,
                    (false, true) => only_us += 1,
                    _ => {}
                }
            }
        }
    }
    if only_gb >= only_us {
        Dialect::British
    } else {
        Dialect::American
    }
}

/// The precision gate: a house's approved documents, checked with the pack
/// learned from them, give at most one `spelling/unknown` warning per
/// 10,000 words. Prints what is still flagged, for the record.
#[test]
fn approved_documents_checked_with_their_own_pack_are_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut corpora = vec![root.join("seeds")];
    for house in std::fs::read_dir(root.join("tests/houses")).unwrap() {
        let approved = house.unwrap().path().join("approved");
        if approved.is_dir() {
            corpora.push(approved);
        }
    }
    corpora.sort();
    let (mut all_words, mut all_warnings) = (0, 0);
    for corpus_dir in corpora {
        let (learned, errors) =
            draftlint::learn::learn_dirs(std::slice::from_ref(&corpus_dir)).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        let dir = tempfile::tempdir().unwrap();
        draftlint::learn::write_pack(&learned, &dir.path().join("learned")).unwrap();
        let (corpus, _) = draftlint::learn::Corpus::read(std::slice::from_ref(&corpus_dir));
        let stated = learned.files.values().any(|t| t.contains("\n[dialect]\n"));
        if !stated {
            let d = majority_dialect(&corpus);
            std::fs::create_dir_all(dir.path().join("curated")).unwrap();
            std::fs::write(
                dir.path().join("curated/dialect.toml"),
                format!("[dialect]\nspelling = \"{}\"\n", d.as_str()),
            )
            .unwrap();
        }
        let e = engine(dir.path());
        let (mut words, mut warnings) = (0, Vec::new());
        for doc in &corpus.docs {
            words += doc.text.split_whitespace().count();
            for d in e.check(&doc.text, doc.format) {
                if d.code == "spelling/unknown" {
                    warnings.push(format!("{}: {}", doc.id, d.message));
                } else if d.code == "spelling/unknown-name" {
                    println!("  (information) {}: {}", doc.id, &doc.text[d.range]);
                }
            }
        }
        println!(
            "{}: {words} words, {} warnings",
            corpus_dir.display(),
            warnings.len()
        );
        for w in &warnings {
            println!("  {w}");
        }
        all_words += words;
        all_warnings += warnings.len();
    }
    println!("all: {all_words} words, {all_warnings} warnings");
    assert!(
        all_warnings * 10_000 <= all_words,
        "{all_warnings} spelling/unknown warnings in {all_words} approved words"
    );
}

fn replacements(d: &draftlint::Diagnostic) -> Vec<String> {
    d.fixes
        .iter()
        .flat_map(|f| f.edits.iter().map(|e| e.replacement.clone()))
        .collect()
}

/// Findings do not depend on what the check's shared tables already hold,
/// nor on how a long draft is split between threads: a paragraph gives the
/// same findings alone, in a long draft, and checked again.
#[test]
fn findings_do_not_depend_on_what_was_checked_before() {
    let dir = pack_dir(&[("curated/house.toml", BRITISH)]);
    let para = |i: usize| {
        format!(
            "Paragraph {i}: we recieve zqx{i}word and Zorblat{i} with seperate \
             qqvlm{i}x notes; Recieve them, said the Defence Secertary.\n\n",
            i = ["a", "b", "c", "d", "e", "f"][i % 6].repeat(1 + i % 4)
        )
    };
    let text: String = (0..3000).map(para).collect();
    assert!(text.len() > 300_000);
    let fresh = engine(dir.path());
    let alone: Vec<_> = fresh.check(&para(7), Format::Markdown);
    let e = engine(dir.path());
    let first = e.check(&text, Format::Markdown);
    let again = e.check(&text, Format::Markdown);
    assert_eq!(first, again);
    let at = text.find(&para(7)).unwrap();
    let in_long: Vec<_> = first
        .iter()
        .filter(|d| d.range.start >= at && d.range.end <= at + para(7).len())
        .map(|d| (d.range.start - at, d.code, replacements(d)))
        .collect();
    let alone: Vec<_> = alone
        .iter()
        .map(|d| (d.range.start, d.code, replacements(d)))
        .collect();
    assert_eq!(in_long, alone);
    assert!(alone.len() >= 6, "{alone:?}");
}

#[test]
fn new_names_can_be_switched_off_and_a_line_disabled() {
    let text = "We met Vantaggio and recieve it.\n\n<!-- draftlint-disable-next-line spelling/unknown -->\nWe recieve it.\n";
    let dir = pack_dir(&[(
        "curated/house.toml",
        "[dialect]\nspelling = \"british\"\n\n[severity]\n\"spelling/unknown-name\" = \"off\"\n",
    )]);
    assert_eq!(
        unknown(&engine(dir.path()), text),
        [("recieve", "spelling/unknown")]
    );
}
