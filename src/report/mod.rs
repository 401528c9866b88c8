//! Output: projection tables, formats, and atomic file writing.

pub mod tables;
pub mod write;

pub use tables::Format;
pub use write::{write_all_atomically, OutputFile};
