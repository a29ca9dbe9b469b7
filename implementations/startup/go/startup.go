// startup: print one line and exit, to measure the cost of starting the
// runtime and a process. No deviation.
package main

import "fmt"

func main() {
	fmt.Println("hello, world")
}
