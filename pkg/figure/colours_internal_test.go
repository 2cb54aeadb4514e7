package figure

import (
	"image/color"
	"testing"
)

// likeColor pairs the colours a reader confuses and no two colours of the
// cycle, so a figure with up to ten uncoloured series still gets ten.
func TestLikeColor(t *testing.T) {
	for _, c := range []struct {
		name string
		a, b color.Color
		like bool
	}{
		{"Red, C3", Red, C3, true},
		{"Green, C2", Green, C2, true},
		{"Blue, C0", Blue, Cycle(0), true},
		{"Orange, Red", Orange, Red, false},
		{"Black, C7 grey", Black, Cycle(7), false},
	} {
		if got := likeColor(c.a, c.b); got != c.like {
			t.Errorf("likeColor(%s) = %v, want %v", c.name, got, c.like)
		}
	}
	for i := range 10 {
		for j := range i {
			if likeColor(Cycle(i), Cycle(j)) {
				t.Errorf("C%d and C%d are alike", i, j)
			}
		}
	}
	cs := make([]color.Color, 10)
	fillColors(cs)
	for i, c := range cs {
		if c != Cycle(i) {
			t.Errorf("ten uncoloured series: colour %d is %v, want C%d", i, c, i)
		}
	}
}
