"""Execute a notebook cell by cell with nbclient and measure what each code
cell costs: the CPU time of the kernel's whole process tree (GoNB, the go
command and the cell's program it starts, gopls) and the wall time.

Usage: python3 cellcpu.py NOTEBOOK KERNEL TIMEOUT
Prints one JSON object: {"cells": [{"index": i, "cpu": s, "wall": s}, ...]}.
The kernel's start is measured apart ("start").  Used by nbrun.Env.CellCosts.
"""
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient

TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu(root):
    """CPU seconds of root and its live descendants, with their waited-for
    children (utime + stime + cutime + cstime of each)."""
    parent, cpu = {}, {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                s = f.read()
        except OSError:
            continue
        fields = s[s.rindex(")") + 2:].split()
        parent[int(d)] = int(fields[1])
        cpu[int(d)] = sum(int(x) for x in fields[11:15]) / TICK
    total, todo = 0.0, [root]
    while todo:
        p = todo.pop()
        total += cpu.get(p, 0.0)
        todo.extend(c for c, pp in parent.items() if pp == p)
    return total


def main():
    path, kernel, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3])
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name=kernel, timeout=timeout, allow_errors=True,
                            record_timing=False, resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    out = {"cells": []}
    mark = {}

    def pid():
        return client.km.provisioner.pid

    def before(cell, cell_index, **kw):
        if cell.cell_type == "code":
            if "start" not in out:
                out["start"] = tree_cpu(pid())
            mark[cell_index] = (tree_cpu(pid()), time.monotonic())

    def after(cell, cell_index, **kw):
        if cell_index in mark:
            c0, w0 = mark.pop(cell_index)
            out["cells"].append({"index": cell_index, "cpu": round(tree_cpu(pid()) - c0, 3),
                                 "wall": round(time.monotonic() - w0, 3)})

    client.on_cell_execute = before
    client.on_cell_executed = after
    client.execute()
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
