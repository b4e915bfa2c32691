module traceglass/tests/go/tabwritercheck

go 1.26
