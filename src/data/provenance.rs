//! What a dataset was loaded from and which of its records were kept: each input table's
//! source and content hash, and the records' filters (`known_by`, `min_confidence`).
//! `run.json` states them, and a report's "how to reproduce it" reads them.

use serde::{Deserialize, Serialize};

use super::{Confidence, InputKind};
use crate::error::{Error, Result};

/// One input table: its source (a file, a DataFrame, or a bundled file) and the BLAKE3 hash
/// of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputRecord {
    /// `assets`, `strikes` or `prices`.
    pub table: String,
    /// The file's path, `bundled NAME`, or `frame NAME` (a table given in memory).
    pub source: String,
    /// The BLAKE3 hash of the bytes, in hex (empty for a polars DataFrame given to the
    /// library in memory, which has no bytes of its own; Python's tables arrive as CSV text
    /// and are hashed).
    pub blake3: String,
}

impl InputRecord {
    /// The record of bytes in memory (a bundled table, a DataFrame's CSV text).
    pub(crate) fn of(table: InputKind, source: String, bytes: &[u8]) -> Self {
        let mut h = blake3::Hasher::new();
        h.update(bytes);
        InputRecord::with_hash(table, source, h)
    }

    /// The record of a file, hashed where it lies (mapped, on every core) rather than read
    /// into memory a second time.
    pub(crate) fn of_file(table: InputKind, path: &std::path::Path) -> Result<Self> {
        let mut h = blake3::Hasher::new();
        h.update_mmap_rayon(path).map_err(|e| Error::io(path, e))?;
        Ok(InputRecord::with_hash(table, path.display().to_string(), h))
    }

    /// The records of a table's bundled files.
    pub(crate) fn bundled(table: InputKind) -> Vec<Self> {
        table
            .bundled_files()
            .iter()
            .map(|(name, text)| InputRecord::of(table, format!("bundled {name}"), text.as_bytes()))
            .collect()
    }

    fn with_hash(table: InputKind, source: String, h: blake3::Hasher) -> Self {
        InputRecord {
            table: table.name().to_owned(),
            source,
            blake3: h.finalize().to_hex().to_string(),
        }
    }
}

/// Where a dataset's tables came from and which of its records were kept.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// Each input table, in the order assets, strikes, prices (a table given by no input:
    /// each of its bundled files).
    pub inputs: Vec<InputRecord>,
    /// Only the strikes dated up to this day were kept ([`super::Dataset::known_by`]).
    pub known_by: Option<chrono::NaiveDate>,
    /// Only the strike rows of at least this confidence were kept
    /// ([`super::Dataset::with_min_confidence`]).
    pub min_confidence: Option<Confidence>,
}

impl Provenance {
    /// Whether every input is a bundled file (the data the command line loads with no data
    /// flag).
    pub fn all_bundled(&self) -> bool {
        self.inputs.iter().all(|i| i.source.starts_with("bundled "))
    }
}
