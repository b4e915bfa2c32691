module traceglass/tests/go/floatcheck

go 1.26
