"""List and bulk mail (List-Id, List-Unsubscribe, Precedence bulk/list/junk): newsletters,
not requests; never answered. Advertising with such headers is caught earlier as spam."""
from __future__ import annotations

from rules.base import MACHINE, Verdict
from rules.checks._verdicts import MISS, decide


class MailingList:
    name = "mailing_list"
    description = "List-Id / List-Unsubscribe / Precedence bulk, list or junk"

    def check(self, msg, profile, ctx) -> Verdict:
        signs = [h for h in ("list-id", "list-unsubscribe", "list-post") if msg.header(h)]
        precedence = (msg.header("precedence") or "").strip().lower()
        if precedence in ("bulk", "list", "junk"):
            signs.append(f"precedence: {precedence}")
        if signs:
            return decide(self.name, MACHINE,
                          "อีเมลกระจายข่าวหรือรายชื่อผู้รับ (" + ", ".join(signs) + ") ไม่ใช่คำขอ ไม่ตอบกลับ",
                          "list or bulk mail (" + ", ".join(signs) + "); never answered")
        return MISS
