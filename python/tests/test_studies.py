"""The studies from Python: each call against the command line's files of the same run."""

from __future__ import annotations

from pathlib import Path

from typing import Any, Dict

import polars as pl
import pytest

import strike_impact as si

from conftest import REPO, run_cli


def test_backtest_gives_the_files_the_command_line_writes(cli: Path, bundled: si.Dataset, tmp_path: Path) -> None:
    args: Dict[str, Any] = dict(
        lookbacks=[30, 90], arrivals=["poisson", "negbin", "campaign"], paths=200, seed=7
    )
    for group in ("ru-refining", "ua-power"):
        b = si.backtest(bundled.group(group), samples=True, **args)
        r = run_cli(cli, "backtest", "--group", group, "--lookback-days", "30,90",
                    "--arrivals", "poisson,negbin,campaign", "--paths", "200", "--seed", "7",
                    "--out", f"o-{group}", "--samples-out", f"s-{group}.csv", "--quiet",
                    cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        assert b.samples is not None
        for frame, path in ((b.rows, f"o-{group}/backtest.csv"),
                            (b.scores, f"o-{group}/scores.csv"),
                            (b.samples, f"s-{group}.csv")):
            cli_frame = pl.read_csv(tmp_path / path, schema=frame.schema)
            assert frame.equals(cli_frame), (group, path)
        assert b.scores.height == 12
        assert set(b.scores["arrivals"]) == {"poisson", "negbin", "campaign"}
        assert set(b.scores["calibration"]) == {"none", "conformal"}
    # Without samples there is no samples table; a bad model is a SettingsError.
    assert si.backtest(bundled.group("ru-refining"), lookbacks=[90], paths=50).samples is None
    try:
        si.backtest(bundled.group("ru-refining"), arrivals=["gamma"], paths=50)
    except si.SettingsError as e:
        assert e.problems[0].found == "gamma"
    else:
        raise AssertionError("an unknown arrival model was accepted")


def test_sweep_and_sensitivity_give_the_files_the_command_line_writes(cli: Path, refining: si.Dataset, settings: si.Settings, tmp_path: Path) -> None:
    grid = si.sweep(refining, settings, truce_days=[30, 90], compliance=[0.5, 1.0])
    r = run_cli(cli, "sweep", "--group", "ru-refining", "--truce-days", "30,90",
                "--compliance", "0.5,1", "--out", "s", "--quiet", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert grid.equals(pl.read_csv(tmp_path / "s" / "sweep.csv", schema=grid.schema))
    # The README's figures: $233.9m for 30 days fully kept, half of it at half compliance.
    full = grid.filter((pl.col("truce_days") == 30) & (pl.col("compliance") == 1.0))
    assert round(full["gain_revenue_usd"][0] / 1e6, 1) == 233.9
    # The power group in its own unit, with bands.
    power_grid = si.sweep(si.Dataset.bundled().group("ua-power"), settings, truce_days=[10, 30],
                          paths=200, seed=3)
    r = run_cli(cli, "sweep", "--group", "ua-power", "--truce-days", "10,30", "--paths", "200",
                "--seed", "3", "--out", "sp", "--quiet", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert power_grid.equals(pl.read_csv(tmp_path / "sp" / "sweep.csv", schema=power_grid.schema))
    assert "gain_capacity_gwh" in power_grid.columns
    both = si.sensitivity(refining, settings, samples=64, resamples=50)
    r = run_cli(cli, "sensitivity", "--group", "ru-refining", "--samples", "64",
                "--resamples", "50", "--out", "t", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    t, s = both.tornado, both.sobol
    assert t is not None and s is not None
    assert t.equals(pl.read_csv(tmp_path / "t" / "tornado.csv", schema=t.schema))
    assert s.equals(pl.read_csv(tmp_path / "t" / "sobol.csv", schema=s.schema))
    assert t["input"][0] == "truce_days" and s.height == t.height
    # The power group, its capacity gain in its own unit (GWh), as the command line gives it.
    power = si.sensitivity(si.Dataset.bundled().group("ua-power"), settings,
                           figure="gain_capacity", method="tornado").tornado
    assert power is not None
    assert si.sensitivity(refining, settings, method="tornado").sobol is None
    r = run_cli(cli, "sensitivity", "--group", "ua-power", "--method", "tornado",
                "--figure", "gain_capacity", "--out", "tp", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert power.equals(pl.read_csv(tmp_path / "tp" / "tornado.csv", schema=power.schema))
    assert round(power["base_value"][0]) == 2440


def test_history_tables_are_the_files_history_writes(cli: Path, bundled: si.Dataset, tmp_path: Path) -> None:
    for group, period in (("ru-refining", ("2025-01-01", "2025-03-31")),
                          ("ua-power", ("2024-03-01", "2024-06-30"))):
        h = bundled.group(group).history(*period)
        tables = h.tables()
        assert sorted(tables) == ["assets", "daily", "strikes", "summary"]
        r = run_cli(cli, "history", "--from", period[0], "--to", period[1], "--group", group,
                    "--out", f"h-{group}", cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        for name, frame in tables.items():
            written = pl.read_csv(tmp_path / f"h-{group}" / f"{name}.csv", schema=frame.schema)
            assert frame.equals(written), (group, name)
        assert tables["summary"]["lost_capacity_" + ("mt" if group == "ru-refining" else "gwh")][0] == (
            h.lost_capacity_mt if group == "ru-refining" else h.lost_capacity_gwh)


def test_reconcile_benchmarks_reads_as_the_clis_json(cli: Path, refining: si.Dataset, tmp_path: Path) -> None:
    import json

    checks = refining.reconcile(benchmarks=True)
    r = run_cli(cli, "reconcile", "--benchmarks", "--group", "ru-refining", "--json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(json.dumps([c.to_dict() for c in checks], default=str)) == json.loads(r.stdout)
    headline = next(c for c in checks if c.benchmark.id == "reuters-2025-03-3.3mt")
    assert headline.verdict == "inside" and round(headline.ratio, 2) == 1.34


ACLED_FIXTURE = REPO / "tests" / "fixtures" / "acled" / "events.csv"


def test_ingest_acled_writes_what_the_command_writes(cli: Path, tmp_path: Path) -> None:
    r = run_cli(
        cli, "ingest", "acled", str(ACLED_FIXTURE), "--out", "cli.csv", "--radius-km", "12",
        "-q", cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    got = si.ingest_acled(ACLED_FIXTURE, out=tmp_path / "py.csv", radius_km=12)
    assert (tmp_path / "py.csv").read_bytes() == (tmp_path / "cli.csv").read_bytes()
    assert got.csv == (tmp_path / "cli.csv").read_bytes()
    # The summary the command prints, but for where the rows went.
    assert got.summary.splitlines()[1:] == r.stdout.splitlines()[1:]
    assert got.rows.height == len((tmp_path / "cli.csv").read_text().splitlines()) - 1
    assert got.rows["strike_id"][0] == "acled-RUS90001"
    assert all(dtype == pl.String for dtype in got.rows.dtypes)
    # A DataFrame of the same events gives the same rows.
    frame = pl.read_csv(ACLED_FIXTURE, infer_schema=False)
    assert si.ingest_acled(frame, radius_km=12).csv == got.csv


def test_ingest_acled_reports_bad_events_with_their_line(tmp_path: Path) -> None:
    bad = tmp_path / "events.csv"
    events = pl.read_csv(ACLED_FIXTURE, infer_schema=False).head(2)
    events.with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(None).otherwise(pl.col("latitude"))
        .alias("latitude")
    ).write_csv(bad)
    with pytest.raises(si.ValidationError) as e:
        si.ingest_acled(bad, out=tmp_path / "new.csv")
    assert e.value.problems[0].line == 2
    assert e.value.problems[0].column == "latitude"
    assert not (tmp_path / "new.csv").exists()
    with pytest.raises(si.ValidationError):
        si.ingest_acled(ACLED_FIXTURE, radius_km=0)
