"""All IMAP talk lives here: thin, well-named wrappers over imapclient.

The rest of the system sees a Source: folder status (UIDVALIDITY), the UIDs above the last
one taken, message bytes fetched with BODY.PEEK[] (so \\Seen is never touched: a person
reading the mailbox cannot hide mail from the processor), moves, and IDLE.
Maildir and mbox sources (intake/fetch/local.py) offer the same surface.
"""
from __future__ import annotations

import logging
import ssl
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

from intake.config import MailboxConfig, is_loopback
from intake.fetch.base import FetchedMail, FolderStatus, MailboxError

log = logging.getLogger(__name__)


class ImapSource:
    """One connection to one IMAP mailbox. Use as a context manager."""

    kind = "imap"

    def __init__(self, cfg: MailboxConfig, ssl_context: ssl.SSLContext | None = None):
        self.cfg = cfg
        # certificates are always verified; a unit with its own CA names it in ca_file
        self.ssl_context = ssl_context or ssl.create_default_context(
            cafile=cfg.ca_file or None)
        self.client: IMAPClient | None = None
        self._selected: str | None = None

    # -- connection ----------------------------------------------------------------
    def __enter__(self) -> ImapSource:
        self.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def connect(self) -> None:
        cfg = self.cfg
        if cfg.security == "plain" and not is_loopback(cfg.host):
            raise MailboxError("plain IMAP is allowed only to a loopback host")
        try:
            client = IMAPClient(cfg.host, port=cfg.port, ssl=cfg.security == "tls",
                                ssl_context=self.ssl_context, timeout=cfg.timeout)
            if cfg.security == "starttls":
                client.starttls(self.ssl_context)
            secret = cfg.secret()
            if cfg.auth == "xoauth2":
                client.oauth2_login(cfg.username, secret)
            else:
                client.login(cfg.username, secret)
        except (TimeoutError, IMAPClientError, OSError) as exc:
            raise MailboxError(f"IMAP {cfg.host}:{cfg.port}: {exc}") from exc
        self.client = client

    def close(self) -> None:
        if self.client is None:
            return
        try:
            self.client.logout()
        except Exception:  # the connection may already be gone; nothing to save
            try:
                self.client.shutdown()
            except Exception:
                pass
        self.client = None
        self._selected = None

    @property
    def _client(self) -> IMAPClient:
        if self.client is None:
            raise MailboxError("IMAP: not connected (use the source as a context manager)")
        return self.client

    def _call(self, what: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (TimeoutError, IMAPClientError, OSError) as exc:
            raise MailboxError(f"IMAP {what}: {exc}") from exc

    # -- folders -------------------------------------------------------------------
    def ensure_folder(self, folder: str) -> None:
        if not self._call("folder_exists", self._client.folder_exists, folder):
            self._call("create_folder", self._client.create_folder, folder)

    def select(self, folder: str) -> FolderStatus:
        info = self._call("select", self._client.select_folder, folder)
        self._selected = folder
        return FolderStatus(uidvalidity=int(info[b"UIDVALIDITY"]),
                            uidnext=int(info[b"UIDNEXT"]) if b"UIDNEXT" in info else None,
                            exists=int(info.get(b"EXISTS", 0)))

    # -- reading -------------------------------------------------------------------
    def uids_after(self, last_uid: int) -> list[int]:
        # "UID n:*" always matches the highest message even below n: filter it out
        found = self._call("search", self._client.search, ["UID", f"{last_uid + 1}:*"])
        return sorted(u for u in found if u > last_uid)

    def all_uids(self, folder: str = "") -> list[int]:
        """Every UID of `folder` (selected first), or of the folder already selected."""
        if folder and folder != self._selected:
            self.select(folder)
        return sorted(self._call("search", self._client.search, ["ALL"]))

    def fetch(self, folder: str, uidvalidity: int, uids: list[int]) -> Iterator[FetchedMail]:
        """Bodies by BODY.PEEK[] in batches of batch_size; \\Seen stays as it was."""
        size = max(1, self.cfg.batch_size)
        for i in range(0, len(uids), size):
            batch = uids[i:i + size]
            data = self._call("fetch", self._client.fetch, batch, ["BODY.PEEK[]", "INTERNALDATE"])
            for uid in batch:
                item = data.get(uid)
                if not item or b"BODY[]" not in item:
                    continue  # expunged meanwhile: nothing to take
                internal = item.get(b"INTERNALDATE")
                if isinstance(internal, datetime) and internal.tzinfo is None:
                    internal = internal.astimezone(UTC)
                yield FetchedMail(folder, uidvalidity, str(uid), bytes(item[b"BODY[]"]), internal)

    # -- changing the mailbox (always last, after the local commit) -----------------
    def move(self, folder: str, uids: list[str], target: str) -> None:
        if not uids:
            return
        if self._selected != folder:
            self.select(folder)
        ids = [int(u) for u in uids]
        caps = self._call("capabilities", self._client.capabilities)
        if b"MOVE" in caps:
            self._call("move", self._client.move, ids, target)
            return
        self._call("copy", self._client.copy, ids, target)
        self._call("store", self._client.add_flags, ids, [b"\\Deleted"])
        if b"UIDPLUS" in caps:
            self._call("uid expunge", self._client.uid_expunge, ids)
        else:
            self._call("expunge", self._client.expunge)

    # -- waiting for mail ------------------------------------------------------------
    def supports_idle(self) -> bool:
        return self.client is not None and self.client.has_capability("IDLE")

    def wait_for_mail(self, seconds: float) -> bool:
        """IDLE on the selected folder; True when the server announced new mail."""
        self._call("idle", self._client.idle)
        try:
            responses = self._call("idle_check", self._client.idle_check, timeout=seconds)
        finally:
            self._call("idle_done", self._client.idle_done)
        return any(len(r) > 1 and r[1] in (b"EXISTS", b"RECENT") for r in responses)

