//! Studies over many projections: the sweep over a grid of settings, the sensitivity
//! analysis (tornado and Sobol'), and the rolling-origin backtest.

pub(crate) mod backtest;
pub(crate) mod sensitivity;
pub(crate) mod sweep;
