"""register hash chain and notes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

import registry.models

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'register_notes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('register', sa.String(length=16), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('entry_id', sa.Integer(), nullable=False),
        sa.Column('at', registry.models.UTCDateTime(), nullable=False),
        sa.Column('actor', sa.String(length=100), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('detail', sa.JSON(), nullable=True),
        sa.Column('prev_hash', sa.String(length=64), nullable=True),
        sa.Column('row_hash', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('register', 'seq', name='uq_register_note_seq'),
    )
    with op.batch_alter_table('register_notes', schema=None) as batch_op:
        batch_op.create_index('ix_register_notes_entry', ['register', 'entry_id'], unique=False)
    for table in ('receive_register', 'send_register'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
            batch_op.add_column(sa.Column('row_hash', sa.String(length=64), nullable=True))


def downgrade() -> None:
    for table in ('send_register', 'receive_register'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('row_hash')
            batch_op.drop_column('prev_hash')
    with op.batch_alter_table('register_notes', schema=None) as batch_op:
        batch_op.drop_index('ix_register_notes_entry')
    op.drop_table('register_notes')
