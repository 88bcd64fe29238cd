//! TODO: honorifics checks.

use super::{Check, Context, RuleDoc};
use crate::diagnostic::Diagnostic;
use crate::rules::{RuleError, RuleFile};

pub const RULES: &[RuleDoc] = &[];

struct Checker;

impl Check for Checker {
    fn run(&self, _cx: &Context<'_>, _out: &mut Vec<Diagnostic>) {}
}

pub fn build(_rules: &RuleFile) -> Result<Box<dyn Check>, Vec<RuleError>> {
    Ok(Box::new(Checker))
}
