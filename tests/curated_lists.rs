//! A house's own lists: curated rules written by hand need no evidence.

use draftlint::{Engine, Format, RulePack};

#[test]
fn curated_rules_without_evidence_load_and_apply() {
    let dir = tempfile::tempdir().unwrap();
    let curated = dir.path().join("curated");
    std::fs::create_dir_all(&curated).unwrap();
    std::fs::write(
        curated.join("house.toml"),
        "[[name]]\nname = \"Ana Ruiz\"\nkind = \"person\"\n\n\
         [[title]]\ntitle = \"Chief Executive\"\n\n\
         [[spelling]]\npreferred = \"email\"\nvariants = [\"e-mail\"]\n",
    )
    .unwrap();
    let (pack, errors) = RulePack::load_layered(dir.path()).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    let (engine, errors) = Engine::new(pack);
    assert!(errors.is_empty(), "{errors:?}");
    let found = engine.check(
        "Ana Ruis met the chief executive Ana Ruiz by e-mail.\n",
        Format::Markdown,
    );
    let codes: Vec<&str> = found.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"name/exact"), "{found:#?}");
    assert!(codes.contains(&"title/case"), "{found:#?}");
    assert!(codes.contains(&"spelling/variant"), "{found:#?}");
    let name = found.iter().find(|d| d.code == "name/exact").unwrap();
    // Nobody learned it: the message and the evidence say so.
    assert!(
        name.message.starts_with("House style writes"),
        "{}",
        name.message
    );
    assert!(
        name.evidence.as_deref().unwrap().contains("kept by hand"),
        "{:?}",
        name.evidence
    );
}
