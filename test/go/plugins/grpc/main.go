// Serves gRPC instead of net/rpc.
package main

import (
	"context"

	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"rpfixtures/argoplugin"
)

type grpcPlugin struct{ plugin.NetRPCUnsupportedPlugin }

func (grpcPlugin) GRPCServer(*plugin.GRPCBroker, *grpc.Server) error { return nil }

func (grpcPlugin) GRPCClient(context.Context, *plugin.GRPCBroker, *grpc.ClientConn) (interface{}, error) {
	return nil, nil
}

func main() {
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: argoplugin.Handshake("trafficrouter", 1),
		Plugins:         map[string]plugin.Plugin{"RpcTrafficRouterPlugin": grpcPlugin{}},
		GRPCServer:      plugin.DefaultGRPCServer,
	})
}
