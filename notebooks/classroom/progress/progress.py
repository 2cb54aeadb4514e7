#!/usr/bin/python3
"""The class's exercise progress: who is stuck, and on what (issue 19).

Each check cell a student runs in the hub appends one JSON line to
~/.local/share/gradnb/checks.jsonl in the student's own home
(kernelhelpers/record.go): time (UTC), notebook, exercise (exNN_K), ok, and
for a wrong answer the hint shown and its id. Never the student's code.

This module reads those files for every member of the class group (a Unix
group, GRADNB_HUB_STUDENT_GROUP, default gradnb-students) and builds one
table: per student and exercise "not tried", "✗ n" (the last hint, minutes
since the first try) or "✓" (when), students who need help first, and per
exercise how many have ✓. The table is built here once and rendered three
ways: HTML (the hub service in service.py, /services/progress/), plain text
and CSV (`make hub-progress`, `make hub-progress CSV=1`).

The exercises and their points come from the check cells' nbgrader
metadata in the notebooks handed out (GRADNB_PREFIX/src/notebooks): the
grade is what nbgrader's autograder would give, one check cell's points
(1 today) for each exercise with a ✓.

Run as root (it reads the students' homes, read only):

    /usr/bin/python3 notebooks/classroom/progress/progress.py [--csv]

Only the Python standard library: the service adds JupyterHub's own
packages (Debian's python3-jupyterhub).
"""

import argparse
import csv
import datetime
import errno
import grp
import html
import io
import json
import os
import pwd
import re
import stat
import sys

RECORD = os.path.join(".local", "share", "gradnb", "checks.jsonl")
# The writer stops at 1 MB (kernelhelpers.RecordLimit); anything much larger
# was not written by it.
MAX_READ = 2 << 20
EXERCISE = re.compile(r"^ex(\d{2})_(\d+)$")
CHECK_ID = re.compile(r"^(ex\d{2}_\d+)_check$")


def default_group():
    return os.environ.get("GRADNB_HUB_STUDENT_GROUP") or "gradnb-students"


def default_notebooks():
    return os.path.join(os.environ.get("GRADNB_PREFIX") or "/opt/gradnb", "src", "notebooks")


def exercise_key(ex):
    m = EXERCISE.match(ex)
    return (int(m.group(1)), int(m.group(2))) if m else (999, 0)


# --- inputs -----------------------------------------------------------------

_nb_cache = {}


def exercises(notebooks_dir):
    """The exercises of the notebooks in notebooks_dir: [(id, points)] in
    notebook and exercise order, from the check cells' nbgrader metadata
    (grade_id exNN_K_check, points). Unreadable notebooks are skipped."""
    found = {}
    try:
        names = sorted(os.listdir(notebooks_dir))
    except OSError:
        return []
    for name in names:
        if not name.endswith(".ipynb") or not name[:2].isdigit():
            continue
        path = os.path.join(notebooks_dir, name)
        try:
            st = os.stat(path)
            key = (st.st_mtime_ns, st.st_size)
            cached = _nb_cache.get(path)
            if cached and cached[0] == key:
                found.update(cached[1])
                continue
            with open(path, encoding="utf-8") as f:
                nb = json.load(f)
        except (OSError, ValueError):
            continue
        mine = {}
        for cell in nb.get("cells", []):
            ng = (cell.get("metadata") or {}).get("nbgrader") or {}
            m = CHECK_ID.match(str(ng.get("grade_id", "")))
            if m and ng.get("grade"):
                try:
                    mine[m.group(1)] = float(ng.get("points", 0) or 0)
                except (TypeError, ValueError):
                    mine[m.group(1)] = 0.0
        _nb_cache[path] = (key, mine)
        found.update(mine)
    return sorted(found.items(), key=lambda kv: exercise_key(kv[0]))


def class_members(group):
    """The members of the Unix group: [(name, home, uid)] sorted by name,
    and an error message or None."""
    try:
        g = grp.getgrnam(group)
    except KeyError:
        return [], "the class group %s does not exist (set GRADNB_HUB_STUDENT_GROUP or create it)" % group
    names = set(g.gr_mem)
    for pw in pwd.getpwall():
        if pw.pw_gid == g.gr_gid:
            names.add(pw.pw_name)
    out = []
    for n in sorted(names):
        try:
            pw = pwd.getpwnam(n)
        except KeyError:
            continue
        out.append((n, pw.pw_dir, pw.pw_uid))
    return out, None


