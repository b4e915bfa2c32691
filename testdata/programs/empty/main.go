// Command empty starts and immediately stops tracing: the smallest possible
// trace, containing only what the runtime writes at start and stop.
package main

import "traceglass.test/programs/internal/tt"

func main() {
	tt.Run(func() {})
}
