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

pub mod chart;
pub mod data;
pub mod error;
pub mod model;
pub mod report;
pub mod units;

pub use data::Dataset;
pub use error::{Error, Result};

/// The names a notebook or script needs, in one `use strike_impact::prelude::*;`.
pub mod prelude {
    pub use crate::chart::{ChartInput, ChartKind, DailySeries, ImageFormat, SvgImage};
    pub use crate::data::benchmarks::Benchmark;
    pub use crate::data::{Asset, Dataset, PricePoint, Sources, Strike, Table};
    pub use crate::error::{Error, Result};
    pub use crate::model::projection::{
        Note, ObservedHistory, Projection, ScenarioResult, Summary,
    };
    pub use crate::model::reconcile::{reconcile, Claim};
    pub use crate::model::scenario::{Scenario, Settings, Truce};
    pub use crate::model::{
        check_benchmarks, history, Band, DrawOptions, HistoryOptions, MonteCarloOptions, Verdict,
    };
    pub use crate::report::Format;
}
