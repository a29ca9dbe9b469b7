// net.go: IPv4/IPv6 TCP and UDP refused; goroutines still work. Exit 0
// when the sandbox behaved. With the argument "panic": a Go panic.
package main

import (
	"fmt"
	"net"
	"os"
	"sync"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "panic" {
		panic("on purpose")
	}
	bad := 0
	for _, nw := range []string{"tcp4", "tcp6", "udp4", "udp6"} {
		addr := "127.0.0.1:9"
		if nw[3] == '6' {
			addr = "[::1]:9"
		}
		c, err := net.Dial(nw, addr)
		if err == nil {
			c.Close()
			bad = 1
			fmt.Println(nw, "allowed")
		} else {
			fmt.Println(nw, "refused")
		}
	}
	var wg sync.WaitGroup
	sum := 0
	var mu sync.Mutex
	for i := 1; i <= 100; i++ {
		wg.Add(1)
		go func(n int) { defer wg.Done(); mu.Lock(); sum += n; mu.Unlock() }(i)
	}
	wg.Wait()
	fmt.Println("goroutines", sum == 5050)
	os.Exit(bad)
}
