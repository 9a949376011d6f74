"""Credential phishing and payment scams by their wording: a message needs signs of at
least three kinds (asks for credentials or account details; pressure or a deadline; a
shortened or any link; a brand in the display name sent from another domain; a Reply-To
elsewhere), one of them being credentials or impersonation, and a link or disguise.
Citizens' own mail rarely carries links, which keeps genuine enquiries out.

A genuine question can still use the words ("I forgot my password, the link in today's
mail fails"): a reply in a thread or list traffic, with no disguised sender, is not
phishing, and a message that asks a question with no disguise but a link goes to a
clerk instead of Junk."""
from __future__ import annotations

from rules.base import REVIEW, Verdict
from rules.checks._spam import wording_spam
from rules.checks._verdicts import MISS, decide, words
from rules.matter import analyse, domain_of
from rules.thai.text import keyword_score, normalize


def _brand_impersonation(msg, profile) -> str | None:
    name = normalize(msg.from_name or "")
    domain = domain_of(msg.from_addr)
    for brand, domains in profile.impersonated_brands.items():
        if brand in name.split() or (len(brand) > 4 and brand in name):
            if not any(domain == d or domain.endswith("." + d) for d in domains):
                return brand
    return None


class Phishing:
    name = "phishing"
    description = "credential-phishing / payment-scam wording with a link or a disguised sender"
    label = "หลอกลวงขอข้อมูลหรือเงิน"

    def check(self, msg, profile, ctx) -> Verdict:
        a = analyse(msg, profile)
        kw = profile.keywords
        fields = a.text_fields + [f for f in a.fields if f.name == "attachment_name"]
        cred = keyword_score(fields, kw["phishing_credentials"])[1]
        urgency = keyword_score(fields, kw["phishing_urgency"])[1]
        shorteners = [u for u in a.urls
                      if domain_of("x@" + u.split("//", 1)[-1].split("/", 1)[0])
                      in kw.get("link_shorteners", [])]
        brand = _brand_impersonation(msg, profile)
        from_domain = domain_of(msg.from_addr)
        reply_elsewhere = [r for r in msg.reply_to if domain_of(r) and domain_of(r) != from_domain]
        kinds = {
            "credentials": bool(cred), "urgency": bool(urgency),
            "link": bool(a.urls), "impersonation": bool(brand),
            "reply_to": bool(reply_elsewhere),
        }
        disguise = kinds["link"] or kinds["impersonation"] or kinds["reply_to"]
        if sum(kinds.values()) >= 3 and disguise and (kinds["credentials"] or kinds["impersonation"]):
            signs = []
            if cred:
                signs.append("ขอข้อมูลยืนยันตัวตน/บัญชี " + words(cred[:3]))
            if urgency:
                signs.append("เร่งรัดหรือข่มขู่ " + words(urgency[:3]))
            if shorteners:
                signs.append("ลิงก์ย่อ " + ", ".join(shorteners[:2]))
            elif a.urls:
                signs.append("มีลิงก์")
            if brand:
                signs.append(f"ชื่อผู้ส่งอ้างเป็น {brand} แต่ส่งจาก {from_domain}")
            if reply_elsewhere:
                signs.append("Reply-To ไปโดเมนอื่น " + ", ".join(reply_elsewhere[:1]))
            th = "ลักษณะอีเมลหลอกลวง (phishing): " + "; ".join(signs)
            en = "phishing signs: " + ", ".join(k for k, v in kinds.items() if v)
            disguised = kinds["impersonation"] or kinds["reply_to"]
            if not disguised and _conversation(msg):
                return MISS
            if not disguised and (a.enquiry_words or "?" in (msg.text or "")):
                return decide(self.name, REVIEW,
                              f"{th} แต่ผู้ส่งถามคำถามและไม่ได้ปลอมชื่อผู้ส่ง จึงให้เจ้าหน้าที่ตรวจ ไม่ลบ",
                              f"{en}; but it asks a question and the sender is not disguised: "
                              "review, not deleted")
            return wording_spam(self.name, msg, profile, ctx, th, en)
        return MISS


def _conversation(msg) -> bool:
    """A reply within a thread or a mailing list's traffic."""
    return any(msg.header(h) for h in ("in-reply-to", "references", "list-id"))
