"""A request that reached only an address not announced for requests (pr@ is for
public relations): registered, and the reply names the announced address."""
from __future__ import annotations

from rules.base import REVIEW, WRONG_CHANNEL, Verdict
from rules.checks._channel import wrong_address
from rules.checks._verdicts import MISS, decide, words
from rules.matter import analyse


def matter_kind(a) -> tuple[str | None, list[str]]:
    """service id / complaint / enquiry, with the words that say so; None if none."""
    if a.service and not a.complaint_first:
        return a.service.key, a.service.words
    if a.complaint_words:
        return "complaint", a.complaint_words
    if a.enquiry_words and a.domain_words:
        return "enquiry", a.enquiry_words + a.domain_words
    return None, []


class AnnouncedAddress:
    name = "announced_address"
    description = "request sent only to an address not announced for requests (pr@)"
    label = "ส่งถึงที่อยู่ที่ไม่ได้ประกาศรับคำขอ"

    def check(self, msg, profile, ctx) -> Verdict:
        wrong = wrong_address(msg, profile)
        if not wrong:
            return MISS
        a = analyse(msg, profile)
        kind, matched = matter_kind(a)
        if kind is None and not a.request_words:
            return decide(self.name, REVIEW,
                          f"ส่งมาที่ {wrong} (ประชาสัมพันธ์) และไม่พบลักษณะคำขอ ให้เจ้าหน้าที่ตรวจ",
                          f"sent to {wrong} (public relations) with no sign of a request: review")
        matched = matched or a.request_words
        return decide(self.name, WRONG_CHANNEL,
                      f"คำขอ (พบคำ {words(matched[:5])}) ส่งมาที่ {wrong} ซึ่งไม่ได้ประกาศให้รับคำขอ "
                      f"ลงรับและแจ้งให้ส่งทาง {profile.unit.email}",
                      f"a request (matched: {', '.join(matched[:5])}) sent to {wrong}, which is not "
                      f"announced for requests; registered, sender told to use {profile.unit.email}",
                      channel_hint="saraban_email", service=kind)
