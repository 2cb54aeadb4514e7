package classroom_test

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gradnb/gradnb/notebooks/hubclient"
	"github.com/gradnb/gradnb/notebooks/nbrun"
)

// The class server's second pass (issue 18): TLS, the class group, the
// service, and the config's refusals, through real hubs.

func classroomDir(t *testing.T) string {
	t.Helper()
	root, err := nbrun.FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, "notebooks", "classroom")
}

// testAddress adds a non-loopback address (10.213.x.y/32) to the loopback
// interface for the test: other machines cannot reach it, but the hub's
// config must treat it as a network address. Removed at the end.
func testAddress(t *testing.T) string {
	t.Helper()
	b := make([]byte, 2)
	rand.Read(b)
	ip := fmt.Sprintf("10.213.%d.%d", b[0]%250+1, b[1]%250+1)
	if out, err := exec.Command("ip", "addr", "add", ip+"/32", "dev", "lo").CombinedOutput(); err != nil {
		t.Fatalf("adding the test address %s to lo (needs root and ip): %v\n%s", ip, err, out)
	}
	t.Cleanup(func() { exec.Command("ip", "addr", "del", ip+"/32", "dev", "lo").Run() })
	return ip
}

func freePortOn(t *testing.T, ip string) string {
	t.Helper()
	l, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func port(addr string) string { return addr[strings.LastIndex(addr, ":")+1:] }

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// runHub starts `jupyterhub -f <config>` with env (on top of the test's
// environment, with its own state folder and internal ports) and stops it at
// the end of the test. It returns the running command and its log file.
func runHub(t *testing.T, config string, env ...string) (*exec.Cmd, string) {
	t.Helper()
	state := t.TempDir()
	cmd := exec.Command("jupyterhub", "-f", config)
	cmd.Dir = state
	hubPort, apiPort := freePort(t), freePort(t)
	cmd.Env = append(os.Environ(), "GRADNB_HUB_STATE="+state,
		"GRADNB_HUB_PORT="+port(hubPort), "GRADNB_HUB_PROXY_API_PORT="+port(apiPort))
	cmd.Env = append(cmd.Env, env...)
	logPath := filepath.Join(state, "hub.log")
	logf, _ := os.Create(logPath)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting jupyterhub: %v", err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		}
		if t.Failed() {
			log, _ := os.ReadFile(logPath)
			t.Logf("hub log:\n%s", tailLines(string(log), 60))
		}
	})
	hubLogs[t.Name()] = logPath
	return cmd, logPath
}

