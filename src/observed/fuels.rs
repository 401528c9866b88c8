//! Fuels lost (MODEL.md, "Fuels"): the products a refinery did not make while its capacity
//! was offline, from the kind of unit each record's capacity is of and the plant's yields.

use crate::data::{Dataset, Product, Slate, UnitType};
use crate::observed::figures::HistoryOptions;
use crate::observed::timeline::{add_interval, integrate, Outage, Timeline, Window};
use crate::units::{self, Unit};

/// A catalytic cracker's products per tonne of feed: one worked plant balance
/// (Sadeghbeigi, *Fluid Catalytic Cracking Handbook*, example 5-3): gasoline 0.4920, light
/// cycle oil (a diesel blendstock) 0.2036, decant oil 0.0698, gas, LPG and coke 0.2346.
pub const CRACKER_SHARES: Slate = [0.4920, 0.2036, 0.0, 0.0698, 0.2346];
/// A catalytic reformer's products per tonne of feed: reformate 0.85 (the middle of the
/// 0.80-0.90 usually quoted), hydrogen, fuel gas and LPG 0.15.
pub const REFORMER_SHARES: Slate = [0.85, 0.0, 0.0, 0.0, 0.15];

/// The products one tonne of a unit's capacity gives, for a plant whose slate is `plant`
/// (MODEL.md, "Fuels"): a crude unit (or a unit whose products are not known) every
/// product at the plant's yields; a cracker and a reformer their documented shares; a
/// hydrocracker diesel and jet, a vacuum unit fuel oil and other, each pair in the plant's
/// own proportion; a hydrotreater the cut it treats, diesel.
pub fn unit_shares(unit: UnitType, plant: &Slate) -> Slate {
    let idx = |p: Product| p as usize;
    let split = |among: [Product; 2], fallback: Product| {
        let mut out = [0.0; 5];
        let total: f64 = among.iter().map(|p| plant[idx(*p)]).sum();
        if total > 0.0 {
            for p in among {
                out[idx(p)] = plant[idx(p)] / total;
            }
        } else {
            out[idx(fallback)] = 1.0;
        }
        out
    };
    match unit {
        UnitType::Crude | UnitType::Other => *plant,
        UnitType::Cracker => CRACKER_SHARES,
        UnitType::Reformer => REFORMER_SHARES,
        UnitType::Hydrocracker => split([Product::Diesel, Product::Jet], Product::Diesel),
        UnitType::Vacuum => split([Product::FuelOil, Product::Other], Product::Other),
        UnitType::Hydrotreater => {
            let mut out = [0.0; 5];
            out[idx(Product::Diesel)] = 1.0;
            out
        }
    }
}

/// Tonnes of crude one unit of capacity processes in a day: Mt/yr only, the unit of
/// refineries; other units have no fuels.
pub(crate) fn tonnes_per_capacity_day(unit: &Unit) -> Option<f64> {
    (*unit == Unit::Mtpa).then(|| units::tonnes_per_day(1.0))
}

/// Whether a group's fuels can be given, and what they need.
pub(crate) enum FuelsOf {
    /// The group is not of refineries (another kind of asset, or a unit other than Mt/yr).
    NotRefining,
    /// No slate in the yields table covers the group or any of its assets.
    NoYields,
    /// Some struck assets have no slate (their ids).
    Missing(Vec<String>),
    /// Every struck asset has a slate.
    Plan(FuelPlan),
}

/// What the fuels of a period need of the records: each strike's product shares, and per
/// asset its utilization and whether its strikes all share one mix.
pub(crate) struct FuelPlan {
    /// Per strike (in `data.strikes` order), the products of a unit of its capacity.
    shares: Vec<Slate>,
    /// Per asset, the one mix of all its strikes (`None`: they differ, and the day's mix
    /// follows the strikes active on it).
    uniform: Vec<Option<Slate>>,
    /// Per asset, tonnes of feed per unit of capacity offline and day (utilization
    /// applied).
    tonnes: Vec<f64>,
}

