"""What every mail source offers the pipeline: the Source protocol and the types it returns.

A source is a context manager over one mailbox: IMAP (intake/fetch/imap.py), a Maildir or an
mbox export (intake/fetch/local.py). The pipeline reads folder status and new message bytes
from it, and asks it to move messages only after their local work is committed.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, runtime_checkable


class MailboxError(Exception):
    """The server could not be reached or refused an operation; the poll ends and retries."""


@dataclass
class FetchedMail:
    folder: str
    uidvalidity: int
    uid: str  # IMAP UID as text, or a local source's key
    raw: bytes
    internaldate: datetime | None = None


@dataclass
class FolderStatus:
    uidvalidity: int
    uidnext: int | None
    exists: int


class Source(Protocol):
    """One mailbox, opened for one cycle (`with open_source(cfg) as src:`).

    A message's key is its IMAP UID, or a local source's key (Maildir key, mbox index);
    keys are strings in FetchedMail and in move(), whatever the source.
    """

    kind: str  # "imap", "maildir", "mbox"

    def __enter__(self) -> Source: ...

    def __exit__(self, *exc: object) -> None: ...

    def ensure_folder(self, folder: str) -> None:
        """Create the folder (Processed, Junk) if it is missing."""
        ...

    def select(self, folder: str) -> FolderStatus: ...

    def all_uids(self, folder: str = "INBOX") -> Sequence[int | str]:
        """Every key in the folder (IMAP: the selected one)."""
        ...

    def fetch(self, folder: str, uidvalidity: int, uids: list[Any]) -> Iterator[FetchedMail]:
        """The bytes of these keys (those gone meanwhile are skipped), unread flags kept."""
        ...

    def move(self, folder: str, uids: list[str], target: str) -> None:
        """Called only after the local commit of the messages' decisions."""
        ...

    def supports_idle(self) -> bool: ...


@runtime_checkable
class UidSource(Source, Protocol):
    """A source whose UIDs only grow within one UIDVALIDITY (IMAP): the poller asks for
    the UIDs above the last one taken, and the daemon waits for new mail (IDLE)."""

    def uids_after(self, last_uid: int) -> list[int]: ...

    def wait_for_mail(self, seconds: float) -> bool: ...
