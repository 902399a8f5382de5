// Package argoplugin mirrors the wire shape of Argo Rollouts' plugin RPC types (rollout/trafficrouting/plugin/rpc,
// metricproviders/plugin/rpc, rollout/steps/plugin/rpc, utils/plugin/types), which are not installed here. gob
// matches struct fields by name, so a reply type with the same field names decodes the same on either side.
package argoplugin

import (
	"fmt"
	"net/rpc"

	plugin "github.com/hashicorp/go-plugin"
)

// RpcError is Argo's types.RpcError.
type RpcError struct {
	ErrorString string
}

// PluginNames are the names Argo's host dispenses, by plugin type (= magic cookie value).
var PluginNames = map[string]string{
	"trafficrouter":  "RpcTrafficRouterPlugin",
	"metricprovider": "RpcMetricProviderPlugin",
	"step":           "RpcStepPlugin",
}

// Handshake is Argo's HandshakeConfig for a plugin type.
func Handshake(pluginType string, protocolVersion uint) plugin.HandshakeConfig {
	return plugin.HandshakeConfig{
		ProtocolVersion:  protocolVersion,
		MagicCookieKey:   "ARGO_ROLLOUTS_RPC_PLUGIN",
		MagicCookieValue: pluginType,
	}
}

// Server is served as "Plugin" on the dispensed stream, with the two methods every Argo plugin kind has.
type Server struct {
	TypeName  string
	InitError string
	// Init runs inside InitPlugin instead; what it returns is the error string (empty: none).
	Init func() string
	// BeforeType runs inside the Type call (a fixture uses it to die mid-call).
	BeforeType func()
	// OnBroker runs (in its own goroutine) once the plugin is dispensed, with go-plugin's broker.
	OnBroker func(*plugin.MuxBroker)
}

func (s *Server) InitPlugin(args interface{}, resp *RpcError) error {
	errorString := s.InitError
	if s.Init != nil {
		errorString = s.Init()
	}
	*resp = RpcError{ErrorString: errorString}
	return nil
}

func (s *Server) Type(args interface{}, resp *string) error {
	if s.BeforeType != nil {
		s.BeforeType()
	}
	*resp = s.TypeName
	return nil
}

// RPCPlugin is the go-plugin Plugin for any of the three kinds.
type RPCPlugin struct{ Impl *Server }

func (p *RPCPlugin) Server(b *plugin.MuxBroker) (interface{}, error) {
	if p.Impl.OnBroker != nil {
		go p.Impl.OnBroker(b)
	}
	return p.Impl, nil
}

func (RPCPlugin) Client(b *plugin.MuxBroker, c *rpc.Client) (interface{}, error) { return &Client{c}, nil }

// Client is the host side, calling like Argo's *PluginRPC types do.
type Client struct{ c *rpc.Client }

func (g *Client) InitPlugin() RpcError {
	var resp RpcError
	if err := g.c.Call("Plugin.InitPlugin", new(interface{}), &resp); err != nil {
		return RpcError{ErrorString: fmt.Sprintf("InitPlugin rpc call error: %s", err)}
	}
	return resp
}

func (g *Client) Type() (string, error) {
	var resp string
	err := g.c.Call("Plugin.Type", new(interface{}), &resp)
	return resp, err
}

// Serve serves impl as the plugin of the given type, with Argo's handshake.
func Serve(pluginType string, impl *Server) {
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: Handshake(pluginType, 1),
		Plugins:         map[string]plugin.Plugin{PluginNames[pluginType]: &RPCPlugin{Impl: impl}},
	})
}
