"""A complaint, or a question about the unit's field (children, families, older persons,
disability, welfare) that names no particular service: registered as "complaint" or
"enquiry". Anything else reaches the end of the chain and goes to review."""
from __future__ import annotations

from rules.base import REGISTER, Verdict
from rules.checks._verdicts import MISS, decide, words
from rules.matter import analyse


class ComplaintEnquiry:
    name = "complaint_enquiry"
    description = "complaint, or enquiry about the unit's field: register"
    label = "ร้องเรียนหรือสอบถาม"

    def check(self, msg, profile, ctx) -> Verdict:
        a = analyse(msg, profile)
        if a.complaint_words:
            return decide(self.name, REGISTER,
                          f"เรื่องร้องเรียน (พบคำ {words(a.complaint_words[:5])})",
                          f"a complaint (matched: {', '.join(a.complaint_words[:5])})",
                          service="complaint")
        if a.enquiry_words and a.domain_words:
            return decide(self.name, REGISTER,
                          f"ข้อสอบถามเกี่ยวกับงานของหน่วยงาน (พบคำ {words(a.enquiry_words[:3])} "
                          f"และ {words(a.domain_words[:3])})",
                          f"an enquiry about the unit's work (matched: "
                          f"{', '.join(a.enquiry_words[:3] + a.domain_words[:3])})",
                          service="enquiry")
        return MISS
