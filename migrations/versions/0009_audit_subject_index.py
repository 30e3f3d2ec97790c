"""Audit events are looked up by subject: what was read of or done to a person

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 21:45:00

"""
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_audit_events_subject', 'audit_events', ['subject'])


def downgrade():
    op.drop_index('ix_audit_events_subject', table_name='audit_events')
