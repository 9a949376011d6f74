"""Scams as they arrive in Thailand, whatever the sender's domain: easy money or a loan
on offer (task scams, "interest-free loans for the over-60s", digital-money rounds, tax
refunds, parcels held), a move off e-mail (add our LINE), a demand for identity data, a
fee or a transfer to a new account (invoice fraud), and pressure. Signs of three of these
kinds, while the writer asks nothing for themself, are a scam: deleted. A request to pay
an invoice into a new account is invoice fraud on its own. The words are
language (rules/lexicon.py), not the unit's data."""
from __future__ import annotations

import re

from rules.ask import own_text
from rules.base import SPAM, Verdict
from rules.checks._spam import spam_or_review
from rules.checks._verdicts import MISS, decide, words
from rules.lexicon import (FIRST_PERSON, GAMBLING, NEW_ACCOUNT, PAYMENT, SCAM_CONTACT, SCAM_DATA,
                           SCAM_LURE, SCAM_OFFER, SCAM_PRESSURE)
from rules.matter import analyse
from rules.thai.text import normalize

KINDS = {"offer": (SCAM_OFFER, "เสนอเงินหรือเงินกู้ง่าย ๆ"),
         "lure": (SCAM_LURE, "อ้างพัสดุ เงินคืนภาษี หรือบัญชีมีปัญหา"), "contact": (SCAM_CONTACT, "ให้ติดต่อทางไลน์หรือลิงก์"),
         "data": (SCAM_DATA, "ขอข้อมูลยืนยันตัวตน ค่าธรรมเนียม หรือให้โอนเข้าบัญชีใหม่"),
         "pressure": (SCAM_PRESSURE, "เร่งรัด")}
NEEDED = 3  # kinds of signs


_SEPARATORS = re.compile(r"(?<=[\u0e00-\u0e7fa-z])[\s.\-_*•|/]+(?=[\u0e00-\u0e7fa-z])")


def gambling_words(msg) -> list[str]:
    """Gambling words in the subject and body, also when letters are spaced or dotted."""
    text = normalize(f"{msg.subject or ''}\n{msg.text or ''}")
    squeezed = _SEPARATORS.sub("", text).replace("\u0e4a", "\u0e47")  # ๊ for ็ (สล๊อต)
    return [w for w in GAMBLING if normalize(w).replace(" ", "") in squeezed]


class Scam:
    name = "scam"
    description = "money offer, LINE/link, identity data or a fee, pressure: a scam"
    label = "หลอกลวง (เสนอเงิน ขอข้อมูลหรือค่าธรรมเนียม เร่งรัด)"

    def check(self, msg, profile, ctx) -> Verdict:
        a = analyse(msg, profile)
        fields = [f for f in a.fields if f.name in ("subject", "body", "ask", "attachment_text")]
        found = {k: [w for w in ws if any(f.index.has(w) for f in fields)]
                 for k, (ws, _) in KINDS.items()}
        if a.urls:
            found["contact"] = found["contact"] + ["ลิงก์"]
        kinds = [k for k, ws in found.items() if ws]
        gambling = gambling_words(msg)
        if len(gambling) >= 2:
            return self._offers(msg, profile, f"โฆษณาการพนันออนไลน์ (พบคำ {words(gambling[:3])})",
                                f"online gambling advertising ({', '.join(gambling[:3])})")
        account = [w for w in NEW_ACCOUNT if any(f.index.has(w) for f in fields)]
        if account and any(any(f.index.has(w) for f in fields) for w in PAYMENT):
            return decide(self.name, SPAM,
                          f"ขอให้โอนชำระเงินเข้าบัญชีใหม่ ({words(account[:2])}): ลักษณะการหลอกลวงด้วยใบแจ้งหนี้ "
                          "ห้ามโอนตามอีเมล ให้ตรวจกับคู่ค้าทางช่องทางเดิม",
                          "asks to pay into a new account: invoice fraud (verify with the supplier "
                          "by a known channel; never pay on an e-mail's word)")
        if len(kinds) < NEEDED or not ({"offer", "lure", "data"} & set(kinds)):
            return MISS
        signs = "; ".join(f"{KINDS[k][1]} ({words(found[k][:2])})" for k in kinds)
        return self._offers(msg, profile, f"ลักษณะมิจฉาชีพหลอกลวง: {signs}",
                            "scam signs: " + ", ".join(kinds))

    def _offers(self, msg, profile, th, en) -> Verdict:
        """Spam when it offers and nobody writes for themself; a person writing in the
        first person (a mother about her son's gambling) is guarded like any request."""
        body = " " + own_text(msg.text or "").lower().replace("\n", " ")
        if not any(p in body for p in FIRST_PERSON):  # it offers; nobody asks for themself
            return decide(self.name, SPAM, th + " และผู้ส่งไม่ได้ขอสิ่งใดเพื่อตนเอง",
                          en + "; it offers, nobody asks")
        return spam_or_review(self.name, msg, profile, th, en)
