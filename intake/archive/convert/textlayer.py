"""Repairs the Thai text layer of the PDFs we render with Chromium.

Sarabun places tone marks with alternate glyphs (uni0E48.small above an upper vowel,
uni0E4D0E49 for the nikhahit + mai tho of น้ำ). Chromium's PDF writer keeps the font's
glyph ids (CID = GID) but maps only the glyphs the cmap names, so those alternates come
out of the text layer as U+0000, and a search for "สั่ง" or "น้ำ" fails. We know the font
(it is ours): its glyph names say which characters each alternate stands for, and we fill
the gaps of the ToUnicode map with them. The page looks the same; its text reads right.
"""
from __future__ import annotations

import re
from functools import lru_cache

import pikepdf

from intake.fonts import FONTS_DIR

_UNI_NAME = re.compile(r"^uni((?:[0-9A-F]{4})+)(?:\..*)?$")
_BFCHAR = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_BFRANGE = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
NIKHAHIT = "\u0e4d"


@lru_cache(maxsize=8)
def glyph_text(style: str) -> dict[int, str]:
    """glyph id -> the text it stands for, from the glyph names of fonts/Sarabun-<style>.ttf."""
    from fontTools.ttLib import TTFont

    path = FONTS_DIR / f"Sarabun-{style}.ttf"
    if not path.exists():
        return {}
    font = TTFont(str(path), lazy=True)
    table: dict[int, str] = {}
    for gid, name in enumerate(font.getGlyphOrder()):
        m = _UNI_NAME.match(name)
        if not m:
            continue
        hexes = m.group(1)
        text = "".join(chr(int(hexes[i:i + 4], 16)) for i in range(0, len(hexes), 4))
        # a nikhahit+tone ligature is typed tone first (น้ำ = น + ้ + ำ)
        if len(text) == 2 and text[0] == NIKHAHIT:
            text = text[1] + text[0]
        table[gid] = text
    return table


def _parse_cmap(data: str) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.DOTALL):
        for lo, hi, start in _BFRANGE.findall(block):
            base = int(start, 16)
            for i, cid in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[cid] = chr(base + i)
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.DOTALL):
        for cid, hexes in _BFCHAR.findall(block):
            text = bytes.fromhex(hexes).decode("utf-16-be", "replace") if hexes else ""
            mapping[int(cid, 16)] = text
    return mapping


def _write_cmap(mapping: dict[int, str]) -> bytes:
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    items = sorted(mapping.items())
    for i in range(0, len(items), 100):
        chunk = items[i:i + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{cid:04X}> <{text.encode('utf-16-be').hex().upper()}>" for cid, text in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def _style_of(base_font: str) -> str | None:
    m = re.match(r"^(?:[A-Z]{6}\+)?Sarabun-(\w+)$", base_font)
    return m.group(1) if m else None


def repair_thai_text_layer(pdf: pikepdf.Pdf) -> int:
    """Fill unmapped Sarabun glyphs in every ToUnicode map; returns how many were filled."""
    filled = 0
    seen: set = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for _, font in fonts.items():
            if font.objgen in seen or font.get("/Subtype") != "/Type0":
                continue
            seen.add(font.objgen)
            style = _style_of(str(font.get("/BaseFont", "")).lstrip("/"))
            if style is None or "/ToUnicode" not in font:
                continue
            descendant = font.DescendantFonts[0]
            if str(descendant.get("/CIDToGIDMap", "/Identity")) != "/Identity":
                continue  # glyph ids were renumbered; our table would not apply
            table = glyph_text(style)
            mapping = _parse_cmap(font.ToUnicode.read_bytes().decode("latin-1"))
            changed = 0
            for cid, text in list(mapping.items()):
                if (not text or text == "\x00") and cid in table:
                    mapping[cid] = table[cid]
                    changed += 1
            if changed:
                font.ToUnicode = pdf.make_stream(_write_cmap(mapping))
                filled += changed
    return filled


def pdf_text(pdf_bytes: bytes, *, pages: slice | None = None) -> str:
    """The text layer in content order (pdfplumber's characters as drawn), a newline where
    the line changes. pdfplumber's extract_text sorts characters by position, which tears
    Thai marks off their base letters; the drawing order keeps them where they belong."""
    import io

    import pdfplumber

    out: list[str] = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as doc:
        selected = doc.pages[pages] if pages is not None else doc.pages
        for page in selected:
            last_top = None
            for ch in page.chars:
                if last_top is not None and abs(ch["top"] - last_top) > ch["size"] * 0.6 \
                        and not _is_mark(ch["text"]):
                    out.append("\n")
                if not _is_mark(ch["text"]):
                    last_top = ch["top"]
                out.append(ch["text"])
            out.append("\n")
    return "".join(out)


def _is_mark(text: str) -> bool:
    import unicodedata

    return bool(text) and all(unicodedata.category(c) in ("Mn", "Mc") for c in text)
