//! Completion of the exact names and titles the rule pack knows.
//!
//! Offered while typing a capitalised word (`Arg` → `HMS Argyll` if the text
//! before it is `HMS `), after a ship prefix or `Exercise `, and after a
//! title (the people the pack knows to have held it first).

use crate::rules::{NameKind, RulePack};

/// One completion: replace the line's bytes from `start` to the cursor with
/// `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub start: usize,
    pub text: String,
    pub detail: String,
    /// Lower sorts first.
    pub rank: u8,
}

/// Candidates for a cursor after `before` (the line up to the cursor).
pub fn complete(pack: &RulePack, before: &str) -> Vec<Candidate> {
    // Start offsets of the last few words, nearest last.
    let mut starts: Vec<usize> = Vec::new();
    let mut prev_alnum = false;
    for (i, c) in before.char_indices() {
        let alnum = c.is_alphanumeric();
        if alnum && !prev_alnum {
            starts.push(i);
        }
        prev_alnum = alnum || (prev_alnum && matches!(c, '-' | '\'' | '’'));
    }
    let typing = before
        .chars()
        .next_back()
        .is_some_and(|c| !c.is_whitespace());
    let current = if typing { starts.last().copied() } else { None };
    if let Some(s) = current {
        if !before[s..].starts_with(char::is_uppercase) {
            // Completing a lower-case word: only as part of a longer name.
            if starts.len() < 2 {
                return Vec::new();
            }
        }
    }
    let mut out: Vec<Candidate> = Vec::new();
    let mut push = |start: usize, text: &str, detail: String, rank: u8| {
        if let Some(c) = out.iter_mut().find(|c| c.text == text) {
            if start < c.start {
                c.start = start;
            }
            return;
        }
        out.push(Candidate {
            start,
            text: text.to_string(),
            detail,
            rank,
        });
    };
    // Names and titles that the typed words begin (case-insensitively).
    let forms = pack
        .names()
        .map(|n| (n.name.as_str(), n.kind.as_str(), n.kind))
        .chain(
            pack.merged
                .titles
                .iter()
                .map(|t| (t.title.as_str(), "title", NameKind::Other)),
        );
    for (form, what, _kind) in forms {
        let lower = form.to_lowercase();
        for &s in starts.iter().rev().take(4) {
            let typed = &before[s..];
            if typed.is_empty() || !typed.starts_with(char::is_uppercase) {
                continue;
            }
            if lower.starts_with(&typed.to_lowercase()) && typed != form {
                push(s, form, what.to_string(), 1);
                break;
            }
        }
    }
    // After a title: the people who held it.
    let after_title = |title: &str| -> Option<usize> {
        let trimmed = before.trim_end_matches(|c: char| !c.is_whitespace());
        let t = trimmed.trim_end();
        // The last `title.len()` bytes of the line may start inside a
        // character (`😀😀😀😀 ` before a 14-byte title): `get` says so
        // instead of panicking, and such a tail cannot equal the title.
        let tail = t.get(t.len().checked_sub(title.len())?..)?;
        (tail.eq_ignore_ascii_case(title) && t.len() < trimmed.len()).then_some(trimmed.len())
    };
    for role in &pack.merged.roles {
        if let Some(start) = after_title(&role.role) {
            let typed = &before[start..];
            if role
                .person
                .to_lowercase()
                .starts_with(&typed.to_lowercase())
            {
                push(start, &role.person, format!("person ({})", role.role), 0);
            }
        }
    }
    out.sort_by(|a, b| (a.rank, &a.text).cmp(&(b.rank, &b.text)));
    out.truncate(200);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::PackSource;
    use proptest::prelude::*;

    fn pack() -> RulePack {
        let names = "[[name]]\nname = \"HMS Argyll\"\nkind = \"ship\"\nseen = 3\ndocuments = [\"a\", \"b\"]\n\n[[name]]\nname = \"Exercise Joint Warrior\"\nkind = \"exercise\"\nseen = 2\ndocuments = [\"a\"]\n\n[[name]]\nname = \"Philip Hammond\"\nkind = \"person\"\nseen = 2\ndocuments = [\"a\"]\n\n[[title]]\ntitle = \"Foreign Secretary\"\nseen = 2\ndocuments = [\"a\"]\n\n[[role]]\nperson = \"Philip Hammond\"\nrole = \"Foreign Secretary\"\nseen = 2\ndocuments = [\"a\"]\n";
        let (p, errs) = RulePack::from_sources(
            PackSource::Builtin,
            vec![("learned/names.toml".into(), None, names.into())],
        );
        assert!(errs.is_empty(), "{errs:?}");
        p
    }

    fn texts(before: &str) -> Vec<(usize, String)> {
        complete(&pack(), before)
            .into_iter()
            .map(|c| (c.start, c.text))
            .collect()
    }

    #[test]
    fn after_a_prefix_and_while_typing() {
        assert_eq!(
            texts("The frigate HMS "),
            vec![(12, "HMS Argyll".to_string())]
        );
        assert_eq!(
            texts("The frigate HMS Ar"),
            vec![(12, "HMS Argyll".to_string())]
        );
        assert_eq!(
            texts("in Exercise J"),
            vec![(3, "Exercise Joint Warrior".to_string())]
        );
        assert!(texts("the frigate sailed ").is_empty());
        assert!(texts("an argument").is_empty());
    }

    /// Issue 7 item 5: the server died on a completion after this line
    /// (with the built-in pack, whose titles are shorter than the line).
    #[test]
    fn multibyte_text_before_the_cursor_does_not_panic() {
        let builtin = RulePack::builtin();
        for before in [
            "😀😀😀😀 X",
            "😀😀😀😀 ",
            "安倍晋三安倍晋 ",
            "é😀 Prime Minister ",
        ] {
            for c in complete(&builtin, before) {
                assert!(before.is_char_boundary(c.start), "{before:?}: {c:?}");
            }
            complete(&pack(), before);
        }
        // A title after multibyte text is still recognised.
        assert_eq!(
            texts("😀 said the Foreign Secretary ")[0],
            (32, "Philip Hammond".to_string())
        );
    }

    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "😀",
            "安",
            "é",
            "e\u{301}",
            "ß",
            "İ",
            "👩‍👩‍👧",
            " ",
            "\t",
            "\u{a0}",
            "X",
            "a",
            "HMS ",
            "Foreign Secretary ",
            "Prime Minister ",
            "Exercise ",
            "Ar",
            "’",
            "-",
            "'",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// Any line, completed at any character boundary: no panic, and
        /// every candidate starts on a boundary at or before the cursor.
        #[test]
        fn any_line_at_any_cursor(pieces in prop::collection::vec(piece(), 0..24)) {
            let line: String = pieces.concat();
            let packs = [pack(), RulePack::builtin()];
            for cursor in line.char_indices().map(|(i, _)| i).chain([line.len()]) {
                let before = &line[..cursor];
                for p in &packs {
                    for c in complete(p, before) {
                        prop_assert!(c.start <= before.len() && before.is_char_boundary(c.start));
                    }
                }
            }
        }
    }

    #[test]
    fn after_a_title_people_come_first() {
        let got = texts("said the Foreign Secretary ");
        assert_eq!(got[0], (27, "Philip Hammond".to_string()));
        assert_eq!(texts("Foreign Sec")[0].1, "Foreign Secretary");
    }
}
