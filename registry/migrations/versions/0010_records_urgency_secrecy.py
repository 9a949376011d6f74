"""receive_register.urgency and .secrecy: ชั้นความเร็ว and ชั้นความลับ of the letter

Revision ID: 0010_records
Revises: 0009
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = '0010_records'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('receive_register', schema=None) as batch_op:
        batch_op.add_column(sa.Column('urgency', sa.String(length=20), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('secrecy', sa.String(length=20), nullable=False,
                                      server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('receive_register', schema=None) as batch_op:
        batch_op.drop_column('secrecy')
        batch_op.drop_column('urgency')
