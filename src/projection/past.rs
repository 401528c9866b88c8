//! The uncertain past of a projection: what each Monte Carlo path redraws of the observed
//! records (MODEL.md, "Record uncertainty").

use crate::data::{Dataset, Strike};
use crate::observed::records::RecordUncertainty;
use crate::observed::timeline::{add_interval, Window};

/// What a path redraws of the observed records (MODEL.md, "Record uncertainty"): the
/// outages still running into the projected days and the lookback strikes, drawn once per
/// path and shared by its scenarios.
#[derive(Debug, Clone)]
pub(crate) struct UncertainPast {
    pub(crate) records: RecordUncertainty,
    /// Records that vary (position in the dataset, the record), in data order: each path
    /// draws them in this order.
    pub(crate) varying: Vec<(usize, Strike)>,
    /// Per record of the dataset, its position in `varying` (`usize::MAX`: it does not
    /// vary).
    pub(crate) position: Vec<usize>,
    /// Assets whose running outages vary, and the slot of each asset (`usize::MAX`: none).
    pub(crate) assets: Vec<usize>,
    pub(crate) slot: Vec<usize>,
    /// Per varying asset, the difference array of its fixed observed outages.
    pub(crate) fixed_diff: Vec<Vec<f64>>,
    /// Observed varying records that may reach the projected days: (position in
    /// `varying`, slot of their asset).
    pub(crate) running: Vec<(usize, usize)>,
    /// Lookback strikes that vary: (position in the lookback list, position in `varying`).
    pub(crate) lookback: Vec<(usize, usize)>,
}

impl UncertainPast {
    /// What the paths of a projection from `base` redraw of `data`'s observed records
    /// (`lookback`: the positions of the lookback strikes in `data.strikes`), or `None`
    /// when nothing that matters to the projection varies.
    pub(crate) fn of(data: &Dataset, window: Window, lookback: &[usize]) -> Option<Self> {
        let records = RecordUncertainty::of(data);
        let start = window.start;
        let days = window.days;
        let varying: Vec<usize> = (0..data.strikes.len())
            .filter(|&i| !records.spread(i).is_fixed())
            .collect();
        let mut at = vec![usize::MAX; data.strikes.len()];
        for (v, &i) in varying.iter().enumerate() {
            at[i] = v;
        }
        let position = |i: usize| Some(at[i]).filter(|&v| v != usize::MAX);
        let reaches = |i: usize| {
            let s = &data.strikes[i];
            s.date < start && s.date + chrono::Days::new(u64::from(records.max_days(i, s))) > start
        };
        let mut slot = vec![usize::MAX; data.assets.len()];
        let mut assets = Vec::new();
        let mut running = Vec::new();
        for (v, &i) in varying.iter().enumerate() {
            if reaches(i) {
                let a = data.strikes[i].asset;
                if slot[a] == usize::MAX {
                    slot[a] = assets.len();
                    assets.push(a);
                }
                running.push((v, slot[a]));
            }
        }
        let lookback: Vec<(usize, usize)> = lookback
            .iter()
            .enumerate()
            .filter_map(|(j, &i)| position(i).map(|v| (j, v)))
            .collect();
        if running.is_empty() && lookback.is_empty() {
            return None;
        }
        let mut fixed_diff = vec![vec![0.0; days + 1]; assets.len()];
        for (i, s) in data.strikes.iter().enumerate() {
            let k = slot[s.asset];
            if k != usize::MAX && s.date < start && position(i).is_none() {
                add_interval(
                    &mut fixed_diff[k],
                    (s.date - start).num_days(),
                    i64::from(s.repair_days),
                    s.disabled,
                );
            }
        }
        Some(UncertainPast {
            varying: varying
                .iter()
                .map(|&i| (i, data.strikes[i].clone()))
                .collect(),
            records,
            position: at,
            assets,
            slot,
            fixed_diff,
            running,
            lookback,
        })
    }
}
