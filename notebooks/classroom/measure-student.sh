#!/bin/bash
# Measure what a brand-new student costs (as root, after `make hub-install`).
# Each student is a new non-root Unix account with its own copy of the
# notebooks, running them through the system gonb kernel with
# `jupyter-nbconvert --execute` (no hub: the same kernel, the same caches).
#
#   measure-student.sh disk    one new account runs all five notebooks; per
#                              notebook: seconds, exit status, home size; then
#                              the home's biggest folders
#   measure-student.sh first   twice, interleaved under the same load: a new
#                              account's first run of notebook 01, then the
#                              installing account's (root's) warm run of it
#
# Environment: GRADNB_PREFIX (default /opt/gradnb), GRADNB_KERNEL_DATA_DIR
# (where install.sh put the kernel spec, if not the system one: it goes on
# JUPYTER_PATH), OUT (default /tmp/measure.out; appended to). Accounts are
# named gradnbmeasure…, removed at the end unless KEEP=1.
set -u
PREFIX=${GRADNB_PREFIX:-/opt/gradnb}
OUT=${OUT:-/tmp/measure.out}
JP=${GRADNB_KERNEL_DATA_DIR:+JUPYTER_PATH=$GRADNB_KERNEL_DATA_DIR}
[ "$(id -u)" = 0 ] || { echo "measure-student.sh: run as root" >&2; exit 1; }
[ -d "$PREFIX/src/notebooks" ] || { echo "measure-student.sh: $PREFIX is not installed" >&2; exit 1; }
say() { echo "$*" | tee -a "$OUT"; }
users=()
cleanup() { [ "${KEEP:-0}" = 1 ] || for u in "${users[@]}"; do userdel -r -f "$u" 2>/dev/null; done; }
trap cleanup EXIT

newuser() { # name
	userdel -r -f "$1" 2>/dev/null
	useradd -m -s /bin/sh "$1" && chmod 700 "/home/$1" || exit 1
	runuser -u "$1" -- sh -c "mkdir -p ~/notebooks && cp $PREFIX/src/notebooks/*.ipynb ~/notebooks/"
	users+=("$1")
}
# run USER NOTEBOOK: prints "<seconds> rc=<status>"; the log is /tmp/<user>-<notebook>.log
run() {
	local u=$1 nb=$2 home dir s e rc
	if [ "$u" = root ]; then home=/root dir=/tmp/gradnbmeasure-root; else home=/home/$u dir=/home/$u/notebooks; fi
	rm -f "/tmp/$u-out-$nb" # a previous account's output would make nbconvert fail at the end
	s=$(date +%s.%N)
	runuser -u "$u" -- env -i HOME="$home" PATH=/usr/bin:/bin $JP sh -c "cd $dir && jupyter-nbconvert --execute --to notebook --ExecutePreprocessor.kernel_name=gonb --ExecutePreprocessor.timeout=600 --output /tmp/$u-out-$nb $nb" >"/tmp/$u-$nb.log" 2>&1
	rc=$?
	e=$(date +%s.%N)
	printf '%.1f rc=%d' "$(echo "$e - $s" | bc)" "$rc"
}

case "${1:-}" in
disk)
	u=gradnbmeasure
	newuser $u
	say "== disk: $(date -u +%FT%TZ) prefix=$PREFIX load=$(cut -d' ' -f1-3 /proc/loadavg)"
	say "home_kb_before $(du -sk /home/$u | cut -f1)"
	for nb in $(cd "$PREFIX/src/notebooks" && ls [0-9]*.ipynb); do
		say "$nb $(run $u "$nb") home_kb=$(du -sk /home/$u | cut -f1)"
	done
	say "load=$(cut -d' ' -f1-3 /proc/loadavg)"
	(cd /home/$u && du -sk .[!.]* * 2>/dev/null | sort -rn | head -8) | sed 's/^/  /' | tee -a "$OUT"
	;;
first)
	mkdir -p /tmp/gradnbmeasure-root && cp "$PREFIX"/src/notebooks/*.ipynb /tmp/gradnbmeasure-root/
	say "== first vs warm: $(date -u +%FT%TZ) prefix=$PREFIX load=$(cut -d' ' -f1-3 /proc/loadavg)"
	say "root priming run (not counted): $(run root 01_gradient_descent.ipynb)"
	for i in 1 2; do
		newuser gradnbmeasure$i
		say "round $i: new account first run $(run gradnbmeasure$i 01_gradient_descent.ipynb)"
		say "round $i: installer (root) warm run $(run root 01_gradient_descent.ipynb)  load=$(cut -d' ' -f1-3 /proc/loadavg)"
	done
	;;
*)
	echo "usage: measure-student.sh disk|first" >&2
	exit 2
	;;
esac
