// A traffic router whose broker acknowledges the dispensed stream with the wrong id, then serves
// Plugin on it all the same: a host that does not check the ack gets a Plugin.Type answer, where
// go-plugin's client fails with "bad ack". go-plugin's own broker cannot be made to do this, so
// the server side is spelled out here as go-plugin's RPCServer does it (rpc_server.go).
package main

import (
	"encoding/binary"
	"fmt"
	"io/ioutil"
	"net"
	"net/rpc"
	"os"

	"github.com/hashicorp/yamux"

	"rpfixtures/argoplugin"
)

const pluginName = "RpcTrafficRouterPlugin"

// dispensedID is what Dispenser.Dispense answers; the broker then acknowledges dispensedID+1.
const dispensedID uint32 = 1

type control struct{ quit chan struct{} }

func (c *control) Ping(null bool, response *struct{}) error { return nil }

func (c *control) Quit(null bool, response *struct{}) error {
	close(c.quit)
	return nil
}

type dispenser struct{}

func (dispenser) Dispense(name string, response *uint32) error {
	if name != pluginName {
		return fmt.Errorf("unknown plugin type: %s", name)
	}
	*response = dispensedID
	return nil
}

func main() {
	if os.Getenv("ARGO_ROLLOUTS_RPC_PLUGIN") != "trafficrouter" {
		fmt.Fprintln(os.Stderr, "This binary is a plugin. These are not meant to be executed directly.")
		os.Exit(1)
	}
	// go-plugin's socket: a fresh name in TMPDIR.
	f, err := ioutil.TempFile("", "plugin")
	if err != nil {
		panic(err)
	}
	path := f.Name()
	f.Close()
	os.Remove(path)
	listener, err := net.Listen("unix", path)
	if err != nil {
		panic(err)
	}
	defer os.Remove(path)
	fmt.Printf("1|1|unix|%s|netrpc|\n", path)

	conn, err := listener.Accept()
	if err != nil {
		panic(err)
	}
	session, err := yamux.Server(conn, nil)
	if err != nil {
		panic(err)
	}
	controlStream, err := session.Accept()
	if err != nil {
		return
	}
	for i := 0; i < 2; i++ { // the host's stdout and stderr streams, left unused
		if _, err := session.Accept(); err != nil {
			return
		}
	}
	go func() {
		stream, err := session.Accept()
		if err != nil {
			return
		}
		var id uint32
		if err := binary.Read(stream, binary.LittleEndian, &id); err != nil {
			return
		}
		binary.Write(stream, binary.LittleEndian, id+1)
		server := rpc.NewServer()
		server.RegisterName("Plugin", &argoplugin.Server{TypeName: "FixtureBadBrokerAck"})
		server.ServeConn(stream)
	}()

	quit := make(chan struct{})
	server := rpc.NewServer()
	server.RegisterName("Control", &control{quit: quit})
	server.RegisterName("Dispenser", dispenser{})
	go server.ServeConn(controlStream)
	select {
	case <-quit:
	case <-session.CloseChan():
	}
}
