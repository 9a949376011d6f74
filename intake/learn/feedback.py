"""A clerk's decision taught to SpamAssassin's Bayes (`spamc -L spam|ham`), when the unit
runs spamd (spam.spamd_host) and lets it learn (spam.spamd_learn).

Spam is learnt as spam; every other disposition a clerk chose is mail the unit wanted to
see (ham). Teaching is best effort: a spamd that cannot learn is one log line, never a
failed decision."""
from __future__ import annotations

import logging

log = logging.getLogger("intake.learn")


def clerk_decided(config, raw: bytes, disposition: str) -> bool:
    """Teach spamd this message's label; True when spamd learnt it."""
    from intake.act.decision import spamd_checker

    if not config.get("spam.spamd_learn"):
        return False
    client = spamd_checker(config)
    if client is None:
        return False
    label = "spam" if disposition == "spam" else "ham"
    try:
        return client.learn(raw, label)
    except Exception as exc:
        log.warning("spamd did not learn a clerk's %s decision: %s", label, exc)
        return False
