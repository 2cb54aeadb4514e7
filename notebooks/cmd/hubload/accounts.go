package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// accountComment marks the Unix accounts hubload makes, followed by the
// process id of the run that made them, so that accounts left by a killed
// run (kill -9) are found and removed by the next, and a run going on at the
// same time keeps its own.
const accountComment = "gradnb hubload test account"

// ownComment is the comment of the accounts this process makes.
func ownComment() string { return fmt.Sprintf("%s pid %d", accountComment, os.Getpid()) }

// staleComment reports whether an account comment was written by a hubload
// run whose process no longer exists.
func staleComment(comment string) bool {
	rest, ok := strings.CutPrefix(comment, accountComment+" pid ")
	if !ok {
		return comment == accountComment
	}
	pid, err := strconv.Atoi(rest)
	if err != nil || pid <= 0 {
		return true
	}
	return syscall.Kill(pid, 0) == syscall.ESRCH
}

// createAccount makes a real Unix account with a home and sets its password.
// groups, if not empty, is a comma-separated list of supplementary groups.
func createAccount(name, password, groups string) error {
	args := []string{"--create-home", "--shell", "/bin/bash", "--comment", ownComment()}
	if groups != "" {
		args = append(args, "--groups", groups)
	}
	out, err := exec.Command("useradd", append(args, name)...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("useradd %s: %v: %s", name, err, strings.TrimSpace(string(out)))
	}
	cmd := exec.Command("chpasswd")
	cmd.Stdin = strings.NewReader(name + ":" + password + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("chpasswd %s: %v: %s", name, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// removeAccount kills what still runs as the account (its server, kernels,
// gopls — all started by this run), then deletes the account and its home.
func removeAccount(name string) error {
	uid, err := lookupUID(name)
	if err != nil {
		return err
	}
	if uid < 1000 {
		return fmt.Errorf("hubload: refusing to remove %s: uid %d is a system account", name, uid)
	}
	for i := 0; i < 3; i++ {
		if killUID(uid) == 0 {
			break
		}
		time.Sleep(300 * time.Millisecond)
	}
	out, err := exec.Command("userdel", "--remove", name).CombinedOutput()
	if err != nil {
		return fmt.Errorf("userdel %s: %v: %s", name, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// killUID sends SIGKILL to every process whose real uid is uid and returns
// how many it found.
func killUID(uid int) int {
	dirs, _ := filepath.Glob("/proc/[0-9]*/status")
	n := 0
	for _, st := range dirs {
		data, err := os.ReadFile(st)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			f := strings.Fields(line)
			if len(f) >= 2 && f[0] == "Uid:" {
				if u, _ := strconv.Atoi(f[1]); u == uid {
					pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(st)))
					if syscall.Kill(pid, syscall.SIGKILL) == nil {
						n++
					}
				}
				break
			}
		}
	}
	return n
}

// passwdEntry is a line of /etc/passwd.
type passwdEntry struct {
	name    string
	uid     int
	comment string
}

func readPasswd() ([]passwdEntry, error) {
	f, err := os.Open("/etc/passwd")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []passwdEntry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Split(sc.Text(), ":")
		if len(p) < 5 {
			continue
		}
		uid, err := strconv.Atoi(p[2])
		if err != nil {
			continue
		}
		out = append(out, passwdEntry{name: p[0], uid: uid, comment: p[4]})
	}
	return out, sc.Err()
}

func lookupUID(name string) (int, error) {
	ents, err := readPasswd()
	if err != nil {
		return 0, err
	}
	for _, e := range ents {
		if e.name == name {
			return e.uid, nil
		}
	}
	return 0, fmt.Errorf("hubload: no account %q", name)
}

// staleAccounts lists accounts made by hubload runs that are gone.
func staleAccounts() ([]string, error) {
	ents, err := readPasswd()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if strings.HasPrefix(e.comment, accountComment) && staleComment(e.comment) && e.uid >= 1000 {
			out = append(out, e.name)
		}
	}
	return out, nil
}
