"""A request for one of the unit's services, through the announced channel: registered
and acknowledged; routed to the service's section.

It steps aside for the complaint/enquiry rule when the mail is mainly a complaint
(complaint words weigh at least as much as the service's), or when the service rests on
one word in the body (WEAK) while the sender is asking a question about the unit's
field: "ขอสำเนารายงานที่เจ้าหน้าที่ไปให้ความช่วยเหลือ" is an enquiry, not a hardship request."""
from __future__ import annotations

from rules.base import REGISTER, Verdict
from rules.checks._verdicts import MISS, decide, words
from rules.matter import analyse

WEAK = 2.0  # below this a service rests on a single word in the body


class ServiceRequest:
    name = "service_request"
    description = "request for a service S01..S22 within authority: register"
    label = "คำขอรับบริการ"

    def check(self, msg, profile, ctx) -> Verdict:
        a = analyse(msg, profile)
        if not a.service or a.complaint_first:
            return MISS
        if a.service_score < WEAK and a.enquiry_words and a.domain_words:
            return MISS
        service = profile.service(a.service.key)
        runner_up = a.services[1] if len(a.services) > 1 else None
        details = {}
        if runner_up and runner_up.score == a.service.score:
            details["also_possible"] = runner_up.key  # a tie: the clerk may re-route
        return decide(self.name, REGISTER,
                      f"คำขอ{service.name} ({service.id}; พบคำ {words(a.service.words[:5])})",
                      f"a request for {service.name_en} ({service.id}; matched: "
                      f"{', '.join(a.service.words[:5])})",
                      service=service.id, **details)
