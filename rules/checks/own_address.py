"""Mail that claims to come from one of the unit's own addresses: a loop or a forgery.
Never answered (answering our own mail is how mail loops start)."""
from __future__ import annotations

from rules.base import MACHINE, Verdict
from rules.checks._verdicts import MISS, decide


class OwnAddress:
    name = "own_address"
    description = "sender is one of the unit's own addresses (loop guard)"
    label = "ส่งจากที่อยู่ของหน่วยงานเอง"

    def check(self, msg, profile, ctx) -> Verdict:
        if msg.from_addr and msg.from_addr.lower() in profile.own_addresses():
            return decide(self.name, MACHINE,
                          f"ผู้ส่งเป็นที่อยู่อีเมลของหน่วยงานเอง ({msg.from_addr}) ไม่ตอบกลับเพื่อป้องกันการวนซ้ำ",
                          f"sent from the unit's own address ({msg.from_addr}); never answered to avoid loops")
        return MISS
