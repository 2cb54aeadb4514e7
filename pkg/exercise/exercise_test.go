package exercise

import (
	"math"
	"strings"
	"testing"
)

// wantHint asserts that r is wrong and its hint contains every fragment.
func wantHint(t *testing.T, r Result, fragments ...string) {
	t.Helper()
	if r.OK {
		t.Fatalf("wrong answer accepted: %v", r)
	}
	for _, f := range fragments {
		if !strings.Contains(r.Hint, f) {
			t.Errorf("hint %q lacks %q", r.Hint, f)
		}
	}
}

// wantOK asserts that r is right and shows what.
func wantOK(t *testing.T, r Result, what string) {
	t.Helper()
	if !r.OK || r.What != what {
		t.Fatalf("right answer rejected or wrong sentence: %+v", r)
	}
	if r.String() != "✓ "+what {
		t.Errorf("String() = %q", r.String())
	}
}

// gd returns the gradient-descent iterates on (5 − x)² from x0 for k
// updates, the way a learner's loop would.
func gd(x0, lr float64, k int) []float64 {
	xs := []float64{x0}
	for i := 0; i < k; i++ {
		x0 -= lr * -2 * (5 - x0)
		xs = append(xs, x0)
	}
	return xs
}

func TestNumber(t *testing.T) {
	// |x₃₀ − 5| after 30 steps of lr 0.99 from −5: closed form 10·0.98³⁰.
	want := 10 * math.Pow(0.98, 30)
	n := Number{Name: "|x₃₀ − 5|", Want: want, Tol: Tol{Rel: 1e-9}, What: "ずれは毎回 0.98 倍です。",
		Wrong: []Wrong{{Value: math.Abs(gd(-5, 0.99, 29)[29] - 5), Hint: "29 回"}}}
	// The loop, an independent computation, agrees with the closed form.
	wantOK(t, n.Check(math.Abs(gd(-5, 0.99, 30)[30]-5)), "ずれは毎回 0.98 倍です。")
	wantHint(t, n.Check(0), "まだ書かれていません")
	wantHint(t, n.Check(math.NaN()), "|x₃₀ − 5|", "NaN")
	wantHint(t, n.Check(math.Inf(1)), "+Inf")
	wantHint(t, n.Check(math.Abs(gd(-5, 0.99, 29)[29]-5)), "29 回")
	wantHint(t, n.Check(-want), "符号が逆")
	wantHint(t, n.Check(math.Pow(0.98, 30)), "1/10", "係数 10 が抜けて")
	wantHint(t, n.Check(2*want), "ちょうど 2 倍")
	wantHint(t, n.Check(want*1.3), "大きすぎます")
	wantHint(t, n.Check(want*0.7), "小さすぎます")
	// No factors: a 10× error is only "too large".
	n.Factors = []float64{}
	wantHint(t, n.Check(10*want), "大きすぎます")
	// Want 0: 0 is right, not "not written".
	wantOK(t, Number{Want: 0, What: "ok"}.Check(1e-13), "ok")
}

func TestTol(t *testing.T) {
	tol := Tol{Rel: 1e-6}
	if !tol.Close(1+1e-7, 1) || tol.Close(1+1e-5, 1) {
		t.Error("relative tolerance")
	}
	if (Tol{Abs: 1e-3}).Close(0.01, 0) || !(Tol{Abs: 1e-3}).Close(0.0005, 0) {
		t.Error("absolute tolerance")
	}
	if tol.Close(math.NaN(), math.NaN()) || !tol.Close(math.Inf(1), math.Inf(1)) || tol.Close(math.Inf(1), 1e308) {
		t.Error("NaN and Inf")
	}
	if DefaultTol.Close(0.1+0.2, 0.3) != true {
		t.Error("DefaultTol rejects a rounding difference")
	}
	if (Tol{}).orDefault() != DefaultTol {
		t.Error("zero Tol is not DefaultTol")
	}
}

func TestCount(t *testing.T) {
	c := Count{Name: "回数", Want: 7, What: "7 回です。", Wrong: []WrongCount{{Value: 14, Hint: "往復"}}}
	wantOK(t, c.Check(7), "7 回です。")
	wantHint(t, c.Check(0), "まだ書かれていません")
	wantHint(t, c.Check(8), "1 つ多すぎます", "数え始め")
	wantHint(t, c.Check(6), "1 つ少なすぎます")
	wantHint(t, c.Check(14), "往復")
	wantHint(t, c.Check(30), "大きすぎます")
	wantHint(t, c.Check(2), "小さすぎます")
}

