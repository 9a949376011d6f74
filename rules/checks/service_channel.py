"""A request for a service the unit announced only in person (S09, S10, S21) or only on
Biz Portal (S22) that arrived by e-mail: registered, and the reply names the right
channel (channel_hint in_person / bizportal)."""
from __future__ import annotations

from rules.base import WRONG_CHANNEL, Verdict
from rules.checks._verdicts import MISS, decide, words
from rules.matter import analyse


class ServiceChannel:
    name = "service_channel"
    description = "service announced in person or on Biz Portal only, asked by e-mail"

    def check(self, msg, profile, ctx) -> Verdict:
        a = analyse(msg, profile)
        if not a.service or a.complaint_first:
            return MISS  # a complaint about the counter is a complaint, not a new request
        service = profile.service(a.service.key)
        if service.channel == "email_or_counter":
            return MISS
        where = "ยื่นด้วยตนเองเท่านั้น" if service.channel == "in_person" else "ยื่นผ่าน Biz Portal เท่านั้น"
        where_en = "in person only" if service.channel == "in_person" else "on Biz Portal only"
        return decide(self.name, WRONG_CHANNEL,
                      f"คำขอ{service.name} (พบคำ {words(a.service.words[:5])}) ต้อง{where} "
                      "ลงรับและแจ้งช่องทางที่ถูกต้อง",
                      f"a request for {service.name_en} (matched: {', '.join(a.service.words[:5])}), "
                      f"a service filed {where_en}; registered, sender told the right channel",
                      service=service.id, channel_hint=service.channel)
