"""How values look on the pages: Buddhist Era dates in the office's zone, Thai digits
where the unit chose them (unit.thai_numerals), labels of the domain's words (the labels
of states and dispositions are their enums': registry/states.py, rules/base.py)."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from registry.states import ArchiveState, CaseState, MessageState, OutboxState
from rules.base import Disposition
from rules.thai.dates import digits, thai_date, thai_time

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
            disposition=Disposition.label_of, casestate=CaseState.label_of,
            msgstate=MessageState.label_of, outstate=OutboxState.label_of,
            archstate=ArchiveState.label_of,
            outkind=lambda v: OUTBOX_KIND_LABELS.get(v or "", v or "-"),
            role=lambda v: ROLE_LABELS.get(v or "", v or "-"),
        )