impl FuelsOf {
    /// What the fuels of `data`'s only group need.
    pub(crate) fn of(data: &Dataset, options: &HistoryOptions) -> FuelsOf {
        let unit = data.assets.unit();
        let assets = data.assets.as_slice();
        let refineries = assets
            .iter()
            .all(|a| a.kind == crate::data::assets::DEFAULT_KIND);
        let Some(per_capacity) = tonnes_per_capacity_day(&unit).filter(|_| refineries) else {
            return FuelsOf::NotRefining;
        };
        let group = assets.first().map_or("", |a| a.group.as_str());
        if !data
            .yields
            .covers_any(group, assets.iter().map(|a| a.id.as_str()))
        {
            return FuelsOf::NoYields;
        }
        let slates: Vec<Option<&Slate>> = assets
            .iter()
            .map(|a| data.yields.slate(&a.id, &a.group))
            .collect();
        let mut missing: Vec<String> = Vec::new();
        let mut shares = Vec::with_capacity(data.strikes.len());
        let mut uniform: Vec<Option<Option<Slate>>> = vec![None; assets.len()];
        for s in &data.strikes {
            let Some(slate) = slates[s.asset] else {
                let id = &assets[s.asset].id;
                if !missing.contains(id) {
                    missing.push(id.clone());
                }
                shares.push([0.0; 5]);
                continue;
            };
            let mix = unit_shares(s.unit_type(), slate);
            shares.push(mix);
            uniform[s.asset] = match uniform[s.asset] {
                None => Some(Some(mix)),
                Some(Some(m)) if m == mix => Some(Some(m)),
                Some(_) => Some(None),
            };
        }
        if !missing.is_empty() {
            return FuelsOf::Missing(missing);
        }
        FuelsOf::Plan(FuelPlan {
            shares,
            uniform: uniform
                .into_iter()
                .map(|u| u.unwrap_or(Some([0.0; 5])))
                .collect(),
            tonnes: assets
                .iter()
                .map(|a| per_capacity * a.utilization_or(options.default_utilization))
                .collect(),
        })
    }
}

impl FuelPlan {
    /// Per asset, the tonnes of each product one unit of its capacity offline for a day
    /// takes away in a projection: its strikes' one mix, or where they differ, their mix
    /// weighted by capacity over the strikes dated up to `as_of` (MODEL.md, "Fuels").
    pub(crate) fn per_capacity_day(&self, data: &Dataset, as_of: chrono::NaiveDate) -> Vec<Slate> {
        let mut weighted = vec![([0.0; 5], 0.0); self.uniform.len()];
        for (s, share) in data.strikes.iter().zip(&self.shares) {
            if self.uniform[s.asset].is_none() && s.date <= as_of {
                let (mix, weight) = &mut weighted[s.asset];
                for p in 0..5 {
                    mix[p] += s.disabled * share[p];
                }
                *weight += s.disabled;
            }
        }
        self.uniform
            .iter()
            .zip(&weighted)
            .zip(&self.tonnes)
            .map(|((u, (mix, weight)), t)| {
                let mix =
                    u.unwrap_or_else(|| mix.map(|m| if *weight > 0.0 { m / weight } else { 0.0 }));
                mix.map(|m| m * t)
            })
            .collect()
    }

    /// Whether asset `a`'s strikes differ in their mix (its daily mix must be followed).
    pub(crate) fn mixed(&self, a: usize) -> bool {
        self.uniform[a].is_none()
    }

    /// The daily mixes of the mixed assets from their outages (`(strike index, outage)`,
    /// the records as written or as drawn): per asset, `None` unless mixed; per day the
    /// products of a unit of its offline capacity, the active strikes' shares weighted by
    /// their capacities (a cap on the asset scales them alike).
    pub(crate) fn mixes(
        &self,
        n_assets: usize,
        outages: impl IntoIterator<Item = (usize, Outage)>,
        window: Window,
    ) -> Vec<Option<Vec<Slate>>> {
        let mut diffs: Vec<Option<[Vec<f64>; 5]>> = (0..n_assets)
            .map(|a| {
                self.mixed(a)
                    .then(|| std::array::from_fn(|_| vec![0.0; window.days + 1]))
            })
            .collect();
        for (i, o) in outages {
            let Some(diff) = &mut diffs[o.asset] else {
                continue;
            };
            for (p, row) in diff.iter_mut().enumerate() {
                add_interval(
                    row,
                    window.offset(o.date),
                    i64::from(o.days),
                    o.mtpa * self.shares[i][p],
                );
            }
        }
        diffs
            .into_iter()
            .map(|d| {
                d.map(|mut rows| {
                    rows.iter_mut().for_each(integrate);
                    (0..window.days)
                        .map(|day| {
                            let total: f64 = rows.iter().map(|r| r[day]).sum();
                            std::array::from_fn(|p| {
                                if total > 0.0 {
                                    rows[p][day] / total
                                } else {
                                    0.0
                                }
                            })
                        })
                        .collect()
                })
            })
            .collect()
    }

