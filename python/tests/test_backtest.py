"""The backtest's scores, re-scored from its forecast samples by an independent package."""

from __future__ import annotations

from typing import Any, Dict

from pathlib import Path

import numpy as np
import polars as pl
import scoringrules as sr

from conftest import run_cli


def test_samples_out_rescored_by_scoringrules(cli: Path, tmp_path: Path) -> None:
    r = run_cli(cli, "backtest", "--group", "ru-refining", "--arrivals", "poisson,hawkes",
                "--lookback-days", "30,90", "--paths", "300", "--first-as-of", "2025-01-01",
                "--last-as-of", "2025-04-30", "--samples-out", "samples.parquet", "--out", "o",
                cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    samples = pl.read_parquet(tmp_path / "samples.parquet")
    rows = pl.read_csv(tmp_path / "o" / "backtest.csv", try_parse_dates=True)
    scores = pl.read_csv(tmp_path / "o" / "scores.csv")
    assert samples.columns == ["group", "lookback_days", "arrivals", "calibration", "as_of",
                               "path", "value", "observed"]
    # Both readings by default: the paths as they are, and their calibrated ensembles.
    assert set(samples["calibration"]) == {"none", "conformal"}
    checked = 0
    interval_80: Dict[Any, Any] = {}
    keys = ["arrivals", "calibration", "lookback_days", "as_of"]
    for key, part in samples.group_by(keys, maintain_order=True):
        arrivals, calibration, lookback, as_of = key
        values = part["value"].to_numpy()
        observed = part["observed"][0]
        row = rows.filter((pl.col("arrivals") == arrivals)
                          & (pl.col("calibration") == calibration)
                          & (pl.col("lookback_days") == lookback) & (pl.col("as_of") == as_of))
        assert row.height == 1
        crps = float(sr.crps_ensemble(observed, values))
        assert abs(crps - row["crps"][0]) <= 1e-9 * max(1.0, abs(crps)), (key, crps)
        # The band is the sample's linear quantiles, as numpy computes them.
        p10, p90 = np.quantile(values, [0.1, 0.9])
        assert abs(p10 - row["lost_capacity_mt_p10"][0]) <= 1e-9 * max(1.0, abs(p10))
        assert abs(p90 - row["lost_capacity_mt_p90"][0]) <= 1e-9 * max(1.0, abs(p90))
        score = float(sr.interval_score(observed, p10, p90, 0.2))
        interval_80.setdefault((arrivals, calibration, lookback), []).append(score)
        checked += 1
    assert checked == rows.height
    for (arrivals, calibration, lookback), values in interval_80.items():
        tool = scores.filter((pl.col("arrivals") == arrivals)
                             & (pl.col("calibration") == calibration)
                             & (pl.col("lookback_days") == lookback))["interval_score_80"][0]
        mine = float(np.mean(values))
        assert abs(mine - tool) <= 1e-9 * max(1.0, abs(mine)), (arrivals, lookback, mine, tool)
