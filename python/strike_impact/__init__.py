"""strike-impact: what strikes on energy infrastructure do to capacity and revenue, and what a
truce would change.

The calculation is the Rust crate ``strike-impact`` (the same code as the ``strike-impact``
command line, so the same numbers to the last digit). The API reads as the pipeline::

    import strike_impact as si

    ds = si.Dataset.bundled()                       # or si.Dataset.load(assets=..., ...)
    q1 = ds.group("ru-refining").history("2025-01-01", "2025-03-31", draws=1000)
    settings = si.Settings.bundled(ds)              # or si.Settings(ds, as_of=..., ...)
    p = si.project(ds.group("ru-refining"), settings, paths=10_000, seed=42)
    p.summary()                                     # a polars DataFrame (.to_pandas())
    p.chart("capacity")                             # shown inline in Jupyter; .save("c.png")

Every error is a :class:`StrikeImpactError`: bad input tables raise :class:`ValidationError`,
settings and scenario files :class:`SettingsError`, shard states :class:`ShardError`, each
with ``.problems`` listing every problem found (file, line, column, message, and
machine-readable ``kind``, ``field`` and ``found``). Long runs release the GIL and stop on Ctrl-C.
Monte Carlo runs split into shards (:func:`monte_carlo_shard`, :func:`merge`) that run
anywhere; :mod:`strike_impact.dask` runs them on a Dask cluster.
"""

from __future__ import annotations

import io
import json
import os
import re
import tempfile
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

import polars as pl

from . import _native
from ._errors import (
    ComputationError,
    InputFileError,
    MissingFileError,
    NotFoundError,
    SettingsError,
    ShardError,
    StrikeImpactError,
    ValidationError,
)
from ._native import Problem

__all__ = [
    "Backtest",
    "Chart",
    "ComputationError",
    "Dataset",
    "History",
    "Ingested",
    "InputFileError",
    "MissingFileError",
    "NotFoundError",
    "Problem",
    "Projection",
    "Record",
    "Scenario",
    "Sensitivity",
    "Settings",
    "SettingsError",
    "ShardError",
    "StrikeImpactError",
    "ValidationError",
    "merge",
    "merge_groups",
    "monte_carlo_shard",
    "project",
    "report",
    "run_json",
    "ingest_acled",
    "ingest_events",
    "backtest",
    "sensitivity",
    "sweep",
    "__version__",
]

__version__: str = _native.version()

DateLike = Union[str, date]
PathLike = Union[str, "os.PathLike[str]"]
#: An input table: a CSV or Parquet file, a polars or pandas DataFrame, or None (bundled).
TableLike = Union[PathLike, pl.DataFrame, Any, None]

CHART_KINDS = ("capacity", "revenue", "fuels", "power", "outages", "monthly", "map", "benchmarks")


def _frame_or_path(table: TableLike, name: str) -> Any:
    """What the native loader reads: None, a CSV file's path, or a table as CSV text with the
    name its problems give (``name``, or a Parquet file's path). pandas DataFrames become
    polars; Parquet files are read by polars, their problems counted by row from 1."""
    if table is None:
        return None
    if isinstance(table, (str, os.PathLike)):
        path = os.fspath(table)
        if not path.lower().endswith((".parquet", ".pq")) or not os.path.isfile(path):
            return path
        try:
            table = pl.read_parquet(path)
        except Exception as e:  # polars' errors have no common base across versions
            _native.unreadable_table(path, f"not a readable Parquet file: {e}")
        name = path
    elif type(table).__module__.split(".")[0] == "pandas":
        table = pl.from_pandas(table)  # type: ignore[arg-type]
    if not isinstance(table, pl.DataFrame):
        raise TypeError(
            "expected a file path, a polars or pandas DataFrame, or None, "
            f"found {type(table).__name__}"
        )
    return (name, table.write_csv().encode())


def _read_frame(csv: bytes, schema: Sequence[Any]) -> pl.DataFrame:
    """A table the native module gave as CSV text and its columns' polars types."""
    return pl.read_csv(
        io.BytesIO(csv), schema={name: getattr(pl, dtype) for name, dtype in schema}
    )


class Record(SimpleNamespace):
    """A result read as attributes (``r.lost_capacity_mt``), with the same keys as the command
    line's ``--json`` output and dates as ``datetime.date``; :meth:`to_dict` gives them as a
    dict, :meth:`to_json` as the command line's JSON text (dates as ``YYYY-MM-DD``)."""

    def __getitem__(self, key: str) -> Any:
        """Item access, for keys that are Python keywords (``r["from"]``)."""
        return getattr(self, key)

    def to_dict(self) -> Dict[str, Any]:
        def plain(v: Any) -> Any:
            if isinstance(v, Record):
                return v.to_dict()
            if isinstance(v, list):
                return [plain(x) for x in v]
            return v

        return {k: plain(v) for k, v in vars(self).items() if not k.startswith("_")}

    def to_json(self) -> str:
        """The record as the command line's ``--json`` gives it."""
        return json.dumps(self.to_dict(), default=lambda d: d.isoformat())


