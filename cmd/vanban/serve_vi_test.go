package main

import (
	"errors"
	"testing"
	"time"
	"unicode/utf8"

	"vanban/pipeline"
)

func TestBodyName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"TỈNH ỦY TIỀN GIANG", "Tỉnh ủy Tiền Giang"},
		{"THÀNH ỦY HÀ NỘI", "Thành ủy Hà Nội"},
		{"HUYỆN ỦY CHÂU THÀNH", "Huyện ủy Châu Thành"},
		{"BAN TỔ CHỨC", "Ban Tổ chức"},
		{"BAN THƯỜNG VỤ TỈNH ỦY", "Ban Thường vụ Tỉnh ủy"},
		{"BAN CHẤP HÀNH TRUNG ƯƠNG", "Ban Chấp hành Trung ương"},
		{"VĂN PHÒNG TRUNG ƯƠNG ĐẢNG", "Văn phòng Trung ương Đảng"},
		{"VĂN PHÒNG TỈNH ỦY", "Văn phòng Tỉnh ủy"},
		{"ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU", "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"},
		{"ỦY BAN KIỂM TRA TỈNH ỦY", "Ủy ban Kiểm tra Tỉnh ủy"},
		{"UBND THÀNH PHỐ HỒ CHÍ MINH", "UBND thành phố Hồ Chí Minh"},
		{"HỘI ĐỒNG NHÂN DÂN HUYỆN BA VÌ", "Hội đồng nhân dân huyện Ba Vì"},
		{"BỘ TÀI CHÍNH", "Bộ Tài chính"},
		{"SỞ Y TẾ", "Sở Y tế"},
		{"NGÂN HÀNG NHÀ NƯỚC VIỆT NAM", "Ngân hàng Nhà nước Việt Nam"},
		{"ĐẢNG BỘ TỈNH LONG AN", "Đảng bộ tỉnh Long An"},
		{"Bộ Tài chính", "Bộ Tài chính"},
		{"", ""},
	} {
		if got := bodyName(tt.in); got != tt.want {
			t.Errorf("bodyName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCitation(t *testing.T) {
	for _, tt := range []struct {
		n    pipeline.Notice
		want string
	}{
		{pipeline.Notice{Kind: "party", DocType: pipeline.DocType{Code: "TB", Name: "Thông báo"}, Number: pipeline.Number{Raw: "250-TB/TU"}, Date: "2024-10-09",
			Issuer: pipeline.Issuer{Name: "TỈNH ỦY TIỀN GIANG"}, Title: "kết luận, chỉ đạo của đồng chí Bí thư Tỉnh ủy"},
			"Thông báo số 250-TB/TU ngày 09/10/2024 của Tỉnh ủy Tiền Giang về kết luận, chỉ đạo của đồng chí Bí thư Tỉnh ủy"},
		{pipeline.Notice{Kind: "party", DocType: pipeline.DocType{Code: "HD", Name: "Hướng dẫn"}, Number: pipeline.Number{Raw: "12-HD/BTCTU"}, Date: "2025-01-02",
			Issuer: pipeline.Issuer{Name: "BAN TỔ CHỨC", Parent: "THÀNH ỦY HÀ NỘI"}, Title: "Về việc kết nạp đảng viên"},
			"Hướng dẫn số 12-HD/BTCTU ngày 02/01/2025 của Ban Tổ chức Thành ủy Hà Nội về việc kết nạp đảng viên"},
		{pipeline.Notice{Kind: "state", DocType: pipeline.DocType{Code: "CV", Name: "Công văn"}, Number: pipeline.Number{Raw: "45/SYT-NV"},
			Issuer: pipeline.Issuer{Name: "SỞ Y TẾ", Parent: "UBND TỈNH QUẢNG NAM"}, Title: "V/v phòng chống dịch"},
			"Công văn số 45/SYT-NV của Sở Y tế tỉnh Quảng Nam về phòng chống dịch"},
		{pipeline.Notice{Kind: "state", DocType: pipeline.DocType{Code: "QĐ", Name: "Quyết định"}, Date: "2023-12-31",
			Issuer: pipeline.Issuer{Name: "ỦY BAN NHÂN DÂN TỈNH AN GIANG"}, Title: "BAN HÀNH QUY CHẾ LÀM VIỆC"},
			"Quyết định ngày 31/12/2023 của Ủy ban nhân dân tỉnh An Giang về ban hành quy chế làm việc"},
		{pipeline.Notice{}, "Văn bản"},
	} {
		if got := citation(&tt.n); got != tt.want {
			t.Errorf("citation:\n got %q\nwant %q", got, tt.want)
		}
	}
}

func TestParseDateParam(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""}, {"2024-10-09", "2024-10-09"}, {"09/10/2024", "2024-10-09"}, {"9/10/2024", "2024-10-09"},
		{" 9-1-2025 ", "2025-01-09"}, {"31.12.2024", "2024-12-31"},
		{"31/02/2024", "!"}, {"2024/10/09", "!"}, {"10/2024", "!"}, {"yesterday", "!"}, {"09/10/24", "!"},
	} {
		got, err := parseDateParam("from", tt.in)
		if tt.want == "!" {
			if !errors.Is(err, errBadParam) {
				t.Errorf("parseDateParam(%q) = %q, %v; want an error", tt.in, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseDateParam(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	if vnDate("2024-10-09") != "09/10/2024" || vnDate("") != "" {
		t.Error("vnDate")
	}
	if got := foldQuery("Nông thôn mới ĐẢNG đ"); got != "Nong thon moi DANG d" {
		t.Errorf("foldQuery: %q", got)
	}
}

// FuzzCitation feeds arbitrary header fields (a record's strings come from
// untrusted files) to the citation line and the date reader: no panic,
// valid UTF-8 out, and an accepted date is a calendar date.
func FuzzCitation(f *testing.F) {
	f.Add("TỈNH ỦY TIỀN GIANG", "", "V/v phòng chống dịch", "09/10/2024")
	f.Add("BAN TỔ CHỨC", "THÀNH ỦY HÀ NỘI", "VỀ VIỆC", "2024-02-30")
	f.Add("ỦY BAN NHÂN DÂN TỈNH", "UBND VIỆT", "Về", "1/1/0001")
	f.Fuzz(func(t *testing.T, name, parent, title, date string) {
		for _, kind := range []string{pipeline.KindParty, pipeline.KindState} {
			n := pipeline.Notice{Kind: kind, Issuer: pipeline.Issuer{Name: name, Parent: parent}, Title: title, Date: date}
			if c := citation(&n); !utf8.ValidString(c) && utf8.ValidString(name+parent+title+date) {
				t.Errorf("citation %q is not UTF-8", c)
			}
		}
		if iso, err := parseDateParam("from", date); err == nil && iso != "" {
			if _, err := time.Parse("2006-01-02", iso); err != nil {
				t.Errorf("parseDateParam(%q) = %q, not a date", date, iso)
			}
		}
	})
}
