#!/usr/bin/env bash
# gradnb hub-cert: a self-signed TLS certificate for a class hub without a
# domain (`sudo make hub-cert HUB_ADDR=…`). Usage: cert.sh HOST:PORT
#
# Writes $GRADNB_ETC/hub.crt (mode 0644) and hub.key (0600, root's),
# default GRADNB_ETC=/etc/gradnb; `make hub` and `make hub-service` use them
# when they exist. The certificate names the address students type: HOST
# itself, or for 0.0.0.0 / :: / an empty host every global address of this
# machine and its host names. It prints the SHA-256 fingerprint students
# compare with the one their browser shows before they accept it.
#
# Idempotent: a certificate that already names every address is kept (the
# students accepted it once); one that lacks an address is replaced (the old
# pair is kept as hub.crt.old / hub.key.old).
set -euo pipefail
die() { echo "hub-cert: $*" >&2; exit 1; }
[ $# = 1 ] || die "usage: cert.sh HOST:PORT (e.g. 0.0.0.0:443 or 192.168.1.10:8000)"
[ "$(id -u)" = 0 ] || die "must run as root (the key is root's)"
command -v openssl >/dev/null || die "openssl is missing (apt-get install openssl)"
ETC=${GRADNB_ETC:-/etc/gradnb}
addr=$1
host=${addr%:*}
port=${addr##*:}
[ "$host" != "$addr" ] && [[ "$port" =~ ^[0-9]+$ ]] || die "HUB_ADDR=$addr: want host:port"
host=${host#[}
host=${host%]}

# The names and addresses the certificate must carry.
ips=() dns=()
isip() { [[ "$1" =~ ^[0-9.]+$ || "$1" == *:* ]]; }
case "$host" in
"" | 0.0.0.0 | ::)
	while read -r a; do ips+=("${a%/*}"); done < <(ip -o addr show scope global 2>/dev/null | awk '{print $4}')
	dns+=("$(hostname)")
	f=$(hostname -f 2>/dev/null || true)
	[ -n "$f" ] && [ "$f" != "$(hostname)" ] && dns+=("$f")
	;;
*) if isip "$host"; then ips+=("$host"); else dns+=("$host"); fi ;;
esac
ips+=(127.0.0.1) dns+=(localhost)
san=""
for a in "${ips[@]}"; do san="$san,IP:$a"; done
for d in "${dns[@]}"; do san="$san,DNS:$d"; done
san=${san#,}

crt=$ETC/hub.crt key=$ETC/hub.key
covers() {
	[ -f "$crt" ] && [ -f "$key" ] || return 1
	for a in "${ips[@]}"; do openssl x509 -in "$crt" -noout -checkip "$a" | grep -q 'does match' || return 1; done
	for d in "${dns[@]}"; do openssl x509 -in "$crt" -noout -checkhost "$d" | grep -q 'does match' || return 1; done
	openssl x509 -in "$crt" -noout -checkend 86400 >/dev/null || return 1
}
mkdir -p "$ETC"
chmod 755 "$ETC"
if covers; then
	echo "hub-cert: $crt already names every address ($san); kept"
else
	if [ -f "$crt" ]; then
		echo "hub-cert: $crt does not name every address ($san) or expires soon: replacing it (old pair: $crt.old, $key.old)"
		mv -f "$crt" "$crt.old"
		[ -f "$key" ] && mv -f "$key" "$key.old"
	fi
	umask 077
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
		-subj "/CN=${dns[0]} gradnb class hub" -addext "subjectAltName=$san" \
		-addext "extendedKeyUsage=serverAuth" -keyout "$key.new" -out "$crt.new" 2>/dev/null ||
		die "openssl could not make the certificate"
	chmod 600 "$key.new"
	chmod 644 "$crt.new"
	mv -f "$key.new" "$key"
	mv -f "$crt.new" "$crt"
	echo "hub-cert: wrote $crt and $key (self-signed, 825 days, for $san)"
fi
fp=$(openssl x509 -in "$crt" -noout -fingerprint -sha256 | cut -d= -f2)
shown=$host
case "$host" in "" | 0.0.0.0 | ::) shown=${ips[0]:-$(hostname)} ;; esac
isip "$shown" && [[ "$shown" == *:* ]] && shown="[$shown]"
cat <<MSG

Students open https://$shown:$port/ . Their browser warns that the
certificate is not trusted (nobody but this machine signed it). Once, each
student checks it is this hub's: the browser's certificate details (the
padlock or "Not secure" → certificate) show the SHA-256 fingerprint

    $fp

and it must be exactly this one. If it is, accept it (Chrome: Advanced →
Proceed; Firefox: Advanced → Accept the Risk and Continue). If it is not,
do not log in: someone else answers at that address. To avoid the warning
on machines you manage, install $crt there as a trusted certificate.

Start the hub: sudo make hub HUB_ADDR=$addr   (or make hub-service)
MSG
