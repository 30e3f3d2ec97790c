"""A need's description is written for volunteers: the resident's own words copied into it
from a request are taken out (they stay on the request, for those who may see the address)

Revision ID: 0008
Revises: 0007_input
Create Date: 2026-12-06 21:00:00

"""
from alembic import op


revision = '0008'
down_revision = '0007_input'
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "UPDATE needs SET description = '' WHERE request_id IS NOT NULL AND description = "
        "(SELECT help_requests.description FROM help_requests WHERE help_requests.id = needs.request_id)"
    )


def downgrade():
    pass  # the words are still on the requests; nothing to put back
