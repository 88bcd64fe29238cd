//! Text handling: documents, prose regions, words, positions, dates in text.

pub mod chunks;
pub mod common;
pub mod dates;
mod document;
pub mod honorifics;
pub mod lexicon;
mod line_index;
pub mod meta;
pub mod names;
pub mod parallel;
pub mod proper;
pub mod quotes;
pub mod sentences;
pub mod spell;
pub mod variants;
pub mod words;

pub use document::{disable_next_line_comment, front_matter, Document, Format};
pub use line_index::{Encoding, LineCol, LineIndex, PositionError};
