//! `extends: metric`: a readability formula over the text a rule's scope
//! selects, flagged when its `condition` holds.
//!
//! `formula` is arithmetic (`+ - * /`, parentheses, numbers, `sqrt(…)` or
//! `math.sqrt(…)`, `abs(…)`) over Vale's variables (`words`, `sentences`,
//! `syllables`, `characters`, `complex_words`, `long_words`,
//! `polysyllabic_words`, `paragraphs`, `list`, `blockquote`,
//! `heading.h1` … `heading.h6`), counted over the whole draft: words,
//! sentences and syllables of its body (headings count only as headings).
//! `condition` compares the value: `> 8.0`, `<= 60`, `== 0`. The message's
//! `%s` is the value, to two decimals. The finding is one per draft, on the
//! first line of the body text the formula counted. A formula that divides by
//! zero (a draft without words) is not flagged.
//!
//! The evaluator is a small hand parser (a few dozen lines, no unsafe
//! input can make it loop or overflow the stack: nesting is capped), which
//! is less to trust than an embedded scripting language.

use super::{gathered, moved, Hit, Kind, Part, Setup};
use crate::vale::readability::{Counts, VARIABLES};
use crate::vale::scan::Text;
use crate::vale::style::Definition;
use crate::vale::Problem;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Keys {
    #[serde(default)]
    formula: String,
    #[serde(default)]
    condition: String,
}

/// A parsed formula.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Number(f64),
    Var(String),
    Neg(Box<Expr>),
    Bin(char, Box<Expr>, Box<Expr>),
    Call(Func, Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Func {
    Sqrt,
    Abs,
}

/// A comparison: `> 8.0`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Condition {
    op: &'static str,
    value: f64,
}

struct Metric {
    formula: Expr,
    condition: Condition,
}

pub fn compile(def: &Definition, _setup: &Setup<'_>) -> Result<Box<dyn Kind>, Problem> {
    let keys: Keys = def.parse()?;
    let formula = parse_formula(&keys.formula).map_err(|e| def.problem_at_key("formula", e))?;
    let condition =
        parse_condition(&keys.condition).map_err(|e| def.problem_at_key("condition", e))?;
    Ok(Box::new(Metric { formula, condition }))
}

impl Kind for Metric {
    fn reads_counts(&self) -> bool {
        true
    }

    fn gathers(&self) -> bool {
        true
    }

    fn check(&self, text: &Text<'_, '_, '_>, out: &mut Vec<Hit>) {
        gathered(self, text, out);
    }

    fn gather(&self, text: &Text<'_, '_, '_>, out: &mut Vec<(usize, Part)>) {
        let of_text = text.block_counts();
        for (i, b) in text.blocks.iter().enumerate() {
            let counts = Counts::of_with(std::slice::from_ref(b), |_, _| of_text[i].clone());
            let first_line =
                (!matches!(b.within, crate::vale::scope::Scope::Heading(_))).then(|| {
                    let line = b.text.find('\n').unwrap_or(b.text.len());
                    b.source(0..line)
                });
            let tally = Tally {
                counts,
                first: (b.in_list, b.in_blockquote),
                last: (b.in_list, b.in_blockquote),
                first_line,
            };
            out.push((i, Box::new(tally)));
        }
    }

    fn fold(&self, parts: Vec<Part>) -> Vec<Part> {
        let mut joined: Option<Tally> = None;
        for part in parts {
            let Ok(t) = part.downcast::<Tally>() else {
                continue;
            };
            match &mut joined {
                None => joined = Some(*t),
                Some(j) => {
                    j.counts
                        .join(&t.counts, (j.last.0 && t.first.0, j.last.1 && t.first.1));
                    j.last = t.last;
                    if j.first_line.is_none() {
                        j.first_line = t.first_line;
                    }
                }
            }
        }
        joined
            .map(|t| vec![Box::new(t) as Part])
            .unwrap_or_default()
    }

    fn conclude(&self, parts: &[(isize, &Part)], out: &mut Vec<Hit>) {
        let mut counts = Counts::default();
        let mut last = (false, false);
        let mut first = None;
        for (by, part) in parts {
            let Some(t) = part.downcast_ref::<Tally>() else {
                continue;
            };
            counts.join(&t.counts, (last.0 && t.first.0, last.1 && t.first.1));
            last = t.last;
            if first.is_none() {
                first = t.first_line.as_ref().map(|r| moved(r, *by));
            }
        }
        // The finding stands on the first line of the body text counted.
        let Some(first) = first else {
            return;
        };
        let Some(value) = eval(&self.formula, &counts) else {
            return;
        };
        if !self.condition.holds(value) {
            return;
        }
        out.push(Hit {
            range: first,
            args: vec![format!("{value:.2}")],
            suggestions: Vec::new(),
        });
    }
}

/// What some consecutive blocks give: their counts, whether the first and
/// the last are in a list and in a quote (runs across blocks count once),
/// and the first line of the first that is not a heading.
struct Tally {
    counts: Counts,
    first: (bool, bool),
    last: (bool, bool),
    first_line: Option<std::ops::Range<usize>>,
}

