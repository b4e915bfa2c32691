module traceglass/tests/go/durationcheck

go 1.26
