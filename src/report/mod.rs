//! Output: projection tables, formats, and atomic file writing.

pub(crate) mod charts;
pub(crate) mod daily;
pub(crate) mod html;
pub(crate) mod page;
pub(crate) mod run;
pub(crate) mod tables;
pub(crate) mod write;

pub(crate) use tables::Format;
pub(crate) use write::{write_all_atomically, OutputFile};
