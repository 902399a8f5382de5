// Speaks app protocol version 2, which Argo Rollouts (version 1) does not accept.
package main

import (
	plugin "github.com/hashicorp/go-plugin"

	"rpfixtures/argoplugin"
)

func main() {
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: argoplugin.Handshake("trafficrouter", 2),
		Plugins: map[string]plugin.Plugin{
			"RpcTrafficRouterPlugin": &argoplugin.RPCPlugin{Impl: &argoplugin.Server{TypeName: "FixtureV2"}},
		},
	})
}
