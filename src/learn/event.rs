//! Learning events that belong to one year (`2019 Rugby World Cup`).
//!
//! A year directly before a capitalised run is an event sighting. An event
//! the corpus always gives the same year, seen at least twice, becomes a
//! rule. One seen with different years is recurring (a different edition
//! each time) and gets no rule: flagging `2023 Rugby World Cup` because the
//! corpus mentions 2019 would be a false alarm.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::evidence::FormStats;
use super::Corpus;
use crate::rules::{EventRule, RuleFile};
use crate::text::dates::MONTHS;

static EVENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:19|20)[0-9]{2}) ((?:[A-Z][\p{L}'’-]+)(?: [A-Z][\p{L}'’-]+){0,4})").unwrap()
});

/// Words that never start an event name (`2016 We …`); months and weekdays
/// (`2016 January`) are excluded through [`MONTHS`] and [`WEEKDAYS`].
const NOT_EVENTS: &[&str] = &["The", "In", "We", "It", "This", "That", "And", "But"];

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Learns year-bound events.
pub fn learn(corpus: &Corpus) -> RuleFile {
    let mut seen: BTreeMap<String, BTreeMap<i32, FormStats>> = BTreeMap::new();
    for doc in &corpus.docs {
        for (_, slice) in doc.prose_slices() {
            for caps in EVENT.captures_iter(slice) {
                let name = caps[2].trim_end_matches(['\'', '’']).to_string();
                let first = name.split(' ').next().unwrap_or("");
                if NOT_EVENTS.contains(&first)
                    || MONTHS.contains(&first)
                    || WEEKDAYS.contains(&first)
                    || name.split(' ').count() < 2
                {
                    continue;
                }
                let Ok(year) = caps[1].parse::<i32>() else {
                    continue;
                };
                seen.entry(name)
                    .or_default()
                    .entry(year)
                    .or_default()
                    .add(&doc.id);
            }
        }
    }
    let mut events = Vec::new();
    for (event, years) in seen {
        if years.len() != 1 {
            continue;
        }
        let (year, stats) = years.into_iter().next().expect("one year");
        if stats.seen >= 2 {
            events.push(EventRule {
                event,
                year,
                evidence: stats.evidence(),
            });
        }
    }
    RuleFile {
        events,
        ..RuleFile::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_with_one_year_are_learned() {
        let c = Corpus::from_texts([
            (
                "a.txt",
                "ahead of the 2019 Rugby World Cup and 2020 Tokyo Olympics and Paralympics.",
            ),
            (
                "b.txt",
                "before the 2020 Tokyo Olympics and 2019 Rugby World Cup.",
            ),
        ]);
        let r = learn(&c);
        let got: Vec<(&str, i32)> = r
            .events
            .iter()
            .map(|e| (e.event.as_str(), e.year))
            .collect();
        assert_eq!(got, [("Rugby World Cup", 2019), ("Tokyo Olympics", 2020)]);
    }

    #[test]
    fn recurring_events_and_single_sightings_are_not() {
        let c = Corpus::from_texts([
            ("a.txt", "the 2019 Rugby World Cup, then the 2023 Rugby World Cup. In 2016 We met. The 2012 London Olympics."),
            ("b.txt", "the 2019 Rugby World Cup again"),
        ]);
        assert!(learn(&c).events.is_empty());
    }
}
