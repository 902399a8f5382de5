// Floods stderr: 2 MiB on the process's stderr before serving, then 1 MiB inside the Plugin.Type
// call on go-plugin's stderr stream (os.Stderr is redirected into the yamux connection while
// serving), so the reply only comes if the host keeps the stream's window open.
package main

import (
	"fmt"
	"os"
	"strings"

	"rpfixtures/argoplugin"
)

func main() {
	line := strings.Repeat("x", 1000)
	for i := 0; i < 2048; i++ {
		fmt.Fprintf(os.Stderr, "flood %04d %s\n", i, line)
	}
	argoplugin.Serve("trafficrouter", &argoplugin.Server{
		TypeName: "FixtureStderrFlood",
		BeforeType: func() {
			for i := 0; i < 1024; i++ {
				fmt.Fprintf(os.Stderr, "stream flood %04d %s\n", i, line)
			}
		},
	})
}
