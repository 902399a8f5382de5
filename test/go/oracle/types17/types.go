// Package types mirrors the controller's PluginItem of v1.7.x (args, no step plugins).
package types

type PluginItem struct {
	Name     string   `json:"name" yaml:"name"`
	Location string   `json:"location" yaml:"location"`
	Sha256   string   `json:"sha256" yaml:"sha256"`
	Args     []string `json:"args" yaml:"args"`
}
