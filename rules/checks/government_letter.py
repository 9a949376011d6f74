"""Official letters (หนังสือราชการ) from government senders (go.th, mi.th, ac.th ...).
A letter addressed to the unit is within its authority and is registered as service
"letter" (routed by its subject), unless its subject clearly names one of the unit's
services by its official name. Sent only to an address not announced for it
(pr@), it came through the wrong channel.

Not every mail from a government address is a letter: a nurse asking about her
husband's visa, a teacher applying for her son's disability card or reporting a beaten
pupil writes from go.th/ac.th too. A letter has a letter's marks: a document number
(ที่ พบ 0033/123), an attached letter, an office's act (ขอเชิญ, ขอความร่วมมือ, แจ้งเวียน)
or the form of one (เรื่อง, เรียน, ขอแสดงความนับถือ ...). Without them, or when the writer says it is personal (ในนามส่วนตัว), or when the text
is strongly a matter for a sibling unit and carries no number, the rule steps aside and
the mail is judged by its content like anyone's."""
from __future__ import annotations

import re

from rules.base import REGISTER, WRONG_CHANNEL, Verdict
from rules.checks._channel import wrong_address
from rules.checks._verdicts import MISS, decide, words
from rules.lexicon import OFFICIAL_ACT, PERSONAL_CAPACITY
from rules.matter import _core_name, analyse, domain_of

# "ที่ พบ ๐๐๓๓.๒๐๑/๓๙๔๐", "ที่ มท 0318.2/ว 123", "ที่ ตช ๐๐๑๙(พบ).๑๑/๓๑๐๕": the number of
# an official letter
DOC_NUMBER = re.compile(r"ที่\s*[ก-ฮ]{1,3}\.?\s*[ก-ฮ]{0,3}\.?\s*[0-9๐-๙]{3,5}(?:\([ก-ฮ.]{1,8}\))?"
                        r"(?:[.\s][0-9๐-๙]+)*"
                        r"\s*/\s*(?:ว\s*\.?\s*)?[0-9๐-๙]+")
SIBLING_STRONG = 3.0  # a sibling matter this strong outweighs the sender's address
FORM_MARKS = 4  # without a number, this many of a letter's marks make the form of one


def letter_marks(a, profile) -> list[str]:
    return [m for m in profile.letter_markers if any(f.index.has(m) for f in a.fields)]


def official_act(a) -> list[str]:
    """An office writing as one: inviting, asking cooperation, sending, informing."""
    return [w for w in OFFICIAL_ACT if any(f.index.has(w) for f in a.text_fields)]


def personal(a) -> list[str]:
    """The writer says it is a private matter ("ขอเขียนในนามส่วนตัว")."""
    return [w for w in PERSONAL_CAPACITY if any(f.index.has(w) for f in a.text_fields)]


def has_document_number(msg) -> bool:
    return any(DOC_NUMBER.search(t or "") for t in [msg.subject, msg.text]
               + [a.text for a in msg.attachments])


class GovernmentLetter:
    name = "government_letter"
    description = "official letter from a government domain: register as 'letter'"
    label = "หนังสือราชการ"

    def check(self, msg, profile, ctx) -> Verdict:
        domain = domain_of(msg.from_addr)
        if not domain or not profile.is_government(domain) \
                or msg.from_addr.lower() in profile.own_addresses():
            return MISS
        a = analyse(msg, profile)
        numbered = has_document_number(msg) or bool(msg.letter)
        formal = official_act(a) or len(letter_marks(a, profile)) >= FORM_MARKS
        if not numbered and (personal(a) or not formal):
            return MISS  # a person writing from a work address, judged by content
        sib = a.sibling_matter
        if sib and sib.score >= SIBLING_STRONG and not has_document_number(msg):
            return MISS  # a report of a case for a sibling unit, not an official letter
        subject = a.fields[0].index
        service = "letter"
        for s in profile.services.values():
            if subject.has(_core_name(s.name)):
                service = s.id
        related = a.service.key if a.service and service == "letter" else None
        markers = letter_marks(a, profile)
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
