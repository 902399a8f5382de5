// Command oracle applies the Argo Rollouts controller's start-up rules to ConfigMap data with
// the libraries the controller uses (sigs.k8s.io/yaml, encoding/json, net/url, path/filepath),
// so the TypeScript reimplementation can be checked against them case by case.
//
// Input: one JSON case per line, {"id": "...", "version": "latest"|"v1.7"|"v1.5", "data": {...}}.
// Output: one JSON verdict per line, in the same order.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"sigs.k8s.io/yaml"

	types "rpfixtures/oracle/types"
	types15 "rpfixtures/oracle/types15"
	types17 "rpfixtures/oracle/types17"
)

const workdir = "/home/argo-rollouts"

var nameRule = regexp.MustCompile(`^([a-zA-Z0-9\-]+)\/{1}([a-zA-Z0-9_\-.]+)$`)

var keys = []struct{ key, label string }{
	{"trafficRouterPlugins", "traffic router"},
	{"metricProviderPlugins", "metric provider"},
	{"stepPlugins", "step"},
}

// knownDirectories are directories of the official image: copying one as a plugin always fails.
var knownDirectories = map[string]bool{"/": true, "/home": true, workdir: true, workdir + "/plugin-bin": true, "/tmp": true}

type input struct {
	ID      string            `json:"id"`
	Version string            `json:"version"`
	Data    map[string]string `json:"data"`
}

type entry struct {
	Key         string   `json:"key"`
	Index       int      `json:"index"`
	Name        string   `json:"name"`
	Location    string   `json:"location"`
	Sha256      string   `json:"sha256"`
	Args        []string `json:"args"`
	HeadersFrom []string `json:"headersFrom"`
	Disabled    bool     `json:"disabled"`
	NameValid   bool     `json:"nameValid"`
	ParseError  string   `json:"parseError"`
	Scheme      string   `json:"scheme"`
	Target      string   `json:"target"`
	Fatal       string   `json:"fatal"`
}

type output struct {
	ID        string            `json:"id"`
	KeyErrors map[string]string `json:"keyErrors"`
	Entries   []entry           `json:"entries"`
	Outcome   string            `json:"outcome"`
	Fatal     string            `json:"fatal"`
}

// item is the version-independent view of one decoded PluginItem.
type item struct {
	name, location, sha256 string
	args, headersFrom      []string
	disabled               bool
}

func unmarshal(version, text string) ([]item, error) {
	var out []item
	switch version {
	case "v1.5":
		var list []types15.PluginItem
		if err := yaml.Unmarshal([]byte(text), &list); err != nil {
			return nil, err
		}
		for _, p := range list {
			out = append(out, item{name: p.Name, location: p.Location, sha256: p.Sha256})
		}
	case "v1.7":
		var list []types17.PluginItem
		if err := yaml.Unmarshal([]byte(text), &list); err != nil {
			return nil, err
		}
		for _, p := range list {
			out = append(out, item{name: p.Name, location: p.Location, sha256: p.Sha256, args: p.Args})
		}
	default:
		var list []types.PluginItem
		if err := yaml.Unmarshal([]byte(text), &list); err != nil {
			return nil, err
		}
		for _, p := range list {
			var secrets []string
			for _, h := range p.HeadersFrom {
				secrets = append(secrets, h.SecretRef.Name)
			}
			out = append(out, item{name: p.Name, location: p.Location, sha256: p.Sha256, args: p.Args, headersFrom: secrets, disabled: p.Disabled})
		}
	}
	return out, nil
}

var lowerHex64 = regexp.MustCompile(`^[0-9a-f]{64}$`)

// A placeholder left in a URL's path, and the path of a GitHub release download: GitHub answers such a
// request 404 Not Found, which v1.8.0+ fails the download on before any sha256 is compared.
var (
	placeholder   = regexp.MustCompile(`<[A-Za-z][\w .-]*>|\{\{[^}]*\}\}|\$\{[^}]+\}|\$[A-Z][A-Z0-9_]{2,}|\b(?:CHANGE|REPLACE)[-_]?ME\b`)
	githubRelease = regexp.MustCompile(`^/[^/]+/[^/]+/releases/(?:latest/)?download/[^/]+`)
)

