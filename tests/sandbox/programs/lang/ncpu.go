// ncpu.go: the CPUs Go's runtime sizes itself from (sandbox_cpus.sh).
package main

import (
	"fmt"
	"runtime"
)

func main() {
	fmt.Printf("numcpu %d gomaxprocs %d\n", runtime.NumCPU(), runtime.GOMAXPROCS(0))
}
