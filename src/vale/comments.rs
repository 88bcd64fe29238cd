//! Vale's switches in a draft's comments, for Markdown and plain text
//! alike: `<!-- vale off -->` … `<!-- vale on -->` for every rule,
//! `<!-- vale Style.Rule = NO -->` … `= YES` for one rule, and
//! `<!-- vale Style = NO -->` for a whole style (several switches may share
//! a comment, separated by commas). A switch holds from the end of its
//! comment to the next comment that changes it.

use crate::text::Document;
use regex::Regex;
use std::sync::LazyLock;

static COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<!--\s*vale\s+([^>]*?)\s*-->").expect("comment pattern"));

#[derive(Debug, Clone, PartialEq, Eq)]
enum What {
    All(bool),
    /// A style or a `Style.Rule`, on or off.
    One(String, bool),
}

/// Where a draft's comments switch Vale's rules off.
#[derive(Debug, Clone, Default)]
pub struct Switches {
    /// (offset where it takes effect, switch), in draft order.
    events: Vec<(usize, What)>,
}

impl Switches {
    pub fn parse(doc: &Document<'_>) -> Switches {
        let mut events = Vec::new();
        if !doc.text.contains("vale") {
            return Switches { events };
        }
        for c in COMMENT.captures_iter(doc.text) {
            let at = c.get(0).map_or(0, |m| m.end());
            let body = c.get(1).map_or("", |m| m.as_str()).trim();
            match body {
                "off" => events.push((at, What::All(false))),
                "on" => events.push((at, What::All(true))),
                _ => {
                    for part in body.split(',') {
                        let Some((key, value)) = part.split_once('=') else {
                            continue;
                        };
                        let on = match value.trim().to_ascii_uppercase().as_str() {
                            "NO" | "OFF" | "FALSE" => false,
                            "YES" | "ON" | "TRUE" => true,
                            _ => continue,
                        };
                        events.push((at, What::One(key.trim().to_string(), on)));
                    }
                }
            }
        }
        Switches { events }
    }

    /// Is `code` (`Style.Rule`) switched off at byte `offset`?
    pub fn is_off(&self, code: &str, offset: usize) -> bool {
        let style = code.split('.').next().unwrap_or(code);
        let mut all_on = true;
        let mut rule: Option<bool> = None;
        let mut style_on: Option<bool> = None;
        for (at, what) in &self.events {
            if *at > offset {
                break;
            }
            match what {
                What::All(on) => all_on = *on,
                What::One(k, on) if k == code => rule = Some(*on),
                What::One(k, on) if k == style => style_on = Some(*on),
                What::One(..) => {}
            }
        }
        !all_on || !rule.or(style_on).unwrap_or(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Format;

    #[test]
    fn comments_switch_rules_and_styles_off_and_on() {
        let text = "w1 <!-- vale off --> w2 <!-- vale on --> w3 <!-- vale GovUK.Avoid = NO --> w4 <!-- vale GovUK = NO --> w5 <!-- vale GovUK.Avoid = YES, GovUK = YES --> w6";
        let doc = Document::parse(text, Format::Markdown);
        let s = Switches::parse(&doc);
        let at = |c: &str| text.find(c).unwrap();
        assert!(!s.is_off("GovUK.Avoid", at("w1")));
        assert!(s.is_off("GovUK.Avoid", at("w2")));
        assert!(!s.is_off("GovUK.Avoid", at("w3")));
        assert!(s.is_off("GovUK.Avoid", at("w4")) && !s.is_off("GovUK.Other", at("w4")));
        assert!(s.is_off("GovUK.Other", at("w5")) && s.is_off("GovUK.Avoid", at("w5")));
        assert!(!s.is_off("GovUK.Avoid", at("w6")) && !s.is_off("GovUK.Other", at("w6")));
    }
}
