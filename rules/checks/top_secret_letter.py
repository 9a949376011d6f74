"""A letter marked ลับที่สุด (top secret) must never be accepted by e-mail (registers.md):
it is held for a person, whoever sent it, and nothing is answered automatically."""
from __future__ import annotations

from rules.base import REVIEW, Verdict
from rules.checks._verdicts import MISS, decide


class TopSecretLetter:
    name = "top_secret_letter"
    description = "an attached letter marked ลับที่สุด is refused by e-mail and held for a person"
    label = "หนังสือลับที่สุด"

    def check(self, msg, profile, ctx) -> Verdict:
        if msg.letter_value("secrecy") != "ลับที่สุด":
            return MISS
        evidence = (msg.letter or {}).get("secrecy", {}).get("evidence", "")
        return decide(self.name, REVIEW,
                      "หนังสือแนบมีชั้นความลับ “ลับที่สุด” ซึ่งห้ามรับส่งทางอีเมล "
                      f"จึงส่งให้เจ้าหน้าที่ดำเนินการตามระเบียบว่าด้วยการรักษาความลับ ({evidence})",
                      "the attached letter is marked top secret (ลับที่สุด), which must never be "
                      "accepted by e-mail: held for a person", secrecy="ลับที่สุด")
