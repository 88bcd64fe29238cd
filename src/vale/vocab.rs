//! Vocabularies: `StylesPath/config/vocabularies/NAME/{accept,reject}.txt`.

use super::config::Config;
use super::rules::Compiled;
use super::Problem;
use std::path::Path;

/// The accepted and rejected terms of the vocabularies a configuration names.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    pub accept: Vec<String>,
    pub reject: Vec<String>,
}

impl Vocab {
    pub fn load(_config: &Config, _root: Option<&Path>, _problems: &mut Vec<Problem>) -> Vocab {
        Vocab::default()
    }

    /// The rules a vocabulary makes (`Vale.Terms`, `Vale.Avoid`).
    pub fn rules(&self) -> Vec<Compiled> {
        Vec::new()
    }
}
