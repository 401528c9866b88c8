"""W1 in plain pandas/numpy: the baseline of `cargo bench --bench workloads -- W1`.

Usage: python benches/w1_pandas.py DIR

Does the work of `strike-impact project --assets assets.csv --strikes strikes.csv
--prices prices.csv --scenarios w1.toml --out w1 --quiet` run in DIR (inputs from
`benches/gen_w1.py` or the bench's `write_synthetic`), as MODEL.md defines it, for one
group of Mt/yr assets:

* reads the three CSV files with pandas.read_csv and the scenario file with tomllib;
* validates them, vectorised: required columns, ids non-empty, without spaces and unique,
  YYYY-MM-DD dates, capacity > 0, 0 < utilization <= 1, 0 < disabled_share <= 1,
  repair_days a whole number in 1..=36500, every strike's asset known, prices >= 0 and one
  row per date, and the settings' ranges; every problem is listed, then exit 1;
* builds the capped outage timeline of the strikes up to as_of over the lookback window
  and the projected days (difference arrays, np.bincount + cumsum);
* projects each scenario's expected path: lookback strikes summed per (asset, repair
  days) times the running sum of m(d) over each repair window (one matrix product),
  plus the observed outages, capped per asset;
* values each day (as-of joined prices, utilization, diversion) and writes
  DIR/w1-pandas/summary.csv and DIR/w1-pandas/daily.csv with the tool's columns.
"""

import sys
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib

T_PER_DAY = 1e6 / 365.0  # tonnes per day in 1 Mt/yr


def numbers(df, col):
    """A column as float64 (NaN where empty or not a number)."""
    return pd.to_numeric(df[col], errors="coerce").to_numpy(np.float64)


def dates(df, col):
    return pd.to_datetime(df[col], format="%Y-%m-%d", errors="coerce")


def fail_rows(problems, file, df, mask, col, expected):
    """One problem per row of `mask`: `file line N, col: expected ..., found "..."`."""
    for line, value in zip(np.flatnonzero(mask) + 2, df.loc[mask, col].astype(str)):
        problems.append(f'{file} line {line}, {col}: expected {expected}, found "{value}"')


def check_ids(problems, file, df, col, slug=True, unique=True):
    ids = df[col].astype(str).str.strip()
    fail_rows(problems, file, df, (ids == "").to_numpy(), col, "a non-empty value")
    if slug:
        fail_rows(problems, file, df, ids.str.contains(r"\s").to_numpy(), col, "an id without spaces")
    if unique:
        fail_rows(problems, file, df, (ids.duplicated() & (ids != "")).to_numpy(), col, "a unique id")
    return ids


def read(path, required, problems, ids):
    df = pd.read_csv(path, dtype={c: str for c in ids}, keep_default_na=False)
    missing = [c for c in required if c not in df.columns]
    if missing:
        problems.append(f"{path.name}: missing column(s) {', '.join(missing)}")
    return df


