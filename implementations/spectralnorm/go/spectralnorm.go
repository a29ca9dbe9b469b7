// spectralnorm: spectral norm of the infinite matrix
// A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), truncated to n x n (Benchmarks
// Game definition). Ten rounds of the power method on A^T A; prints
// sqrt(u.v / v.v) (%.9f). Plain scalar code, no deviation.
package main

import (
	"fmt"
	"math"
	"os"
	"strconv"
)

func aEntry(i, j int) float64 {
	return 1.0 / float64((i+j)*(i+j+1)/2+i+1)
}

// mulA sets out = A * in.
func mulA(in, out []float64) {
	for i := range out {
		var sum float64
		for j, x := range in {
			sum += aEntry(i, j) * x
		}
		out[i] = sum
	}
}

// mulAt sets out = A^T * in.
func mulAt(in, out []float64) {
	for i := range out {
		var sum float64
		for j, x := range in {
			sum += aEntry(j, i) * x
		}
		out[i] = sum
	}
}

// mulAtA sets out = A^T * A * in; tmp is scratch.
func mulAtA(in, out, tmp []float64) {
	mulA(in, tmp)
	mulAt(tmp, out)
}

func main() {
	n := 100
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	u := make([]float64, n)
	v := make([]float64, n)
	tmp := make([]float64, n)
	for i := range u {
		u[i] = 1
	}

	for round := 0; round < 10; round++ {
		mulAtA(u, v, tmp)
		mulAtA(v, u, tmp)
	}
	var vBv, vv float64
	for i := range v {
		vBv += u[i] * v[i]
		vv += v[i] * v[i]
	}
	fmt.Printf("%.9f\n", math.Sqrt(vBv/vv))
}
