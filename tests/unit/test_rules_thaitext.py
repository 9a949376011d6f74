from rules.thaitext import TextIndex, normalize


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
