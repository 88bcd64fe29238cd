//! The editor's settings for draftlint, as the server keeps them.
//!
//! Their own module, so that reading them ([`super::convert::settings`])
//! and using them ([`super::config`]) each depend on this, not on each other.

use crate::diagnostic::Severity;

/// The editor's settings for draftlint, from `initializationOptions` or
/// `workspace/didChangeConfiguration`, either bare or under a `draftlint`
/// key:
///
/// ```json
/// { "draftlint": { "rulesPath": "style/rules",
///                  "severity": { "name/exact": "warning", "date": "off" } } }
/// ```
///
/// A `severity` key is a rule code (`date/weekday`) or a family, the part
/// before the slash (`date` turns every `date/…` rule). A key that is
/// neither would silently do nothing, so it becomes a problem naming the
/// nearest valid key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawSettings {
    pub rules: Option<String>,
    /// `(code, None)` turns a rule off.
    pub severity: Vec<(String, Option<Severity>)>,
    /// Problems with the settings themselves, to show the user.
    pub problems: Vec<String>,
}
