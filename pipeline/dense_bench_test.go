package pipeline

import (
	"fmt"
	"strings"
	"testing"

	"vanban/extract"
)

// denseShapes are the inputs of issue 15 that took the parser past a
// minute: one shape of text repeated to a size. Each returns about n
// bytes of a notice whose body is that shape.
var denseShapes = []struct {
	name string
	make func(n int) string
}{
	{"citations", func(n int) string { return denseHead + repeatTo("Số 1-TB/TU ", n) }},
	{"statistics", func(n int) string {
		var b strings.Builder
		b.WriteString(denseHead)
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(&b, "tăng %d,5 %%, đạt %d tỷ đồng; ", i%97, i%1000)
		}
		return b.String()
	}},
	{"numbered", func(n int) string { return denseHead + repeatTo("1. x\n", n) }},
	{"recipients", func(n int) string { return denseHead + "Nơi nhận:\n" + repeatTo("- x\n", n) }},
}

const denseHead = "TỈNH ỦY TIỀN GIANG\nSố 12-TB/TU\nMỹ Tho, ngày 5 tháng 3 năm 2024\nTHÔNG BÁO\nkết luận của Thường trực Tỉnh ủy\n"

func repeatTo(s string, n int) string { return strings.Repeat(s, max(1, n/len(s))) }

// BenchmarkDense parses each dense shape at 1×, 10× and 100× of 100 KB
// and prints MB/s: a linear parser keeps the same rate at every size.
func BenchmarkDense(b *testing.B) {
	for _, shape := range denseShapes {
		for _, scale := range []int{1, 10, 100} {
			text := shape.make(scale * 100 << 10)
			b.Run(fmt.Sprintf("%s/%dx", shape.name, scale), func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				for i := 0; i < b.N; i++ {
					Parse(&extract.Document{Path: "dense.txt", Format: extract.FormatText, Text: text})
				}
			})
		}
	}
}
