// A healthy traffic router plugin.
package main

import (
	"fmt"
	"os"

	"rpfixtures/argoplugin"
)

func main() {
	fmt.Fprintln(os.Stderr, `{"@level":"info","@message":"starting traffic router fixture"}`)
	argoplugin.Serve("trafficrouter", &argoplugin.Server{TypeName: "FixtureTrafficRouter"})
}