impl Condition {
    pub fn holds(&self, v: f64) -> bool {
        match self.op {
            ">" => v > self.value,
            ">=" => v >= self.value,
            "<" => v < self.value,
            "<=" => v <= self.value,
            "==" => (v - self.value).abs() < 1e-9,
            _ => (v - self.value).abs() >= 1e-9,
        }
    }
}

/// `> 8.0` and the like.
pub fn parse_condition(s: &str) -> Result<Condition, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("a metric rule needs a `condition` such as `> 8.0`".into());
    }
    let op = [">=", "<=", "==", "!=", ">", "<"]
        .into_iter()
        .find(|op| s.starts_with(op))
        .ok_or_else(|| format!("`{s}`: a condition starts with >, >=, <, <=, == or !="))?;
    let value: f64 = s[op.len()..]
        .trim()
        .parse()
        .map_err(|_| format!("`{s}`: expected a number after `{op}`"))?;
    Ok(Condition { op, value })
}

/// The formula's value over `counts`; `None` when it divides by zero.
pub fn eval(e: &Expr, counts: &Counts) -> Option<f64> {
    let v = match e {
        Expr::Number(n) => *n,
        Expr::Var(name) => counts.variable(name)?,
        Expr::Neg(a) => -eval(a, counts)?,
        Expr::Call(Func::Sqrt, a) => eval(a, counts)?.sqrt(),
        Expr::Call(Func::Abs, a) => eval(a, counts)?.abs(),
        Expr::Bin(op, a, b) => {
            let (a, b) = (eval(a, counts)?, eval(b, counts)?);
            match op {
                '+' => a + b,
                '-' => a - b,
                '*' => a * b,
                _ if b == 0.0 => return None,
                _ => a / b,
            }
        }
    };
    v.is_finite().then_some(v)
}

/// Parses a formula; an error says what and at which character.
pub fn parse_formula(s: &str) -> Result<Expr, String> {
    if s.trim().is_empty() {
        return Err("a metric rule needs a `formula`".into());
    }
    let mut p = Parser { s, at: 0, depth: 0 };
    let e = p.sum()?;
    p.space();
    if p.at < s.len() {
        return Err(p.error("an operator or the end of the formula"));
    }
    Ok(e)
}

