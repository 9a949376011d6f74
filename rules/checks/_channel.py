"""Which of the unit's addresses a message reached, and whether that one was announced
for requests (Delivered-To / X-Original-To first, else To and Cc)."""
from __future__ import annotations


def reached(msg, profile) -> tuple[list[str], list[str]]:
    """(announced addresses reached, unit addresses reached that are NOT announced)."""
    ours = {a.address.lower(): a for a in profile.addresses}
    hit = [r.lower() for r in msg.recipients if r and r.lower() in ours]
    if not hit and msg.delivered_to:
        hit = [r.lower() for r in msg.to + msg.cc if r and r.lower() in ours]
    announced = [r for r in hit if ours[r].accepts_requests]
    other = [r for r in hit if not ours[r].accepts_requests]
    return list(dict.fromkeys(announced)), list(dict.fromkeys(other))


def wrong_address(msg, profile) -> str | None:
    """The non-announced address when the message reached ONLY such addresses."""
    announced, other = reached(msg, profile)
    return other[0] if other and not announced else None
