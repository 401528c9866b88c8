"""Long runs: the GIL is released, Ctrl-C stops them; shards merge to the single run."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

import strike_impact as si


def test_shards_merge_to_the_single_run(refining: si.Dataset, settings: si.Settings) -> None:
    single = si.project(refining, settings, paths=2000, seed=7)
    for shards in (1, 3, 4):
        states = [si.monte_carlo_shard(refining, settings, 2000, 7, i, shards) for i in range(shards)]
        merged = si.merge(list(reversed(states)))
        assert merged.summary().equals(single.summary(), null_equal=True)
        assert merged.table_bytes("daily", "csv") == single.table_bytes("daily", "csv")


def test_the_gil_is_released_while_the_monte_carlo_runs(refining: si.Dataset, settings: si.Settings) -> None:
    ticks = 0
    done = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.001)

    t = threading.Thread(target=count)
    t.start()
    start = time.perf_counter()
    si.project(refining, settings, paths=20_000, seed=1)
    elapsed = time.perf_counter() - start
    done.set()
    t.join()
    # Free, the counter ticks about 1,000 times a second; a run holding the GIL would
    # leave it near 0.
    assert ticks > 100 * elapsed, (ticks, elapsed)


def test_ctrl_c_stops_a_long_run(refining: si.Dataset, settings: si.Settings) -> None:
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    start = time.perf_counter()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        si.project(refining, settings, paths=50_000_000, seed=1)
    elapsed = time.perf_counter() - start
    timer.cancel()
    # 50 million paths take minutes; the run stopped within seconds of the interrupt.
    assert elapsed < 5, elapsed
