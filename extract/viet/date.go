package viet

import (
	"regexp"
	"strconv"
	"strings"
)

// Date is a calendar day, as documents date themselves and as people type
// dates to search them. Its forms:
//
//	ISO         "2024-10-09"             records, the index, the API
//	Vietnamese  "09/10/2024" ("9/10/2024", with "-" or "." too)
//	in words    "ngày 9 tháng 10 năm 2024" (36-HD/VPTW mục 4; 30/2020/NĐ-CP
//	            Phụ lục I §4: the place and date line), marks optional
//
// The zero Date is "no date".
type Date struct{ Year, Month, Day int }

// MakeDate is the date of day d, month m, year y, if it is a real
// calendar day of the years 1 to 9999.
func MakeDate(d, m, y int) (Date, bool) {
	if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysIn(m, y) {
		return Date{}, false
	}
	return Date{Year: y, Month: m, Day: d}, true
}

// DateOf is MakeDate of day, month and year written in digits ("05",
// "3", "2024"); false when one is not all digits.
func DateOf(day, month, year string) (Date, bool) {
	d, ok1 := digits(day)
	m, ok2 := digits(month)
	y, ok3 := digits(year)
	if !ok1 || !ok2 || !ok3 {
		return Date{}, false
	}
	return MakeDate(d, m, y)
}

// digits reads 1 to 4 ASCII digits.
func digits(s string) (int, bool) {
	if len(s) == 0 || len(s) > 4 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// ParseISO reads "YYYY-MM-DD" exactly, without allocating (the index reads
// every notice's date with it).
func ParseISO(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, false
	}
	return DateOf(s[8:], s[5:7], s[:4])
}

// wordDate is a date in words; numericDate one in digits, day first.
var (
	wordDate    = regexp.MustCompile(`^(?i)(?:ng(?:ày|ay)\s+)?(\d{1,2})\s*,?\s*th(?:áng|ang)\s+(\d{1,2})\s*,?\s*n(?:ăm|am)\s+(\d{4})$`)
	numericDate = regexp.MustCompile(`^(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*([/.\-])\s*(\d{4})$`)
)

// ParseDate reads a date in any of its forms (ISO, Vietnamese, in words)
// and nothing else (spaces around it aside); false otherwise.
func ParseDate(s string) (Date, bool) {
	s = strings.TrimSpace(s)
	if d, ok := ParseISO(s); ok {
		return d, true
	}
	if g := numericDate.FindStringSubmatch(s); g != nil && g[2] == g[4] {
		return DateOf(g[1], g[3], g[5])
	}
	if g := wordDate.FindStringSubmatch(s); g != nil {
		return DateOf(g[1], g[2], g[3])
	}
	return Date{}, false
}

// IsZero reports the zero Date, "no date".
func (d Date) IsZero() bool { return d == Date{} }

// ISO is "YYYY-MM-DD"; "" for the zero Date.
func (d Date) ISO() string {
	if d.IsZero() {
		return ""
	}
	return pad(d.Year, 4) + "-" + pad(d.Month, 2) + "-" + pad(d.Day, 2)
}

// Vietnamese is "DD/MM/YYYY", as Vietnamese readers write a date; "" for
// the zero Date.
func (d Date) Vietnamese() string {
	if d.IsZero() {
		return ""
	}
	return pad(d.Day, 2) + "/" + pad(d.Month, 2) + "/" + pad(d.Year, 4)
}

// Key is the date as the number YYYYMMDD (0 for the zero Date), which
// sorts as the dates do.
func (d Date) Key() int32 { return int32(d.Year*10000 + d.Month*100 + d.Day) }

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}