func judge(in input) output {
	out := output{ID: in.ID, KeyErrors: map[string]string{}, Entries: []entry{}, Outcome: "accepted"}
	fatal := func(msg string) {
		if out.Fatal == "" {
			out.Outcome, out.Fatal = "rejected", msg
		}
	}
	readsSteps := in.Version != "v1.5" && in.Version != "v1.7"
	statusChecked := readsSteps // v1.8.0 brought both
	for _, k := range keys {
		if k.key == "stepPlugins" && !readsSteps {
			continue
		}
		items, err := unmarshal(in.Version, in.Data[k.key])
		if err != nil {
			out.KeyErrors[k.key] = err.Error()
			fatal(fmt.Sprintf("Failed to init config: failed to unmarshal %s plugins while initializing: %v", k.label, err))
			continue
		}
		for i, p := range items {
			out.Entries = append(out.Entries, entry{Key: k.key, Index: i, Name: p.name, Location: p.location, Sha256: p.sha256,
				Args: p.args, HeadersFrom: p.headersFrom, Disabled: p.disabled, NameValid: nameRule.MatchString(p.name)})
		}
	}
	for _, e := range out.Entries {
		if !e.NameValid {
			fatal(fmt.Sprintf("Failed to init config: validation of config due to (plugin repository (%s) must be in the format of <namespace>/<name>)", e.Name))
		}
	}
	for i := range out.Entries {
		e := &out.Entries[i]
		u, err := url.ParseRequestURI(e.Location)
		if err != nil {
			e.ParseError = err.Error()
			e.Fatal = fmt.Sprintf("failed to parse plugin location: %v", err)
		} else {
			e.Scheme = u.Scheme
			switch u.Scheme {
			case "http", "https":
				e.Target = u.String()
				emptySecret := false
				for _, s := range e.HeadersFrom {
					emptySecret = emptySecret || s == ""
				}
				cannotMatch := e.Sha256 != "" && (in.Version == "v1.5" || !lowerHex64.MatchString(e.Sha256))
				switch {
				case emptySecret:
					e.Fatal = "failed to get secret in secretRef: resource name may not be empty"
				case u.Host == "":
					e.Fatal = fmt.Sprintf("failed to download plugin from %s: failed to download file from %s: Get %q: http: no Host in request URL", e.Location, e.Target, e.Target)
				case cannotMatch && statusChecked && strings.EqualFold(u.Host, "github.com") && githubRelease.MatchString(u.Path) && placeholder.MatchString(u.Path):
					e.Fatal = fmt.Sprintf("failed to download plugin from %s: failed to download file from %s: response code %s", e.Location, e.Target, http.StatusText(http.StatusNotFound))
				case cannotMatch:
					e.Fatal = fmt.Sprintf("sha256 hash of downloaded plugin (%s) does not match expected hash", e.Location)
				}
			case "file":
				p := u.Host + u.Path
				if filepath.IsAbs(p) {
					e.Target = filepath.Clean(p)
				} else {
					e.Target = filepath.Join(workdir, p)
				}
				if knownDirectories[e.Target] && e.NameValid {
					m := nameRule.FindStringSubmatch(e.Name)
					dst := filepath.Join(workdir, "plugin-bin", m[1], m[2])
					e.Fatal = fmt.Sprintf("failed to copy plugin from %s to %s: %s is not a regular file", e.Target, dst, e.Target)
				}
			default:
				e.Fatal = "plugin location must be of http(s) or file scheme"
			}
		}
		if e.Fatal != "" {
			fatal("Failed to download plugins: " + e.Fatal)
		}
	}
	return out
}

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 64<<20)
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetEscapeHTML(false)
	for scanner.Scan() {
		var in input
		if err := json.Unmarshal(scanner.Bytes(), &in); err != nil {
			fmt.Fprintln(os.Stderr, "oracle: bad input line:", err)
			os.Exit(2)
		}
		if err := encoder.Encode(judge(in)); err != nil {
			fmt.Fprintln(os.Stderr, "oracle:", err)
			os.Exit(2)
		}
	}
	if err := scanner.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "oracle:", err)
		os.Exit(2)
	}
}
