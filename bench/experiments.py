"""Candidate fixes tried from the benchmarks by patching in place (never in intake/*):
each is a measured proposal for the module that owns the code, restored afterwards.

fold     intake/act/mail.py to_outbox: mail.as_bytes(policy=email.policy.SMTP) spends most of
         its time in the stdlib's header folder (email._header_value_parser._fold_as_ew
         shrinks a Thai encoded word one character at a time and re-measures it with
         _encoded_words.len_q each time: quadratic). Folding non-ASCII headers with
         email.header.Header(...).encode() gives RFC 2047 encoded words of <= 76 columns
         in one pass.
kwcache  rules/thai/text.py TextIndex.positions / matches: normalize(keyword) runs for every
         keyword of the profile for every field of every message (~1,900 calls per
         message); the keywords are constants, so an lru_cache on normalize removes it.
replycount intake/act/lookups.py replies_today(): reads the recipients of EVERY outbox row of
         the last 24 h and compares them in Python, once per queued reply: O(day's outbox)
         per message, so the pipeline slows down as the day's outbox grows (quadratic over
         a backlog). Counted in SQL instead (a LIKE on the JSON text, still a scan but in
         C); the real fix is an indexed recipient column (see docs/benchmarks.md).
sync     registry/db.py: PRAGMA synchronous=NORMAL instead of FULL (WAL). NOT proposed as
         is (FULL is the durability promise); it measures the upper bound of what
         batching the per-message commits (one fsync per FETCH batch instead of two per
         message) would gain.
"""
from __future__ import annotations

import email.policy
from email.header import Header
from functools import lru_cache

ADDRESS_HEADERS = {"from", "to", "cc", "bcc", "reply-to", "sender", "resent-from", "resent-to"}


class FastFoldPolicy(email.policy.EmailPolicy):
    """email.policy.SMTP, but non-ASCII headers are folded by email.header.Header."""

    def fold_binary(self, name, value):
        text = str(value)
        if text.isascii():
            return super().fold_binary(name, value)
        if name.lower() in ADDRESS_HEADERS and hasattr(value, "addresses"):
            parts = []
            for a in value.addresses:
                if a.display_name and not a.display_name.isascii():
                    encoded = Header(a.display_name, "utf-8").encode(linesep="\r\n")
                    parts.append(f"{encoded}\r\n <{a.addr_spec}>")
                else:
                    parts.append(str(a))
            folded = ",\r\n ".join(parts)
        else:
            folded = Header(text, "utf-8", header_name=name).encode(linesep="\r\n")
        return f"{name}: {folded}\r\n".encode("ascii")


FAST_SMTP = FastFoldPolicy(linesep="\r\n")


def apply(names: list[str], engine=None):
    """Patch the named experiments in; returns an undo function."""
    undo = []
    if "fold" in names:
        old = email.policy.SMTP
        email.policy.SMTP = FAST_SMTP
        undo.append(lambda: setattr(email.policy, "SMTP", old))
    if "kwcache" in names:
        from rules.thai import text as thaitext

        old_norm = thaitext.normalize
        thaitext.normalize = lru_cache(maxsize=8192)(old_norm)
        undo.append(lambda: setattr(thaitext, "normalize", old_norm))
    if "replycount" in names:
        from intake.act import lookups

        old_rt = lookups.replies_today
        lookups.replies_today = _replies_today_sql
        undo.append(lambda: setattr(lookups, "replies_today", old_rt))
    if "sync" in names and engine is not None and engine.dialect.name == "sqlite":
        from sqlalchemy import event

        def _normal(dbapi_conn, _record):
            dbapi_conn.execute("PRAGMA synchronous=NORMAL")

        event.listen(engine, "connect", _normal)
        undo.append(lambda: event.remove(engine, "connect", _normal))

    def restore():
        for fn in reversed(undo):
            fn()
    return restore


def _replies_today_sql(session, addr: str, now) -> int:
    from datetime import timedelta

    from sqlalchemy import String, cast, func, select

    from registry.models import OutboxItem

    addr = (addr or "").lower().replace("\\", "").replace('"', "")
    if not addr:
        return 0
    pattern = '%"' + addr.replace("%", "\\%").replace("_", "\\_") + '"%'
    return session.scalar(select(func.count()).select_from(OutboxItem).where(
        OutboxItem.created_at >= now - timedelta(days=1), OutboxItem.kind != "forward",
        func.lower(cast(OutboxItem.recipients, String)).like(pattern, escape="\\"))) or 0
