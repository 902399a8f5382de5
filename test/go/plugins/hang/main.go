// Never prints a handshake line.
package main

import (
	"fmt"
	"os"
	"time"
)

func main() {
	fmt.Fprintln(os.Stderr, "waiting for a lock that never comes")
	time.Sleep(time.Hour)
}