def load(d: Path):
    problems = []
    assets = read(d / "assets.csv", ["asset_id", "name", "capacity_mtpa"], problems, ["asset_id", "name"])
    strikes = read(d / "strikes.csv", ["strike_id", "date", "asset_id", "disabled_share", "repair_days"],
                   problems, ["strike_id", "asset_id"])
    prices = read(d / "prices.csv", ["date", "product_usd_t"], problems, [])
    if problems:
        sys.exit("\n".join(problems))
    a_ids = check_ids(problems, "assets.csv", assets, "asset_id")
    check_ids(problems, "assets.csv", assets, "name", slug=False, unique=False)
    cap = numbers(assets, "capacity_mtpa")
    fail_rows(problems, "assets.csv", assets, ~(cap > 0), "capacity_mtpa", "a capacity in Mt/yr > 0")
    util = np.full(len(assets), np.nan)
    if "utilization" in assets:
        util = numbers(assets, "utilization")
        given = assets["utilization"].astype(str).str.strip() != ""
        bad = given.to_numpy() & ~((util > 0) & (util <= 1))
        fail_rows(problems, "assets.csv", assets, bad, "utilization", "a utilization with 0 < u <= 1")

    check_ids(problems, "strikes.csv", strikes, "strike_id", slug=False)
    s_date = dates(strikes, "date")
    fail_rows(problems, "strikes.csv", strikes, s_date.isna().to_numpy(), "date", "a date as YYYY-MM-DD")
    first = a_ids.drop_duplicates()  # a duplicate asset id is reported above
    pos = pd.Index(first).get_indexer(strikes["asset_id"].astype(str).str.strip())
    pos = np.where(pos >= 0, first.index.to_numpy()[pos], -1)
    fail_rows(problems, "strikes.csv", strikes, pos < 0, "asset_id", "an asset_id of the assets file")
    share = numbers(strikes, "disabled_share")
    fail_rows(problems, "strikes.csv", strikes, ~((share > 0) & (share <= 1)), "disabled_share",
              "a share with 0 < s <= 1")
    repair = numbers(strikes, "repair_days")
    ok = (repair >= 1) & (repair <= 36_500) & (np.floor(repair) == repair)
    fail_rows(problems, "strikes.csv", strikes, ~ok, "repair_days", "a whole number of days >= 1")

    p_date = dates(prices, "date")
    fail_rows(problems, "prices.csv", prices, p_date.isna().to_numpy(), "date", "a date as YYYY-MM-DD")
    fail_rows(problems, "prices.csv", prices, (p_date.duplicated() & p_date.notna()).to_numpy(), "date",
              "one price row per date")
    product = numbers(prices, "product_usd_t")
    fail_rows(problems, "prices.csv", prices, ~(product >= 0), "product_usd_t", "a price in USD/t >= 0")
    crude = np.zeros(len(prices))
    if "crude_usd_t" in prices:
        crude = numbers(prices, "crude_usd_t")
        given = (prices["crude_usd_t"].astype(str).str.strip() != "").to_numpy()
        fail_rows(problems, "prices.csv", prices, given & ~(crude >= 0), "crude_usd_t", "a price in USD/t >= 0")
        crude = np.where(given, crude, 0.0)
    if problems:
        sys.exit("\n".join(problems))
    order = np.argsort(p_date.to_numpy(), kind="stable")
    return dict(cap=cap, util=util, s_date=s_date.to_numpy(), pos=pos,
                disabled=share * cap[np.maximum(pos, 0)], repair=repair.astype(np.int64),
                p_date=p_date.to_numpy()[order], product=product[order], crude=crude[order])


def settings(path: Path, latest_strike: date):
    """The scenario file with MODEL.md's defaults; exits listing every bad value."""
    f = tomllib.loads(path.read_text())
    day = lambda v: date.fromisoformat(str(v))
    s = dict(as_of=day(f["as_of"]) if "as_of" in f else latest_strike)
    s["until"] = day(f["until"]) if "until" in f else s["as_of"] + timedelta(days=90)
    s["lookback_days"] = f.get("lookback_days", 90)
    s["diversion"] = float(f.get("diversion", 0.0))
    s["default_utilization"] = float(f.get("default_utilization", 0.85))
    whole = lambda v: isinstance(v, int) and 1 <= v <= 36_500
    problems = [msg for ok, msg in [
        (1 <= (s["until"] - s["as_of"]).days <= 3660, f"until: expected 1 to 3660 days after as_of, found {s['until']}"),
        (whole(s["lookback_days"]), f"lookback_days: expected a whole number of days >= 1, found {s['lookback_days']}"),
        (0 <= s["diversion"] <= 1, f"diversion: expected a share from 0 to 1, found {s['diversion']}"),
        (0 < s["default_utilization"] <= 1, f"default_utilization: expected 0 < u <= 1, found {s['default_utilization']}"),
    ] if not ok]
    s["scenarios"], names = [], set()
    for t in f.get("scenario", []):
        name = str(t.get("name", "")).strip()
        if not name or name in names:
            problems.append(f"scenario name: expected a unique, non-empty name, found {name!r}")
        names.add(name)
        truce = None
        if {"truce_start", "truce_days", "compliance", "extended"} & t.keys():
            truce = dict(start=day(t.get("truce_start", s["as_of"] + timedelta(days=1))),
                         days=t.get("truce_days", 30), compliance=float(t.get("compliance", 1.0)),
                         extended=bool(t.get("extended", False)))
            if not whole(truce["days"]):
                problems.append(f"{name}: truce_days: expected a whole number of days >= 1, found {truce['days']}")
            if not 0 <= truce["compliance"] <= 1:
                problems.append(f"{name}: compliance: expected a share from 0 to 1, found {truce['compliance']}")
        s["scenarios"].append(dict(name=name, truce=truce))
    if not s["scenarios"]:
        problems.append("expected at least one [[scenario]] table")
    if problems:
        sys.exit("\n".join(f"{path.name}: {p}" for p in problems))
    return s


