#!/usr/bin/python3
"""Write a notice as a DOCX the way Word saves it when the directives are an
automatically numbered list: the "1.", "2." … are not in the text but drawn
from numbering.xml, and the header and closing are two-column tables.
A reader must rebuild the numbers to find the directives.

Usage: make_autonum_docx.py NAME.txt OUT.docx
The text file must be laid out as testdata/corpus/tien-giang-250-tb-tu.txt.
"""
import re
import sys
import zipfile
from xml.sax.saxutils import escape

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def para(text, num=None, bold=False, centre=False):
    ppr = ""
    if num is not None:
        ppr += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="%d"/></w:numPr>' % num
    if centre:
        ppr += '<w:jc w:val="center"/>'
    rpr = '<w:rPr><w:b/></w:rPr>' if bold else ""
    return '<w:p><w:pPr>%s</w:pPr><w:r>%s<w:t xml:space="preserve">%s</w:t></w:r></w:p>' % (ppr, rpr, escape(text))


def table(left, right):
    def cell(lines):
        return '<w:tc>%s</w:tc>' % "".join(para(l, bold=l.isupper()) for l in lines)
    return '<w:tbl><w:tr>%s%s</w:tr></w:tbl>' % (cell(left), cell(right))


NUMBERING = ('<w:numbering %s>'
             '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
             '<w:numFmt w:val="decimal"/><w:lvlText w:val="%%1."/></w:lvl></w:abstractNum>'
             '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0">'
             '<w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl></w:abstractNum>'
             '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
             '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
             '</w:numbering>') % W


def main(src, out):
    lines = [l.strip() for l in open(src, encoding="utf-8").read().splitlines()]
    rule = lines.index("-----")
    end = lines.index("Nơi nhận:")
    body = []
    body.append(table(["TỈNH ỦY TIỀN GIANG", "*", "Số 250-TB/TU"],
                      ["ĐẢNG CỘNG SẢN VIỆT NAM", "Tiền Giang, ngày 09 tháng 10 năm 2024"]))
    body.append(para("THÔNG BÁO", bold=True, centre=True))
    for t in lines[lines.index("THÔNG BÁO") + 1:rule]:
        if t:
            body.append(para(t, centre=True))
    body.append(para("-----", centre=True))
    for t in lines[rule + 1:end]:
        if not t:
            continue
        m = re.match(r"^\d+\.\s+(.*)$", t)
        b = re.match(r"^-\s+(.*)$", t)
        if m:
            body.append(para(m.group(1), num=1))
        elif b:
            body.append(para(b.group(1), num=2))
        else:
            body.append(para(t))
    recips = [l for l in lines[end:] if l.startswith("-") or l.startswith("Nơi")]
    body.append(table(recips, ["T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG", "", "Phạm Thị Mai Tiên"]))
    doc = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document %s><w:body>%s</w:body></w:document>' % (W, "".join(body))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml", doc)
        z.writestr("word/numbering.xml", NUMBERING)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
