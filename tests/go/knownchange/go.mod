module traceglass/tests/go/knownchange

go 1.26
