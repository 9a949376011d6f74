"""A sender domain dressed up as a Thai government domain (cgd-go-th.org, go-th.net,
gov-th.com), or borrowing the unit's own ministry label outside go.th
(m-society-mail.com for m-society.go.th: the "mailbox full" phishing), or a display name
borrowing a government body's name from a non-government address. Scams against older
and disabled people, and against the unit's own staff, use all three."""
from __future__ import annotations

import re

from rules.base import SPAM, Verdict
from rules.checks._verdicts import MISS, decide, words
from rules.matter import analyse, domain_of
from rules.thai.text import keyword_score, normalize

# "go" and "th" (or "gov" and "th") as separate labels or hyphen parts, outside go.th
_LOOKALIKE = re.compile(r"(^|[.-])(go|gov)[.-]?th([.-]|$)")


def organisation_labels(profile) -> set[str]:
    """The label in front of the government suffix of the unit's and its siblings'
    addresses: "m-society" for saraban@phetchaburi.m-society.go.th."""
    labels = set()
    for addr in profile.own_addresses() | {s.address for s in profile.siblings}:
        domain = domain_of(addr)
        for gov in sorted(profile.government_domains, key=len, reverse=True):
            if domain.endswith("." + gov):
                parts = domain[: -len(gov) - 1].split(".")
                if parts and len(parts[-1]) >= 4:  # too short a label would match anything
                    labels.add(parts[-1])
                break
    return labels


def borrowed_label(domain: str, profile) -> str | None:
    for label in organisation_labels(profile):
        if re.search(rf"(^|[.-]){re.escape(label)}([.-]|$)", domain):
            return label
    return None


class LookalikeDomain:
    name = "lookalike_domain"
    description = "sender domain imitates go.th, or a government name from a non-government address"
    label = "โดเมนเลียนแบบหน่วยงานรัฐ"

    def check(self, msg, profile, ctx) -> Verdict:
        domain = domain_of(msg.from_addr)
        if not domain or profile.is_government(domain):
            return MISS
        if _LOOKALIKE.search(domain):
            return decide(self.name, SPAM,
                          f"โดเมนผู้ส่ง {domain} เลียนแบบโดเมนราชการ (.go.th) แต่ไม่ใช่โดเมนราชการ: หลอกลวง",
                          f"the sender domain {domain} imitates a government (.go.th) domain: a scam")
        label = borrowed_label(domain, profile)
        if label:
            return decide(self.name, SPAM,
                          f"โดเมนผู้ส่ง {domain} ใช้ชื่อ “{label}” ของกระทรวงแต่ไม่ใช่โดเมนราชการ: หลอกลวง",
                          f"the sender domain {domain} borrows the ministry's label “{label}” "
                          "outside the government domain: a scam")
        name = normalize(msg.from_name or "")
        borrowed = [n for n in profile.impersonated_names if normalize(n) in name]
        if borrowed:
            a = analyse(msg, profile)
            cred = keyword_score(a.text_fields, profile.keywords["phishing_credentials"])[1]
            urg = keyword_score(a.text_fields, profile.keywords["phishing_urgency"])[1]
            if a.urls and (cred or urg):
                return decide(self.name, SPAM,
                              f"ชื่อผู้ส่งอ้างเป็น {words(borrowed)} แต่ส่งจาก {domain} ซึ่งไม่ใช่โดเมนราชการ "
                              f"และมีลิงก์พร้อมข้อความเร่งรัด {words((cred + urg)[:4])}",
                              f"the display name claims {', '.join(borrowed)} but the address is "
                              f"{domain}, not a government domain, with a link and pressure wording")
        return MISS

