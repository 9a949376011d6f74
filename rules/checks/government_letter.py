"""Official letters (หนังสือราชการ) from government senders (go.th, mi.th, ac.th ...).
A letter addressed to the unit is within its authority and is registered as service
"letter" (routed by its subject), unless its subject clearly names one of the unit's
services by its official name. Sent only to an address not announced for it
(pr@), it came through the wrong channel."""
from __future__ import annotations

from rules.base import REGISTER, WRONG_CHANNEL, Verdict
from rules.checks._channel import wrong_address
from rules.checks._verdicts import MISS, decide, words
from rules.matter import _core_name, analyse, domain_of


class GovernmentLetter:
    name = "government_letter"
    description = "official letter from a government domain: register as 'letter'"

    def check(self, msg, profile, ctx) -> Verdict:
        domain = domain_of(msg.from_addr)
        if not domain or not profile.is_government(domain) \
                or msg.from_addr.lower() in profile.own_addresses():
            return MISS
        a = analyse(msg, profile)
        subject = a.fields[0].index
        service = "letter"
        for s in profile.services.values():
            if subject.has(_core_name(s.name)):
                service = s.id
        related = a.service.key if a.service and service == "letter" else None
        markers = [m for m in profile.letter_markers if any(f.index.has(m) for f in a.fields)]
        pdfs = [x.filename for x in msg.attachments if x.content_type == "application/pdf"]
        evidence = (f"มีเครื่องหมายหนังสือราชการ {words(markers[:3])}" if markers else "") + \
                   (f" แนบไฟล์ {len(pdfs)} ฉบับ" if pdfs else "")
        details = dict(service=service, related_service=related)
        if related:
            details["related_words"] = a.service.words[:5]
        wrong = wrong_address(msg, profile)
        if wrong:
            return decide(self.name, WRONG_CHANNEL,
                          f"หนังสือราชการจาก {domain} ส่งมาที่ {wrong} ซึ่งไม่ได้ประกาศให้รับหนังสือ "
                          f"ลงรับและแจ้งให้ส่งทาง {profile.unit.email}",
                          f"official letter from {domain} sent to {wrong}, which is not announced "
                          f"for letters; registered, sender told to use {profile.unit.email}",
                          channel_hint="saraban_email", **details)
        return decide(self.name, REGISTER,
                      f"หนังสือราชการจากหน่วยงานของรัฐ ({domain}) {evidence}".strip(),
                      f"official letter from a government sender ({domain})", **details)
