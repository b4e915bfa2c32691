module traceglass/tests/go/tinytrace

go 1.26
