# JupyterHub configuration for a gradnb class on one machine (`make hub`).
#
# Start (as root, after notebooks/classroom/install.sh, i.e. `make hub-install`):
#
#     jupyterhub -f notebooks/classroom/jupyterhub_config.py
#
# Environment (all optional):
#   GRADNB_HUB_ADDR       address the proxy listens on (default 127.0.0.1:8000);
#                         students open http://<it>/ and log in
#   GRADNB_HUB_STATE      folder for the hub's database, cookie secret and
#                         proxy token (default /var/lib/gradnb-hub; mode 0700)
#   GRADNB_PREFIX         the installation (default /opt/gradnb)
#   GRADNB_MEM_LIMIT      memory one program of a student may use, bytes or
#                         with K/M/G (default 2G); see "Limits" below
#   GRADNB_HUB_PORT       the hub's own port on 127.0.0.1, behind the proxy
#                         (default 8081)
#   GRADNB_HUB_PROXY_API_PORT  the proxy's REST API port on 127.0.0.1 (default
#                         8001); set both to run a second hub on the machine
#   GRADNB_HUB_API_TOKEN  if set, a service "gradnb-admin" holds this token with
#                         the scopes to create users, start their servers and
#                         mint their tokens (REST API at http://<addr>/hub/api/)
#
# Log-in: local Unix accounts through PAM (the default). root cannot log in.
# Teachers create one account per student (`useradd -m student01; passwd
# student01`).
#
# TEST MODE — never for production: GRADNB_HUB_TEST=1 replaces PAM with
# DummyAuthenticator. Any EXISTING Unix account whose name starts with
# GRADNB_HUB_TEST_PREFIX (default "gradnbtest") logs in with the password
# GRADNB_HUB_TEST_PASSWORD (required in test mode). Servers still run as the
# real accounts (LocalProcessSpawner), so permissions are the real ones. This
# is what notebooks/hub_test.go and `make hub-loadtest` use, e.g.:
#
#     useradd -m gradnbtest01
#     GRADNB_HUB_TEST=1 GRADNB_HUB_TEST_PASSWORD=pw GRADNB_HUB_API_TOKEN=$(openssl rand -hex 32) \
#       GRADNB_HUB_STATE=$(mktemp -d) GRADNB_HUB_ADDR=127.0.0.1:8123 \
#       jupyterhub -f notebooks/classroom/jupyterhub_config.py
#
# What a spawn does (pre_spawn_hook, run by the hub as root):
#   - the student's home becomes mode 0700 (other students cannot read it);
#   - ~/notebooks gets a copy of every notebook in PREFIX/src/notebooks that is
#     not there yet, copied AS THE STUDENT (no root writes into a home): edited
#     notebooks are never overwritten, new notebooks are added, a deleted
#     folder comes back;
#   - Limits (L = GRADNB_MEM_LIMIT). The server and everything it starts
#     (kernel, gopls, builds, cell programs) run with RLIMIT_AS = L + 1G per
#     process (prlimit): a Go program reserves about 1 GB of address space
#     beyond what it uses (measured: a runaway Go program under RLIMIT_AS 3G
#     stops at 1.9 GB resident), so a runaway cell stops near L with Go's
#     "fatal error: out of memory" in that student's cell, and the kernel
#     stays up. The tools are built without cgo (install.sh): a cgo thread's
#     8 MB stack counts against RLIMIT_AS and a failed pthread_create kills
#     the kernel (that is what a 1G limit did to every kernel before).
#     Behind it, the server is started in a memory cgroup of its own (cgroup
#     v2, or v1's memory controller, when the hub can create one) with room
#     for all of a student's processes, L + 2G, which does not trigger before
#     the per-process limit; the hub logs a warning when it cannot make one.
#     The cgroup is removed when the server stops.
import os
import pwd
import re
import subprocess

from jupyterhub.auth import DummyAuthenticator
from jupyterhub.spawner import LocalProcessSpawner

