"""Scams as they arrive in Thailand, whatever the sender's domain: easy money or a loan
on offer (task scams, "interest-free loans for the over-60s", digital-money rounds, tax
refunds, parcels held), a move off e-mail (add our LINE), a demand for identity data, a
fee or a transfer to a new account (invoice fraud), and pressure. Signs of three of these
kinds, while the writer asks nothing for themself, are a scam: deleted. A request to pay
an invoice into a new account is invoice fraud on its own. The words are
language (rules/lexicon.py), not the unit's data."""
from __future__ import annotations

from rules.ask import own_text
from rules.base import SPAM, Verdict
from rules.checks._spam import spam_or_review
from rules.checks._verdicts import MISS, decide, words
from rules.lexicon import FIRST_PERSON, NEW_ACCOUNT, PAYMENT, SCAM_CONTACT, SCAM_DATA, SCAM_OFFER, SCAM_PRESSURE
from rules.matter import analyse

KINDS = {"offer": (SCAM_OFFER, "เสนอเงินหรือเงินกู้ง่าย ๆ"), "contact": (SCAM_CONTACT, "ให้ติดต่อทางไลน์หรือลิงก์"),
         "data": (SCAM_DATA, "ขอข้อมูลยืนยันตัวตน ค่าธรรมเนียม หรือให้โอนเข้าบัญชีใหม่"),
         "pressure": (SCAM_PRESSURE, "เร่งรัด")}
NEEDED = 3  # kinds of signs


class Scam:
    name = "scam"
    description = "money offer, LINE/link, identity data or a fee, pressure: a scam"

    def check(self, msg, profile, ctx) -> Verdict:
        a = analyse(msg, profile)
        fields = [f for f in a.fields if f.name in ("subject", "body", "ask", "attachment_text")]
        found = {k: [w for w in ws if any(f.index.has(w) for f in fields)]
                 for k, (ws, _) in KINDS.items()}
        kinds = [k for k, ws in found.items() if ws]
        account = [w for w in NEW_ACCOUNT if any(f.index.has(w) for f in fields)]
        if account and any(any(f.index.has(w) for f in fields) for w in PAYMENT):
            return decide(self.name, SPAM,
                          f"ขอให้โอนชำระเงินเข้าบัญชีใหม่ ({words(account[:2])}): ลักษณะการหลอกลวงด้วยใบแจ้งหนี้ "
                          "ห้ามโอนตามอีเมล ให้ตรวจกับคู่ค้าทางช่องทางเดิม",
                          "asks to pay into a new account: invoice fraud (verify with the supplier "
                          "by a known channel; never pay on an e-mail's word)")
        if len(kinds) < NEEDED or (len(kinds) == NEEDED and "offer" not in kinds and not a.urls
                                   and "data" not in kinds):
            return MISS
        signs = "; ".join(f"{KINDS[k][1]} ({words(found[k][:2])})" for k in kinds)
        th, en = f"ลักษณะมิจฉาชีพหลอกลวง: {signs}", "scam signs: " + ", ".join(kinds)
        body = own_text(msg.text or "").lower()
        if not any(p in body for p in FIRST_PERSON):  # it offers; nobody asks for themself
            return decide(self.name, SPAM, th + " และผู้ส่งไม่ได้ขอสิ่งใดเพื่อตนเอง",
                          en + "; it offers, nobody asks")
        return spam_or_review(self.name, msg, profile, th, en)
