"""archive of registered messages

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 11:09:59.211041
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archive_state', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('archive_sha256', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('archive_problems', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('archive_attempts', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.create_index(batch_op.f('ix_messages_archive_state'), ['archive_state'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_messages_archive_state'))
        batch_op.drop_column('archive_attempts')
        batch_op.drop_column('archive_problems')
        batch_op.drop_column('archive_sha256')
        batch_op.drop_column('archive_state')

