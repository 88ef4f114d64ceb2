module example.com/ccmsample

go 1.19
