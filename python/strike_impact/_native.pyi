"""Type stubs of the compiled module (the Rust crate); use the wrappers in strike_impact."""

from datetime import date
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union, final

_DateLike = Union[str, date]
#: A table as CSV bytes with each column's name and polars type.
_Frame = Tuple[bytes, List[Tuple[str, str]]]

__all__ = [
    "Dataset", "Problem", "Projection", "Scenario", "Settings", "backtest", "ingest", "merge",
    "monte_carlo_shard", "project", "report", "run_json", "sobol", "sweep", "tornado",
    "unreadable_table", "version",
]

@final
class Problem:
    file: Optional[str]
    line: Optional[int]
    column: Optional[str]
    message: str
    text: str
    kind: str
    field: Optional[str]
    found: Optional[str]

@final
class Dataset:
    @staticmethod
    def bundled() -> "Dataset": ...
    @staticmethod
    def load(
        assets: Any = ..., strikes: Any = ..., prices: Any = ..., strict: bool = ...,
        yields: Any = ..., exports: Any = ..., balance: Any = ...
    ) -> "Dataset": ...
    @property
    def groups(self) -> List[str]: ...
    @property
    def warnings(self) -> List[str]: ...
    def group(self, name: str) -> "Dataset": ...
    def known_by(self, date: _DateLike) -> "Dataset": ...
    def with_min_confidence(self, level: str) -> "Dataset": ...
    def counts(self) -> Tuple[int, int, int]: ...
    def history(
        self, start: _DateLike, end: _DateLike, draws: int = ..., seed: int = ...,
        default_utilization: Optional[float] = ..., threads: Optional[int] = ...,
        export_share: Optional[float] = ...,
    ) -> Dict[str, Any]: ...
    def benchmarks(
        self, file: Optional[str] = ..., draws: int = ..., seed: int = ...,
        default_utilization: Optional[float] = ..., threads: Optional[int] = ...,
    ) -> List[Dict[str, Any]]: ...
    def history_tables(
        self, start: _DateLike, end: _DateLike, draws: int = ..., seed: int = ...,
        default_utilization: Optional[float] = ..., per_asset: bool = ...,
        threads: Optional[int] = ..., export_share: Optional[float] = ...,
    ) -> List[Tuple[str, bytes, List[Tuple[str, str]]]]: ...
    def reconcile(
        self, volume_mt: float, share: float, start: Optional[_DateLike], end: Optional[_DateLike] = ...,
        draws: int = ..., seed: int = ..., default_utilization: Optional[float] = ...,
        threads: Optional[int] = ...,
    ) -> Dict[str, Any]: ...
    def to_bytes(self) -> bytes: ...
    @staticmethod
    def from_bytes(bytes: bytes) -> "Dataset": ...

@final
class Scenario:
    @staticmethod
    def no_truce(name: str) -> "Scenario": ...
    @staticmethod
    def truce(
        name: str, start: _DateLike, days: int, compliance: float = ..., extended: bool = ...,
        groups: Union[None, Sequence[str], Mapping[str, Optional[float]]] = ...,
    ) -> "Scenario": ...
    @property
    def name(self) -> str: ...
    @property
    def truce_dict(self) -> Optional[Dict[str, Any]]: ...

@final
class Settings:
    @staticmethod
    def bundled(data: Dataset) -> "Settings": ...
    @staticmethod
    def from_toml(text: str, data: Dataset, name: str = ...) -> "Settings": ...
    @staticmethod
    def build(
        data: Dataset, as_of: Optional[_DateLike] = ..., until: Optional[_DateLike] = ...,
        lookback_days: Optional[int] = ..., diversion: Optional[float] = ...,
        default_utilization: Optional[float] = ..., scenarios: Optional[List[Scenario]] = ...,
        arrivals: Optional[str] = ..., calibration: Optional[str] = ...,
    ) -> "Settings": ...
    def with_scenarios(self, scenarios: List[Scenario]) -> "Settings": ...
    as_of: date
    until: date
    lookback_days: int
    diversion: float
    default_utilization: float
    arrivals: str
    calibration: str
    scenarios: List[Scenario]
    def to_bytes(self) -> bytes: ...
    @staticmethod
    def from_bytes(bytes: bytes) -> "Settings": ...

@final
class Projection:
    def frame(self, name: str) -> _Frame: ...
    def table_bytes(self, name: str, format: str) -> bytes: ...
    def chart(self, kind: str, width: int, height: int, format: str) -> bytes: ...
    group: str
    unit: str
    amount_unit: str
    base_rate: float
    lookback_strikes: int
    paths: int
    seed: Optional[int]
    settings: Settings
    notes: List[Dict[str, Any]]
    arrivals: Dict[str, Any]
    calibration: Optional[Dict[str, Any]]
    def report(
        self, backtest_paths: int = ..., title: Optional[str] = ..., threads: Optional[int] = ...
    ) -> str: ...

def project(
    data: Dataset, settings: Settings, paths: int = ..., seed: int = ...,
    threads: Optional[int] = ...,
) -> Projection: ...
def monte_carlo_shard(
    data: Dataset, settings: Settings, paths: int, seed: int, shard: int, shards: int
) -> bytes: ...
def merge(states: List[bytes]) -> List[Projection]: ...
def sweep(
    data: Dataset, settings: Settings, truce_start: List[_DateLike], truce_days: List[int],
    compliance: List[float], lookback_days: List[int], diversion: List[float],
    default_utilization: List[float], paths: int = ..., seed: int = ...,
    threads: Optional[int] = ...,
) -> _Frame: ...
def tornado(
    data: Dataset, settings: Settings, figure: str = ..., truce: bool = ..., paths: int = ...,
    seed: int = ..., threads: Optional[int] = ...,
) -> _Frame: ...
def sobol(
    data: Dataset, settings: Settings, figure: str = ..., truce: bool = ..., samples: int = ...,
    resamples: int = ..., paths: int = ..., seed: int = ..., threads: Optional[int] = ...,
) -> _Frame: ...
def backtest(
    data: Dataset, first_as_of: _DateLike, last_as_of: _DateLike, every: int, horizon: int,
    lookbacks: List[int], arrivals: List[str], calibrations: List[str], paths: int, seed: int,
    observed_draws: int,
    samples: bool, threads: Optional[int] = ...,
) -> List[_Frame]: ...
def report(
    data: Dataset, settings: Optional[Settings] = ..., paths: int = ..., seed: int = ...,
    backtest_paths: int = ..., title: Optional[str] = ..., group: Optional[str] = ...,
    threads: Optional[int] = ...,
) -> str: ...
def run_json(projections: List[Projection]) -> str: ...
def ingest(
    events: str, csv: Optional[bytes], layout: str, assets: List[str], strikes: List[str],
    radius_km: float, sub_event_types: List[str], keywords: List[Tuple[str, str]],
    default_keywords: bool, window_days: int, out: str, limit: Optional[int] = ...,
) -> Tuple[bytes, str]: ...
def version() -> str: ...
def unreadable_table(file: str, message: str) -> None: ...
