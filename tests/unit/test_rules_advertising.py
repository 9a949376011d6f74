from tests.unit.rules_helpers import PROFILE, SARABAN, msg  # noqa: F401
from rules.base import TriageContext

from rules.checks.advertising import Advertising


def test_advertising_with_unsubscribe_is_spam():
    m = msg("โปรโมชั่นประกันรถยนต์ ลดราคา", "ส่วนลดพิเศษ ผ่อน 0% หากไม่ต้องการรับ กดยกเลิกการรับข่าวสาร",
            from_addr="promo@shop.example")
    assert Advertising().check(m, PROFILE, TriageContext()).disposition == "spam"


def test_request_mentioning_a_fee_is_not_advertising():
    m = msg("สอบถามค่าธรรมเนียม", "ขอตั้งสถานรับเลี้ยงเด็กเอกชน มีค่าธรรมเนียมเท่าไรคะ")
    assert not Advertising().check(m, PROFILE, TriageContext()).hit


def test_paid_course_for_clerks_is_spam_even_though_it_talks_about_saraban_work():
    m = msg("อบรมหลักสูตรการบริหารงานพัสดุและสารบรรณ รุ่นพิเศษ",
            "ขอเชิญหน่วยงานส่งเจ้าหน้าที่เข้าร่วมสัมมนา ณ โรงแรมในหัวหิน ค่าลงทะเบียนท่านละ 5,500 บาท "
            "เบิกค่าลงทะเบียนได้ ที่นั่งจำกัด สมัครด่วน แอดไลน์ @trainpro",
            from_addr="info@pro-training.example")
    assert Advertising().check(m, PROFILE, TriageContext()).disposition == "spam"


def test_english_seo_offer_is_spam():
    m = msg("Your website traffic",
            "Hello, your site is not on page 1 of Google. Our digital marketing team builds "
            "backlinks and guaranteed rankings, affordable packages. Reply STOP to opt out.",
            from_addr="mark@webgrowth.example")
    assert Advertising().check(m, PROFILE, TriageContext()).disposition == "spam"


def test_government_sender_inviting_to_a_paid_course_is_left_to_the_letter_rule():
    m = msg("ขอเชิญเข้าร่วมอบรมหลักสูตรนักสังคมสงเคราะห์",
            "ค่าลงทะเบียน 3,000 บาท เบิกได้ตามระเบียบ ที่นั่งจำกัด ดาวน์โหลดใบสมัคร",
            from_addr="training@su.ac.th")
    assert not Advertising().check(m, PROFILE, TriageContext()).hit


def test_free_training_news_from_a_network_is_not_advertising():
    m = msg("เชิญอบรมหลักสูตรการดูแลผู้สูงอายุ", "อบรมฟรี ไม่มีค่าใช้จ่าย สมัครได้ที่ผู้ประสานงาน",
            from_addr="network@gmail.com")
    assert not Advertising().check(m, PROFILE, TriageContext()).hit