func TestTrace(t *testing.T) {
	want := gd(-5, 0.1, 30)
	flipped := func() []float64 { // gradient with the wrong sign: it runs away
		xs := []float64{-5}
		x := -5.0
		for i := 0; i < 30; i++ {
			x += 0.1 * -2 * (5 - x)
			xs = append(xs, x)
		}
		return xs
	}()
	tr := Trace{Name: "x", Want: want, Tol: Tol{Rel: 1e-9, Abs: 1e-12}, What: "単調に 5 に近づきます。",
		Wrong: []WrongTrace{{Trace: flipped, Hint: "勾配の符号"}}}
	// The closed form 5 − 10·0.8ᵏ is another correct method.
	closed := make([]float64, 31)
	for k := range closed {
		closed[k] = 5 - 10*math.Pow(0.8, float64(k))
	}
	wantOK(t, tr.Check(closed), "単調に 5 に近づきます。")
	wantHint(t, tr.Check(nil), "まだ書かれていません")
	wantHint(t, tr.Check(flipped), "勾配の符号")
	wantHint(t, tr.Check(want[:30]), "1 回早く", "31 個のはず")
	wantHint(t, tr.Check(want[1:]), "出発点 x[0] が入っていません")
	wantHint(t, tr.Check(gd(-5, 0.1, 31)), "1 回多く")
	wantHint(t, tr.Check(gd(-5, 0.1, 31)[1:]), "1 つ先にずれて")
	wantHint(t, tr.Check(append([]float64{-5}, want[:30]...)), "1 つ後ろにずれて")
	wantHint(t, tr.Check(want[:10]), "値が 10 個", "31 個")
	wantHint(t, tr.Check(gd(-4, 0.1, 30)), "出発点 x[0] = -4")
	lr2 := gd(-5, 0.2, 30)
	wantHint(t, tr.Check(lr2), "x[1] = -1 から", "x[0]〜x[0] は合っています")
	nan := append([]float64(nil), want...)
	nan[3] = math.NaN()
	wantHint(t, tr.Check(nan), "x[3] が NaN")
}

func TestFunc(t *testing.T) {
	// dL/dx of L = 3(2 − x)², checked against the finite difference of L.
	L := func(x float64) float64 { return 3 * (2 - x) * (2 - x) }
	f := Func{Name: "dL/dx", Want: CentralDiff(L), At: []float64{-1, 0.5, 3, 7}, Tol: Tol{Rel: 1e-6, Abs: 1e-8}, What: "微分は −6(2 − x) です。",
		Wrong: []WrongFunc{{F: func(x float64) float64 { return -3 * (2 - x) }, Hint: "2 が抜けて"}}}
	wantOK(t, f.Check(func(x float64) float64 { return -6 * (2 - x) }), "微分は −6(2 − x) です。")
	wantOK(t, f.Check(func(x float64) float64 { return 6*x - 12 }), "微分は −6(2 − x) です。")
	wantHint(t, f.Check(nil), "まだ書かれていません")
	wantHint(t, f.Check(func(float64) float64 { return 0 }), "まだ書かれていません")
	wantHint(t, f.Check(func(x float64) float64 { return -3 * (2 - x) }), "2 が抜けて")
	wantHint(t, f.Check(func(x float64) float64 { return 6 * (2 - x) }), "符号が逆")
	wantHint(t, f.Check(func(x float64) float64 { return -60 * (2 - x) }), "ちょうど 10 倍")
	wantHint(t, f.Check(func(x float64) float64 { return -x * (2 - x) }), "dL/dx(-1) = 3 が違います")
	wantHint(t, f.Check(func(x float64) float64 { panic("boom") }), "panic", "boom")
	wantHint(t, f.Check(func(x float64) float64 { return 1 / (x - 3) }), "dL/dx(3)", "+Inf")
	wantHint(t, Func{Want: L}.Check(L), "教材の誤り")
}

func TestCentralDiff(t *testing.T) {
	d := CentralDiff(math.Sin)
	for _, x := range []float64{-3, 0, 0.5, 100} {
		if got, want := d(x), math.Cos(x); math.Abs(got-want) > 1e-6*math.Max(1, math.Abs(want)) {
			t.Errorf("CentralDiff(sin)(%g) = %g, cos = %g", x, got, want)
		}
	}
}

func TestAll(t *testing.T) {
	wantOK(t, All(Pass("a"), Pass("b")), "a b")
	wantHint(t, All(Pass("a"), Fail("x"), Fail("y")), "x")
	if r := Failf("%d 回", 3); r.OK || r.String() != "✗ 3 回" {
		t.Errorf("Failf: %+v", r)
	}
}

// wantWrong asserts that r is wrong and its hint contains every fragment.
func wantWrong(t *testing.T, what string, r Result, fragments ...string) {
	t.Helper()
	if r.OK {
		t.Errorf("%s: wrong answer accepted: %v", what, r)
		return
	}
	for _, f := range fragments {
		if !strings.Contains(r.Hint, f) {
			t.Errorf("%s: hint %q lacks %q", what, r.Hint, f)
		}
	}
}
