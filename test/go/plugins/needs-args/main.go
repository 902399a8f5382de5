// Parses its arguments with Go's flag package, as many plugins do.
package main

import (
	"flag"
	"fmt"
	"os"

	"rpfixtures/argoplugin"
)

func main() {
	level := flag.String("log-level", "info", "log level")
	flag.Parse()
	fmt.Fprintf(os.Stderr, "log level %s\n", *level)
	argoplugin.Serve("trafficrouter", &argoplugin.Server{TypeName: "FixtureNeedsArgs"})
}
