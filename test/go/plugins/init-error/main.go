// A traffic router whose InitPlugin fails the way a plugin without cluster access does.
package main

import "rpfixtures/argoplugin"

func main() {
	argoplugin.Serve("trafficrouter", &argoplugin.Server{
		TypeName:  "FixtureInitError",
		InitError: "failed to create kubernetes client: invalid configuration: no configuration has been provided",
	})
}