    /// Tonnes lost per product over the window, from each asset's capped offline row
    /// (`None`: no outage) and the daily mixes of the mixed assets; with `daily`, each
    /// day's tonnes per product are written there too.
    pub(crate) fn tonnes(
        &self,
        rows: &[Option<&[f64]>],
        mixes: &[Option<Vec<Slate>>],
        mut daily: Option<&mut Vec<Slate>>,
    ) -> Slate {
        let mut total = [0.0; 5];
        for (a, row) in rows.iter().enumerate() {
            let Some(row) = row else { continue };
            let t = self.tonnes[a];
            match (&self.uniform[a], &mixes[a]) {
                (Some(mix), _) => {
                    let offline: f64 = row.iter().sum();
                    for p in 0..5 {
                        total[p] += offline * t * mix[p];
                    }
                    if let Some(daily) = daily.as_deref_mut() {
                        // Most days of most rows are 0: only the days offline add.
                        let w = mix.map(|m| t * m);
                        for (d, v) in daily.iter_mut().zip(row.iter()).filter(|(_, v)| **v != 0.0) {
                            for p in 0..5 {
                                d[p] += v * w[p];
                            }
                        }
                    }
                }
                (None, Some(days)) => {
                    for (day, (v, mix)) in row.iter().zip(days).enumerate() {
                        for p in 0..5 {
                            let x = v * t * mix[p];
                            total[p] += x;
                            if let Some(daily) = daily.as_deref_mut() {
                                daily[day][p] += x;
                            }
                        }
                    }
                }
                (None, None) => unreachable!("a mixed asset's mixes are given"),
            }
        }
        total
    }
}

/// One day's exports of each product, tonnes per day (`None`: no figure for the product).
pub(crate) type DayExports = [Option<f64>; 5];

/// Per day of `window`, each product's exports by the group of `data`'s assets, tonnes
/// per day (`None`: no row for the product), and the (product, month) pairs of the rows
/// used for days of another month (the table has none for theirs).
pub(crate) fn exports_by_day(
    data: &Dataset,
    window: Window,
) -> (Vec<DayExports>, Vec<(Product, chrono::NaiveDate)>) {
    use chrono::Datelike;
    let group = data
        .assets
        .as_slice()
        .first()
        .map_or("", |a| a.group.as_str());
    let months = Product::ALL.map(|p| data.exports.months(group, p));
    let mut other_months: Vec<(Product, chrono::NaiveDate)> = Vec::new();
    let days = window
        .dates()
        .map(|day| {
            std::array::from_fn(|p| {
                let product = Product::ALL[p];
                let x = crate::data::Exports::on_rows(months[p]?, day)?;
                let own = day.with_day(1).expect("day 1 exists");
                if x.month != own && !other_months.contains(&(product, own)) {
                    other_months.push((product, own));
                }
                Some(x.t_per_day)
            })
        })
        .collect();
    (days, other_months)
}

/// The warning of days whose exports are another month's (the table has no row for
/// theirs), or `None`.
pub(crate) fn exports_warning(other_months: &[(Product, chrono::NaiveDate)]) -> Option<String> {
    if other_months.is_empty() {
        return None;
    }
    let mut by_product: Vec<String> = Vec::new();
    for p in Product::ALL {
        let months: Vec<String> = other_months
            .iter()
            .filter(|(q, _)| *q == p)
            .map(|(_, m)| m.format("%Y-%m").to_string())
            .collect();
        if !months.is_empty() {
            by_product.push(format!("{} in {}", p.name(), months.join(", ")));
        }
    }
    Some(format!(
        "the exports table has no row for {}: those days take the exports of the latest \
         earlier month with a row (or of the first month)",
        by_product.join("; ")
    ))
}

/// The note of the products without any export figure (their exports lost are not
/// counted), or `None`.
pub(crate) fn exports_note(exports: &[DayExports]) -> Option<String> {
    let none: Vec<&str> = Product::ALL
        .iter()
        .filter(|p| exports.iter().all(|x| x[**p as usize].is_none()))
        .map(|p| p.name())
        .collect();
    (!none.is_empty() && !exports.is_empty()).then(|| {
        format!(
            "no export figures for {}: their exports lost are not counted",
            none.join(", ")
        )
    })
}

