// The module path sits under golang.org/x/exp/trace so that Go's internal-package rule
// lets this test helper import x/exp's copy of internal/trace/raw. The gotraceraw command
// itself is not shipped in any release we can fetch (Go 1.24+ dropped
// internal/trace/testdata/cmd, and x/exp never had it).
module golang.org/x/exp/trace/cmd/gotraceraw

go 1.26.0

require golang.org/x/exp v0.0.0-20261113113407-e3970619a1a4
