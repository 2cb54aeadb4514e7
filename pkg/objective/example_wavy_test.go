package objective_test

import (
	"fmt"

	"github.com/gradnb/gradnb/pkg/objective"
)

// The wavy loss of seed 004 has three local minima; the global one is near
// 4.74, and gradient descent from −10 with learning rate 1.0 stops in the one
// near −0.935.
func ExampleWavy_Minima() {
	w := objective.Wavy{}
	for _, m := range w.Minima() {
		fmt.Printf("x = %.4f  L = %.4f  L'' = %.4f  global: %v\n", m.X, m.F, w.D2F(m.X), m.Global)
	}
	// Output:
	// x = -0.9354  L = 0.9566  L'' = 0.9048  global: false
	// x = 4.7385  L = -0.9962  L'' = 1.0997  global: true
	// x = 10.4225  L = 0.6299  L'' = 0.9402  global: false
}
