// Command hubload load-tests a running JupyterHub as a class uses it: it
// creates N real Unix student accounts, logs each in through the hub's login
// form, starts their servers, opens a gonb kernel over the websocket through
// the proxy and runs a notebook's code cells in order with a seeded random
// think time between cells — by default each of the five lessons in turn, a
// fresh class for each. It records every cell's latency and errors,
// compares each cell's text output (stdout, stderr and text/plain, in the
// committed notebooks' normal form) with the committed notebook, prints a
// table with one row per notebook and class size and writes
// build/hubload.json. The accounts it made are
// removed at the end, also after an error or an interrupt (Ctrl-C, SIGTERM);
// accounts left by a killed run are removed by the next one.
//
//	hubload -students 1,5,10,20                    a sweep against a hub already running
//	hubload -students 20 -notebooks 01,05          two lessons (or .ipynb paths)
//	hubload -students 10 -runaway                  also a pass where one student runs an infinite loop
//	hubload -start-hub 'make hub'                  start the hub if none answers, run, stop it
//
// It must run as root (it makes accounts) on the hub's machine.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gradnb/gradnb/notebooks/nbrun"
)

// config holds the command's flags.
type config struct {
	hub         *url.URL
	students    []int
	notebooks   []string
	sessionDir  string
	kernel      string
	thinkMin    time.Duration
	thinkMax    time.Duration
	ramp        time.Duration
	seed        uint64
	cellTimeout time.Duration
	spawnTime   time.Duration
	runaway     bool
	runawayFor  time.Duration
	out         string
	startHub    string
	prefix      string
	password    string
	groups      string
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "hubload:", err)
		os.Exit(1)
	}
}

