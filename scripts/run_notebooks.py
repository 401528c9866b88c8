"""Runs every code cell of each notebook given, in order, through a real Jupyter kernel
(the kernel its metadata names: ipykernel for Python, evcxr_jupyter for Rust), as Jupyter
runs them: from the notebook's folder, with comments and multi-line cells as written.
Stops at the first cell that fails and shows its code and its error.

Usage: python run_notebooks.py NOTEBOOK.ipynb...
"""

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

# The first cell of the Rust notebook compiles the crate and its dependencies.
CELL_TIMEOUT_S = 3600


def run(path: Path) -> bool:
    nb = nbformat.read(path, as_version=4)
    kernel = nb.metadata.get("kernelspec", {}).get("name", "python3")
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT_S,
        kernel_name=kernel,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.monotonic()
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as e:
        failed = next(
            (i for i, c in enumerate(code_cells, 1)
             if any(o.get("output_type") == "error" for o in c.get("outputs", []))),
            None,
        )
        print(f"FAILED: {path.name}, code cell {failed or '?'} (kernel {kernel}, "
              f"after {time.monotonic() - start:.0f}s)")
        if failed:
            print("--- cell source\n" + code_cells[failed - 1].source)
        print("--- error\n" + str(e)[-4000:])
        return False
    outputs = sum(len(c.get("outputs", [])) for c in code_cells)
    print(f"ok: {path.name}, {len(code_cells)} code cells, {outputs} outputs "
          f"(kernel {kernel}, {time.monotonic() - start:.0f}s)")
    return True


def main() -> int:
    results = [run(Path(p)) for p in sys.argv[1:]]
    print(f"notebooks: {sum(results)} passed, {results.count(False)} failed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
