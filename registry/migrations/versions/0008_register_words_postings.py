"""register_words: one index (register, word, entry_id) for the postings

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('register_words', schema=None) as batch_op:
        batch_op.drop_index('ix_register_words_word')
        batch_op.create_index('ix_register_words_posting', ['register', 'word', 'entry_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('register_words', schema=None) as batch_op:
        batch_op.drop_index('ix_register_words_posting')
        batch_op.create_index('ix_register_words_word', ['word'], unique=False)
