// Package types mirrors the controller's PluginItem of v1.5.x and v1.6.x.
package types

type PluginItem struct {
	Name     string `json:"name" yaml:"name"`
	Location string `json:"location" yaml:"location"`
	Sha256   string `json:"sha256" yaml:"sha256"`
}
