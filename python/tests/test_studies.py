"""The studies from Python: each call against the command line's files of the same run."""

from __future__ import annotations

import polars as pl

import strike_impact as si

from conftest import run_cli


def test_backtest_gives_the_files_the_command_line_writes(cli, bundled, tmp_path):
    args = dict(lookbacks=[30, 90], arrivals=["poisson", "negbin"], paths=200, seed=7)
    for group in ("ru-refining", "ua-power"):
        b = si.backtest(bundled.group(group), samples=True, **args)
        r = run_cli(cli, "backtest", "--group", group, "--lookback-days", "30,90",
                    "--arrivals", "poisson,negbin", "--paths", "200", "--seed", "7",
                    "--out", f"o-{group}", "--samples-out", f"s-{group}.csv", "--quiet",
                    cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        for frame, path in ((b.rows, f"o-{group}/backtest.csv"),
                            (b.scores, f"o-{group}/scores.csv"),
                            (b.samples, f"s-{group}.csv")):
            cli_frame = pl.read_csv(tmp_path / path, schema=frame.schema)
            assert frame.equals(cli_frame), (group, path)
        assert b.scores.height == 4 and set(b.scores["arrivals"]) == {"poisson", "negbin"}
    # Without samples there is no samples table; a bad model is a SettingsError.
    assert si.backtest(bundled.group("ru-refining"), lookbacks=[90], paths=50).samples is None
    try:
        si.backtest(bundled.group("ru-refining"), arrivals=["gamma"], paths=50)
    except si.SettingsError as e:
        assert e.problems[0].found == "gamma"
    else:
        raise AssertionError("an unknown arrival model was accepted")
