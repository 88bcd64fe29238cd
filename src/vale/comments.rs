//! `<!-- vale off -->`, `<!-- vale on -->` and `<!-- vale Style.Rule = NO -->`.

use crate::text::Document;

/// Where a draft's comments switch Vale's rules off.
#[derive(Debug, Clone, Default)]
pub struct Switches {}

impl Switches {
    pub fn parse(_doc: &Document<'_>) -> Switches {
        Switches {}
    }

    /// Is `code` switched off at byte `offset`?
    pub fn is_off(&self, _code: &str, _offset: usize) -> bool {
        false
    }
}
