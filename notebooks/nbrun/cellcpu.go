package nbrun

import (
	"bufio"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

//go:embed cellcpu.py
var cellCPUScript string

// CellCost is what one code cell cost when a notebook ran cell by cell.
type CellCost struct {
	// Index is the cell's index in Notebook.Cells.
	Index int `json:"index"`
	// CPU is the CPU time of the kernel's whole process tree while the
	// cell ran (GoNB, the go command, the cell's program, gopls), in
	// seconds; Wall the wall time.
	CPU  float64 `json:"cpu"`
	Wall float64 `json:"wall"`
}

// Costs is what a notebook's run cost, cell by cell.
type Costs struct {
	// Start is the CPU time of the kernel's start, before its first cell.
	Start float64     `json:"start"`
	Cells []*CellCost `json:"cells"`
}

// CPU returns the CPU seconds of the whole run: the kernel's start and
// every cell.
func (c *Costs) CPU() float64 {
	s := c.Start
	for _, cc := range c.Cells {
		s += cc.CPU
	}
	return s
}

// Max returns the code cell that cost the most CPU time, or nil.
func (c *Costs) Max() *CellCost {
	var m *CellCost
	for _, cc := range c.Cells {
		if m == nil || cc.CPU > m.CPU {
			m = cc
		}
	}
	return m
}

// CellCosts runs the notebook at path cell by cell with nbclient (the
// library nbconvert --execute uses) in the gonb kernel and measures each
// code cell's CPU and wall time from the kernel's process tree in /proc
// (Linux). CPU seconds, not seconds, are what a class server has to share:
// machines differ in speed, not in how much work a cell is.
func (e *Env) CellCosts(ctx context.Context, path string, timeout time.Duration) (*Costs, error) {
	py, err := jupyterPython()
	if err != nil {
		return nil, err
	}
	script, err := os.CreateTemp("", "gradnb-cellcpu-*.py")
	if err != nil {
		return nil, err
	}
	defer os.Remove(script.Name())
	if _, err := script.WriteString(cellCPUScript); err != nil {
		return nil, err
	}
	script.Close()
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, py, script.Name(), abs, KernelName, fmt.Sprint(int(timeout.Seconds())))
	cmd.Dir = filepath.Dir(abs)
	cmd.Env = e.environ()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("nbrun: measuring the cells of %s: %v\n%s", filepath.Base(path), err, stderr.String())
	}
	var c Costs
	if err := json.Unmarshal(out, &c); err != nil {
		return nil, fmt.Errorf("nbrun: measuring the cells of %s: %v (output %q)", filepath.Base(path), err, out)
	}
	return &c, nil
}

// jupyterPython returns the Python that runs Jupyter's nbconvert (the
// interpreter on its #! line), which has nbclient.
func jupyterPython() (string, error) {
	nbconvert, err := exec.LookPath("jupyter-nbconvert")
	if err != nil {
		return "", fmt.Errorf("nbrun: jupyter-nbconvert not found (run `make setup`): %w", err)
	}
	f, err := os.Open(nbconvert)
	if err != nil {
		return "", err
	}
	defer f.Close()
	line, _ := bufio.NewReader(f).ReadString('\n')
	py, ok := strings.CutPrefix(strings.TrimSpace(line), "#!")
	if !ok || py == "" {
		return "", fmt.Errorf("nbrun: %s has no #! line naming its Python", nbconvert)
	}
	if fields := strings.Fields(py); len(fields) > 0 {
		py = fields[len(fields)-1] // "#!/usr/bin/env python3" names python3 last
	}
	return py, nil
}
