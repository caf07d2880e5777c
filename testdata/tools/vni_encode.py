#!/usr/bin/python3
"""Write a Unicode text file in the VNI Windows encoding (as a pre-Unicode
office file holds it): each toned letter is a base letter followed by a
diacritic byte, and the result is stored as Windows-1252 bytes.

Usage: vni_encode.py IN.txt OUT.txt
"""
import sys
import unicodedata

MARKS = {"\u0302": "â", "\u0306": "ê", "\u0301": "ù", "\u0300": "ø", "\u0309": "û",
         "\u0303": "õ", "\u0323": "ï"}
COMBINED = {("\u0302", "\u0301"): "á", ("\u0302", "\u0300"): "à", ("\u0302", "\u0309"): "å",
            ("\u0302", "\u0303"): "ã", ("\u0302", "\u0323"): "ä", ("\u0306", "\u0301"): "é",
            ("\u0306", "\u0300"): "è", ("\u0306", "\u0309"): "ú", ("\u0306", "\u0303"): "ü",
            ("\u0306", "\u0323"): "ë"}
LETTERS = {"ơ": "ô", "Ơ": "Ô", "ư": "ö", "Ư": "Ö", "đ": "ñ", "Đ": "Ñ"}
I_TONES = {"\u0300": "ì", "\u0301": "í", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}
Y_DOT = {"y": "î", "Y": "Î"}


def encode_char(ch):
    d = unicodedata.normalize("NFD", ch)
    base, marks = d[0], list(d[1:])
    if base in "oOuU" and "\u031b" in marks:  # horn: ơ ư
        marks.remove("\u031b")
        base = LETTERS[unicodedata.normalize("NFC", base + "\u031b")]
    if ch in LETTERS:
        return LETTERS[ch]
    if not marks:
        return base
    up = base.isupper()
    if base in "iI" and len(marks) == 1:
        r = I_TONES[marks[0]]
        return r.upper() if up else r
    if base in "yY" and marks == ["\u0323"]:
        return Y_DOT[base]
    marks.sort(key=lambda m: m not in ("\u0302", "\u0306"))  # the vowel's own mark first
    if len(marks) == 2:
        m = COMBINED[(marks[0], marks[1])]
    else:
        m = MARKS[marks[0]]
    return base + (m.upper() if up else m)


def main(src, out):
    text = unicodedata.normalize("NFC", open(src, encoding="utf-8").read())
    enc = "".join(encode_char(c) if ord(c) > 127 and unicodedata.category(c)[0] == "L" else c for c in text)
    open(out, "wb").write(enc.encode("cp1252", errors="replace"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
