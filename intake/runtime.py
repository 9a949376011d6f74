"""What every stage works with, in one typed object: the Runtime.

The config, the database (engine and session factory), the raw store, the unit profile,
the clock and who this process is. The poller (intake/pipeline.py), the acting handlers
(intake/act/), the outbox, the cases, the archive job, the web pages and the commands all
take a Runtime instead of the Processor: they need its parts, never its polling.
"""
from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from intake.config import Config
from intake.store import RawStore
from registry.db import make_engine, migrate, session_factory
from registry.models import utcnow
from rules.profile import Profile


def _holder() -> str:
    """Who holds a lease: host, process and a random tail (two pollers in one process)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class Runtime:
    config: Config
    engine: Engine
    factory: sessionmaker[Session]
    store: RawStore
    clock: Callable[[], datetime] = utcnow
    holder: str = field(default_factory=_holder)
    # False for a backlog import: old mail is registered but never answered
    send_replies: bool = True

    @classmethod
    def open(cls, config: Config, *, engine: Engine | None = None,
             clock: Callable[[], datetime] | None = None, holder: str | None = None) -> Runtime:
        """Connect to the unit's database (migrated to the current schema) and store."""
        engine = engine or make_engine(config.database_url)
        migrate(engine)
        return cls(config=config, engine=engine, factory=session_factory(engine),
                   store=RawStore(config.path("store.path")), clock=clock or utcnow,
                   holder=holder or _holder())

    @property
    def profile(self) -> Profile:
        """The unit's profile (loaded once by the config, on first use)."""
        profile: Profile = self.config.profile
        return profile

    @property
    def real_clock(self) -> bool:
        """A test's clock is not carried to worker processes (they read the real one)."""
        return self.clock is utcnow
