//! The built-in engine on arbitrary text: never a panic, and every span and
//! every fix lands on character boundaries inside the text, so a front end
//! can always convert it and apply it.

use draftlint::fix::{apply, Which};
use draftlint::{Engine, Format};
use proptest::prelude::*;

/// Text mixing arbitrary characters with the shapes the checks look for.
fn draft() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<String>(),
        Just("HMS Argyle ".to_string()),
        Just("Teresa May and Mr. Abe ".to_string()),
        Just("Friday 9 January 2016, 31 September 2017 ".to_string()),
        Just("co-operation, the 2019 Tokyo Olympics ".to_string()),
        Just("foreign secretary Philip Hammond ".to_string()),
        Just(
            "`code` <!-- draftlint-disable-next-line --> [x](https://e.x/HMS-Argyle)\n".to_string()
        ),
        Just("---\ndate: 2017-08-31\n---\n".to_string()),
        Just("😀安倍晋三e\u{301}\r\n\n".to_string()),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn any_text_gives_well_formed_findings(text in draft(), plain in any::<bool>()) {
        let format = if plain { Format::PlainText } else { Format::Markdown };
        let engine = Engine::builtin();
        for d in engine.check(&text, format) {
            prop_assert!(d.range.start <= d.range.end && d.range.end <= text.len());
            prop_assert!(text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end));
            for e in d.fixes.iter().flat_map(|f| &f.edits) {
                prop_assert!(e.range.end <= text.len());
                prop_assert!(text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end));
            }
        }
        let diags = engine.check(&text, format);
        let _ = apply(&text, &diags, Which::SafeAndUnsafe);
    }
}
