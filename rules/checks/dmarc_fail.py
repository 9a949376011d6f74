"""A sender claiming a government domain (go.th ...) whose mail failed DMARC at our
server (Authentication-Results): forged official mail."""
from __future__ import annotations

import re

from rules.base import SPAM, Verdict
from rules.checks._verdicts import MISS, decide
from rules.matter import domain_of

_DMARC = re.compile(r"dmarc\s*=\s*(\w+)(?:[^;]*?header\.from\s*=\s*([\w.-]+))?", re.IGNORECASE)


class DmarcFail:
    name = "dmarc_fail"
    description = "government-looking sender failing DMARC in Authentication-Results"
    label = "อ้างเป็นหน่วยงานรัฐแต่ไม่ผ่าน DMARC"

    def check(self, msg, profile, ctx) -> Verdict:
        domain = domain_of(msg.from_addr)
        for value in msg.headers.get("authentication-results", []):
            for result, header_from in _DMARC.findall(value):
                claimed = (header_from or domain).lower()
                if result.lower() == "fail" and (profile.is_government(claimed)
                                                 or profile.is_government(domain)):
                    return decide(self.name, SPAM,
                                  f"อ้างว่าส่งจากโดเมนราชการ {claimed} แต่ไม่ผ่านการตรวจ DMARC: ปลอมแปลง",
                                  f"claims the government domain {claimed} but failed DMARC: forged")
        return MISS
