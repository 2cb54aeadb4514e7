#!/bin/sh
# Trim the classroom image: the Dockerfile runs this as root right after
# install.sh, in the same RUN (a later layer would only hide the files).
# What goes, none of it read at run time:
#   - the module cache's zips: kernels never download or verify a module
#     (GOPROXY=off) and build from the extracted folders. go get still reads
#     every .mod, .info, .ziphash and list file: they all stay;
#   - the extracted source of modules no package of the library (with its
#     tests) or of gonb's gonbui imports: `go mod download all` extracts
#     every module of the build list, the tools' own dependencies (gopls,
#     staticcheck, the browser test's) included, but the tools are built
#     already; a cell importing such a module fails with GOPROXY=off's
#     message, as it would for any module the cache never had;
#   - apt's downloaded packages and lists, Debian's documentation (the
#     copyright files stay), man and info pages, message translations.
# TestImage (image_test.go) runs notebook 01 in the trimmed image with no
# network and compares every output with the committed one.
#
# Environment: GRADNB_PREFIX (default /opt/gradnb).
set -eu
PREFIX=${GRADNB_PREFIX:-/opt/gradnb}
MODC=$PREFIX/gomodcache
log() { echo "image-trim: $*"; }
size() { du -sm "$@" 2>/dev/null | awk '{s += $1} END {print s + 0}'; }
[ -d "$MODC/cache/download" ] || { echo "image-trim: $MODC is not a module cache (run install.sh first)" >&2; exit 1; }

before=$(size "$PREFIX" /usr/share /var/cache /var/lib/apt)

# The modules whose source a cell, gopls or goimports can need, as
# escaped cache folder names (an upper-case letter is ! and its lower case).
keep=$(mktemp)
(cd "$PREFIX/src" && env GOMODCACHE="$MODC" GOPROXY=off GOSUMDB=off GOTOOLCHAIN=local GOWORK=off GOFLAGS= \
	go list -deps -test -f '{{with .Module}}{{if .Version}}{{.Path}}@{{.Version}}{{end}}{{end}}' \
	./... github.com/janpfeifer/gonb/gonbui/...) | sort -u | sed 's/[A-Z]/!\L&/g' >"$keep"
[ -s "$keep" ] && grep -q '^gonum.org/v1/gonum@' "$keep" && grep -q '^github.com/janpfeifer/gonb@' "$keep" ||
	{ echo "image-trim: go list found no modules to keep" >&2; exit 1; }
removed=0
for dir in $(cd "$MODC" && find . -path ./cache -prune -o -type d -name '*@*' -prune -print | sed 's|^\./||'); do
	if ! grep -qxF "$dir" "$keep"; then
		rm -rf "${MODC:?}/$dir"
		removed=$((removed + 1))
	fi
done
rm -f "$keep"
# Folders the removals left empty.
find "$MODC" -mindepth 1 -depth -type d -empty ! -path "$MODC/cache/*" -delete
find "$MODC/cache/download" -name '*.zip' -type f -delete
log "module cache: kept the source of $(cd "$MODC" && find . -path ./cache -prune -o -type d -name '*@*' -prune -print | wc -l) modules, removed $removed and every zip"

rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/apt/archives/*.deb /var/cache/debconf/*-old
find /usr/share/doc -mindepth 1 ! -type d ! -name copyright -delete
find /usr/share/doc -mindepth 1 -type d -empty -delete
rm -rf /usr/share/man/* /usr/share/info/* /usr/share/locale/*

after=$(size "$PREFIX" /usr/share /var/cache /var/lib/apt)
log "$PREFIX, /usr/share, /var/cache, /var/lib/apt: $before MB -> $after MB"
