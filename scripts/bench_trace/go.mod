module traceglass.test/benchtrace

go 1.18
