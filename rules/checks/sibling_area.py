"""The person lives in a province served by a sibling provincial office (a district or
province named after a residence cue such as อยู่ที่ / อำเภอ / จังหวัด): forward to it.

When the mail places the person both in the unit's own province and in a sibling's
(rents a room in Cha-am, house registration in Hua Hin), which office is competent
depends on facts the mail does not settle: a clerk decides (review)."""
from __future__ import annotations

from rules.base import FORWARD, REVIEW, Verdict
from rules.checks._verdicts import MISS, decide, words
from rules.matter import analyse


class SiblingArea:
    name = "sibling_area"
    description = "sender lives in a sibling unit's province: forward (both provinces: review)"

    def check(self, msg, profile, ctx) -> Verdict:
        a = analyse(msg, profile)
        if not a.areas:
            return MISS
        key, places = max(a.areas.items(), key=lambda kv: len(kv[1]))
        sib = profile.sibling(key)
        service = a.service.key if a.service else None
        if a.own_area:
            return decide(self.name, REVIEW,
                          f"ข้อความระบุที่อยู่ทั้งในพื้นที่ของหน่วยงาน (พบ {words(a.own_area)}) และในพื้นที่ของ"
                          f"{sib.name} (พบ {words(places)}) ให้เจ้าหน้าที่ตรวจว่าหน่วยงานใดรับผิดชอบ",
                          f"the mail places the person both in the unit's province "
                          f"({', '.join(a.own_area)}) and in the area of {sib.name_en} "
                          f"({', '.join(places)}): a clerk decides which office is competent",
                          service=service, sibling=sib.key)
        return decide(self.name, FORWARD,
                      f"ผู้ยื่นอาศัยอยู่ในพื้นที่ของ{sib.name} (พบ {words(places)}) ส่งต่อไปที่ {sib.address}",
                      f"the person lives in the area of {sib.name_en} ({', '.join(places)}); "
                      f"forward to {sib.address}",
                      forward_to=sib.address, sibling=sib.key, service=service)
