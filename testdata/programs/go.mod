module traceglass.test/programs

go 1.18
