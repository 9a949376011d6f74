"""How values look on the pages: Buddhist Era dates in the office's zone, Thai digits
where the unit chose them (unit.thai_numerals), labels of the domain's words (the labels
of states and dispositions are their enums': registry/states.py, rules/base.py)."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from registry.states import ArchiveState, CaseState, MessageState, OutboxState
from rules.base import Disposition
from rules.chain import rule_label
from rules.thai.dates import digits, thai_date, thai_time

OUTBOX_KIND_LABELS = {
    "acknowledgment": "ตอบรับ", "wrong_channel": "แจ้งช่องทาง", "out_of_authority": "แจ้งหน่วยงาน",
    "forward": "ส่งต่อ", "forwarded_notice": "แจ้งการส่งต่อ", "missing_documents": "ขอเอกสารเพิ่ม",
    "identity_proofing": "นัดยืนยันตัวตน", "late_notice": "แจ้งความล่าช้า", "result": "แจ้งผล",
    "disposal_reminder": "เตือนหัวหน้าหน่วยงาน", "alert": "แจ้งเตือนปัญหาของระบบ",
    "digest": "สรุปงานรอหัวหน้าหน่วยงาน",
}
ROLE_LABELS = {"clerk": "เจ้าหน้าที่สารบรรณ", "head": "หัวหน้าหน่วยงาน", "admin": "ผู้ดูแลระบบ"}
# matters registered without a service of the citizen manual (rules/matter.py)
MATTER_LABELS = {"letter": "หนังสือราชการ", "complaint": "เรื่องร้องเรียน", "enquiry": "สอบถาม"}
EVENT_LABELS = {
    "decided": "ระบบพิจารณาแล้ว", "review_resolved": "เจ้าหน้าที่พิจารณาแล้ว",
    "sent": "ส่งอีเมลแล้ว", "send_failed": "ส่งอีเมลไม่สำเร็จ",
    "send_unknown": "ไม่ทราบผลการส่งอีเมล", "released": "เจ้าหน้าที่ตรวจแล้วให้ส่ง",
    "archived": "จัดเก็บ PDF แล้ว", "failed": "ประมวลผลผิดพลาด", "retry": "สั่งประมวลผลใหม่",
    "uidvalidity_changed": "กล่องจดหมายเปลี่ยนเลขชุด (UIDVALIDITY)",
    "bounced": "อีเมลที่ส่งถูกตีกลับ", "read_receipt": "ผู้รับเปิดอ่านแล้ว",
    "retry_messages": "สั่งประมวลผลข้อความใหม่", "retry_outbox": "สั่งส่งอีเมลใหม่",
    "correction": "แก้ไขรายการทะเบียน", "cancel": "ยกเลิกรายการทะเบียน",
    "decision_corrected": "แก้ไขการพิจารณา", "correction_failed": "แก้ไขการพิจารณาไม่สำเร็จ",
    "discarded": "ยกเลิกอีเมลที่รอส่ง", "superseded": "อีเมลที่รอส่งถูกแทนด้วยฉบับใหม่",
}
# the system's own actors; a person is shown by login
ACTOR_LABELS = {"processor": "ระบบ", "operator": "ผู้ดูแลระบบ (คำสั่ง)", "clerk": "เจ้าหน้าที่"}


class Formatter:
    def __init__(self, config):
        self.thai = bool(config.get("unit.thai_numerals"))
        self.zone = ZoneInfo(config.get("unit.timezone"))
        self.config = config

    def service(self, sid: str | None) -> str:
        """A service by its code and name from the unit profile (S05 ขอรับเงินอุดหนุน...),
        or the Thai word of a matter without one."""
        if not sid:
            return "-"
        services = self.config.profile.services
        if sid in services:
            return f"{sid} {services[sid].name}"
        return MATTER_LABELS.get(sid, sid)

    def sibling(self, key: str | None) -> str:
        """A sibling unit's name from its key (the rules') or address (a clerk's choice)."""
        profile = self.config.profile
        found = (profile.sibling(key) or profile.sibling_by_address(key)) if key else None
        return found.name if found else (key or "-")

    def agency(self, key: str | None) -> str:
        found = self.config.profile.agencies.get(key) if key else None
        return found.name if found else (key or "-")

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
            rule=rule_label, service=self.service, sibling=self.sibling, agency=self.agency,
            event=lambda v: EVENT_LABELS.get(v or "", v or "-"),
            actor=lambda v: ACTOR_LABELS.get(v or "", v or "-"),
        )
