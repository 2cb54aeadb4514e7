package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// usage is what one account's live processes use.
type usage struct {
	rss      uint64 // resident memory, bytes
	cpuTicks uint64 // utime+stime+cutime+cstime, clock ticks
}

// clockTicks is USER_HZ, which Linux fixes at 100 on every architecture
// that matters here.
const clockTicks = 100

// parseStatLine reads utime, stime, cutime and cstime (fields 14–17) from
// a /proc/[pid]/stat line. The command name (field 2) may hold spaces and
// parentheses, so fields are counted after its last ')'.
func parseStatLine(line string) (uint64, error) {
	i := strings.LastIndexByte(line, ')')
	if i < 0 {
		return 0, fmt.Errorf("hubload: malformed stat line %q", clip(line))
	}
	f := strings.Fields(line[i+1:])
	// f[0] is field 3 (state); fields 14..17 are f[11..14].
	if len(f) < 15 {
		return 0, fmt.Errorf("hubload: short stat line %q", clip(line))
	}
	var sum uint64
	for _, s := range f[11:15] {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("hubload: bad stat field %q", s)
		}
		if v > 0 {
			sum += uint64(v)
		}
	}
	return sum, nil
}

// parseStatus reads the real uid and VmRSS (bytes) from /proc/[pid]/status.
func parseStatus(text string) (uid int, rss uint64, ok bool) {
	uid = -1
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		switch f[0] {
		case "Uid:":
			uid, _ = strconv.Atoi(f[1])
		case "VmRSS:":
			kb, _ := strconv.ParseUint(f[1], 10, 64)
			rss = kb * 1024
		}
	}
	return uid, rss, uid >= 0
}

// usageByUID sums the usage of the live processes of each uid in uids.
func usageByUID(uids map[int]bool) map[int]usage {
	out := map[int]usage{}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		st, err := os.ReadFile(filepath.Join(d, "status"))
		if err != nil {
			continue
		}
		uid, rss, ok := parseStatus(string(st))
		if !ok || !uids[uid] {
			continue
		}
		line, err := os.ReadFile(filepath.Join(d, "stat"))
		if err != nil {
			continue
		}
		ticks, err := parseStatLine(string(line))
		if err != nil {
			continue
		}
		u := out[uid]
		u.rss += rss
		u.cpuTicks += ticks
		out[uid] = u
	}
	return out
}
