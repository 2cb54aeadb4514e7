#!/usr/bin/python3
"""How long the progress page takes to build for a class (issue 19).

    /usr/bin/python3 -B notebooks/classroom/progress/bench.py [STUDENTS] [CHECKS]

writes STUDENTS record files (default 20) of CHECKS checks each (default
25 exercises, every check run 4 times: ✗ ✗ ✗ ✓) into a temporary folder,
then times what one poll of the page does — read every file, build the
table, render the HTML and the JSON — and the CSV; it prints the median and
the slowest of 20 runs. The exercises are read from the installed notebooks
(GRADNB_PREFIX/src/notebooks) when there, else ex01_1 … ex05_5.
"""

import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import progress  # noqa: E402


def main():
    students = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    checks = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    nbdir = progress.default_notebooks()
    exs = progress.exercises(nbdir) or [("ex%02d_%d" % (n, k), 1.0) for n in range(1, 6) for k in range(1, 6)]
    t0 = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.timezone.utc)
    with tempfile.TemporaryDirectory() as d:
        lines = 0
        for s in range(students):
            with open(os.path.join(d, "s%02d.jsonl" % (s + 1)), "w") as f:
                for c in range(checks):
                    ex = exs[c % len(exs)][0]
                    for attempt in range(4):
                        ok = attempt == 3 and (s + c) % 3 != 0
                        rec = {"time": (t0 + datetime.timedelta(minutes=c * 2 + attempt)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                               "notebook": ex[2:4], "exercise": ex, "ok": ok}
                        if not ok:
                            rec["hint"] = "ず れ は %d：学習率と更新の符号 (sign) を確かめてください。" % attempt * 3
                            rec["hint_id"] = "%08x" % attempt
                        f.write(json.dumps(rec, ensure_ascii=False) + "\n")
                        lines += 1
        poll, csv = [], []
        for _ in range(20):
            a = time.perf_counter()
            t = progress.collect(records_dir=d, notebooks_dir=nbdir)
            t["html"] = progress.render_html(t)
            body = json.dumps(t, ensure_ascii=False)
            b = time.perf_counter()
            progress.render_csv(progress.collect(records_dir=d, notebooks_dir=nbdir))
            c = time.perf_counter()
            poll.append(b - a)
            csv.append(c - b)
        cli = []
        for _ in range(3):
            a = time.perf_counter()
            subprocess.run([sys.executable, "-B", os.path.join(os.path.dirname(os.path.abspath(__file__)), "progress.py"),
                            "--records", d, "--notebooks", nbdir], check=True, stdout=subprocess.DEVNULL)
            cli.append(time.perf_counter() - a)
        print("%d students × %d checks (%d record lines, %d exercises): one poll (read, table, HTML, JSON %d kB) median %.1f ms, max %.1f ms; CSV median %.1f ms"
              % (students, checks, lines, len(t["exercises"]), len(body) // 1000,
                 statistics.median(poll) * 1e3, max(poll) * 1e3, statistics.median(csv) * 1e3))
        print("make hub-progress on it (a new Python process, the notebooks parsed): median %.0f ms, max %.0f ms" % (statistics.median(cli) * 1e3, max(cli) * 1e3))
        return 0 if max(poll) < 1.0 and max(cli) < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
