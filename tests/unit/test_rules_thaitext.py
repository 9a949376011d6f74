from rules.thai.text import TextIndex, normalize


def test_normalize_folds_pdf_sara_am_thai_digits_and_broken_spaces():
    assert normalize("คําขอ ๑๒") == normalize("คำขอ 12") == "คำขอ 12"
    assert normalize("ชมรมคนพิการอ ำเภอบ้านลาด") == "ชมรมคนพิการอำเภอบ้านลาด"


def test_keywords_match_on_word_boundaries_only():
    index = TextIndex("ปัญหานี้ยากมาก")
    assert not index.has("ยา")  # inside ยาก
    assert TextIndex("ไปซื้อยาที่ร้าน").has("ยา")


def test_longer_match_hides_the_shorter_one_inside_it():
    assert TextIndex("รับเบี้ยยังชีพผู้สูงอายุ").matches(["เบี้ยยังชีพ", "เบี้ยยังชีพผู้สูงอายุ"]) == \
        ["เบี้ยยังชีพผู้สูงอายุ"]


def test_long_keyword_survives_a_compound_the_segmenter_glued():
    # newmm splits "การค้า|มนุษย์" and "ถูก|ทำร้ายร่างกาย": one matching end is enough
    assert TextIndex("ช่วยเหลือผู้เสียหายจากการค้ามนุษย์").has("ค้ามนุษย์")
    assert TextIndex("นักเรียนถูกทำร้ายร่างกาย").has("ถูกทำร้าย")
    # a short word still needs both ends on a boundary
    assert not TextIndex("ปัญหานี้ยากมาก").has("ยา")


def test_clean_thai_puts_back_what_each_pdf_producer_broke():
    from rules.thai.text import clean_thai

    assert clean_thai("ด\uf70aวนที่สุด") == "ด่วนที่สุด"  # Chromium + Garuda: private-use tone
    assert clean_thai("ผ\uf70b\u0e39") == "ผู้"  # and written before the vowel below
    assert clean_thai("สำาเนา") == "สำเนา"  # LibreOffice + Sarabun: SARA AM, then SARA AA
    assert clean_thai("น\u0e4d\u0e49\u0e32") == "น้ำ"  # NIKHAHIT + tone + SARA AA
    assert clean_thai("ท\x00ี") == "ที"  # a glyph without Unicode is dropped, never kept
    for text in ("ด\uf70aวน", "สำาเนา", "น\u0e4d\u0e49\u0e32"):
        assert clean_thai(clean_thai(text)) == clean_thai(text)
    assert normalize("สำาเนาบัตร") == normalize("สำเนาบัตร")  # the rules read it the same
