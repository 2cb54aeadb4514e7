#!/usr/bin/env bash
# Install gradnb for every user of this machine: `make hub-install` and the
# classroom Dockerfile both run this script (as root, on Debian, with Go on
# PATH). It is idempotent: a second run changes nothing.
#
# What it installs (PREFIX, default /opt/gradnb, all root-owned, read-only
# for everybody else):
#   Debian packages  jupyterhub, node-configurable-http-proxy, jupyter-notebook,
#                    jupyter-nbconvert, python3-nbclient
#   PREFIX/src        a copy of this module (the library the notebooks import,
#                    and the notebooks handed out to students)
#   PREFIX/bin        gonb, gopls, goimports (versions from go.mod's tool
#                    directives) and gocacheprog (notebooks/cmd/gocacheprog),
#                    built without cgo (see the hub's limits), and
#                    gradnb-handout (notebooks/classroom/handout.sh, the
#                    hand-out the hub, the image and Zero to JupyterHub run)
#   PREFIX/gomodcache the Go module cache, pre-filled: kernels never download
#   PREFIX/gocache    the warm build cache, read through gocacheprog; each
#                    student writes only to ~/.cache/gradnb/go-build, kept
#                    under 12 MB (least recently used entries go first)
#   PREFIX/fuzzcache  the kernels' GOCACHE: empty (with GOCACHEPROG the go
#                    command uses it only for fuzzing), so no home gets one
#   PREFIX/usercache  the kernels' XDG_CACHE_HOME: gopls's cache and
#                    goimports' module index, filled here, read-only for
#                    students (nothing student-writable is shared)
#   /usr/local/share/jupyter/kernels/gonb   the kernel spec for every user
#                    (GOPROXY=off, GOSUMDB=off, GOTOOLCHAIN=local, GRADNB_ROOT,
#                    GOFLAGS=-ldflags=-s, GOCACHEPROG, and a go.work using
#                    PREFIX/src from each kernel's start)
#
# Environment: GRADNB_PREFIX (default /opt/gradnb); GRADNB_KERNEL_DATA_DIR
# (default /usr/local/share/jupyter: every user's Jupyter; another folder
# serves only a Jupyter started with it on JUPYTER_PATH, e.g. to try a second
# installation beside a class that is using the first).
set -euo pipefail

