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

/// A pack with a learned layer (as `learn` writes it) and a curated one.
fn pack(learned: &str, curated: &str) -> Engine {
    let dir = tempfile::tempdir().unwrap();
    for (sub, text) in [("learned", learned), ("curated", curated)] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("x.toml"), text).unwrap();
    }
    let (pack, errors) = RulePack::load_layered(dir.path()).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    Engine::new(pack).0
}

const LEARNED: &str = "[[name]]\nname = \"VIGILANT ISLES\"\nkind = \"exercise\"\nseen = 3\ndocuments = [\"a\", \"b\"]\n\n\
[[name]]\nname = \"HMS Argyll\"\nkind = \"ship\"\nseen = 3\ndocuments = [\"a\", \"b\"]\n\n\
[[spelling]]\npreferred = \"cooperation\"\nvariants = [\"co-operation\", \"co operation\"]\nkind = \"hyphenation\"\nseen = 4\ndocuments = [\"a\", \"b\"]\n";

fn codes_in(engine: &Engine, text: &str) -> Vec<(String, &'static str)> {
    engine
        .check(text, Format::Markdown)
        .into_iter()
        .map(|d| (text[d.range.clone()].to_string(), d.code))
        .collect()
}

#[test]
fn an_accepted_form_is_never_flagged_and_nothing_else_changes() {
    let draft = "Vigilant Isles began. HMS Argyle sailed. We value co-operation.\n";
    let plain = pack(LEARNED, "");
    let before = codes_in(&plain, draft);
    assert!(
        before.iter().any(|(t, _)| t == "Vigilant Isles"),
        "{before:?}"
    );
    let accepting = pack(
        LEARNED,
        "[[accept]]\nform = \"Vigilant Isles\"\nnote = \"the public name\"\n",
    );
    let after = codes_in(&accepting, draft);
    let want: Vec<_> = before
        .into_iter()
        .filter(|(t, _)| t != "Vigilant Isles")
        .collect();
    assert_eq!(after, want);
}

#[test]
fn a_rejected_rule_is_left_out_and_its_code_stays_on() {
    let draft =
        "Vigilant Isles began. HMS Argyle sailed. We value co-operation and co operation.\n";
    let vetoing = pack(
        LEARNED,
        "[[reject]]\nform = \"VIGILANT ISLES\"\n\n[[reject]]\nform = \"co-operation\"\ntables = [\"spelling\"]\n",
    );
    let found = codes_in(&vetoing, draft);
    // The vetoed name and variant go; the other name and variant of the
    // same codes are still flagged.
    assert!(
        !found.iter().any(|(t, _)| t == "Vigilant Isles"),
        "{found:?}"
    );
    assert!(!found.iter().any(|(t, _)| t == "co-operation"), "{found:?}");
    assert!(
        found.contains(&("HMS Argyle".to_string(), "name/exact")),
        "{found:?}"
    );
    assert!(
        found.contains(&("co operation".to_string(), "spelling/variant")),
        "{found:?}"
    );
}

#[test]
fn an_unknown_table_in_a_reject_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("curated")).unwrap();
    std::fs::write(
        dir.path().join("curated/x.toml"),
        "[[reject]]\nform = \"X\"\ntables = [\"names\"]\n",
    )
    .unwrap();
    let (_, errors) = RulePack::load_layered(dir.path()).unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, Some(3), "{}", errors[0]);
}

#[test]
fn a_curated_rule_the_learned_pack_contradicts_is_named_with_its_rival() {
    let dir = tempfile::tempdir().unwrap();
    for (sub, text) in [
        ("learned", LEARNED),
        (
            "curated",
            "[[spelling]]\npreferred = \"co-operation\"\nvariants = [\"cooperation\"]\n\n\
             [[spelling]]\npreferred = \"email\"\nvariants = [\"e-mail\"]\n",
        ),
    ] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("x.toml"), text).unwrap();
    }
    let (pack, _) = RulePack::load_layered(dir.path()).unwrap();
    // The contradicting rule is named with the learned one; the other
    // curated rule, which nothing learned contradicts, is not.
    assert_eq!(pack.disagreements.len(), 1, "{:?}", pack.disagreements);
    let d = &pack.disagreements[0];
    assert!(
        d.contains("curated/x.toml") && d.contains("'co-operation'") && d.contains("'cooperation'"),
        "{d}"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_draftlint"))
        .args(["rules", "--rules"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(&format!("warning: {d}")), "{stdout}");
}
