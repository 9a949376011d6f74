"""Handler: the original mail forwarded to the sibling unit it belongs to, in the outbox
(held for a person when someone may be in danger: intake/act/urgent.py)."""
from __future__ import annotations

from intake.act.context import Acting
from intake.act.mail import mail_context, sender, take_send_number, to_outbox, unsafe
from intake.outbox.compose import UnsafeAddress, compose_forward
from rules.checks.urgent_safety import is_urgent


class Forward:
    name = "forward"
    description = "the original mail to the sibling unit, in the outbox"

    def handle(self, act: Acting) -> bool:
        if "forward" not in act.mails:
            return False
        from_addr, domain = sender(act)

        def compose(**numbered):
            return compose_forward(profile=act.rt.profile, original=act.parsed,
                                   original_raw=act.raw, sibling=act.decision.forward_to,
                                   context={**mail_context(act), **numbered},
                                   from_addr=from_addr, domain=domain, now=act.now)

        try:
            draft = compose()  # can it go at all? a number is never taken for nothing
        except UnsafeAddress as exc:
            act.notes.append(unsafe("forward", exc))
            return False
        # a หนังสือภายนอก the other unit registers: numbered, printing its ที่ and date;
        # someone may be in danger: then a person telephones the sibling unit, and releases it
        entry = take_send_number(act, draft, remarks="ส่งต่ออีเมลที่ได้รับ (มิได้ลงทะเบียนรับ)")
        to_outbox(act, "forward", compose(send_number=entry.number, send_date=act.now),
                  from_addr, entry,
                  held=is_urgent(act.decision))
        return True
