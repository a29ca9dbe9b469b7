// fannkuchredux: Fannkuch-redux (Benchmarks Game definition). Visits all
// n! permutations of 0..n-1 in the benchmark's counting order, counts the
// prefix reversals ("flips") each needs until 0 comes first, and prints
// the alternating-sign checksum of the flip counts and the maximum.
// No deviation.
package main

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"time"
)

const prog = "fannkuchredux"

const maxN = 32

// countFlips returns the flips needed to bring 0 to the front of p (a
// copy).
func countFlips(p [maxN]int) int {
	flips := 0
	for first := p[0]; first != 0; first = p[0] {
		for lo, hi := 0, first; lo < hi; lo, hi = lo+1, hi-1 {
			p[lo], p[hi] = p[hi], p[lo]
		}
		flips++
	}
	return flips
}

// run is one full run over the n! permutations: checksum and maximum
// flips.
func run(n int) [2]int {
	var perm, count [maxN]int
	for i := 0; i < n; i++ {
		perm[i] = i
	}

	checksum, maxFlips, index := 0, 0, 0
	r := n
	for {
		for ; r != 1; r-- {
			count[r-1] = r
		}

		if perm[0] != 0 {
			flips := countFlips(perm)
			if flips > maxFlips {
				maxFlips = flips
			}
			if index%2 == 0 {
				checksum += flips
			} else {
				checksum -= flips
			}
		}

		// Next permutation: rotate the first r+1 elements left until a
		// rotation count is not exhausted.
		for {
			if r == n {
				return [2]int{checksum, maxFlips}
			}
			first := perm[0]
			copy(perm[:r], perm[1:r+1])
			perm[r] = first
			count[r]--
			if count[r] > 0 {
				break
			}
			r++
		}
		index++
	}
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
	n := 7
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	if n < 1 || n > maxN {
		fmt.Fprintf(os.Stderr, "fannkuchredux: n must be 1..%d\n", maxN)
		os.Exit(1)
	}
	r := iterate(func() [2]int { return run(n) }, func(a, b [2]int) bool { return a == b })
	fmt.Printf("%d\nPfannkuchen(%d) = %d\n", r[0], n, r[1])
}
