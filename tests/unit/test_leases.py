"""One poller per mailbox at a time; a crashed poller's lease runs out."""
from datetime import timedelta

from registry import leases
from registry.db import make_engine, migrate, session_factory
from registry.models import utcnow


def _factory(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/l.db")
    migrate(engine)
    return session_factory(engine)


def test_only_one_holder_at_a_time(tmp_path):
    f = _factory(tmp_path)
    assert leases.acquire(f, "poll:saraban", "worker-a", 60)
    assert not leases.acquire(f, "poll:saraban", "worker-b", 60)
    assert leases.acquire(f, "poll:other", "worker-b", 60)  # other mailboxes are free
    assert leases.acquire(f, "poll:saraban", "worker-a", 60)  # the holder may renew
    leases.release(f, "poll:saraban", "worker-a")
    assert leases.acquire(f, "poll:saraban", "worker-b", 60)


def test_an_expired_lease_is_taken_over(tmp_path):
    f = _factory(tmp_path)
    now = utcnow()
    assert leases.acquire(f, "poll:saraban", "crashed", 60, now=now)
    assert not leases.acquire(f, "poll:saraban", "new", 60, now=now + timedelta(seconds=30))
    assert leases.acquire(f, "poll:saraban", "new", 60, now=now + timedelta(seconds=61))
    assert not leases.renew(f, "poll:saraban", "crashed", 60)  # the old holder lost it
