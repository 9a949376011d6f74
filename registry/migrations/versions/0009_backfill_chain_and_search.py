"""register rows written before 0004/0005: sealed into the hash chain and indexed for search

A database that held register rows before migration 0005 (the hash chain) got NULL
prev_hash/row_hash on them, so `intake register verify` called every old row altered;
before 0004 (the search words) its rows had no words, so the Thai search never found them.
This seals each year's unsealed rows in number order (their hashes then vouch for the rows
as they stood at the upgrade) and indexes every entry that has no words. Plain Core on
the columns of this revision, so later model changes cannot break it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

from registry.chain import GENESIS, SEALED, _digest
from registry.models import UTCDateTime
from registry.search import words

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

REGISTERS = {"receive": "receive_register", "send": "send_register"}


def _table(name: str) -> sa.Table:
    cols = [sa.column(c, UTCDateTime()) if c == "registered_at" else sa.column(c)
            for c in ("id", *SEALED, "prev_hash", "row_hash")]
    return sa.table(name, *cols)


def _seal(conn, register: str, table: sa.Table) -> None:
    years = conn.execute(sa.select(table.c.year).where(table.c.row_hash.is_(None))
                         .distinct()).scalars().all()
    for year in years:
        prev = GENESIS
        for row in conn.execute(sa.select(table).where(table.c.year == year)
                                .order_by(table.c.number)).mappings():
            if row["row_hash"] is not None:
                prev = row["row_hash"]
                continue
            payload = {k: row[k] for k in SEALED}
            at = row["registered_at"]
            payload["registered_at"] = at.isoformat() if at else None
            payload["register"] = register
            row_hash = _digest(prev, payload)
            conn.execute(sa.update(table).where(table.c.id == row["id"])
                         .values(prev_hash=prev, row_hash=row_hash))
            prev = row_hash


def _index(conn, register: str, table_name: str) -> None:
    entries = sa.table(table_name, sa.column("id"), sa.column("subject"), sa.column("sender"))
    reg_words = sa.table("register_words", sa.column("register"), sa.column("entry_id"),
                         sa.column("word"))
    indexed = sa.select(reg_words.c.entry_id).where(reg_words.c.register == register)
    rows = conn.execute(sa.select(entries).where(entries.c.id.not_in(indexed))).all()
    batch = [{"register": register, "entry_id": r.id, "word": w}
             for r in rows for w in words(f"{r.subject or ''} {r.sender or ''}")]
    if batch:
        conn.execute(sa.insert(reg_words), batch)


def upgrade() -> None:
    conn = op.get_bind()
    for register, table_name in REGISTERS.items():
        _seal(conn, register, _table(table_name))
        _index(conn, register, table_name)


def downgrade() -> None:
    pass  # the hashes and words stay valid for the older schema
