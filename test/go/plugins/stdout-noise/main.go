// Prints a banner on stdout before serving: the host reads it as the handshake line.
package main

import (
	"fmt"

	"rpfixtures/argoplugin"
)

func main() {
	fmt.Println("fixture plugin v0.4.0 starting")
	argoplugin.Serve("trafficrouter", &argoplugin.Server{TypeName: "FixtureStdoutNoise"})
}
