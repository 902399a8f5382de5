// Dies before the handshake.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "fatal: cannot read /etc/fixture/config.yaml: no such file or directory")
	os.Exit(3)
}
