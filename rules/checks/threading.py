"""A reply to a case the unit already has open (In-Reply-To / References, or a
registration reference in the subject, looked up by ctx.find_case): it continues that
case, so it is registered against it whatever its wording. When the text names one of
the unit's services (the forms of the funeral grant it was asked for), the service is
recorded too, so the reply is routed to the same section."""
from __future__ import annotations

from rules.base import REGISTER, Verdict
from rules.checks._verdicts import MISS, decide
from rules.matter import analyse

NAMED = 2.0  # a service score this high names the matter the reply is about


class Threading:
    name = "threading"
    description = "reply to an open case (ctx.find_case on In-Reply-To/References/subject)"
    label = "ตอบกลับเรื่องที่เปิดอยู่"

    def check(self, msg, profile, ctx) -> Verdict:
        ids = list(dict.fromkeys(i for i in [msg.in_reply_to, *msg.references] if i))
        case = ctx.find_case(ids, msg.subject or "")
        if not case:
            return MISS
        a = analyse(msg, profile)
        service = a.service.key if a.service and a.service_score >= NAMED else None
        return decide(self.name, REGISTER,
                      f"เป็นการตอบกลับเรื่องเดิมที่เปิดอยู่ ({case}) ลงรับต่อในเรื่องเดิม",
                      f"a reply to the open case {case}; registered against it",
                      reply_to_case=True, case_ref=case, service=service)
