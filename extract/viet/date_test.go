package viet

import "testing"

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, iso, vn string
	}{
		{"2024-10-09", "2024-10-09", "09/10/2024"},
		{"09/10/2024", "2024-10-09", "09/10/2024"},
		{"9/10/2024", "2024-10-09", "09/10/2024"},
		{"9-10-2024", "2024-10-09", "09/10/2024"},
		{" 9.10.2024 ", "2024-10-09", "09/10/2024"},
		{"9 / 10 / 2024", "2024-10-09", "09/10/2024"},
		{"ngày 9 tháng 10 năm 2024", "2024-10-09", "09/10/2024"},
		{"Ngày 09 tháng 10 năm 2024", "2024-10-09", "09/10/2024"},
		{"ngay 9 thang 10 nam 2024", "2024-10-09", "09/10/2024"},
		{"29/02/2024", "2024-02-29", "29/02/2024"}, // a leap day
		{"29/02/2023", "", ""},                     // no such day
		{"31/04/2024", "", ""},
		{"9/10-2024", "", ""}, // two separators
		{"2024-13-01", "", ""},
		{"2024-1-5", "", ""}, // ISO is written in full
		{"10/2024", "", ""},
		{"ngày tháng 01 năm 2025", "", ""}, // the day left blank
		{"", "", ""},
		{"hôm nay", "", ""},
	}
	for _, tt := range tests {
		d, ok := ParseDate(tt.in)
		if d.ISO() != tt.iso || ok != (tt.iso != "") || d.Vietnamese() != tt.vn {
			t.Errorf("ParseDate(%q) = %q %q %v; want %q %q", tt.in, d.ISO(), d.Vietnamese(), ok, tt.iso, tt.vn)
		}
	}
}

func TestDateOfAndKey(t *testing.T) {
	d, ok := DateOf("05", "3", "2024")
	if !ok || d.ISO() != "2024-03-05" || d.Key() != 20240305 {
		t.Errorf("DateOf(05, 3, 2024) = %v %v", d, ok)
	}
	for _, bad := range [][3]string{{"", "3", "2024"}, {"+5", "3", "2024"}, {"5", "3", "20245"}, {"0", "3", "2024"}, {"5", "0", "2024"}} {
		if d, ok := DateOf(bad[0], bad[1], bad[2]); ok {
			t.Errorf("DateOf%q = %v, want no date", bad, d)
		}
	}
	var zero Date
	if !zero.IsZero() || zero.ISO() != "" || zero.Key() != 0 {
		t.Errorf("the zero Date: %q %d", zero.ISO(), zero.Key())
	}
	early, _ := ParseISO("2023-12-31")
	late, _ := ParseISO("2024-01-01")
	if early.Key() >= late.Key() {
		t.Error("keys do not sort as the dates")
	}
}

// FuzzParseDate: whatever it reads is a real date whose ISO and
// Vietnamese forms read back as itself.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-10-09", "9/10/2024", "ngày 9 tháng 10 năm 2024", "29/02/2023", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s)
		if !ok {
			if !d.IsZero() {
				t.Fatalf("%q: no date but %v", s, d)
			}
			return
		}
		if _, real := MakeDate(d.Day, d.Month, d.Year); !real {
			t.Fatalf("%q: %v is not a calendar day", s, d)
		}
		for _, form := range []string{d.ISO(), d.Vietnamese()} {
			if back, ok := ParseDate(form); !ok || back != d {
				t.Fatalf("%q: %v written %q reads back as %v %v", s, d, form, back, ok)
			}
		}
	})
}
