"""The pipeline from Python gives the command line's numbers, to the last digit."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import polars as pl
import pytest

import strike_impact as si

from conftest import REPO, run_cli


def test_projection_equals_the_cli_to_the_last_digit(cli: Path, refining: si.Dataset, settings: si.Settings, tmp_path: Path) -> None:
    out = tmp_path / "cli"
    r = run_cli(
        cli, "project", "--group", "ru-refining", "--paths", "3000", "--seed", "42",
        "--format", "parquet", "--per-asset", "--out", str(out), "-q", cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    p = si.project(refining, settings, paths=3000, seed=42)
    for name, frame in [("summary", p.summary()), ("daily", p.daily()), ("assets", p.assets())]:
        expected = pl.read_parquet(out / f"{name}.parquet")
        assert frame.columns == expected.columns, name
        assert frame.equals(expected, null_equal=True), name
        assert frame.schema == expected.schema, name
    # The same bytes as the command line writes (its Parquet files also carry the run's
    # record as metadata, which a projection made in Python has no command line for).
    for fmt in ("csv", "json"):
        r = run_cli(
            cli, "project", "--group", "ru-refining", "--paths", "3000", "--format", fmt,
            "--out", str(tmp_path / fmt), "-q", cwd=tmp_path,
        )
        assert r.returncode == 0, r.stderr
        written = p.write(tmp_path / f"py-{fmt}", format=fmt)
        for path in written:
            assert path.read_bytes() == (tmp_path / fmt / path.name).read_bytes(), path


def test_the_readme_truce_gains(refining: si.Dataset, settings: si.Settings) -> None:
    p = si.project(refining, settings)
    gains = p.gains()
    assert list(gains) == ["truce-30d"]
    assert round(gains["truce-30d"]["gain_capacity_mt"], 2) == 0.72
    assert round(gains["truce-30d"]["gain_revenue_usd"] / 1e6) == 234
    assert p.paths == 0 and p.seed is None
    assert p.unit == "Mt/yr" and p.amount_unit == "Mt"
    assert p.lookback_strikes == 6
    assert abs(p.base_rate - 6 / 90) < 1e-12


def test_power_side_in_its_own_unit(bundled: si.Dataset, settings: si.Settings) -> None:
    p = si.project(bundled.group("ua-power"), settings)
    assert p.unit == "MW" and p.amount_unit == "GWh"
    assert "gain_capacity_gwh" in p.summary().columns
    assert round(p.gains()["truce-30d"]["gain_capacity_gwh"]) == 2440


def test_dataframe_inputs_equal_csv_inputs(settings: si.Settings) -> None:
    files = {k: REPO / "datasets" / f for k, f in
             [("assets", "refineries.csv"), ("strikes", "strikes.csv"), ("prices", "prices.csv")]}
    from_files = si.Dataset.load(**{k: str(v) for k, v in files.items()})  # type: ignore[arg-type]
    polars_frames = {k: pl.read_csv(v, infer_schema=False) for k, v in files.items()}
    from_polars = si.Dataset.load(**polars_frames)  # type: ignore[arg-type]
    import pandas as pd

    pandas_frames = {k: pd.read_csv(v, dtype=str, keep_default_na=False) for k, v in files.items()}
    from_pandas = si.Dataset.load(**pandas_frames)  # type: ignore[arg-type]
    typed = {k: pl.read_csv(v) for k, v in files.items()}
    from_typed = si.Dataset.load(**typed)  # type: ignore[arg-type]
    base = si.project(from_files, settings, paths=500, seed=3)
    for ds in (from_polars, from_pandas, from_typed):
        assert ds.groups == ["ru-refining"]
        p = si.project(ds, settings, paths=500, seed=3)
        assert p.summary().equals(base.summary(), null_equal=True)
        assert p.daily().equals(base.daily(), null_equal=True)


def test_history_and_reconcile_read_as_the_cli_json(cli: Path, refining: si.Dataset, tmp_path: Path) -> None:
    import json

    from datetime import date

    # The command line's defaults (1,000 draws of the records, seed 1), dates as dates.
    h = refining.history("2025-01-01", "2025-03-31")
    r = run_cli(cli, "history", "--from", "2025-01-01", "--to", "2025-03-31", "--group",
                "ru-refining", "--json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(h.to_json()) == json.loads(r.stdout)["groups"][0]
    assert h["from"] == date(2025, 1, 1) and h.strikes[0].date == date(2024, 12, 19)
    assert round(h.lost_capacity_mt, 2) == 4.42
    assert h.lost_capacity_mt_p10 <= h.lost_capacity_mt_p50 <= h.lost_capacity_mt_p90
    rec = refining.reconcile(volume_mt=3.3, share=0.04, start="2025-01-01", draws=1000)
    assert rec.implied_period.to == date(2025, 4, 2)
    assert round(rec.implied_denominator_mt, 1) == 82.5


def test_power_history_has_the_clis_keys_in_its_own_unit(cli: Path, bundled: si.Dataset, tmp_path: Path) -> None:
    import json

    power = bundled.group("ua-power")
    h = power.history("2024-06-01", "2024-06-30", draws=200, seed=1)
    r = run_cli(cli, "history", "--from", "2024-06-01", "--to", "2024-06-30", "--group",
                "ua-power", "--draws", "200", "--json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    cli_json = json.loads(r.stdout)["groups"][0]
    assert json.loads(h.to_json()) == cli_json
    # Every key names the group's unit (MW, GWh), none the refineries' Mt.
    keys = set(cli_json) | {k for a in cli_json["assets"] for k in a}
    assert {"national_capacity_mw", "lost_capacity_gwh", "lost_capacity_gwh_p90",
            "peak_offline_mw", "capacity_mw"} <= keys
    assert not [k for k in keys if k.endswith(("_mt", "_mtpa")) or "_mt_" in k]
    assert h.lost_capacity_gwh > 0


def test_settings_in_code_and_what_ifs(bundled: si.Dataset, refining: si.Dataset) -> None:
    s = si.Settings(
        bundled,
        as_of="2025-03-17",
        until="2025-06-30",
        scenarios=[
            si.Scenario.no_truce(),
            si.Scenario.truce("half", "2025-03-18", 30, compliance=0.5, groups=["ru-refining"]),
            si.Scenario.truce("full", "2025-03-18", 30),
        ],
    )
    assert s.lookback_days == 90 and s.diversion == 0.0 and s.default_utilization == 0.85
    assert [x.name for x in s.scenarios] == ["no-truce", "half", "full"]
    gains = si.project(refining, s).gains()
    # Compliance scales the gain (MODEL.md: the rate is (1 - k) during the truce).
    assert gains["half"]["gain_capacity_mt"] < gains["full"]["gain_capacity_mt"]
    assert abs(gains["full"]["gain_capacity_mt"] - 0.724) < 5e-4
    other = s.with_scenarios([si.Scenario.no_truce(), si.Scenario.truce("t", "2025-03-18", 60)])
    assert [x.name for x in other.scenarios] == ["no-truce", "t"]
    truce = other.scenarios[1].truce_settings
    assert truce is not None and truce["days"] == 60


def test_objects_pickle_and_charts_render(refining: si.Dataset, settings: si.Settings, tmp_path: Path) -> None:
    ds2 = pickle.loads(pickle.dumps(refining))
    s2 = pickle.loads(pickle.dumps(settings))
    assert repr(s2) == repr(settings)
    a = si.project(refining, settings, paths=200, seed=1).summary()
    b = si.project(ds2, s2, paths=200, seed=1).summary()
    assert a.equals(b, null_equal=True)
    chart = si.project(refining, settings).chart("capacity", width=800, height=500)
    svg = chart._repr_svg_()
    assert svg.startswith("<svg") and "Refining capacity offline" in svg
    png = chart._repr_png_()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert chart.save(tmp_path / "c.svg").read_text() == svg
    assert chart.save(tmp_path / "c.png").read_bytes() == png
    with pytest.raises(ValueError, match="ending in .png or .svg"):
        chart.save(tmp_path / "c.gif")
    with pytest.raises(ValueError, match="chart kind"):
        si.project(refining, settings).chart("pie")


def test_every_chart_kind_of_the_command_line_draws(
    cli: Path, bundled: si.Dataset, settings: si.Settings, tmp_path: Path
) -> None:
    """Python draws every chart the command line draws: the fuels of the refineries and the
    hours without power of the power plants among them."""
    help_text = run_cli(cli, "chart", "--help", cwd=tmp_path).stdout
    found = re.search(r"\[possible values: ([^\]]+)\]", " ".join(help_text.split()))
    assert found is not None
    assert tuple(k.strip() for k in found.group(1).split(",")) == si.CHART_KINDS
    fuels = si.project(bundled.group("ru-refining"), settings).chart("fuels", width=640, height=400)
    assert "Fuels and exports lost to strikes" in fuels.svg and fuels.png[:4] == b"\x89PNG"
    power = si.project(bundled.group("ua-power"), settings).chart("power", width=640, height=400)
    assert "Hours without power" in power.svg and power.png[:4] == b"\x89PNG"


def test_the_bundled_case_of_one_group(bundled: si.Dataset, settings: si.Settings) -> None:
    """The bundled case of one group's data is that group's part of the whole case."""
    for group in ("ru-refining", "ua-power"):
        one = bundled.group(group)
        alone = si.project(one, si.Settings.bundled(one), paths=200, seed=1).summary()
        whole = si.project(one, settings, paths=200, seed=1).summary()
        assert alone.equals(whole, null_equal=True), group


def test_help_is_useful() -> None:
    doc = si.project.__doc__ or ""
    assert "paths" in doc and "Ctrl-C" in doc and "ValidationError" in doc
    assert "bundled" in (si.Dataset.bundled.__doc__ or "")


def test_fuels_lost_equal_the_cli_and_follow_a_yields_frame(cli: Path, tmp_path: Path) -> None:
    """History's fuels lost are the command line's; a yields DataFrame replaces the
    bundled slates (MODEL.md, "Fuels"), and a bad one is refused with its row."""
    r = run_cli(
        cli, "history", "--from", "2024-03-01", "--to", "2024-03-31", "--group",
        "ru-refining", "--json", cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    import json

    expected = json.loads(r.stdout)["groups"][0]
    h = si.Dataset.bundled().group("ru-refining").history("2024-03-01", "2024-03-31")
    for p in ("gasoline", "diesel", "jet", "fuel_oil", "other"):
        for suffix in ("t_per_day", "t_per_day_p10", "t_per_day_p90", "kbd"):
            key = f"{p}_{suffix}"
            assert getattr(h, key) == expected[key], key
    assets = pl.DataFrame({"asset_id": ["a"], "name": ["A"], "capacity_mtpa": [36.5], "utilization": [0.8]})
    strikes = pl.DataFrame({
        "strike_id": ["c", "f"], "date": ["2025-01-01", "2025-01-06"], "asset_id": ["a", "a"],
        "disabled_mtpa": [3.65, 1.825], "repair_days": [10, 5], "unit_type": ["crude", "cracker"],
    })
    slate = pl.DataFrame({
        "asset_id": ["a"] * 5,
        "product": ["gasoline", "diesel", "jet", "fuel_oil", "other"],
        "yield": [0.2, 0.3, 0.05, 0.15, 0.3],
    })
    d = si.Dataset.load(assets=assets, strikes=strikes, prices=pl.DataFrame({"date": ["2025-01-01"], "product_usd_t": [600.0]}), yields=slate)
    f = d.history("2025-01-01", "2025-01-10", draws=0)
    # 80,000 t of crude runs at the slate and 20,000 t of cracker feed at its shares.
    assert f.gasoline_t_per_day == pytest.approx((80_000 * 0.2 + 20_000 * 0.492) / 10, rel=1e-12)
    assert f.diesel_t_per_day == pytest.approx((80_000 * 0.3 + 20_000 * 0.2036) / 10, rel=1e-12)
    with pytest.raises(si.ValidationError) as e:
        si.Dataset.load(assets=assets, strikes=strikes, yields=slate.with_columns(pl.lit(0.5).alias("yield")))
    assert "yields frame row 1, column yield: expected the yields of asset a to sum to 1" in str(e.value)


def test_exports_lost_follow_an_exports_frame_and_a_share(tmp_path: Path) -> None:
    """Exports lost (MODEL.md, "Fuels"): domestic demand first, or a share of the loss, up
    to what was exported; the same figures as the command line's hand-computed case."""
    assets = pl.DataFrame({"asset_id": ["a"], "name": ["A"], "capacity_mtpa": [36.5], "utilization": [0.8]})
    strikes = pl.DataFrame({
        "strike_id": ["c", "f"], "date": ["2025-01-01", "2025-01-06"], "asset_id": ["a", "a"],
        "disabled_mtpa": [3.65, 1.825], "repair_days": [10, 5], "unit_type": ["crude", "cracker"],
    })
    slate = pl.DataFrame({
        "asset_id": ["a"] * 5,
        "product": ["gasoline", "diesel", "jet", "fuel_oil", "other"],
        "yield": [0.2, 0.3, 0.05, 0.15, 0.3],
    })
    exports = pl.DataFrame({"month": ["2025-01", "2025-01"], "product": ["diesel", "gasoline"], "exports_kt": [3100.0, 31.0]})
    d = si.Dataset.load(assets=assets, strikes=strikes, yields=slate, exports=exports)
    h = d.history("2025-01-01", "2025-01-10", draws=0)
    assert h.diesel_exports_lost_t_per_day == pytest.approx(2_807.2, rel=1e-12)
    assert h.gasoline_exports_lost_t_per_day == pytest.approx(1_000.0, rel=1e-12)
    half = d.history("2025-01-01", "2025-01-10", draws=0, export_share=0.5)
    assert half.gasoline_exports_lost_t_per_day == pytest.approx(900.0, rel=1e-12)
    # Valued at diesel's own 700 USD/t and the basket's 500 for gasoline.
    prices = pl.DataFrame({"date": ["2025-01-01"], "product_usd_t": [500.0], "crude_usd_t": [400.0], "diesel_usd_t": [700.0]})
    priced = si.Dataset.load(assets=assets, strikes=strikes, prices=prices, yields=slate, exports=exports)
    r = priced.history("2025-01-01", "2025-01-10", draws=0)
    assert r.exports_revenue_lost_usd == pytest.approx(28_072 * 700 + 10_000 * 500, rel=1e-12)
    assert any("at the product basket's price" in n for n in r.notes)
    with pytest.raises(si.ValidationError) as e:
        si.Dataset.load(assets=assets, strikes=strikes, exports=exports.with_columns(pl.lit("2025-1").alias("month")))
    assert "exports frame row 1, column month: expected a month as YYYY-MM" in str(e.value)
    with pytest.raises(ValueError):
        d.history("2025-01-01", "2025-01-10", draws=0, export_share=1.5)


