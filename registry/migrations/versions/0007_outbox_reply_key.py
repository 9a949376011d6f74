"""outbox.reply_key: the reply cap counted with an index

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reply_key', sa.String(length=320), nullable=True))
        batch_op.create_index('ix_outbox_reply_key_created', ['reply_key', 'created_at'],
                              unique=False)
    # rows written before: their single recipient, for the kinds that answer a sender
    op.execute("UPDATE outbox SET reply_key = lower(json_extract(recipients, '$[0]')) "
               "WHERE kind NOT IN ('forward', 'disposal_reminder')"
               if op.get_bind().dialect.name == "sqlite" else
               "UPDATE outbox SET reply_key = lower(recipients::json->>0) "
               "WHERE kind NOT IN ('forward', 'disposal_reminder')")


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_reply_key_created')
        batch_op.drop_column('reply_key')
