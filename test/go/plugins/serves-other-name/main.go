// Accepts the traffic router cookie but serves only the metric provider plugin name.
package main

import (
	plugin "github.com/hashicorp/go-plugin"

	"rpfixtures/argoplugin"
)

func main() {
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: argoplugin.Handshake("trafficrouter", 1),
		Plugins: map[string]plugin.Plugin{
			"RpcMetricProviderPlugin": &argoplugin.RPCPlugin{Impl: &argoplugin.Server{TypeName: "FixtureOtherName"}},
		},
	})
}
