"""The mail server's spam filter said yes (X-Spam-Flag: YES / X-Spam-Status: Yes), or
SpamAssassin's spamd (ctx.spamd, rules/spamd.py) did.

An upstream flag (X-Spam-*) is evidence, not a verdict: other servers' filters are wrong
both ways. A mail that asks about a real matter (a clause that asks, a matter of the
unit, a sibling or an agency named there, no link, no scam or advert wording) is judged
by its content; one that asks about something weaker goes to review; the rest is spam
unless it clearly names a matter (then review).

spamd's verdict is graded: a score of STRONG_SCORE or more is strong evidence (spam
unless the text clearly names a matter of the unit); a lower "spam" verdict is soft,
so a message that also asks about the unit's field goes to review. If spamd cannot
answer, the message is judged without it and the reasons say so."""
from __future__ import annotations

from rules.base import REVIEW, Reason, Verdict
from rules.checks._spam import spam_or_review
from rules.checks._verdicts import MISS, decide, words
from rules.checks.advertising import Advertising
from rules.checks.scam import Scam
from rules.matter import analyse

STRONG_SCORE = 10.0  # spamd score at which its verdict alone is strong evidence
STRONG_ASK = 2.0  # a matter this strong, named where the mail asks, outweighs an upstream flag


class SpamFlag:
    name = "spam_flag"
    description = "X-Spam-Flag: YES, X-Spam-Status: Yes, or spamd says spam"
    label = "ระบบกรองระบุว่าเป็นสแปม"

    def check(self, msg, profile, ctx) -> Verdict:
        notes: list[Reason] = []
        sign, soft = self._header_sign(msg), False
        upstream = sign is not None  # another server's filter, wrong both ways
        if sign is None and ctx.spamd is not None and ctx.raw:
            try:
                is_spam, score, report = ctx.spamd(ctx.raw)
            except Exception as exc:  # a spam check never stops the triage
                notes.append(Reason(
                    self.name, f"ตรวจด้วย SpamAssassin (spamd) ไม่ได้ ({exc}) จึงพิจารณาโดยไม่ใช้ผลของ spamd",
                    f"SpamAssassin (spamd) could not check the message ({exc}); judged without it"))
            else:
                ctx.spamd_said = (is_spam, score)
                if is_spam:
                    sign = f"spamd score {score:g}" + (f" ({report[:80]})" if report else "")
                    soft = score < STRONG_SCORE
        if sign is None:
            return Verdict(hit=True, reasons=notes) if notes else MISS
        th = f"ตัวกรองอีเมลขยะระบุว่าเป็นสแปม ({sign})"
        en = f"the spam filter marked it as spam ({sign})"
        strength, asks = self._reads_as_request(msg, profile, ctx) if upstream else (0.0, [])
        if strength >= STRONG_ASK:  # the flag is evidence, not a verdict: content decides
            return Verdict(hit=True, reasons=[*notes, Reason(
                self.name, f"{th} แต่เนื้อหาเป็นคำขอหรือคำถามของประชาชน ({words(asks[:4])}) "
                "ไม่มีลิงก์หรือลักษณะหลอกลวง จึงพิจารณาตามเนื้อหา ไม่ลบ",
                f"{en}, but it reads as a citizen's request ({', '.join(asks[:4])}) with no link "
                "or scam wording: judged by its content, not deleted")])
        if asks:
            return decide(self.name, REVIEW,
                          f"{th} แต่มีข้อความที่ขอหรือถามเรื่อง {words(asks[:4])} จึงให้เจ้าหน้าที่ตรวจ ไม่ลบ",
                          f"{en}, but it asks about {', '.join(asks[:4])}: review, not deleted")
        verdict = self._soft_review(msg, profile, th, en) if soft else None
        verdict = verdict or spam_or_review(self.name, msg, profile, th, en)
        verdict.reasons[:0] = notes
        return verdict

    @staticmethod
    def _header_sign(msg) -> str | None:
        flag = (msg.header("x-spam-flag") or "").strip().lower()
        status = (msg.header("x-spam-status") or "").strip().lower()
        if flag.startswith("yes"):
            return "X-Spam-Flag: YES"
        if status.startswith("yes"):
            return "X-Spam-Status: " + status.split(",")[0]
        return None

    @staticmethod
    def _reads_as_request(msg, profile, ctx) -> tuple[float, list[str]]:
        """How strongly it is a real request, and the words: a clause that asks, about a
        matter of the unit, a sibling or an agency, with no link, scam or advert wording."""
        a = analyse(msg, profile)
        ask = next((f for f in a.fields if f.name == "ask"), None)
        if a.urls or ask is None or not ask.index.text:
            return 0.0, []
        if Scam().check(msg, profile, ctx).hit or Advertising().check(msg, profile, ctx).hit:
            return 0.0, []
        best = max([a.service, a.agency, a.sibling_matter], key=lambda s: s.score if s else 0)
        return (best.score, best.words) if best else (0.0, [])

    def _soft_review(self, msg, profile, th, en) -> Verdict | None:
        """A borderline spamd score on mail that asks something about the unit's field."""
        a = analyse(msg, profile)
        asks = a.request_words + a.enquiry_words + a.complaint_words
        if asks and a.domain_words:
            return decide(self.name, REVIEW,
                          f"{th} แต่คะแนนไม่สูงและผู้ส่งถามหรือขอเรื่องในงานของหน่วยงาน "
                          f"({words((asks + a.domain_words)[:4])}) จึงให้เจ้าหน้าที่ตรวจ ไม่ลบ",
                          f"{en}, but the score is borderline and it asks about the unit's "
                          "field: review, not deleted")
        return None