// parseStudents reads a list like "1,5,10,20".
func parseStudents(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > 500 {
			return nil, fmt.Errorf("-students: %q is not a number of students between 1 and 500", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func parseFlags() (*config, error) {
	c := &config{}
	hub := flag.String("hub", "http://127.0.0.1:8000", "the hub's public URL (the proxy)")
	students := flag.String("students", "1,5,10,20", "comma-separated class sizes, one pass each")
	notebooks := flag.String("notebooks", "lessons", "comma-separated notebooks whose code cells each student runs, one class after the other: numbers of this checkout's notebooks (01 is the first lesson, 01a its companion), .ipynb paths, or \"lessons\" for the five lessons")
	flag.StringVar(&c.sessionDir, "session-dir", "notebooks", "the folder, relative to the student's home, holding the student's copy of each notebook (the kernel is started for it)")
	flag.StringVar(&c.kernel, "kernel", nbrun.KernelName, "kernel name")
	flag.DurationVar(&c.thinkMin, "think-min", 5*time.Second, "shortest think time between cells")
	flag.DurationVar(&c.thinkMax, "think-max", 15*time.Second, "longest think time between cells")
	flag.DurationVar(&c.ramp, "ramp", 10*time.Second, "students arrive at random times within this window")
	seed := flag.Uint64("seed", 1, "seed for think times and arrival times")
	flag.DurationVar(&c.cellTimeout, "cell-timeout", 2*time.Minute, "a cell that takes longer has failed")
	flag.DurationVar(&c.spawnTime, "spawn-timeout", 3*time.Minute, "time limit for login, server start and kernel start")
	flag.BoolVar(&c.runaway, "runaway", false, "after each pass, run it again with one student (student 1) running an infinite loop, interrupted over the REST API after -runaway-for")
	flag.DurationVar(&c.runawayFor, "runaway-for", 60*time.Second, "how long the infinite loop runs before the interrupt")
	flag.StringVar(&c.out, "out", "build/hubload.json", "JSON report")
	flag.StringVar(&c.startHub, "start-hub", "", "shell command that runs the hub in the foreground; when no hub answers at -hub, hubload starts it, waits for it and stops it at the end")
	flag.StringVar(&c.prefix, "prefix", "gradnbtest", "prefix of the student account names (the hub's test mode admits only gradnbtest…)")
	flag.StringVar(&c.groups, "groups", "", "comma-separated supplementary groups for the student accounts (when the hub allows only a group)")
	flag.StringVar(&c.password, "password", os.Getenv("GRADNB_HUB_TEST_PASSWORD"), "password given to the student accounts and typed into the login form (default: $GRADNB_HUB_TEST_PASSWORD, the hub's test-mode password, else a fresh random one, which works with PAM)")
	flag.Parse()
	c.seed = *seed
	var err error
	if c.students, err = parseStudents(*students); err != nil {
		return nil, err
	}
	u, err := url.Parse(*hub)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("-hub: %q is not an http(s) URL", *hub)
	}
	c.hub = u
	if c.thinkMin < 0 || c.thinkMax < c.thinkMin {
		return nil, fmt.Errorf("-think-min %v, -think-max %v: need 0 ≤ min ≤ max", c.thinkMin, c.thinkMax)
	}
	if c.cellTimeout <= 0 || c.spawnTime <= 0 || c.ramp < 0 || c.runawayFor <= 0 {
		return nil, fmt.Errorf("-cell-timeout %v, -spawn-timeout %v, -ramp %v, -runaway-for %v: durations must be positive", c.cellTimeout, c.spawnTime, c.ramp, c.runawayFor)
	}
	if !validPrefix(c.prefix) {
		return nil, fmt.Errorf("-prefix %q: use 1 to 10 lowercase letters", c.prefix)
	}
	if flag.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", flag.Args())
	}
	if c.notebooks, err = resolveNotebooks(*notebooks); err != nil {
		return nil, err
	}
	return c, nil
}

// resolveNotebooks turns the -notebooks list into .ipynb paths: "lessons"
// is the five lessons of this checkout, a number NN (or NNa) is this
// checkout's notebook with that number, anything else a path to an
// existing .ipynb file.
func resolveNotebooks(spec string) ([]string, error) {
	var out []string
	var dir string
	for _, f := range strings.Split(spec, ",") {
		f = strings.TrimSpace(f)
		if strings.HasSuffix(f, ".ipynb") {
			if _, err := os.Stat(f); err != nil {
				return nil, fmt.Errorf("-notebooks: %q: %w", f, err)
			}
			out = append(out, f)
			continue
		}
		if dir == "" {
			root, err := nbrun.FindRoot(".")
			if err != nil {
				return nil, fmt.Errorf("-notebooks: %q names a notebook of this checkout, but: %w", f, err)
			}
			dir = filepath.Join(root, "notebooks")
		}
		pattern, ok := notebookPattern(f)
		if !ok {
			return nil, fmt.Errorf("-notebooks: %q is neither \"lessons\", a notebook number like 01 or 01a, nor an .ipynb path", f)
		}
		matches, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil || len(matches) == 0 {
			return nil, fmt.Errorf("-notebooks: %q: no notebook %s in %s", f, pattern, dir)
		}
		out = append(out, matches...)
	}
	return out, nil
}

// notebookNumber is a -notebooks item naming a notebook by its number: NN
// for a lesson, NNa for its companion (the files are NN_… and NNa_…).
var notebookNumber = regexp.MustCompile(`^[0-9]{2}a?$`)

// notebookPattern is the file-name pattern of a -notebooks item that is not
// a path: the lessons are [0-9][0-9]_*, a numbered notebook NN_* or NNa_*.
func notebookPattern(f string) (string, bool) {
	if f == "lessons" {
		return "[0-9][0-9]_*.ipynb", true
	}
	if !notebookNumber.MatchString(f) {
		return "", false
	}
	return f + "_*.ipynb", true
}

func validPrefix(p string) bool {
	if len(p) < 1 || len(p) > 10 {
		return false
	}
	for _, r := range p {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

func run() error {
	c, err := parseFlags()
	if err != nil {
		return err
	}
	if os.Geteuid() != 0 {
		return errors.New("must run as root: it creates and removes Unix accounts for the students")
	}
	type lesson struct {
		path  string
		cells []*nbrun.Cell
	}
	var lessons []lesson
	for _, path := range c.notebooks {
		nb, err := nbrun.Read(path)
		if err != nil {
			return err
		}
		cells := nb.CodeCells()
		if len(cells) == 0 {
			return fmt.Errorf("%s has no code cells", path)
		}
		lessons = append(lessons, lesson{path, cells})
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if stale, err := staleAccounts(); err == nil && len(stale) > 0 {
		fmt.Printf("removing %d accounts left by an earlier run: %s\n", len(stale), strings.Join(stale, " "))
		for _, name := range stale {
			if err := removeAccount(name); err != nil {
				fmt.Fprintln(os.Stderr, "hubload:", err)
			}
		}
	}
	if c.startHub != "" {
		stopHub, err := startHub(ctx, c)
		if err != nil {
			return err
		}
		defer stopHub()
	}
	if err := waitHub(ctx, c.hub, 10*time.Second); err != nil {
		return err
	}

	var sums []Summary
	var failed bool
	for _, l := range lessons {
		for _, n := range c.students {
			passes := []bool{false}
			if c.runaway {
				passes = append(passes, true)
			}
			for _, ra := range passes {
				label := fmt.Sprintf("%s, %d students", filepath.Base(l.path), n)
				if ra {
					label += " (student 1 runs an infinite loop)"
				}
				fmt.Printf("== %s: %d code cells each\n", label, len(l.cells))
				s, err := pass(ctx, c, l.path, l.cells, n, ra)
				if err != nil {
					return fmt.Errorf("%s: %w", label, err)
				}
				sums = append(sums, s)
				if s.Failed > 0 || s.Lost > 0 || (s.Runaway != nil && (!s.Runaway.Interrupted || !s.Runaway.AliveAfter)) {
					failed = true
				}
				if err := writeJSON(c.out, sums); err != nil {
					return err
				}
				if ctx.Err() != nil {
					return ctx.Err()
				}
			}
		}
	}
	fmt.Println()
	printTable(os.Stdout, sums)
	fmt.Printf("\nwrote %s\n", c.out)
	if failed {
		return errors.New("some cells failed or lost their output (see above)")
	}
	return nil
}

// pass runs one class of n students on the notebook at path (its code
// cells given) and removes their accounts.
func pass(ctx context.Context, c *config, path string, cells []*nbrun.Cell, n int, runaway bool) (sum Summary, err error) {
	sessionPath := c.sessionDir + "/" + filepath.Base(path)
	tag := newID()[:4]
	names := make([]string, n)
	password := c.password
	if password == "" {
		password = newID()
	}
	defer func() {
		for _, name := range names {
			if name == "" {
				continue
			}
			if e := removeAccount(name); e != nil {
				err = errors.Join(err, e)
			}
		}
	}()
	for i := range names {
		name := fmt.Sprintf("%s%s%02d", c.prefix, tag, i+1)
		if err := createAccount(name, password, c.groups); err != nil {
			return sum, err
		}
		names[i] = name
	}
	firstFig := -1
	want := make([]string, len(cells))
	for i, cell := range cells {
		want[i] = cell.Text()
		if firstFig < 0 && len(cell.Rich()) > 0 {
			firstFig = i
		}
	}

	var (
		mu      sync.Mutex
		results []cellResult
		spawns  []time.Duration
		ra      *RunawayResult
		loopWin [2]time.Time
	)
	uids := map[int]bool{}
	for _, name := range names {
		if uid, err := lookupUID(name); err == nil {
			uids[uid] = true
		}
	}
	// Sample each student's processes: peak memory, and CPU time just
	// before their servers stop (a process's cutime/cstime include the
	// builds and cell programs it waited for).
	peak := map[int]uint64{}
	lastCPU := map[int]uint64{}
	sample := func() {
		for uid, u := range usageByUID(uids) {
			mu.Lock()
			peak[uid] = max(peak[uid], u.rss)
			lastCPU[uid] = max(lastCPU[uid], u.cpuTicks)
			mu.Unlock()
		}
	}
	sampling := make(chan struct{})
	samplerDone := make(chan struct{})
	go func() {
		defer close(samplerDone)
		for {
			sample()
			select {
			case <-sampling:
				return
			case <-time.After(time.Second):
			}
		}
	}()
	passStart := time.Now()
	cpu0, cpuErr := readCPU()
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(c.seed, uint64(i)))
			sleep(ctx, time.Duration(rng.Int64N(int64(c.ramp)+1)))
			st, err := newStudent(c.hub, name)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				return
			}
			t0 := time.Now()
			k, ses, err := st.arrive(ctx, c, password, sessionPath)
			spawn := time.Since(t0)
			mu.Lock()
			spawns = append(spawns, spawn)
			mu.Unlock()
			if err != nil {
				fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
				mu.Lock()
				for j := range cells {
					results = append(results, cellResult{Student: i + 1, Cell: j + 1, Failed: true, Lost: true, Detail: err.Error()})
				}
				mu.Unlock()
				return
			}
			defer k.close()
			defer st.stopServer(context.Background())
			defer sample()
			if runaway && i == 0 {
				r, w0, w1 := st.runaway(ctx, c, k, ses, cells)
				mu.Lock()
				ra, loopWin = r, [2]time.Time{w0, w1}
				mu.Unlock()
				return
			}
			for j, cell := range cells {
				if j > 0 {
					sleep(ctx, c.thinkMin+time.Duration(rng.Int64N(int64(c.thinkMax-c.thinkMin)+1)))
				}
				if ctx.Err() != nil {
					return
				}
				r := runCell(ctx, c, k, cell.Source, want[j])
				r.Student, r.Cell = i+1, j+1
				if r.Failed || r.Lost {
					fmt.Fprintf(os.Stderr, "%s cell %d: failed=%v lost=%v: %s\n", name, j+1, r.Failed, r.Lost, r.Detail)
				}
				mu.Lock()
				results = append(results, r)
				mu.Unlock()
				if r.Failed && r.Detail == "timeout" {
					// The websocket is gone with the cancelled read: the
					// rest of this student's cells are lost.
					mu.Lock()
					for jj := j + 1; jj < len(cells); jj++ {
						results = append(results, cellResult{Student: i + 1, Cell: jj + 1, Failed: true, Lost: true, Detail: "after a timeout"})
					}
					mu.Unlock()
					st.interrupt(context.Background(), ses.Kernel.ID)
					return
				}
			}
		}()
	}
	wg.Wait()
	cpu1, cpuErr1 := readCPU()
	elapsed := time.Since(passStart)
	close(sampling)
	<-samplerDone
	if ctx.Err() != nil {
		return sum, ctx.Err()
	}
	sum = summarize(n, results)
	sum.Notebook = filepath.Base(path)
	if runaway {
		sum.Students = n
	}
	if cpuErr == nil && cpuErr1 == nil {
		sum.CPUBusy = round3(busyBetween(cpu0, cpu1))
	}
	sum.Cores = runtime.NumCPU()
	sum.Seconds = round3(elapsed.Seconds())
	var memSum, cpuSum float64
	for uid := range uids {
		mb := float64(peak[uid]) / (1 << 20)
		sum.MemPeakMaxMB = max(sum.MemPeakMaxMB, math.Round(mb))
		memSum += mb
		cpuSum += float64(lastCPU[uid]) / clockTicks
	}
	if len(uids) > 0 {
		sum.MemPeakMeanMB = math.Round(memSum / float64(len(uids)))
		sum.CPUSecondsPerStudent = round3(cpuSum / float64(len(uids)))
	}
	for _, d := range spawns {
		sum.SpawnMax = max(sum.SpawnMax, round3(d.Seconds()))
	}
	for _, r := range results {
		if r.Cell == firstFig+1 {
			sum.FirstFigureMax = max(sum.FirstFigureMax, round3(r.Latency.Seconds()))
		}
	}
	if runaway {
		if ra == nil {
			ra = &RunawayResult{}
		}
		var during []float64
		for _, r := range results {
			if !r.End.Before(loopWin[0]) && !r.End.After(loopWin[1]) {
				during = append(during, r.Latency.Seconds())
			}
		}
		ra.OthersP95DuringLoop = round3(percentile(during, 95))
		sum.Runaway = ra
	}
	return sum, nil
}