def test_hours_without_power_follow_a_balance_frame() -> None:
    """Hours without power (MODEL.md, "Hours without power"): the command line's
    hand-computed case from DataFrames, and a bad row named by the frame's row."""
    assets = pl.DataFrame({
        "asset_id": ["p1", "p2"], "name": ["One", "Two"], "kind": ["power_plant"] * 2,
        "unit": ["mw"] * 2, "group": ["g"] * 2, "capacity": [1000.0, 500.0],
    })
    strikes = pl.DataFrame({"strike_id": ["s1"], "date": ["2025-01-01"], "asset_id": ["p1"], "disabled": [600.0], "repair_days": [2]})
    spans = pl.DataFrame({
        "group": ["g"] * 3, "measure": ["demand_peak_mw", "available_mw", "import_limit_mw"],
        "from": ["2025-01-01"] * 3, "to": [None, None, None], "season": [None] * 3, "hour": [None] * 3,
        "value": [1000.0, 1400.0, 100.0],
    }, schema_overrides={"to": pl.Utf8, "season": pl.Utf8, "hour": pl.Int64})
    shape = pl.DataFrame({
        "group": ["g"] * 24, "measure": ["load_share"] * 24, "from": [None] * 24, "to": [None] * 24,
        "season": ["winter"] * 24, "hour": list(range(24)),
        "value": [1.0 if 17 <= h < 21 else 0.8 for h in range(24)],
    }, schema_overrides={"from": pl.Utf8, "to": pl.Utf8})
    balance = pl.concat([spans, shape])
    d = si.Dataset.load(assets=assets, strikes=strikes, balance=balance)
    h = d.history("2025-01-01", "2025-01-03", draws=0)
    assert h.max_deficit_mw == pytest.approx(100.0, rel=1e-12)
    assert h.unserved_mwh == pytest.approx(800.0, rel=1e-12)
    assert h.deficit_hours_per_day == pytest.approx(8 / 3, rel=1e-12)
    # The projection of the command line's hand case: a one-day truce on 2 January gives
    # back the 600/90 MW of new strikes expected that day, in each of its four peak hours.
    settings = si.Settings(d, as_of="2025-01-01", until="2025-01-03",
                           scenarios=[si.Scenario.no_truce(), si.Scenario.truce("truce", "2025-01-02", 1)])
    summary = si.project(d, settings).summary()
    truce = summary.filter(pl.col("scenario") == "truce")
    assert truce["gain_unserved_mwh"][0] == pytest.approx(4 * 600 / 90, rel=1e-9)
    assert truce["unserved_mwh"][0] == pytest.approx(400.0, rel=1e-12)
    with pytest.raises(si.ValidationError) as e:
        si.Dataset.load(assets=assets, strikes=strikes, balance=balance.with_columns(pl.lit("winterr").alias("season")))
    assert "balance frame row 4, column season: expected one of winter | spring | summer | autumn" in str(e.value)
