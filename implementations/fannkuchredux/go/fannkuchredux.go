// fannkuchredux: Fannkuch-redux (Benchmarks Game definition). Visits all
// n! permutations of 0..n-1 in the benchmark's counting order, counts the
// prefix reversals ("flips") each needs until 0 comes first, and prints
// the alternating-sign checksum of the flip counts and the maximum.
// No deviation.
package main

import (
	"fmt"
	"os"
	"strconv"
)

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

func main() {
	n := 7
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	if n < 1 || n > maxN {
		fmt.Fprintf(os.Stderr, "fannkuchredux: n must be 1..%d\n", maxN)
		os.Exit(1)
	}
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
				fmt.Printf("%d\nPfannkuchen(%d) = %d\n", checksum, n, maxFlips)
				return
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
