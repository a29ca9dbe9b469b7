// mandelbrot: the Mandelbrot set on [-1.5, 0.5] x [-1, 1] as an n x n
// bitmap (Benchmarks Game definition): 50 iterations of z = z^2 + c,
// escape when |z|^2 > 4, a set bit for a point that never escapes, eight
// pixels per byte (first pixel in the high bit, rows padded), written as a
// binary PBM ("P4\nW H\n"). One pixel at a time, no SIMD; no deviation.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
)

const (
	iterations = 50
	limitSq    = 4.0
)

func inSet(cr, ci float64) bool {
	var zr, zi, tr, ti float64
	for i := 0; i < iterations && tr+ti <= limitSq; i++ {
		zi = 2.0*zr*zi + ci
		zr = tr - ti + cr
		tr = zr * zr
		ti = zi * zi
	}
	return tr+ti <= limitSq
}

func main() {
	n := 200
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	row := make([]byte, (n+7)/8)

	fmt.Fprintf(out, "P4\n%d %d\n", n, n)
	for y := 0; y < n; y++ {
		ci := 2.0*float64(y)/float64(n) - 1.0
		var bits byte
		pos := 0
		for x := 0; x < n; x++ {
			bits <<= 1
			if inSet(2.0*float64(x)/float64(n)-1.5, ci) {
				bits |= 1
			}
			if x%8 == 7 {
				row[pos] = bits
				pos++
				bits = 0
			}
		}
		if n%8 != 0 {
			row[pos] = bits << (8 - n%8)
		}
		out.Write(row)
	}
}
