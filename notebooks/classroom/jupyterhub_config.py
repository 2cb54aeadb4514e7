# JupyterHub configuration for a gradnb class on one machine (`make hub`,
# `make hub-service`).
#
# Start (as root, after notebooks/classroom/install.sh, i.e. `make hub-install`):
#
#     jupyterhub -f notebooks/classroom/jupyterhub_config.py
#
# Every variable below is optional; a bad value stops the hub at start with
# a message naming the variable.
#
# Address and TLS
#   GRADNB_HUB_ADDR       host:port the proxy listens on (default
#                         127.0.0.1:8000); students open https://<it>/ (or
#                         http:// on a loopback address) and log in
#   GRADNB_HUB_SSL_CERT   the certificate (PEM, the full chain) and its
#   GRADNB_HUB_SSL_KEY    private key (PEM): both or neither. With them the
#                         hub serves https (JupyterHub's ssl_cert / ssl_key).
#                         Without a domain: `sudo make hub-cert HUB_ADDR=…`
#                         writes a self-signed pair to /etc/gradnb/hub.crt and
#                         hub.key (used by `make hub` when present) and prints
#                         its SHA-256 fingerprint, which students compare with
#                         the one their browser shows before accepting it.
#                         With a domain: a certificate from Let's Encrypt
#                         (e.g. `certbot certonly --standalone -d hub.example.org`)
#                         is GRADNB_HUB_SSL_CERT=/etc/letsencrypt/live/<domain>/fullchain.pem
#                         and GRADNB_HUB_SSL_KEY=/etc/letsencrypt/live/<domain>/privkey.pem;
#                         restart the hub after each renewal.
#   GRADNB_HUB_INSECURE   1: serve plain http on a non-loopback address. By
#                         default the hub REFUSES to start on an address other
#                         machines can reach without a certificate: PAM log-ins
#                         are the students' Unix passwords (`make hub
#                         HUB_INSECURE=1` sets it).
#
# Who logs in (PAM, the students' Unix accounts; root never)
#   GRADNB_HUB_STUDENT_GROUP  only members of this Unix group log in (default
#                         gradnb-students; `sudo make hub-students N=30`
#                         creates it and the accounts). The hub does not
#                         start when the group does not exist.
#   GRADNB_HUB_TEACHER_GROUP  members log in too and are the hub's admins
#                         (default gradnb-teachers; `usermod -aG
#                         gradnb-teachers <you>`). When it does not exist the
#                         hub starts with no admins by group (a warning).
#
# Limits, per student (see "Limits" below)
#   GRADNB_MEM_LIMIT      memory one program of a student may use, bytes or
#                         with K/M/G (default 2G)
#   GRADNB_PIDS_LIMIT     processes and threads of one student, all together
#                         (default 512): cgroup pids.max and RLIMIT_NPROC
#   GRADNB_CPU_LIMIT      at most this many cores for one student, e.g. 1.5
#                         (default: no cap; every student gets an equal CPU
#                         share whatever the limit)
#   GRADNB_CPU_DEMOTE     a student whose processes kept a core busy (0.9 of
#                         one or more) over this window gets 1/32 of the
#                         normal CPU share until they use less than half a
#                         core over it (default 20s; 0: never). A runaway
#                         loop then yields to every other student's cells
#                         and still runs at full speed on an idle machine.
#
# Culling (the notebook server's own settings, passed to every server)
#   GRADNB_CULL_KERNEL    a kernel idle this long is shut down (default 30m;
#                         seconds, or with s, m, h; 0: never). Busy kernels
#                         (a running cell) are not culled, open tabs do not
#                         keep a kernel: MappingKernelManager.cull_idle_timeout,
#                         cull_interval, cull_busy=False, cull_connected=True
#   GRADNB_CULL_SERVER    a student's server with no kernel and no activity
#                         this long stops (default 60m; 0: never):
#                         NotebookApp.shutdown_no_activity_timeout. The
#                         student's next visit starts it again, with their
#                         files as they were.
#
# The hub itself
#   GRADNB_HUB_STATE      folder for the hub's database, cookie secret and
#                         proxy token (default /var/lib/gradnb-hub; mode 0700)
#   GRADNB_PREFIX         the installation (default /opt/gradnb)
#   GRADNB_HUB_PORT       the hub's own port on 127.0.0.1, behind the proxy
#                         (default 8081)
#   GRADNB_HUB_PROXY_API_PORT  the proxy's REST API port on 127.0.0.1 (default
#                         8001); set both to run a second hub on the machine
#   GRADNB_HUB_API_TOKEN  if set, a service "gradnb-admin" holds this token with
#                         the scopes to create users, start their servers and
#                         mint their tokens (REST API at <address>/hub/api/)
#
# TEST MODE — never for production: GRADNB_HUB_TEST=1 replaces PAM with
# DummyAuthenticator. Any EXISTING Unix account whose name starts with
# GRADNB_HUB_TEST_PREFIX (default "gradnbtest") logs in with the password
# GRADNB_HUB_TEST_PASSWORD (required in test mode); when
# GRADNB_HUB_STUDENT_GROUP is set, only that group's members. Servers still
# run as the real accounts (LocalProcessSpawner), so permissions are the real
# ones. This is what notebooks/classroom/*_test.go and `make hub-loadtest`
# use, e.g.:
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
#     Behind it, the server is started in cgroups of its own (cgroup v2, or
#     v1's memory, pids and cpu controllers, when the hub can create them):
#     memory L + 2G for all of a student's processes (it does not trigger
#     before the per-process limit); pids.max = GRADNB_PIDS_LIMIT, so a cell
#     that forks in a loop gets "resource temporarily unavailable" (EAGAIN)
#     in that cell while other students fork as usual (RLIMIT_NPROC of the
#     same number is set too, so this holds without cgroups); an equal CPU
#     share per student (v1 cpu.shares 1024, v2 cpu.weight 100), so a
#     student's runaway loops weigh as much as one busy student, not as one
#     per thread; a student busy for GRADNB_CPU_DEMOTE on end (a runaway)
#     drops to 1/32 of that share (v1 cpuacct.usage / v2 cpu.stat are read
#     every 5 s) until they go quiet; with GRADNB_CPU_LIMIT a cap (cfs
#     quota / cpu.max). The
#     hub logs a warning naming each limit it cannot set. The cgroups are
#     removed when the server stops.
import grp
import ipaddress
import os
import pwd
import re
import socket
import ssl
import subprocess

