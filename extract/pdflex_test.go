package extract

import (
	"fmt"
	"strings"
	"testing"
)

// opsOf lists the operators of a content stream with their operands.
func opsOf(data string) []string {
	var out []string
	lexContent([]byte(data), func(op string, args []operand) {
		var parts []string
		for _, a := range args {
			parts = append(parts, showOperand(a))
		}
		out = append(out, strings.Join(append(parts, op), " "))
	})
	return out
}

func showOperand(a operand) string {
	switch a.kind {
	case opNumber:
		return fmt.Sprint(a.num)
	case opString:
		return fmt.Sprintf("%q", a.b)
	case opName:
		return "/" + a.s
	case opArray:
		var parts []string
		for _, x := range a.arr {
			parts = append(parts, showOperand(x))
		}
		return "[" + strings.Join(parts, " ") + "]"
	}
	return "?"
}

func TestLexContent(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"text", "BT /F1 12 Tf 72 700.5 Td (Hello) Tj ET", []string{"BT", "/F1 12 Tf", "72 700.5 Td", `"Hello" Tj`, "ET"}},
		{"numbers", "-3 +4 .5 -.25 6. --2 1-2 Tm", []string{"-3 4 0.5 -0.25 6 2 0 Tm"}},
		{"escapes", `(a\(b\)c\\d\n\101\7\
e(f)g) Tj`, []string{`"a(b)c\\d\nA\ae(f)g" Tj`}},
		{"hex", "<48 65 6C6c 6> Tj <> Tj", []string{`"Hel` + "l`" + `" Tj`, `"" Tj`}},
		{"TJ array", "[(A) -120 (B) [(nested)] /N] TJ", []string{`["A" -120 "B" ["nested"] /N] TJ`}},
		{"names", "/F#231 Tf /A#2 Do", []string{"/F#1 Tf", "/A#2 Do"}},
		{"comment and dict", "% a comment (not a string)\n/P <</MCID 3 /S (x>>) >> BDC EMC", []string{"/P ? BDC", "EMC"}},
		{"inline image", "q BI /W 2 /H 2 ID \x00EI\xffEI Q EI Q\n(after) Tj", []string{"q", "BI", "Q", `"after" Tj`}},
		{"stray delimiters", ") ] } { (x) Tj", []string{`"x" Tj`}},
		{"unterminated", "(abc", nil},
		{"true false null", "true false null Tw", []string{"? ? ? Tw"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := opsOf(tt.in); strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// FuzzLexContent: any bytes lex without a panic, in time linear in
// their length, and every operand's array nesting stays bounded.
func FuzzLexContent(f *testing.F) {
	for _, s := range []string{"BT /F1 12 Tf (x) Tj ET", "[[[[(a)]]]] TJ", "<<<<>>>> BDC", "BI ID EI", `(\` + "\n" + `\777)`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		lexContent(data, func(op string, args []operand) {
			n++
			if op == "" || len(args) > maxOperands {
				t.Fatalf("operator %q with %d operands", op, len(args))
			}
		})
		if n > len(data) {
			t.Fatalf("%d operators from %d bytes", n, len(data))
		}
	})
}