/// Whether some product has an export figure on some day (else no exports lost are given).
pub(crate) fn any_exports(exports: &[DayExports]) -> bool {
    exports.iter().any(|x| x.iter().any(Option::is_some))
}

/// Exports lost over the days, tonnes of each product (MODEL.md, "Fuels"): each day the
/// product's lost output comes out of its exports up to what was exported, all of it
/// with domestic demand served first (`share` `None`), or `share` of it; 0 for a product
/// without exports.
pub(crate) fn exports_lost(
    daily: &[Slate],
    exports: &[[Option<f64>; 5]],
    share: Option<f64>,
) -> Slate {
    let s = share.unwrap_or(1.0);
    let mut total = [0.0; 5];
    for (lost, x) in daily.iter().zip(exports) {
        for (t, l) in total.iter_mut().zip(day_exports_lost(lost, x, s)) {
            *t += l;
        }
    }
    total
}

/// One day's exports lost by product: `min(s x lost, exports)`, 0 without exports.
pub(crate) fn day_exports_lost(lost: &Slate, exports: &DayExports, s: f64) -> Slate {
    std::array::from_fn(|p| exports[p].map_or(0.0, |x| (s * lost[p]).min(x)))
}

/// The export revenue lost over the days, USD (MODEL.md, "Fuels"): each day's exports
/// lost of each product ([`exports_lost`]) at that day's export price of the product.
pub(crate) fn exports_revenue_lost(
    daily: &[Slate],
    exports: &[DayExports],
    share: Option<f64>,
    prices: &[Slate],
) -> f64 {
    let s = share.unwrap_or(1.0);
    daily
        .iter()
        .zip(exports)
        .zip(prices)
        .map(|((lost, x), price)| {
            day_exports_lost(lost, x, s)
                .iter()
                .zip(price)
                .map(|(t, p)| t * p)
                .sum::<f64>()
        })
        .sum()
}

/// Each day's export price of each fuel, USD/t (MODEL.md, "Fuels"): the fuel's own from
/// the prices row in force where the row gives one, else the product basket's.
#[derive(Debug, Clone)]
pub(crate) struct ExportPrices {
    pub(crate) daily: Vec<Slate>,
    /// The fuels with exports that took the basket's price on some day.
    pub(crate) basket: Vec<Product>,
}

impl ExportPrices {
    /// The export prices of `data`'s group over `window`, for the fuels `exports` has
    /// figures for; `None` without prices.
    pub(crate) fn of(data: &Dataset, window: Window, exports: &[DayExports]) -> Option<Self> {
        data.prices.as_slice().first()?;
        let mut basket = Vec::new();
        let daily = window
            .dates()
            .zip(exports)
            .map(|(day, x)| {
                let row = data.prices.at(day).expect("a row: the table is not empty");
                for p in Product::ALL {
                    let i = p as usize;
                    if x[i].is_some() && row.fuels_usd_t[i].is_none() && !basket.contains(&p) {
                        basket.push(p);
                    }
                }
                row.fuel_prices()
            })
            .collect();
        basket.sort();
        Some(ExportPrices { daily, basket })
    }

    /// What the reader should know of the prices: the fuels valued at the basket's.
    pub(crate) fn note(&self) -> Option<String> {
        (!self.basket.is_empty()).then(|| {
            let names: Vec<&str> = self.basket.iter().map(|p| p.name()).collect();
            format!(
                "export revenue lost values {} at the product basket's price (product_usd_t): \
                 the prices table gives no export price of their own (<fuel>_usd_t)",
                names.join(", ")
            )
        })
    }
}

/// What a period's fuels and exports lost need, worked out once for its point figures
/// and its draws: the plan, and each day's exports.
pub(crate) struct PeriodFuels {
    pub(crate) plan: FuelPlan,
    /// Per day, each product's exports (tonnes per day).
    pub(crate) exports: Vec<DayExports>,
    /// The (product, month) pairs whose days take another month's exports.
    pub(crate) other_months: Vec<(Product, chrono::NaiveDate)>,
    /// Each day's export prices (`None`: the group has no prices).
    pub(crate) prices: Option<ExportPrices>,
}

