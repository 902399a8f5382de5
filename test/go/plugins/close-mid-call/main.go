// Dies in the middle of the Plugin.Type call, closing the connection under the host.
package main

import (
	"fmt"
	"os"

	"rpfixtures/argoplugin"
)

func main() {
	argoplugin.Serve("trafficrouter", &argoplugin.Server{
		TypeName: "FixtureCloseMidCall",
		BeforeType: func() {
			fmt.Fprintln(os.Stderr, "panic: runtime error: invalid memory address or nil pointer dereference")
			os.Exit(2)
		},
	})
}
