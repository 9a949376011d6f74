"""A request for a service the unit announced only in person (S09, S10, S21) or only on
Biz Portal (S22) that arrived by e-mail: registered, and the reply names the right
channel (channel_hint in_person / bizportal). A mail that only asks how to apply (no
application wording, nothing attached) is an enquiry about the service: registered as
such, not answered as a wrong channel."""
from __future__ import annotations

from rules.ask import applies
from rules.base import REGISTER, WRONG_CHANNEL, Verdict
from rules.checks._verdicts import MISS, decide, words
from rules.matter import analyse


class ServiceChannel:
    name = "service_channel"
    description = "service announced in person or on Biz Portal only, asked by e-mail"
    label = "งานบริการที่ไม่รับทางอีเมล"

    def check(self, msg, profile, ctx) -> Verdict:
        a = analyse(msg, profile)
        if not a.service or a.complaint_first:
            return MISS  # a complaint about the counter is a complaint, not a new request
        service = profile.service(a.service.key)
        if service.channel == "email_or_counter":
            return MISS
        if not applies(f"{msg.subject}\n{msg.text}") and not msg.attachments and a.enquiry_words:
            # asks how to apply at the counter, files nothing: an enquiry, registered
            return decide(self.name, REGISTER,
                          f"สอบถามวิธียื่นคำขอ{service.name} (พบคำ {words(a.enquiry_words[:3])}) "
                          "ยังไม่ได้ยื่นคำขอหรือส่งเอกสาร จึงลงรับเป็นข้อสอบถาม",
                          f"asks how to apply for {service.name_en}, files nothing: an enquiry",
                          service="enquiry", related_service=service.id)
        where = "ยื่นด้วยตนเองเท่านั้น" if service.channel == "in_person" else "ยื่นผ่าน Biz Portal เท่านั้น"
        where_en = "in person only" if service.channel == "in_person" else "on Biz Portal only"
        return decide(self.name, WRONG_CHANNEL,
                      f"คำขอ{service.name} (พบคำ {words(a.service.words[:5])}) ต้อง{where} "
                      "ลงรับและแจ้งช่องทางที่ถูกต้อง",
                      f"a request for {service.name_en} (matched: {', '.join(a.service.words[:5])}), "
                      f"a service filed {where_en}; registered, sender told the right channel",
                      service=service.id, channel_hint=service.channel)
