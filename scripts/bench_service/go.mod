module traceglass.test/benchservice

go 1.22