impl PeriodFuels {
    /// The fuels of `data` over `window`; or, where they cannot be given, what the reader
    /// should be told (`None`: the group is not of refineries, and nothing needs saying).
    pub(crate) fn of(
        data: &Dataset,
        window: Window,
        options: &HistoryOptions,
    ) -> Result<Self, Option<String>> {
        let plan = fuel_plan(data, options)?;
        let (exports, other_months) = exports_by_day(data, window);
        let prices = ExportPrices::of(data, window, &exports);
        Ok(PeriodFuels {
            plan,
            exports,
            other_months,
            prices,
        })
    }
}

/// The plan of `data`'s fuels, or what the reader should be told.
fn fuel_plan(data: &Dataset, options: &HistoryOptions) -> Result<FuelPlan, Option<String>> {
    match FuelsOf::of(data, options) {
        FuelsOf::Plan(plan) => Ok(plan),
        FuelsOf::NotRefining => Err(None),
        FuelsOf::NoYields => {
            let group = data
                .assets
                .as_slice()
                .first()
                .map_or("", |a| a.group.as_str());
            Err(Some(format!(
                "fuels lost are not given: no yields cover group {group} (give them with \
                 --yields, per refinery or for the group)"
            )))
        }
        FuelsOf::Missing(ids) => Err(Some(format!(
            "fuels lost are not given: no yields for {} (give them with --yields, per \
             refinery or for the group)",
            ids.join(", ")
        ))),
    }
}

