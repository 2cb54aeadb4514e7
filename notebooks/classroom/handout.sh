#!/bin/sh
# gradnb-handout: give the learner running it their own copy of every
# notebook of the installation that they do not have yet, in
# $HOME/notebooks. A notebook already there — edited or not — is never
# overwritten; a notebook new in the installation is added; a deleted
# notebooks folder comes back.
#
# install.sh installs this file as $GRADNB_PREFIX/bin/gradnb-handout. It is
# the one hand-out of every set-up: the hub's spawn hook runs it as the
# student at each login (notebooks/classroom/jupyterhub_config.py), the
# image's CMD runs it before Jupyter starts, and the Zero to JupyterHub
# values run it as the single-user server's postStart hook.
#
# Environment: HOME; GRADNB_PREFIX (default /opt/gradnb). Exits non-zero
# with a message naming the notebook when a copy fails (e.g. a full disk);
# a half-written copy is removed, so the next run copies it again.
set -eu
from="${GRADNB_PREFIX:-/opt/gradnb}/src/notebooks"
to="$HOME/notebooks"
[ -d "$from" ] || { echo "gradnb-handout: $from not found (is gradnb installed?)" >&2; exit 1; }
mkdir -p "$to"
for f in "$from"/*.ipynb; do
	[ -e "$f" ] || continue
	dst="$to/${f##*/}"
	[ -e "$dst" ] && continue
	if ! cp "$f" "$dst.part.$$" || ! mv "$dst.part.$$" "$dst"; then
		rm -f "$dst.part.$$"
		echo "gradnb-handout: could not copy ${f##*/} into $to" >&2
		exit 1
	fi
done
