// Reports the environment names and working directory it was started with, then serves; its
// InitPlugin reports the kubeconfig it was offered.
package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"time"

	"rpfixtures/argoplugin"
)

// The process's own stderr: go-plugin's Serve replaces os.Stderr with a pipe it forwards over the
// connection, which may arrive after InitPlugin's answer; this one is written before it.
var hostStderr = os.Stderr

// kubeconfigSeen says, on stderr, which context, cluster, user and namespace a client-go program
// reads from the KUBECONFIG it was given, and the server: kubectl's own reading of it (client-go's
// loading rules; client-go itself is not installed here). Secrets are not printed (no --raw).
// Started with --request, it also says the cluster's trust settings and asks the server for
// /version, as a plugin that reads the cluster in InitPlugin does: a failed request fails InitPlugin.
func kubeconfigSeen() string {
	if os.Getenv("KUBECONFIG") == "" {
		fmt.Fprintln(hostStderr, "kubeconfig none")
		return ""
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "kubectl", "config", "view", "--minify", "-o",
		"jsonpath={.contexts[0].name} {.contexts[0].context.cluster} {.contexts[0].context.user} {.contexts[0].context.namespace} {.clusters[0].cluster.server}").Output()
	if err != nil {
		fmt.Fprintf(hostStderr, "kubeconfig unreadable: %v\n", err)
		return ""
	}
	fmt.Fprintf(hostStderr, "kubeconfig %s\n", out)
	for _, arg := range os.Args[1:] {
		if arg == "--request" {
			return request(ctx)
		}
	}
	return ""
}

func request(ctx context.Context) string {
	trust, err := exec.CommandContext(ctx, "kubectl", "config", "view", "--minify", "-o",
		"jsonpath=ca={.clusters[0].cluster.certificate-authority} ca-data={.clusters[0].cluster.certificate-authority-data} insecure={.clusters[0].cluster.insecure-skip-tls-verify} tls-server-name={.clusters[0].cluster.tls-server-name}").Output()
	if err != nil {
		return fmt.Sprintf("kubeconfig unreadable: %v", err)
	}
	fmt.Fprintf(hostStderr, "trust %s\n", trust)
	var stderr strings.Builder
	get := exec.CommandContext(ctx, "kubectl", "get", "--raw", "/version", "--request-timeout=5s")
	get.Stderr = &stderr
	if _, err := get.Output(); err != nil {
		failure := strings.TrimSpace(stderr.String())
		fmt.Fprintf(hostStderr, "request failed: %s\n", failure)
		return "cannot reach the cluster: " + failure
	}
	fmt.Fprintln(hostStderr, "request ok")
	return ""
}

func main() {
	var names []string
	for _, kv := range os.Environ() {
		names = append(names, strings.SplitN(kv, "=", 2)[0])
	}
	sort.Strings(names)
	cwd, _ := os.Getwd()
	fmt.Fprintf(os.Stderr, "env %s\n", strings.Join(names, ","))
	fmt.Fprintf(os.Stderr, "cwd %s\n", cwd)
	fmt.Fprintf(os.Stderr, "tmpdir %s\n", os.TempDir())
	fmt.Fprintf(os.Stderr, "home %s\n", os.Getenv("HOME"))
	argoplugin.Serve("trafficrouter", &argoplugin.Server{TypeName: "FixtureEnvReport", Init: kubeconfigSeen})
}