class Unreadable(Exception):
    pass


def _parse_time(s):
    t = datetime.datetime.fromisoformat(str(s).replace("Z", "+00:00"))
    if t.tzinfo is None:
        raise ValueError("time without zone")
    return t


def parse_records(data):
    """The records of one file's bytes: [(time, exercise, ok, hint)].
    Raises Unreadable on anything the writer does not write."""
    recs = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable("not UTF-8")
    for i, line in enumerate(text.split("\n")):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            ex, ok = r["exercise"], r["ok"]
            if not isinstance(r, dict) or not isinstance(ex, str) or not EXERCISE.match(ex) or not isinstance(ok, bool):
                raise ValueError("fields")
            hint = r.get("hint", "") or ""
            if not isinstance(hint, str):
                raise ValueError("hint")
            recs.append((_parse_time(r["time"]), ex, ok, hint))
        except (ValueError, KeyError, TypeError):
            raise Unreadable("line %d is not a record" % (i + 1))
    return recs


def read_records(path, uid=None):
    """The records in path, [] when there is no file. Raises Unreadable for
    a file that is not a regular file owned by uid (a symbolic link, a
    folder, a FIFO, another account's file), that its owner made unreadable
    (no read permission for its owner: the student's choice is respected
    although root could read it), too large, or corrupt. Read only, never
    following a symbolic link at the last component, never blocking."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY)
    except FileNotFoundError:
        return []
    except OSError as e:
        if e.errno == errno.ENOTDIR:
            return []
        raise Unreadable(e.strerror or str(e))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Unreadable("not a regular file")
        if uid is not None and st.st_uid != uid:
            raise Unreadable("not the student's own file")
        if not st.st_mode & stat.S_IRUSR:
            raise Unreadable("made unreadable by its owner")
        if st.st_size > MAX_READ:
            raise Unreadable("too large")
        chunks, n = [], 0
        while n <= MAX_READ:
            b = os.read(fd, 1 << 16)
            if not b:
                break
            chunks.append(b)
            n += len(b)
        if n > MAX_READ:
            raise Unreadable("too large")
    except OSError as e:
        raise Unreadable(e.strerror or str(e))
    finally:
        os.close(fd)
    return parse_records(b"".join(chunks))


# --- the table --------------------------------------------------------------


def _iso(t):
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if t else None


def build(students, exs, now=None, error=None):
    """The progress table.

    students: [(name, records or Unreadable)], records as parse_records
    gives them; exs: [(exercise id, points)]; now: an aware datetime.
    Returns a dict (the JSON the page polls): exercises (id, points, done,
    tried), students (name, status "stuck", "unreadable" or "", done,
    points, cells: state "none", "fail" or "ok", tries, hint, minutes,
    first, when) in the order a
    teacher reads it: stuck students first (longest stuck first), then
    unreadable records, then everybody else, fewest ✓ first."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    if not exs:
        ids = set()
        for _, recs in students:
            if not isinstance(recs, Exception):
                ids.update(r[1] for r in recs)
        exs = [(e, 1.0) for e in sorted(ids, key=exercise_key)]
    index = {e: i for i, (e, _) in enumerate(exs)}
    max_points = sum(p for _, p in exs)
    done = [0] * len(exs)
    tried = [0] * len(exs)
    rows = []
    for name, recs in students:
        row = {"name": name, "status": "", "done": 0, "points": 0.0, "max_points": max_points, "cells": None, "note": ""}
        if isinstance(recs, Exception):
            row["status"] = "unreadable"
            row["note"] = str(recs)
            rows.append((1, 0, 0, name, row))
            continue
        cells = [{"state": "none", "tries": 0} for _ in exs]
        for t, ex, ok, hint in sorted(recs, key=lambda r: r[0]):
            i = index.get(ex)
            if i is None:
                continue
            c = cells[i]
            if c["state"] == "ok":
                continue  # ✓ stays ✓ (nbgrader counts a check that passed once)
            c["tries"] += 1
            c.setdefault("first", t)
            if ok:
                c["state"] = "ok"
                c["when"] = t
            else:
                c["state"] = "fail"
                c["last"] = t
                c["hint"] = hint
        stuck_minutes = -1.0
        for i, c in enumerate(cells):
            if c["state"] != "none":
                tried[i] += 1
            if c["state"] == "ok":
                done[i] += 1
                row["done"] += 1
                row["points"] += exs[i][1]
            elif c["state"] == "fail":
                c["minutes"] = max(0, int((now - c["first"]).total_seconds() // 60))
                stuck_minutes = max(stuck_minutes, (now - c["first"]).total_seconds() / 60)
            for k in ("first", "when", "last"):
                if k in c:
                    c[k] = _iso(c[k])
        row["cells"] = cells
        if stuck_minutes >= 0:
            row["status"] = "stuck"
            rows.append((0, -stuck_minutes, 0, name, row))
        else:
            rows.append((2, row["done"], 0, name, row))
    rows.sort(key=lambda r: r[:4])
    return {
        "generated": _iso(now),
        "error": error,
        "exercises": [{"id": e, "points": p, "done": done[i], "tried": tried[i]} for i, (e, p) in enumerate(exs)],
        "students": [r[4] for r in rows],
        "max_points": max_points,
    }


def collect(group=None, notebooks_dir=None, records_dir=None, now=None):
    """Reads everything and builds the table: the class group's members'
    record files, or with records_dir every NAME.jsonl in it (a folder of
    collected files; the owner is not checked)."""
    exs = exercises(notebooks_dir or default_notebooks())
    students, error = [], None
    if records_dir:
        for f in sorted(os.listdir(records_dir)):
            if f.endswith(".jsonl"):
                students.append((f[: -len(".jsonl")], os.path.join(records_dir, f), None))
    else:
        group = group or default_group()
        members, error = class_members(group)
        students = [(n, os.path.join(home, RECORD), uid) for n, home, uid in members]
    loaded = []
    for name, path, uid in students:
        try:
            loaded.append((name, read_records(path, uid)))
        except Unreadable as e:
            loaded.append((name, e))
    return build(loaded, exs, now=now, error=error)


# --- rendering --------------------------------------------------------------


def _local_hm(iso):
    if not iso:
        return ""
    return _parse_time(iso).astimezone().strftime("%H:%M")


def _short(s, n):
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _pts(p):
    return ("%g" % p)


def cell_text(c):
    if c["state"] == "ok":
        return "✓ " + _local_hm(c.get("when"))
    if c["state"] == "fail":
        return "✗%d %dm" % (c["tries"], c["minutes"])
    return "·"


def render_html(table):
    """The table as an HTML fragment (every text escaped)."""
    e = html.escape
    out = []
    if table.get("error"):
        out.append('<p class="err">%s</p>' % e(table["error"]))
    exs = table["exercises"]
    n = len(table["students"])
    out.append('<table id="progress"><thead><tr><th>student 学生</th><th>✓</th>')
    for x in exs:
        out.append("<th>%s</th>" % e(x["id"]))
    out.append("</tr></thead><tbody>")
    for s in table["students"]:
        cls = {"stuck": "stuck", "unreadable": "unreadable"}.get(s["status"], "")
        out.append('<tr class="%s" data-student="%s"><th>%s</th>' % (cls, e(s["name"]), e(s["name"])))
        if s["status"] == "unreadable":
            out.append('<td class="unreadable" colspan="%d">unreadable 読めません (%s)</td></tr>' % (len(exs) + 1, e(s["note"])))
            continue
        out.append('<td class="n">%d</td>' % s["done"])
        for x, c in zip(exs, s["cells"]):
            st = c["state"]
            if st == "ok":
                out.append('<td class="ok" data-ex="%s" title="✓ %s">✓ <small>%s</small></td>' % (e(x["id"]), e(c.get("when") or ""), e(_local_hm(c.get("when")))))
            elif st == "fail":
                out.append(
                    '<td class="fail" data-ex="%s" title="%s">✗ %d <small>%d 分</small><div class="hint">%s</div></td>'
                    % (e(x["id"]), e(c.get("hint", "")), c["tries"], c["minutes"], e(_short(c.get("hint", ""), 70)))
                )
            else:
                out.append('<td class="none" data-ex="%s">·</td>' % e(x["id"]))
        out.append("</tr>")
    out.append('</tbody><tfoot><tr><th>✓ / %d</th><td></td>' % n)
    for x in exs:
        out.append('<td class="n" data-ex="%s">%d</td>' % (e(x["id"]), x["done"]))
    out.append("</tr></tfoot></table>")
    return "".join(out)


def render_text(table):
    """The table for a terminal: one row per student, the last hints of
    the stuck ones below it."""
    exs = table["exercises"]
    lines = []
    if table.get("error"):
        lines.append("progress: " + table["error"])
    heads = ["student", "✓"] + [x["id"] for x in exs]
    rows = []
    for s in table["students"]:
        if s["status"] == "unreadable":
            rows.append([s["name"], "", "unreadable (%s)" % s["note"]])
        else:
            rows.append([s["name"], str(s["done"])] + [cell_text(c) for c in s["cells"]])
    rows.append(["✓ / %d" % len(table["students"]), ""] + [str(x["done"]) for x in exs])
    width = [len(h) for h in heads]
    for r in rows:
        if len(r) == len(heads):
            width = [max(w, len(v)) for w, v in zip(width, r)]
    for r in rows[:-1]:
        width[0] = max(width[0], len(r[0]))

    def fmt(r):
        return "  ".join(v.ljust(width[i]) if i < len(r) - 1 else v for i, v in enumerate(r)).rstrip()

    lines.append(fmt(heads))
    for r in rows:
        lines.append(fmt(r))
    lines.append("· not tried   ✗n Mm: n tries, M minutes since the first   ✓ HH:MM: right at (local time)")
    hints = []
    for s in table["students"]:
        for x, c in zip(exs, s["cells"] or []):
            if c["state"] == "fail":
                hints.append("  %s %s ✗%d %dm: %s" % (s["name"], x["id"], c["tries"], c["minutes"], _short(c.get("hint", ""), 100)))
    if hints:
        lines.append("")
        lines.append("last hints:")
        lines.extend(hints)
    return "\n".join(lines) + "\n"


def render_csv(table):
    """One row per student: each exercise's state (ok, tried N, or empty
    for not tried), the number of ✓, the grade nbgrader would give (the
    points of the exercises with ✓) and the maximum."""
    f = io.StringIO()
    w = csv.writer(f, lineterminator="\n")
    exs = table["exercises"]
    w.writerow(["student", "status"] + [x["id"] for x in exs] + ["done", "score", "max_score"])
    for s in sorted(table["students"], key=lambda s: s["name"]):
        if s["status"] == "unreadable":
            w.writerow([s["name"], "unreadable"] + [""] * len(exs) + ["", "", _pts(table["max_points"])])
            continue
        cells = []
        for c in s["cells"]:
            cells.append({"ok": "ok", "fail": "tried %d" % c["tries"]}.get(c["state"], ""))
        w.writerow([s["name"], s["status"]] + cells + [s["done"], _pts(s["points"]), _pts(s["max_points"])])
    return f.getvalue()


def main(argv=None):
    ap = argparse.ArgumentParser(description="The class's exercise progress (run as root: it reads the students' record files).")
    ap.add_argument("--csv", action="store_true", help="one CSV row per student with the grade nbgrader would give")
    ap.add_argument("--json", action="store_true", help="the table as the page's JSON")
    ap.add_argument("--group", default=None, help="the class group (default $GRADNB_HUB_STUDENT_GROUP or gradnb-students)")
    ap.add_argument("--notebooks", default=None, help="the notebooks handed out (default $GRADNB_PREFIX/src/notebooks)")
    ap.add_argument("--records", default=None, help="a folder of collected record files NAME.jsonl instead of the group's homes")
    a = ap.parse_args(argv)
    if not a.records and os.geteuid() != 0:
        print("progress: not root: the students' record files are private, so they will show as unreadable (run as root: sudo make hub-progress)", file=sys.stderr)
    table = collect(group=a.group, notebooks_dir=a.notebooks, records_dir=a.records)
    if a.csv:
        sys.stdout.write(render_csv(table))
    elif a.json:
        json.dump(table, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(table))
    return 0


if __name__ == "__main__":
    sys.exit(main())
