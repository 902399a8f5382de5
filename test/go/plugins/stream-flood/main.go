// Opens a yamux stream of its own on go-plugin's connection as soon as it is dispensed and writes
// into it without end, while Plugin.Type takes 3 s to answer. (go-plugin offers no such call:
// MuxBroker.Dial waits for an ack a net/rpc host never sends, so the broker's session is reached
// by reflection.) A host that acknowledges every frame (yamux-js does, read or not) lets it send
// gigabytes; one that never takes the stream lets Go's yamux stop after its 256 KiB window.
package main

import (
	"reflect"
	"time"
	"unsafe"

	plugin "github.com/hashicorp/go-plugin"
	"github.com/hashicorp/yamux"

	"rpfixtures/argoplugin"
)

func main() {
	argoplugin.Serve("trafficrouter", &argoplugin.Server{
		TypeName: "FixtureStreamFlood",
		OnBroker: func(b *plugin.MuxBroker) {
			field := reflect.ValueOf(b).Elem().FieldByName("session")
			session := (*yamux.Session)(unsafe.Pointer(field.Pointer()))
			stream, err := session.OpenStream()
			if err != nil {
				return
			}
			chunk := make([]byte, 1<<20)
			for {
				if _, err := stream.Write(chunk); err != nil {
					return
				}
			}
		},
		BeforeType: func() { time.Sleep(3 * time.Second) },
	})
}