struct Parser<'s> {
    s: &'s str,
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn space(&mut self) {
        while self.s[self.at..].starts_with(char::is_whitespace) {
            self.at += self.s[self.at..].chars().next().map_or(1, char::len_utf8);
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.space();
        self.s[self.at..].chars().next()
    }

    fn error(&self, expected: &str) -> String {
        let col = self.s[..self.at].chars().count() + 1;
        let found = self.s[self.at..].chars().next();
        match found {
            Some(c) => format!("formula, character {col}: expected {expected}, found `{c}`"),
            None => format!("formula, character {col}: expected {expected}, found the end"),
        }
    }

    fn sum(&mut self) -> Result<Expr, String> {
        let mut e = self.product()?;
        while let Some(op @ ('+' | '-')) = self.peek() {
            self.at += 1;
            e = Expr::Bin(op, Box::new(e), Box::new(self.product()?));
        }
        Ok(e)
    }

    fn product(&mut self) -> Result<Expr, String> {
        let mut e = self.unary()?;
        while let Some(op @ ('*' | '/')) = self.peek() {
            self.at += 1;
            e = Expr::Bin(op, Box::new(e), Box::new(self.unary()?));
        }
        Ok(e)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        self.depth += 1;
        if self.depth > 64 {
            return Err(self.error("a shallower formula (more than 64 levels of nesting)"));
        }
        let e = match self.peek() {
            Some('-') => {
                self.at += 1;
                Expr::Neg(Box::new(self.unary()?))
            }
            Some('+') => {
                self.at += 1;
                self.unary()?
            }
            _ => self.atom()?,
        };
        self.depth -= 1;
        Ok(e)
    }

    fn atom(&mut self) -> Result<Expr, String> {
        match self.peek() {
            Some('(') => {
                self.at += 1;
                let e = self.sum()?;
                if self.peek() != Some(')') {
                    return Err(self.error("`)`"));
                }
                self.at += 1;
                Ok(e)
            }
            Some(c) if c.is_ascii_digit() || c == '.' => {
                let len = self.s[self.at..]
                    .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .unwrap_or(self.s.len() - self.at);
                let text = &self.s[self.at..self.at + len];
                let n = text.parse().map_err(|_| self.error("a number"))?;
                self.at += len;
                Ok(Expr::Number(n))
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let len = self.s[self.at..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                    .unwrap_or(self.s.len() - self.at);
                let name = &self.s[self.at..self.at + len];
                let func = match name.strip_prefix("math.").unwrap_or(name) {
                    "sqrt" => Some(Func::Sqrt),
                    "abs" => Some(Func::Abs),
                    _ => None,
                };
                if let Some(f) = func {
                    self.at += len;
                    if self.peek() != Some('(') {
                        return Err(self.error("`(` after a function's name"));
                    }
                    return self.atom().map(|a| Expr::Call(f, Box::new(a)));
                }
                if Counts::default().variable(name).is_none() {
                    let why = if name == "pre" {
                        format!("variable `pre` (code blocks) is not counted: draftlint reads prose only (one of: {})", VARIABLES.join(", "))
                    } else {
                        format!(
                            "unknown variable `{name}` (one of: {})",
                            VARIABLES.join(", ")
                        )
                    };
                    return Err(why);
                }
                self.at += len;
                Ok(Expr::Var(name.to_string()))
            }
            _ => Err(self.error("a number, a variable or `(`")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Document, Format};
    use crate::vale::config::Applied;
    use crate::vale::scope::{Scoped, Selector};
    use crate::vale::testing::run_rule;

    const TEXT: &str = "Government officials announced a new policy. Everyone agreed quickly.\n";

    fn counts(text: &str) -> Counts {
        let doc = Document::parse(text, Format::Markdown);
        let applied = Applied::default();
        let scoped = Scoped::new(&doc, &applied);
        Counts::of(&scoped.select(&Selector::default()))
    }

    fn value(formula: &str, text: &str) -> f64 {
        eval(&parse_formula(formula).unwrap(), &counts(text)).unwrap()
    }

    #[test]
    fn counts_a_short_text_as_by_hand() {
        let c = counts(TEXT);
        assert_eq!(
            (c.words, c.sentences, c.syllables, c.characters),
            (9, 2, 20, 59)
        );
        assert_eq!(
            (c.polysyllabic_words, c.complex_words, c.long_words),
            (4, 4, 5)
        );
        assert_eq!(c.paragraphs, 1);
    }

    #[test]
    fn the_readability_formulas_vale_documents_give_the_hand_computed_values() {
        // Hand-computed from 9 words, 2 sentences, 20 syllables, 59
        // characters, 4 polysyllabic and complex words, 5 long words.
        let cases = [
            // Flesch–Kincaid grade
            ("(0.39 * (words / sentences)) + (11.8 * (syllables / words)) - 15.59", 12.3872),
            // Flesch reading ease
            ("206.835 - (1.015 * (words / sentences)) - (84.6 * (syllables / words))", 14.2675),
            // Gunning fog
            ("0.4 * ((words / sentences) + 100 * (complex_words / words))", 19.5778),
            // Coleman–Liau
            ("(0.0588 * (characters / words) * 100) - (0.296 * (sentences / words) * 100) - 15.8", 16.1689),
            // SMOG
            ("1.0430 * math.sqrt((polysyllabic_words * 30.0) / sentences) + 3.1291", 11.2081),
            // Automated readability index
            ("(4.71 * (characters / words)) + (0.5 * (words / sentences)) - 21.43", 11.6967),
            // LIX
            ("(words / sentences) + ((long_words * 100) / words)", 60.0556),
        ];
        for (f, want) in cases {
            let got = value(f, TEXT);
            assert!((got - want).abs() < 0.001, "{f}: {got} != {want}");
        }
    }

    #[test]
    fn formulas_parse_with_precedence_and_errors_say_where() {
        let c = Counts::default();
        let v = |f: &str| eval(&parse_formula(f).unwrap(), &c);
        assert_eq!(v("1 + 2 * 3"), Some(7.0));
        assert_eq!(v("(1 + 2) * 3"), Some(9.0));
        assert_eq!(v("-2 - -3"), Some(1.0));
        assert_eq!(v("8 / 2 / 2"), Some(2.0));
        assert_eq!(v("words / sentences"), None, "no words: no value");
        assert!(parse_formula("words +")
            .unwrap_err()
            .contains("character 8"));
        assert!(parse_formula("wrds / 2")
            .unwrap_err()
            .contains("unknown variable `wrds`"));
        assert!(parse_formula("pre * 2").unwrap_err().contains("prose only"));
        assert!(parse_formula("(1 + 2").unwrap_err().contains("`)`"));
        assert!(parse_formula(&"(".repeat(10_000)).is_err());
        assert_eq!(v("heading.h2 + heading_h1"), Some(0.0));
    }

    #[test]
    fn conditions_compare_the_value() {
        let c = parse_condition("> 8.0").unwrap();
        assert!(c.holds(8.5) && !c.holds(8.0));
        assert!(parse_condition("<= 60").unwrap().holds(60.0));
        assert!(parse_condition("!= 1").unwrap().holds(2.0));
        assert!(parse_condition("about 8").is_err());
        assert!(parse_condition("> lots").is_err());
    }

    #[test]
    fn flags_the_draft_once_on_the_first_line_counted() {
        let rule = "extends: metric\nmessage: \"Grade %s, aim for 8.\"\nformula: (0.39 * (words / sentences)) + (11.8 * (syllables / words)) - 15.59\ncondition: \"> 8.0\"\n";
        let draft = format!("# Policy\n\n{TEXT}\nMore text here.\n");
        let hits = run_rule(rule, &draft);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert!(hits[0].starts_with("3:1:Test.Rule:Grade 8.59"), "{hits:?}");
        assert!(run_rule(rule, "The cat sat on the mat.\n").is_empty());
        assert!(run_rule(rule, "").is_empty());
    }
}
