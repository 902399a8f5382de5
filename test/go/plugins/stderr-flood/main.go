// Floods stderr: 2 MiB on the process's stderr before serving, then 1 MiB on go-plugin's
// stderr stream (os.Stderr is redirected into the yamux connection once serving).
package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"rpfixtures/argoplugin"
)

func main() {
	line := strings.Repeat("x", 1000)
	for i := 0; i < 2048; i++ {
		fmt.Fprintf(os.Stderr, "flood %04d %s\n", i, line)
	}
	go func() {
		time.Sleep(50 * time.Millisecond)
		for i := 0; i < 1024; i++ {
			fmt.Fprintf(os.Stderr, "stream flood %04d %s\n", i, line)
		}
	}()
	argoplugin.Serve("trafficrouter", &argoplugin.Server{TypeName: "FixtureStderrFlood"})
}
