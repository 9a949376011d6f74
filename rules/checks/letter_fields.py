"""An attached official letter's own fields (read from its PDF by the parser) go to the
register: ที่, ลงวันที่, เรื่อง, เรียน, the urgency and secrecy marks and the signing agency."""
from __future__ import annotations

from rules.base import Verdict
from rules.checks._verdicts import MISS, note

FIELDS = ("doc_number", "doc_number_ascii", "doc_date", "subject", "to", "urgency", "secrecy",
          "sender_agency")


class LetterFields:
    name = "letter_fields"
    description = "fields of an attached official letter, with the confidence of each"
    label = "ข้อมูลหนังสือราชการที่แนบ"

    def annotate(self, msg, profile, ctx, decision) -> Verdict:
        if not msg.letter or decision.disposition not in ("register", "wrong_channel", "review"):
            return MISS
        found = {k: msg.letter[k]["value"] for k in FIELDS
                 if msg.letter.get(k, {}).get("value") not in (None, "", "none")}
        if not found:
            return MISS
        shown = ", ".join(f"{k}={v}" for k, v in found.items()
                          if k in ("doc_number", "doc_date", "urgency"))
        return note(self.name, f"อ่านหนังสือราชการที่แนบ ({msg.letter.get('filename', '')}): {shown}",
                    f"read the attached official letter: {shown}",
                    confidence={k: msg.letter[k]["confidence"] for k in found}, **found)
