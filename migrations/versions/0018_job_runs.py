"""The scheduler's job runs: a lease per job where there are no advisory locks, and how
the last runs went

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 10:00:35.634570

"""
from alembic import op
import sqlalchemy as sa
import models.types


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job_runs',
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('holder', sa.String(length=80), nullable=True),
    sa.Column('lease_until', models.types.UTCDateTime(), nullable=True),
    sa.Column('last_started_at', models.types.UTCDateTime(), nullable=True),
    sa.Column('last_success_at', models.types.UTCDateTime(), nullable=True),
    sa.Column('last_duration_ms', sa.Integer(), nullable=True),
    sa.Column('last_done', sa.Integer(), nullable=True),
    sa.Column('failures', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_error', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_job_runs'))
    )


def downgrade():
    op.drop_table('job_runs')
