// helm-render renders a Helm chart the way `helm template` does, for the tests of
// deploy/helm/: there is no helm binary on this machine (no Debian package, no network), so this
// is NOT Helm. It is Go's text/template with Helm's settings (missingkey=zero, "<no value>"
// removed), sprig's function map as Helm builds it (without env/expandenv), and the few Helm
// built-ins the chart uses: include, required, toYaml, .Values (values.yaml
// coalesced with -f files, null deletes a key), .Release, .Chart, .Files.Get. A chart that uses
// anything else (lookup, tpl, .Capabilities, subcharts, hooks) fails here instead of rendering
// differently from Helm.
//
//	helm-render RELEASE CHART_DIR --namespace NS [-f values.yaml|-]...
//
// It prints each rendered template as `helm template` does: "---", "# Source: <chart>/<path>",
// the manifest; templates whose output is blank are left out.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"sigs.k8s.io/yaml"
)

type chartMeta struct {
	APIVersion  string `json:"apiVersion"`
	Name        string `json:"name"`
	Version     string `json:"version"`
	AppVersion  string `json:"appVersion"`
	Description string `json:"description"`
	Type        string `json:"type"`
}

// files is .Files: the chart's files other than Chart.yaml, values.yaml and templates/, by path.
type files map[string][]byte

func (f files) Get(name string) string { return string(f[name]) }

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	var positional, valueFiles []string
	namespace := "default"
	for i := 0; i < len(args); i++ {
		switch args[i] {
		case "--namespace", "-n", "-f", "--values":
			if i+1 >= len(args) {
				return fmt.Errorf("%s needs a value", args[i])
			}
			if args[i] == "-f" || args[i] == "--values" {
				valueFiles = append(valueFiles, args[i+1])
			} else {
				namespace = args[i+1]
			}
			i++
		default:
			if strings.HasPrefix(args[i], "-") {
				return fmt.Errorf("unknown flag %s (this is not helm: only --namespace and -f)", args[i])
			}
			positional = append(positional, args[i])
		}
	}
	if len(positional) != 2 {
		return errors.New("usage: helm-render RELEASE CHART_DIR --namespace NS [-f values.yaml]...")
	}
	release, dir := positional[0], positional[1]

	var meta chartMeta
	if err := readYAML(filepath.Join(dir, "Chart.yaml"), &meta, true); err != nil {
		return err
	}
	if meta.APIVersion != "v2" || meta.Name == "" || meta.Version == "" {
		return errors.New("Chart.yaml: apiVersion v2, name and version are required")
	}
	if meta.Type != "" && meta.Type != "application" {
		return fmt.Errorf("Chart.yaml: type %q is not rendered", meta.Type)
	}
	if _, err := os.Stat(filepath.Join(dir, "charts")); err == nil {
		return errors.New("subcharts are not supported by this renderer")
	}

	values := map[string]interface{}{}
	if err := readYAML(filepath.Join(dir, "values.yaml"), &values, false); err != nil {
		return err
	}
	for _, f := range valueFiles {
		user := map[string]interface{}{}
		if err := readYAML(f, &user, true); err != nil {
			return err
		}
		values = coalesce(user, values)
	}

	chartFiles, templates, err := load(dir)
	if err != nil {
		return err
	}
	top := map[string]interface{}{
		"Values":  values,
		"Release": map[string]interface{}{"Name": release, "Namespace": namespace, "Service": "Helm", "IsInstall": true, "IsUpgrade": false, "Revision": 1},
		"Chart":   map[string]interface{}{"Name": meta.Name, "Version": meta.Version, "AppVersion": meta.AppVersion, "Description": meta.Description},
		"Files":   chartFiles,
	}
	out, err := render(meta.Name, templates, top)
	if err != nil {
		return err
	}
	_, err = os.Stdout.WriteString(out)
	return err
}

func readYAML(path string, into interface{}, mustExist bool) error {
	var data []byte
	var err error
	if path == "-" { // -f - reads the values from stdin, as helm does
		data, err = io.ReadAll(os.Stdin)
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		if !mustExist && errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return err
	}
	if err := yaml.Unmarshal(data, into); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// load reads the chart directory (symlinks followed, as Helm's loader does) into .Files and the
// templates, keyed by their path relative to the chart.
func load(dir string) (files, map[string]string, error) {
	chartFiles, templates := files{}, map[string]string{}
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if info.IsDir() {
			return nil
		}
		data, err := os.ReadFile(path) // follows a symlink to its target
		if err != nil {
			return err
		}
		switch {
		case rel == "Chart.yaml" || rel == "values.yaml":
		case strings.HasPrefix(rel, "templates/"):
			templates[rel] = string(data)
		default:
			chartFiles[rel] = data
		}
		return nil
	})
	return chartFiles, templates, err
}

// coalesce merges user values over the chart's defaults like Helm: maps deeply, anything else
// replaced, and a null user value deletes the default.
func coalesce(user, defaults map[string]interface{}) map[string]interface{} {
	out := map[string]interface{}{}
	for k, v := range defaults {
		out[k] = v
	}
	for k, v := range user {
		if v == nil {
			delete(out, k)
			continue
		}
		um, uok := v.(map[string]interface{})
		dm, dok := out[k].(map[string]interface{})
		if uok && dok {
			out[k] = coalesce(um, dm)
		} else {
			out[k] = v
		}
	}
	return out
}

func render(chart string, templates map[string]string, top map[string]interface{}) (string, error) {
	root := template.New("gotpl").Option("missingkey=zero")
	funcs := sprig.TxtFuncMap()
	delete(funcs, "env")
	delete(funcs, "expandenv")
	funcs["toYaml"] = func(v interface{}) string {
		data, err := yaml.Marshal(v)
		if err != nil {
			return ""
		}
		return strings.TrimSuffix(string(data), "\n")
	}
	funcs["required"] = func(warn string, v interface{}) (interface{}, error) {
		if v == nil {
			return v, errors.New(warn)
		}
		if s, ok := v.(string); ok && s == "" {
			return v, errors.New(warn)
		}
		return v, nil
	}
	funcs["include"] = func(name string, data interface{}) (string, error) {
		var buf bytes.Buffer
		if err := root.ExecuteTemplate(&buf, name, data); err != nil {
			return "", err
		}
		return buf.String(), nil
	}
	root.Funcs(funcs)

	names := make([]string, 0, len(templates))
	for name := range templates {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if _, err := root.New(chart + "/" + name).Parse(templates[name]); err != nil {
			return "", err
		}
	}
	var out strings.Builder
	for _, name := range names {
		if strings.HasPrefix(filepath.Base(name), "_") || !(strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
			continue
		}
		var buf bytes.Buffer
		if err := root.ExecuteTemplate(&buf, chart+"/"+name, top); err != nil {
			return "", err
		}
		text := strings.ReplaceAll(buf.String(), "<no value>", "")
		if strings.TrimSpace(text) == "" {
			continue
		}
		for _, doc := range strings.Split(text, "\n---") {
			var parsed interface{}
			if err := yaml.Unmarshal([]byte(doc), &parsed); err != nil {
				return "", fmt.Errorf("%s/%s: invalid YAML: %w", chart, name, err)
			}
		}
		fmt.Fprintf(&out, "---\n# Source: %s/%s\n%s\n", chart, name, strings.TrimSpace(text))
	}
	return out.String(), nil
}
