# The teacher's progress page (issue 19), loaded by the last line of
# jupyterhub_config.py: a JupyterHub service at /services/progress/ that the
# hub starts (notebooks/classroom/progress/service.py) and stops with itself.
#
# Only admins (the teachers) may open it: it accepts JupyterHub's OAuth with
# the scope access:services!service=progress, which the admin role holds and
# the user role does not; a student gets 403. It runs as the hub's user
# (root) to read each class-group member's ~/.local/share/gradnb/checks.jsonl,
# read only. It is not listed in the hub's Services menu (students would see
# it there); the teacher opens http://<hub>/services/progress/.
#
# Environment (optional):
#   GRADNB_HUB_STUDENT_GROUP   the class's Unix group (default gradnb-students)
#   GRADNB_HUB_PROGRESS_PORT   the service's port on 127.0.0.1, behind the
#                              proxy (default: a free port chosen at start)
import os
import socket
import sys

c = globals()["c"]  # the hub's configuration, passed in by jupyterhub_config.py

_here = os.path.dirname(os.path.abspath(__file__))
_port = int(os.environ.get("GRADNB_HUB_PROGRESS_PORT") or 0)
if not _port:
    with socket.socket() as _s:
        _s.bind(("127.0.0.1", 0))
        _port = _s.getsockname()[1]

c.JupyterHub.services.append(
    {
        "name": "progress",
        "url": "http://127.0.0.1:%d" % _port,
        "command": [sys.executable, os.path.join(_here, "progress", "service.py")],
        "environment": {
            "GRADNB_PREFIX": os.environ.get("GRADNB_PREFIX", "/opt/gradnb"),
            "GRADNB_HUB_STUDENT_GROUP": os.environ.get("GRADNB_HUB_STUDENT_GROUP") or "gradnb-students",
            "PYTHONDONTWRITEBYTECODE": "1",
        },
        "cwd": "/",
        "oauth_no_confirm": True,
        "display": False,
    }
)
