// Reports the environment names and working directory it was started with, then serves.
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"rpfixtures/argoplugin"
)

func main() {
	var names []string
	for _, kv := range os.Environ() {
		names = append(names, strings.SplitN(kv, "=", 2)[0])
	}
	sort.Strings(names)
	cwd, _ := os.Getwd()
	fmt.Fprintf(os.Stderr, "env %s\n", strings.Join(names, ","))
	fmt.Fprintf(os.Stderr, "cwd %s\n", cwd)
	fmt.Fprintf(os.Stderr, "tmpdir %s\n", os.TempDir())
	fmt.Fprintf(os.Stderr, "home %s\n", os.Getenv("HOME"))
	argoplugin.Serve("trafficrouter", &argoplugin.Server{TypeName: "FixtureEnvReport"})
}
