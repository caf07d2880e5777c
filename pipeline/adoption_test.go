package pipeline

import (
	"strings"
	"testing"
)

// TestAdoptionDate: a law or a resolution of an elected body prints no
// place and date line; its date is that of the adoption sentence at the
// end of the body. A date line, where there is one, wins; an adoption
// cited early in the body is not the document's.
func TestAdoptionDate(t *testing.T) {
	const head = "QUỐC HỘI\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\nLuật số: 31/2024/QH15\n"
	const dateLine = "Hà Nội, ngày 20 tháng 7 năm 2024\n"
	const title = "LUẬT\nĐẤT ĐAI\n"
	const body = "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\nQuốc hội ban hành Luật Đất đai.\nĐiều 1. Phạm vi điều chỉnh\nLuật này quy định chế độ sở hữu đất đai.\nĐiều 2. Hiệu lực thi hành\nLuật này có hiệu lực từ ngày 01 tháng 01 năm 2025.\n"
	const closing = "CHỦ TỊCH QUỐC HỘI\nTrần Thanh Mẫn\n"
	tests := []struct {
		name, text, want string
		warned           bool
	}{
		{"law: the adoption sentence",
			head + title + body + "Luật này được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, kỳ họp thứ 5 thông qua ngày 18 tháng 01 năm 2024.\n" + closing,
			"2024-01-18", true},
		{"resolution: 'thông qua vào ngày', sentence wrapped",
			"ỦY BAN THƯỜNG VỤ QUỐC HỘI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nNghị quyết số: 24/2022/UBTVQH15\nNGHỊ QUYẾT\nTiếp tục chi trả hỗ trợ\n" + body +
				"Nghị quyết này được Ủy ban Thường vụ Quốc hội khóa XV, phiên họp thứ 14\nthông qua vào ngày 11 tháng 8 năm 2022./.\nTM. ỦY BAN THƯỜNG VỤ QUỐC HỘI\nCHỦ TỊCH\nVương Đình Huệ\n",
			"2022-08-11", true},
		{"a date line wins over the adoption sentence",
			head + dateLine + title + body + "Luật này được Quốc hội khóa XV thông qua ngày 18 tháng 01 năm 2024.\n" + closing,
			"2024-07-20", false},
		{"an adoption cited at the start of the body is not the date",
			head + title + "Căn cứ Nghị quyết được Quốc hội thông qua ngày 10 tháng 11 năm 2023;\n" + body + "Điều 3. Tổ chức thực hiện\nChính phủ tổ chức thi hành.\nĐiều 4. Điều khoản chuyển tiếp\nCác hồ sơ đã nộp được giải quyết theo quy định.\n" + closing,
			"", false},
		{"not a calendar date: left blank",
			head + title + body + "Luật này được Quốc hội thông qua ngày 31 tháng 02 năm 2024.\n" + closing,
			"", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := parseText(tt.text)
			if n.Date != tt.want {
				t.Errorf("date %q, want %q", n.Date, tt.want)
			}
			warned := false
			for _, w := range n.Warnings {
				if w.Field == "date" && strings.Contains(w.Message, "adoption sentence") {
					warned = true
				}
			}
			if warned != tt.warned {
				t.Errorf("adoption warning %v, want %v: %+v", warned, tt.warned, n.Warnings)
			}
		})
	}
}
