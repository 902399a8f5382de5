// A minimal program cross-compiled by the probe tests to get real ELF, Mach-O and PE binaries.
package main

import "os"

func main() {
	os.Stdout.WriteString("hello from a plugin-sized binary\n")
}
