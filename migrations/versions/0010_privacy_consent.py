"""People accept the personal-information notice: its version and when

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 22:00:00

"""
from alembic import op
import sqlalchemy as sa

from models.types import UTCDateTime


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('privacy_version', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('privacy_accepted_at', UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('privacy_accepted_at')
        batch_op.drop_column('privacy_version')
