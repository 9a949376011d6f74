"""web workbench: sign-in throttle, the mail list's keyset index, search inside words

sign_in_throttle counts failed sign-ins per login and per address (intake/web/auth.py).
ix_messages_fetched (fetched_at, id) lets the mail list page newest first by keyset,
ix_messages_disposition_fetched the same within one disposition.
The search inside words (registry/search.py) is the database's own trigram index: an
FTS5 table with the trigram tokenizer on SQLite, pg_trgm's GIN index on PostgreSQL.

Revision ID: 0011_web
Revises: 0010_records
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

import registry.models
from registry.models import SECRET_LEVELS
from registry.search import normalise

# SQLite: an FTS5 index over register_texts (external content), kept by triggers
SQLITE_TRIGRAMS = [
    "CREATE VIRTUAL TABLE register_trigrams USING fts5(body, content='register_texts', "
    "content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER register_texts_ai AFTER INSERT ON register_texts BEGIN "
    "INSERT INTO register_trigrams(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER register_texts_ad AFTER DELETE ON register_texts BEGIN "
    "INSERT INTO register_trigrams(register_trigrams, rowid, body) "
    "VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER register_texts_au AFTER UPDATE ON register_texts BEGIN "
    "INSERT INTO register_trigrams(register_trigrams, rowid, body) "
    "VALUES ('delete', old.id, old.body); "
    "INSERT INTO register_trigrams(rowid, body) VALUES (new.id, new.body); END",
]
# PostgreSQL: pg_trgm (postgresql-contrib, part of Debian's server package)
POSTGRES_TRIGRAMS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_register_texts_trgm ON register_texts USING gin (body gin_trgm_ops)",
]


def _fill(conn) -> None:
    """Every existing entry's text, normalised as registry.search.index_entry does."""
    texts = sa.table("register_texts", sa.column("id"), sa.column("body"))
    for bit, name in ((0, "receive_register"), (1, "send_register")):
        cols = [sa.column("id"), sa.column("subject"), sa.column("sender")]
        if bit == 0:
            cols.append(sa.column("secrecy"))
        entries = sa.table(name, *cols)
        query = sa.select(entries.c.id, entries.c.subject, entries.c.sender)
        if bit == 0:  # a secret letter's text never reaches the index every clerk searches
            query = query.where(entries.c.secrecy.not_in(SECRET_LEVELS))
        batch = [{"id": r.id * 2 + bit, "body": normalise(f"{r.subject or ''} {r.sender or ''}")}
                 for r in conn.execute(query)]
        if batch:
            conn.execute(sa.insert(texts), batch)

revision = '0011_web'
down_revision = '0010_records'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'sign_in_throttle',
        sa.Column('key', sa.String(length=400), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('last_failure_at', registry.models.UTCDateTime(), nullable=False),
        sa.Column('locked_until', registry.models.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('key'),
    )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index('ix_messages_fetched', ['fetched_at', 'id'], unique=False)
        batch_op.create_index('ix_messages_disposition_fetched',
                              ['disposition', 'fetched_at', 'id'], unique=False)
    op.create_table(
        'register_texts',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    conn = op.get_bind()
    for statement in (SQLITE_TRIGRAMS if conn.dialect.name == "sqlite" else POSTGRES_TRIGRAMS):
        conn.exec_driver_sql(statement)
    _fill(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for name in ("register_texts_ai", "register_texts_ad", "register_texts_au"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        conn.exec_driver_sql("DROP TABLE IF EXISTS register_trigrams")
    op.drop_table('register_texts')
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index('ix_messages_disposition_fetched')
        batch_op.drop_index('ix_messages_fetched')
    op.drop_table('sign_in_throttle')