c = get_config()  # noqa: F821  (provided by JupyterHub)

PREFIX = os.environ.get("GRADNB_PREFIX", "/opt/gradnb")
ADDR = os.environ.get("GRADNB_HUB_ADDR", "127.0.0.1:8000")
STATE = os.environ.get("GRADNB_HUB_STATE", "/var/lib/gradnb-hub")
TEST = os.environ.get("GRADNB_HUB_TEST", "") not in ("", "0")
NOTEBOOKS = os.path.join(PREFIX, "src", "notebooks")


def _parse_bytes(s):
    m = re.fullmatch(r"\s*(\d+)\s*([KMG]?)i?B?\s*", s, re.I)
    if not m:
        raise ValueError("GRADNB_MEM_LIMIT=%r: want bytes or a number with K, M or G" % s)
    return int(m.group(1)) * {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[m.group(2).upper()]


MEM_LIMIT = _parse_bytes(os.environ.get("GRADNB_MEM_LIMIT", "2G"))
# Per process: Go reserves about 1 GB of address space beyond its heap.
AS_LIMIT = MEM_LIMIT + (1 << 30)
# Per student (cgroup): a runaway program near L, plus the server, kernel,
# gopls and a build (up to about 0.8 GB measured), with room to spare.
CGROUP_LIMIT = MEM_LIMIT + (2 << 30)
HANDOUT = os.path.join(PREFIX, "bin", "gradnb-handout")

if not os.path.isfile(os.path.join(PREFIX, "bin", "gonb")) or not os.path.isfile(HANDOUT):
    raise SystemExit("gradnb is not installed in %s: run `make hub-install` first" % PREFIX)

os.makedirs(STATE, mode=0o700, exist_ok=True)
os.chmod(STATE, 0o700)

# Debian's configurable-http-proxy needs /usr/share/nodejs on NODE_PATH under
# a nodejs that is not Debian's own.
_np = os.environ.get("NODE_PATH", "")
if "/usr/share/nodejs" not in _np.split(":"):
    os.environ["NODE_PATH"] = ":".join(p for p in (_np, "/usr/share/nodejs") if p)

c.JupyterHub.bind_url = "http://%s/" % ADDR
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("GRADNB_HUB_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%d" % int(os.environ.get("GRADNB_HUB_PROXY_API_PORT", "8001"))
c.JupyterHub.db_url = "sqlite:///" + os.path.join(STATE, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(STATE, "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = os.path.join(STATE, "proxy.pid")
c.JupyterHub.cleanup_servers = True

# Authentication.
c.Authenticator.blocked_users = {"root"}
if TEST:
    _prefix = os.environ.get("GRADNB_HUB_TEST_PREFIX", "gradnbtest")
    _password = os.environ.get("GRADNB_HUB_TEST_PASSWORD", "")
    if not _password:
        raise SystemExit("GRADNB_HUB_TEST=1 needs GRADNB_HUB_TEST_PASSWORD")

    class TestAuthenticator(DummyAuthenticator):
        """Test mode only: existing Unix accounts named <prefix>… with the shared password."""

        async def authenticate(self, handler, data):
            name = (data or {}).get("username", "")
            if not name.startswith(_prefix) or data.get("password") != _password:
                return None
            try:
                pwd.getpwnam(name)
            except KeyError:
                return None
            return name

    c.JupyterHub.authenticator_class = TestAuthenticator
else:
    c.JupyterHub.authenticator_class = "jupyterhub.auth.PAMAuthenticator"

_token = os.environ.get("GRADNB_HUB_API_TOKEN", "")
if _token:
    c.JupyterHub.services = [{"name": "gradnb-admin", "api_token": _token}]
    c.JupyterHub.load_roles = [
        {
            "name": "gradnb-admin",
            "scopes": ["admin:users", "admin:servers", "tokens", "access:servers", "list:users", "read:users"],
            "services": ["gradnb-admin"],
        }
    ]


def _cgroup_dir(user):
    """A memory cgroup for user, or None when this machine does not allow one."""
    name = "gradnb-" + user
    v2 = "/sys/fs/cgroup"
    if os.path.exists(os.path.join(v2, "cgroup.controllers")):
        try:
            with open(os.path.join(v2, "cgroup.subtree_control")) as f:
                if "memory" not in f.read().split():
                    with open(os.path.join(v2, "cgroup.subtree_control"), "w") as w:
                        w.write("+memory")
            d = os.path.join(v2, name)
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "memory.max"), "w") as f:
                f.write(str(CGROUP_LIMIT))
            with open(os.path.join(d, "memory.swap.max"), "w") as f:
                f.write("0")
            return d
        except OSError:
            return None
    v1 = "/sys/fs/cgroup/memory"
    if os.path.isdir(v1):
        try:
            d = os.path.join(v1, name)
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "memory.limit_in_bytes"), "w") as f:
                f.write(str(CGROUP_LIMIT))
            return d
        except OSError:
            return None
    return None


