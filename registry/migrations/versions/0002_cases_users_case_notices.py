"""cases, users, case notices

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 11:02:30.278689
"""
import sqlalchemy as sa
from alembic import op

import registry.models

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('users',
    sa.Column('login', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('password_hash', sa.String(length=400), nullable=True),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', registry.models.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('login')
    )
    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=40), nullable=False),
    sa.Column('receive_entry_id', sa.Integer(), nullable=False),
    sa.Column('message_pk', sa.Integer(), nullable=False),
    sa.Column('service', sa.String(length=20), nullable=True),
    sa.Column('section', sa.String(length=100), nullable=True),
    sa.Column('applicant_addr', sa.String(length=320), nullable=False),
    sa.Column('applicant_name', sa.String(length=300), nullable=False),
    sa.Column('language', sa.String(length=4), nullable=False),
    sa.Column('state', sa.String(length=32), nullable=False),
    sa.Column('high_risk', sa.Boolean(), nullable=False),
    sa.Column('opened_at', registry.models.UTCDateTime(), nullable=False),
    sa.Column('deemed_received_at', registry.models.UTCDateTime(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('completeness', sa.JSON(), nullable=True),
    sa.Column('missing', sa.JSON(), nullable=True),
    sa.Column('completeness_by', sa.String(length=100), nullable=True),
    sa.Column('completeness_at', registry.models.UTCDateTime(), nullable=True),
    sa.Column('documents_deadline', sa.Date(), nullable=True),
    sa.Column('documents_requested_at', registry.models.UTCDateTime(), nullable=True),
    sa.Column('identity_method', sa.String(length=40), nullable=True),
    sa.Column('identity_evidence', sa.Text(), nullable=True),
    sa.Column('identity_by', sa.String(length=100), nullable=True),
    sa.Column('identity_at', registry.models.UTCDateTime(), nullable=True),
    sa.Column('last_contact_at', registry.models.UTCDateTime(), nullable=True),
    sa.Column('unreachable_since', registry.models.UTCDateTime(), nullable=True),
    sa.Column('unreachable_reason', sa.Text(), nullable=True),
    sa.Column('proposed_at', registry.models.UTCDateTime(), nullable=True),
    sa.Column('last_reminder_at', registry.models.UTCDateTime(), nullable=True),
    sa.Column('last_late_notice_at', registry.models.UTCDateTime(), nullable=True),
    sa.Column('result_sha256', sa.String(length=64), nullable=True),
    sa.Column('result_subject', sa.Text(), nullable=True),
    sa.Column('result_by', sa.String(length=100), nullable=True),
    sa.Column('decided_by', sa.String(length=100), nullable=True),
    sa.Column('decided_at', registry.models.UTCDateTime(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('closed_at', registry.models.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['message_pk'], ['messages.id'], ),
    sa.ForeignKeyConstraint(['receive_entry_id'], ['receive_register.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('receive_entry_id'),
    sa.UniqueConstraint('ref')
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_state'), ['state'], unique=False)

    op.create_table('case_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('at', registry.models.UTCDateTime(), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('from_state', sa.String(length=32), nullable=True),
    sa.Column('to_state', sa.String(length=32), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_events_case_id'), ['case_id'], unique=False)

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('case_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('dedupe_key', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('send_entry_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_case_id'), ['case_id'], unique=False)
        batch_op.create_unique_constraint('uq_outbox_dedupe_key', ['dedupe_key'])
        batch_op.create_foreign_key('fk_outbox_send_entry', 'send_register', ['send_entry_id'],
                                    ['id'])
        batch_op.create_foreign_key('fk_outbox_case', 'cases', ['case_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_constraint('fk_outbox_case', type_='foreignkey')
        batch_op.drop_constraint('fk_outbox_send_entry', type_='foreignkey')
        batch_op.drop_constraint('uq_outbox_dedupe_key', type_='unique')
        batch_op.drop_index(batch_op.f('ix_outbox_case_id'))
        batch_op.drop_column('send_entry_id')
        batch_op.drop_column('dedupe_key')
        batch_op.drop_column('case_id')

    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_events_case_id'))

    op.drop_table('case_events')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_state'))

    op.drop_table('cases')
    op.drop_table('users')
