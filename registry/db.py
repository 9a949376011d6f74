"""Engines and transactions for SQLite (the default) and PostgreSQL.

SQLite runs in WAL mode with synchronous=FULL (a committed row survives a power cut)
and every transaction starts with BEGIN IMMEDIATE: the write lock is taken up front, so
two processes registering at once queue instead of failing half-way, and the running
number stays gap-free. PostgreSQL gets the same guarantee from row locks.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

_ALEMBIC_DIR = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str, *, echo: bool = False, read_only: bool = False) -> Engine:
    """read_only (SQLite): plain BEGIN and PRAGMA query_only, for a process that only reads
    (a decision worker): its reads never hold the write lock the committing process needs,
    and a write by mistake fails at once instead of racing it."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            # let SQLAlchemy, not pysqlite, decide when transactions begin
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=60000")
            if read_only:
                cur.execute("PRAGMA query_only=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin_immediate(conn):
            conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]):
    """One unit of work: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session


def alembic_config(url: str):
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(_ALEMBIC_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (creates it from empty)."""
    from alembic import command

    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            # several workers starting at once must not run the migrations side by side
            # (SQLite is already serialised by BEGIN IMMEDIATE)
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7243310001)")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
