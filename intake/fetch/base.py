"""What every mail source offers the pipeline: the Source protocol and the types it returns.

A source is a context manager over one mailbox: IMAP (intake/fetch/imap.py), a Maildir or an
mbox export (intake/fetch/local.py). The pipeline reads folder status and new message bytes
from it, and asks it to move messages only after their local work is committed.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


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
    """One mailbox, opened for one cycle (`with open_source(cfg) as src:`)."""

    kind: str

    def __enter__(self) -> Source: ...

    def __exit__(self, *exc: object) -> None: ...

    def ensure_folder(self, folder: str) -> None: ...

    def select(self, folder: str) -> FolderStatus: ...

    def fetch(self, folder: str, uidvalidity: int, uids: list) -> Iterator[FetchedMail]: ...

    def move(self, folder: str, uids: list[str], target: str) -> None: ...

    def supports_idle(self) -> bool: ...