def _remove_cgroup(user):
    """Removes user's cgroup once it is empty (after the server stopped)."""
    for d in ("/sys/fs/cgroup/gradnb-" + user, "/sys/fs/cgroup/memory/gradnb-" + user):
        try:
            os.rmdir(d)
        except OSError:
            pass


class ClassSpawner(LocalProcessSpawner):
    """LocalProcessSpawner that puts each student's server in a memory cgroup."""

    async def stop(self, now=False):
        ret = await super().stop(now=now)
        _remove_cgroup(self.user.name)
        return ret

    async def start(self):
        ret = await super().start()
        d = _cgroup_dir(self.user.name)
        if d is None:
            self.log.warning("gradnb: no memory cgroup for %s; only RLIMIT_AS limits its processes", self.user.name)
        else:
            try:
                with open(os.path.join(d, "cgroup.procs"), "w") as f:
                    f.write(str(self.pid))
                self.log.info("gradnb: %s's server (pid %d) limited to %d bytes in %s", self.user.name, self.pid, CGROUP_LIMIT, d)
            except OSError as e:
                self.log.warning("gradnb: could not put %s's server in %s: %s", self.user.name, d, e)
        return ret


def _pre_spawn(spawner):
    user = spawner.user.name
    pw = pwd.getpwnam(user)
    home = pw.pw_dir
    st = os.lstat(home)
    if not os.path.isdir(home) or os.path.islink(home) or st.st_uid != pw.pw_uid:
        raise RuntimeError("gradnb: %s's home %s is not a folder owned by them" % (user, home))
    os.chmod(home, 0o700)
    # Copy missing notebooks as the student (never as root into their home),
    # with the script the image and Zero to JupyterHub's postStart run too.
    # A failed copy (e.g. a full home) must not stop the student from
    # logging in to make room: it is logged, and the next login tries again.
    r = subprocess.run(
        [HANDOUT], user=pw.pw_uid, group=pw.pw_gid, extra_groups=[], cwd="/",
        env={"HOME": home, "PATH": "/usr/bin:/bin", "GRADNB_PREFIX": PREFIX}, timeout=60,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    if r.returncode != 0:
        spawner.log.warning("gradnb: hand-out for %s failed (exit %d): %s", user, r.returncode, r.stdout.strip())


c.JupyterHub.spawner_class = ClassSpawner
c.Spawner.pre_spawn_hook = _pre_spawn
c.Spawner.cmd = ["prlimit", "--as=%d" % AS_LIMIT, "--", "jupyterhub-singleuser"]
c.Spawner.environment = {
    "JUPYTERHUB_SINGLEUSER_APP": "notebook.notebookapp.NotebookApp",
    "GOMEMLIMIT": str(MEM_LIMIT * 3 // 4),
}
c.Spawner.default_url = "/tree/notebooks"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
