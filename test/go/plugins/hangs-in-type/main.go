// Serves (its unix socket exists), then never answers Plugin.Type and ignores SIGTERM: the host
// gives up on the call and must kill it, so go-plugin never gets to remove its socket.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"rpfixtures/argoplugin"
)

func main() {
	signal.Ignore(syscall.SIGTERM)
	argoplugin.Serve("trafficrouter", &argoplugin.Server{
		TypeName: "FixtureHangsInType",
		BeforeType: func() {
			fmt.Fprintln(os.Stderr, "Type: waiting for a lock that never comes")
			time.Sleep(time.Hour)
		},
	})
}
