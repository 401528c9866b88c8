//! # strike-impact
//!
//! What strikes on energy infrastructure do to refining capacity and revenue, and what a
//! truce would change. The pipeline reads as the folders: [`data`] (load and validate
//! assets, strikes, prices) → [`model`] (outage timeline, history, reconciliation) →
//! [`report`] (tables and files).
//!
//! ```
//! use strike_impact::{data::Dataset, model};
//!
//! let data = Dataset::bundled()?;
//! let from = "2025-01-01".parse()?;
//! let to = "2025-03-31".parse()?;
//! let q1 = model::history(&data, from, to, Default::default())?;
//! println!("Q1 2025: {:.2} Mt lost ({:.1} % of capacity)",
//!          q1.lost_capacity_mt, q1.mean_offline_share * 100.0);
//! assert!(q1.lost_capacity_mt > 0.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

pub mod data;
pub mod error;
pub mod model;
pub mod report;
pub mod units;

pub use data::Dataset;
pub use error::{Error, Result};
