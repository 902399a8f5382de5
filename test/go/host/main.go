// The reference host: go-plugin's own client run against a plugin binary the way Argo Rollouts
// starts it (handshake, Dispense, then Plugin.Type and optionally Plugin.InitPlugin). Prints one
// JSON object; the TypeScript suite requires its own verdicts to agree, and bench/handshake
// compares timings (-repeat, -parallel).
package main

import (
	"encoding/json"
	"flag"
	"io/ioutil"
	"os"
	"os/exec"
	"sync"
	"time"

	hclog "github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"

	"rpfixtures/argoplugin"
)

type result struct {
	Started       bool    `json:"started"`
	StartError    string  `json:"startError,omitempty"`
	PingError     string  `json:"pingError,omitempty"`
	Dispensed     bool    `json:"dispensed"`
	DispenseError string  `json:"dispenseError,omitempty"`
	Type          string  `json:"type,omitempty"`
	TypeError     string  `json:"typeError,omitempty"`
	InitError     string  `json:"initError,omitempty"`
	Ms            float64 `json:"ms"`
}

func run(binary, pluginType string, args []string, init bool, timeout time.Duration) result {
	var r result
	began := time.Now()
	name := argoplugin.PluginNames[pluginType]
	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig: argoplugin.Handshake(pluginType, 1),
		Plugins:         map[string]plugin.Plugin{name: &argoplugin.RPCPlugin{}},
		Cmd:             exec.Command(binary, args...),
		StartTimeout:    timeout,
		Logger:          hclog.New(&hclog.LoggerOptions{Output: ioutil.Discard}),
		SyncStderr:      ioutil.Discard,
		SyncStdout:      ioutil.Discard,
	})
	defer client.Kill()
	rpcClient, err := client.Client()
	if err != nil {
		r.StartError = err.Error()
		return r
	}
	r.Started = true
	// Argo pings the plugin too; doing it here keeps the work equal to the TypeScript side's.
	if err := rpcClient.Ping(); err != nil {
		r.PingError = err.Error()
		return r
	}
	raw, err := rpcClient.Dispense(name)
	if err != nil {
		r.DispenseError = err.Error()
		return r
	}
	r.Dispensed = true
	p := raw.(*argoplugin.Client)
	if r.Type, err = p.Type(); err != nil {
		r.TypeError = err.Error()
	}
	r.Ms = float64(time.Since(began).Microseconds()) / 1000
	if init && err == nil {
		r.InitError = p.InitPlugin().ErrorString
	}
	return r
}

func main() {
	binary := flag.String("binary", "", "plugin binary")
	pluginType := flag.String("type", "trafficrouter", "trafficrouter|metricprovider|step")
	init := flag.Bool("init", false, "call Plugin.InitPlugin")
	timeoutMs := flag.Int("timeout", 10000, "start timeout in ms")
	repeat := flag.Int("repeat", 1, "rounds (bench)")
	parallel := flag.Int("parallel", 1, "handshakes at once per round (bench)")
	flag.Parse()
	timeout := time.Duration(*timeoutMs) * time.Millisecond

	var first result
	// roundMs: the whole round including Kill; typeMs: until the last Type answer of the round.
	var timings, typeTimings []float64
	for round := 0; round < *repeat; round++ {
		results := make([]result, *parallel)
		var wg sync.WaitGroup
		began := time.Now()
		for i := range results {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				results[i] = run(*binary, *pluginType, flag.Args(), *init, timeout)
			}(i)
		}
		wg.Wait()
		timings = append(timings, float64(time.Since(began).Microseconds())/1000)
		slowest := 0.0
		for _, r := range results {
			if r.Ms > slowest {
				slowest = r.Ms
			}
		}
		typeTimings = append(typeTimings, slowest)
		if round == 0 {
			first = results[0]
		}
	}
	out := map[string]interface{}{"result": first, "roundMs": timings, "typeMs": typeTimings}
	json.NewEncoder(os.Stdout).Encode(out)
}
