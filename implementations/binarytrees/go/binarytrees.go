// binarytrees: allocate and walk perfect binary trees (Benchmarks Game
// definition). Every node is its own heap object, built bottom-up and
// left to the garbage collector; min depth 4, a stretch tree of depth
// max+1, one long-lived tree of depth max, and 2^(max-d+4) trees at each
// depth d (step 2). check = number of nodes. Default GC settings, no
// arena; no deviation.
package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"time"
)

const prog = "binarytrees"

const minDepth = 4

type node struct {
	left, right *node
}

func makeTree(depth int) *node {
	if depth == 0 {
		return &node{}
	}
	return &node{makeTree(depth - 1), makeTree(depth - 1)}
}

func (n *node) check() int {
	if n.left == nil {
		return 1
	}
	return 1 + n.left.check() + n.right.check()
}

// checks is what a run prints, one per line of output.
type checks struct {
	stretch   int
	depths    []int // depth minDepth, minDepth + 2, ... max
	longLived int
}

func sameChecks(a, b checks) bool {
	return a.stretch == b.stretch && slices.Equal(a.depths, b.depths) &&
		a.longLived == b.longLived
}

// run is one full run up to maxDepth.
func run(maxDepth int) checks {
	var c checks
	c.stretch = makeTree(maxDepth + 1).check()

	longLived := makeTree(maxDepth)
	for depth := minDepth; depth <= maxDepth; depth += 2 {
		iterations := 1 << (maxDepth - depth + minDepth)
		sum := 0
		for i := 0; i < iterations; i++ {
			sum += makeTree(depth).check()
		}
		c.depths = append(c.depths, sum)
	}
	c.longLived = longLived.check()
	return c
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
	n := 10
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	maxDepth := n
	if maxDepth < minDepth+2 {
		maxDepth = minDepth + 2
	}
	c := iterate(func() checks { return run(maxDepth) }, sameChecks)

	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	fmt.Fprintf(out, "stretch tree of depth %d\t check: %d\n", maxDepth+1,
		c.stretch)
	for depth := minDepth; depth <= maxDepth; depth += 2 {
		iterations := 1 << (maxDepth - depth + minDepth)
		fmt.Fprintf(out, "%d\t trees of depth %d\t check: %d\n", iterations,
			depth, c.depths[(depth-minDepth)/2])
	}
	fmt.Fprintf(out, "long lived tree of depth %d\t check: %d\n", maxDepth,
		c.longLived)
}
