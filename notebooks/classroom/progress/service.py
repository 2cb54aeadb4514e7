#!/usr/bin/python3
"""The teacher's progress page: a JupyterHub service at /services/progress/.

Started by the hub (a managed service, notebooks/classroom/progress_config.py)
as the hub's user (root), so that it can read the students' record files
(read only; see progress.py). Authentication is JupyterHub's own OAuth
(jupyterhub.services.auth.HubOAuthenticated with tornado, from Debian's
python3-jupyterhub): a request is allowed only with the scope
access:services!service=progress, which JupyterHub's admin role holds and
the user role does not, so a teacher (an admin) sees the page and a
student gets 403.

    GET /services/progress/                the page; its inline script polls
    GET /services/progress/api/progress    the table as JSON (with its HTML)
    GET /services/progress/progress.csv    the CSV of `make hub-progress CSV=1`
"""

import json
import os
import secrets
import sys
import time
from urllib.parse import urlparse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True

import progress  # noqa: E402

from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated  # noqa: E402
from jupyterhub.utils import url_path_join  # noqa: E402
from tornado import web  # noqa: E402
from tornado.httpserver import HTTPServer  # noqa: E402
from tornado.ioloop import IOLoop, PeriodicCallback  # noqa: E402

SERVICE = os.environ.get("JUPYTERHUB_SERVICE_NAME", "progress")
POLL_SECONDS = 5

PAGE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Progress 進み具合 — gradnb</title>
<style>
body{{font-family:system-ui,sans-serif;margin:1em;color:#222}}
h1{{font-size:1.2em;margin:0 0 .3em}}
#meta{{color:#666;font-size:.85em;margin-bottom:.6em}}
table{{border-collapse:collapse;font-size:.85em}}
th,td{{border:1px solid #ddd;padding:3px 6px;vertical-align:top;text-align:center}}
thead th{{position:sticky;top:0;background:#f4f4f4}}
tbody th{{text-align:left;white-space:nowrap}}
td.ok{{background:#e8f5e9;color:#2e7d32}}
td.fail{{background:#fff4e0;color:#b26a00;min-width:7em}}
td.none{{color:#bbb}}
td.unreadable{{background:#fde8e8;color:#a00;text-align:left}}
tr.stuck th{{color:#b26a00}}
.hint{{font-size:.8em;color:#555;text-align:left;max-width:14em}}
tfoot td,tfoot th{{font-weight:bold;background:#f4f4f4}}
.err{{color:#a00}}
</style></head><body>
<h1>Progress 進み具合</h1>
<div id="meta">class group {group} · students who need help first · ✗ n: tries, minutes since the first try, the last hint · ✓: when ·
updated <span id="when">{generated}</span> (every {poll} s) · <a href="progress.csv">CSV</a></div>
<div id="table">{table}</div>
<script nonce="{nonce}">
(function(){{
  var api = "api/progress", when = document.getElementById("when"), box = document.getElementById("table");
  function poll(){{
    fetch(api, {{credentials: "same-origin", cache: "no-store"}})
      .then(function(r){{ if(!r.ok) throw new Error(r.status); return r.json(); }})
      .then(function(t){{ box.innerHTML = t.html; when.textContent = t.generated; }})
      .catch(function(e){{ when.textContent = "not updated (" + e.message + ")"; }})
      .then(function(){{ setTimeout(poll, {poll_ms}); }});
  }}
  setTimeout(poll, {poll_ms});
}})();
</script>
</body></html>
"""


class Base(HubOAuthenticated, web.RequestHandler):
    @property
    def hub_scopes(self):
        # Never empty: an empty set would let every hub user in.
        return set(self.hub_auth.access_scopes or ()) or {"access:services!service=%s" % SERVICE}

    def set_default_headers(self):
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")

    def table(self):
        return progress.collect()


class PageHandler(Base):
    @web.authenticated
    def get(self):
        nonce = secrets.token_urlsafe(16)
        self.set_header("Content-Security-Policy", "default-src 'none'; script-src 'nonce-%s'; style-src 'unsafe-inline'; connect-src 'self'; frame-ancestors 'self'" % nonce)
        t = self.table()
        self.write(PAGE.format(
            group=progress.html.escape(progress.default_group()), generated=t["generated"], poll=POLL_SECONDS,
            poll_ms=POLL_SECONDS * 1000, nonce=nonce, table=progress.render_html(t),
        ))


class APIHandler(Base):
    @web.authenticated
    def get(self):
        t = self.table()
        t["html"] = progress.render_html(t)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.write(json.dumps(t, ensure_ascii=False))


class CSVHandler(Base):
    @web.authenticated
    def get(self):
        self.set_header("Content-Type", "text/csv; charset=utf-8")
        self.set_header("Content-Disposition", 'attachment; filename="progress-%s.csv"' % time.strftime("%Y%m%d-%H%M"))
        self.write(progress.render_csv(self.table()))


def main():
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/%s/" % SERVICE)
    app = web.Application(
        [
            (prefix, PageHandler),
            (url_path_join(prefix, "api/progress"), APIHandler),
            (url_path_join(prefix, "progress.csv"), CSVHandler),
            (url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler),
        ],
        cookie_secret=secrets.token_bytes(32),
    )
    url = urlparse(os.environ["JUPYTERHUB_SERVICE_URL"])
    HTTPServer(app).listen(url.port, url.hostname)
    # The hub stops its services when it stops; a hub that was killed
    # cannot, so the service ends itself when its parent is gone.
    parent = os.getppid()

    def orphaned():
        if os.getppid() != parent:
            IOLoop.current().stop()

    PeriodicCallback(orphaned, 2000).start()
    IOLoop.current().start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # the hub stopping its services
        sys.exit(0)
    except Exception as e:
        # The hub restarts a service that exits: do not let a start that
        # cannot work (a port in use) turn into a tight loop.
        print("progress service: %s" % e, file=sys.stderr)
        time.sleep(10)
        sys.exit(1)