/// The fuels lost over a timeline's window by `plan`: each product's mean tonnes per day,
/// and each day's tonnes per product.
pub(crate) fn timeline_fuels(
    data: &Dataset,
    timeline: &Timeline,
    plan: &FuelPlan,
) -> (Slate, Vec<Slate>) {
    let window = timeline.window;
    let mixes = plan.mixes(
        data.assets.len(),
        data.strikes
            .iter()
            .enumerate()
            .filter(|(_, s)| plan.mixed(s.asset))
            .map(|(i, s)| (i, Outage::from(s))),
        window,
    );
    let rows: Vec<Option<&[f64]>> = timeline.offline.iter().map(|r| Some(&r[..])).collect();
    let mut daily = vec![[0.0; 5]; window.days];
    let total = plan.tonnes(&rows, &mixes, Some(&mut daily));
    let days = window.days.max(1) as f64;
    (total.map(|t| t / days), daily)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::strikes::StrikeNotes;
    use crate::data::{Asset, Strike};

    fn d(s: &str) -> chrono::NaiveDate {
        s.parse().unwrap()
    }

    const SLATE: Slate = [0.2, 0.3, 0.05, 0.15, 0.3];

    fn typed(s: Strike, t: UnitType) -> Strike {
        s.with_notes(StrikeNotes {
            unit_type: Some(t),
            ..StrikeNotes::default()
        })
    }

    /// One plant `a` of `capacity` with the slate `SLATE` and `strikes` on it.
    fn plant(capacity: f64, utilization: Option<f64>, strikes: Vec<Strike>) -> Dataset {
        let mut a = Asset::new("a", "A", capacity);
        a.utilization = utilization;
        let mut data = Dataset::new(vec![a], strikes, vec![]);
        data.yields = crate::data::Yields::default().with_asset("a", SLATE);
        data
    }

    /// The fuels lost over `from..=to` of one-plant `data`, and per day into `daily`.
    fn tonnes_over(
        data: &Dataset,
        options: &HistoryOptions,
        (from, to): (&str, &str),
        daily: Option<&mut Vec<Slate>>,
    ) -> Slate {
        let FuelsOf::Plan(plan) = FuelsOf::of(data, options) else {
            panic!("a plan");
        };
        let window = Window::inclusive(d(from), d(to));
        let timeline = Timeline::build(&data.assets, &data.strikes, window);
        let mixes = plan.mixes(
            1,
            data.strikes
                .iter()
                .enumerate()
                .map(|(i, s)| (i, Outage::from(s))),
            window,
        );
        plan.tonnes(&[Some(&timeline.offline[0][..])], &mixes, daily)
    }

    /// Fuels lost by hand: a 3.65 Mt/yr crude unit at utilization 0.8 for 10 days, and a
    /// 1.825 Mt/yr cracker at the same plant for its last 5 of them, on a plant of 10 Mt/yr.
    #[test]
    fn fuels_by_hand_from_a_crude_unit_and_a_cracker() {
        let data = plant(
            10.0,
            Some(0.8),
            vec![
                typed(
                    Strike::new("crude", d("2025-01-01"), 0, 3.65, 10),
                    UnitType::Crude,
                ),
                typed(
                    Strike::new("fcc", d("2025-01-06"), 0, 1.825, 5),
                    UnitType::Cracker,
                ),
            ],
        );
        let mut daily = vec![[0.0; 5]; 10];
        let t = tonnes_over(
            &data,
            &HistoryOptions::default(),
            ("2025-01-01", "2025-01-10"),
            Some(&mut daily),
        );
        // Crude: 3.65 Mt/yr = 10,000 t/d of feed, 8,000 t/d at utilization 0.8, 10 days:
        // 80,000 t at the slate. Cracker: 1.825 Mt/yr = 5,000 t/d, 4,000 t/d, 5 days:
        // 20,000 t at the cracker's shares.
        let want: Slate =
            std::array::from_fn(|p| 80_000.0 * SLATE[p] + 20_000.0 * CRACKER_SHARES[p]);
        for p in 0..5 {
            assert!(
                (t[p] - want[p]).abs() < 1e-6,
                "{p}: {} vs {}",
                t[p],
                want[p]
            );
        }
        // Gasoline on day 1: 8,000 * 0.2; on day 6: 1,600 + 4,000 * 0.492.
        assert!((daily[0][0] - 1_600.0).abs() < 1e-9);
        assert!((daily[5][0] - (1_600.0 + 4_000.0 * 0.492)).abs() < 1e-9);
    }

    /// A cap on the asset scales every active strike's products alike.
    #[test]
    fn a_capped_day_scales_each_strikes_products_alike() {
        let data = plant(
            3.65,
            None,
            vec![
                typed(
                    Strike::new("crude", d("2025-01-01"), 0, 3.65, 1),
                    UnitType::Crude,
                ),
                typed(
                    Strike::new("ref", d("2025-01-01"), 0, 3.65, 1),
                    UnitType::Reformer,
                ),
            ],
        );
        let options = HistoryOptions {
            default_utilization: 1.0,
            ..HistoryOptions::default()
        };
        let t = tonnes_over(&data, &options, ("2025-01-01", "2025-01-01"), None);
        // 7.3 Mt/yr of strikes capped at 3.65 (10,000 t/d): half each.
        for p in 0..5 {
            let want = 5_000.0 * SLATE[p] + 5_000.0 * REFORMER_SHARES[p];
            assert!((t[p] - want).abs() < 1e-6);
        }
        assert!((t.iter().sum::<f64>() - 10_000.0).abs() < 1e-6);
    }

    /// A projection's fuels per unit of capacity: an asset whose strikes differ takes
    /// their mix weighted by capacity, over the strikes known at the as-of date.
    #[test]
    fn a_projection_weights_an_assets_mixes_by_capacity() {
        let mut data = Dataset::new(
            vec![Asset::new("a", "A", 10.0), Asset::new("b", "B", 10.0)],
            vec![
                typed(
                    Strike::new("crude", d("2025-01-01"), 0, 3.0, 10),
                    UnitType::Crude,
                ),
                typed(
                    Strike::new("fcc", d("2025-01-02"), 0, 1.0, 10),
                    UnitType::Cracker,
                ),
                typed(
                    Strike::new("late", d("2025-02-01"), 0, 4.0, 10),
                    UnitType::Reformer,
                ),
                Strike::new("b", d("2025-01-01"), 1, 1.0, 10),
            ],
            vec![],
        );
        data.yields = crate::data::Yields::default()
            .with_asset("a", SLATE)
            .with_asset("b", SLATE);
        let options = HistoryOptions {
            default_utilization: 0.5,
            ..HistoryOptions::default()
        };
        let FuelsOf::Plan(plan) = FuelsOf::of(&data, &options) else {
            panic!("a plan");
        };
        let k = plan.per_capacity_day(&data, d("2025-01-31"));
        let t = 1e6 / 365.0 * 0.5;
        for p in 0..5 {
            // a: (3 x slate + 1 x cracker) / 4, the reformer not yet known; b: its slate.
            let want = (3.0 * SLATE[p] + CRACKER_SHARES[p]) / 4.0 * t;
            assert!((k[0][p] - want).abs() < 1e-9, "{p}");
            assert!((k[1][p] - SLATE[p] * t).abs() < 1e-9, "{p}");
        }
    }

    /// Export revenue by hand: each day's exports lost at each fuel's price, its own where
    /// the row gives one, else the basket's.
    #[test]
    fn export_revenue_values_each_days_exports_lost_at_its_price() {
        let mut data = plant(10.0, None, vec![]);
        data.prices = crate::data::Prices::new(vec![
            crate::data::PricePoint::new(d("2025-01-01"), 500.0, 400.0),
            crate::data::PricePoint {
                fuels_usd_t: [None, Some(700.0), None, None, None],
                ..crate::data::PricePoint::new(d("2025-01-02"), 600.0, 400.0)
            },
        ]);
        let window = Window::inclusive(d("2025-01-01"), d("2025-01-02"));
        // Gasoline and diesel exported, 1,000 t/d each.
        let exports = vec![[Some(1_000.0), Some(1_000.0), None, None, None]; 2];
        let prices = ExportPrices::of(&data, window, &exports).unwrap();
        assert_eq!(prices.daily[0], [500.0; 5]);
        assert_eq!(prices.daily[1], [600.0, 700.0, 600.0, 600.0, 600.0]);
        assert_eq!(prices.basket, vec![Product::Gasoline, Product::Diesel]);
        // Day 1: 400 t of gasoline and 2,000 of diesel lost (1,000 exported); day 2: 300 t
        // of each, and 50 t of jet, which has no exports.
        let daily = [
            [400.0, 2_000.0, 0.0, 0.0, 0.0],
            [300.0, 300.0, 50.0, 0.0, 0.0],
        ];
        let usd = exports_revenue_lost(&daily, &exports, None, &prices.daily);
        let want = 400.0 * 500.0 + 1_000.0 * 500.0 + 300.0 * 600.0 + 300.0 * 700.0;
        assert!((usd - want).abs() < 1e-9, "{usd} vs {want}");
        // Half on exports: 200 + 1,000 (the ceiling) on day 1, 150 + 150 on day 2.
        let half = exports_revenue_lost(&daily, &exports, Some(0.5), &prices.daily);
        let want = 200.0 * 500.0 + 1_000.0 * 500.0 + 150.0 * 600.0 + 150.0 * 700.0;
        assert!((half - want).abs() < 1e-9, "{half} vs {want}");
        // No prices, no revenue.
        data.prices = crate::data::Prices::default();
        assert!(ExportPrices::of(&data, window, &exports).is_none());
    }

    #[test]
    fn secondary_units_make_their_own_products() {
        let h = unit_shares(UnitType::Hydrocracker, &SLATE);
        assert!((h[1] - 0.3 / 0.35).abs() < 1e-12 && (h[2] - 0.05 / 0.35).abs() < 1e-12);
        let v = unit_shares(UnitType::Vacuum, &SLATE);
        assert!((v[3] - 0.15 / 0.45).abs() < 1e-12 && (v[4] - 0.3 / 0.45).abs() < 1e-12);
        assert_eq!(
            unit_shares(UnitType::Hydrotreater, &SLATE),
            [0.0, 1.0, 0.0, 0.0, 0.0]
        );
        assert_eq!(unit_shares(UnitType::Other, &SLATE), SLATE);
        for u in UnitType::ALL {
            assert!((unit_shares(u, &SLATE).iter().sum::<f64>() - 1.0).abs() < 1e-3);
        }
    }

    #[test]
    fn only_refining_groups_with_yields_have_fuels() {
        let mut power = Asset::new("p", "P", 100.0);
        power.unit = Unit::Mw;
        let data = Dataset::new(vec![power], vec![], vec![]);
        assert!(matches!(
            FuelsOf::of(&data, &HistoryOptions::default()),
            FuelsOf::NotRefining
        ));
        let mut data = Dataset::new(
            vec![Asset::new("a", "A", 1.0), Asset::new("b", "B", 1.0)],
            vec![Strike::new("s", d("2025-01-01"), 1, 1.0, 1)],
            vec![],
        );
        data.yields = crate::data::Yields::default();
        assert!(matches!(
            FuelsOf::of(&data, &HistoryOptions::default()),
            FuelsOf::NoYields
        ));
        data.yields = crate::data::Yields::default().with_asset("a", SLATE);
        match FuelsOf::of(&data, &HistoryOptions::default()) {
            FuelsOf::Missing(ids) => assert_eq!(ids, vec!["b".to_owned()]),
            _ => panic!("b has no slate"),
        }
    }
}
