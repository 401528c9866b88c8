//! Output: atomic file writing and human-readable tables.

pub mod write;

pub use write::{write_all_atomically, OutputFile};
