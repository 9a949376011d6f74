"""Words of the language (Thai and English) the readers in rules/ use to read a mail's
structure: which sentence asks, which clause is background, who a place belongs to, what
a scam sounds like. They are language, not the unit's data (that is the profile), so
they live here; every list is matched on normalised text (rules/thai/text.normalize).
"""
from __future__ import annotations

import re

# A sentence that asks: a request, a wish, a question. Thai writes these at the start of
# a clause (ขอ…, อยาก…, ต้องการ…, รบกวน…) or as a question particle at its end.
ASK = re.compile(
    r"(?:^|\s|จึง|และ|ก็|ช่วย|ผม|ดิฉัน|หนู|ฉัน|เรา|ค่ะ|ครับ)"
    r"(?:ขอ(?!บคุณ|แสดง|โทษ|ให้ท่าน)|อยาก|ต้องการ|ประสงค์|รบกวน|สอบถาม|โปรด|กรุณา|ช่วย)"
    r"|(?:ไหม|มั้ย|หรือไม่|หรือเปล่า|ได้บ้าง|อย่างไร|ยังไง|ที่ไหน|เมื่อไร|เมื่อไหร่|เท่าไร|อะไรบ้าง)"
    r"(?:\s*(?:ครับ|คะ|ค่ะ|คับ|จ้ะ|จ๊ะ|นะ|\?))?"
    r"|\?"
    r"|\b(?:please|kindly|request|apply|i would like|i'd like|i want|i need|we need|we would like"
    r"|could you|can you|would you|is there|are there|how (?:do|can|long|much)|where (?:do|can)"
    r"|what (?:is|are|do|should)|help (?:him|her|them|us|me))\b")

# A sentence that applies (files something), not only asks how: the difference between
# an application by e-mail and an enquiry about a counter service.
APPLY = re.compile(
    r"ขอยื่น|ยื่นคำขอ|ยื่นคำร้อง|ขอทำ|ขอบัตร|ขอต่อ|ขอมีบัตร|ขอออกบัตร|ขอรับรอง|ขอรับเงิน|ขอรับสิทธิ"
    r"|ขออนุญาตตั้ง|ขออนุญาตจัดตั้ง|ขอจดทะเบียน|ขอให้(?:ทำ|ต่อ|ออก)|แนบ(?:เอกสาร|สำเนา|ไฟล์|รูป|มา)"
    r"|ส่งเอกสาร|ตามเอกสารแนบ|ตามไฟล์แนบ|\b(?:i attach|attached|please (?:renew|issue|register|"
    r"replace|process)|apply for|application for|i would like to apply|renew the card)\b")

# A clause that tells what someone already has or had (background, not the ask):
# "มีบัตรคนพิการแล้ว", "ได้รับหนังสือรับรองแล้ว", "already received the certificate".
BACKGROUND = re.compile(
    r"(?:มี|ถือ|ได้รับ|ได้|เคยได้|เคยยื่น|เคยขอ|ทำ)[^\s]{0,40}?(?:อยู่แล้ว|แล้ว)"
    r"|(?:received|obtained|already (?:has|have|had|got|received|obtained))[^.?!\n]{0,80}")

# English ones with a space in front: matched on " " + text, so "thai " is not "i "
FIRST_PERSON = ("ดิฉัน", "ผม", "กระผม", "ข้าพเจ้า", "หนู", "ฉัน", "เรา", " i ", " i'm", " we ", " my ")
# family and others: "แม่ดิฉัน" is the mother, not the writer
OTHERS = ("แม่", "พ่อ", "ยาย", "ตา", "ปู่", "ย่า", "ลูก", "หลาน", "น้อง", "พี่", "ลุง", "ป้า", "น้า",
          "อา", "สามี", "ภรรยา", "เพื่อนบ้าน", "คุณ", "ท่าน", "เด็ก", "ผู้สูงอายุ",
          "my mother", "my father", "my wife", "my husband", "my son", "my daughter",
          "neighbour", "neighbor", "he ", "she ", "his ", "her ", "they ")

# Where the matter is: a place after one of these belongs to premises, an organisation,
# an event or another person, not to the writer.
MATTER_PLACE = ("ตั้งอยู่", "ที่ตั้ง", "สาขา", "อาคาร", "ที่ทำการ", "สถานที่", "กองทุน", "ชุมชน",
                "เกิดเหตุ", "พบ", "นอน", "located", "premises", "branch", "found", "sleeping",
                "lives in", "lives at", "living alone")
# Where the writer is: a head office, a workplace, a signature.
WRITER_PLACE = ("สำนักงานใหญ่", "head office", "i live", "i am living", "we live", "living in",
                "ดิฉันอยู่", "ผมอยู่", "หนูอยู่", "ฉันอยู่", "เราอยู่")

# An office writing as an office: what official letters do (invite, ask cooperation,
# send, inform), in the words they use.
OFFICIAL_ACT = ("ขอเชิญ", "ขอความร่วมมือ", "ขอส่งหนังสือ", "ขอส่งรายชื่อ", "ขอแจ้ง", "แจ้งเวียน",
                "จึงเรียนมาเพื่อ", "ขอประชาสัมพันธ์", "หนังสือราชการ", "เพื่อโปรดทราบ", "เพื่อโปรดพิจารณา",
                "หนังสือเวียน", "ตามหนังสือที่อ้างถึง")

