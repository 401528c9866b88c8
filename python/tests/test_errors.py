"""Every error path: bad input raises ValidationError with every problem, as the CLI prints."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import polars as pl
from datetime import date

import pytest

import strike_impact as si

from conftest import REPO, run_cli

BAD_ASSETS = """asset_id,name,capacity_mtpa,utilization
a,A,10,0.9
b,B,-3,0.8
a,A again,5,1.7
"""
BAD_STRIKES = """strike_id,date,asset_id,disabled_mtpa,repair_days
s1,2025-13-01,a,1,10
s2,2025-01-05,nowhere,1,10
"""
PRICES = """date,product_usd_t,crude_usd_t
2025-01-01,600,450
"""


def test_every_problem_of_every_file_with_file_line_and_column(cli: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.csv").write_text(BAD_ASSETS)
    (tmp_path / "s.csv").write_text(BAD_STRIKES)
    (tmp_path / "p.csv").write_text(PRICES)
    with pytest.raises(si.ValidationError) as e:
        si.Dataset.load(assets=tmp_path / "a.csv", strikes=tmp_path / "s.csv", prices=tmp_path / "p.csv")
    problems = e.value.problems
    assert len(problems) >= 4
    by_place = {(p.file.rsplit("/", 1)[-1], p.line, p.column) for p in problems}
    assert ("a.csv", 3, "capacity_mtpa") in by_place
    assert ("a.csv", 4, "asset_id") in by_place
    assert ("a.csv", 4, "utilization") in by_place
    assert ("s.csv", 2, "date") in by_place
    assert ("s.csv", 3, "asset_id") in by_place
    for p in problems:
        assert p.message and str(p) == p.text
    # The same problems, in the same words, as the command line prints.
    monkeypatch.chdir(tmp_path)
    r = run_cli(cli, "validate", "--assets", "a.csv", "--strikes", "s.csv", "--prices", "p.csv",
                cwd=tmp_path)
    assert r.returncode == 2
    with pytest.raises(si.ValidationError) as e2:
        si.Dataset.load(assets="a.csv", strikes="s.csv", prices="p.csv")
    for p in e2.value.problems:
        assert p.message in r.stderr, (p.message, r.stderr)


def test_dataframe_problems_name_the_frame_and_row() -> None:
    assets = pl.DataFrame({"asset_id": ["a", "b"], "name": ["A", "B"], "capacity_mtpa": ["10", "x"]})
    with pytest.raises(si.ValidationError) as e:
        si.Dataset.load(assets=assets, strikes=pl.DataFrame({"strike_id": ["s"], "date": ["2025-01-01"],
                        "asset_id": ["zz"], "disabled_mtpa": ["1"], "repair_days": ["3"]}),
                        prices=pl.DataFrame({"date": ["2025-01-01"], "product_usd_t": ["600"]}))
    places = {(p.file, p.line, p.column) for p in e.value.problems}
    assert ("assets frame", 2, "capacity_mtpa") in places
    assert ("strikes frame", 1, "asset_id") in places


def test_settings_problems_are_listed(bundled: si.Dataset) -> None:
    with pytest.raises(si.ValidationError) as e:
        si.Settings(bundled, as_of="2025-03-17", until="2025-03-01", diversion=1.5,
                    scenarios=[si.Scenario.truce("t", "2025-03-18", 30, compliance=2.0)])
    fields = {p.column for p in e.value.problems}
    assert {"until", "diversion", "compliance"} <= fields, e.value.problems
    with pytest.raises(si.ValidationError) as e:
        si.Settings.from_toml("as_of = 2025-03-17\nlookback_days = -4\n[[scenario]]\nname = 'x'\n", bundled)
    assert any(p.file == "scenarios.toml" and p.line == 2 for p in e.value.problems), e.value.problems
    with pytest.raises(si.ValidationError, match="YYYY-MM-DD"):
        si.Settings(bundled, as_of="17/03/2025")
    with pytest.raises(si.ValidationError) as e:
        si.Settings(bundled, scenarios=[si.Scenario.no_truce(), si.Scenario.truce("z", "2025-03-18", 0)])
    assert any(p.column == "truce_days" for p in e.value.problems), e.value.problems


def test_data_of_several_groups_and_bad_arguments(bundled: si.Dataset, refining: si.Dataset, settings: si.Settings) -> None:
    with pytest.raises(si.ValidationError, match="group"):
        si.project(bundled, settings)
    with pytest.raises(si.ValidationError):
        bundled.group("nowhere")
    with pytest.raises(si.ValidationError) as e:
        si.Dataset.load(assets=REPO / "no-such-file.csv")
    assert e.value.problems[0].message == "file not found"
    with pytest.raises(TypeError):
        si.Dataset.load(assets=42)
    with pytest.raises(si.ValidationError, match="shard"):
        si.monte_carlo_shard(refining, settings, 100, 1, 3, 3)


def test_states_of_other_runs_are_refused(refining: si.Dataset, settings: si.Settings) -> None:
    a = si.monte_carlo_shard(refining, settings, 100, 1, 0, 2)
    b = si.monte_carlo_shard(refining, settings, 100, 2, 1, 2)
    with pytest.raises(si.ValidationError) as e:
        si.merge([a, b])
    assert any("seed 2 against 1" in p.message for p in e.value.problems)
    with pytest.raises(si.ValidationError, match="found none for paths 50..100"):
        si.merge([a])
    with pytest.raises(si.ValidationError, match="shard state"):
        si.merge([a, b"junk"])


def test_parquet_files_are_read_by_polars_and_named_by_path_and_row(tmp_path: Path) -> None:
    strikes = tmp_path / "strikes.parquet"
    pl.DataFrame({"strike_id": ["s1", "s2"], "date": ["2025-01-01", "2025-01-02"],
                  "asset_id": ["ryazan", "ryazan"], "disabled_mtpa": [1.0, 2.0],
                  "repair_days": [3, -3]}).write_parquet(strikes)
    with pytest.raises(si.ValidationError) as e:
        si.Dataset.load(strikes=strikes)
    places = {(p.file, p.line, p.column) for p in e.value.problems}
    assert (str(strikes), 2, "repair_days") in places, e.value.problems
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"not parquet")
    with pytest.raises(si.ValidationError) as e:
        si.Dataset.load(assets=broken)
    assert e.value.problems[0].file == str(broken)
    assert "not a readable Parquet file" in e.value.problems[0].message


def test_reconcile_refuses_power_and_states_its_default_start(cli: Path, bundled: si.Dataset, refining: si.Dataset, tmp_path: Path) -> None:
    # Groups and units, items 3 and 4: a claim in Mt is not read against MW, and the
    # default period is the command line's, stated, with the same figures.
    import json

    with pytest.raises(si.ValidationError, match="group ua-power is in MW: choose a group in Mt/yr"):
        bundled.group("ua-power").reconcile(3.3, 0.04)
    rec = refining.reconcile(3.3, 0.04, end="2025-03-17")
    assert rec.implied_period.to_dict()["from"] == date(2025, 1, 1)
    assert rec.start.startswith("2025-01-01, the default: January 1 of the year")
    assert rec.warnings == []
    r = run_cli(cli, "reconcile", "--volume-mt", "3.3", "--share", "0.04", "--to", "2025-03-17",
                "--group", "ru-refining", "--json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(rec.to_json()) == json.loads(r.stdout)
    late = refining.reconcile(3.3, 0.04)
    assert late.implied_period.to_dict()["from"] == date(2026, 1, 1)
    assert "past the last record" in late.warnings[0]


def test_settings_a_group_cannot_use_are_noted(bundled: si.Dataset) -> None:
    # Groups and units, item 6: diversion on power, and a truce that covers the other side only.
    settings = si.Settings(bundled, as_of="2025-03-17", until="2025-06-30", diversion=0.5,
                           scenarios=[si.Scenario.no_truce(),
                                      si.Scenario.truce("t", "2025-03-18", 30, groups=["ru-refining"])])
    power = si.project(bundled.group("ua-power"), settings)
    kinds = [n["note"] for n in power.notes]
    assert "diversion_unused" in kinds and "truce_not_covering" in kinds, power.notes
    refining = si.project(bundled.group("ru-refining"), settings)
    assert not {"diversion_unused", "truce_not_covering"} & {n["note"] for n in refining.notes}


def test_history_warns_of_days_valued_past_the_prices(refining: si.Dataset) -> None:
    # Groups and units, item 5: as the command line's history --json.
    late = refining.history("2026-01-01", "2026-03-31")
    prices = ("the prices end with the row of 2025-12-01: the days 2026-01-01 .. "
              "2026-03-31 are valued at it (give later prices to value them)")
    assert late.warnings == [prices]
    # The months the exports table fills from an earlier one are a note (MODEL.md, "Fuels").
    early = refining.history("2025-01-01", "2025-03-31")
    assert early.warnings == []
    assert any(n.startswith("the exports table has no row for gasoline in 2025-01") for n in early.notes)


def test_prices_are_layered_and_never_another_groups(cli: Path, tmp_path: Path, bundled: si.Dataset) -> None:
    # Groups and units, item 1: the exported files fed back as lists give the bundled
    # answer; a group that no row prices has no revenue, said in its notes.
    run_cli(cli, "datasets", "export", "d", cwd=tmp_path)
    d = tmp_path / "d"
    layered = si.Dataset.load(
        assets=[d / "refineries.csv", d / "ua-power-plants.csv"],
        strikes=[d / "strikes.csv", d / "ua-power-strikes.csv"],
        prices=[d / "prices.csv", d / "ua-power-prices.csv"],
    )
    settings = si.Settings(bundled, as_of="2025-03-17", until="2025-06-30",
                           scenarios=[si.Scenario.no_truce(),
                                      si.Scenario.truce("t", "2025-03-18", 30)])
    for group in ("ru-refining", "ua-power"):
        mine = si.project(layered.group(group), settings).summary()
        theirs = si.project(bundled.group(group), settings).summary()
        assert mine.equals(theirs), group
    power_only = si.Dataset.load(prices=[d / "ua-power-prices.csv"])
    refining = si.project(power_only.group("ru-refining"), settings)
    assert "no_prices" in [n["note"] for n in refining.notes], refining.notes
    assert refining.summary()["revenue_loss_usd"].null_count() == refining.summary().height
    assert refining.summary()["lost_capacity_mt"].null_count() == 0
    with pytest.raises(si.ValidationError, match="price per MWh in a value_usd column"):
        (tmp_path / "p.csv").write_text("date,group,product_usd_t\n2025-01-01,ua-power,500\n")
        si.Dataset.load(prices=[d / "prices.csv", tmp_path / "p.csv"])


def test_arrival_models_are_settings_and_their_fit_is_recorded(bundled: si.Dataset, refining: si.Dataset) -> None:
    s = si.Settings(bundled, as_of="2025-03-17", until="2025-06-30", arrivals="hawkes",
                    scenarios=[si.Scenario.no_truce()])
    assert s.arrivals == "hawkes"
    p = si.project(refining, s, paths=200)
    assert p.arrivals["requested"] == "hawkes" and p.arrivals["model"] == "hawkes"
    assert 0 <= p.arrivals["n"]["value"] < 1, p.arrivals
    power = si.project(bundled.group("ua-power"), s)
    assert power.arrivals["model"] == "poisson"
    assert "arrivals" in [n["note"] for n in power.notes]
    with pytest.raises(si.ValidationError, match="arrivals: expected poisson, negbin, hawkes, resample or campaign, found gamma"):
        si.Settings(bundled, arrivals="gamma")


def test_calibrated_bands_are_a_setting_and_their_track_record_is_the_clis(cli: Path, bundled: si.Dataset, refining: si.Dataset, tmp_path: Path) -> None:
    import json
    case: Dict[str, Any] = dict(as_of="2025-03-17", until="2025-06-30",
                                scenarios=[si.Scenario.no_truce()], arrivals="hawkes")
    s = si.Settings(bundled, calibration="conformal", **case)
    assert s.calibration == "conformal"
    assert si.Settings(bundled, **case).calibration == "none"
    p = si.project(refining, s, paths=300)
    assert p.calibration is not None
    r = run_cli(cli, "project", "--group", "ru-refining", "--arrivals", "hawkes",
                "--calibration", "conformal", "--paths", "300", "--out", "o", "-q", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    record = json.loads((tmp_path / "o" / "run.json").read_text())
    assert record["groups"][0]["calibration"] == p.calibration
    low, high = p.calibration["levels"]
    assert low < 0.1 and high > 0.9, p.calibration
    # The same paths, read further out; the median is the paths' own.
    raw = si.project(refining, si.Settings(bundled, calibration="none", **case),
                     paths=300).summary()
    cal = p.summary()
    assert cal["lost_capacity_mt_p50"][0] == raw["lost_capacity_mt_p50"][0]
    assert cal["lost_capacity_mt_p90"][0] > raw["lost_capacity_mt_p90"][0]
    # Without paths there is no band to read, and no track record.
    assert si.project(refining, s).calibration is None
    with pytest.raises(si.ValidationError, match="calibration: expected none or conformal, found isotonic"):
        si.Settings(bundled, calibration="isotonic", **case)


def test_records_known_by_a_date_and_firm_records(cli: Path, refining: si.Dataset, tmp_path: Path) -> None:
    import json
    for flags, data in (
        (["--known-by", "2025-03-18"], refining.known_by("2025-03-18")),
        (["--min-confidence", "medium"], refining.with_min_confidence("medium")),
    ):
        r = run_cli(cli, "history", "--from", "2025-01-01", "--to", "2025-03-31", "--group",
                    "ru-refining", "--json", *flags, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        cli_q1 = json.loads(r.stdout)["groups"][0]
        q1 = data.history("2025-01-01", "2025-03-31", draws=1000, seed=1)
        assert q1.lost_capacity_mt == cli_q1["lost_capacity_mt"], flags
        assert q1.lost_capacity_mt_p10 == cli_q1["lost_capacity_mt_p10"], flags
    with pytest.raises(si.ValidationError, match="low, medium or high"):
        refining.with_min_confidence("firm")


def test_one_hierarchy_each_class_raised_by_a_real_bad_input(bundled: si.Dataset, refining: si.Dataset, settings: si.Settings, tmp_path: Path) -> None:
    # Bad table: ValidationError (and still a ValueError), each problem machine-readable.
    assets = pl.DataFrame({"asset_id": ["a"], "name": ["A"], "capacity_mtpa": ["x"]})
    with pytest.raises(si.ValidationError) as e:
        si.Dataset.load(assets=assets)
    assert isinstance(e.value, si.StrikeImpactError) and isinstance(e.value, ValueError)
    p = next(p for p in e.value.problems if p.column == "capacity_mtpa")
    assert (p.kind, p.field, p.found) == ("table", "capacity_mtpa", "x"), p
    # A setting given in code: SettingsError, with what was found.
    with pytest.raises(si.SettingsError) as e:
        si.Settings(bundled, as_of="17/03/2025")
    assert [(p.kind, p.found) for p in e.value.problems] == [("setting", "17/03/2025")]
    with pytest.raises(si.SettingsError) as e:
        si.Settings(bundled, diversion=1.5)
    p = next(p for p in e.value.problems if p.field == "diversion")
    assert p.kind == "scenario" and p.found == "1.5", p
    # Shard states that do not join: ShardError.
    a = si.monte_carlo_shard(refining, settings, 100, 1, 0, 2)
    with pytest.raises(si.ShardError) as e:
        si.merge([a])
    assert e.value.problems and all(p.kind == "shard" for p in e.value.problems)
    # A scenario the run does not have: NotFoundError, still a KeyError.
    with pytest.raises(si.NotFoundError) as missing:
        si.project(refining, settings).gain("no-such-scenario")
    assert isinstance(missing.value, KeyError) and "no scenario named" in str(missing.value)
    # A scenario file that does not exist: MissingFileError, still a FileNotFoundError.
    with pytest.raises(si.MissingFileError) as no_file:
        si.Settings.from_file(tmp_path / "no-such.toml", bundled)
    assert isinstance(no_file.value, FileNotFoundError) and "no-such.toml" in str(no_file.value)
    # A table file that does not exist is a problem of the input, listed with the others.
    with pytest.raises(si.ValidationError) as e:
        si.Dataset.load(assets=tmp_path / "no-such.csv")
    assert e.value.problems[0].message == "file not found"
    # An argument the call does not know: SettingsError of kind option.
    with pytest.raises(si.SettingsError) as e:
        si.project(refining, settings).chart("pie")
    for cls in (si.ValidationError, si.SettingsError, si.ShardError, si.NotFoundError,
                si.InputFileError, si.MissingFileError, si.ComputationError):
        assert issubclass(cls, si.StrikeImpactError)


def test_strict_and_threads_as_the_command_line_has_them(cli: Path, refining: si.Dataset, settings: si.Settings, tmp_path: Path) -> None:
    # A header that looks like a misspelt column: a warning, or with strict an error.
    (tmp_path / "a.csv").write_text("asset_id,name,capacity_mtpa,utilisation\nx,X,10,0.8\n")
    loose = si.Dataset.load(assets=tmp_path / "a.csv")
    assert loose.warnings and "utilisation" in loose.warnings[0]
    with pytest.raises(si.ValidationError) as e:
        si.Dataset.load(assets=tmp_path / "a.csv", strict=True)
    assert "utilisation" in [p.column for p in e.value.problems], e.value.problems
    assert len(e.value.problems) == len(loose.warnings)
    r = run_cli(cli, "validate", "--assets", "a.csv", "--strict", cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    for p in e.value.problems:
        assert p.message in r.stderr, (p.message, r.stderr)
    # threads: the same numbers on 1 and 2 threads; 0 is refused.
    one = si.project(refining, settings, paths=3000, seed=9, threads=1).summary()
    two = si.project(refining, settings, paths=3000, seed=9, threads=2).summary()
    assert one.equals(two)
    h1 = refining.history("2025-01-01", "2025-03-31", draws=300, threads=1)
    h2 = refining.history("2025-01-01", "2025-03-31", draws=300, threads=2)
    assert h1.to_dict() == h2.to_dict()
    with pytest.raises(si.SettingsError) as e:
        si.project(refining, settings, threads=0)
    assert e.value.problems[0].field == "threads"
