"""Idempotency records keep a hash of the first request, so a key reused for another is refused

Revision ID: 0007_input
Revises: 0006
Create Date: 2026-12-05 13:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007_input'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('idempotency_records') as batch_op:
        batch_op.add_column(sa.Column('request_hash', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('idempotency_records') as batch_op:
        batch_op.drop_column('request_hash')
