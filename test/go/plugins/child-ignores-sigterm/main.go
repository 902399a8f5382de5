// Starts a child that ignores SIGTERM (as a wrapper script or a leaked helper would), waits until
// the child really ignores it, then serves.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"

	"rpfixtures/argoplugin"
)

func main() {
	if os.Getenv("FIXTURE_CHILD") == "1" {
		signal.Ignore(syscall.SIGTERM)
		ready := os.NewFile(3, "ready")
		ready.Write([]byte{1})
		ready.Close()
		time.Sleep(time.Hour)
		return
	}
	readyR, readyW, err := os.Pipe()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pipe:", err)
		os.Exit(1)
	}
	child := exec.Command(os.Args[0])
	child.Env = append(os.Environ(), "FIXTURE_CHILD=1")
	child.ExtraFiles = []*os.File{readyW}
	// The child keeps no pipe of ours open: go-plugin's own host (test/go/host) would otherwise
	// wait for stderr EOF forever after killing the plugin, which is not what this fixture tests.
	if err := child.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "cannot start child:", err)
		os.Exit(1)
	}
	readyW.Close()
	readyR.Read(make([]byte, 1))
	readyR.Close()
	fmt.Fprintf(os.Stderr, "child pid %d\n", child.Process.Pid)
	argoplugin.Serve("trafficrouter", &argoplugin.Server{TypeName: "FixtureChildIgnoresSigterm"})
}
