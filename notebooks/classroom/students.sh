#!/usr/bin/env bash
# gradnb hub-students: the class's Unix accounts.
#
#   students.sh add N [PREFIX]     accounts PREFIX01…PREFIXNN (default s01…),
#                                  members of the student group
#   students.sh remove [PREFIX]    removes them again, with their homes
#
# `sudo make hub-students N=30 [PREFIX=s]` and `sudo make
# hub-students-remove [PREFIX=s]` run it. add creates the groups
# GRADNB_HUB_STUDENT_GROUP (default gradnb-students: only its members log in
# to the hub) and GRADNB_HUB_TEACHER_GROUP (default gradnb-teachers: the
# hub's admins; add yourself with `usermod -aG gradnb-teachers <you>`), then
# each missing account with a home, a random password and the student
# group, and appends its name and password to the CSV for the teacher,
# $GRADNB_ETC/students-PREFIX.csv (default GRADNB_ETC=/etc/gradnb; mode
# 0600, root's; columns user,password). Running it again changes nothing:
# existing accounts keep their passwords (and are put in the group if they
# are not), the CSV keeps its lines; a larger N adds the missing accounts.
# remove deletes only accounts named PREFIX<digits> that are in the student
# group (their processes are stopped first), then the CSV.
set -euo pipefail
die() { echo "hub-students: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (it creates Unix accounts)"
ETC=${GRADNB_ETC:-/etc/gradnb}
SG=${GRADNB_HUB_STUDENT_GROUP:-gradnb-students}
TG=${GRADNB_HUB_TEACHER_GROUP:-gradnb-teachers}
namere='^[a-z_][a-z0-9_-]*$'
[[ "$SG" =~ $namere ]] || die "GRADNB_HUB_STUDENT_GROUP=$SG: not a Unix group name"
[[ "$TG" =~ $namere ]] || die "GRADNB_HUB_TEACHER_GROUP=$TG: not a Unix group name"
cmd=${1:-}
case "$cmd" in
add)
	n=${2:-}
	prefix=${3:-s}
	[[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le 999 ] || die "N=$n: want the number of students, 1 to 999 (make hub-students N=30)"
	;;
remove) prefix=${2:-s} ;;
*) die "usage: students.sh add N [PREFIX] | remove [PREFIX]" ;;
esac
[[ "$prefix" =~ $namere ]] && [ ${#prefix} -le 20 ] || die "PREFIX=$prefix: want the start of a Unix account name (lower-case letters, digits, - or _)"
csv=$ETC/students-$prefix.csv

members() { getent group "$1" | cut -d: -f4 | tr ',' '\n'; }

if [ "$cmd" = remove ]; then
	removed=0
	getent group "$SG" >/dev/null || { echo "hub-students: no group $SG: nothing to remove"; exit 0; }
	for u in $(members "$SG"); do
		[[ "$u" =~ ^"$prefix"[0-9]+$ ]] || continue
		uid=$(id -u "$u" 2>/dev/null) || continue
		[ "$uid" -ge 1000 ] || { echo "hub-students: $u has uid $uid (a system account): left alone" >&2; continue; }
		pkill -KILL -U "$uid" 2>/dev/null || true
		sleep 0.2
		userdel -r "$u" 2>/dev/null || userdel -r -f "$u" || die "userdel $u failed"
		removed=$((removed + 1))
	done
	rm -f "$csv"
	echo "hub-students: removed $removed accounts $prefix<digits> of $SG and $csv"
	exit 0
fi

groupadd -f "$SG"
groupadd -f "$TG"
mkdir -p "$ETC"
chmod 755 "$ETC"
umask 077
[ -f "$csv" ] || echo "user,password" >"$csv"
chown root:root "$csv"
chmod 600 "$csv"
width=${#n}
[ "$width" -ge 2 ] || width=2
new=0 kept=0
for i in $(seq 1 "$n"); do
	u=$(printf '%s%0*d' "$prefix" "$width" "$i")
	if id "$u" >/dev/null 2>&1; then
		uid=$(id -u "$u")
		[ "$uid" -ge 1000 ] || die "$u exists with uid $uid (a system account): choose another PREFIX"
		members "$SG" | grep -qx "$u" || usermod -aG "$SG" "$u"
		grep -q "^$u," "$csv" || echo "hub-students: $u existed already; its password is unchanged and not in $csv"
		kept=$((kept + 1))
		continue
	fi
	pw=$(set +o pipefail; LC_ALL=C tr -dc 'abcdefghijkmnpqrstuvwxyz23456789' </dev/urandom | head -c 12)
	[ ${#pw} = 12 ] || die 'could not make a password'
	useradd --create-home --shell /bin/bash --groups "$SG" --comment "gradnb student" "$u"
	echo "$u:$pw" | chpasswd
	echo "$u,$pw" >>"$csv"
	new=$((new + 1))
done
echo "hub-students: $n accounts ${prefix}$(printf '%0*d' "$width" 1)…${prefix}$(printf '%0*d' "$width" "$n") in group $SG ($new new, $kept already there); the new ones' passwords are in $csv (root's, mode 0600)"
echo "hub-students: teachers log in as admins after: usermod -aG $TG <account>"
