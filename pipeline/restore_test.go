package pipeline

import "testing"

func TestRestoreDeputyTitle(t *testing.T) {
	kt := func(of string) []SigningForm { return []SigningForm{{Mode: "KT.", Of: of}} }
	tests := []struct {
		position string
		forms    []SigningForm
		want     string
		ok       bool
	}{
		{"PHO CHU TỊCH", kt("CHỦ TỊCH"), "PHÓ CHỦ TỊCH", true},                         // marks lost
		{"PHÓ CHỦ TỊC", kt("CHỦ TỊCH"), "PHÓ CHỦ TỊCH", true},                          // last letter lost
		{"PHO CHU TỊCH À ` LA", kt("CHỦ TỊCH"), "PHÓ CHỦ TỊCH", true},                  // strokes after it
		{"THU TRUONG", kt("BỘ TRƯỞNG"), "THỨ TRƯỞNG", true},                            // a ministry's deputy
		{"PHO GIAM ĐOC", kt("GIÁM ĐỐC"), "PHÓ GIÁM ĐỐC", true},                         // đ and d
		{"PHÓ BI THU", []SigningForm{{Mode: "K/T", Of: "BÍ THƯ"}}, "PHÓ BÍ THƯ", true}, // party form
		{"KT. CHÁNH VĂN PHÒNG PHO CHANH VAN PHONG",
			[]SigningForm{{Mode: "TL.", Of: "CHỦ TỊCH"}, {Mode: "KT.", Of: "CHÁNH VĂN PHÒNG"}},
			"KT. CHÁNH VĂN PHÒNG PHÓ CHÁNH VĂN PHÒNG", true}, // stacked forms: the last one says
		{"PHÓ CHỦ TỊCH", kt("CHỦ TỊCH"), "PHÓ CHỦ TỊCH", false},                                      // already right
		{"PHÓ CHỦ TỊCH THƯỜNG TRỰC", kt("CHỦ TỊCH"), "PHÓ CHỦ TỊCH THƯỜNG TRỰC", false},              // more than junk after it
		{"ỦY VIÊN", kt("CHỦ TỊCH"), "ỦY VIÊN", false},                                                // other letters
		{"PHO CHU TICH", []SigningForm{{Mode: "TM.", Of: "ỦY BAN NHÂN DÂN"}}, "PHO CHU TICH", false}, // no deputy form
		{"PHO CHU", kt("CHỦ TỊCH"), "PHO CHU", false},                                                // too much lost
		{"", kt("CHỦ TỊCH"), "", false},
		{"phó Thống đốc", kt("THỐNG ĐỐC"), "phó Thống đốc", false},  // as printed
		{"Phó Chủ tịch À LA", kt("CHỦ TỊCH"), "Phó Chủ tịch", true}, // as printed, strokes dropped
	}
	for _, tt := range tests {
		got, ok := restoreDeputyTitle(tt.position, tt.forms)
		if got != tt.want || ok != tt.ok {
			t.Errorf("restoreDeputyTitle(%q, %v) = %q, %v; want %q, %v", tt.position, tt.forms, got, ok, tt.want, tt.ok)
		}
	}
}

func TestRestoreAbout(t *testing.T) {
	tests := []struct {
		title, kind, code, want string
		ok                      bool
	}{
		{"việc thụ lý giải quyết khiếu nại lần hai", KindState, "TB", "Về việc thụ lý giải quyết khiếu nại lần hai", true},
		{"việc chuẩn bị đại hội", KindParty, "TB", "về việc chuẩn bị đại hội", true},
		{"việc góp ý dự thảo", KindState, "CV", "việc góp ý dự thảo", false}, // a công văn's subject is its own
		{"Về việc thụ lý", KindState, "TB", "Về việc thụ lý", false},
		{"việclàm cho thanh niên", KindState, "KH", "việclàm cho thanh niên", false},
		{"việc làm cho thanh niên nông thôn", KindState, "KH", "việc làm cho thanh niên nông thôn", false}, // employment, a noun
		{"kết luận của Thường trực", KindParty, "TB", "kết luận của Thường trực", false},
	}
	for _, tt := range tests {
		got, ok := restoreAbout(tt.title, tt.kind, tt.code)
		if got != tt.want || ok != tt.ok {
			t.Errorf("restoreAbout(%q) = %q, %v; want %q, %v", tt.title, got, ok, tt.want, tt.ok)
		}
	}
}

func TestTitleTextSpacesLopsidedDash(t *testing.T) {
	for in, want := range map[string]string{
		"nhiệm kỳ 2021- 2026":  "nhiệm kỳ 2021 - 2026",
		"nhiệm kỳ 2021 -2026":  "nhiệm kỳ 2021 - 2026",
		"nhiệm kỳ 2021 - 2026": "nhiệm kỳ 2021 - 2026",
		"nhiệm kỳ 2021-2026":   "nhiệm kỳ 2021-2026",
		"kinh tế- xã hội":      "kinh tế- xã hội",
	} {
		if got := titleText([]string{in}); got != want {
			t.Errorf("titleText(%q) = %q, want %q", in, got, want)
		}
	}
}
