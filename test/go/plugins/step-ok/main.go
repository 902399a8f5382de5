// A healthy step plugin.
package main

import "rpfixtures/argoplugin"

func main() {
	argoplugin.Serve("step", &argoplugin.Server{TypeName: "FixtureStep"})
}
