"""register search words; web sign-in sessions

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

import registry.models

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the segmented words of register subjects and senders (registry/search.py)
    op.create_table(
        'register_words',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('register', sa.String(length=8), nullable=False),
        sa.Column('entry_id', sa.Integer(), nullable=False),
        sa.Column('word', sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_register_words_word', 'register_words', ['word'])
    op.create_index('ix_register_words_entry', 'register_words', ['register', 'entry_id'])
    # server-side sessions of the web pages (intake/web/auth.py): only a hash of the
    # cookie's token is kept, so a leaked table does not sign anybody in
    op.create_table(
        'web_sessions',
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('login', sa.String(length=100), nullable=False),
        sa.Column('csrf', sa.String(length=64), nullable=False),
        sa.Column('created_at', registry.models.UTCDateTime(), nullable=False),
        sa.Column('last_seen_at', registry.models.UTCDateTime(), nullable=False),
        sa.Column('expires_at', registry.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['login'], ['users.login']),
        sa.PrimaryKeyConstraint('token_hash'),
    )
    op.create_index('ix_web_sessions_login', 'web_sessions', ['login'])


def downgrade() -> None:
    op.drop_index('ix_web_sessions_login', table_name='web_sessions')
    op.drop_table('web_sessions')
    op.drop_index('ix_register_words_entry', table_name='register_words')
    op.drop_index('ix_register_words_word', table_name='register_words')
    op.drop_table('register_words')
