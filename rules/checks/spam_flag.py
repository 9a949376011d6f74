"""The mail server's spam filter said yes (X-Spam-Flag: YES / X-Spam-Status: Yes), or
the optional spamd callback in the context did. Honoured, except that a message that
reads clearly as a citizen's matter goes to review instead of being deleted."""
from __future__ import annotations

from rules.base import Verdict
from rules.checks._spam import spam_or_review
from rules.checks._verdicts import MISS


class SpamFlag:
    name = "spam_flag"
    description = "X-Spam-Flag: YES, X-Spam-Status: Yes, or spamd says spam"

    def check(self, msg, profile, ctx) -> Verdict:
        flag = (msg.header("x-spam-flag") or "").strip().lower()
        status = (msg.header("x-spam-status") or "").strip().lower()
        sign = None
        if flag.startswith("yes"):
            sign = "X-Spam-Flag: YES"
        elif status.startswith("yes"):
            sign = "X-Spam-Status: " + status.split(",")[0]
        elif ctx.spamd is not None and ctx.raw:
            is_spam, score, report = ctx.spamd(ctx.raw)
            if is_spam:
                sign = f"spamd score {score}"
        if sign is None:
            return MISS
        return spam_or_review(self.name, msg, profile,
                              f"ตัวกรองอีเมลขยะของเซิร์ฟเวอร์ระบุว่าเป็นสแปม ({sign})",
                              f"the mail server's spam filter marked it as spam ({sign})")
