"""Local mail sources: a Maildir (mail delivered on this machine) and an mbox export.

They offer the same surface as the IMAP source, with UIDVALIDITY 0 and the Maildir key
(or the mbox message index) in place of a UID. A Maildir gets Maildir++ subfolders for
processed and junk mail; an mbox is read-only (an export is never rewritten).
"""
from __future__ import annotations

import mailbox as stdlib_mailbox
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from intake.config import MailboxConfig
from intake.fetch.base import FetchedMail, FolderStatus, MailboxError


class _LocalSource:
    kind: str

    def __init__(self, cfg: MailboxConfig):
        self.cfg = cfg

    def __enter__(self) -> Self:
        if not Path(self.cfg.path).exists():
            raise MailboxError(f"{self.cfg.kind} {self.cfg.path}: not found")
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def supports_idle(self) -> bool:
        return False

    def select(self, folder: str) -> FolderStatus:
        return FolderStatus(uidvalidity=0, uidnext=None, exists=len(self.all_uids(folder)))

    def all_uids(self, folder: str = "INBOX") -> list[str]:
        raise NotImplementedError  # each kind lists its own keys


class MaildirSource(_LocalSource):
    kind = "maildir"

    def _folder(self, folder: str) -> stdlib_mailbox.Maildir:
        root = stdlib_mailbox.Maildir(self.cfg.path, factory=None, create=False)
        if folder in ("", "INBOX"):
            return root
        return root.get_folder(folder)

    def ensure_folder(self, folder: str) -> None:
        root = stdlib_mailbox.Maildir(self.cfg.path, factory=None, create=False)
        if folder not in root.list_folders():
            root.add_folder(folder)

    def all_uids(self, folder: str = "INBOX") -> list[str]:
        return sorted(self._folder(folder).keys())

    def fetch(self, folder: str, uidvalidity: int, keys: list[str]) -> Iterator[FetchedMail]:
        box = self._folder(folder)
        for key in keys:
            try:
                raw = box.get_bytes(key)
                # delivery time: the file's mtime, as Maildir readers take it
                name = box._lookup(key)  # type: ignore[attr-defined]  # (private, stable)
                mtime = Path(box._path, name).stat().st_mtime
            except (KeyError, FileNotFoundError):
                continue  # gone meanwhile
            when = datetime.fromtimestamp(mtime, UTC)
            yield FetchedMail(folder, 0, key, raw, when)

    def move(self, folder: str, keys: list[str], target: str) -> None:
        src = self._folder(folder)
        dst = self._folder(target)
        for key in keys:
            try:
                raw = src.get_bytes(key)
            except KeyError:
                continue
            dst.add(raw)  # the copy is durable before the original goes
            src.discard(key)


class MboxSource(_LocalSource):
    kind = "mbox"

    def ensure_folder(self, folder: str) -> None:
        pass

    def all_uids(self, folder: str = "INBOX") -> list[str]:
        box = stdlib_mailbox.mbox(self.cfg.path, factory=None, create=False)
        return [str(k) for k in sorted(box.keys())]

    def fetch(self, folder: str, uidvalidity: int, keys: list[str]) -> Iterator[FetchedMail]:
        box = stdlib_mailbox.mbox(self.cfg.path, factory=None, create=False)
        for key in keys:
            try:
                raw = box.get_bytes(int(key))  # type: ignore[arg-type]  # mbox keys are ints
                yield FetchedMail(folder, 0, key, raw, None)
            except KeyError:
                continue

    def move(self, folder: str, keys: list[str], target: str) -> None:
        pass  # an export is read-only; the registry remembers what was taken
