"""Handler: the replies a decision owes the sender (acknowledgment, wrong channel, out of
authority, forwarded notice), in the outbox; at most policy.reply_cap_per_day a day to one
address, so two robots cannot answer each other for ever. The acknowledgment carries the
unit's signed receipt when the unit has a key (intake/outbox/receipt.py)."""
from __future__ import annotations

import hashlib

from sqlalchemy import select

from intake.act import lookups
from intake.act.context import Acting
from intake.act.mail import mail_context, sender, to_outbox, unsafe
from intake.outbox.compose import UnsafeAddress, compose_reply
from intake.outbox.receipt import ReceiptError, ReceiptFacts, make_receipt, receipt_configured
from registry.registers import case_ref
from registry.models import OutboxItem, ReceiveEntry
from rules.base import Reason


class Replies:
    name = "replies"
    description = "the replies to the sender, in the outbox (capped per address a day)"

    def handle(self, act: Acting) -> bool:
        queued = False
        for kind in act.mails:
            if kind != "forward":
                queued = self._queue(act, kind) or queued
        if act.entry is not None and act.decision.high_risk and not act.decision.case_ref:
            from intake.cases import lifecycle as cases

            queued = cases.request_identity(act.rt, act.session, act.entry, act.now) or queued
        return queued

    def _queue(self, act: Acting, kind: str) -> bool:
        from_addr, domain = sender(act)
        parsed = act.parsed
        to = (parsed.reply_to[:1] or [parsed.from_addr])[0]
        cap = act.rt.config.get("policy.reply_cap_per_day")
        if act.session.scalar(select(OutboxItem.id).where(
                OutboxItem.message_pk == act.msg.id, OutboxItem.kind == kind)) is not None:
            return False  # already answered (an urgent matter, acknowledged on arrival)
        try:
            if lookups.replies_today(act.session, to, act.now) >= cap:
                act.notes.append(Reason("reply_cap", f"งดตอบอัตโนมัติ: ส่งถึง {to} ครบ {cap} "
                                        "ฉบับใน 24 ชั่วโมงแล้ว", f"reply cap reached for {to}"))
                return False
            mail = compose_reply(kind, profile=act.rt.profile, original=parsed,
                                 context=mail_context(act), from_addr=from_addr, domain=domain,
                                 now=act.now)
        except UnsafeAddress as exc:
            act.notes.append(unsafe(kind, exc))
            return False
        if kind == "acknowledgment" and act.entry is not None and receipt_configured(
                act.rt.config):
            _attach_receipt(act, act.entry, mail)
        to_outbox(act, kind, mail, from_addr)
        return True


def _attach_receipt(act: Acting, entry: ReceiveEntry, mail) -> None:
    """The signed receipt (intake/outbox/receipt.py): without it the acknowledgment still
    goes, and the note says why."""
    parsed = act.parsed
    facts = ReceiptFacts(
        registration=case_ref(entry.number, entry.year), received_at=act.received_at,
        deemed_at=act.deemed_at, sha256=hashlib.sha256(act.raw).hexdigest(),
        message_id=parsed.message_id or "", subject=parsed.subject or "",
        sender=parsed.from_addr)
    try:
        pdf = make_receipt(act.rt.config, act.rt.profile, facts)
    except ReceiptError as exc:
        act.notes.append(Reason("no_receipt", f"ส่งตอบรับโดยไม่มีใบรับที่ลงลายมือชื่อ: {exc}",
                                f"acknowledged without the signed receipt: {exc}"))
        return
    mail.add_attachment(pdf, maintype="application", subtype="pdf",
                        filename=f"receipt-{facts.registration.replace('/', '-')}.pdf")