// arrive logs the student in, starts their server and a kernel, and opens
// the kernel's websocket.
func (s *student) arrive(ctx context.Context, c *config, password, notebook string) (*kernelConn, *session, error) {
	ctx, cancel := context.WithTimeout(ctx, c.spawnTime)
	defer cancel()
	if err := s.login(ctx, password); err != nil {
		return nil, nil, err
	}
	if err := s.startServer(ctx, c.spawnTime); err != nil {
		return nil, nil, err
	}
	ses, err := s.openSession(ctx, notebook, c.kernel)
	if err != nil {
		return nil, nil, err
	}
	k, err := s.connect(context.Background(), ses.Kernel.ID)
	if err != nil {
		return nil, nil, err
	}
	return k, ses, nil
}

// runCell executes one cell and checks its text against the committed one.
func runCell(ctx context.Context, c *config, k *kernelConn, code, want string) cellResult {
	cctx, cancel := context.WithTimeout(ctx, c.cellTimeout)
	defer cancel()
	t0 := time.Now()
	ex, err := k.execute(cctx, code)
	r := cellResult{Latency: time.Since(t0), End: time.Now()}
	if err != nil {
		r.Failed, r.Lost = true, true
		r.Detail = err.Error()
		if cctx.Err() != nil && ctx.Err() == nil {
			r.Detail = "timeout"
		}
		return r
	}
	if ex.Status != "ok" {
		r.Failed = true
		r.Detail = ex.Error
	}
	got, err := textOf(ex.Outputs)
	if err != nil {
		r.Lost, r.Detail = true, err.Error()
		return r
	}
	if ok, diff := compareText(got, want); !ok {
		r.Lost = true
		r.Detail = strings.TrimPrefix(r.Detail+"; "+diff, "; ")
	}
	return r
}