# Writing in a private capacity from a work (go.th / ac.th) address.
PERSONAL_CAPACITY = ("ในนามส่วนตัว", "เป็นการส่วนตัว", "เรื่องส่วนตัว", "ส่วนตัวค่ะ", "ส่วนตัวครับ",
                     "in a private capacity", "personal matter", "personally")

# Scams as they arrive in Thailand: an offer of easy money or a loan, a move off e-mail
# (LINE), a demand for identity data, a fee or a transfer to a new account, pressure.
SCAM_OFFER = ("รับเงิน", "ได้เงิน", "รายได้วันละ", "รายได้เสริม", "งานเสริม", "งานออนไลน์", "กดไลก์",
              "กดติดตาม", "ทำงานที่บ้าน", "กู้ได้", "ปลอดดอกเบี้ย", "ไม่ต้องมีผู้ค้ำ", "อนุมัติไว",
              "อนุมัติทันที", "สินเชื่อ", "เงินดิจิทัล", "เงินคืนภาษี", "คืนภาษี", "พัสดุตกค้าง",
              "พัสดุของท่าน", "ค่าธรรมเนียมจัดส่ง", "ถอนเงิน", "ฝากถอน", "เครดิตฟรี", "แจกเครดิต",
              "โบนัส", "แทงบอล", "คาสิโน", "บาคาร่า", "สล็อต", "หวย", "ลุ้นรับ", "คุณได้รับรางวัล",
              "tax refund", "parcel", "earn", "daily pay", "bonus", "crypto", "bitcoin", "usdt",
              "wallet", "investment", "loan approved", "you have won")
# Lures that are not offers: a parcel held, a tax refund, an account "suspended", a login
# from a new device, a crypto wallet: each wants a click, a fee or credentials.
SCAM_LURE = ("พัสดุ", "ที่อยู่ไม่ครบ", "ไม่สามารถจัดส่ง", "จัดส่งไม่สำเร็จ", "ยืนยันที่อยู่", "คืนภาษี",
             "เงินคืนภาษี", "บัญชีของท่านถูก", "ถูกระงับ", "เข้าสู่ระบบจากอุปกรณ์", "ธุรกรรมผิดปกติ",
             "รายการผิดปกติ", "กระเป๋าเงิน", "เหรียญ", "ถอนเหรียญ", "parcel", "delivery failed",
             "incomplete address", "tax refund", "unusual activity", "unusual sign-in", "new device",
             "wallet", "withdrawal", "account has been", "account will be")
# Online gambling (illegal in Thailand: never a matter for the unit), matched after the
# separators spammers put between letters are squeezed out ("บ.า.ค.า.ร่.า", "ส ล็ อ ต").
GAMBLING = ("บาคาร่า", "สล็อต", "สล๊อต", "คาสิโน", "แทงบอล", "พนันออนไลน์", "หวยออนไลน์", "เว็บตรง",
            "ฝากถอน", "ถอนไม่อั้น", "เครดิตฟรี", "แจกเครดิต", "ทดลองเล่น", "แจ็คพอต", "แตกง่าย", "ufa",
            "pgslot", "pg slot", "slot", "casino", "baccarat", "jackpot", "betting", "sbobet")
SCAM_CONTACT = ("แอดไลน์", "ไลน์ไอดี", "line id", "ทักไลน์", "add line", "line @", "ไลน์ @",
                "คลิกลิงก์", "กดลิงก์", "ผ่านลิงก์", "click the link", "click here", "whatsapp", "telegram")
SCAM_DATA = ("เลขบัตรประชาชน", "เลขหลังบัตร", "รหัส otp", "otp", "รูปบัตรประชาชน", "หน้าสมุดบัญชี",
             "เลขบัญชี", "รหัสผ่าน", "ยืนยันตัวตน", "ค่าธรรมเนียม", "ค่าประกัน", "ชำระค่า", "โอนชำระ",
             "บัญชีใหม่", "เปลี่ยนบัญชี", "เปลี่ยนแปลงบัญชี", "new account", "bank details", "seed phrase",
             "private key", "password", "pay the fee", "customs fee")
# Invoice fraud: pay to a new account (a clerk never pays on an e-mail's word).
NEW_ACCOUNT = ("บัญชีใหม่", "เปลี่ยนบัญชี", "เปลี่ยนแปลงบัญชี", "แจ้งเปลี่ยนบัญชี", "new account",
               "new bank account", "changed our bank", "updated bank details", "change of bank")
PAYMENT = ("โอนชำระ", "ชำระเงิน", "ใบแจ้งหนี้", "โอนเงิน", "invoice", "payment", "remittance")
SCAM_PRESSURE = ("ภายในวันนี้", "ภายใน 24 ชั่วโมง", "ภายใน 24 ชม", "จำนวนจำกัด", "เท่านั้น", "ด่วน",
                 "ประกาศ!", "หมดเขต", "ล่าสุด", "ระงับ", "ถูกระงับ", "ตกค้าง", "ไม่ต้องลงทุน",
                 "ไม่มีค่าสมัคร", "within 24 hours", "today", "suspended", "urgent", "immediately")
