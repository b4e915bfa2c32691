module traceglass/tests/go/mathcheck

go 1.26
