"""Handler: the original mail forwarded to the sibling unit it belongs to, in the outbox."""
from __future__ import annotations

from intake.act.context import Acting
from intake.act.mail import mail_context, sender, to_outbox, unsafe
from intake.outbox.compose import UnsafeAddress, compose_forward


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
        to_outbox(act, "forward", mail, from_addr)
        return True
