"""An official letter addressed (เรียน …) to another office and mailed here by mistake:
the attached letter's เรียน line, else the covering mail's. Addressed to a sibling unit
(another provincial office of the ministry, the shelter, the homeless centre) it is
forwarded as a letter; to another agency (the Social Security Office ...) the sender is
told where it belongs. Addressed to this unit, its governor or nobody in particular, the
rule has nothing to say. Only mail with a letter's marks (a document number or an
attached letter) is read this way: a citizen's "เรียน" is a greeting."""
from __future__ import annotations

from rules.base import FORWARD, OUT_OF_AUTHORITY, Verdict
from rules.checks._verdicts import MISS, decide
from rules.checks.government_letter import has_document_number
from rules.addressee import addressee, addressee_line


class LetterAddressee:
    name = "letter_addressee"
    description = "official letter addressed to another office: forward (sibling) or name the agency"
    label = "หนังสือราชการที่เรียนหน่วยงานอื่น"

    def check(self, msg, profile, ctx) -> Verdict:
        if not (msg.letter or has_document_number(msg)):
            return MISS
        line = addressee_line(msg)
        if not line:
            return MISS
        kind, target = addressee(line, profile)
        if kind == "sibling":
            return decide(self.name, FORWARD,
                          f"หนังสือราชการฉบับนี้เรียน “{line}” ซึ่งเป็น{target.name} ไม่ใช่หน่วยงานนี้ "
                          f"(ส่งมาผิดที่) ส่งต่อไปที่ {target.address}",
                          f"the official letter is addressed to {target.name_en} (“{line}”), not "
                          f"to this unit; forward to {target.address}",
                          forward_to=target.address, sibling=target.key, service="letter")
        if kind == "agency":
            return decide(self.name, OUT_OF_AUTHORITY,
                          f"หนังสือราชการฉบับนี้เรียน “{line}” ซึ่งเป็นของ{target.name} ไม่ใช่หน่วยงานนี้ "
                          "แจ้งผู้ส่งให้ส่งไปยังหน่วยงานที่ถูกต้อง",
                          f"the official letter is addressed to {target.name_en} (“{line}”), not "
                          "to this unit; the sender is told where it belongs",
                          agency=target.key)
        return MISS
