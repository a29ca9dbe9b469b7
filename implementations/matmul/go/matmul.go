// matmul: multiply two n x n matrices of doubles (plb2's matmul task;
// written here from its description). n is rounded down to an even number;
// both matrices are a[i][j] = (1.0 / n / n) * (i - j) * (i + j), each row
// its own slice; c = a * b with the i-k-j loop order (the inner loop is an
// axpy over a row of b and a row of c). Prints c[n/2][n/2] (%.9f).
// No deviation. The row of b is resliced to the length of the row of c, so
// the compiler can drop the bounds check of the inner loop; gc does not
// vectorise it (it never vectorises), which is Go's cost here.
package main

import (
	"fmt"
	"os"
	"strconv"
)

func matGen(n int) [][]float64 {
	tmp := 1.0 / float64(n) / float64(n)
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		for j := range m[i] {
			m[i][j] = tmp * float64(i-j) * float64(i+j)
		}
	}
	return m
}

func matMul(a, b [][]float64, n int) [][]float64 {
	c := make([][]float64, n)
	for i := range c {
		ci := make([]float64, n)
		for k, aik := range a[i] {
			bk := b[k][:len(ci)]
			for j := range ci {
				ci[j] += aik * bk[j]
			}
		}
		c[i] = ci
	}
	return c
}

func main() {
	n := 1500
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	n = n / 2 * 2
	if n < 2 || n > 100000 {
		fmt.Fprintln(os.Stderr, "matmul: n must be 2..100000")
		os.Exit(2)
	}
	a := matGen(n)
	b := matGen(n)
	c := matMul(a, b, n)
	fmt.Printf("%.9f\n", c[n/2][n/2])
}
