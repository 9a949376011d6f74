"""The one-pass Aho–Corasick matching (rules/thai/text.py) finds exactly what one
str.find scan per keyword found, on every text of the corpora and every keyword list of
the demo profile."""
from pathlib import Path

import pytest

from intake.parse.mime import parse_message
from rules import load_profile
from rules.matter import message_fields
from rules.thai.text import TextIndex, normalize

ROOT = Path(__file__).resolve().parents[2]
PROFILE = load_profile()


def _scan_positions(index: TextIndex, keyword: str) -> list[int]:
    """The matching before the automaton: str.find from each match on."""
    kw = normalize(keyword)
    if not kw or not index.text:
        return []
    out, start = [], 0
    while (i := index.text.find(kw, start)) >= 0:
        start_ok, end_ok = index._on_boundary(i), index._on_boundary(i + len(kw))
        if (start_ok and end_ok) or (len(kw) >= 6 and (start_ok or end_ok)):
            out.append(i)
        start = i + 1
    return out


def _scan_matches(index: TextIndex, keywords) -> list[str]:
    found = [k for k in dict.fromkeys(keywords) if _scan_positions(index, k)]
    found.sort(key=lambda k: -len(normalize(k)))
    kept = []
    for k in found:
        nk = normalize(k)
        inside = False
        for longer in kept:
            nl = normalize(longer)
            if nk in nl:
                spans = [(i, i + len(nl)) for i in _scan_positions(index, longer)]
                inside = all(any(a <= p and p + len(nk) <= b for a, b in spans)
                             for p in _scan_positions(index, k))
            if inside:
                break
        if not inside:
            kept.append(k)
    return kept


def _keyword_lists(profile) -> list[list[str]]:
    lists = [list(v) for v in profile.keywords.values()]
    lists += [s.keywords for s in profile.services.values()]
    lists += [a.keywords for a in profile.agencies.values()]
    lists += [s.keywords for s in profile.siblings if s.keywords]
    return [k for k in lists if k]


def _corpus_files() -> list[Path]:
    files = sorted((ROOT / "tests" / "corpus").glob("*.eml"))
    for folder in ("corpus", "corpus-wide"):
        files += sorted((ROOT.parent / "shared" / folder).glob("*.eml"))
    return files


@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_one_pass_finds_what_a_scan_per_keyword_found(path):
    fields = message_fields(parse_message(path.read_bytes()))
    for keywords in _keyword_lists(PROFILE):
        simple = [k for k in keywords if "&" not in k]
        for f in fields:
            fresh = TextIndex(f.index.text)
            assert f.index.matches(simple) == _scan_matches(fresh, simple), (f.name, simple[:3])
            for k in simple:
                assert f.index.positions(k) == _scan_positions(fresh, k)


def test_a_keyword_list_never_seen_before_is_still_found():
    index = TextIndex("ขอรับเบี้ยยังชีพผู้สูงอายุ")
    index.matches(["ผู้สูงอายุ"])  # the first list scanned
    assert index.matches(["เบี้ยยังชีพ", "ไม่มีคำนี้"]) == ["เบี้ยยังชีพ"]
    assert index.has("ขอรับ") and not index.has("บี้ย")  # inside เบี้ย
