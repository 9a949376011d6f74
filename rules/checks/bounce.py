"""Delivery reports: DSN bounces, MDN read receipts (multipart/report), mail from
MAILER-DAEMON or with an empty Return-Path. Never answered. For a bounce the bounced
original's Message-ID goes to details["bounce_of"] so the pipeline can mark the send
register; for a read receipt, details["receipt_of"]."""
from __future__ import annotations

import re

from rules.base import MACHINE, Verdict
from rules.checks._verdicts import MISS, decide

_DAEMONS = ("mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon")
_MSGID = re.compile(r"^(?:original-)?message-id:\s*(<[^>\s]+>)", re.IGNORECASE | re.MULTILINE)
_ORIG_MSGID = re.compile(r"^original-message-id:\s*(<[^>\s]+>)", re.IGNORECASE | re.MULTILINE)
_BOUNCE_SUBJECTS = ("undeliver", "delivery status notification", "returned mail",
                    "mail delivery failed", "failure notice", "delivery failure",
                    "delivery has failed", "delayed mail", "delivery delayed",
                    "warning: could not send", "returned to sender",
                    "ไม่สามารถส่ง", "ส่งไม่สำเร็จ", "การส่งล่าช้า")


def _report_type(msg) -> str:
    ctype = (msg.header("content-type") or "").lower()
    m = re.search(r'report-type\s*=\s*"?([\w-]+)', ctype)
    if m:
        return m.group(1)
    kinds = {a.content_type for a in msg.attachments}
    if "message/disposition-notification" in kinds:
        return "disposition-notification"
    if "message/delivery-status" in kinds or "message/global-delivery-status" in kinds:
        return "delivery-status"
    return ""


def _decoded(att) -> str:
    return (att.payload or b"").decode("utf-8", "replace") if att.payload else att.text


def original_id(msg, pattern=_MSGID) -> str | None:
    """The Message-ID of the returned original: its headers part first, then the body."""
    order = ("text/rfc822-headers", "message/rfc822", "message/global",
             "message/global-headers", "message/disposition-notification",
             "message/delivery-status")
    parts = sorted((a for a in msg.attachments if a.content_type in order),
                   key=lambda a: order.index(a.content_type))
    for text in [_decoded(a) for a in parts] + [msg.text or ""]:
        m = pattern.search(text or "")
        if m and m.group(1) != msg.message_id:
            return m.group(1)
    return None


class Bounce:
    name = "bounce"
    description = "delivery status notification, read receipt, MAILER-DAEMON or empty Return-Path"
    label = "แจ้งส่งไม่ถึงหรือตอบรับการอ่าน"

    def check(self, msg, profile, ctx) -> Verdict:
        local = (msg.from_addr or "").partition("@")[0].lower()
        return_path = msg.header("return-path")
        report = _report_type(msg)
        subject = (msg.subject or "").lower()
        if report == "disposition-notification":
            return decide(self.name, MACHINE,
                          "ใบแจ้งการอ่านอีเมล (read receipt) ส่งโดยระบบ ไม่ใช่คำขอ ไม่ตอบกลับ",
                          "a read receipt (MDN) sent by software, not a request; never answered",
                          receipt_of=original_id(msg, _ORIG_MSGID) or original_id(msg))
        is_daemon = local in _DAEMONS
        empty_rp = return_path is not None and return_path.strip() in ("<>", "")
        is_dsn = report == "delivery-status" or msg.content_type == "multipart/report"
        bounce_subject = any(s in subject for s in _BOUNCE_SUBJECTS)
        # "postmaster@" alone proves nothing: phishing borrows it ("your mailbox is full").
        # A mail system's own message also has an empty envelope sender or a report subject.
        if is_dsn or empty_rp or (is_daemon and bounce_subject):
            why = ("รายงานการส่งอีเมลไม่สำเร็จ (bounce)"
                   if is_dsn or bounce_subject
                   else "อีเมลจากระบบส่งเมล (MAILER-DAEMON หรือ Return-Path ว่าง)")
            return decide(self.name, MACHINE, f"{why} ไม่ใช่คำขอ ไม่ตอบกลับ",
                          "a delivery report / mail-system message, not a request; never answered",
                          bounce_of=original_id(msg))
        return MISS
