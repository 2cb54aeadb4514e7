#!/usr/bin/env bash
# gradnb hub-service: the class hub as a systemd service that survives the
# teacher's logout and a reboot (`sudo make hub-service`, after `make
# hub-install`).
#
# Writes $GRADNB_ETC/hub.env (default /etc/gradnb; root's, 0600) with every
# hub variable of jupyterhub_config.py that is set in this environment
# (`make hub-service` passes the same ones as `make hub`: HUB_ADDR, the
# certificate, HUB_INSECURE, and any GRADNB_… limit or culling variable you
# export), and the unit gradnb-hub.service (from gradnb-hub.service here)
# into $GRADNB_SYSTEMD_DIR (default /etc/systemd/system). Where systemd runs,
# it then enables and (re)starts the service; elsewhere it says how to start
# the same command by hand. Run it again after changing a variable.
set -euo pipefail
die() { echo "hub-service: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${GRADNB_PREFIX:-/opt/gradnb}
ETC=${GRADNB_ETC:-/etc/gradnb}
UNITDIR=${GRADNB_SYSTEMD_DIR:-/etc/systemd/system}
STATE=${GRADNB_HUB_STATE:-/var/lib/gradnb-hub}
[ -f "$PREFIX/src/notebooks/classroom/jupyterhub_config.py" ] || die "$PREFIX is not installed: run make hub-install first"
jh=$(command -v jupyterhub) || die "jupyterhub is not on PATH: run make hub-install first"

# Check the configuration with these values before installing anything: a
# bad value must not become a service that fails at every restart.
vars="GRADNB_HUB_ADDR GRADNB_HUB_SSL_CERT GRADNB_HUB_SSL_KEY GRADNB_HUB_INSECURE
GRADNB_HUB_STUDENT_GROUP GRADNB_HUB_TEACHER_GROUP GRADNB_MEM_LIMIT GRADNB_PIDS_LIMIT
GRADNB_CPU_LIMIT GRADNB_CPU_DEMOTE GRADNB_CULL_KERNEL GRADNB_CULL_SERVER GRADNB_HUB_STATE GRADNB_PREFIX
GRADNB_HUB_PORT GRADNB_HUB_PROXY_API_PORT GRADNB_HUB_API_TOKEN"
envfile=$(mktemp)
trap 'rm -f "$envfile"' EXIT
echo "# The gradnb hub's environment, written by make hub-service (notebooks/classroom/service.sh)." >"$envfile"
safe='^[][A-Za-z0-9_.,:/@%+=-]+$'
for v in $vars; do
	val=${!v:-}
	[ -n "$val" ] || continue
	[[ "$val" =~ $safe ]] || die "$v=$val: characters a systemd EnvironmentFile would misread"
	echo "$v=$val" >>"$envfile"
done
(cd / && env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin $(grep -v '^#' "$envfile") \
	python3 -c 'import sys; from traitlets.config import Config; get_config = Config; exec(open(sys.argv[1]).read(), {"get_config": get_config, "__file__": sys.argv[1]})' \
	"$PREFIX/src/notebooks/classroom/jupyterhub_config.py") || die "the hub would not start with these values (above); nothing installed"

mkdir -p "$ETC" "$UNITDIR" "$STATE"
chmod 755 "$ETC"
chmod 700 "$STATE"
install -m 600 "$envfile" "$ETC/hub.env"
sed -e "s|@PREFIX@|$PREFIX|g" -e "s|@ETC@|$ETC|g" -e "s|@STATE@|$STATE|g" -e "s|@JUPYTERHUB@|$jh|g" \
	"$HERE/gradnb-hub.service" >"$UNITDIR/gradnb-hub.service"
chmod 644 "$UNITDIR/gradnb-hub.service"
echo "hub-service: wrote $UNITDIR/gradnb-hub.service and $ETC/hub.env:"
sed 's/^GRADNB_HUB_API_TOKEN=.*/GRADNB_HUB_API_TOKEN=…/; s/^/    /' "$ETC/hub.env"
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
	systemctl daemon-reload
	systemctl enable gradnb-hub.service
	systemctl restart gradnb-hub.service
	sleep 2
	systemctl --no-pager status gradnb-hub.service | head -5 || true
	echo "hub-service: running; it restarts on failure and after a reboot. Log: journalctl -u gradnb-hub -f; stop: systemctl disable --now gradnb-hub"
else
	echo "hub-service: systemd is not running on this machine: nothing started. The service's command, by hand:"
	echo "    cd $STATE && env \$(grep -v '^#' $ETC/hub.env) $jh -f $PREFIX/src/notebooks/classroom/jupyterhub_config.py"
fi
