module github.com/cancela/cancela/bench/httpload

go 1.26.0
