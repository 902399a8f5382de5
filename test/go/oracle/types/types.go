// Package types mirrors the controller's PluginItem (v1.8.0 and later) so that encoding/json
// error messages name the same Go types the controller's do.
package types

type PluginType string

type PluginItem struct {
	Name        string        `json:"name" yaml:"name"`
	Location    string        `json:"location" yaml:"location"`
	Sha256      string        `json:"sha256" yaml:"sha256"`
	Type        PluginType
	Disabled    bool          `json:"disabled" yaml:"disabled"`
	Args        []string      `json:"args" yaml:"args"`
	HeadersFrom []HeadersFrom `json:"headersFrom" yaml:"headersFrom"`
}

type HeadersFrom struct {
	SecretRef SecretRef `json:"secretRef" yaml:"secretRef"`
}

type SecretRef struct {
	Name string `json:"name" yaml:"name"`
}
