"""Handler: the original mail forwarded to the sibling unit it belongs to, in the outbox
(held for a person when someone may be in danger: intake/act/urgent.py)."""
from __future__ import annotations

from intake.act.context import Acting
from intake.act.mail import mail_context, sender, to_outbox, unsafe
from intake.outbox.compose import UnsafeAddress, compose_forward
from rules.checks.urgent_safety import is_urgent


class Forward:
    name = "forward"
    description = "the original mail to the sibling unit, in the outbox"

    def handle(self, act: Acting) -> bool:
        if "forward" not in act.mails:
            return False
        from_addr, domain = sender(act)
        try:
            mail = compose_forward(profile=act.rt.profile, original=act.parsed,
                                   original_raw=act.raw, sibling=act.decision.forward_to,
                                   context=mail_context(act), from_addr=from_addr,
                                   domain=domain, now=act.now)
        except UnsafeAddress as exc:
            act.notes.append(unsafe("forward", exc))
            return False
        # someone may be in danger: a person telephones the sibling unit, then releases it
        to_outbox(act, "forward", mail, from_addr, held=is_urgent(act.decision))
        return True
