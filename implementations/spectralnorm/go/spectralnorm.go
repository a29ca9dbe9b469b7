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
	"time"
)

const prog = "spectralnorm"

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

// run is one full run: the norm of the n x n block, n = len(u); v and tmp
// hold n doubles too.
func run(u, v, tmp []float64) float64 {
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
	return math.Sqrt(vBv / vv)
}

// Iteration mode (versus's iteration protocol): with VERSUS_ITERATIONS=N
// and VERSUS_ITER_FD=K set, the workload runs N times in this process and
// fd K gets "iter <ns>" after each run, outside its timed region (time.Now
// and time.Since read the monotonic clock; no "start" line, as Go does not
// expose its absolute value). The output is printed once, after the last
// run. Without the variables: one run, no protocol.
func envNum(name string, lo, hi int) int {
	s := os.Getenv(name)
	v, err := strconv.Atoi(s)
	if err != nil || s[0] < '0' || s[0] > '9' || v < lo || v > hi {
		fmt.Fprintf(os.Stderr, "%s: %s must be a number in %d..%d\n",
			prog, name, lo, hi)
		os.Exit(2)
	}
	return v
}

// iterate calls run once, or N times in iteration mode, and returns the
// last result; runs that disagree (by same) are an error.
func iterate[R any](run func() R, same func(a, b R) bool) R {
	var fd *os.File
	runs := 1
	_, haveN := os.LookupEnv("VERSUS_ITERATIONS")
	_, haveFd := os.LookupEnv("VERSUS_ITER_FD")
	if haveN || haveFd {
		k := envNum("VERSUS_ITER_FD", 3, math.MaxInt32)
		runs = envNum("VERSUS_ITERATIONS", 1, 1000000)
		fd = os.NewFile(uintptr(k), "VERSUS_ITER_FD")
	}
	line := make([]byte, 0, 48)
	var result, last R
	for i := 0; i < runs; i++ {
		t0 := time.Now()
		result = run()
		ns := time.Since(t0).Nanoseconds()
		if i > 0 && !same(result, last) {
			fmt.Fprintf(os.Stderr, "%s: runs gave different results\n", prog)
			os.Exit(1)
		}
		last = result
		if fd != nil {
			line = append(strconv.AppendInt(append(line[:0], "iter "...), ns, 10), '\n')
			if _, err := fd.Write(line); err != nil {
				fmt.Fprintf(os.Stderr, "%s: iteration fd: %v\n", prog, err)
				os.Exit(1)
			}
		}
	}
	return result
}

func main() {
	n := 100
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	u := make([]float64, n)
	v := make([]float64, n)
	tmp := make([]float64, n)

	norm := iterate(func() float64 { return run(u, v, tmp) }, func(a, b float64) bool { return a == b })
	fmt.Printf("%.9f\n", norm)
}
