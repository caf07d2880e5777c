#!/usr/bin/python3
"""Render a notice as a cairo-drawn PDF, the way Chrome, Skia and cairo
producers write them: Type0 (CID) fonts with Identity-H encoding, each word
placed by its own text-matrix move (no space glyphs), header and closing as
two columns drawn side by side, and a closing block that runs over a page
break. vanban's PDF walker must read it like any other PDF.

Needs Debian's python3-cairo and fonts-dejavu-core.

Usage: render_cairo.py NAME.txt OUT.pdf
The text file's first lines up to the first blank line after "Số" are the
header (left lines start with "<", right lines with ">"), then the centred
type name and title lines start with "^", then the body; closing lines start
with "<" (recipients) or ">" (signature) again.
"""
import sys

import cairo

W, H, M = 595, 842, 70
SIZE = 12.5
LEAD = 17


def words_width(ctx, s):
    return ctx.text_extents(s).x_advance


class Page:
    def __init__(self, out):
        self.surface = cairo.PDFSurface(out, W, H)
        self.ctx = cairo.Context(self.surface)
        self.ctx.select_font_face("DejaVu Serif")
        self.ctx.set_font_size(SIZE)
        self.y = M

    def need(self, h):
        if self.y + h > H - M:
            self.ctx.show_page()
            self.y = M

    def word_line(self, x, words, bold=False):
        # One show_text per word, each at its own position: no spaces drawn.
        ctx = self.ctx
        ctx.select_font_face("DejaVu Serif", cairo.FONT_SLANT_NORMAL,
                             cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL)
        space = words_width(ctx, " ")
        for w in words:
            ctx.move_to(x, self.y)
            ctx.show_text(w)
            x += words_width(ctx, w) + space

    def line(self, s, x=M, bold=False):
        self.need(LEAD)
        self.word_line(x, s.split(), bold)
        self.y += LEAD

    def centred(self, s, x0, x1, bold=False):
        self.need(LEAD)
        self.ctx.select_font_face("DejaVu Serif", cairo.FONT_SLANT_NORMAL,
                                  cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL)
        w = words_width(self.ctx, s)
        self.word_line(x0 + (x1 - x0 - w) / 2, s.split(), bold)
        self.y += LEAD

    def wrap(self, s, indent=28):
        words = s.split()
        first = True
        while words:
            x = M + (indent if first else 0)
            room = W - M - x
            n = 1
            while n < len(words) and words_width(self.ctx, " ".join(words[:n + 1])) <= room:
                n += 1
            self.line(" ".join(words[:n]), x)
            words = words[n:]
            first = False

    def columns(self, left, right, split=270):
        for i in range(max(len(left), len(right))):
            self.need(LEAD)
            if i < len(left):
                self.word_line(M, left[i].split(), bold=left[i].isupper())
            if i < len(right):
                r = right[i]
                self.ctx.select_font_face("DejaVu Serif")
                w = words_width(self.ctx, r)
                self.word_line(split + (W - M - split - w) / 2, r.split(), bold=r.isupper())
            self.y += LEAD

    def close(self):
        self.surface.finish()


def main(src, out):
    page = Page(out)
    left, right = [], []
    state = "header"
    for raw in open(src, encoding="utf-8").read().splitlines():
        s = raw.rstrip()
        if s.startswith("<") or s.startswith(">"):
            (left if s[0] == "<" else right).append(s[1:].strip())
            continue
        if left or right:
            page.columns(left, right)
            left, right = [], []
            page.y += LEAD
        if s.startswith("^"):
            page.centred(s[1:].strip(), M, W - M, bold=s[1:].strip().isupper())
        elif s.strip():
            page.wrap(s.strip())
    if left or right:
        page.columns(left, right)
    page.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
