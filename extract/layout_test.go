package extract

import (
	"slices"
	"strings"
	"testing"
)

// typeset draws s from x on baseline y in size-point glyphs half an em
// wide, spaces a quarter, as one run.
func typeset(x, y, size float64, s string) []glyph {
	var gs []glyph
	for _, r := range s {
		w := size / 2
		if r == ' ' {
			w = size / 4
		}
		gs = append(gs, glyph{x: x, y: y, w: w, size: size, s: string(r), run: int32(y)})
		x += w
	}
	return gs
}

// after is the x where typeset(x, …, s) ends.
func after(x, size float64, s string) float64 {
	gs := typeset(x, 0, size, s)
	return gs[len(gs)-1].x + gs[len(gs)-1].w
}

// TestGazetteHeader: the two columns of a state header ("CHÍNH PHỦ" and
// the motto, the number and the place and date) come out as separate
// lines whether their gutter is wide or barely more than an em, and the
// gazette's running head with its page number, on either side, is
// furniture.
func TestGazetteHeader(t *testing.T) {
	const head = "CÔNG BÁO/Số 11 + 12/Ngày 10-01-2023"
	for _, tt := range []struct {
		name   string
		gutter float64 // between the columns, in ems of 13 points; -1: the right column ends at 560
		even   bool    // page number left of the running head
	}{
		{"wide gutter, odd page", 4, false},
		{"wide gutter, even page", 4, true},
		{"gutter of an em", 1, true},
		{"gutter of 0.8 em", 0.8, false},
		{"right column flush right", -1, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var page []glyph
			if tt.even {
				page = append(page, typeset(64, 790, 12, "6")...)
				page = append(page, typeset(174, 790, 12, head)...)
			} else {
				page = append(page, typeset(174, 790, 12, head)...)
				page = append(page, typeset(520, 790, 12, "7")...)
			}
			left := func(y float64, s string) float64 {
				page = append(page, typeset(80, y, 13, s)...)
				return after(80, 13, s)
			}
			gap := tt.gutter * 13
			x := left(743, "CHÍNH PHỦ") + gap
			if tt.gutter < 0 {
				x = 560 - after(0, 13, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
			}
			page = append(page, typeset(x, 743, 13, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")...)
			page = append(page, typeset(x+20, 728, 13, "Độc lập - Tự do - Hạnh phúc")...)
			x = left(700, "Số: 188/2025/NĐ-CP") + gap
			if tt.gutter < 0 {
				x = 560 - after(0, 13, "Hà Nội, ngày 01 tháng 7 năm 2025")
			}
			page = append(page, typeset(x, 700, 13, "Hà Nội, ngày 01 tháng 7 năm 2025")...)
			// The type name and the title, centred on the page close
			// under the header, belong to neither column.
			centred := func(y, size float64, s string) {
				w := after(0, size, s)
				page = append(page, typeset(297.5-w/2, y, size, s)...)
			}
			centred(684, 14, "NGHỊ ĐỊNH")
			centred(668, 13, "Về thanh toán các chi phí khám bệnh, chữa bệnh bảo hiểm y tế vượt dự toán")
			for y := 640.0; y > 560; y -= 16 {
				page = append(page, typeset(72, y, 13, "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015 và các luật;")...)
			}
			text, _ := layoutPages([][]glyph{page}, []float64{842})
			lines := textLines(text)
			for _, want := range []string{"CHÍNH PHỦ", "Số: 188/2025/NĐ-CP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Hà Nội, ngày 01 tháng 7 năm 2025", "NGHỊ ĐỊNH", "Về thanh toán các chi phí khám bệnh, chữa bệnh bảo hiểm y tế vượt dự toán"} {
				if !has(lines, want) {
					t.Errorf("no line %q in\n%s", want, text)
				}
			}
			// After the header, in reading order: the type name, then
			// the title.
			at := func(want string) int { return slices.Index(lines, want) }
			if d := at("Hà Nội, ngày 01 tháng 7 năm 2025"); at("NGHỊ ĐỊNH") != d+1 || at("Về thanh toán các chi phí khám bệnh, chữa bệnh bảo hiểm y tế vượt dự toán") != d+2 {
				t.Errorf("type name and title out of place:\n%s", text)
			}
			if strings.Contains(text, "CÔNG BÁO") || lines[0] != "CHÍNH PHỦ" {
				t.Errorf("running head kept:\n%s", text)
			}
		})
	}
}

// TestRunningHeadsByPiece: a running head whose page number changes
// sides between odd and even pages is furniture piece by piece; a
// margin line that only shares a piece with it stays.
func TestRunningHeadsByPiece(t *testing.T) {
	var pages [][]glyph
	for i := 1; i <= 4; i++ {
		var p []glyph
		num := string(rune('0' + i))
		if i%2 == 0 {
			p = append(p, typeset(64, 800, 11, num)...)
			p = append(p, typeset(200, 800, 11, "Báo cáo tổng kết năm 2025")...)
		} else {
			p = append(p, typeset(200, 800, 11, "Báo cáo tổng kết năm 2025")...)
			p = append(p, typeset(520, 800, 11, num)...)
		}
		p = append(p, typeset(72, 700, 13, "Nội dung trang "+num)...)
		if i == 4 {
			p = append(p, typeset(72, 40, 11, "Báo cáo tổng kết năm 2025")...)
			p = append(p, typeset(400, 40, 11, "Người lập biểu")...)
		}
		pages = append(pages, p)
	}
	text, _ := layoutPages(pages, []float64{842, 842, 842, 842})
	if strings.Contains(strings.ReplaceAll(text, "Người lập biểu", ""), "Báo cáo") && !strings.Contains(text, "Người lập biểu") {
		t.Errorf("furniture left:\n%s", text)
	}
	if n := strings.Count(text, "Báo cáo tổng kết"); n != 1 || !strings.Contains(text, "Người lập biểu") {
		t.Errorf("running heads kept or the mixed line lost (%d):\n%s", n, text)
	}
	for i := 1; i <= 4; i++ {
		if !strings.Contains(text, "Nội dung trang "+string(rune('0'+i))) {
			t.Errorf("page %d's text lost:\n%s", i, text)
		}
	}
}

// TestScripts: a superscript ("m2", a footnote marker) and a subscript
// stay on their line; a small line of its own stays apart.
func TestScripts(t *testing.T) {
	var page []glyph
	page = append(page, typeset(72, 700, 13, "Diện tích nhà ở (ghi theo m")...)
	x := after(72, 13, "Diện tích nhà ở (ghi theo m")
	page = append(page, typeset(x, 705, 8, "2")...)
	page = append(page, typeset(x+4, 700, 13, ")")...)
	page = append(page, typeset(72, 680, 13, "Điều 3. Hiệu lực")...)
	page = append(page, typeset(after(72, 13, "Điều 3. Hiệu lực"), 686, 8, "1")...)
	page = append(page, typeset(72, 660, 13, "CO")...)
	page = append(page, typeset(after(72, 13, "CO"), 657, 8, "2")...)
	page = append(page, typeset(72, 600, 13, "Nơi nhận:")...)
	page = append(page, typeset(72, 588, 9, "- Như Điều 3;")...)
	// A full line sets the right margin, so that the short ones above
	// are not taken for a wrapped paragraph.
	page = append(page, typeset(72, 560, 13, "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015 và các luật khác;")...)
	text, _ := layoutPages([][]glyph{page}, []float64{842})
	lines := textLines(text)
	for _, want := range []string{"Diện tích nhà ở (ghi theo m2)", "Điều 3. Hiệu lực1", "CO2", "Nơi nhận:", "- Như Điều 3;"} {
		if !has(lines, want) {
			t.Errorf("no line %q in %q", want, lines)
		}
	}
}

// TestSplitSymbol: a number symbol split at a line's end by its hyphen
// is joined back without a space; a dash after a space is not.
func TestSplitSymbol(t *testing.T) {
	full := "Căn cứ Nghị định số 78/2025/NĐ-CP quy định chi tiết, Nghị định số 24/2022/NĐ-"
	var page []glyph
	page = append(page, typeset(72, 700, 13, full)...)
	page = append(page, typeset(72, 684, 13, "CP ngày 05 tháng 4 năm 2022 của Chính phủ về các chính sách phát triển kinh tế -")...)
	page = append(page, typeset(72, 668, 13, "xã hội và các văn bản hướng dẫn thi hành có liên quan đến lĩnh vực này;")...)
	page = append(page, typeset(72, 652, 13, "Theo đề nghị của Bộ trưởng.")...)
	text, _ := layoutPages([][]glyph{page}, []float64{842})
	if !strings.Contains(text, "Nghị định số 24/2022/NĐ-CP ngày 05") || !strings.Contains(text, "kinh tế - xã hội") {
		t.Errorf("text %q", text)
	}
}