from jupyterhub.auth import DummyAuthenticator
from jupyterhub.spawner import LocalProcessSpawner

c = get_config()  # noqa: F821  (provided by JupyterHub)


def _fail(msg):
    raise SystemExit("gradnb hub: " + msg)


def _env(name, default=""):
    return os.environ.get(name, default).strip()


def _parse_bytes(name, s):
    m = re.fullmatch(r"(\d+)\s*([KMG]?)i?B?", s, re.I)
    if not m:
        _fail("%s=%r: want bytes or a number with K, M or G (e.g. 2G)" % (name, s))
    return int(m.group(1)) * {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[m.group(2).upper()]


def _parse_int(name, s, lo, hi):
    if not re.fullmatch(r"\d+", s) or not lo <= int(s) <= hi:
        _fail("%s=%r: want a whole number from %d to %d" % (name, s, lo, hi))
    return int(s)


def _parse_duration(name, s):
    """Seconds from "90", "90s", "30m", "2h"; 0 means never."""
    m = re.fullmatch(r"(\d+)\s*([smh]?)", s, re.I)
    if not m:
        _fail("%s=%r: want a duration: seconds, or a number with s, m or h (e.g. 30m); 0 turns it off" % (name, s))
    return int(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[m.group(2).lower()]


def _parse_bool(name, s):
    v = s.lower()
    if v in ("", "0", "false", "no"):
        return False
    if v in ("1", "true", "yes"):
        return True
    _fail("%s=%r: want 1 or 0" % (name, s))


def _parse_group(name, s):
    if not re.fullmatch(r"[a-z_][a-z0-9_-]{0,31}", s):
        _fail("%s=%r: not a Unix group name" % (name, s))
    return s


def _parse_addr(name, s):
    m = re.fullmatch(r"(\[[0-9a-fA-F:.]+\]|[^\s:\[\]]*):(\d+)", s)
    if not m or not 1 <= int(m.group(2)) <= 65535:
        _fail("%s=%r: want host:port, e.g. 127.0.0.1:8000, 0.0.0.0:443 or [::1]:8000" % (name, s))
    return m.group(1).strip("[]"), int(m.group(2))


def _is_loopback(host):
    """True when only this machine can reach host (127.0.0.0/8, ::1, localhost)."""
    if host == "":
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        addrs = {a[4][0] for a in socket.getaddrinfo(host, None)}
    except OSError:
        return False
    return bool(addrs) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addrs)


PREFIX = _env("GRADNB_PREFIX", "/opt/gradnb")
if not PREFIX.startswith("/"):
    _fail("GRADNB_PREFIX=%r: want an absolute path" % PREFIX)
ADDR = _env("GRADNB_HUB_ADDR", "127.0.0.1:8000")
HOST, PORT = _parse_addr("GRADNB_HUB_ADDR", ADDR)
STATE = _env("GRADNB_HUB_STATE", "/var/lib/gradnb-hub")
if not STATE.startswith("/"):
    _fail("GRADNB_HUB_STATE=%r: want an absolute path" % STATE)
TEST = _parse_bool("GRADNB_HUB_TEST", _env("GRADNB_HUB_TEST"))
INSECURE = _parse_bool("GRADNB_HUB_INSECURE", _env("GRADNB_HUB_INSECURE"))
NOTEBOOKS = os.path.join(PREFIX, "src", "notebooks")

MEM_LIMIT = _parse_bytes("GRADNB_MEM_LIMIT", _env("GRADNB_MEM_LIMIT", "2G"))
if MEM_LIMIT < 256 << 20:
    _fail("GRADNB_MEM_LIMIT=%r: want at least 256M (2G or more lets gopls work)" % _env("GRADNB_MEM_LIMIT"))
# Per process: Go reserves about 1 GB of address space beyond its heap.
AS_LIMIT = MEM_LIMIT + (1 << 30)
# Per student (cgroup): a runaway program near L, plus the server, kernel,
# gopls and a build (up to about 0.8 GB measured), with room to spare.
CGROUP_LIMIT = MEM_LIMIT + (2 << 30)
PIDS_LIMIT = _parse_int("GRADNB_PIDS_LIMIT", _env("GRADNB_PIDS_LIMIT", "512"), 64, 1 << 22)
CPU_LIMIT = None
if _env("GRADNB_CPU_LIMIT"):
    try:
        CPU_LIMIT = float(_env("GRADNB_CPU_LIMIT"))
    except ValueError:
        CPU_LIMIT = -1
    if not 0.01 <= CPU_LIMIT <= 4096:
        _fail("GRADNB_CPU_LIMIT=%r: want a number of cores, e.g. 1 or 1.5" % _env("GRADNB_CPU_LIMIT"))
CPU_DEMOTE = _parse_duration("GRADNB_CPU_DEMOTE", _env("GRADNB_CPU_DEMOTE", "20s"))
if CPU_DEMOTE and CPU_DEMOTE < 10:
    _fail("GRADNB_CPU_DEMOTE=%r: want at least 10s (usage is read every 5 s), or 0 to turn it off" % _env("GRADNB_CPU_DEMOTE"))
CULL_KERNEL = _parse_duration("GRADNB_CULL_KERNEL", _env("GRADNB_CULL_KERNEL", "30m"))
CULL_SERVER = _parse_duration("GRADNB_CULL_SERVER", _env("GRADNB_CULL_SERVER", "60m"))
STUDENT_GROUP = _parse_group("GRADNB_HUB_STUDENT_GROUP", _env("GRADNB_HUB_STUDENT_GROUP", "gradnb-students"))
TEACHER_GROUP = _parse_group("GRADNB_HUB_TEACHER_GROUP", _env("GRADNB_HUB_TEACHER_GROUP", "gradnb-teachers"))
HANDOUT = os.path.join(PREFIX, "bin", "gradnb-handout")

if not os.path.isfile(os.path.join(PREFIX, "bin", "gonb")) or not os.path.isfile(HANDOUT):
    _fail("gradnb is not installed in %s: run `make hub-install` first" % PREFIX)

# TLS, or a refusal to send passwords in clear text over a network.
CERT = _env("GRADNB_HUB_SSL_CERT")
KEY = _env("GRADNB_HUB_SSL_KEY")
if bool(CERT) != bool(KEY):
    _fail(
        "GRADNB_HUB_SSL_CERT=%r and GRADNB_HUB_SSL_KEY=%r: set both (the certificate and its key) or neither"
        % (CERT, KEY)
    )
if CERT:
    for _name, _path in (("GRADNB_HUB_SSL_CERT", CERT), ("GRADNB_HUB_SSL_KEY", KEY)):
        if not os.path.isfile(_path) or not os.access(_path, os.R_OK):
            _fail("%s=%s: no such readable file" % (_name, _path))
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(CERT, KEY)
    except (ssl.SSLError, OSError) as e:
        _fail(
            "GRADNB_HUB_SSL_CERT=%s and GRADNB_HUB_SSL_KEY=%s: not a PEM certificate and its matching key (%s)"
            % (CERT, KEY, e)
        )
    c.JupyterHub.ssl_cert = CERT
    c.JupyterHub.ssl_key = KEY
elif not _is_loopback(HOST) and not INSECURE:
    _fail(
        "refusing to serve log-ins over plain http on %s, an address other machines can reach: "
        "students' passwords would cross the network in clear text. Get a certificate first: "
        "`sudo make hub-cert HUB_ADDR=%s` makes a self-signed one for a class without a domain "
        "(`make hub` then uses it), or set GRADNB_HUB_SSL_CERT and GRADNB_HUB_SSL_KEY to yours "
        "(e.g. Let's Encrypt's fullchain.pem and privkey.pem). On a closed network you trust, "
        "HUB_INSECURE=1 (GRADNB_HUB_INSECURE=1) serves plain http anyway." % (ADDR, ADDR)
    )
SCHEME = "https" if CERT else "http"

os.makedirs(STATE, mode=0o700, exist_ok=True)
os.chmod(STATE, 0o700)

# Debian's configurable-http-proxy needs /usr/share/nodejs on NODE_PATH under
# a nodejs that is not Debian's own.
_np = os.environ.get("NODE_PATH", "")
if "/usr/share/nodejs" not in _np.split(":"):
    os.environ["NODE_PATH"] = ":".join(p for p in (_np, "/usr/share/nodejs") if p)

c.JupyterHub.bind_url = "%s://%s/" % (SCHEME, ADDR)
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = _parse_int("GRADNB_HUB_PORT", _env("GRADNB_HUB_PORT", "8081"), 1, 65535)
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%d" % _parse_int(
    "GRADNB_HUB_PROXY_API_PORT", _env("GRADNB_HUB_PROXY_API_PORT", "8001"), 1, 65535
)
c.JupyterHub.db_url = "sqlite:///" + os.path.join(STATE, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(STATE, "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = os.path.join(STATE, "proxy.pid")
c.JupyterHub.cleanup_servers = True


def _group_members(name):
    try:
        return set(grp.getgrnam(name).gr_mem)
    except KeyError:
        return None


# Authentication.
c.Authenticator.blocked_users = {"root"}
if TEST:
    _prefix = _env("GRADNB_HUB_TEST_PREFIX", "gradnbtest")
    if not re.fullmatch(r"[a-z_][a-z0-9_-]*", _prefix):
        _fail("GRADNB_HUB_TEST_PREFIX=%r: not the start of a Unix account name" % _prefix)
    _password = os.environ.get("GRADNB_HUB_TEST_PASSWORD", "")
    if not _password:
        _fail("GRADNB_HUB_TEST=1 needs GRADNB_HUB_TEST_PASSWORD")
    # The group only when asked for: the tests' accounts are in no group.
    _test_group = STUDENT_GROUP if "GRADNB_HUB_STUDENT_GROUP" in os.environ else None
    if _test_group and _group_members(_test_group) is None:
        _fail("GRADNB_HUB_STUDENT_GROUP=%s: there is no such Unix group" % _test_group)

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
            if _test_group and name not in (_group_members(_test_group) or ()):
                self.log.warning("gradnb: %s is not in the group %s", name, _test_group)
                return None
            return name

    c.JupyterHub.authenticator_class = TestAuthenticator
else:
    c.JupyterHub.authenticator_class = "jupyterhub.auth.PAMAuthenticator"
    if _group_members(STUDENT_GROUP) is None:
        _fail(
            "GRADNB_HUB_STUDENT_GROUP=%s: there is no such Unix group, so nobody could log in. "
            "`sudo make hub-students N=30` creates it with 30 student accounts "
            "(or: groupadd %s; usermod -aG %s <account>)" % (STUDENT_GROUP, STUDENT_GROUP, STUDENT_GROUP)
        )
    _allowed = {STUDENT_GROUP}
    if _group_members(TEACHER_GROUP) is None:
        if "GRADNB_HUB_TEACHER_GROUP" in os.environ:
            _fail("GRADNB_HUB_TEACHER_GROUP=%s: there is no such Unix group (groupadd %s)" % (TEACHER_GROUP, TEACHER_GROUP))
        print(
            "gradnb hub: WARNING: no Unix group %s, so the hub has no admins "
            "(groupadd %s; usermod -aG %s <your account>)" % (TEACHER_GROUP, TEACHER_GROUP, TEACHER_GROUP),
            flush=True,
        )
    else:
        _allowed.add(TEACHER_GROUP)
        c.PAMAuthenticator.admin_groups = {TEACHER_GROUP}
    # PAMAuthenticator reads the groups' member lists (supplementary groups:
    # useradd -G / usermod -aG), at every log-in.
    c.PAMAuthenticator.allowed_groups = _allowed

_token = os.environ.get("GRADNB_HUB_API_TOKEN", "")
if _token:
    if len(_token) < 8:
        _fail("GRADNB_HUB_API_TOKEN: want at least 8 characters (e.g. openssl rand -hex 32)")
    c.JupyterHub.services = [{"name": "gradnb-admin", "api_token": _token}]
    c.JupyterHub.load_roles = [
        {
            "name": "gradnb-admin",
            "scopes": ["admin:users", "admin:servers", "tokens", "access:servers", "list:users", "read:users"],
            "services": ["gradnb-admin"],
        }
    ]


def _write(path, value):
    with open(path, "w") as f:
        f.write(str(value))


def _cgroups(user, log):
    """Makes user's cgroups and returns their folders. Each limit that cannot
    be set is logged by name."""
    name = "gradnb-" + user
    root = "/sys/fs/cgroup"
    made = []
    if os.path.exists(os.path.join(root, "cgroup.controllers")):  # v2
        try:
            with open(os.path.join(root, "cgroup.subtree_control")) as f:
                have = f.read().split()
            for ctl in ("memory", "pids", "cpu"):
                if ctl not in have:
                    try:
                        _write(os.path.join(root, "cgroup.subtree_control"), "+" + ctl)
                    except OSError as e:
                        log.warning("gradnb: cgroup v2 controller %s not available: %s", ctl, e)
            d = os.path.join(root, name)
            os.makedirs(d, exist_ok=True)
            made.append(d)
        except OSError as e:
            log.warning("gradnb: no cgroup for %s: %s", user, e)
            return made
        settings = [("memory", "memory.max", CGROUP_LIMIT), ("memory", "memory.swap.max", 0),
                    ("pids", "pids.max", PIDS_LIMIT), ("cpu", "cpu.weight", 100)]
        if CPU_LIMIT:
            settings.append(("cpu", "cpu.max", "%d 100000" % int(CPU_LIMIT * 100000)))
        for what, f, v in settings:
            try:
                _write(os.path.join(d, f), v)
            except OSError as e:
                log.warning("gradnb: %s limit for %s not set (%s): %s", what, user, f, e)
        return made
    v1 = [("memory", [("memory.limit_in_bytes", CGROUP_LIMIT)]),
          ("pids", [("pids.max", PIDS_LIMIT)]),
          ("cpuacct", []),
          ("cpu", [("cpu.shares", 1024)] + ([("cpu.cfs_period_us", 100000), ("cpu.cfs_quota_us", int(CPU_LIMIT * 100000))] if CPU_LIMIT else []))]
    for ctl, files in v1:
        d = os.path.join(root, ctl, name)
        try:
            os.makedirs(d, exist_ok=True)
            for f, v in files:
                _write(os.path.join(d, f), v)
            made.append(d)
        except OSError as e:
            log.warning("gradnb: no %s cgroup for %s (%s): %s", ctl, user, d, e)
    return made


def _remove_cgroups(user):
    """Removes user's cgroups once they are empty (after the server stopped)."""
    name = "gradnb-" + user
    for d in [os.path.join("/sys/fs/cgroup", name)] + [os.path.join("/sys/fs/cgroup", ctl, name) for ctl in ("memory", "pids", "cpu", "cpuacct")]:
        try:
            os.rmdir(d)
        except OSError:
            pass


class _CPUWatch:
    """Every 5 s, each student's CPU use over the last CPU_DEMOTE seconds:
    0.9 core or more lowers their share to 1/32, under 0.5 core restores it."""

    def __init__(self):
        self.samples = {}  # user -> [(time, cpu seconds)]
        self.demoted = set()
        self.timer = None

    @staticmethod
    def _paths(user):
        name = "gradnb-" + user
        v2 = os.path.join("/sys/fs/cgroup", name)
        if os.path.exists(os.path.join(v2, "cpu.stat")):
            return os.path.join(v2, "cpu.stat"), os.path.join(v2, "cpu.weight"), 100
        return (os.path.join("/sys/fs/cgroup/cpuacct", name, "cpuacct.usage"),
                os.path.join("/sys/fs/cgroup/cpu", name, "cpu.shares"), 1024)

    @staticmethod
    def _usage(path):
        with open(path) as f:
            text = f.read()
        if path.endswith("cpu.stat"):
            return int(re.search(r"usage_usec (\d+)", text).group(1)) / 1e6
        return int(text) / 1e9

    def watch(self, user, log):
        self.log = log
        self.samples[user] = []
        if self.timer is None:
            from tornado.ioloop import PeriodicCallback

            self.timer = PeriodicCallback(self.tick, 5000)
            self.timer.start()

    def forget(self, user):
        self.samples.pop(user, None)
        self.demoted.discard(user)

    def tick(self):
        import time

        now = time.monotonic()
        for user, samples in list(self.samples.items()):
            usage_path, share_path, normal = self._paths(user)
            try:
                samples.append((now, self._usage(usage_path)))
            except (OSError, ValueError, AttributeError):
                continue
            while len(samples) > 2 and now - samples[1][0] >= CPU_DEMOTE:
                samples.pop(0)
            (t0, u0), (t1, u1) = samples[0], samples[-1]
            if t1 - t0 < CPU_DEMOTE - 2.5:
                continue
            cores = (u1 - u0) / (t1 - t0)
            try:
                if cores >= 0.9 and user not in self.demoted:
                    _write(share_path, max(1, normal // 32))
                    self.demoted.add(user)
                    self.log.info("gradnb: %s used %.2f cores over %d s: CPU share lowered to 1/32", user, cores, t1 - t0)
                elif cores < 0.5 and user in self.demoted:
                    _write(share_path, normal)
                    self.demoted.discard(user)
                    self.log.info("gradnb: %s used %.2f cores over %d s: CPU share restored", user, cores, t1 - t0)
            except OSError as e:
                self.log.warning("gradnb: could not change %s's CPU share: %s", user, e)


_cpu_watch = _CPUWatch()


class ClassSpawner(LocalProcessSpawner):
    """LocalProcessSpawner that puts each student's server in cgroups of its own."""

    async def stop(self, now=False):
        ret = await super().stop(now=now)
        _cpu_watch.forget(self.user.name)
        _remove_cgroups(self.user.name)
        return ret

    async def start(self):
        ret = await super().start()
        dirs = _cgroups(self.user.name, self.log)
        if not dirs:
            self.log.warning("gradnb: no cgroup for %s; only RLIMIT_AS and RLIMIT_NPROC limit its processes", self.user.name)
        for d in dirs:
            try:
                _write(os.path.join(d, "cgroup.procs"), self.pid)
                self.log.info("gradnb: %s's server (pid %d) in %s", self.user.name, self.pid, d)
            except OSError as e:
                self.log.warning("gradnb: could not put %s's server in %s: %s", self.user.name, d, e)
        if CPU_DEMOTE and dirs:
            _cpu_watch.watch(self.user.name, self.log)
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
# RLIMIT_NPROC counts every process and thread of the student's account.
c.Spawner.cmd = ["prlimit", "--as=%d" % AS_LIMIT, "--nproc=%d" % PIDS_LIMIT, "--", "jupyterhub-singleuser"]
c.Spawner.environment = {
    "JUPYTERHUB_SINGLEUSER_APP": "notebook.notebookapp.NotebookApp",
    "GOMEMLIMIT": str(MEM_LIMIT * 3 // 4),
}
_args = []
if CULL_KERNEL:
    _args += [
        "--MappingKernelManager.cull_idle_timeout=%d" % CULL_KERNEL,
        "--MappingKernelManager.cull_interval=%d" % max(1, min(60, CULL_KERNEL // 3)),
        "--MappingKernelManager.cull_busy=False",
        "--MappingKernelManager.cull_connected=True",
    ]
if CULL_SERVER:
    # The server checks once a minute.
    _args.append("--NotebookApp.shutdown_no_activity_timeout=%d" % CULL_SERVER)
c.Spawner.args = _args
c.Spawner.default_url = "/tree/notebooks"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
import runpy; runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "progress_config.py"), init_globals={"c": c})  # the teacher's progress page, /services/progress/ (issue 19)
