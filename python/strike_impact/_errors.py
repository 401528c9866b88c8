"""The errors strike_impact raises: one hierarchy under :class:`StrikeImpactError`.

Each class also derives from the built-in error a caller would have caught before
(``ValueError``, ``KeyError``, ``OSError``, ``FileNotFoundError``, ``RuntimeError``), so
``except ValueError`` still catches bad input. Every error carries ``.problems``: the
problems found (all of them, not just the first), each a :class:`Problem` with its file,
line, column and message, and machine-readable ``kind``, ``field`` and ``found``; errors that
are not about input have an empty list.
"""

from __future__ import annotations

from typing import Any, List


class StrikeImpactError(Exception):
    """Base of every error the package raises."""

    problems: List[Any]

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.problems = []


class ValidationError(StrikeImpactError, ValueError):
    """Bad input: a table (CSV or Parquet file, DataFrame) breaks the rules of MODEL.md.
    ``.problems`` lists every problem found, with its file, line and column."""


class SettingsError(ValidationError):
    """A setting, scenario or scenario file the model refuses (a value given in code, a
    bad date, a field of the file), or an option the call does not know."""


class ShardError(ValidationError):
    """Monte Carlo shard states that do not join into one run (missing, overlapping or
    from different runs)."""


class NotFoundError(StrikeImpactError, KeyError):
    """A name that is not there: a scenario or group the run does not have."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class InputFileError(StrikeImpactError, OSError):
    """A file that could not be read or written."""


class MissingFileError(InputFileError, FileNotFoundError):
    """A file that does not exist."""


class ComputationError(StrikeImpactError, RuntimeError):
    """The calculation failed for a reason that is not the input's (a table or chart that
    could not be written, an interrupted worker)."""


__all__ = [
    "ComputationError",
    "InputFileError",
    "MissingFileError",
    "NotFoundError",
    "SettingsError",
    "ShardError",
    "StrikeImpactError",
    "ValidationError",
]