// waitAnswers waits until GET base/hub/api answers 200 (the hub and proxy
// are up), or fails the test.
func waitAnswers(t *testing.T, c *http.Client, base string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		res, err := c.Get(base + "/hub/api")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the hub did not answer at %s within %v: %v", base, d, err)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// TestHubConfigRefusals: the config stops the hub at start, with a message
// naming the variable, on a non-loopback address without a certificate (and
// says how to get one) and on every kind of bad value.
func TestHubConfigRefusals(t *testing.T) {
	requireClass(t)
	config := filepath.Join(classroomDir(t), "jupyterhub_config.py")
	cases := []struct {
		env  []string
		want []string
	}{
		{[]string{"GRADNB_HUB_ADDR=0.0.0.0:18999"}, []string{"refusing to serve log-ins over plain http on 0.0.0.0:18999", "make hub-cert HUB_ADDR=0.0.0.0:18999", "GRADNB_HUB_SSL_CERT", "HUB_INSECURE=1"}},
		{[]string{"GRADNB_HUB_ADDR=:18999"}, []string{"refusing to serve log-ins over plain http"}},
		{[]string{"GRADNB_HUB_ADDR=10.213.0.1:18999"}, []string{"refusing to serve log-ins over plain http on 10.213.0.1:18999"}},
		{[]string{"GRADNB_HUB_ADDR=127.0.0.1"}, []string{"GRADNB_HUB_ADDR='127.0.0.1': want host:port"}},
		{[]string{"GRADNB_HUB_SSL_CERT=/etc/hostname"}, []string{"GRADNB_HUB_SSL_CERT='/etc/hostname' and GRADNB_HUB_SSL_KEY='': set both"}},
		{[]string{"GRADNB_HUB_SSL_CERT=/nonexistent.crt", "GRADNB_HUB_SSL_KEY=/etc/hostname"}, []string{"GRADNB_HUB_SSL_CERT=/nonexistent.crt: no such readable file"}},
		{[]string{"GRADNB_HUB_SSL_CERT=/etc/hostname", "GRADNB_HUB_SSL_KEY=/etc/hostname"}, []string{"GRADNB_HUB_SSL_CERT=/etc/hostname and GRADNB_HUB_SSL_KEY=/etc/hostname: not a PEM certificate"}},
		{[]string{"GRADNB_HUB_INSECURE=maybe"}, []string{"GRADNB_HUB_INSECURE='maybe': want 1 or 0"}},
		{[]string{"GRADNB_MEM_LIMIT=lots"}, []string{"GRADNB_MEM_LIMIT='lots'"}},
		{[]string{"GRADNB_PIDS_LIMIT=ten"}, []string{"GRADNB_PIDS_LIMIT='ten': want a whole number"}},
		{[]string{"GRADNB_CPU_LIMIT=0"}, []string{"GRADNB_CPU_LIMIT='0': want a number of cores"}},
		{[]string{"GRADNB_CULL_KERNEL=soon"}, []string{"GRADNB_CULL_KERNEL='soon': want a duration"}},
		{[]string{"GRADNB_CULL_SERVER=-1"}, []string{"GRADNB_CULL_SERVER='-1': want a duration"}},
		{[]string{"GRADNB_HUB_STUDENT_GROUP=Bad Group"}, []string{"GRADNB_HUB_STUDENT_GROUP='Bad Group': not a Unix group name"}},
		{[]string{"GRADNB_HUB_STUDENT_GROUP=gradnbtest-nosuchgroup"}, []string{"GRADNB_HUB_STUDENT_GROUP=gradnbtest-nosuchgroup: there is no such Unix group", "make hub-students"}},
		{[]string{"GRADNB_HUB_PORT=http"}, []string{"GRADNB_HUB_PORT='http'"}},
		{[]string{"GRADNB_HUB_TEST=1", "GRADNB_HUB_TEST_PASSWORD=pw", "GRADNB_HUB_API_TOKEN=short"}, []string{"GRADNB_HUB_API_TOKEN: want at least 8 characters"}},
		{[]string{"GRADNB_PREFIX=opt/gradnb"}, []string{"GRADNB_PREFIX='opt/gradnb': want an absolute path"}},
		{[]string{"GRADNB_HUB_TEST=1"}, []string{"GRADNB_HUB_TEST=1 needs GRADNB_HUB_TEST_PASSWORD"}},
	}
	for _, c := range cases {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		cmd := exec.CommandContext(ctx, "jupyterhub", "-f", config)
		cmd.Dir = t.TempDir()
		cmd.Env = append(os.Environ(), "GRADNB_HUB_STATE="+cmd.Dir, "GRADNB_HUB_PORT=18998", "GRADNB_HUB_PROXY_API_PORT=18997")
		cmd.Env = append(cmd.Env, c.env...)
		out, err := cmd.CombinedOutput()
		timedOut := ctx.Err() != nil
		cancel()
		if err == nil || timedOut {
			t.Errorf("%v: the hub did not exit with an error (%v)\n%s", c.env, err, tailLines(string(out), 10))
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(string(out), w) {
				t.Errorf("%v: the hub's message lacks %q:\n%s", c.env, w, tailLines(string(out), 6))
			}
		}
	}
}

// tlsClient trusts only the certificate in crt (as a student who accepted
// it) and checks the host name against it; it keeps cookies.
func tlsClient(t *testing.T, crt string) *http.Client {
	t.Helper()
	pem, err := os.ReadFile(crt)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatalf("%s holds no PEM certificate", crt)
	}
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: time.Minute, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
}

// readCSV reads students.sh's CSV into user → password.
func readCSV(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		u, p, ok := strings.Cut(sc.Text(), ",")
		if ok && u != "user" {
			m[u] = p
		}
	}
	return m
}

func shadowHash(t *testing.T, user string) string {
	t.Helper()
	out, err := exec.Command("getent", "shadow", user).Output()
	if err != nil {
		t.Fatalf("getent shadow %s: %v", user, err)
	}
	return strings.Split(string(out), ":")[1]
}

