"""How values look on the pages: Buddhist Era dates in the office's zone, Thai digits
where the unit chose them (unit.thai_numerals), labels of the domain's words."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from rules.thai.dates import digits, thai_date, thai_time

DISPOSITION_LABELS = {
    "register": "ลงทะเบียนรับ",
    "wrong_channel": "แจ้งช่องทางที่ถูกต้อง",
    "forward": "ส่งต่อหน่วยงานในสังกัด",
    "out_of_authority": "แจ้งหน่วยงานที่รับผิดชอบ",
    "spam": "สแปม",
    "machine": "อีเมลอัตโนมัติ",
    "review": "รอเจ้าหน้าที่ตรวจสอบ",
}
MESSAGE_STATE_LABELS = {"stored": "รับไว้แล้ว รอพิจารณา", "decided": "พิจารณาแล้ว",
                        "done": "เสร็จสิ้น", "failed": "ผิดพลาด"}
OUTBOX_STATE_LABELS = {"pending": "รอส่ง", "held": "รอเจ้าหน้าที่ตรวจก่อนส่ง", "sending": "กำลังส่ง",
                       "sent": "ส่งแล้ว", "failed": "ส่งไม่สำเร็จ"}
OUTBOX_KIND_LABELS = {
    "acknowledgment": "ตอบรับ", "wrong_channel": "แจ้งช่องทาง", "out_of_authority": "แจ้งหน่วยงาน",
    "forward": "ส่งต่อ", "forwarded_notice": "แจ้งการส่งต่อ", "missing_documents": "ขอเอกสารเพิ่ม",
    "identity_proofing": "นัดยืนยันตัวตน", "late_notice": "แจ้งความล่าช้า", "result": "แจ้งผล",
    "disposal_reminder": "เตือนหัวหน้าหน่วยงาน",
}
ROLE_LABELS = {"clerk": "เจ้าหน้าที่สารบรรณ", "head": "หัวหน้าหน่วยงาน", "admin": "ผู้ดูแลระบบ"}


class Formatter:
    def __init__(self, config):
        self.thai = bool(config.get("unit.thai_numerals"))
        self.zone = ZoneInfo(config.get("unit.timezone"))

    def num(self, value) -> str:
        return "" if value is None else digits(value, self.thai)

    def local(self, value):
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
            except ValueError:
                return value
        if isinstance(value, datetime) and value.tzinfo is not None:
            value = value.astimezone(self.zone)
        return value

    def date(self, value, abbr: bool = True) -> str:
        value = self.local(value)
        if not isinstance(value, (date, datetime)):
            return "" if value is None else str(value)
        return thai_date(value, thai_numerals=self.thai, abbr=abbr)

    def datetime(self, value, abbr: bool = True) -> str:
        value = self.local(value)
        if not isinstance(value, datetime):
            return self.date(value, abbr)
        return f"{thai_date(value, thai_numerals=self.thai, abbr=abbr)} " \
               f"{thai_time(value, thai_numerals=self.thai)}"

    def register(self, app) -> None:
        app.jinja_env.filters.update(
            num=self.num, thdate=self.date, thdatetime=self.datetime,
            disposition=lambda v: DISPOSITION_LABELS.get(v or "", v or "-"),
            msgstate=lambda v: MESSAGE_STATE_LABELS.get(v or "", v or "-"),
            outstate=lambda v: OUTBOX_STATE_LABELS.get(v or "", v or "-"),
            outkind=lambda v: OUTBOX_KIND_LABELS.get(v or "", v or "-"),
            role=lambda v: ROLE_LABELS.get(v or "", v or "-"),
        )
