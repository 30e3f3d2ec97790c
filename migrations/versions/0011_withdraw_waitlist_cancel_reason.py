"""Withdrawals and waitlists keep a reason and whether a withdrawal came late; a cancelled
need keeps why, and a need when its time or place last moved

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 02:10:00

"""
from alembic import op
import sqlalchemy as sa

from models.types import UTCDateTime


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assignments') as batch_op:
        batch_op.add_column(sa.Column('reason', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_late', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('needs') as batch_op:
        batch_op.add_column(sa.Column('cancel_reason', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('changed_at', UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('needs') as batch_op:
        batch_op.drop_column('changed_at')
        batch_op.drop_column('cancel_reason')
    with op.batch_alter_table('assignments') as batch_op:
        batch_op.drop_column('withdrawn_late')
        batch_op.drop_column('reason')
