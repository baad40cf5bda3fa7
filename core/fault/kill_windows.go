package fault

import "os"

// kill ends the process at once; os.Exit runs no deferred function.
func kill() { os.Exit(137) }
