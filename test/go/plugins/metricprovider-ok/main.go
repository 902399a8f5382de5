// A healthy metric provider plugin.
package main

import "rpfixtures/argoplugin"

func main() {
	argoplugin.Serve("metricprovider", &argoplugin.Server{TypeName: "FixtureMetricProvider"})
}
