"""Stage 1, fetch: new mail taken from a mailbox, behind one Source protocol (base.py).

imap.py owns all IMAP talk; local.py reads a Maildir or an mbox export.
"""
from __future__ import annotations

from intake.config import MailboxConfig
from intake.fetch.base import FetchedMail, FolderStatus, MailboxError, Source
from intake.fetch.imap import ImapSource
from intake.fetch.local import MaildirSource, MboxSource

__all__ = ["FetchedMail", "FolderStatus", "MailboxError", "Source", "open_source"]


def open_source(cfg: MailboxConfig) -> Source:
    """The Source for a configured mailbox."""
    if cfg.kind == "imap":
        return ImapSource(cfg)
    return MaildirSource(cfg) if cfg.kind == "maildir" else MboxSource(cfg)
