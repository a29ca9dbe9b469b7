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
	"os"
	"strconv"
)

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

func main() {
	n := 10
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	maxDepth := n
	if maxDepth < minDepth+2 {
		maxDepth = minDepth + 2
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()

	fmt.Fprintf(out, "stretch tree of depth %d\t check: %d\n", maxDepth+1,
		makeTree(maxDepth+1).check())

	longLived := makeTree(maxDepth)
	for depth := minDepth; depth <= maxDepth; depth += 2 {
		iterations := 1 << (maxDepth - depth + minDepth)
		sum := 0
		for i := 0; i < iterations; i++ {
			sum += makeTree(depth).check()
		}
		fmt.Fprintf(out, "%d\t trees of depth %d\t check: %d\n", iterations, depth, sum)
	}
	fmt.Fprintf(out, "long lived tree of depth %d\t check: %d\n", maxDepth, longLived.check())
}