PREFIX=${GRADNB_PREFIX:-/opt/gradnb}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
log() { echo "hub-install: $*"; }
die() { echo "hub-install: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (it installs Debian packages and $PREFIX)"
[ -f /etc/debian_version ] || die "needs Debian or Ubuntu (apt-get)"
command -v go >/dev/null || die "the go command is not on PATH"
[ -f "$SRC/go.mod" ] || die "$SRC/go.mod not found: run from the gradnb checkout"
case "$PREFIX" in /*) ;; *) die "GRADNB_PREFIX=$PREFIX must be an absolute path" ;; esac
umask 022

# 1. Debian packages.
PKGS="jupyterhub node-configurable-http-proxy jupyter-notebook jupyter-nbconvert python3-nbclient util-linux passwd"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	log "installing Debian packages:$missing"
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
else
	log "Debian packages: present"
fi
# Debian's jupyterhub package enables its own jupyterhub.service (as root,
# Restart=always, /etc/jupyterhub's configuration): on a machine running
# systemd that is a second, unconfigured hub beside ours. Stop and disable
# it (our hub is `make hub` or `make hub-service`'s gradnb-hub.service).
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
	if systemctl is-enabled --quiet jupyterhub.service 2>/dev/null || systemctl is-active --quiet jupyterhub.service 2>/dev/null; then
		log "stopping and disabling Debian's jupyterhub.service (a second hub with Debian's configuration)"
		systemctl disable --now jupyterhub.service
	fi
fi
# Debian's configurable-http-proxy needs its modules from /usr/share/nodejs,
# which a nodejs not built by Debian does not search.
NODE_PATH=/usr/share/nodejs configurable-http-proxy --version >/dev/null 2>&1 ||
	die "configurable-http-proxy does not start (tried with NODE_PATH=/usr/share/nodejs)"

# 2. The library source: a copy of this module, replaced only when it differs.
mkdir -p "$PREFIX"
chmod 755 "$PREFIX"
stage=$(mktemp -d "$PREFIX/.src-XXXXXX")
trap 'rm -rf "$stage"' EXIT
tar -C "$SRC" --exclude=./.git --exclude=./bin --exclude=./build --exclude=./.ci --exclude='*.test' -cf - . | tar -C "$stage" -xf -
chmod -R a+rX,go-w "$stage"
if [ -d "$PREFIX/src" ] && diff -rq "$stage" "$PREFIX/src" >/dev/null 2>&1; then
	log "source: $PREFIX/src is current"
	rm -rf "$stage"
else
	log "source: copying the module to $PREFIX/src"
	rm -rf "$PREFIX/src.old"
	[ -d "$PREFIX/src" ] && mv "$PREFIX/src" "$PREFIX/src.old"
	mv "$stage" "$PREFIX/src"
	rm -rf "$PREFIX/src.old"
fi
trap - EXIT

# The installer's Go environment: the shared module cache, filled from the
# installing account's cache first (offline when it has everything).
export GOMODCACHE="$PREFIX/gomodcache"
export GOTOOLCHAIN=local
userproxy=$(env -u GOMODCACHE go env GOPROXY)
usercache=$(env -u GOMODCACHE go env GOMODCACHE)
export GOPROXY="file://$usercache/cache/download,$userproxy"
[ "$userproxy" = off ] && export GOPROXY="file://$usercache/cache/download"
stamp="$(cat "$PREFIX/src/go.mod" "$PREFIX/src/go.sum" | sha256sum | cut -c1-16)-$(go env GOVERSION)-nocgo"

# 3. Module cache and tools, redone only when go.mod, go.sum or Go change.
if [ "$(cat "$PREFIX/.stamp-modules" 2>/dev/null)" != "$stamp" ]; then
	log "module cache: filling $GOMODCACHE"
	(cd "$PREFIX/src" && go mod download all)
	log "tools: building gonb, gopls, goimports, gocacheprog into $PREFIX/bin"
	mkdir -p "$PREFIX/bin"
	# Without cgo: every cgo thread's 8 MB stack counts against the hub's
	# per-process RLIMIT_AS, and a failed pthread_create kills the kernel.
	(cd "$PREFIX/src" && CGO_ENABLED=0 go build -o "$PREFIX/bin/" github.com/janpfeifer/gonb golang.org/x/tools/gopls golang.org/x/tools/cmd/goimports ./notebooks/cmd/gocacheprog)
	chmod -R a+rX,go-w "$GOMODCACHE" "$PREFIX/bin"
	echo "$stamp" >"$PREFIX/.stamp-modules"
else
	log "module cache and tools: current"
fi
if [ ! -x "$PREFIX/bin/gocacheprog" ] || [ "$PREFIX/src/notebooks/cmd/gocacheprog/main.go" -nt "$PREFIX/bin/gocacheprog" ]; then
	(cd "$PREFIX/src" && CGO_ENABLED=0 go build -o "$PREFIX/bin/gocacheprog" ./notebooks/cmd/gocacheprog)
fi
cmp -s "$PREFIX/src/notebooks/classroom/handout.sh" "$PREFIX/bin/gradnb-handout" ||
	install -m 755 "$PREFIX/src/notebooks/classroom/handout.sh" "$PREFIX/bin/gradnb-handout"

# 4. The kernel spec for every user.
# A warm cache in the old layout (256 sub-folders) is rebuilt flat.
[ -d "$PREFIX/gocache/a/00" ] && rm -rf "$PREFIX/gocache"
mkdir -p "$PREFIX/gocache" "$PREFIX/usercache"
chmod 755 "$PREFIX/gocache" "$PREFIX/usercache"
# The go command creates GOCACHE's 256 folders and README when they are
# missing; made here once, root's, they are only ever read.
for i in $(seq 0 255); do printf '%s/fuzzcache/%02x\n' "$PREFIX" "$i"; done | xargs mkdir -p
[ -f "$PREFIX/fuzzcache/README" ] || echo "The gonb kernel's GOCACHE: with GOCACHEPROG set, go uses it only for fuzzing." >"$PREFIX/fuzzcache/README"
chmod -R a+rX,go-w "$PREFIX/fuzzcache"
(cd "$PREFIX/src" && GOPROXY=off go run ./notebooks/cmd/nbrun -system-kernel "$PREFIX" -kernel-data-dir "${GRADNB_KERNEL_DATA_DIR:-/usr/local/share/jupyter}")

# 5. The warm build cache: the library and everything it imports, compiled
# with the kernel's own settings (its kernel.json's env, read back: one
# source for GOFLAGS, CGO_ENABLED and the rest), written by root through
# gocacheprog.
spec="${GRADNB_KERNEL_DATA_DIR:-/usr/local/share/jupyter}/kernels/gonb/kernel.json"
mapfile -t KENV < <(python3 -c 'import json, sys
for k, v in json.load(open(sys.argv[1]))["env"].items():
    print(k + "=" + v)' "$spec") || die "cannot read the kernel environment from $spec"
[ "${#KENV[@]}" -gt 0 ] || die "$spec has no env"
# kenv DIR RW CMD...: CMD in DIR with exactly the kernel's environment, the
# warm cache read-only and RW as the writable layer (the warm cache itself
# when RW is it).
kenv() {
	local dir=$1 rw=$2
	shift 2
	local prog="$PREFIX/bin/gocacheprog -ro $PREFIX/gocache -rw $rw"
	[ "$rw" = "$PREFIX/gocache" ] && prog="$PREFIX/bin/gocacheprog -rw $rw"
	(cd "$dir" && env -i HOME=/root "${KENV[@]}" GOCACHEPROG="$prog" "$@")
}
log "build cache: warming $PREFIX/gocache"
kenv "$PREFIX/src" "$PREFIX/gocache" go build ./pkg/... ./kernelhelpers/...
chmod -R a+rX,go-w "$PREFIX/gocache"

# 6. The shared gopls cache and goimports module index (XDG_CACHE_HOME of
# every kernel), filled by running both as root on a cell-like program that
# imports what the notebooks import, with the kernel's environment. gopls
# stops if its cache folder for this gopls binary is missing, and a student
# cannot create it: this step always runs, so a rebuilt gopls gets its own.
log "gopls and goimports caches: filling $PREFIX/usercache"
cell=$(mktemp -d)
trap 'rm -rf "$cell"' EXIT
printf 'module gonb_prewarm\n\ngo %s\n' "$(cd "$PREFIX/src" && go list -m -f '{{.GoVersion}}')" >"$cell/go.mod"
printf 'go %s\n\nuse (\n\t.\n\t%s\n)\n' "$(cd "$PREFIX/src" && go list -m -f '{{.GoVersion}}')" "$PREFIX/src" >"$cell/go.work"
cat >"$cell/main.go" <<'GO'
package main

import (
	_ "github.com/gradnb/gradnb/kernelhelpers"
	_ "github.com/gradnb/gradnb/pkg/exercise"
	_ "github.com/gradnb/gradnb/pkg/figure"
	_ "github.com/gradnb/gradnb/pkg/linesearch"
	_ "github.com/gradnb/gradnb/pkg/objective"
	_ "github.com/gradnb/gradnb/pkg/optim"
	_ "gonum.org/v1/gonum/diff/fd"
	_ "gonum.org/v1/plot"
	_ "gonum.org/v1/plot/vg"
)

func main() { _ = mat.NewDense(1, 1, nil); fmt.Println() }
GO
kenv "$cell" "$cell/go-build" "$PREFIX/bin/goimports" -w main.go || die "goimports failed on the warm-up program"
grep -q '"gonum.org/v1/gonum/mat"' "$cell/main.go" || die "goimports did not resolve mat.NewDense from the module cache"
kenv "$cell" "$cell/go-build" "$PREFIX/bin/gopls" check main.go >/dev/null 2>&1 || true # diagnostics are not the point; the cache is
ls "$PREFIX/usercache/gopls/"*/ >/dev/null 2>&1 || die "gopls wrote no cache into $PREFIX/usercache/gopls"
rm -rf "$cell"
trap - EXIT
chmod -R a+rX,go-w "$PREFIX/usercache"
log "done: $PREFIX ($(du -sh "$PREFIX" | cut -f1))"
