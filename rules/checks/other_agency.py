"""Another agency's matter (allowances at the local administration, ID cards at the
district registry, social security, work permits, visas, the state welfare card, land
titles, land reform plots): reply naming the agency, not registered. Only when the
agency's words outweigh every service of the unit; a tie stays with the unit."""
from __future__ import annotations

from rules.base import OUT_OF_AUTHORITY, Verdict
from rules.checks._verdicts import MISS, decide, words
from rules.matter import analyse


class OtherAgency:
    name = "other_agency"
    description = "matter of another agency (local_admin ... alro): out of authority"
    label = "เรื่องของหน่วยงานอื่น"

    def check(self, msg, profile, ctx) -> Verdict:
        a = analyse(msg, profile)
        best = a.agency
        if not best or best.score <= a.service_score:
            return MISS
        agency = profile.agency(best.key)
        return decide(self.name, OUT_OF_AUTHORITY,
                      f"เรื่อง{agency.matter} (พบคำ {words(best.words[:5])}) อยู่ในอำนาจของ{agency.name}",
                      f"{agency.matter_en} (matched: {', '.join(best.words[:5])}) is for "
                      f"{agency.name_en}",
                      agency=agency.key)
