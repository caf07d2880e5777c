//go:build linux

package main

import (
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"vanban/extract"
	"vanban/pipeline"
)

// A generator writes synthetic notices built from real ones: the sentences,
// directives, titles and recipients of the notices in testdata/corpus,
// recombined under headers of many issuers, types, numbers and dates, in the
// layout vanban parse reads. Each takes four fifths of its sentences from
// one source notice (its topic) and the rest from all of them. Sizes follow a log-normal spread around 6 KB
// (from about 1.5 KB to 30 KB), as archive notices do.
type generator struct {
	rnd        *rand.Rand
	sentences  []string
	topics     [][]string // the sentences of each source notice
	directives []string
	titles     []string
	recipients []string
}

var sentenceEnd = regexp.MustCompile(`[.;:!?]\s+`)

func newGenerator(corpus string, seed int64) (*generator, error) {
	files, err := filepath.Glob(filepath.Join(corpus, "*.txt"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no notices in %s", corpus)
	}
	g := &generator{rnd: rand.New(rand.NewSource(seed))}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		doc, err := extract.Read(f, data)
		if err != nil {
			return nil, err
		}
		n := pipeline.Parse(doc)
		var topic []string
		for _, p := range strings.Split(n.Body, "\n") {
			for _, s := range sentenceEnd.Split(p, -1) {
				if s = strings.TrimSpace(s); len([]rune(s)) > 40 && !strings.HasPrefix(s, "-") {
					topic = append(topic, s)
				}
			}
		}
		if len(topic) > 0 {
			g.topics = append(g.topics, topic)
			g.sentences = append(g.sentences, topic...)
		}
		for _, d := range n.Directives {
			if t := strings.TrimSpace(d.Text); len(t) > 30 {
				g.directives = append(g.directives, t)
			}
		}
		if n.Title != "" {
			g.titles = append(g.titles, n.Title)
		}
		g.recipients = append(g.recipients, n.Recipients...)
	}
	if len(g.sentences) < 20 || len(g.titles) == 0 || len(g.recipients) == 0 {
		return nil, fmt.Errorf("too little text in %s", corpus)
	}
	return g, nil
}

var (
	provinces = []string{"TIỀN GIANG", "BẾN TRE", "LONG AN", "ĐỒNG THÁP", "AN GIANG", "CẦN THƠ", "VĨNH LONG", "TRÀ VINH", "SÓC TRĂNG", "BẠC LIÊU",
		"CÀ MAU", "KIÊN GIANG", "HẬU GIANG", "TÂY NINH", "BÌNH DƯƠNG", "ĐỒNG NAI", "BÌNH PHƯỚC", "LÂM ĐỒNG", "ĐẮK LẮK", "GIA LAI",
		"KON TUM", "QUẢNG NAM", "QUẢNG NGÃI", "BÌNH ĐỊNH", "PHÚ YÊN", "KHÁNH HÒA", "NINH THUẬN", "THỪA THIÊN HUẾ", "QUẢNG TRỊ", "QUẢNG BÌNH",
		"HÀ TĨNH", "NGHỆ AN", "THANH HÓA", "NINH BÌNH", "NAM ĐỊNH", "THÁI BÌNH", "HẢI DƯƠNG", "HƯNG YÊN", "BẮC NINH", "TUYÊN QUANG"}
	partyTypes = []struct{ code, name string }{{"TB", "THÔNG BÁO"}, {"NQ", "NGHỊ QUYẾT"}, {"KH", "KẾ HOẠCH"}, {"HD", "HƯỚNG DẪN"},
		{"CT", "CHỈ THỊ"}, {"BC", "BÁO CÁO"}, {"QĐ", "QUYẾT ĐỊNH"}, {"KL", "KẾT LUẬN"}}
	stateTypes = []struct{ code, name string }{{"KH", "KẾ HOẠCH"}, {"QĐ", "QUYẾT ĐỊNH"}, {"BC", "BÁO CÁO"}, {"TB", "THÔNG BÁO"}}
	families   = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"}
	middles    = []string{"Văn", "Thị", "Hữu", "Minh", "Thanh", "Quốc", "Đức", "Ngọc", "Hoàng", "Xuân"}
	givens     = []string{"Danh", "Tiên", "Hùng", "Lan", "Dũng", "Hòa", "Thủy", "Khoa", "Nam", "Mai", "Bình", "Phong", "Hải", "Thành", "Yến"}
)

func (g *generator) pick(list []string) string { return list[g.rnd.Intn(len(list))] }

// notice returns the text of the i-th synthetic notice.
func (g *generator) notice(i int) string {
	r := g.rnd
	prov := provinces[r.Intn(len(provinces))]
	party := r.Intn(4) != 0
	year := 2005 + r.Intn(21)
	day, month := 1+r.Intn(28), 1+r.Intn(12)
	name := g.pick(families) + " " + g.pick(middles) + " " + g.pick(givens)
	var b strings.Builder
	var typ struct{ code, name string }
	if party {
		typ = partyTypes[r.Intn(len(partyTypes))]
		issuer, code := "TỈNH ỦY "+prov, "TU"
		if r.Intn(3) == 0 {
			issuer, code = "HUYỆN ỦY "+g.pick([]string{"CHÂU THÀNH", "CHỢ GẠO", "CÁI BÈ", "GÒ CÔNG", "TÂN PHƯỚC"}), "HU"
			fmt.Fprintf(&b, "ĐẢNG BỘ TỈNH %s\n", prov)
		}
		fmt.Fprintf(&b, "%s\nĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố %d-%s/%s\n", issuer, 1+r.Intn(999), typ.code, code)
	} else {
		typ = stateTypes[r.Intn(len(stateTypes))]
		fmt.Fprintf(&b, "ỦY BAN NHÂN DÂN TỈNH %s\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: %d/%s-UBND\n", prov, 1+r.Intn(999), typ.code)
	}
	fmt.Fprintf(&b, "%s, ngày %02d tháng %02d năm %d\n\n%s\n%s\n-----\n", titleCase(prov), day, month, year, typ.name, g.pick(g.titles))
	// Body size: log-normal around 6 KB.
	size := int(math.Exp(r.NormFloat64()*0.6+math.Log(6000))) + 800
	if size > 30000 {
		size = 30000
	}
	// Most sentences come from one source notice, so that each synthetic
	// notice has a topic and its words cluster as in a real archive.
	topic := g.topics[r.Intn(len(g.topics))]
	for b.Len() < size*2/3 {
		var para []string
		for k := 2 + r.Intn(4); k > 0; k-- {
			if r.Intn(5) == 0 {
				para = append(para, g.pick(g.sentences))
			} else {
				para = append(para, g.pick(topic))
			}
		}
		b.WriteString(strings.Join(para, ". ") + ".\n")
	}
	for k := 1; b.Len() < size && k <= 9; k++ {
		fmt.Fprintf(&b, "%d. %s\n", k, g.pick(g.directives))
	}
	fmt.Fprintf(&b, "Bản số %d.\nNơi nhận:\nT/M BAN THƯỜNG VỤ\n", i)
	for k := 2 + r.Intn(5); k > 0; k-- {
		fmt.Fprintf(&b, "- %s,\n", g.pick(g.recipients))
	}
	fmt.Fprintf(&b, "BÍ THƯ\n- Lưu.\n%s\n", name)
	return b.String()
}

// titleCase turns "TIỀN GIANG" into "Tiền Giang" for the place line.
func titleCase(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		r := []rune(w)
		r[0] = []rune(strings.ToUpper(string(r[0])))[0]
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}