class History(Record):
    """A period's history: the keys of ``history --json`` as attributes, and
    :meth:`tables`, the tables ``history --out`` writes."""

    def tables(self, per_asset: bool = False) -> Dict[str, pl.DataFrame]:
        """``summary``, ``daily``, ``assets`` and ``strikes`` as polars DataFrames, equal to
        the files ``history --out`` writes (``per_asset``: every asset, as
        ``--per-asset``)."""
        return {
            name: _read_frame(csv, schema) for name, csv, schema in self._tables(per_asset)
        }


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _record(value: Any) -> Any:
    if isinstance(value, dict):
        return Record(**{k: _record(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_record(v) for v in value]
    if isinstance(value, str) and _DATE.fullmatch(value):
        return date.fromisoformat(value)
    return value


def _layers(table: Any, name: str) -> Any:
    """One table's inputs for the native layer: a list of them (layered in order, each
    DataFrame named by its place, ``prices frame 2``), or one."""
    if isinstance(table, (list, tuple)):
        return [
            _frame_or_path(t, name if len(table) == 1 else f"{name} {i + 1}")
            for i, t in enumerate(table)
        ]
    return _frame_or_path(table, name)


class Dataset:
    """Assets, strikes and prices, validated together (the bundled data, files, or
    DataFrames). Every figure is per group of assets (``ru-refining``, ``ua-power``...)."""

    def __init__(self, inner: _native.Dataset) -> None:
        self._inner = inner

    @staticmethod
    def bundled() -> "Dataset":
        """The bundled data: Russia's refineries (group ``ru-refining``, Mt/yr) and Ukraine's
        power plants (``ua-power``, MW), with their strikes and prices."""
        return Dataset(_native.Dataset.bundled())

    @staticmethod
    def load(
        assets: TableLike = None,
        strikes: TableLike = None,
        prices: TableLike = None,
        strict: bool = False,
        yields: TableLike = None,
        exports: TableLike = None,
        balance: TableLike = None,
    ) -> "Dataset":
        """Loads and validates the three tables. Each is a CSV or Parquet path, a polars or
        pandas DataFrame with the columns of the CSV file, or None for the bundled tables
        (both groups'); a list of them layers several in order, as repeated ``--assets``,
        ``--strikes`` and ``--prices`` flags do (each group priced by one of the prices
        tables; a group no row prices has no revenue).

        Raises :class:`ValidationError` listing every problem of every table, a missing
        file among them (a CSV file's problems give its line, the header being line 1; a
        Parquet file's or a DataFrame's give the row, from 1). With ``strict``, a warning
        about the input (a header that looks like a misspelt column) is an error too, as
        ``--strict`` makes it. ``yields``: the product yields of refineries (``--yields``;
        None for the bundled ``refinery-yields.csv``), from which a group of refineries'
        fuels lost come (``gasoline_t_per_day``... in :meth:`history`); ``exports``: the
        fuel exports by month (``--exports``; None for the bundled ``fuel-exports.csv``),
        the ceiling of the exports lost (``exports_lost_t_per_day``), valued at each fuel's
        export price (``exports_revenue_lost_usd``): the prices table's ``<fuel>_usd_t``
        column where it has one (``diesel_usd_t``...), else its product basket's;
        ``balance``: a power group's demand, load shares, capacity available apart from
        strikes and import limit (``--balance``; None for the bundled
        ``ua-power-balance.csv``), from which its hours without power come
        (``peak_deficit_mw``, ``deficit_hours_per_day``, ``unserved_mwh`` in
        :meth:`history`)."""
        return Dataset(
            _native.Dataset.load(
                _layers(assets, "assets frame"),
                _layers(strikes, "strikes frame"),
                _layers(prices, "prices frame"),
                strict,
                None if yields is None else _frame_or_path(yields, "yields frame"),
                None if exports is None else _frame_or_path(exports, "exports frame"),
                None if balance is None else _frame_or_path(balance, "balance frame"),
            )
        )

    @property
    def groups(self) -> List[str]:
        """The groups of assets, in table order."""
        return self._inner.groups

    @property
    def warnings(self) -> List[str]:
        """What the tables hold that looks like a misspelt column (loaded, worth a look)."""
        return self._inner.warnings

    def group(self, name: str) -> "Dataset":
        """The assets of group ``name``, with their strikes and prices."""
        return Dataset(self._inner.group(name))

    def known_by(self, date: DateLike) -> "Dataset":
        """The records as known on ``date`` (``--known-by``): the strikes dated up to it,
        each outage as the records now know it."""
        return Dataset(self._inner.known_by(date))

    def with_min_confidence(self, level: str) -> "Dataset":
        """The strike rows of at least ``level`` ("low", "medium" or "high";
        ``--min-confidence``), a row without one counting as low."""
        return Dataset(self._inner.with_min_confidence(level))

    def history(
        self,
        start: DateLike,
        end: DateLike,
        draws: int = 1000,
        seed: int = 1,
        default_utilization: Optional[float] = None,
        threads: Optional[int] = None,
        export_share: Optional[float] = None,
    ) -> "History":
        """Lost capacity, lost throughput and offline share over ``start`` .. ``end`` (both
        included) of one group, each figure with its P10/P50/P90 over ``draws`` draws of the
        records (``lost_capacity_mt_p10``...; 1,000 as the command line draws, 0 for the
        point figures only). The keys of ``history --json``, dates as ``datetime.date``.
        ``threads``: worker threads (default: every core); the numbers are the same.
        ``export_share``: the share of a fuel's lost output that comes out of its exports
        (``--export-share``; None: all of it, domestic demand served first)."""
        h = _record(
            self._inner.history(
                start, end, draws, seed, default_utilization, threads, export_share
            )
        )
        h._tables = lambda per_asset: self._inner.history_tables(
            start, end, draws, seed, default_utilization, per_asset, threads, export_share
        )
        return History(**vars(h))

    def reconcile(
        self,
        volume_mt: Optional[float] = None,
        share: Optional[float] = None,
        start: Optional[DateLike] = None,
        end: Optional[DateLike] = None,
        draws: int = 1000,
        seed: int = 1,
        default_utilization: Optional[float] = None,
        threads: Optional[int] = None,
        benchmarks: Union[None, bool, PathLike] = None,
    ) -> Any:
        """Checks a published (volume, share) headline such as "3.3 Mt, or 4 %" against the
        records: the period it implies from ``start``, the records' figures over it and the
        verdict. The keys of ``reconcile --json``. Without ``start`` the period starts on
        January 1 of the year of the latest strike on or before ``end`` (give ``end`` the
        claim's date), as ``reconcile`` does: ``.start`` says which day, ``.warnings`` whether
        the period runs past the records. Bands over ``draws`` draws of the records (1,000,
        as the command line draws). A group not in Mt/yr is refused.

        With ``benchmarks`` (True: the bundled published figures, or a benchmarks file) it
        checks every published figure instead, as ``reconcile --benchmarks``: a list of
        records with the keys of its ``--json`` (``benchmark``, ``records``, ``band``,
        ``ratio``, ``verdict``...)."""
        if benchmarks is not None and benchmarks is not False:
            file = None if benchmarks is True else os.fspath(benchmarks)
            return _record(
                self._inner.benchmarks(file, draws, seed, default_utilization, threads)
            )
        if volume_mt is None or share is None:
            raise SettingsError("expected volume_mt and share, or benchmarks=")
        return _record(
            self._inner.reconcile(
                volume_mt, share, start, end, draws, seed, default_utilization, threads
            )
        )

    def __reduce__(self) -> Any:
        return (_dataset_from_bytes, (bytes(self._inner.to_bytes()),))

    def __repr__(self) -> str:
        assets, strikes, prices = self._inner.counts()
        return (
            f"Dataset(groups={self.groups!r}, assets={assets}, strikes={strikes}, "
            f"prices={prices})"
        )


def _dataset_from_bytes(data: bytes) -> Dataset:
    return Dataset(_native.Dataset.from_bytes(data))


class Scenario:
    """A rule for how many new strikes happen on each projected day."""

    def __init__(self, inner: _native.Scenario) -> None:
        self._inner = inner

    @staticmethod
    def no_truce(name: str = "no-truce") -> "Scenario":
        """Strikes go on at the base rate."""
        return Scenario(_native.Scenario.no_truce(name))

    @staticmethod
    def truce(
        name: str,
        start: DateLike,
        days: int,
        compliance: float = 1.0,
        extended: bool = False,
        groups: Union[None, Sequence[str], Mapping[str, Optional[float]]] = None,
    ) -> "Scenario":
        """A truce of ``days`` days from ``start`` that prevents the share ``compliance`` of
        strikes (``extended``: none after it either). ``groups`` limits it to some groups
        (a list), each with its own compliance (a dict; None keeps ``compliance``)."""
        return Scenario(
            _native.Scenario.truce(name, start, days, compliance, extended, groups)
        )

    @property
    def name(self) -> str:
        return self._inner.name

    @property
    def truce_settings(self) -> Optional[Dict[str, Any]]:
        """The truce (start, days, compliance, extended, groups), or None."""
        return self._inner.truce_dict

    def __repr__(self) -> str:
        t = self.truce_settings
        if t is None:
            return f"Scenario.no_truce({self.name!r})"
        return (
            f"Scenario.truce({self.name!r}, start={t['start'].isoformat()!r}, days={t['days']}, "
            f"compliance={t['compliance']}, extended={t['extended']}, groups={t['groups'] or None})"
        )


class Settings:
    """Resolved projection settings: as-of and until dates, lookback window, diversion,
    default utilization and the scenarios, every default filled in and checked."""

    def __init__(
        self,
        data: Dataset,
        *,
        as_of: Optional[DateLike] = None,
        until: Optional[DateLike] = None,
        lookback_days: Optional[int] = None,
        diversion: Optional[float] = None,
        default_utilization: Optional[float] = None,
        scenarios: Optional[Sequence[Scenario]] = None,
        arrivals: Optional[str] = None,
        calibration: Optional[str] = None,
    ) -> None:
        """Settings for ``data``; what is not given takes its default (as-of the latest
        strike, 90 days on, lookback 90 days, diversion 0, utilization 0.85, one no-truce
        scenario; ``arrivals`` ``poisson``, ``negbin``, ``hawkes``, ``resample`` or
        ``campaign``, as ``--arrivals``; bands read as the paths are, ``calibration="none"``,
        or at the levels their track record earned, ``"conformal"``, as ``--calibration``).
        Without ``arrivals`` or ``calibration`` each group takes the one its backtest earned
        (``hawkes`` and ``conformal`` for ru-refining, ``campaign`` and ``conformal`` for
        ua-power, ``poisson`` and ``none`` for other groups; :attr:`Projection.arrivals` and
        :attr:`Projection.calibration` say what was used). Raises :class:`ValidationError`
        with every problem."""
        self._inner = _native.Settings.build(
            data._inner,
            as_of,
            until,
            lookback_days,
            diversion,
            default_utilization,
            [s._inner for s in scenarios] if scenarios is not None else None,
            arrivals,
            calibration,
        )

    @property
    def arrivals(self) -> str:
        """The arrival model of new strikes."""
        return self._inner.arrivals

    @property
    def calibration(self) -> str:
        """How the Monte Carlo bands are read from the paths: ``none`` or ``conformal``."""
        return self._inner.calibration

    @classmethod
    def _wrap(cls, inner: _native.Settings) -> "Settings":
        s = cls.__new__(cls)
        s._inner = inner
        return s

    @classmethod
    def bundled(cls, data: Dataset) -> "Settings":
        """The bundled 2025 truce case: 30-day truce from 2025-03-18 against no truce, as of
        2025-03-17, projected to 2025-06-30, on both sides (on the one side whose group
        ``data`` holds, for one group's data)."""
        return cls._wrap(_native.Settings.bundled(data._inner))

    @classmethod
    def from_toml(cls, text: str, data: Dataset, name: str = "scenarios.toml") -> "Settings":
        """Settings from the text of a scenario file (MODEL.md, "Scenario file")."""
        return cls._wrap(_native.Settings.from_toml(text, data._inner, name))

    @classmethod
    def from_file(cls, path: PathLike, data: Dataset) -> "Settings":
        """Settings from a scenario file; problems name the file and line. A file that
        cannot be read raises :class:`MissingFileError` or :class:`InputFileError`."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError as e:
            raise MissingFileError(f"{os.fspath(path)}: {e.strerror}") from e
        except (OSError, UnicodeDecodeError) as e:
            raise InputFileError(f"{os.fspath(path)}: {e}") from e
        return cls.from_toml(text, data, os.fspath(path))

    def with_scenarios(self, scenarios: Sequence[Scenario]) -> "Settings":
        """The same settings with other scenarios (checked the same way)."""
        return Settings._wrap(self._inner.with_scenarios([s._inner for s in scenarios]))

    @property
    def as_of(self) -> date:
        return self._inner.as_of

    @property
    def until(self) -> date:
        return self._inner.until

    @property
    def lookback_days(self) -> int:
        return self._inner.lookback_days

    @property
    def diversion(self) -> float:
        return self._inner.diversion

    @property
    def default_utilization(self) -> float:
        return self._inner.default_utilization

    @property
    def scenarios(self) -> List[Scenario]:
        return [Scenario(s) for s in self._inner.scenarios]

    def __reduce__(self) -> Any:
        return (_settings_from_bytes, (bytes(self._inner.to_bytes()),))

    def __repr__(self) -> str:
        return (
            f"Settings(as_of={self.as_of.isoformat()!r}, until={self.until.isoformat()!r}, "
            f"lookback_days={self.lookback_days}, diversion={self.diversion}, "
            f"default_utilization={self.default_utilization}, scenarios={self.scenarios!r})"
        )


def _settings_from_bytes(data: bytes) -> Settings:
    return Settings._wrap(_native.Settings.from_bytes(data))


class Chart:
    """A chart of a projection: shown inline by Jupyter (SVG, or PNG), saved with
    :meth:`save`. The image is drawn when first asked for."""

    def __init__(self, projection: "Projection", kind: str, width: int, height: int) -> None:
        if kind not in CHART_KINDS:
            raise SettingsError(f"expected a chart kind among {', '.join(CHART_KINDS)}, found {kind!r}")
        self._projection = projection
        self.kind = kind
        self.size = (width, height)
        self._svg: Optional[str] = None
        self._png: Optional[bytes] = None

    @property
    def svg(self) -> str:
        """The chart as SVG text."""
        if self._svg is None:
            raw = self._projection._inner.chart(self.kind, *self.size, "svg")
            self._svg = bytes(raw).decode("utf-8")
        return self._svg

    @property
    def png(self) -> bytes:
        """The chart as PNG bytes."""
        if self._png is None:
            self._png = bytes(self._projection._inner.chart(self.kind, *self.size, "png"))
        return self._png

    def _repr_svg_(self) -> str:
        return self.svg

    def _repr_png_(self) -> bytes:
        return self.png

    def save(self, path: PathLike) -> Path:
        """Writes the chart to ``path``, PNG or SVG by its extension (all or nothing: a
        failed write leaves what was there)."""
        path = Path(path)
        ext = path.suffix.lower()
        if ext not in (".png", ".svg"):
            raise SettingsError(f"expected a file name ending in .png or .svg, found {path.name!r}")
        _write_atomically(path, self.png if ext == ".png" else self.svg.encode("utf-8"))
        return path

    def __repr__(self) -> str:
        return f"Chart({self.kind!r}, {self._projection.group!r}, size={self.size[0]}x{self.size[1]})"


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


class Projection:
    """Every scenario's expected path and summary over the projected days, with Monte
    Carlo bands when paths were run: the figures of ``strike-impact project``."""

    def __init__(self, inner: _native.Projection) -> None:
        self._inner = inner

    def summary(self) -> pl.DataFrame:
        """One row per scenario: lost capacity, lost throughput, offline share, revenue,
        revenue loss and the gains over the reference, with the P10/P50/P90 of the Monte
        Carlo (MODEL.md). Exactly ``summary.csv`` of ``project``."""
        return _read_frame(*self._inner.frame("summary"))

    def daily(self) -> pl.DataFrame:
        """One row per scenario and day (the observed lookback days first): offline and
        online capacity, throughput, revenue and their bands. Exactly ``daily.csv``."""
        return _read_frame(*self._inner.frame("daily"))

    def assets(self) -> pl.DataFrame:
        """One row per scenario, projected day and asset with capacity offline."""
        return _read_frame(*self._inner.frame("assets"))

    def table_bytes(self, name: str, format: str = "csv") -> bytes:
        """The table ``name`` (summary, daily, assets) as the bytes ``project --format``
        writes (csv, parquet or json). Parquet is written by polars, zstd-compressed."""
        if format == "parquet":
            buf = io.BytesIO()
            _read_frame(*self._inner.frame(name)).write_parquet(buf, compression="zstd")
            return buf.getvalue()
        return bytes(self._inner.table_bytes(name, format))

    def write(self, out: PathLike, format: str = "csv", per_asset: bool = False) -> List[Path]:
        """Writes ``daily`` and ``summary`` (and ``assets``) and ``run.json`` to the folder
        ``out``, as ``project --out OUT --format FORMAT`` does for one group."""
        names = ["daily", "summary"] + (["assets"] if per_asset else [])
        blobs = [(Path(out) / f"{n}.{format}", self.table_bytes(n, format)) for n in names]
        blobs.append((Path(out) / "run.json", self.run_json().encode()))
        for path, data in blobs:
            _write_atomically(path, data)
        return [p for p, _ in blobs]

    def run_json(self) -> str:
        """The run's record, ``run.json`` as ``project`` writes it: every setting with where
        it came from (the scenario file and line, a default, or the flag of the same name
        as the keyword that gave it), the inputs' BLAKE3 hashes, the Monte Carlo, the arrival
        model fitted, and the warnings. :func:`run_json` records several groups' run."""
        return run_json([self])

    def report(
        self,
        out: PathLike = "report.html",
        backtest_paths: int = 1_000,
        title: Optional[str] = None,
        threads: Optional[int] = None,
    ) -> Path:
        """Writes the self-contained HTML page of this projection to ``out`` (whole or not
        at all): the same bytes as ``strike-impact report --group GROUP --paths N --seed S``
        with this projection's settings. ``backtest_paths``: paths of each projection of the
        page's backtest (0: none)."""
        page = self._inner.report(backtest_paths, title, threads)
        path = Path(out)
        _write_atomically(path, page.encode())
        return path

    def chart(self, kind: str = "capacity", width: int = 1200, height: int = 700) -> Chart:
        """The chart ``kind`` (capacity, revenue, fuels, power, outages, monthly, map,
        benchmarks) of ``width`` x ``height`` pixels: Jupyter shows it inline;
        ``.save(path)`` writes it. ``fuels`` draws a group of refineries' fuels and exports
        lost, ``power`` a power group's supply against the demand peak and its hours short."""
        return Chart(self, kind, width, height)

    def gain(self, scenario: str) -> Record:
        """What ``scenario`` gives back against the reference (``no-truce``):
        ``capacity`` (in ``amount_unit``: Mt, GWh...) and ``revenue_usd``, with
        ``capacity_p10`` .. ``capacity_p90``, ``revenue_usd_p10`` .. and the means when Monte
        Carlo paths were run. Raises :class:`KeyError` for an unknown scenario or the
        reference itself."""
        rows = self.summary().filter(pl.col("scenario") == scenario).to_dicts()
        if not rows:
            raise NotFoundError(f"no scenario named {scenario!r}")
        row = rows[0]
        stats = ("_mean", "_p10", "_p50", "_p90")
        capacity = next(
            c for c in row if c.startswith("gain_capacity_") and not c.endswith(stats)
        )
        if row[capacity] is None:
            raise NotFoundError(f"{scenario!r} is the reference of the gains: it has none")
        gain = Record(
            scenario=scenario,
            amount_unit=self.amount_unit,
            capacity=row[capacity],
            revenue_usd=row["gain_revenue_usd"],
        )
        for stat in stats:
            if capacity + stat in row:
                setattr(gain, "capacity" + stat, row[capacity + stat])
                setattr(gain, "revenue_usd" + stat, row["gain_revenue_usd" + stat])
        return gain

    def gains(self) -> Dict[str, Dict[str, float]]:
        """Each truce scenario's gain over the reference: capacity (in the group's amount
        unit) and revenue (USD), with their Monte Carlo P10/P50/P90 when paths were run."""
        df = self.summary()
        gain = [c for c in df.columns if c.startswith("gain_")]
        rows = df.filter(pl.col(gain[0]).is_not_null()).select(["scenario", *gain])
        return {r.pop("scenario"): r for r in rows.to_dicts()}

    @property
    def group(self) -> str:
        return self._inner.group

    @property
    def unit(self) -> str:
        """The unit of capacity (``Mt/yr``, ``MW``...)."""
        return self._inner.unit

    @property
    def amount_unit(self) -> str:
        """The unit of amounts (``Mt``, ``GWh``...)."""
        return self._inner.amount_unit

    @property
    def base_rate(self) -> float:
        """Strikes per day over the lookback window."""
        return self._inner.base_rate

    @property
    def lookback_strikes(self) -> int:
        return self._inner.lookback_strikes

    @property
    def paths(self) -> int:
        """Monte Carlo paths (0: expected path only)."""
        return self._inner.paths

    @property
    def seed(self) -> Optional[int]:
        return self._inner.seed

    @property
    def settings(self) -> Settings:
        return Settings._wrap(self._inner.settings)

    @property
    def notes(self) -> List[Dict[str, Any]]:
        """What a reader needs to know (no lookback strikes, a truce before the projection)."""
        return self._inner.notes

    @property
    def arrivals(self) -> Dict[str, Any]:
        """The arrival model fitted at the as-of date, as ``run.json`` records it: the model
        requested and used, its parameters with their standard errors, any fallback."""
        return self._inner.arrivals

    @property
    def calibration(self) -> Optional[Dict[str, Any]]:
        """With ``calibration="conformal"`` and paths: the track record, as ``run.json``
        records it (the earlier as-of dates, their PITs, the paths' own P10-P90 coverage) and
        the levels at which the bands read the paths; else ``None``."""
        return self._inner.calibration

    def __repr__(self) -> str:
        mc = f", paths={self.paths}, seed={self.seed}" if self.paths else ""
        return f"Projection(group={self.group!r}, unit={self.unit!r}{mc})"


def project(
    data: Dataset,
    settings: Settings,
    paths: int = 0,
    seed: int = 42,
    threads: Optional[int] = None,
) -> Projection:
    """Projects every scenario of ``settings`` over ``data`` (one group: ``ds.group(...)``).

    With ``paths`` > 0 it also runs the seeded Monte Carlo (the same numbers as
    ``strike-impact project --paths N --seed S``, on any machine and thread count;
    ``threads``: worker threads, default every core, as ``--threads``). The GIL is
    released while it runs, and Ctrl-C stops it (:class:`KeyboardInterrupt`).

    Raises :class:`ValidationError` for data of several groups or settings the data
    cannot use."""
    return Projection(_native.project(data._inner, settings._inner, paths, seed, threads))


def run_json(projections: Sequence[Projection]) -> str:
    """``run.json`` of a run of ``projections`` (one per group, made with the same settings,
    paths and seed), as ``strike-impact project`` writes it for the same run."""
    return _native.run_json([p._inner for p in projections])


def report(
    data: Optional[Dataset] = None,
    settings: Optional[Settings] = None,
    out: PathLike = "report.html",
    paths: int = 10_000,
    seed: int = 42,
    backtest_paths: int = 1_000,
    title: Optional[str] = None,
    group: Optional[str] = None,
    threads: Optional[int] = None,
) -> Path:
    """Writes the answer as one self-contained HTML page to ``out`` (whole or not at all),
    the same bytes as ``strike-impact report`` for the same run: each group of ``data``
    (default: the bundled data), or ``group``'s, projected with ``settings`` (default: the
    bundled scenario file on the bundled data, else a no-truce scenario, as the command line
    chooses with no ``--scenarios``) with ``paths`` Monte Carlo paths; the page's backtest
    runs ``backtest_paths`` paths per projection (0: none). Returns the path written."""
    data = data if data is not None else Dataset.bundled()
    page = _native.report(
        data._inner, settings._inner if settings is not None else None, paths, seed,
        backtest_paths, title, group, threads,
    )
    path = Path(out)
    _write_atomically(path, page.encode())
    return path


class Ingested:
    """Events matched to assets as candidate strike rows (``strike-impact ingest``):
    ``rows`` (every cell as its text, the columns of the strikes file they append to),
    ``csv`` (the bytes ``ingest --out`` writes) and ``summary`` (what the command prints:
    the counts, each row, and every event without a row and why). Check each row against
    its source before appending it to the strikes file."""

    def __init__(self, csv: bytes, summary: str) -> None:
        self.csv = csv
        self.summary = summary
        self.rows = pl.read_csv(io.BytesIO(csv), infer_schema=False) if csv else pl.DataFrame()

    def write(self, out: PathLike) -> Path:
        """Writes the rows to ``out`` (whole or not at all), the file ``ingest --out`` writes."""
        path = Path(out)
        _write_atomically(path, self.csv)
        return path

    def __repr__(self) -> str:
        return f"Ingested(rows={self.rows.height})"


def _ingest(
    layout: str,
    events: TableLike,
    out: Optional[PathLike],
    assets: Sequence[PathLike],
    strikes: Sequence[PathLike],
    radius_km: float,
    sub_event_types: Sequence[str],
    keywords: Sequence[Any],
    default_keywords: bool,
    window_days: int,
    list_all: bool,
) -> Ingested:
    source = _frame_or_path(events, "events")
    if isinstance(source, tuple):
        name, csv = source[0], source[1]
    else:
        name, csv = os.fspath(source), None
    written = os.fspath(out) if out is not None else "(not written)"
    rows, summary = _native.ingest(
        name, csv, layout, [os.fspath(a) for a in assets], [os.fspath(s) for s in strikes],
        radius_km, list(sub_event_types), [tuple(k) for k in keywords], default_keywords,
        window_days, written, None if list_all else 25,
    )
    result = Ingested(bytes(rows), summary)
    if out is not None:
        result.write(out)
    return result


def ingest_acled(
    events: TableLike,
    out: Optional[PathLike] = None,
    assets: Sequence[PathLike] = (),
    strikes: Sequence[PathLike] = (),
    radius_km: float = 10.0,
    sub_event_types: Sequence[str] = (),
    keywords: Sequence[Any] = (),
    default_keywords: bool = True,
    window_days: int = 2,
    list_all: bool = False,
) -> Ingested:
    """An ACLED export (a CSV or Parquet file, or a DataFrame) matched to the assets as
    candidate strike rows, as ``strike-impact ingest acled`` with the same options:
    ``assets``/``strikes`` files (none: the bundled records), ``radius_km``, the
    ``sub_event_types`` kept (none: ACLED's air/drone strikes and shelling/missile attacks),
    ``keywords`` as ``(kind, word)`` pairs added to the defaults (or in their place with
    ``default_keywords=False``), events on one asset within ``window_days`` as one strike.
    With ``out`` the rows are written there, the bytes the command writes."""
    return _ingest(
        "acled", events, out, assets, strikes, radius_km, sub_event_types, keywords,
        default_keywords, window_days, list_all,
    )


def ingest_events(
    events: TableLike,
    out: Optional[PathLike] = None,
    assets: Sequence[PathLike] = (),
    strikes: Sequence[PathLike] = (),
    radius_km: float = 10.0,
    keywords: Sequence[Any] = (),
    default_keywords: bool = True,
    window_days: int = 2,
    list_all: bool = False,
) -> Ingested:
    """A plain event sheet (``date, latitude, longitude, text, source``; other columns kept)
    matched to the assets, as ``strike-impact ingest events`` (options as
    :func:`ingest_acled`)."""
    return _ingest(
        "events", events, out, assets, strikes, radius_km, (), keywords, default_keywords,
        window_days, list_all,
    )


class Backtest:
    """A backtest's tables as polars DataFrames, the files ``strike-impact backtest`` writes:
    ``rows`` (``backtest.csv``: one row per arrival model, lookback and as-of date),
    ``scores`` (``scores.csv``: coverage, CRPS, interval scores, PIT deciles, bias and skill
    per model and lookback) and, with ``samples=True``, ``samples`` (``--samples-out``: every
    path's value in long form, with the observed value beside it)."""

    def __init__(self, rows: pl.DataFrame, scores: pl.DataFrame,
                 samples: Optional[pl.DataFrame]) -> None:
        self.rows = rows
        self.scores = scores
        self.samples = samples

    def __repr__(self) -> str:
        return f"Backtest(rows={self.rows.height}, scores={self.scores.height})"


def backtest(
    data: Dataset,
    first_as_of: DateLike = "2024-03-01",
    last_as_of: DateLike = "2025-09-30",
    every: int = 7,
    horizon: int = 90,
    lookbacks: Sequence[int] = (30, 60, 90, 180),
    arrivals: Sequence[str] = ("poisson",),
    calibrations: Sequence[str] = ("none", "conformal"),
    paths: int = 2000,
    seed: int = 42,
    observed_draws: int = 0,
    samples: bool = False,
    threads: Optional[int] = None,
) -> Backtest:
    """How good the projections would have been (``strike-impact backtest``, with its
    defaults): for each as-of date from ``first_as_of`` to ``last_as_of``, every ``every``
    days, and each lookback window, the no-truce projection of the next ``horizon`` days from
    the records known that day, scored against what the records show (MODEL.md,
    "Backtest"); ``arrivals`` compares arrival models side by side, each read as its paths
    are and calibrated by the checks before each as-of date (``calibrations``, as
    ``--calibration``). ``data`` is one group."""
    tables = _native.backtest(
        data._inner, first_as_of, last_as_of, every, horizon, list(lookbacks),
        list(arrivals), list(calibrations), paths, seed, observed_draws, samples, threads,
    )
    frames = [_read_frame(*t) for t in tables]
    return Backtest(frames[0], frames[1], frames[2] if samples else None)


def sweep(
    data: Dataset,
    settings: Settings,
    truce_start: Sequence[DateLike] = (),
    truce_days: Sequence[int] = (),
    compliance: Sequence[float] = (),
    lookback_days: Sequence[int] = (),
    diversion: Sequence[float] = (),
    default_utilization: Sequence[float] = (),
    paths: int = 0,
    seed: int = 42,
    threads: Optional[int] = None,
) -> pl.DataFrame:
    """Projects every combination of the values given (``strike-impact sweep``): one row per
    combination with both scenarios' lost capacity and revenue loss and the truce's gains
    (with ``paths``, their P10/P50/P90), the table the command line writes. A setting not
    swept keeps ``settings``' value. ``data`` is one group."""
    return _read_frame(*_native.sweep(
        data._inner, settings._inner, list(truce_start), list(truce_days), list(compliance),
        list(lookback_days), list(diversion), list(default_utilization), paths, seed, threads,
    ))


class Sensitivity:
    """What a figure hangs on: ``tornado`` (each input at the ends of its range, largest
    swing first) and ``sobol`` (first-order and total indices with their intervals), the
    tables ``strike-impact sensitivity`` writes; the one not asked for is None."""

    def __init__(self, tornado: Optional[pl.DataFrame], sobol: Optional[pl.DataFrame]) -> None:
        self.tornado = tornado
        self.sobol = sobol

    def __repr__(self) -> str:
        return f"Sensitivity(tornado={self.tornado is not None}, sobol={self.sobol is not None})"


def sensitivity(
    data: Dataset,
    settings: Settings,
    figure: str = "gain_revenue_usd",
    scenario: str = "truce",
    method: str = "both",
    samples: int = 1024,
    resamples: int = 1000,
    paths: int = 0,
    seed: int = 42,
    threads: Optional[int] = None,
) -> Sensitivity:
    """What ``figure`` of the truce (``scenario="no-truce"``: the reference) hangs on, over
    the inputs' default ranges (MODEL.md, "Sensitivity"), as ``strike-impact sensitivity``
    with its defaults: ``method`` "tornado", "sobol" or "both"; ``samples`` base samples and
    ``resamples`` bootstrap resamples of the Sobol' indices; ``paths`` > 0 takes each
    evaluation's Monte Carlo mean. ``data`` is one group."""
    if scenario not in ("truce", "no-truce"):
        raise SettingsError(f"expected a scenario truce or no-truce, found {scenario!r}")
    if method not in ("tornado", "sobol", "both"):
        raise SettingsError(f"expected a method tornado, sobol or both, found {method!r}")
    truce = scenario == "truce"
    tornado = sobol = None
    if method != "sobol":
        tornado = _read_frame(*_native.tornado(
            data._inner, settings._inner, figure, truce, paths, seed, threads,
        ))
    if method != "tornado":
        sobol = _read_frame(*_native.sobol(
            data._inner, settings._inner, figure, truce, samples, resamples, paths, seed,
            threads,
        ))
    return Sensitivity(tornado, sobol)


def monte_carlo_shard(
    data: Dataset, settings: Settings, paths: int, seed: int, shard: int, shards: int
) -> bytes:
    """Runs part ``shard`` (from 0) of ``shards`` of the Monte Carlo of ``paths`` paths: its
    mergeable state, as bytes to send or store. :func:`merge` joins every part's state."""
    return bytes(_native.monte_carlo_shard(data._inner, settings._inner, paths, seed, shard, shards))


def merge_groups(states: Iterable[bytes]) -> List[Projection]:
    """Joins the states of every shard of one run: one projection per group, exactly as
    one run of all the paths gives it. States of another run, a shard given twice or paths
    no state ran raise :class:`ValidationError` (every problem listed)."""
    return [Projection(p) for p in _native.merge([bytes(s) for s in states])]


def merge(states: Iterable[bytes]) -> Projection:
    """:func:`merge_groups` for a run of one group: its projection."""
    projections = merge_groups(states)
    if len(projections) != 1:
        raise ShardError(
            f"expected the states of a run of one group, found {len(projections)} groups: "
            "use merge_groups"
        )
    return projections[0]
