module traceglass.test/sortcheck

go 1.22
