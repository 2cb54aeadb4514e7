package figure_test

import (
	"strings"
	"testing"

	"github.com/gradnb/gradnb/pkg/figure"
)

// A nil plot, figure or animation is an error that says so, never a panic.
func TestNilFiguresAreErrors(t *testing.T) {
	if _, err := figure.SVG(nil, 0, 0); err == nil || !strings.Contains(err.Error(), "nil plot") {
		t.Errorf("SVG(nil) = %v", err)
	}
	var f *figure.Figure
	if _, err := f.SVG(); err == nil || !strings.Contains(err.Error(), "nil Figure") {
		t.Errorf("(*Figure)(nil).SVG() = %v", err)
	}
	var a *figure.Animation
	if _, err := a.SVG(); err == nil || !strings.Contains(err.Error(), "nil Animation") {
		t.Errorf("(*Animation)(nil).SVG() = %v", err)
	}
}
