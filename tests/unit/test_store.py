import hashlib
import os

import pytest

from intake.store import RawStore


def test_put_is_content_addressed_and_idempotent(tmp_path):
    store = RawStore(tmp_path)
    raw = b"Subject: x\r\n\r\nbody\r\n"
    sha, rel = store.put(raw)
    assert sha == hashlib.sha256(raw).hexdigest()
    assert (tmp_path / rel).read_bytes() == raw
    assert store.put(raw) == (sha, rel)
    assert store.get(sha) == raw
    # no temporary files left behind
    assert not [p for p in tmp_path.rglob(".tmp-*")]


def test_a_damaged_file_is_detected(tmp_path):
    store = RawStore(tmp_path)
    sha, rel = store.put(b"hello")
    (tmp_path / rel).write_bytes(b"hellO")
    with pytest.raises(IOError, match="does not match"):
        store.get(sha)


def test_a_failed_write_leaves_nothing_under_the_final_name(tmp_path, monkeypatch):
    store = RawStore(tmp_path)

    def boom(*a):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        store.put(b"payload")
    assert not list(tmp_path.rglob("*.eml"))
    assert not list(tmp_path.rglob(".tmp-*"))


def test_paths_only_from_hex_digests(tmp_path):
    with pytest.raises(ValueError):
        RawStore(tmp_path).path("../../etc/passwd".ljust(64, "a"))
