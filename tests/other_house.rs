//! A different house: an American newsroom with its own names, spellings
//! and honorific style. `learn` then `check` must follow it with no code
//! changes: nothing about the seeds' house is built in.

use draftlint::learn::{self, Corpus};
use draftlint::rules::{PackSource, RulePack};
use draftlint::{Engine, Format};

const CORPUS: &[(&str, &str)] = &[
    (
        "a.md",
        "---\ndate: 2022-06-29\n---\n# Navy announces exercise\n\nSecretary of the Navy Carlos Del Toro said the USS Gerald R. Ford would join the RIMPAC 2022 exercise. \
Mr. Del Toro said the Navy would organize the defense of sea lanes with its partners, and that cooperation on cybersecurity is vital. \
Chief of Naval Operations Mike Gilday welcomed the plan.\n",
    ),
    (
        "b.md",
        "---\ndate: 2022-07-14\n---\nThe USS Gerald R. Ford sailed on July 14. Secretary of the Navy Carlos Del Toro met sailors. \
Mr. Gilday said the service would organize training and strengthen defense ties; cybersecurity remains a priority. \
The Department of Defense confirmed the schedule.\n",
    ),
    (
        "c.md",
        "Secretary of the Navy Carlos Del Toro thanked the crew. Mr. Del Toro said defense cooperation and cybersecurity \
would be organized around the USS Gerald R. Ford strike group. Mr. Gilday agreed.\n",
    ),
];

fn engine() -> Engine {
    let corpus = Corpus::from_texts(CORPUS.iter().copied());
    let learned = learn::learn(&corpus);
    let sources = learned
        .files
        .iter()
        .map(|(n, t)| (format!("learned/{n}"), None, t.clone()))
        .collect();
    let (pack, errors) = RulePack::from_sources(PackSource::Builtin, sources);
    assert!(errors.is_empty(), "{errors:?}");
    let (engine, errors) = Engine::new(pack);
    assert!(errors.is_empty(), "{errors:?}");
    engine
}

fn findings(text: &str) -> Vec<(String, String, Option<String>)> {
    engine()
        .check(text, Format::Markdown)
        .into_iter()
        .map(|d| {
            (
                d.code.to_string(),
                text[d.range.clone()].to_string(),
                d.fixes.first().map(|f| f.edits[0].replacement.clone()),
            )
        })
        .collect()
}

#[test]
fn an_american_house_gets_american_rules() {
    let text = "Secretary of the Navy Carlos Del Toro said the navy would organise the defence of the USS Gerald R Ford. Mr Gilday agreed on cyber security.\n";
    let found = findings(text);
    let has = |code: &str, span: &str, fix: &str| {
        found
            .iter()
            .any(|(c, s, f)| c == code && s == span && f.as_deref() == Some(fix))
    };
    assert!(has("spelling/variant", "defence", "defense"), "{found:#?}");
    assert!(
        has("spelling/variant", "organise", "organize"),
        "{found:#?}"
    );
    assert!(has("honorific/full-stop", "Mr", "Mr."), "{found:#?}");
}

#[test]
fn the_house_own_forms_are_not_flagged() {
    let text = "Secretary of the Navy Carlos Del Toro said the Navy would organize the defense of the sea lanes. Mr. Gilday agreed on cybersecurity and cooperation.\n";
    assert!(findings(text).is_empty(), "{:#?}", findings(text));
}

#[test]
fn nothing_from_the_seeds_house_leaks_in() {
    // The seeds' names are unknown here: a near miss of them is not flagged.
    let found = findings("HMS Argyle and Teresa May met on co-operation.\n");
    assert!(
        !found.iter().any(|(c, _, _)| c.starts_with("name/")),
        "{found:#?}"
    );
}
