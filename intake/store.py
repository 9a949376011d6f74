"""The raw message store: every fetched message's exact bytes, kept before anything else.

Content-addressed by sha256 (ab/cd/<sha256>.eml). A write goes to a temporary file in
the same directory, is fsync'ed, renamed into place and the directory fsync'ed, so after
`put` returns the bytes survive a crash or a power cut; a half-written file is never
visible under its final name. Writing the same message twice is a no-op.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class RawStore:
    @staticmethod
    def digest(raw: bytes) -> str:
        return hashlib.sha256(raw).hexdigest()

    def __init__(self, root: str | Path, suffix: str = ".eml"):
        self.root = Path(root)
        self.suffix = suffix  # ".eml" for mail; ".pdf" for a store of documents

    def relpath(self, sha256: str) -> str:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError("not a sha256 hex digest")
        return f"{sha256[:2]}/{sha256[2:4]}/{sha256}{self.suffix}"

    def path(self, sha256: str) -> Path:
        return self.root / self.relpath(sha256)

    def put(self, raw: bytes) -> tuple[str, str]:
        """Store raw bytes durably; return (sha256, path relative to the root)."""
        sha = self.digest(raw)
        rel = self.relpath(sha)
        final = self.root / rel
        if final.exists() and final.stat().st_size == len(raw):
            return sha, rel
        write_durably(final, raw)
        return sha, rel

    def get(self, sha256: str) -> bytes:
        data = self.path(sha256).read_bytes()
        if self.digest(data) != sha256:
            raise OSError(f"stored message {sha256} does not match its hash (store damaged)")
        return data


def write_durably(final: Path, data: bytes) -> None:
    """Temporary file in the same directory, fsync, rename into place, fsync the
    directory: after this returns the bytes survive a crash or a power cut, and a
    half-written file is never visible under its final name."""
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=final.parent, prefix=".tmp-", suffix=final.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    dir_fd = os.open(final.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