// loopCell never ends by itself.
const loopCell = "%%\nfor {\n}\n"

// aliveCell is run after the interrupt to show the kernel still works.
const aliveCell = "%%\nfmt.Println(\"alive after the interrupt\")\n"

// runaway plays the student who runs an infinite loop: the notebook's first
// two cells (its set-up), then the loop, which is interrupted over the REST
// API after c.runawayFor, then one more cell.
func (s *student) runaway(ctx context.Context, c *config, k *kernelConn, ses *session, cells []*nbrun.Cell) (*RunawayResult, time.Time, time.Time) {
	r := &RunawayResult{}
	for _, cell := range cells[:min(2, len(cells))] {
		if res := runCell(ctx, c, k, cell.Source, cell.Text()); res.Failed {
			fmt.Fprintf(os.Stderr, "%s (runaway) set-up cell failed: %s\n", s.name, res.Detail)
		}
	}
	start := time.Now()
	done := make(chan error, 1)
	go func() {
		_, err := k.execute(ctx, loopCell)
		done <- err
	}()
	select {
	case err := <-done:
		fmt.Fprintf(os.Stderr, "%s: the infinite loop ended by itself (%v)\n", s.name, err)
		return r, start, time.Now()
	case <-time.After(c.runawayFor):
	case <-ctx.Done():
		return r, start, time.Now()
	}
	r.LoopSeconds = round3(time.Since(start).Seconds())
	t0 := time.Now()
	if err := s.interrupt(ctx, ses.Kernel.ID); err != nil {
		fmt.Fprintf(os.Stderr, "%s: interrupt: %v\n", s.name, err)
	}
	select {
	case err := <-done:
		r.Interrupted = err == nil
		r.InterruptSeconds = round3(time.Since(t0).Seconds())
	case <-time.After(60 * time.Second):
		fmt.Fprintf(os.Stderr, "%s: the loop did not stop within 60 s of the interrupt\n", s.name)
		return r, start, time.Now()
	}
	end := time.Now()
	res := runCell(ctx, c, k, aliveCell, "alive after the interrupt\n")
	r.AliveAfter = !res.Failed && !res.Lost
	if !r.AliveAfter {
		fmt.Fprintf(os.Stderr, "%s: the cell after the interrupt: %s\n", s.name, res.Detail)
	}
	return r, start, end
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// startHub runs the hub command in its own process group and returns a
// function that stops it (SIGTERM to the group, then SIGKILL).
func startHub(ctx context.Context, c *config) (func(), error) {
	if err := waitHub(ctx, c.hub, time.Second); err == nil {
		fmt.Printf("hub: one already answers at %s; using it (not starting `%s`)\n", c.hub, c.startHub)
		return func() {}, nil
	}
	if err := os.MkdirAll(filepath.Dir(c.out), 0o755); err != nil {
		return nil, err
	}
	logPath := filepath.Join(filepath.Dir(c.out), "hubload-hub.log")
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("/bin/sh", "-c", c.startHub)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("-start-hub: %w", err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	stop := func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		logf.Close()
	}
	fmt.Printf("hub: started `%s` (log: %s)\n", c.startHub, logPath)
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-exited:
			cancel()
		case <-wctx.Done():
		}
	}()
	if err := waitHub(wctx, c.hub, 3*time.Minute); err != nil {
		stop()
		return nil, fmt.Errorf("the hub did not come up (see %s): %w", logPath, err)
	}
	return stop, nil
}

// waitHub waits until the hub's API answers at its public URL.
func waitHub(ctx context.Context, hub *url.URL, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	st, _ := newStudent(hub, "")
	var last error
	for {
		_, _, last = st.do(ctx, "GET", "/hub/api", nil, nil)
		if last == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("no hub answers at %s within %v: %v", hub, timeout, last)
		case <-time.After(500 * time.Millisecond):
		}
	}
}
