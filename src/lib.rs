//! draftlint: learns a house style from approved documents and checks drafts
//! against it.
//!
//! The engine (`text`, `input`, `rules`, `discover`, `learn`, `checks`,
//! `engine`, `fix`) knows nothing of terminals or the Language Server
//! Protocol: text goes in, plain-data [`Diagnostic`]s come out. The two
//! front ends sit behind cargo features, both on by default: `cli` (the
//! command line) and `lsp` (the language server). A program that embeds the
//! engine depends on draftlint with `default-features = false` and builds
//! neither. See `ARCHITECTURE.md`.
//!
//! ```
//! let engine = draftlint::Engine::builtin();
//! let findings = engine.check("HMS Argyle sailed.", draftlint::Format::Markdown);
//! let fix = &findings[0].fixes[0].edits[0];
//! assert_eq!((findings[0].code, fix.replacement.as_str()), ("name/exact", "HMS Argyll"));
//! ```

pub mod checks;
#[cfg(feature = "cli")]
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod engine;
pub mod fix;
pub mod input;
pub mod learn;
#[cfg(feature = "lsp")]
pub mod lsp;
pub mod rules;
pub mod text;
pub mod vale;

pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
pub use engine::Engine;
pub use rules::RulePack;
pub use text::{Document, Format};
