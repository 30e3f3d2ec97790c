"""Volunteers apply in the app: when they applied and consented, staff's last word on the
application, and certificates a volunteer declares that staff have not yet seen; a
temporary password staff issue works until a time, and only to choose a new one

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 05:30:00

"""
from alembic import op
import sqlalchemy as sa

from models.types import UTCDateTime


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('password_temporary_until', UTCDateTime(), nullable=True))
    with op.batch_alter_table('volunteer_profiles') as batch_op:
        batch_op.add_column(sa.Column('applied_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('consented_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('review_note', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', UTCDateTime(), nullable=True))
    with op.batch_alter_table('certifications') as batch_op:
        batch_op.add_column(sa.Column('checked', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('certifications') as batch_op:
        batch_op.drop_column('checked')
    with op.batch_alter_table('volunteer_profiles') as batch_op:
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('review_note')
        batch_op.drop_column('consented_at')
        batch_op.drop_column('applied_at')
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('password_temporary_until')
