// versus iteration protocol (docs/iterations.md): the Go helper.
// Go's monotonic clock has no absolute value, so there is no start line.
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

// --- helper ---
func iterSetup() (int, *os.File) {
	n, err1 := strconv.Atoi(os.Getenv("VERSUS_ITERATIONS"))
	fd, err2 := strconv.Atoi(os.Getenv("VERSUS_ITER_FD"))
	if err1 != nil || err2 != nil {
		return 1, nil
	}
	return n, os.NewFile(uintptr(fd), "versus-iter")
}
// --- end of helper ---

func work() int64 {
	var sum int64
	for i := int64(0); i < 100000; i++ {
		sum = (sum + i*i) % 1000000007
	}
	return sum
}

func main() {
	n, out := iterSetup()
	var result int64
	for i := 0; i < n; i++ {
		t0 := time.Now()
		result = work()
		ns := time.Since(t0).Nanoseconds() // the timed region ends here
		if out != nil {
			fmt.Fprintf(out, "iter %d\n", ns) // one write per line
		}
	}
	if out != nil {
		out.Close()
	}
	fmt.Println(result) // the normal output, once
}