// TestHubClassOverTLS, the day's start from issue 18: `make hub-cert` for a
// non-loopback address, `make hub-students N=2` (run twice: nothing
// changes), then a real hub in PAM mode over https there: a student from the
// CSV logs in, an account outside the group with a valid password is
// refused, a teacher (teachers' group) logs in as an admin; the same hub
// over plain http on that address refuses to start without
// GRADNB_HUB_INSECURE=1; `make hub-students-remove` removes the accounts.
func TestHubClassOverTLS(t *testing.T) {
	requireClass(t)
	if testing.Short() {
		t.Skip("SKIPPED hub TLS test in -short mode")
	}
	dir := classroomDir(t)
	ip := testAddress(t)
	addr := freePortOn(t, ip)
	etc := t.TempDir()
	tag := randomHex(3)
	prefix := "gradnbtest" + tag + "s"
	sg, tg := "gradnbtest-st"+tag, "gradnbtest-te"+tag
	scriptEnv := append(os.Environ(), "GRADNB_ETC="+etc, "GRADNB_HUB_STUDENT_GROUP="+sg, "GRADNB_HUB_TEACHER_GROUP="+tg)
	script := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(filepath.Join(dir, name), args...)
		cmd.Env = scriptEnv
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		return string(out)
	}
	t.Cleanup(func() {
		cmd := exec.Command(filepath.Join(dir, "students.sh"), "remove", prefix)
		cmd.Env = scriptEnv
		cmd.Run()
		exec.Command("groupdel", sg).Run()
		exec.Command("groupdel", tg).Run()
	})

	out := script("cert.sh", addr)
	crt, key := filepath.Join(etc, "hub.crt"), filepath.Join(etc, "hub.key")
	if st, err := os.Stat(key); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("hub.key: %v %v, want mode 0600", st.Mode(), err)
	}
	fp, _ := exec.Command("openssl", "x509", "-in", crt, "-noout", "-fingerprint", "-sha256").Output()
	if f := strings.TrimSpace(strings.SplitN(string(fp), "=", 2)[1]); !strings.Contains(out, f) || !strings.Contains(out, "https://"+addr+"/") {
		t.Errorf("hub-cert does not print the fingerprint %s and the address https://%s/:\n%s", f, addr, out)
	}
	if again := script("cert.sh", addr); !strings.Contains(again, "kept") {
		t.Errorf("hub-cert run again replaced a certificate that names the address:\n%s", again)
	}

	script("students.sh", "add", "2", prefix)
	csv := filepath.Join(etc, "students-"+prefix+".csv")
	students := readCSV(t, csv)
	s1, s2 := prefix+"01", prefix+"02"
	if len(students) != 2 || students[s1] == "" || students[s2] == "" {
		t.Fatalf("the CSV %s has %v, want %s and %s with passwords", csv, students, s1, s2)
	}
	if st, err := os.Stat(csv); err != nil || st.Mode().Perm() != 0o600 || st.Sys().(*syscall.Stat_t).Uid != 0 {
		t.Errorf("the CSV: %v %v, want root's with mode 0600", st.Mode(), err)
	}
	hash := shadowHash(t, s1)
	csvBefore, _ := os.ReadFile(csv)
	script("students.sh", "add", "2", prefix)
	if csvAfter, _ := os.ReadFile(csv); string(csvAfter) != string(csvBefore) || shadowHash(t, s1) != hash {
		t.Errorf("hub-students run again changed the CSV or a password:\n%s\nwas\n%s", csvAfter, csvBefore)
	}

	// An account with a valid password outside the group, and a teacher.
	outsider := prefix + "x"
	teacher := prefix + "t"
	for _, u := range []string{outsider, teacher} {
		if out, err := exec.Command("useradd", "-m", "-s", "/bin/sh", u).CombinedOutput(); err != nil {
			t.Fatalf("useradd %s: %v\n%s", u, err, out)
		}
		t.Cleanup(func() { exec.Command("userdel", "-r", "-f", u).Run() })
		cmd := exec.Command("chpasswd")
		cmd.Stdin = strings.NewReader(u + ":pw-" + tag + "\n")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("chpasswd: %v\n%s", err, out)
		}
	}
	if out, err := exec.Command("usermod", "-aG", tg, teacher).CombinedOutput(); err != nil {
		t.Fatalf("usermod: %v\n%s", err, out)
	}

	config := filepath.Join(dir, "jupyterhub_config.py")
	groups := []string{"GRADNB_HUB_STUDENT_GROUP=" + sg, "GRADNB_HUB_TEACHER_GROUP=" + tg}
	// Plain http on this address: refused at start.
	plain := exec.Command("jupyterhub", "-f", config)
	plain.Dir = t.TempDir()
	plain.Env = append(append(os.Environ(), "GRADNB_HUB_ADDR="+addr, "GRADNB_HUB_STATE="+plain.Dir, "GRADNB_HUB_PORT=18996", "GRADNB_HUB_PROXY_API_PORT=18995"), groups...)
	if out, err := plain.CombinedOutput(); err == nil || !strings.Contains(string(out), "refusing to serve log-ins over plain http on "+addr) {
		t.Errorf("a hub on %s without a certificate: want a refusal, got %v:\n%s", addr, err, tailLines(string(out), 5))
	}

	token := randomHex(24)
	runHub(t, config, append(groups, "GRADNB_HUB_ADDR="+addr, "GRADNB_HUB_SSL_CERT="+crt, "GRADNB_HUB_SSL_KEY="+key, "GRADNB_HUB_API_TOKEN="+token)...)
	base := "https://" + addr
	waitAnswers(t, tlsClient(t, crt), base, 90*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	h := &hubclient.Hub{Base: base, Token: token, HTTP: tlsClient(t, crt)}
	login := func(user, password string) bool {
		t.Helper()
		ok, err := hubclient.Login(ctx, tlsClient(t, crt), base, user, password)
		if err != nil {
			t.Fatalf("logging in as %s: %v", user, err)
		}
		return ok
	}
	if !login(s1, students[s1]) {
		t.Errorf("student %s (in %s) with the CSV's password was refused", s1, sg)
	}
	if login(s2, "wrong-"+students[s2]) {
		t.Errorf("student %s logged in with a wrong password", s2)
	}
	if login(outsider, "pw-"+tag) {
		t.Errorf("%s (not in %s, valid password) logged in", outsider, sg)
	}
	if !login(teacher, "pw-"+tag) {
		t.Errorf("teacher %s (in %s) was refused", teacher, tg)
	}
	for user, admin := range map[string]bool{s1: false, teacher: true} {
		u, err := h.User(ctx, user)
		if err != nil {
			t.Errorf("the hub's record of %s: %v", user, err)
		} else if u.Admin != admin {
			t.Errorf("%s: admin %v, want %v", user, u.Admin, admin)
		}
	}
	if _, err := h.User(ctx, outsider); err == nil {
		t.Errorf("the refused %s has a record in the hub", outsider)
	}
	// A client that does not trust the certificate is refused by TLS: the
	// hub really serves this certificate.
	if _, err := http.Get(base + "/hub/login"); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("a client without the certificate: want a certificate error, got %v", err)
	}

	// Logging in started their servers (the hub's default); stop them
	// before the accounts go.
	// A server still starting cannot be deleted (500): try again.
	for _, u := range []string{s1, teacher} {
		for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(2 * time.Second) {
			err := h.DeleteUser(ctx, u)
			if err == nil {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("removing %s from the hub: %v", u, err)
				break
			}
		}
	}
	out = script("students.sh", "remove", prefix)
	for _, u := range []string{s1, s2} {
		if exec.Command("id", u).Run() == nil {
			t.Errorf("hub-students-remove left %s:\n%s", u, out)
		}
	}
	if exec.Command("id", outsider).Run() != nil {
		t.Errorf("hub-students-remove removed %s, which is not in the group", outsider)
	}
	if _, err := os.Stat(csv); err == nil {
		t.Errorf("hub-students-remove left %s", csv)
	}
}

