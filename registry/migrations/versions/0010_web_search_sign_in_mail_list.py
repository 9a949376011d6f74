"""web workbench: sign-in throttle, the mail list's keyset index, search inside words

sign_in_throttle counts failed sign-ins per login and per address (intake/web/auth.py).
ix_messages_fetched (fetched_at, id) lets the mail list page newest first by keyset.
The search inside words (registry/search.py) is the database's own trigram index: an
FTS5 table with the trigram tokenizer on SQLite, pg_trgm's GIN index on PostgreSQL.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

import registry.models

revision = '0010'
down_revision = '0009'
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


def downgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index('ix_messages_fetched')
    op.drop_table('sign_in_throttle')