def day_revenue(cap_w, off_w, product, crude, diversion):
    """MODEL.md "Revenue", per day, from utilization-weighted capacities (Mt/yr)."""
    throughput = (cap_w - off_w) * T_PER_DAY
    unprocessed = off_w * T_PER_DAY
    revenue = throughput * product + diversion * unprocessed * crude
    baseline = cap_w * T_PER_DAY * product
    return dict(throughput_t=throughput, revenue_usd=revenue, revenue_loss_usd=baseline - revenue,
                baseline_revenue_usd=baseline, unprocessed_t=unprocessed)


def main(d: Path):
    x = load(d)
    s = settings(d / "w1.toml", pd.Timestamp(x["s_date"].max()).date())
    L, A = s["lookback_days"], len(x["cap"])
    D = (s["until"] - s["as_of"]).days  # projected days as_of + 1 ..= until
    start = np.datetime64(s["as_of"] - timedelta(days=L - 1), "D")  # first lookback day
    T = L + D  # day axis: the lookback window, then the projected days
    cap, u = x["cap"], np.where(np.isnan(x["util"]), s["default_utilization"], x["util"])
    national, cap_w = cap.sum(), (cap * u).sum()

    # Outage timeline of the strikes on or before as_of over the day axis, capped.
    off = (x["s_date"].astype("datetime64[D]") - start).astype(np.int64)  # day index of each strike
    end = off + x["repair"]
    keep = (off < L) & (end > 0)
    col_lo, col_hi = np.clip(off[keep], 0, T), np.clip(end[keep], 0, T)
    flat = np.concatenate([x["pos"][keep] * (T + 1) + col_lo, x["pos"][keep] * (T + 1) + col_hi])
    w = np.concatenate([x["disabled"][keep], -x["disabled"][keep]])
    diff = np.bincount(flat, weights=w, minlength=A * (T + 1)).reshape(A, T + 1)
    hist = np.cumsum(diff[:, :T], axis=1)
    hist[np.abs(hist) < 1e-9] = 0.0  # rounding left by adding and subtracting the same values
    hist = np.minimum(hist, cap[:, None])

    # Lookback strikes summed per (asset, repair days); a repair longer than the horizon
    # acts as the horizon.
    lb = (off >= 0) & (off < L)
    n = int(lb.sum())
    lam = n / L
    rate = lam / n if n else 0.0
    r = np.minimum(x["repair"][lb], D)
    rs, r_idx = np.unique(r, return_inverse=True)
    C = np.bincount(x["pos"][lb] * len(rs) + r_idx, weights=x["disabled"][lb],
                    minlength=A * len(rs)).reshape(A, len(rs))

    # Prices: the latest row at or before each day, else the first row.
    days = start + np.arange(T)
    p_idx = np.maximum(np.searchsorted(x["p_date"].astype("datetime64[D]"), days, side="right") - 1, 0)
    product, crude = x["product"][p_idx], x["crude"][p_idx]

    dates_all = pd.to_datetime(days).strftime("%Y-%m-%d")
    frames, summary = [], []
    frames.append(dict(scenario="observed", date=dates_all[:L], offline_mtpa=hist[:, :L].sum(axis=0),
                       **day_revenue(cap_w, u @ hist[:, :L], product[:L], crude[:L], s["diversion"]),
                       multiplier=np.nan, expected_strikes=np.nan))
    proj_days = days[L:]
    i = np.arange(D)
    for sc in s["scenarios"]:
        m = np.ones(D)
        t = sc["truce"]
        if t:
            t0 = np.datetime64(t["start"], "D")
            during = (proj_days >= t0) & (proj_days < t0 + t["days"])
            m[during] = 1.0 - t["compliance"]
            if t["extended"]:
                m[proj_days >= t0 + t["days"]] = 0.0
        M = np.concatenate([[0.0], np.cumsum(m)])
        # K[g, i]: sum of m over the rs[g] projected days up to day i.
        K = M[i + 1][None, :] - M[np.maximum(i[None, :] + 1 - rs[:, None], 0)]
        offline = np.minimum(rate * (C @ K) + hist[:, L:], cap[:, None])
        nat, nat_w = offline.sum(axis=0), u @ offline
        rev = day_revenue(cap_w, nat_w, product[L:], crude[L:], s["diversion"])
        frames.append(dict(scenario=sc["name"], date=dates_all[L:], offline_mtpa=nat, **rev,
                           multiplier=m, expected_strikes=lam * m))
        summary.append(dict(scenario=sc["name"], lost_capacity_mt=nat.sum() / 365.0,
                            lost_throughput_mt=nat_w.sum() / 365.0,
                            mean_offline_share=nat.sum() / D / national,
                            revenue_usd=rev["revenue_usd"].sum(), revenue_loss_usd=rev["revenue_loss_usd"].sum(),
                            first_day=dates_all[L], last_day=dates_all[-1], days=D,
                            truce_start=t["start"].isoformat() if t else None,
                            truce_days=t["days"] if t else None, compliance=t["compliance"] if t else None,
                            extended=str(t["extended"]).lower() if t else None,
                            expected_strikes=(lam * m).sum()))

    summary = pd.DataFrame(summary)
    scs = list(enumerate(s["scenarios"]))  # the reference: "no-truce", else the first without a truce
    ref = next((k for k, sc in scs if sc["name"] == "no-truce"), next((k for k, sc in scs if not sc["truce"]), None))
    if ref is not None:
        others = summary.index != ref
        summary.loc[others, "gain_capacity_mt"] = summary.lost_capacity_mt[ref] - summary.lost_capacity_mt[others]
        summary.loc[others, "gain_revenue_usd"] = summary.revenue_usd[others] - summary.revenue_usd[ref]
    summary = summary.reindex(columns=["scenario", "lost_capacity_mt", "lost_throughput_mt", "mean_offline_share",
                                       "revenue_usd", "revenue_loss_usd", "gain_capacity_mt", "gain_revenue_usd",
                                       "first_day", "last_day", "days", "truce_start", "truce_days", "compliance",
                                       "extended", "expected_strikes"])
    summary["truce_days"] = summary["truce_days"].astype("Int64")
    daily = pd.concat([pd.DataFrame(f) for f in frames], ignore_index=True)
    daily.insert(3, "online_mtpa", national - daily["offline_mtpa"])
    daily.insert(4, "offline_share", daily["offline_mtpa"] / national)
    out = d / "w1-pandas"
    out.mkdir(exist_ok=True)
    summary.to_csv(out / "summary.csv", index=False)
    daily.to_csv(out / "daily.csv", index=False)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: w1_pandas.py DIR")
    main(Path(sys.argv[1]))
