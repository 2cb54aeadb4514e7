package figure

import (
	"bytes"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Panel is one plot of a grid, as a figure constructor returned it: build it
// with PanelOf(figure.PathPlot(…)) so that a constructor's error reaches
// Grid instead of being dropped.
type Panel struct {
	Plot *plot.Plot
	Err  error
}

// PanelOf wraps a constructor's two results as a Panel.
func PanelOf(p *plot.Plot, err error) Panel { return Panel{Plot: p, Err: err} }

// GridSpec lays out a Figure.
type GridSpec struct {
	// Cols is the number of columns; 0 puts every panel in one row.
	Cols int
	// Suptitle is a heading centred above all panels (plt.suptitle).
	Suptitle string
	// Width and Height are the size of the whole figure; zero means
	// 4.5 inches per column (6 for a single panel) and 4 inches per row
	// (4.5 for a single row), plus room for the suptitle.
	Width, Height vg.Length
}

// Figure is a page of one or more plots in a grid with a shared layout (the
// data areas line up, as gonum/plot's plot.Align arranges them) and an
// optional suptitle: the source's side-by-side variants ("lr 0.001 from 2"
// next to "lr 0.01 from −2"). Build one with Grid; render it with SVG.
type Figure struct {
	// Suptitle is the heading above the panels.
	Suptitle      string
	rows          [][]*plot.Plot
	width, height vg.Length
}

// Grid arranges the panels row by row in spec.Cols columns. It fails, with
// every panel's error joined, when a panel's constructor failed.
func Grid(spec GridSpec, panels ...Panel) (*Figure, error) {
	if len(panels) == 0 {
		return nil, errors.New("figure: Grid needs at least one panel")
	}
	var errs []error
	for i, p := range panels {
		switch {
		case p.Err != nil:
			errs = append(errs, fmt.Errorf("panel %d: %w", i+1, p.Err))
		case p.Plot == nil:
			errs = append(errs, fmt.Errorf("figure: panel %d has no plot", i+1))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	cols := spec.Cols
	if cols < 0 {
		return nil, fmt.Errorf("figure: GridSpec.Cols = %d is negative", cols)
	}
	if cols == 0 || cols > len(panels) {
		cols = len(panels)
	}
	nrows := (len(panels) + cols - 1) / cols
	rows := make([][]*plot.Plot, nrows)
	for r := range rows {
		rows[r] = make([]*plot.Plot, cols)
		for c := range cols {
			if i := r*cols + c; i < len(panels) {
				rows[r][c] = panels[i].Plot
			}
		}
	}
	if err := checkText("GridSpec.Suptitle", spec.Suptitle); err != nil {
		return nil, err
	}
	w, h := spec.Width, spec.Height
	if w == 0 {
		w = vg.Length(cols) * 4.5 * vg.Inch
		if cols == 1 {
			w = DefaultSize
		}
	}
	if h == 0 {
		h = vg.Length(nrows) * 4 * vg.Inch
		if nrows == 1 {
			h = 4.5 * vg.Inch
		}
		if spec.Suptitle != "" {
			h += 0.4 * vg.Inch
		}
	}
	if err := checkSize(w, h); err != nil {
		return nil, fmt.Errorf("%w (GridSpec.Width, Height)", err)
	}
	return &Figure{Suptitle: spec.Suptitle, rows: rows, width: w, height: h}, nil
}

// Size returns the figure's width and height.
func (f *Figure) Size() (w, h vg.Length) { return f.width, f.height }

// Title returns the suptitle, or else the first panel's title: the figure's
// caption.
func (f *Figure) Title() string {
	if f.Suptitle != "" {
		return f.Suptitle
	}
	return f.rows[0][0].Title.Text
}

// suptitlePad is the space above the suptitle, and suptitleGap the space
// between the ink of its text (its descent included) and the ink of the
// highest panel title (its ascent included).
const suptitlePad, suptitleGap = vg.Length(4), vg.Length(6)

// topPad is the space above the highest panel title of a figure without
// a suptitle.
const topPad = vg.Length(4)

// layout returns the canvases of the panels on dc, and the style and
// anchor of the suptitle (its top centre), if any. The top row's panels
// reach up to suptitleGap under the suptitle (topPad under the top of the
// page without one), whatever room gonum/plot's layout reserves above
// their data areas: plot.Align leaves any overhang it measures there,
// such as that of a log-scale y label, which it places wrongly (about 40
// points over notebook 04's three basin panels).
func (f *Figure) layout(dc draw.Canvas) ([][]draw.Canvas, text.Style, vg.Point) {
	sty := text.Style{
		Color:   Black,
		Font:    defaultFont(18),
		XAlign:  draw.XCenter,
		YAlign:  draw.YTop,
		Handler: plot.DefaultTextHandler,
	}
	at := vg.Point{X: dc.Center().X, Y: dc.Max.Y - suptitlePad}
	want := dc.Max.Y - topPad // where the top row's ink should end
	if f.Suptitle != "" {
		bottom, _ := inkY(sty, at, f.Suptitle)
		want = bottom - suptitleGap
	}
	tiles := draw.Tiles{
		Rows: len(f.rows), Cols: len(f.rows[0]),
		PadX: vg.Points(18), PadY: vg.Points(18),
		PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(14),
	}
	// Find how far above (or below) want the panels' canvases must reach
	// for their ink to end at want: the room the layout reserves changes
	// with the canvas, so move by the difference until it is gone, and
	// keep the closest layout whose ink stays under want.
	align := func(raise vg.Length) ([][]draw.Canvas, vg.Length) {
		dc.Max.Y = want + raise
		cs := plot.Align(f.rows, tiles, dc)
		return cs, f.panelsTop(cs)
	}
	var best [][]draw.Canvas
	bestGap := vg.Length(math.Inf(1))
	raise := vg.Length(0)
	for range 20 {
		cs, top := align(raise)
		if gap := want - top; gap > -0.01 && gap < bestGap {
			best, bestGap = cs, gap
		}
		if math.Abs(float64(want-top)) < 0.01 {
			break
		}
		raise += want - top
	}
	if best == nil {
		best, _ = align(raise)
	}
	return best, sty, at
}

// inkY returns the bottom and the top of the ink of the one-line text s
// drawn with sty at pt (its descent below and ascent above the
// baseline), where gonum/plot's text handler puts them.
func inkY(sty text.Style, pt vg.Point, s string) (bottom, top vg.Length) {
	e := sty.FontExtents()
	baseline := pt.Y + sty.Height(s)*vg.Length(sty.YAlign) - e.Ascent + sty.Font.Size
	return baseline - e.Descent, baseline + e.Ascent
}

// panelsTop returns the highest point of the ink of the top row's panels
// on their canvases cs: a panel's title drawn next to its data area
// (setAxesTitle), or its y tick labels; the top of the canvas for a
// panel whose title gonum/plot draws there.
func (f *Figure) panelsTop(cs [][]draw.Canvas) vg.Length {
	top := vg.Length(math.Inf(-1))
	for i, p := range f.rows[0] {
		if p == nil {
			continue
		}
		c := cs[0][i]
		if _, ok := p.Title.TextStyle.Handler.(hiddenText); p.Title.Text != "" && !ok {
			top = max(top, c.Max.Y)
			continue
		}
		da := p.DataCanvas(c)
		top = max(top, da.Max.Y)
		if p.Title.Text != "" {
			sty := p.Title.TextStyle
			sty.YAlign = draw.YBottom // as axesTitle draws it
			_, t := inkY(sty, vg.Point{Y: da.Max.Y + titleLift(p) + p.Title.Padding}, p.Title.Text)
			top = max(top, t)
		}
		sty := p.Y.Tick.Label
		descent := sty.FontExtents().Descent
		for _, tk := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
			if tk.Label == "" || tk.Value < p.Y.Min || tk.Value > p.Y.Max {
				continue
			}
			_, t := inkY(sty, vg.Point{Y: da.Y(p.Y.Norm(tk.Value)) + descent}, tk.Label)
			top = max(top, t)
		}
	}
	return top
}

// draw draws the figure on dc: a white page, the panels and the suptitle.
func (f *Figure) draw(dc draw.Canvas) {
	dc.SetColor(White)
	dc.Fill(dc.Rectangle.Path())
	canvases, sup, supAt := f.layout(dc)
	for r, row := range f.rows {
		for col, p := range row {
			if p != nil {
				p.Draw(canvases[r][col])
			}
		}
	}
	// The suptitle last: a panel's canvas may reach under it (see
	// layout), and a panel paints its canvas white.
	if f.Suptitle != "" {
		dc.FillText(sup, supAt, f.Suptitle)
	}
}

// SVG renders the figure.
func (f *Figure) SVG() ([]byte, error) {
	if f == nil {
		return nil, errors.New("figure: SVG of a nil Figure")
	}
	for r, row := range f.rows {
		for col, p := range row {
			if p != nil {
				if err := checkPlot(p); err != nil {
					return nil, fmt.Errorf("panel %d: %w", r*len(row)+col+1, err)
				}
			}
		}
	}
	var lays []*layout
	for _, row := range f.rows {
		for _, p := range row {
			if p != nil {
				lays = append(lays, layoutOf(p))
			}
		}
	}
	var c safeCanvas
	settle(lays, func() {
		c = newCanvas(f.width, f.height)
		f.draw(draw.New(c))
	})
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, err
	}
	if err := checkBudget("figure", f.Title(), buf.Len(), DefaultFigureBudget); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
