"""Procedure step 3: requests that need identity proofing before anyone acts —
disclosure of personal data, waiving a right, cancelling a licence application or
revoking a registration (S11 is one), withdrawing a complaint, cancelling a submitted
request. Annotates registered matters; looks only at what the sender wrote (subject and
body), not at attached forms whose small print mentions such things."""
from __future__ import annotations

from rules.base import Reason, Verdict
from rules.checks._verdicts import words
from rules.matter import analyse
from rules.thai.text import keyword_score


class HighRisk:
    name = "high_risk"
    description = "high-risk request (procedure step 3): identity proofing before acting"
    label = "คำขอความเสี่ยงสูง (ต้องยืนยันตัวตน)"

    def annotate(self, msg, profile, ctx, decision) -> Verdict:
        """After the chain decided: the service's own flag (S11) plus the wording."""
        verdict = self.check(msg, profile, ctx)
        service = decision.service
        if service in profile.services and profile.service(service).high_risk:
            s = profile.service(service)
            verdict.hit = True
            verdict.details = {"high_risk": True, "high_risk_kinds":
                               [service] + verdict.details.get("high_risk_kinds", [])}
            verdict.reasons.insert(0, Reason(
                self.name, f"{s.name} เป็นคำขอที่มีความเสี่ยงสูง ต้องพิสูจน์และยืนยันตัวตนก่อนดำเนินการ",
                f"{s.name_en} is a high-risk request: identity proofing first"))
        return verdict

    def check(self, msg, profile, ctx) -> Verdict:
        a = analyse(msg, profile)
        reasons, kinds = [], []
        for kind in profile.high_risk_kinds:
            found = keyword_score(a.text_fields, kind.keywords)[1]
            if found:
                kinds.append(kind.key)
                reasons.append(Reason(self.name,
                                      f"คำขอที่มีความเสี่ยงสูง: {kind.name} (พบคำ {words(found[:3])}) "
                                      "ต้องพิสูจน์และยืนยันตัวตนก่อนดำเนินการ",
                                      f"high-risk request: {kind.key} (matched: {', '.join(found[:3])});"
                                      " identity proofing before acting"))
        if not reasons:
            return Verdict(hit=False)
        return Verdict(hit=True, reasons=reasons, details={"high_risk": True,
                                                           "high_risk_kinds": kinds})
