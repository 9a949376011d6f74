"""Handler: a registered request opens its case; a message continuing an open case is
recorded as the applicant's contact on it (intake/cases/lifecycle.py)."""
from __future__ import annotations

from intake.act.context import Acting
from rules.base import REGISTER


class CaseLink:
    name = "case"
    description = "open the request's case, or record contact on the case it continues"

    def handle(self, act: Acting) -> bool:
        if act.entry is None or act.decision.disposition != REGISTER:
            return False
        from intake.cases import lifecycle as cases

        if act.decision.case_ref:
            cases.on_contact(act.rt, act.session, act.decision.case_ref, act.msg, act.now)
        else:
            cases.open_case(act.rt, act.session, act.msg, act.parsed, act.decision, act.entry,
                            act.now)
        return True
