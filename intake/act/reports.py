"""Handler: a bounce or a read receipt names the mail of ours it reports on. That is
recorded on the message that mail answered, so its case knows the sender was unreachable
(bounce) or has read our reply (receipt)."""
from __future__ import annotations

from sqlalchemy import select

from intake.act.context import Acting
from registry.models import Event, OutboxItem
from rules.base import Reason


class ReportLink:
    name = "report_link"
    description = "a bounce or read receipt linked to the mail of ours it reports on"

    def handle(self, act: Acting) -> bool:
        note = _link_report(act)
        if note is None:
            return False
        act.notes.append(note)
        return not note.rule.endswith("_unmatched")


def _link_report(act: Acting) -> Reason | None:
    s, msg, now = act.session, act.msg, act.now
    for key, kind in (("bounce_of", "bounced"), ("receipt_of", "read_receipt")):
        ref = act.decision.details.get(key)
        if not ref:
            continue
        item = s.scalar(select(OutboxItem).where(OutboxItem.rfc_message_id == ref.strip()))
        if item is None:
            return Reason(f"{kind}_unmatched", f"รายงานนี้อ้างถึงอีเมล {ref} ซึ่งไม่ใช่อีเมลที่ระบบส่ง",
                          f"the report names {ref}, which is not a mail we sent")
        s.add(Event(actor="processor", kind=kind, message_pk=item.message_pk, at=now,
                    detail={"outbox": item.id, "report_message": msg.id, "to": item.recipients}))
        if kind == "bounced":
            from intake.cases import lifecycle as cases

            cases.on_bounce(act.rt, s, item, now)
            return Reason("bounce_linked", f"อีเมล{item.kind}ที่ส่งถึง {', '.join(item.recipients)} "
                          "ส่งไม่ถึงผู้รับ: ติดต่อผู้ยื่นไม่ได้",
                          f"our {item.kind} to {', '.join(item.recipients)} bounced: the sender "
                          "cannot be reached")
        return Reason("receipt_linked", f"ผู้รับเปิดอ่านอีเมล{item.kind}แล้ว",
                      f"our {item.kind} was read")
    return None
