"""Where the matter is (rules/where.py) is in a province served by a sibling provincial
office: forward to it. The places named where the mail asks come first, then those of
the person, premises or event it is about, then places merely stated, and only then the
writer's own address: the competent office follows the matter, not the writer.

When the deciding places lie both in the unit's own province and in a sibling's
(rents a room in Cha-am, house registration in Hua Hin), which office is competent
depends on facts the mail does not settle: a clerk decides (review)."""
from __future__ import annotations

from rules.base import FORWARD, REVIEW, Verdict
from rules.checks._verdicts import MISS, decide, words
from rules.matter import analyse
from rules.where import ROLES

ROLE_TH = {"asked": "ในข้อความที่ขอ", "matter": "ของบุคคล สถานที่ หรือเหตุที่เป็นเรื่อง",
           "stated": "ที่ระบุเป็นที่อยู่", "writer": "ของผู้เขียน"}


class SiblingArea:
    name = "sibling_area"
    description = "the matter is in a sibling unit's province: forward (both provinces: review)"
    label = "เรื่องอยู่ในพื้นที่หน่วยงานข้างเคียง"

    def check(self, msg, profile, ctx) -> Verdict:
        a = analyse(msg, profile)
        role = next((r for r in ROLES if a.places.get(r)), None)
        if role is None:
            return MISS
        found = a.places[role]
        own = found.get("own", [])
        siblings = {k: v for k, v in found.items() if k != "own"}
        if not siblings:
            return MISS  # the matter is in the unit's own province
        key, places = max(siblings.items(), key=lambda kv: len(kv[1]))
        sib = profile.sibling(key)
        service = a.service.key if a.service else None
        where = ROLE_TH[role]
        if own:
            return decide(self.name, REVIEW,
                          f"สถานที่{where}อยู่ทั้งในพื้นที่ของหน่วยงาน (พบ {words(own)}) และในพื้นที่ของ"
                          f"{sib.name} (พบ {words(places)}) ให้เจ้าหน้าที่ตรวจว่าหน่วยงานใดรับผิดชอบ",
                          f"the places ({role}) lie both in the unit's province ({', '.join(own)}) "
                          f"and in the area of {sib.name_en} ({', '.join(places)}): a clerk decides "
                          "which office is competent", service=service, sibling=sib.key)
        return decide(self.name, FORWARD,
                      f"เรื่องนี้อยู่ในพื้นที่ของ{sib.name} (สถานที่{where}: {words(places)}) "
                      f"ส่งต่อไปที่ {sib.address}",
                      f"the matter is in the area of {sib.name_en} ({role}: {', '.join(places)}); "
                      f"forward to {sib.address}",
                      forward_to=sib.address, sibling=sib.key, service=service)
