// nqueen: count the placements of n non-attacking queens on an n x n board
// (plb2's nqueen task; written here from its description: depth-first
// backtracking over rows with 32-bit bit masks of the attacked columns and
// diagonals, no recursion). Prints the count. n is 1..31. No deviation.
package main

import (
	"fmt"
	"os"
	"strconv"
)

func nqueen(n int) int64 {
	all := uint32(1)<<uint(n) - 1
	var cols, left, right, avail [32]uint32
	var count int64
	k := 0

	avail[0] = all
	for k >= 0 {
		if avail[k] == 0 {
			k--
			continue
		}
		bit := avail[k] & -avail[k]
		avail[k] ^= bit
		if k == n-1 {
			count++
			continue
		}
		cols[k+1] = cols[k] | bit
		left[k+1] = ((left[k] | bit) << 1) & all
		right[k+1] = (right[k] | bit) >> 1
		avail[k+1] = all &^ (cols[k+1] | left[k+1] | right[k+1])
		k++
	}
	return count
}

func main() {
	n := 15
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	if n < 1 || n > 31 {
		fmt.Fprintln(os.Stderr, "nqueen: n must be 1..31")
		os.Exit(2)
	}
	fmt.Println(nqueen(n))
}