// TestHubServiceUnit: `make hub-service`'s script writes the unit and the
// environment file (here into temporary folders: no systemd runs here);
// systemd-analyze verify accepts the unit; its ExecStart, run as a plain
// command in its WorkingDirectory with only the EnvironmentFile's
// variables, serves the hub. A bad value is refused before anything is
// written.
func TestHubServiceUnit(t *testing.T) {
	requireClass(t)
	if testing.Short() {
		t.Skip("SKIPPED hub service test in -short mode")
	}
	dir := classroomDir(t)
	root := filepath.Dir(filepath.Dir(dir))
	// A prefix whose src is this checkout (the unit runs PREFIX/src's
	// config) and whose tools are the installation's.
	pfx := t.TempDir()
	os.Symlink(root, filepath.Join(pfx, "src"))
	os.Symlink(filepath.Join(prefix, "bin"), filepath.Join(pfx, "bin"))
	etc, unitDir, state := t.TempDir(), t.TempDir(), filepath.Join(t.TempDir(), "state")
	group := "gradnbtest-sv" + randomHex(3)
	if out, err := exec.Command("groupadd", group).CombinedOutput(); err != nil {
		t.Fatalf("groupadd: %v\n%s", err, out)
	}
	t.Cleanup(func() { exec.Command("groupdel", group).Run() })
	addr := freePort(t)
	env := append(os.Environ(), "GRADNB_PREFIX="+pfx, "GRADNB_ETC="+etc, "GRADNB_SYSTEMD_DIR="+unitDir,
		"GRADNB_HUB_STATE="+state, "GRADNB_HUB_STUDENT_GROUP="+group, "GRADNB_HUB_TEACHER_GROUP="+group,
		"GRADNB_CULL_KERNEL=20m", "GRADNB_HUB_PORT="+port(freePort(t)), "GRADNB_HUB_PROXY_API_PORT="+port(freePort(t)))

	bad := exec.Command(filepath.Join(dir, "service.sh"))
	bad.Env = append(env, "GRADNB_HUB_ADDR=0.0.0.0:"+port(addr))
	if out, err := bad.CombinedOutput(); err == nil || !strings.Contains(string(out), "refusing to serve log-ins over plain http") || !strings.Contains(string(out), "nothing installed") {
		t.Errorf("service.sh with a non-loopback address and no certificate: want the hub's refusal, got %v:\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(unitDir, "gradnb-hub.service")); err == nil {
		t.Errorf("service.sh wrote the unit although the hub would not start")
	}

	cmd := exec.Command(filepath.Join(dir, "service.sh"))
	cmd.Env = append(env, "GRADNB_HUB_ADDR="+addr)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("service.sh: %v\n%s", err, out)
	}
	t.Logf("service.sh:\n%s", out)
	unitPath := filepath.Join(unitDir, "gradnb-hub.service")
	unit, err := os.ReadFile(unitPath)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	for _, l := range strings.Split(string(unit), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok && !strings.HasPrefix(l, "#") {
			keys[k] = v
		}
		if strings.Contains(l, "@") && !strings.HasPrefix(l, "#") {
			t.Errorf("unit line with an unfilled field: %s", l)
		}
	}
	for k, v := range map[string]string{"Restart": "on-failure", "WantedBy": "multi-user.target", "EnvironmentFile": filepath.Join(etc, "hub.env"), "WorkingDirectory": state, "User": "root"} {
		if keys[k] != v {
			t.Errorf("unit %s=%q, want %q", k, keys[k], v)
		}
	}
	if st, err := os.Stat(keys["EnvironmentFile"]); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("the environment file: %v %v, want mode 0600", st.Mode(), err)
	}

	if sa, err := exec.LookPath("systemd-analyze"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Errorf("systemd-analyze is missing in CI (apt-get install systemd)")
		} else {
			t.Logf("SKIPPED PART: systemd-analyze verify (not installed; apt-get install systemd)")
		}
	} else {
		out, err := exec.Command(sa, "verify", unitPath).CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != "" {
			t.Errorf("systemd-analyze verify %s: %v\n%s", unitPath, err, out)
		}
		// It does catch a broken unit.
		broken := filepath.Join(unitDir, "gradnb-broken.service")
		os.WriteFile(broken, []byte(strings.Replace(string(unit), "ExecStart=", "ExecStart=/nonexistent/", 1)), 0o644)
		if out, err := exec.Command(sa, "verify", broken).CombinedOutput(); err == nil && !strings.Contains(string(out), "nonexistent") {
			t.Errorf("systemd-analyze verify accepted a unit whose ExecStart does not exist:\n%s", out)
		}
	}

	// The service's command, as systemd would run it: its working folder,
	// its EnvironmentFile's variables and systemd's PATH, nothing else.
	envLines, _ := os.ReadFile(keys["EnvironmentFile"])
	svcEnv := []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
	for _, l := range strings.Split(string(envLines), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			svcEnv = append(svcEnv, l)
		}
	}
	argv := strings.Fields(keys["ExecStart"])
	svc := exec.Command(argv[0], argv[1:]...)
	svc.Dir = keys["WorkingDirectory"]
	svc.Env = svcEnv
	logPath := filepath.Join(t.TempDir(), "hub.log")
	logf, _ := os.Create(logPath)
	svc.Stdout, svc.Stderr = logf, logf
	svc.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := svc.Start(); err != nil {
		t.Fatalf("the unit's ExecStart %q: %v", keys["ExecStart"], err)
	}
	t.Cleanup(func() {
		syscall.Kill(-svc.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { svc.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			syscall.Kill(-svc.Process.Pid, syscall.SIGKILL)
		}
		if t.Failed() {
			log, _ := os.ReadFile(logPath)
			t.Logf("hub log:\n%s", tailLines(string(log), 40))
		}
	})
	waitAnswers(t, http.DefaultClient, "http://"+addr, 90*time.Second)
	res, err := http.Get("http://" + addr + "/hub/login")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("the service's hub: login page %v %v", res, err)
	}
	res.Body.Close()
	log, _ := os.ReadFile(logPath)
	if !strings.Contains(string(log), "cull_idle_timeout") && !strings.Contains(string(log), "PAMAuthenticator") {
		t.Logf("hub log:\n%s", tailLines(string(log), 20))
	}
	if !strings.Contains(string(log), "PAMAuthenticator") {
		t.Errorf("the service's hub does not use PAM (the environment file turned test mode on?)")
	}
}
