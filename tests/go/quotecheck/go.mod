module traceglass/tests/go/quotecheck

go 1.26
