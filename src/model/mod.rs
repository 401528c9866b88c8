//! The calculation model of MODEL.md: outage timeline, history, headline reconciliation.

pub mod history;
pub mod reconcile;
pub mod timeline;

pub use history::{history, AssetHistory, History, HistoryOptions, DEFAULT_UTILIZATION};
pub use reconcile::{reconcile, Claim, Reconciliation};
pub use timeline::{Timeline, Window};
