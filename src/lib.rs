//! draftlint: learns a house style from approved documents and checks drafts
//! against it.
//!
//! The library knows nothing of terminals or the Language Server Protocol:
//! text goes in, plain-data [`Diagnostic`]s come out. See `ARCHITECTURE.md`.

pub mod checks;
pub mod cli;
pub mod diagnostic;
pub mod discover;
pub mod engine;
pub mod fix;
pub mod input;
pub mod learn;
pub mod lsp;
pub mod rules;
pub mod text;

pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
pub use engine::Engine;
pub use rules::RulePack;
pub use text::{Document, Format};
