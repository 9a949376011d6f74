"""The person lives in a province served by a sibling provincial office (a district or
province named after a residence cue such as อยู่ที่ / อำเภอ / จังหวัด): forward to it.
Only when that evidence outweighs evidence of living in the unit's own province."""
from __future__ import annotations

from rules.base import FORWARD, Verdict
from rules.checks._verdicts import MISS, decide, words
from rules.matter import analyse


class SiblingArea:
    name = "sibling_area"
    description = "sender lives in a sibling unit's province: forward"

    def check(self, msg, profile, ctx) -> Verdict:
        a = analyse(msg, profile)
        if not a.areas:
            return MISS
        key, places = max(a.areas.items(), key=lambda kv: len(kv[1]))
        if len(places) <= len(a.own_area):
            return MISS
        sib = profile.sibling(key)
        return decide(self.name, FORWARD,
                      f"ผู้ยื่นอาศัยอยู่ในพื้นที่ของ{sib.name} (พบ {words(places)}) ส่งต่อไปที่ {sib.address}",
                      f"the person lives in the area of {sib.name_en} ({', '.join(places)}); "
                      f"forward to {sib.address}",
                      forward_to=sib.address, sibling=sib.key,
                      service=a.service.key if a.service else None)
