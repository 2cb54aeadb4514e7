#!/usr/bin/env bash
# A local stand-in for golang:1.26-bookworm, for machines that cannot pull
# from Docker Hub (ours): Debian bookworm from debootstrap (minbase), with
# ca-certificates and git, the machine's own Go (/usr/local/go, the version
# go.mod asks for) and the machine's CA bundle (without it the Go module
# proxy's certificate is not trusted inside the container), imported as
# one layer. `make image` runs it when no BASE is given and
# golang:1.26-bookworm cannot be pulled; the classroom Dockerfile takes it
# as its BASE build argument.
#
#   notebooks/classroom/image-base.sh [TAG]    (default gradnb-base:bookworm)
#
# Cached: does nothing when TAG exists and was made by this script with
# this Go (its label gradnb.base). Needs root, docker, debootstrap.
# Environment: DOCKER (default docker), GOROOT_HOST (default: the go on
# PATH's GOROOT), DEBIAN_MIRROR (default http://deb.debian.org/debian).
set -euo pipefail
TAG=${1:-gradnb-base:bookworm}
DOCKER=${DOCKER:-docker}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
log() { echo "image-base: $*"; }
die() { echo "image-base: $*" >&2; exit 1; }

GOROOT_HOST=${GOROOT_HOST:-$(go env GOROOT)}
[ -x "$GOROOT_HOST/bin/go" ] || die "no Go at $GOROOT_HOST"
key="$("$GOROOT_HOST/bin/go" env GOVERSION)-$(sha256sum <"$0" | cut -c1-16)"
if [ "$($DOCKER image inspect -f '{{index .Config.Labels "gradnb.base"}}' "$TAG" 2>/dev/null)" = "$key" ]; then
	log "$TAG is current ($key)"
	exit 0
fi
[ "$(id -u)" = 0 ] || die "must run as root (debootstrap)"
command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
CA=/etc/ssl/certs/ca-certificates.crt
[ -f "$CA" ] || die "$CA not found: the container would not trust the Go module proxy"

dir=$(mktemp -d /var/tmp/gradnb-base-XXXXXX)
trap 'rm -rf "$dir"' EXIT
start=$(date +%s)
log "debootstrap bookworm into $dir"
debootstrap --variant=minbase --include=ca-certificates,git bookworm "$dir" "$MIRROR" >"$dir.log" 2>&1 ||
	{ tail -20 "$dir.log" >&2; rm -f "$dir.log"; die "debootstrap failed"; }
rm -f "$dir.log"
# What golang:*-bookworm has: Go in /usr/local/go, GOPATH /go.
log "Go from $GOROOT_HOST ($("$GOROOT_HOST/bin/go" env GOVERSION))"
cp -a "$GOROOT_HOST" "$dir/usr/local/go"
# Go's own tests (test/, the testdata folders, *_test.go: 70 MB) are read
# only by tests of Go itself, never when building or checking a program.
rm -rf "$dir/usr/local/go/test"
find "$dir/usr/local/go/src" -type d -name testdata -prune -exec rm -rf {} +
find "$dir/usr/local/go/src" -type f -name '*_test.go' -delete
mkdir -p "$dir/go/bin" "$dir/go/src"
chmod 1777 "$dir/go"
cp "$CA" "$dir/etc/ssl/certs/ca-certificates.crt"
rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
# debootstrap's sources.list points at the mirror it used; keep it.
log "importing as $TAG"
tar -C "$dir" -c . | $DOCKER import \
	--change 'ENV GOLANG_VERSION='"$("$GOROOT_HOST/bin/go" env GOVERSION | sed 's/^go//')" \
	--change 'ENV GOPATH=/go' \
	--change 'ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
	--change 'WORKDIR /go' \
	--change 'CMD ["bash"]' \
	--change "LABEL gradnb.base=$key" \
	- "$TAG" >/dev/null
log "$TAG: $($DOCKER image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%.0f MB", $1/1e6}') in $(($(date +%s) - start)) s"
