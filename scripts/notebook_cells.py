"""Turns the code cells of a Jupyter notebook into evcxr_repl input, one line per statement group.

evcxr_repl, reading from a pipe, takes one line at a time, so each cell's code lines are
joined into one line (notebook code cells must not use `//` comments; put prose in markdown
cells). Commands (lines starting with ':') stay on their own lines. Before each cell a marker
line prints `@@cell N` so that the output can be attributed to its cell.

Usage: python3 notebook_cells.py NOTEBOOK.ipynb > input.txt
"""
import json
import sys

notebook = json.load(open(sys.argv[1], encoding="utf-8"))
cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
# Keep compiled dependencies between runs (evcxr's cache, in ~/.cache/evcxr).
print(":cache 4000")
for n, cell in enumerate(cells, start=1):
    source = "".join(cell["source"]).splitlines()
    print(f'println!("@@cell {n}");')
    code = []
    for line in source:
        stripped = line.strip()
        if stripped.startswith(":"):
            print(stripped)
        elif stripped.startswith("//"):
            sys.exit(f"{sys.argv[1]}: cell {n} has a // comment; move prose to a markdown cell")
        elif stripped:
            code.append(stripped)
    if code:
        print(" ".join(code))
print('println!("@@end");')
